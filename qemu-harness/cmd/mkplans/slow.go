package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// Slow jobs and pauses (issue 10). Every slow-job recording is made twice
// (suffixes -a and -b) so that the daemon's spread can be measured. Under
// QEMU's -icount two runs of the same plan are identical to the
// microsecond (measured: bookworm-dublin-2021-spring-slow-9, first made
// with identical plans), so the -b run powers the guest on repeatShift
// earlier: every later event then falls at another point of its second,
// as between two real machines, and the races between job ends and the
// daemon's forks are drawn again.

// slowCase is one scenario: a zone, a window, optional clock sets or
// pauses, and crontab lines.
type slowCase struct {
	slug   string
	tz     string
	rtc    string
	end    string
	window string
	clock  []plan.ClockSet
	pauses []plan.Pause
	lines  []string
}

// gapLines are the lines used around a forward gap or a clock set whose
// skipped local hour is h (fixed-time lines in it, wildcard lines, and a
// line just after it).
func gapLines(h int) []string {
	n := (h + 1) % 24
	return []string{
		fmt.Sprintf("0-59 %d * * *", h),
		fmt.Sprintf("30 %d * * *", h),
		fmt.Sprintf("15,45 %d * * *", h),
		"* * * * *",
		"*/5 * * * *",
		fmt.Sprintf("0 %d * * *", n),
		fmt.Sprintf("*/7 %d * * *", n),
		fmt.Sprintf("0-59/3 %d * * *", n),
	}
}

// mixDur gives the per-line durations of a "mix" recording: quick, a few
// seconds, just under and over the daemon's 10 s sleep, over a minute,
// over ten minutes.
const repeatShift = 7 * time.Second

var mixDur = []float64{15, 0, 75, 3, 11, 700, 9, 0}

// twins returns r twice, named -a and -b, the -b one powered on
// repeatShift earlier.
func twins(r plan.Recording) []plan.Recording {
	return []plan.Recording{repeat(r, "a", 0), repeat(r, "b", repeatShift)}
}

// repeat is r again, named with the suffix and powered on shift earlier.
func repeat(r plan.Recording, suffix string, shift time.Duration) plan.Recording {
	r.Name += "-" + suffix
	r.RTC = r.RTC.Add(-shift)
	return r
}

// mixDurations repeats mixDur over n lines.
func mixDurations(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = mixDur[i%len(mixDur)]
	}
	return out
}

// perLineWindow says in a recording's window which job durations its
// lines have.
func perLineWindow(window string, durs []float64) string {
	return window + "; per-line job durations " + strings.Trim(fmt.Sprint(durs), "[]") + " s"
}

func setAt(at string, d time.Duration) plan.ClockSet {
	a := ts(at)
	return plan.ClockSet{At: a, To: a.Add(d + 2*time.Second)}
}

var slowCases = []slowCase{
	{slug: "dublin-2021-spring", tz: "Europe/Dublin", rtc: "2021-03-28T00:40:00Z", end: "2021-03-28T02:10:00Z",
		window: "Europe/Dublin 2021-03-28T01:00Z (01:00 -> 02:00 local, +60 min)", lines: gapLines(1)},
	{slug: "dublin-2021-fall", tz: "Europe/Dublin", rtc: "2021-10-30T23:40:00Z", end: "2021-10-31T01:50:00Z",
		window: "Europe/Dublin 2021-10-31T01:00Z (02:00 -> 01:00 local, -60 min)", lines: gapLines(1)},
	{slug: "lordhowe-2021-spring", tz: "Australia/Lord_Howe", rtc: "2021-10-02T15:10:00Z", end: "2021-10-02T16:30:00Z",
		window: "Australia/Lord_Howe 2021-10-02T15:30Z (02:00 -> 02:30 local, +30 min)", lines: gapLines(2)},
	{slug: "troll-2021-spring", tz: "Antarctica/Troll", rtc: "2021-03-28T00:40:00Z", end: "2021-03-28T02:40:00Z",
		window: "Antarctica/Troll 2021-03-28T01:00Z (01:00 -> 03:00 local, +120 min)",
		lines:  append(gapLines(1), "0-59 2 * * *", "20 2 * * *")},
	{slug: "utc-plus-3m", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T10:50:00Z",
		window: "clock set +3 min at 10:17:03Z (a late wake-up of 4 minutes)",
		clock:  []plan.ClockSet{setAt("2021-06-15T10:17:03Z", 3*time.Minute)}, lines: gapLines(10)},
	{slug: "utc-plus-5m", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T10:50:00Z",
		window: "clock set +5 min at 10:17:03Z (acts as a 6-minute forward jump)",
		clock:  []plan.ClockSet{setAt("2021-06-15T10:17:03Z", 5*time.Minute)}, lines: gapLines(10)},
	{slug: "utc-plus-30m", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T11:30:00Z",
		window: "clock set +30 min at 10:17:03Z",
		clock:  []plan.ClockSet{setAt("2021-06-15T10:17:03Z", 30*time.Minute)}, lines: gapLines(10)},
	{slug: "utc-plus-2h", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T13:00:00Z",
		window: "clock set +2 h at 10:17:03Z",
		clock:  []plan.ClockSet{setAt("2021-06-15T10:17:03Z", 2*time.Hour)}, lines: append(gapLines(10), "0-59 11 * * *", "10 11 * * *")},
	{slug: "utc-minus-1h", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T10:50:00Z",
		window: "clock set -1 h at 10:17:03Z (acts as DST ending)",
		clock:  []plan.ClockSet{setAt("2021-06-15T10:17:03Z", -time.Hour)}, lines: gapLines(9)},
}

// slowRuns lists which durations each case is recorded with, per guest.
// "mix" means per-line durations (mixDur).
var slowRuns = []struct {
	guest, slug string
	durs        []string
}{
	{"bookworm", "dublin-2021-spring", []string{"3", "9", "11", "75", "mix"}},
	{"bookworm", "dublin-2021-fall", []string{"mix"}},
	{"bookworm", "lordhowe-2021-spring", []string{"mix"}},
	{"bookworm", "troll-2021-spring", []string{"mix"}},
	{"bookworm", "utc-plus-3m", []string{"mix"}},
	{"bookworm", "utc-plus-30m", []string{"mix"}},
	{"bookworm", "utc-plus-2h", []string{"mix"}},
	{"bookworm", "utc-minus-1h", []string{"mix"}},
	{"trixie", "dublin-2021-spring", []string{"mix"}},
}

// pauseCases: the cron process stopped (SIGSTOP) and continued (SIGCONT)
// at planned guest times; quick jobs, except the last (mix).
func pauseCases() []slowCase {
	utc := []plan.Pause{
		{From: ts("2021-06-15T10:10:20Z"), To: ts("2021-06-15T10:13:40Z")}, // 3 min 20 s: a late wake-up
		{From: ts("2021-06-15T10:30:30Z"), To: ts("2021-06-15T10:52:10Z")}, // 22 min
		{From: ts("2021-06-15T11:20:05Z"), To: ts("2021-06-15T13:41:50Z")}, // 2 h 22 min
		{From: ts("2021-06-15T14:00:30Z"), To: ts("2021-06-15T18:03:15Z")}, // 4 h 3 min
	}
	dub := []plan.Pause{
		{From: ts("2021-03-28T00:20:30Z"), To: ts("2021-03-28T00:24:10Z")},
		{From: ts("2021-03-28T00:50:40Z"), To: ts("2021-03-28T01:20:20Z")}, // across the 01:00Z gap
	}
	lines := []string{"* * * * *", "*/5 * * * *", "0-59 1 * * *", "30 1 * * *", "0 * * * *", "15,45 * * * *", "0-59/4 11-13 * * *", "*/10 14-18 * * *", "20 2 * * *"}
	return []slowCase{
		{slug: "utc-pause", tz: "UTC", rtc: "2021-06-15T10:00:00Z", end: "2021-06-15T18:30:00Z",
			window: "UTC, four pauses: 3 min 20 s, 22 min, 2 h 22 min, 4 h 3 min", pauses: utc, lines: lines},
		{slug: "dublin-2021-spring-pause", tz: "Europe/Dublin", rtc: "2021-03-28T00:10:00Z", end: "2021-03-28T02:10:00Z",
			window: "Europe/Dublin 2021-03-28T01:00Z (+60 min), a 3 min 40 s pause and a 29 min 40 s pause across the gap",
			pauses: dub, lines: lines},
	}
}

func slowPlan() plan.Plan {
	var p plan.Plan
	p.Comment = "Slow jobs and pauses (issue 10): each slow-job recording twice (-a, -b; -b powers on 7 s earlier, as identical runs are identical under -icount) to measure the daemon's spread. " +
		"job_duration_s N: every job runs N s; mix: per-line durations. Pause recordings: SIGSTOP/SIGCONT of cron at planned guest times."
	byslug := map[string]slowCase{}
	for _, c := range slowCases {
		byslug[c.slug] = c
	}
	for _, run := range slowRuns {
		c := byslug[run.slug]
		for _, d := range run.durs {
			r := plan.Recording{
				Name:  fmt.Sprintf("%s-%s-slow-%s", run.guest, c.slug, d),
				Guest: run.guest, TZ: c.tz, RTC: ts(c.rtc), End: ts(c.end), Clock: c.clock, Lines: c.lines,
			}
			if d == "mix" {
				r.JobDurationS = 15
				r.LineDurationS = mixDurations(len(c.lines))
				r.Window = perLineWindow(c.window, r.LineDurationS)
			} else {
				fmt.Sscan(d, &r.JobDurationS)
				r.Window = c.window + "; every job runs " + d + " s"
			}
			p.Recordings = append(p.Recordings, twins(r)...)
		}
	}
	for _, g := range []string{"bookworm", "trixie"} {
		for _, c := range pauseCases() {
			if g == "trixie" && c.slug == "utc-pause" {
				continue
			}
			p.Recordings = append(p.Recordings, plan.Recording{
				Name:  fmt.Sprintf("%s-%s", g, c.slug),
				Guest: g, TZ: c.tz, RTC: ts(c.rtc), End: ts(c.end), Pauses: c.pauses, Lines: c.lines,
				Window: c.window + "; quick jobs",
			})
		}
	}
	// A pause with slow jobs, across the Dublin gap, twice.
	pc := pauseCases()[1]
	durs := mixDurations(len(pc.lines))
	p.Recordings = append(p.Recordings, twins(plan.Recording{
		Name:  "bookworm-dublin-2021-spring-pause-slow-mix",
		Guest: "bookworm", TZ: pc.tz, RTC: ts(pc.rtc), End: ts(pc.end), Pauses: pc.pauses, Lines: pc.lines,
		JobDurationS: 15, LineDurationS: durs, Window: perLineWindow(pc.window, durs),
	})...)
	// The widen plan's small crontabs again (they were first planned here).
	p.Recordings = append(p.Recordings, widenSmallRecordings()...)
	return p
}

// widenSmallRecordings are the widenSmall windows with 250 generated lines.
func widenSmallRecordings() []plan.Recording {
	var out []plan.Recording
	for i, d := range widenSmall {
		r := dstRecording("bookworm", d, uint64(3100+i), 250)
		r.Generator.Budget = int(300 * (d.before + d.after).Hours())
		r.Generator.PerLine = 20
		out = append(out, r)
	}
	return out
}

// Offset changes that tzdata has between 1970 and 2040 and that the first
// corpus lacked (found by scanning every zone's transitions): a 15-minute
// and a 45-minute base-offset change at local midnight, exactly 180
// minutes forward and back, a second whole day skipped across the date
// line. Many distinct lines per file widen the corpus's expressions.
var widenDsts = []dst{
	{"kathmandu", "Asia/Kathmandu", "offset", "1985-12-31T18:30:00Z", []int{22, 23, 0, 1}, []int{0, 1, 14, 15, 16, 29, 30, 44, 45, 59}, 2 * time.Hour, 3 * time.Hour, nil, "1986"},
	{"guyana", "America/Guyana", "offset", "1975-08-01T03:45:00Z", []int{22, 23, 0, 1}, []int{0, 1, 14, 15, 16, 44, 45, 46, 59}, 1 * time.Hour, 2 * time.Hour, nil, "1975"},
	{"casey", "Antarctica/Casey", "spring", "2009-10-17T18:00:00Z", []int{1, 2, 3, 4, 5, 6}, nil, 20 * time.Minute, 40 * time.Minute, nil, "2009"},
	{"casey", "Antarctica/Casey", "fall", "2010-03-04T15:00:00Z", []int{22, 23, 0, 1, 2, 3}, nil, 20 * time.Minute, 40 * time.Minute, nil, "2010"},
	{"kiritimati", "Pacific/Kiritimati", "dateline", "1994-12-31T10:00:00Z", []int{20, 21, 22, 23, 0, 1, 2, 3}, nil, 1 * time.Hour, 2 * time.Hour, []string{"1994-12-31"}, "1995"},
}

// Rarer kinds, with smaller crontabs: 40 min forward (Kiritimati 1979,
// -10:40 to -10:00), 90 min forward (Montevideo 1974), 7 hours back and
// forward (Vostok 1994: clock corrections for the daemon).
var widenSmall = []dst{
	{"kiritimati", "Pacific/Kiritimati", "offset", "1979-10-01T10:40:00Z", []int{22, 23, 0, 1}, []int{0, 1, 20, 39, 40, 41, 59}, 20 * time.Minute, 40 * time.Minute, nil, "1979"},
	{"montevideo", "America/Montevideo", "spring", "1974-01-13T03:00:00Z", []int{22, 23, 0, 1, 2}, []int{0, 1, 29, 30, 31, 59}, 20 * time.Minute, 40 * time.Minute, nil, "1974"},
	{"vostok", "Antarctica/Vostok", "fall", "1994-01-31T17:00:00Z", []int{22, 23, 0, 15, 16, 17}, nil, 20 * time.Minute, 40 * time.Minute, nil, "1994"},
	{"vostok", "Antarctica/Vostok", "spring", "1994-11-01T00:00:00Z", []int{22, 23, 0, 6, 7, 8}, nil, 20 * time.Minute, 40 * time.Minute, nil, "1994"},
}

// An offset with seconds (issue 20): Africa/Monrovia's -00:44:30 to +00
// at local midnight 1972, 44 min 30 s forward. Before it every local
// minute begins 30 s into a UTC minute. Only in the widen plan.
var monrovia = dst{"monrovia", "Africa/Monrovia", "offset", "1972-01-07T00:44:30Z", []int{22, 23, 0, 1}, []int{0, 1, 14, 15, 16, 29, 30, 31, 44, 45, 46, 59}, 1 * time.Hour, 2 * time.Hour, nil, "1972"}

func widenPlan() plan.Plan {
	var p plan.Plan
	p.Comment = "Generated expressions (dst-v1) across the kinds of offset change the first corpus lacked (15 and 45 min at local midnight, exactly +-180 min, a second date-line day), bookworm, 1000 lines each."
	for i, d := range widenDsts {
		r := dstRecording("bookworm", d, uint64(3000+i), 1000)
		r.Generator.Budget = int(1200 * (d.before + d.after).Hours())
		r.Generator.PerLine = 30
		p.Recordings = append(p.Recordings, r)
	}
	p.Recordings = append(p.Recordings, widenSmallRecordings()...)
	r := dstRecording("bookworm", monrovia, 3200, 300)
	r.Generator.Budget = int(300 * (monrovia.before + monrovia.after).Hours())
	r.Generator.PerLine = 20
	// dstRecording's text rounds the offsets to the minute.
	loc, _ := time.LoadLocation(monrovia.tz)
	tr := ts(monrovia.transition)
	r.Window = fmt.Sprintf("%s offset change at %s (local %s -> %s, +44 min 30 s); window transition-%s .. transition+%s",
		monrovia.tz, monrovia.transition, tr.Add(-time.Second).In(loc).Format("2006-01-02 15:04:05 -07:00:00"),
		tr.In(loc).Format("2006-01-02 15:04:05 -07:00:00"), monrovia.before, monrovia.after)
	p.Recordings = append(p.Recordings, r)
	return p
}
