package main

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// busyboxWideDSTs are the transitions of plans/busybox-wide.json: windows
// that plans/busybox.json left unrecorded or does not have, each with a
// crontab about twice as long as busybox.json's, so that BusyBox crond's
// corpus reaches issue 12's volume (1,500 distinct expressions over at
// least 8 transition windows): the 30-minute (Lord Howe) and 45-minute
// (Chatham) zones both ways, New York both ways, Havana's midnight spring,
// Apia's skipped day and Troll's two-hour spring.
var busyboxWideDSTs = []string{
	"lordhowe-spring", "lordhowe-fall", "chatham-spring", "chatham-fall",
	"newyork-spring", "newyork-fall", "havana-spring", "apia-dateline", "troll-spring",
	// added after the first nine were recorded
	"troll-fall", "dublin-spring", "dublin-fall",
}

// busyboxWideJumps are clock sets in America/New_York (EDT, no change
// nearby) on both sides of and far from the one-hour disparity, other
// than busybox.json's Dublin steps.
var busyboxWideJumps = []time.Duration{
	2 * time.Minute, 30 * time.Minute, time.Hour + 30*time.Minute,
	-5 * time.Minute, -30 * time.Minute, -2 * time.Hour,
}

const (
	busyboxWideCount     = 400  // generated lines per window
	busyboxWideBudget    = 2500 // estimated starts per window (the guest runs ~35 starts/s)
	busyboxWidePerLine   = 30
	busyboxWideJumpCount = 250 // dst-v1 lines added to a clock set's jump-v1 crontab
)

// busyboxWidePlan: the same generator and window shape as busyboxPlan's
// transitions (dst-v1, busybox dialect, transition -2 h .. +3 h), more
// lines, other seeds, and names ending in -wide.
func busyboxWidePlan() plan.Plan {
	p := plan.Plan{Comment: "BusyBox crond 1.37 (Debian 13 package busybox-static, guest trixie-busybox), more windows and longer crontabs than busybox.json: generated expressions (dst-v1, busybox dialect) across the 30- and 45-minute zones' changes both ways, New York both ways, Havana's midnight spring, Apia 2011 and Troll's two-hour changes, Dublin again; clock sets in New York (+2m, +30m, +1h30m, -5m, -30m, -2h) with jump-v1 and dst-v1 lines."}
	for i, key := range busyboxWideDSTs {
		d := findDST(key)
		r := daemonDST("trixie-busybox", "busybox", "busybox", d, uint64(6500+i))
		r.Name = fmt.Sprintf("busybox-%s-%s-%s-wide", d.slug, d.year, d.season)
		r.Generator.Count = busyboxWideCount
		r.Generator.Budget = busyboxWideBudget
		r.Generator.PerLine = busyboxWidePerLine
		p.Recordings = append(p.Recordings, r)
	}
	for i, d := range busyboxWideJumps {
		r := daemonJump("trixie-busybox", "busybox", "busybox", "America/New_York", "newyork", d, uint64(6600+i))
		r.Name += "-wide"
		// jump-v1's crontab, then dst-v1 lines aimed at the local hours
		// and dates the window spans (the clock set shows as late or
		// repeated runs of any of them)
		loc, err := time.LoadLocation(r.TZ)
		if err != nil {
			panic(err)
		}
		lo, hi := r.RTC, r.End
		if d < 0 {
			lo = r.Clock[0].To
		}
		hs := map[int]bool{}
		var hours []int
		for t := lo.Truncate(time.Hour); !t.After(hi); t = t.Add(time.Hour) {
			if h := t.In(loc).Hour(); !hs[h] {
				hs[h] = true
				hours = append(hours, h)
			}
		}
		r.Generators = append(r.Generators, &plan.GenSpec{Name: "dst-v1", Seed: uint64(6700 + i), Count: busyboxWideJumpCount,
			Hours: hours, Dates: localDates(loc, lo, hi), Budget: busyboxWideBudget, PerLine: busyboxWidePerLine, Dialect: "busybox"})
		p.Recordings = append(p.Recordings, r)
	}
	return p
}
