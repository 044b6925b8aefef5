package cronsim

import (
	"iter"
	"time"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// maxPeriods bounds how many zone periods one Next or Prev walks through:
// about 400 years of twice-yearly transitions, the span in which any
// schedule that runs at all has a run.
const maxPeriods = 2 * 400 * 2

// Next returns the first time strictly after t at which Debian's cron
// daemon, running in t's location, starts the job, or the zero Time if
// it never does. Times are whole seconds: the start of the minute
// (or the second, with a seconds field) the daemon runs the job for.
//
// A schedule with a CRON_TZ= prefix evaluates in its own zone and
// returns times in it, whatever t's location.
//
// Daylight saving time is handled as the daemon does: a fixed-time job
// whose wall time is skipped by a forward transition runs once at the
// first minute after it, and does not run again when a backward
// transition repeats its wall time; a wildcard job runs at every real
// minute whose wall time matches (see Schedule.Wildcard and the package
// documentation).
func (s Schedule) Next(t time.Time) time.Time {
	if s.cal != nil {
		return s.cal.Next(t)
	}
	if r := s.rules(); r.next != nil {
		return r.next(s, t)
	}
	if s.never || s.second == 0 {
		return time.Time{}
	}
	if s.loc != nil {
		t = t.In(s.loc)
	}
	x := t.Unix() + 1 // runs fall on whole seconds
	loc := t.Location()
	if loc == time.UTC {
		if w, ok := s.nextWall(x, wallLimit); ok {
			return time.Unix(w, 0).UTC()
		}
		return time.Time{}
	}
	after := x
	p := periodAt(loc, x)
	for i := 0; i < maxPeriods; i++ {
		r, found, beyond := s.nextIn(loc, &p, x)
		if found {
			return time.Unix(r, 0).In(loc)
		}
		if p.end == unboundedEnd {
			break
		}
		// The first matching wall time from a day or two before the
		// period's end (see skipMargin); the search just made answers it
		// when it started no later and found nothing before it.
		lower := p.end + p.offset - skipMargin
		c, ok := beyond.at, beyond.ok
		if beyond.from > lower || (ok && c < lower) {
			c, ok = s.nextWall(lower, wallLimit)
		}
		if !ok {
			break
		}
		if u, ok := directRun(loc, c, after); ok {
			return time.Unix(u, 0).In(loc)
		}
		x = max(p.end, c-skipMargin)
		p = periodAt(loc, x)
	}
	return time.Time{}
}

// directRun returns the real instant of wall second c, the first
// matching wall time at or after the wall clock of the search (see
// skipMargin), when it is sure to be the next run: it lies in the normal
// part of a zone period that began well before c. Then no instant before
// it shows a wall time of c or later (every instant earlier than c minus
// the zone's largest offset shows less than c, and the rest share c's
// period and offset), and no skipped minute at a transition before it
// is c or later, so nothing runs in between.
func directRun(loc *time.Location, c, after int64) (int64, bool) {
	z := tableFor(loc)
	maxOff := int64(26 * 3600) // beyond any offset Go accepts
	if z != nil {
		maxOff = z.maxOffset
	}
	start, end, off := zoneIn(z, loc, c-maxOff)
	u := c - off
	if u < start || u >= end || u < after {
		return 0, false
	}
	if start != unboundedStart && start > c-maxOff-181*60-60 {
		return 0, false
	}
	return u, true
}

// skipMargin bounds how far wall time can fall behind real time's
// progress (a backward transition) or differ from it (an offset): a day
// each, with room to spare.
//
// It lets Next and Prev skip the zone periods between the runs of a
// sparse schedule. A run is due at a wall minute that matches; once the
// wall clock has passed some wall time W, no transition takes it back by
// more than a day, so nothing runs before the first matching wall time c
// at or after W minus the margin, and no instant with wall time c comes
// more than a day before c in real time: the search can go on from c
// minus the margin.
const skipMargin = 2 * secondsPerDay

// skipBack returns where a backward search from Unix second x can go on
// (see skipMargin).
func (s *Schedule) skipBack(x, offset int64) int64 {
	c, ok := s.prevWall(x+offset+skipMargin, -wallLimit)
	if !ok {
		return x
	}
	return min(x, c+skipMargin)
}

// A wallSearch is what a search of normal minutes found: the first
// matching wall second at or after from, if any ever matches.
type wallSearch struct {
	from, at int64
	ok       bool
}

// nextIn returns the first run at or after Unix second x within p. When
// there is none, beyond tells what its search of p's normal minutes found
// past the period's end, so the caller can skip ahead without searching
// the same months again.
func (s *Schedule) nextIn(loc *time.Location, p *period, x int64) (run int64, found bool, beyond wallSearch) {
	wx := x + p.offset
	wend := int64(wallLimit)
	if p.end != unboundedEnd {
		wend = p.end + p.offset
	}
	// Far enough from the period's start every wake-up is normal and the
	// entry need not be worked out.
	if p.start != unboundedStart && !p.resolved && wx < p.firstWake()+181*60 {
		p.resolve(loc, s.rules())
	}
	// An offset with seconds: the first wake-up came inside the wall
	// minute p.entry (wakeAfter), and every start for that minute is then.
	if p.resolved && p.wakeAt > p.entry-p.offset && wx < p.entry+60 {
		if x <= p.wakeAt && s.entryStarts(p) {
			return p.wakeAt, true, wallSearch{}
		}
		wx = p.entry + 60
	}
	if p.resolved && p.kind != entryNormal {
		if p.kind != entryShadow && wx < p.entry+60 {
			if s.entryRuns(p) {
				if sec, ok := nextBit(s.second, int(max(wx-p.entry, 0))); ok {
					return p.entry + int64(sec) - p.offset, true, wallSearch{}
				}
			}
		}
		if p.kind == entryShadow && s.Wildcard() && wx < p.shadowEnd {
			if w, ok := s.nextWall(max(wx, p.entry), min(p.shadowEnd, wend)); ok {
				return w - p.offset, true, wallSearch{}
			}
		}
		wx = max(wx, p.normalFrom())
	}
	w, ok := s.nextWall(wx, wallLimit)
	if ok && w < wend {
		return w - p.offset, true, wallSearch{}
	}
	return 0, false, wallSearch{from: wx, at: w, ok: ok}
}

// Prev returns the last time strictly before t at which Debian's cron
// daemon, running in t's location, started the job, or the zero Time if
// there is none. It mirrors Next. Since the zero Time means "none", a run
// at its instant (0001-01-01T00:00:00Z) reads as no run: Prev and
// Backward stop there even though earlier years have runs.
func (s Schedule) Prev(t time.Time) time.Time {
	if s.cal != nil {
		return s.cal.Prev(t)
	}
	if r := s.rules(); r.prev != nil {
		return r.prev(s, t)
	}
	if s.never || s.second == 0 {
		return time.Time{}
	}
	if s.loc != nil {
		t = t.In(s.loc)
	}
	x := t.Unix()
	if t.Nanosecond() == 0 {
		x--
	}
	loc := t.Location()
	if loc == time.UTC {
		if w, ok := s.prevWall(x, -wallLimit); ok {
			return time.Unix(w, 0).UTC()
		}
		return time.Time{}
	}
	p := periodAt(loc, x)
	for i := 0; i < maxPeriods; i++ {
		if r, ok := s.prevIn(loc, &p, x); ok {
			return time.Unix(r, 0).In(loc)
		}
		if p.start == unboundedStart {
			break
		}
		x = s.skipBack(p.start-1, p.offset)
		p = periodAt(loc, x)
	}
	return time.Time{}
}

// prevIn returns the last run at or before Unix second x within p.
func (s *Schedule) prevIn(loc *time.Location, p *period, x int64) (int64, bool) {
	wx := x + p.offset
	if p.start == unboundedStart {
		if w, ok := s.prevWall(wx, -wallLimit); ok {
			return w - p.offset, true
		}
		return 0, false
	}
	p.resolve(loc, s.rules())
	r, ok := s.prevResolved(p, wx)
	// An offset with seconds: the starts for the wall minute p.entry
	// came at p.wakeAt, after the minute's own beginning (wakeAfter);
	// only that minute's lie before it.
	if ok && r < p.wakeAt {
		if x < p.wakeAt {
			return 0, false
		}
		r = p.wakeAt
	}
	return r, ok
}

// prevResolved is prevIn in a resolved period, from wall second wx.
func (s *Schedule) prevResolved(p *period, wx int64) (int64, bool) {
	if p.kind == entryNormal {
		if w, ok := s.prevWall(wx, p.entry); ok {
			return w - p.offset, true
		}
		return 0, false
	}
	if w, ok := s.prevWall(wx, p.normalFrom()); ok {
		return w - p.offset, true
	}
	if p.kind == entryShadow {
		if s.Wildcard() {
			if w, ok := s.prevWall(min(wx, p.shadowEnd-1), p.entry); ok {
				return w - p.offset, true
			}
		}
		return 0, false
	}
	if wx >= p.entry && s.entryRuns(p) {
		if sec, ok := prevBit(s.second, int(min(wx-p.entry, 59))); ok {
			return p.entry + int64(sec) - p.offset, true
		}
	}
	return 0, false
}

// All returns the runs strictly after t in order, as Next would give them
// one by one. The sequence ends only if the schedule stops running (or
// after the year 285 million), so range over it with a break.
func (s Schedule) All(t time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for {
			t = s.Next(t)
			if t.IsZero() || !yield(t) {
				return
			}
		}
	}
}

// Backward returns the runs strictly before t, latest first, as Prev
// would give them one by one.
func (s Schedule) Backward(t time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for {
			t = s.Prev(t)
			if t.IsZero() || !yield(t) {
				return
			}
		}
	}
}

// Match reports whether the wall clock time of t, in t's location (or
// the schedule's own, with a CRON_TZ= prefix), matches the schedule's
// fields. Five-field schedules match the whole
// minute; with a seconds field the second must match too. Match knows
// nothing of daylight saving time: a fixed-time job "matches" 01:30 in a
// repeated hour twice, though the daemon runs it once (use Next for runs).
func (s Schedule) Match(t time.Time) bool {
	if s.cal != nil {
		return s.cal.Match(t)
	}
	if s.loc != nil {
		t = t.In(s.loc)
	}
	return s.MatchWall(t)
}

// MatchWall reports whether the wall clock reading of w (its date and
// time of day as they read in w's location) matches the schedule's
// fields. Unlike Match it ignores the schedule's own zone, so it can ask
// about a reading that no instant shows in that zone, such as 02:30 in a
// spring-forward gap, given as a time in UTC.
func (s Schedule) MatchWall(w time.Time) bool {
	if s.cal != nil {
		wu := clock.Wall(w)
		return s.cal.wallNext(wu.Add(-time.Microsecond)).Equal(wu)
	}
	if s.never {
		return false
	}
	_, off := w.Zone()
	wall := w.Unix() + int64(off)
	sec := floorDiv(wall, 60)
	if s.hasSeconds && s.second&(1<<(wall-sec*60)) == 0 {
		return false
	}
	return s.minuteMatches(sec * 60)
}
