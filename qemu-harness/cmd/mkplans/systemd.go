package main

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// Plans for systemd timers (issue 22): systemd as PID 1 of a
// systemd-bookworm guest (qemu-harness/build-systemd.sh), one timer per
// generated OnCalendar= specification. Each window has three groups of
// timers from one seed (so the later groups repeat the first group's
// first specifications): AccuracySec=1us (compared to the second),
// the default AccuracySec= (1 min: the spread inside it), and
// RandomizedDelaySec= (a window). The timer-stop window adds
// Persistent=true beside the same specifications without it.

// systemdDSTs are the transition windows: an hour both ways (New York,
// Dublin), 30 minutes both ways (Lord Howe), the lost day (Apia), two
// hours (Troll) and a base-offset change (Moscow).
var systemdDSTs = []string{
	"newyork-spring", "newyork-fall", "dublin-spring", "dublin-fall",
	"lordhowe-spring", "lordhowe-fall", "apia-dateline", "troll-spring", "moscow-offset",
}

// systemdJumps are clock sets at 2021-06-15T10:17:03Z in Europe/Dublin.
var systemdJumps = []time.Duration{
	5 * time.Minute, 2 * time.Hour, -time.Minute, -2 * time.Hour, 30 * time.Minute, -30 * time.Minute, 26 * time.Hour,
}

const (
	sdCount   = 200 // AccuracySec=1us timers per window (before systemd-analyze's checks and the budget)
	sdAccN    = 40  // default-accuracy timers
	sdRandN   = 12  // RandomizedDelaySec= timers
	sdPerLine = 24
	sdBudget  = 900
)

func sdGens(seed uint64, hours, minutes []int, dates, zones []string) []*plan.TimerGen {
	g := func(count, budget int, acc, rand string) *plan.TimerGen {
		return &plan.TimerGen{Name: "sd-v1", Seed: seed, Count: count, Hours: hours, Minutes: minutes, Dates: dates,
			Zones: zones, PerLine: sdPerLine, Budget: budget, AccuracySec: acc, RandomizedDelaySec: rand}
	}
	return []*plan.TimerGen{
		g(sdCount, sdBudget, "1us", ""),
		g(sdAccN, 200, "", ""),
		g(sdRandN, 60, "1us", "10min"),
	}
}

// systemdPlan is the bookworm plan; systemdTrixiePlan the same windows
// (same seeds, so the same candidate specifications) on systemd 257, the
// ones recorded first listed first.
func systemdPlan() plan.Plan {
	return systemdGuestPlan("systemd-bookworm", "systemd timers on systemd-bookworm (systemd 252): transitions and clock sets; written by go run ./qemu-harness/cmd/mkplans")
}

func systemdTrixiePlan() plan.Plan {
	all := systemdGuestPlan("systemd-trixie", "")
	p := plan.Plan{Comment: "systemd timers on systemd-trixie (systemd 257): the windows of systemd.json, most telling first; written by go run ./qemu-harness/cmd/mkplans"}
	first := []string{"newyork-2021-spring-gen", "newyork-2021-fall-gen", "lordhowe-2021-spring-gen", "apia-2011-dateline-gen",
		"dublin-jump-plus-5m", "dublin-jump-minus-2h", "dublin-poweroff-persistent", "dublin-accuracy-a"}
	seen := map[string]bool{}
	for _, f := range first {
		for _, r := range all.Recordings {
			if r.Name == "systemd-trixie-"+f {
				p.Recordings = append(p.Recordings, r)
				seen[r.Name] = true
			}
		}
	}
	for _, r := range all.Recordings {
		if !seen[r.Name] {
			p.Recordings = append(p.Recordings, r)
		}
	}
	return p
}

func systemdGuestPlan(g, comment string) plan.Plan {
	p := plan.Plan{Comment: comment}
	for i, key := range systemdDSTs {
		d := findDST(key)
		loc, err := time.LoadLocation(d.tz)
		if err != nil {
			panic(err)
		}
		tr := ts(d.transition)
		before, after := 2*time.Hour, 3*time.Hour
		if d.slug == "apia" {
			before, after = 4*time.Hour, 4*time.Hour
		}
		from, to := tr.Add(-before), tr.Add(after)
		dates := localDates(loc, from, to)
		if d.slug == "apia" {
			dates = append(dates, "2011-12-30")
		}
		p.Recordings = append(p.Recordings, plan.Recording{
			Name:            fmt.Sprintf("%s-%s-%s-%s-gen", g, d.slug, d.year, d.season),
			Guest:           g,
			TZ:              d.tz,
			RTC:             from,
			End:             to,
			Window:          fmt.Sprintf("%s %s transition at %s, -%s .. +%s", d.tz, d.season, d.transition, before, after),
			TimerGenerators: sdGens(uint64(2200+i), d.hours, d.minutes, dates, []string{"Europe/Dublin", "America/New_York"}),
		})
	}
	for i, j := range systemdJumps {
		at := ts("2021-06-15T10:17:03Z")
		from, end := at.Add(-47*time.Minute), at.Add(3*time.Hour)
		if j < 0 {
			end = end.Add(-j)
		}
		if j > 3*time.Hour {
			// Run on an hour past the time set (the first +26 h plan
			// ended 0.2 s after the set, before its catch-up starts).
			end = at.Add(j + time.Hour)
		}
		loc, _ := time.LoadLocation("Europe/Dublin")
		dates := localDates(loc, from, end.Add(max(j, 0)))
		p.Recordings = append(p.Recordings, plan.Recording{
			Name:            fmt.Sprintf("%s-dublin-jump-%s", g, jumpSlug(j)),
			Guest:           g,
			TZ:              "Europe/Dublin",
			RTC:             from,
			End:             end,
			Window:          fmt.Sprintf("clock set by %s at %s (Europe/Dublin, no offset change nearby)", jumpSlug(j), at.Format(time.RFC3339)),
			Clock:           []plan.ClockSet{{At: at, To: at.Add(j + 2*time.Second)}},
			TimerGenerators: sdGens(uint64(2300+i), []int{9, 10, 11, 12, 13}, []int{0, 15, 17, 18, 19, 20, 30, 45}, dates, []string{"America/New_York"}),
		})
	}
	// Timers stopped from 10:20:07Z to 12:40:11Z: Persistent=true beside
	// the same specifications without it.
	at := ts("2021-06-15T10:20:07Z")
	stop := plan.Recording{
		Name:       g + "-dublin-stop-persistent",
		Guest:      g,
		TZ:         "Europe/Dublin",
		RTC:        ts("2021-06-15T09:30:00Z"),
		End:        ts("2021-06-15T14:00:00Z"),
		Window:     "all timers stopped (systemctl stop cronsim.target) 2021-06-15T10:20:07Z .. 12:40:11Z, Europe/Dublin",
		TimerStops: []plan.Pause{{From: at, To: ts("2021-06-15T12:40:11Z")}},
	}
	for _, pers := range []bool{true, false} {
		g := sdGens(2400, []int{11, 12, 13, 14}, []int{0, 15, 20, 30, 40, 45}, []string{"2021-06-15"}, []string{"UTC"})
		for _, x := range g {
			x.Persistent = pers
			x.Count /= 2
		}
		stop.TimerGenerators = append(stop.TimerGenerators, g...)
	}
	p.Recordings = append(p.Recordings, stop)
	// The same with the machine powered off over the span: two boots, the
	// second (QEMU's clock at 12:40:11Z) with the first one's stamp files.
	off := stop
	off.Name = g + "-dublin-poweroff-persistent"
	off.Window = "powered off 2021-06-15T10:20:07Z .. 12:40:11Z (the second boot starts with the first one's Persistent= stamp files), Europe/Dublin"
	off.TimerStops = nil
	off.PowerOff = &plan.Pause{From: at, To: ts("2021-06-15T12:40:11Z")}
	p.Recordings = append(p.Recordings, off)
	// Accuracy without 1us timers beside: nothing else wakes PID 1, so
	// each timer fires where systemd's coalescing puts it inside its
	// window. Twice, the second booted 7 s later (another boot, another
	// per-boot offset if the boot differs).
	for _, v := range []struct {
		suffix string
		shift  time.Duration
	}{{"a", 0}, {"b", -7 * time.Second}} {
		hours, minutes, dates := []int{11, 12, 13}, []int{0, 10, 15, 30, 45}, []string{"2021-06-15"}
		gen := func(count, budget int, acc string) *plan.TimerGen {
			return &plan.TimerGen{Name: "sd-v1", Seed: 2500, Count: count, Hours: hours, Minutes: minutes, Dates: dates,
				PerLine: sdPerLine, Budget: budget, AccuracySec: acc}
		}
		p.Recordings = append(p.Recordings, plan.Recording{
			Name:            g + "-dublin-accuracy-" + v.suffix,
			Guest:           g,
			TZ:              "Europe/Dublin",
			RTC:             ts("2021-06-15T09:30:00Z").Add(v.shift),
			End:             ts("2021-06-15T13:00:00Z"),
			Window:          "accuracy only (no AccuracySec=1us timers): the default 1 min, 15 s, 5 min and 1 h, Europe/Dublin, no offset change or clock set",
			TimerGenerators: []*plan.TimerGen{gen(60, 300, ""), gen(30, 150, "15s"), gen(30, 150, "5min"), gen(15, 80, "1h")},
		})
	}
	return p
}
