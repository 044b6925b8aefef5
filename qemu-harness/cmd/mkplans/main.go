// Command mkplans writes the committed plan files in qemu-harness/plans.
// It uses Go's time zone data only to place windows and to choose which
// local hours and dates the generator aims at; it never predicts a run.
//
//	go run ./qemu-harness/cmd/mkplans -dir qemu-harness/plans
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func write(dir, name string, p plan.Plan) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
	fmt.Printf("%s: %d recordings\n", name, len(p.Recordings))
}

// localDates lists the local dates that [from, to) touches in loc.
func localDates(loc *time.Location, from, to time.Time) []string {
	seen := map[string]bool{}
	var out []string
	for t := from; t.Before(to); t = t.Add(15 * time.Minute) {
		d := t.In(loc).Format("2006-01-02")
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

type dst struct {
	slug, tz   string
	season     string // spring = clocks go forward, fall = clocks go back
	transition string // UTC instant of the offset change
	hours      []int  // local hours in and beside the transition
	minutes    []int  // local minutes of interest (nil: generator default)
	before     time.Duration
	after      time.Duration
	extraDates []string
	year       string
}

var dsts = []dst{
	{"dublin", "Europe/Dublin", "spring", "2021-03-28T01:00:00Z", []int{0, 1, 2, 3}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"dublin", "Europe/Dublin", "fall", "2021-10-31T01:00:00Z", []int{0, 1, 2, 3}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"newyork", "America/New_York", "spring", "2021-03-14T07:00:00Z", []int{1, 2, 3, 4}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"newyork", "America/New_York", "fall", "2021-11-07T06:00:00Z", []int{0, 1, 2, 3}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"lordhowe", "Australia/Lord_Howe", "spring", "2021-10-02T15:30:00Z", []int{1, 2, 3}, []int{0, 1, 15, 29, 30, 31, 45, 59}, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"lordhowe", "Australia/Lord_Howe", "fall", "2021-04-03T15:00:00Z", []int{0, 1, 2}, []int{0, 1, 15, 29, 30, 31, 45, 59}, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"troll", "Antarctica/Troll", "spring", "2021-03-28T01:00:00Z", []int{0, 1, 2, 3, 4}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"troll", "Antarctica/Troll", "fall", "2021-10-31T01:00:00Z", []int{0, 1, 2, 3, 4}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"chatham", "Pacific/Chatham", "spring", "2021-09-25T14:00:00Z", []int{1, 2, 3, 4}, []int{0, 14, 15, 30, 44, 45, 46, 59}, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"chatham", "Pacific/Chatham", "fall", "2021-04-03T14:00:00Z", []int{1, 2, 3, 4}, []int{0, 14, 15, 30, 44, 45, 46, 59}, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"havana", "America/Havana", "spring", "2021-03-14T05:00:00Z", []int{23, 0, 1, 2}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"havana", "America/Havana", "fall", "2021-11-07T05:00:00Z", []int{23, 0, 1, 2}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2021"},
	{"apia", "Pacific/Apia", "dateline", "2011-12-30T10:00:00Z", []int{22, 23, 0, 1, 10, 12}, nil, 12 * time.Hour, 14 * time.Hour, []string{"2011-12-30"}, "2011"},
	{"moscow", "Europe/Moscow", "offset", "2014-10-25T22:00:00Z", []int{0, 1, 2, 3}, nil, 6 * time.Hour, 8 * time.Hour, nil, "2014"},
}

func dstRecording(guest string, d dst, seed uint64, count int) plan.Recording {
	loc, err := time.LoadLocation(d.tz)
	if err != nil {
		panic(err)
	}
	tr := ts(d.transition)
	from, to := tr.Add(-d.before), tr.Add(d.after)
	dates := localDates(loc, from, to)
	dates = append(dates, d.extraDates...)
	sort.Strings(dates)
	_, o1 := tr.Add(-time.Second).In(loc).Zone()
	_, o2 := tr.In(loc).Zone()
	return plan.Recording{
		Name:  fmt.Sprintf("%s-%s-%s-%s-gen", guest, d.slug, d.year, d.season),
		Guest: guest, TZ: d.tz, RTC: from, End: to,
		Window: fmt.Sprintf("%s offset change at %s (local %s -> %s, %+d min); window transition-%s .. transition+%s",
			d.tz, d.transition, tr.Add(-time.Second).In(loc).Format("2006-01-02 15:04:05 -0700"),
			tr.In(loc).Format("2006-01-02 15:04:05 -0700"), (o2-o1)/60, d.before, d.after),
		Generator: &plan.GenSpec{Name: "dst-v1", Seed: seed, Count: count, Hours: d.hours, Minutes: d.minutes,
			Dates: dates, Budget: 7000, PerLine: 300},
	}
}

type jump struct {
	slug string
	d    time.Duration
}

var jumps = []jump{
	{"plus-2m", 2 * time.Minute}, {"plus-5m", 5 * time.Minute}, {"plus-6m", 6 * time.Minute},
	{"plus-2h", 2 * time.Hour}, {"plus-3h", 3 * time.Hour}, {"plus-3h1m", 3*time.Hour + time.Minute},
	{"minus-1m", -time.Minute}, {"minus-2h", -2 * time.Hour}, {"minus-3h", -3 * time.Hour},
	{"minus-3h1m", -3*time.Hour - time.Minute},
}

func jumpRecording(tz, slug string, j jump, seed uint64) plan.Recording {
	loc, err := time.LoadLocation(tz)
	if err != nil {
		panic(err)
	}
	at := ts("2021-06-15T10:17:03Z")
	// land two seconds later within the minute than we left: hh:mm:05
	to := at.Add(j.d + 2*time.Second)
	lo, hi := at, to
	if j.d < 0 {
		lo, hi = to, at
	}
	var end time.Time
	if j.d > 0 {
		end = to.Add(40 * time.Minute)
	} else {
		end = at.Add(30 * time.Minute)
	}
	rtc := at.Add(-22 * time.Minute).Truncate(time.Minute)
	// local times of interest: around both edges and spread inside the span
	seen := map[string]bool{}
	var times []string
	hourSet := map[int]bool{}
	addT := func(t time.Time) {
		l := t.In(loc)
		s := fmt.Sprintf("%d:%d", l.Hour(), l.Minute())
		if !seen[s] {
			seen[s] = true
			times = append(times, s)
		}
	}
	for _, e := range []time.Time{lo, hi} {
		for k := -2; k <= 2; k++ {
			addT(e.Truncate(time.Minute).Add(time.Duration(k) * time.Minute))
		}
	}
	span := hi.Sub(lo)
	for k := 1; k < 10; k++ {
		addT(lo.Add(span * time.Duration(k) / 10).Truncate(time.Minute))
	}
	for t := lo.Truncate(time.Hour); !t.After(hi); t = t.Add(time.Hour) {
		hourSet[t.In(loc).Hour()] = true
	}
	var hours []int
	for h := range hourSet {
		hours = append(hours, h)
	}
	sort.Ints(hours)
	return plan.Recording{
		Name:  fmt.Sprintf("bookworm-%s-jump-%s", slug, j.slug),
		Guest: "bookworm", TZ: tz, RTC: rtc, End: end,
		Window: fmt.Sprintf("clock set by %s at %s (no offset change nearby); %s", j.d, at.Format(time.RFC3339),
			"at/to differ by the step plus 2 s so the clock lands 5 s into a minute"),
		Clock:     []plan.ClockSet{{At: at, To: to}},
		Generator: &plan.GenSpec{Name: "jump-v1", Seed: seed, Count: 50, Hours: hours, Times: times},
	}
}

func main() {
	dir := flag.String("dir", "qemu-harness/plans", "output directory")
	flag.Parse()
	seedLines := []string{"30 * * * *", "30 1 * * *", "0-59 1 * * *"}
	var seed plan.Plan
	seed.Comment = "The experiments of the post 'How Debian Cron Handles DST Transitions' (Europe/Dublin 2021), on bookworm and trixie."
	for _, g := range []string{"bookworm", "trixie"} {
		seed.Recordings = append(seed.Recordings,
			plan.Recording{Name: g + "-dublin-2021-spring-seed", Guest: g, TZ: "Europe/Dublin",
				RTC: ts("2021-03-26T23:58:00Z"), End: ts("2021-03-29T02:00:00Z"), Lines: seedLines,
				Window: "Europe/Dublin spring 2021 (2021-03-28T01:00Z, local 01:00 -> 02:00), the day before and after"},
			plan.Recording{Name: g + "-dublin-2021-fall-seed", Guest: g, TZ: "Europe/Dublin",
				RTC: ts("2021-10-29T22:58:00Z"), End: ts("2021-11-01T02:00:00Z"), Lines: seedLines,
				Window: "Europe/Dublin fall 2021 (2021-10-31T01:00Z, local 02:00 -> 01:00), the day before and after"})
	}
	write(*dir, "seed.json", seed)

	write(*dir, "ci-smoke.json", plan.Plan{
		Comment: "CI smoke test: 30 1 * * * across Dublin's spring 2021 transition must run once, at 2021-03-28T01:00Z (02:00 local).",
		Recordings: []plan.Recording{{Name: "ci-smoke-dublin-2021-spring", Guest: "bookworm", TZ: "Europe/Dublin",
			RTC: ts("2021-03-27T23:50:00Z"), End: ts("2021-03-28T02:10:00Z"), Lines: []string{"30 1 * * *"},
			Window: "Europe/Dublin spring 2021, 70 minutes either side"}},
	})

	var gen plan.Plan
	gen.Comment = "Generated expressions (dst-v1) across offset changes, bookworm. Years: 2021 for every zone except Pacific/Apia (2011) and Europe/Moscow (2014)."
	for i, d := range dsts {
		gen.Recordings = append(gen.Recordings, dstRecording("bookworm", d, uint64(1000+i), 430))
	}
	write(*dir, "dst-bookworm.json", gen)

	var tri plan.Plan
	tri.Comment = "The same generated crontabs as the bookworm Dublin and Lord Howe recordings (same generator and seed), on trixie."
	for i, d := range dsts {
		if d.slug == "dublin" || d.slug == "lordhowe" {
			r := dstRecording("trixie", d, uint64(1000+i), 430)
			// the bookworm crontab exactly (same seed, volume estimated over the
			// bookworm window), recorded over a shorter window
			r.Generator.EstimateHours = (d.before + d.after).Hours()
			tr := ts(d.transition)
			r.RTC, r.End = tr.Add(-3*time.Hour), tr.Add(4*time.Hour)
			r.Window = strings.Replace(r.Window, fmt.Sprintf("window transition-%s .. transition+%s", d.before, d.after),
				"window transition-3h0m0s .. transition+4h0m0s (crontab identical to the bookworm recording)", 1)
			tri.Recordings = append(tri.Recordings, r)
		}
	}
	write(*dir, "dst-trixie.json", tri)

	var jp plan.Plan
	jp.Comment = "Clock sets (settimeofday from the guest init) at 2021-06-15T10:17:03Z, in UTC and Europe/Dublin (IST, no offset change nearby), bookworm."
	for i, j := range jumps {
		jp.Recordings = append(jp.Recordings, jumpRecording("UTC", "utc", j, uint64(2000+i)))
	}
	for i, j := range jumps {
		jp.Recordings = append(jp.Recordings, jumpRecording("Europe/Dublin", "dublin", j, uint64(2100+i)))
	}
	write(*dir, "jumps-bookworm.json", jp)

	write(*dir, "slow.json", slowPlan())
	write(*dir, "widen-bookworm.json", widenPlan())
	write(*dir, "cronie.json", croniePlan())
	write(*dir, "busybox.json", busyboxPlan())
	write(*dir, "busybox-wide.json", busyboxWidePlan())
	write(*dir, "slow-daemons.json", slowDaemonsPlan())
	write(*dir, "slow-repeats.json", slowRepeatsPlan())
	write(*dir, "systemd.json", systemdPlan())
	write(*dir, "systemd-trixie.json", systemdTrixiePlan())
}
