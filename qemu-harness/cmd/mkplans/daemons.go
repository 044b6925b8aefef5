package main

import (
	"fmt"
	"sort"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// Plans for the other daemons (issue 12): cronie on the trixie-cronie
// guest and BusyBox crond on the trixie-busybox guest. They cover the
// kinds of windows of the Debian corpus (forward and backward
// transitions, 30- and 45-minute zones, midnight transitions, a
// base-offset change, the dateline, clock sets both ways around the
// daemon's thresholds) with shorter windows and smaller crontabs than the
// Debian plans (each recording a few guest hours, about 180 lines), and
// what is specific to each daemon: CRON_TZ= lines for cronie, the
// one-hour "time disparity" threshold for BusyBox.

// daemonDSTs are the transitions recorded for both daemons: every kind
// of window of dsts (main.go), one of each zone's two directions at least.
var daemonDSTs = []string{
	"dublin-spring", "dublin-fall", "lordhowe-spring", "lordhowe-fall",
	"chatham-spring", "chatham-fall", "havana-spring", "havana-fall",
	"moscow-offset", "apia-dateline",
}

// daemonBefore and daemonAfter bound a transition window.
const (
	daemonBefore = 2 * time.Hour
	daemonAfter  = 3 * time.Hour
	daemonCount  = 180 // generated lines per transition window
	daemonBudget = 350
)

func findDST(key string) dst {
	for _, d := range dsts {
		if d.slug+"-"+d.season == key {
			return d
		}
	}
	panic("no transition " + key)
}

// daemonDST is a dst-v1 recording on another daemon's guest, with the
// generator restricted to that daemon's syntax.
func daemonDST(guest, prefix, dialect string, d dst, seed uint64) plan.Recording {
	d.before, d.after = daemonBefore, daemonAfter
	if d.slug == "apia" {
		d.extraDates = []string{"2011-12-30"}
	}
	r := dstRecording(guest, d, seed, daemonCount)
	r.Name = fmt.Sprintf("%s-%s-%s-%s-gen", prefix, d.slug, d.year, d.season)
	r.Generator.Dialect = dialect
	r.Generator.Budget = daemonBudget
	r.Generator.PerLine = 15
	return r
}

// daemonJump is a clock set at 2021-06-15T10:17:03Z (no offset change
// nearby) by d, landing 5 s into a minute, with a jump-v1 crontab.
func daemonJump(guest, prefix, dialect, tz, slug string, d time.Duration, seed uint64) plan.Recording {
	r := jumpRecording(tz, slug, jump{"", d}, seed)
	r.Guest = guest
	r.Generator.Dialect = dialect
	r.Name = fmt.Sprintf("%s-%s-jump-%s", prefix, slug, jumpSlug(d))
	return r
}

// jumpSlug names a clock step: plus-59m30s, minus-1h1m.
func jumpSlug(d time.Duration) string {
	sign := "plus-"
	if d < 0 {
		sign, d = "minus-", -d
	}
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	out := sign
	if h > 0 {
		out += fmt.Sprintf("%dh", h)
	}
	if m > 0 {
		out += fmt.Sprintf("%dm", m)
	}
	if s > 0 {
		out += fmt.Sprintf("%ds", s)
	}
	return out
}

// croniePlan: transitions (cronie re-reads the zone offset only when the
// DST flag flips: Moscow 2014 and Apia 2011 change the offset without
// flipping it), clock sets around the thresholds of its timeDiff code
// (the same as Debian's: 5 minutes, 3 hours), and CRON_TZ= windows.
func croniePlan() plan.Plan {
	p := plan.Plan{Comment: "cronie 1.7 (Debian 13 package cronie, guest trixie-cronie): generated expressions (dst-v1, cronie dialect) across offset changes; clock sets around its 5-minute and 3-hour thresholds; CRON_TZ= lines in zones other than the system's, across a transition of one but not the other."}
	for i, key := range daemonDSTs {
		p.Recordings = append(p.Recordings, daemonDST("trixie-cronie", "cronie", "cronie", findDST(key), uint64(5000+i)))
	}
	for i, d := range []time.Duration{5 * time.Minute, 6 * time.Minute, 3 * time.Hour, 3*time.Hour + time.Minute,
		-time.Minute, -2 * time.Hour, -3 * time.Hour, -3*time.Hour - time.Minute} {
		p.Recordings = append(p.Recordings, daemonJump("trixie-cronie", "cronie", "cronie", "Europe/Dublin", "dublin", d, uint64(5100+i)))
	}
	p.Recordings = append(p.Recordings,
		cronTZRecording("cronie-utc-crontz-dublin-2021-spring", "UTC", "2021-03-28T01:00:00Z",
			[]string{"Europe/Dublin", "America/New_York"}, 5200,
			"system zone UTC (no change); CRON_TZ=Europe/Dublin lines across Dublin's spring change 2021-03-28T01:00Z (01:00 -> 02:00), CRON_TZ=America/New_York lines (no change)"),
		cronTZRecording("cronie-dublin-crontz-utc-2021-spring", "Europe/Dublin", "2021-03-28T01:00:00Z",
			[]string{"UTC", "Asia/Tokyo"}, 5210,
			"system zone Europe/Dublin changes 2021-03-28T01:00Z (01:00 -> 02:00); CRON_TZ=UTC and CRON_TZ=Asia/Tokyo lines, whose zones do not change"),
		cronTZRecording("cronie-dublin-crontz-utc-2021-fall", "Europe/Dublin", "2021-10-31T01:00:00Z",
			[]string{"UTC", "America/New_York"}, 5220,
			"system zone Europe/Dublin changes 2021-10-31T01:00Z (02:00 -> 01:00); CRON_TZ=UTC and CRON_TZ=America/New_York lines, whose zones do not change then"),
	)
	return p
}

// cronTZRecording: plain lines aimed at the system zone's local hours
// around the instant tr, then for each CRON_TZ zone lines aimed at that
// zone's local hours around tr.
func cronTZRecording(name, tz, tr string, zones []string, seed uint64, window string) plan.Recording {
	t := ts(tr)
	from, to := t.Add(-daemonBefore), t.Add(daemonAfter)
	spec := func(zone string, seed uint64, count int) *plan.GenSpec {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			panic(err)
		}
		hs := map[int]bool{}
		for x := t.Add(-time.Hour); !x.After(t.Add(time.Hour)); x = x.Add(30 * time.Minute) {
			hs[x.In(loc).Hour()] = true
		}
		var hours []int
		for h := range hs {
			hours = append(hours, h)
		}
		sort.Ints(hours)
		g := &plan.GenSpec{Name: "dst-v1", Seed: seed, Count: count, Hours: hours,
			Dates: localDates(loc, from, to), Budget: 700, PerLine: 150, Dialect: "cronie"}
		if zone != tz {
			g.CronTZ = zone
		}
		return g
	}
	r := plan.Recording{Name: name, Guest: "trixie-cronie", TZ: tz, RTC: from, End: to,
		Window:    window + fmt.Sprintf("; window %s-%s .. +%s", tr, daemonBefore, daemonAfter),
		Generator: spec(tz, seed, 60)}
	for i, z := range zones {
		r.Generators = append(r.Generators, spec(z, seed+uint64(i)+1, 60))
	}
	return r
}

// busyboxPlan: the same transitions (BusyBox walks real minutes and
// matches local wall time), and clock sets around its one-hour "time
// disparity" threshold (miscutils/crond.c: a wake-up more than 3600 s
// from the last runs nothing; a smaller forward step runs the minutes
// between, a backward one runs nothing at that wake-up).
func busyboxPlan() plan.Plan {
	p := plan.Plan{Comment: "BusyBox crond 1.37 (Debian 13 package busybox-static, guest trixie-busybox): generated expressions (dst-v1, busybox dialect: no Debian quirks, no 7 for Sunday) across offset changes; clock sets around its one-hour time-disparity threshold."}
	var dstRecs []plan.Recording
	for i, key := range daemonDSTs {
		dstRecs = append(dstRecs, daemonDST("trixie-busybox", "busybox", "busybox", findDST(key), uint64(6000+i)))
	}
	// The clock sets come first: the disparity threshold is BusyBox's own.
	for i, d := range []time.Duration{5 * time.Minute, 58 * time.Minute, 59 * time.Minute, 59*time.Minute + 30*time.Second,
		time.Hour + time.Minute, -time.Minute, -59 * time.Minute, -time.Hour - time.Minute,
		// Added after the first recordings: every jump-v1 crontab has
		// "* * * * *", so crond is in its 10-second polling mode at the
		// set (its job has not been reaped yet), and a wake-up spans
		// 10 s + 2 s + the step: the threshold lies between these two.
		59*time.Minute + 45*time.Second, 59*time.Minute + 50*time.Second} {
		p.Recordings = append(p.Recordings, daemonJump("trixie-busybox", "busybox", "busybox", "Europe/Dublin", "dublin", d, uint64(6100+i)))
	}
	p.Recordings = append(p.Recordings, dstRecs...)
	return p
}
