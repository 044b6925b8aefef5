package main

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// Slow jobs on every daemon (issue 21): the cases the first slow-job
// corpus (slow.go, Debian only) lacked. Each recording twice, -a and -b
// (-b powers on repeatShift earlier), to measure the daemon's spread.
//
//   - Debian: a 60-minute spring gap whose fixed-time catch-up
//     (`0-59 1 * * *`) outlasts the first clock minutes, beside
//     every-minute lines in several spellings and stepped wildcard lines;
//     15 s and 40 s jobs; the same crontab across the fall repeat; and
//     the crontab of issue 21's double start (six every-minute lines
//     beside the catch-up, 15 s jobs), across Dublin's and New York's
//     gaps.
//   - BusyBox: jobs of 75-300 s on every-minute and stepped lines over
//     windows of 2-3 hours: New York's spring gap, Dublin's fall repeat
//     with a 12-minute pause, Chicago with a +10 min and a -10 min clock
//     set (crond re-reads its crontab every 60 wake-ups; issue 21).
//   - cronie: 75 s jobs, every-minute wildcard lines beside fixed-time
//     lines, forward clock sets of 5, 10, 25, 30 and 60 minutes.

// slowDaemonCase is one scenario with per-line durations.
type slowDaemonCase struct {
	name   string // corpus file name without the -a/-b suffix
	guest  string
	tz     string
	rtc    string
	end    string
	window string
	clock  []plan.ClockSet
	pauses []plan.Pause
	lines  []string
	durs   []float64 // per line; nil: every job runs dur
	dur    float64
}

// debianCatchupLines: `0-59 1` catches up over Dublin's gap while the
// every-minute lines (four spellings) and stepped wildcard lines run.
var debianCatchupLines = []string{
	"0-59 1 * * *",
	"* * * * *",
	"*/1 * * * *",
	"0-59 * * * *",
	"* 0-23 * * *",
	"*/2 * * * *",
	"0-59/3 * * * *",
	"30 1 * * *",
	"*/5 2 * * *",
}

// everyMinuteCatchupLines for a gap at local hour h: the double start of
// issue 21. Six spellings of the every-minute line, then the fixed-time
// line whose 60 runs the gap leaves to catch up; with 15 s jobs the
// catch-up outlasts two clock minutes. The issue reports two outside
// recordings of this crontab in which the daemon started each
// every-minute line once per real minute while a simulator started each
// twice in the minute the catch-up ended.
func everyMinuteCatchupLines(h int) []string {
	return []string{
		"* * * * *",
		"*/1 * * * *",
		"0-59 * * * *",
		"0-59/1 * * * *",
		"* 0-23 * * *",
		"*/1 */1 * * *",
		fmt.Sprintf("0-59 %d * * *", h),
	}
}

// busyboxSlowLines for a local hour h; busyboxSlowDurs are their job
// durations (75-300 s).
func busyboxSlowLines(h int) []string {
	return []string{
		"*/1 * * * *",
		"0-59/2 * * * *",
		fmt.Sprintf("0-59 %d * * *", h),
		"* * * * *",
		"*/5 * * * *",
		"*/3 * * * *",
	}
}

var busyboxSlowDurs = []float64{130, 130, 75, 300, 130, 200}

// cronieSlowLines: every-minute wildcard lines (three spellings) beside
// fixed-time lines in the hours a forward set of up to an hour skips.
var cronieSlowLines = []string{
	"* * * * *",
	"*/1 * * * *",
	"0-59 * * * *",
	"*/5 * * * *",
	"0-59 10 * * *",
	"30 10 * * *",
	"0-59/3 11 * * *",
	"0 11 * * *",
}

func slowDaemonCases() []slowDaemonCase {
	var cs []slowDaemonCase
	for _, d := range []float64{15, 40} {
		cs = append(cs, slowDaemonCase{
			name: fmt.Sprintf("bookworm-dublin-2021-spring-catchup-slow-%g", d), guest: "bookworm", tz: "Europe/Dublin",
			rtc: "2021-03-28T00:40:00Z", end: "2021-03-28T01:50:00Z",
			window: "Europe/Dublin 2021-03-28T01:00Z (01:00 -> 02:00 local, +60 min): a 60-minute fixed-time catch-up beside every-minute lines",
			lines:  debianCatchupLines, dur: d,
		})
	}
	cs = append(cs,
		slowDaemonCase{
			name: "bookworm-dublin-2021-spring-everyminute-slow-15", guest: "bookworm", tz: "Europe/Dublin",
			rtc: "2021-03-28T00:50:00Z", end: "2021-03-28T01:25:00Z",
			window: "Europe/Dublin 2021-03-28T01:00Z (01:00 -> 02:00 local, +60 min): six every-minute lines beside a 60-minute fixed-time catch-up (issue 21's double start)",
			lines:  everyMinuteCatchupLines(1), dur: 15,
		},
		slowDaemonCase{
			name: "bookworm-newyork-2021-spring-everyminute-slow-15", guest: "bookworm", tz: "America/New_York",
			rtc: "2021-03-14T06:50:00Z", end: "2021-03-14T07:25:00Z",
			window: "America/New_York 2021-03-14T07:00Z (02:00 -> 03:00 local, +60 min): six every-minute lines beside a 60-minute fixed-time catch-up (issue 21's double start)",
			lines:  everyMinuteCatchupLines(2), dur: 15,
		},
	)
	cs = append(cs, slowDaemonCase{
		name: "bookworm-dublin-2021-fall-catchup-slow-40", guest: "bookworm", tz: "Europe/Dublin",
		rtc: "2021-10-31T00:20:00Z", end: "2021-10-31T02:20:00Z",
		window: "Europe/Dublin 2021-10-31T01:00Z (02:00 -> 01:00 local, -60 min)",
		lines:  debianCatchupLines, dur: 40,
	})
	cs = append(cs,
		slowDaemonCase{
			name: "busybox-newyork-2021-spring-slow-mix", guest: "trixie-busybox", tz: "America/New_York",
			rtc: "2021-03-14T06:00:00Z", end: "2021-03-14T08:40:00Z",
			window: "America/New_York 2021-03-14T07:00Z (02:00 -> 03:00 local, +60 min)",
			lines:  busyboxSlowLines(3), durs: busyboxSlowDurs,
		},
		slowDaemonCase{
			name: "busybox-dublin-2021-fall-pause-slow-mix", guest: "trixie-busybox", tz: "Europe/Dublin",
			rtc: "2021-10-30T23:50:00Z", end: "2021-10-31T02:10:00Z",
			window: "Europe/Dublin 2021-10-31T01:00Z (02:00 -> 01:00 local, -60 min), crond stopped 01:10:30Z..01:22:10Z",
			pauses: []plan.Pause{{From: ts("2021-10-31T01:10:30Z"), To: ts("2021-10-31T01:22:10Z")}},
			lines:  busyboxSlowLines(1), durs: busyboxSlowDurs,
		},
		slowDaemonCase{
			name: "busybox-chicago-jump-plus-minus-10m-slow-mix", guest: "trixie-busybox", tz: "America/Chicago",
			rtc: "2021-06-15T14:50:00Z", end: "2021-06-15T16:50:00Z",
			window: "America/Chicago, clock set +10 min at 15:31:03Z and -10 min at 16:13:03Z",
			clock:  []plan.ClockSet{setAt("2021-06-15T15:31:03Z", 10*time.Minute), setAt("2021-06-15T16:13:03Z", -10*time.Minute)},
			lines:  busyboxSlowLines(10), durs: busyboxSlowDurs,
		},
	)
	for _, j := range []struct {
		slug string
		d    time.Duration
	}{{"5m", 5 * time.Minute}, {"10m", 10 * time.Minute}, {"25m", 25 * time.Minute}, {"30m", 30 * time.Minute}, {"60m", time.Hour}} {
		at := "2021-06-15T10:17:03Z"
		cs = append(cs, slowDaemonCase{
			name: "cronie-utc-jump-plus-" + j.slug + "-slow-75", guest: "trixie-cronie", tz: "UTC",
			rtc: "2021-06-15T10:02:00Z", end: ts(at).Add(j.d + 35*time.Minute).Format(time.RFC3339),
			window: fmt.Sprintf("UTC, clock set +%s at %s", j.slug, at),
			clock:  []plan.ClockSet{setAt(at, j.d)},
			lines:  cronieSlowLines, dur: 75,
		})
	}
	return cs
}

func slowDaemonsPlan() plan.Plan {
	p := plan.Plan{Comment: "Slow jobs on every daemon (issue 21): Debian's long fixed-time catch-up beside every-minute lines; BusyBox with jobs of 75-300 s over hours (transitions, a pause, +-10 min clock sets); cronie with 75 s jobs after forward clock sets of 5-60 min. " +
		"Each twice (-a, -b; -b powers on 7 s earlier) to measure the daemon's spread."}
	for _, c := range slowDaemonCases() {
		p.Recordings = append(p.Recordings, twins(slowDaemonRecording(c))...)
	}
	return p
}

// slowDaemonRecording is case c's recording, named without a repeat
// suffix and powered on at the case's own time (see repeat).
func slowDaemonRecording(c slowDaemonCase) plan.Recording {
	r := plan.Recording{
		Name: c.name, Guest: c.guest, TZ: c.tz, RTC: ts(c.rtc), End: ts(c.end),
		Clock: c.clock, Pauses: c.pauses, Lines: c.lines,
	}
	if c.durs != nil {
		r.JobDurationS = c.durs[0]
		r.LineDurationS = c.durs
		r.Window = perLineWindow(c.window, c.durs)
	} else {
		r.JobDurationS = c.dur
		r.Window = c.window + fmt.Sprintf("; every job runs %g s", c.dur)
	}
	return r
}
