package cronsim

import (
	"math"
	"time"
)

// How Debian's cron daemon lives through a change of UTC offset (the main
// loop of cron.c in Debian's cron 3.0pl1 source package, -162 in Debian
// 12, -197 in 13: its timeDiff cases). The daemon counts local minutes and
// wakes once per real minute. When the local minute it wakes in is not
// the one after the minute it last handled, timeDiff = (minute now) -
// (virtual minute last handled) decides:
//
//	1         normal: every job matching the minute
//	2..5      woke late: every job matching any skipped minute
//	6..180    DST forward: wildcard jobs matching now, fixed-time jobs
//	          matching any skipped minute
//	-179..0   DST backward: wildcard jobs matching now; the virtual
//	          minute stays, so until the wall clock passes it again
//	          only wildcard jobs run
//	otherwise clock correction: every job matching the minute
//
// A zone period is a stretch of real time with one offset. Its first
// wake-up (the entry) is where timeDiff can differ from 1; every later
// wake-up in it is normal, or "shadowed" (wildcard-only) while the wall
// clock re-lives minutes the daemon already handled.

type entryKind uint8

const (
	entryNormal   entryKind = iota // timeDiff 1, or a clock correction
	entryCatchAll                  // timeDiff 2..5
	entryForward                   // timeDiff 6..180
	entryShadow                    // timeDiff -179..0
)

const (
	unboundedStart = math.MinInt64
	unboundedEnd   = math.MaxInt64
)

// period is one zone period as the daemon lives it. Times are Unix
// seconds (start, end) or wall seconds (the rest).
type period struct {
	start, end int64 // [start, end) in Unix seconds; unbounded at either side
	offset     int64 // seconds east of UTC

	resolved bool
	kind     entryKind
	entry    int64 // wall second of the first wake-up
	// wakeAt is the Unix second of the first wake-up: entry's instant,
	// or later when an offset has seconds (wakeAfter).
	wakeAt int64
	// For entryCatchAll and entryForward: the first virtual minute caught
	// up at the entry (timeDiff counts the minutes from it to entry).
	catchFrom int64
	// For entryShadow: wake-ups at wall minutes in [entry, shadowEnd) run
	// wildcard jobs only.
	shadowEnd int64
}

// ceil60 and floor60 round wall seconds to minute boundaries.
func ceil60(w int64) int64  { return -floorDiv(-w, 60) * 60 }
func floor60(w int64) int64 { return floorDiv(w, 60) * 60 }

// firstWake is the wall second of the first wake-up in p.
func (p *period) firstWake() int64 {
	if p.start == unboundedStart {
		return math.MinInt64 / 2
	}
	return ceil60(p.start + p.offset)
}

// wakeAfter returns the wall minute (as a wall second) and the Unix
// second of the daemon's first wake-up in p when the previous period's
// offset was prevOffset. The daemon sleeps until the next minute of the
// clock it read before sleeping, so it wakes at the old offset's minute
// boundary; when an offset has seconds that instant falls inside a wall
// minute of p, which the daemon then handles (Africa/Monrovia 1972,
// -00:44:30 to +00: it wakes at 00:44:30Z, reads 00:44:30 and handles
// minute 00:44, conformance/corpus/bookworm-monrovia-1972-offset-gen.json).
// With whole-minute offsets this is firstWake.
func (p *period) wakeAfter(prevOffset int64) (wall, at int64) {
	at = p.start + floorMod(-(p.start+prevOffset), 60)
	return floor60(at + p.offset), at
}

// lastWake is the wall second of the last wake-up in p.
func (p *period) lastWake() int64 {
	if p.end == unboundedEnd {
		return math.MaxInt64 / 2
	}
	return floor60(p.end - 1 + p.offset)
}

// virtualAtEnd is the daemon's virtual minute (as a wall second) after
// the last wake-up of p: the last wake-up itself, unless the period ends
// while the daemon is still waiting for the wall clock to catch up.
func (p *period) virtualAtEnd() int64 {
	last := p.lastWake()
	if p.kind == entryShadow && p.shadowEnd > last+60 {
		return p.shadowEnd - 60
	}
	return last
}

// maxResolveDepth bounds the walk back over short zone periods; real
// zones have periods far longer than the 3 hours a shadow can last.
const maxResolveDepth = 32

// resolve works out how the daemon enters p, from its state at the end of
// the previous period.
func (p *period) resolve(loc *time.Location, r *daemonRules) {
	p.resolveDepth(loc, r, 0)
}

func (p *period) resolveDepth(loc *time.Location, r *daemonRules, depth int) {
	if p.resolved {
		return
	}
	p.resolved = true
	p.entry = p.firstWake()
	p.wakeAt = p.entry - p.offset
	// A daemon without a virtual clock (BusyBox) enters every period
	// normally: it runs each real minute's wall time, gaps lost and
	// repeats run again.
	if p.start == unboundedStart || !r.virtualClock {
		return
	}
	prev := periodAt(loc, p.start-1)
	// A period long enough to outlast any shadow ends in the normal state;
	// only a short one needs to know how it was entered.
	if depth < maxResolveDepth && prev.lastWake()-prev.firstWake() < 181*60 {
		prev.resolveDepth(loc, r, depth+1)
	} else {
		prev.resolved = true
		prev.entry = prev.firstWake()
		prev.wakeAt = prev.entry - prev.offset
	}
	p.entry, p.wakeAt = p.wakeAfter(prev.offset)
	p.enterAfter(prev.virtualAtEnd(), r)
}

// enterAfter sets p's entry state given the daemon's virtual minute v
// (wall second) before p's first wake-up at p.entry.
func (p *period) enterAfter(v int64, r *daemonRules) {
	p.resolved = true
	switch r.classify((p.entry - v) / 60) {
	case wakeLate:
		p.kind, p.catchFrom = entryCatchAll, v+60
	case wakeForward:
		p.kind, p.catchFrom = entryForward, v+60
	case wakeBackward:
		p.kind, p.shadowEnd = entryShadow, v+60
	default:
		p.kind = entryNormal // on time, or a clock correction: the new time is used at once
	}
}

// entryRuns reports whether the daemon starts the job at p's entry
// wake-up when that wake-up catches up on skipped minutes.
func (s *Schedule) entryRuns(p *period) bool {
	switch p.kind {
	case entryCatchAll:
		return s.anyMinuteMatches(p.catchFrom, p.entry)
	case entryForward:
		if s.Wildcard() {
			return s.minuteMatches(p.entry)
		}
		return s.anyMinuteMatches(p.catchFrom, p.entry)
	}
	return s.minuteMatches(p.entry) // shadow entries are searched as shadow
}

// entryStarts reports whether the daemon starts the job at p's first
// wake-up, whatever the kind of entry.
func (s *Schedule) entryStarts(p *period) bool {
	if p.kind == entryShadow {
		return s.Wildcard() && s.minuteMatches(p.entry)
	}
	return s.entryRuns(p)
}

// normalFrom is the wall second from which every wake-up of p is normal.
func (p *period) normalFrom() int64 {
	switch p.kind {
	case entryNormal:
		return p.entry
	case entryShadow:
		return p.shadowEnd
	}
	return p.entry + 60
}
