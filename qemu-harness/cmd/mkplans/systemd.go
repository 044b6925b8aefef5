package main

import (
	"fmt"
	"time"
)

// Plans for systemd timers (issue 22): systemd as PID 1 of a
// systemd-bookworm guest (qemu-harness/build-systemd.sh), one timer per
// generated OnCalendar= specification. Each window has three groups of
// timers from one seed (so the later groups repeat the first group's
// first specifications): AccuracySec=1us (compared to the second),
// the default AccuracySec= (1 min: the spread inside it), and
// RandomizedDelaySec= (a window). The timer-stop window adds
// Persistent=true beside the same specifications without it.

type timerLine struct {
	Spec               string `json:"spec"`
	AccuracySec        string `json:"accuracy_sec,omitempty"`
	RandomizedDelaySec string `json:"randomized_delay_sec,omitempty"`
	Persistent         bool   `json:"persistent,omitempty"`
}

type timerGen struct {
	Name               string   `json:"name"`
	Seed               uint64   `json:"seed"`
	Count              int      `json:"count"`
	Hours              []int    `json:"hours"`
	Minutes            []int    `json:"minutes,omitempty"`
	Dates              []string `json:"dates"`
	Zones              []string `json:"zones,omitempty"`
	PerLine            int      `json:"per_line"`
	Budget             int      `json:"budget"`
	AccuracySec        string   `json:"accuracy_sec,omitempty"`
	RandomizedDelaySec string   `json:"randomized_delay_sec,omitempty"`
	Persistent         bool     `json:"persistent,omitempty"`
}

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

func sdGens(seed uint64, hours, minutes []int, dates, zones []string) []*timerGen {
	g := func(count, budget int, acc, rand string) *timerGen {
		return &timerGen{Name: "sd-v1", Seed: seed, Count: count, Hours: hours, Minutes: minutes, Dates: dates,
			Zones: zones, PerLine: sdPerLine, Budget: budget, AccuracySec: acc, RandomizedDelaySec: rand}
	}
	return []*timerGen{
		g(sdCount, sdBudget, "1us", ""),
		g(sdAccN, 200, "", ""),
		g(sdRandN, 60, "1us", "10min"),
	}
}

func systemdPlan() plan {
	p := plan{Comment: "systemd timers on systemd-bookworm (systemd 252): transitions and clock sets; written by go run ./qemu-harness/cmd/mkplans"}
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
		p.Recordings = append(p.Recordings, recording{
			Name:            fmt.Sprintf("systemd-bookworm-%s-%s-%s-gen", d.slug, d.year, d.season),
			Guest:           "systemd-bookworm",
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
		loc, _ := time.LoadLocation("Europe/Dublin")
		dates := localDates(loc, from, end.Add(max(j, 0)))
		p.Recordings = append(p.Recordings, recording{
			Name:            fmt.Sprintf("systemd-bookworm-dublin-jump-%s", jumpSlug(j)),
			Guest:           "systemd-bookworm",
			TZ:              "Europe/Dublin",
			RTC:             from,
			End:             end,
			Window:          fmt.Sprintf("clock set by %s at %s (Europe/Dublin, no offset change nearby)", jumpSlug(j), at.Format(time.RFC3339)),
			Clock:           []clockSet{{at, at.Add(j + 2*time.Second)}},
			TimerGenerators: sdGens(uint64(2300+i), []int{9, 10, 11, 12, 13}, []int{0, 15, 17, 18, 19, 20, 30, 45}, dates, []string{"America/New_York"}),
		})
	}
	// Timers stopped from 10:20:07Z to 12:40:11Z: Persistent=true beside
	// the same specifications without it.
	at := ts("2021-06-15T10:20:07Z")
	stop := recording{
		Name:       "systemd-bookworm-dublin-stop-persistent",
		Guest:      "systemd-bookworm",
		TZ:         "Europe/Dublin",
		RTC:        ts("2021-06-15T09:30:00Z"),
		End:        ts("2021-06-15T14:00:00Z"),
		Window:     "all timers stopped (systemctl stop cronsim.target) 2021-06-15T10:20:07Z .. 12:40:11Z, Europe/Dublin",
		TimerStops: []pause{{at, ts("2021-06-15T12:40:11Z")}},
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
	off.Name = "systemd-bookworm-dublin-poweroff-persistent"
	off.Window = "powered off 2021-06-15T10:20:07Z .. 12:40:11Z (the second boot starts with the first one's Persistent= stamp files), Europe/Dublin"
	off.TimerStops = nil
	off.PowerOff = &pause{at, ts("2021-06-15T12:40:11Z")}
	p.Recordings = append(p.Recordings, off)
	return p
}
