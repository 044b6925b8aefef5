package main

import "fmt"

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
}

const (
	busyboxWideCount   = 400  // generated lines per window
	busyboxWideBudget  = 2500 // estimated starts per window (the guest runs ~35 starts/s)
	busyboxWidePerLine = 30
)

// busyboxWidePlan: the same generator and window shape as busyboxPlan's
// transitions (dst-v1, busybox dialect, transition -2 h .. +3 h), more
// lines, other seeds, and names ending in -wide.
func busyboxWidePlan() plan {
	p := plan{Comment: "BusyBox crond 1.37 (Debian 13 package busybox-static, guest trixie-busybox), more windows and longer crontabs than busybox.json: generated expressions (dst-v1, busybox dialect) across the 30- and 45-minute zones' changes both ways, New York both ways, Havana's midnight spring, Apia 2011 and Troll's two-hour spring."}
	for i, key := range busyboxWideDSTs {
		d := findDST(key)
		r := daemonDST("trixie-busybox", "busybox", "busybox", d, uint64(6500+i))
		r.Name = fmt.Sprintf("busybox-%s-%s-%s-wide", d.slug, d.year, d.season)
		r.Generator.Count = busyboxWideCount
		r.Generator.Budget = busyboxWideBudget
		r.Generator.PerLine = busyboxWidePerLine
		p.Recordings = append(p.Recordings, r)
	}
	return p
}
