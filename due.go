package cronsim

import (
	"iter"
	"time"
)

// A monitoring service (a dead man's switch) is pinged each time a job
// starts and must decide when the silence means the job is late. The
// answer is the job's next start after the last ping, as the daemon
// makes it, plus a grace period: which is exactly Next, with the
// daemon's zone. This file adds the grace period and says why a due
// time differs from the next matching wall time, so a monitor can tell
// its users.

// A Due is when a monitored job's next start is due.
type Due struct {
	// At is the daemon's next start of the job after the last observed
	// start, in the daemon's zone (the zero Time if it never runs again).
	At time.Time
	// Deadline is At plus the grace period: with no start observed by
	// then, the job is late.
	Deadline time.Time
	// Note says why At is not simply the next matching wall time.
	Note DueNote
}

// Late reports whether a job with no start observed since the last one
// is late at now.
func (d Due) Late(now time.Time) bool {
	return !d.At.IsZero() && now.After(d.Deadline)
}

// A DueNote tells why a due time is unusual.
type DueNote uint8

const (
	// DueOnTime: At is the next time whose wall clock matches the
	// schedule, and nothing between the last start and At was skipped.
	DueOnTime DueNote = iota
	// DueCaughtUp: the clocks sprang forward over the job's time (a gap
	// of up to 3 hours), and the daemon runs a fixed-time job at the
	// first minute after the gap, whose wall time does not match.
	DueCaughtUp
	// DueNotRepeated: the clocks fell back and showed a matching wall
	// time a second time, but the daemon does not run a fixed-time job
	// twice: At comes after that repeated time.
	DueNotRepeated
	// DueRepeated: a wildcard job (Schedule.Wildcard) runs again at At,
	// a wall time the clocks show a second time after falling back.
	DueRepeated
	// DueSkipped: a wildcard job's matching wall time fell into a gap
	// when the clocks sprang forward, and the daemon does not make it up.
	DueSkipped
	// DueCorrection: the zone's offset changed by more than 3 hours,
	// which the daemon treats as a clock correction: matching wall times
	// in a skipped span are lost, and in a repeated span every job runs
	// again.
	DueCorrection
)

var dueNoteNames = [...]string{"on time", "caught up after a gap", "not repeated in a fall-back", "repeated in a fall-back", "skipped in a gap", "clock correction"}

// String returns the note's name, the text MarshalText gives too.
func (n DueNote) String() string {
	if int(n) < len(dueNoteNames) {
		return dueNoteNames[n]
	}
	return "DueNote(?)"
}

// MarshalText gives the note's name, for JSON output.
func (n DueNote) MarshalText() ([]byte, error) { return []byte(n.String()), nil }

// NextDue returns when the job's next start is due after the last
// observed start, for the schedule's daemon (Schedule.Daemon) running in
// loc (a schedule's CRON_TZ= prefix takes its place; nil is UTC), and
// the deadline grace later after which the job is late (a negative
// grace counts as none).
// At and Deadline are in the zone the schedule is evaluated in.
//
// last is best the start the daemon made (the time a job's first ping
// reports); a start caught up in a burst (see StartsBetween) and its
// repeats all give the same answer.
//
// The grace covers how late the daemon may start a job: a second or two
// normally. When jobs run long, a catch-up after a forward gap is slower:
// the daemon sleeps up to 10 seconds after each caught-up minute in which
// it started a job still running, so allow 10 seconds more per minute of
// the gap (the slow-job recordings of the conformance corpus started jobs
// up to 5 minutes after a 60-minute gap).
//
// NextDue judges nothing but silence after one ping: a ping a second or
// two early is taken for the previous start, and starts missed between
// two pings go unseen. A monitor should use Check.Verdict, which has an
// early tolerance, counts missed starts and computes the daemon's
// allowance. Migration: Check{Schedule: s, Location: loc, Grace: grace,
// Early: -1}.Verdict(Pings{Start: last}, now) has NextDue's At and Note
// as Due and Note; its Deadline adds Verdict.Allowance (the daemon's
// start lag, and a slow catch-up's share when Check.JobDuration is set).
func NextDue(s Schedule, loc *time.Location, last time.Time, grace time.Duration) Due {
	if s.loc != nil {
		loc = s.loc
	} else if loc == nil {
		loc = time.UTC
	}
	at := s.Next(last.In(loc))
	if at.IsZero() {
		return Due{}
	}
	return Due{At: at, Deadline: at.Add(max(grace, 0)), Note: s.dueNote(loc, last.Unix(), at.Unix())}
}

// maxDuePeriods bounds the zone periods dueNote looks through; a due
// time decades after the last start has a note from its first ones.
const maxDuePeriods = 400

// dueNote explains the run at Unix second at, the first after last.
func (s *Schedule) dueNote(loc *time.Location, last, at int64) DueNote {
	r := s.rules()
	if !r.virtualClock {
		return s.wallDueNote(loc, last, at) // BusyBox: no catch-up, no hold-back
	}
	p := periodAt(loc, at)
	if p.start != unboundedStart {
		p.resolve(loc, r)
	}
	wall := floor60(at + p.offset)
	if !s.minuteMatches(wall) {
		return DueCaughtUp // only a catch-up runs at a minute that does not match
	}
	if p.kind == entryShadow && wall < p.shadowEnd {
		return DueRepeated
	}
	// Look at every offset change between the two starts.
	for q, next := range offsetChanges(loc, last, at) {
		b := q.end // the instant of the change
		jump := next.offset - q.offset
		switch {
		case jump > 0:
			// Wall minutes that never happened: [b+q.offset, b+next.offset).
			from, to := ceil60(b+q.offset), floor60(b+next.offset-1)
			if from <= to && s.anyMinuteMatches(from, to) {
				switch {
				case r.classify(-floorDiv(-jump, 60)) == wakeCorrection:
					// The jump in whole minutes, rounded up, taken as
					// the wake-up's timeDiff: a jump of more than
					// forwardMax minutes. (The iterator's wake-up after a
					// jump of J minutes sees J+1: at J = forwardMax
					// exactly the two disagree; issue 18 owns the note.)
					return DueCorrection
				case s.Wildcard():
					return DueSkipped
				default:
					return DueCaughtUp // at the gap's end, with the minute there
				}
			}
		case jump < 0:
			// Wall minutes shown twice: [b+next.offset, b+q.offset), the
			// second time at instants [b, b-jump).
			from, to := ceil60(b+next.offset), floor60(b+q.offset-1)
			if r.classify(floorDiv(jump, 60)) == wakeCorrection {
				if at-b < -jump {
					return DueCorrection
				}
				break
			}
			if !s.Wildcard() && from <= to {
				// A matching minute whose second showing lies between
				// the two starts.
				lo := max(from, ceil60(last+1+next.offset))
				hi := min(to, floor60(at-1+next.offset))
				if lo <= hi && s.anyMinuteMatches(lo, hi) {
					return DueNotRepeated
				}
			}
		}
	}
	return DueOnTime
}

// offsetChanges yields each change of loc's UTC offset at an instant in
// (from, to], Unix seconds, as the periods before and after it (the
// instant is the first one's end), the first maxDuePeriods of them.
func offsetChanges(loc *time.Location, from, to int64) iter.Seq2[period, period] {
	return func(yield func(before, after period) bool) {
		x := from
		for i := 0; i < maxDuePeriods; i++ {
			q := periodAt(loc, x)
			if q.end == unboundedEnd || q.end > to || !yield(q, periodAt(loc, q.end)) {
				return
			}
			x = q.end
		}
	}
}

// StartsBetween returns how many times the schedule's daemon
// (Schedule.Daemon), running steadily in loc (a schedule's CRON_TZ= prefix takes its place; nil is
// UTC), starts the job at instants after from and no later than to: the
// pings a monitor should have seen. A catch-up counts as the daemon
// counts it: when clocks spring forward over "0-59 1 * * *", the job
// starts 60 times in the first minute after the gap. With a seconds
// field every matching second is one start. The work is proportional to
// the number of starts; StartsBetween stops counting at limit starts, to
// bound it (limit <= 0: no bound).
func StartsBetween(s Schedule, loc *time.Location, from, to time.Time, limit int) int {
	if s.loc != nil {
		loc = s.loc
	} else if loc == nil {
		loc = time.UTC
	}
	n := 0
	for t := s.Next(from.In(loc)); !t.IsZero() && !t.After(to); t = s.Next(t) {
		n += s.burst(loc, t.Unix())
		if limit > 0 && n >= limit {
			return limit
		}
	}
	return n
}

// burst returns how many starts the daemon makes at the run at Unix
// second u: one, or at the first wake-up after a forward jump, one for
// each matching minute it catches up (every job after a 2-5 minute
// jump, fixed-time jobs after a 6-180 minute one).
func (s *Schedule) burst(loc *time.Location, u int64) int {
	if s.hasSeconds {
		return 1
	}
	p := periodAt(loc, u)
	if p.start == unboundedStart || u+p.offset >= p.firstWake()+60 {
		return 1
	}
	p.resolve(loc, s.rules())
	if u+p.offset >= p.entry+60 {
		return 1 // the entry came a minute before firstWake (an offset with seconds)
	}
	if p.kind == entryCatchAll || p.kind == entryForward && !s.Wildcard() {
		if n := s.countMinutes(p.catchFrom, p.entry); n > 0 {
			return n
		}
	}
	return 1
}

// countMinutes returns how many wall minutes in [from, to] (wall seconds,
// multiples of 60) match the day, hour and minute fields.
func (s *Schedule) countMinutes(from, to int64) int {
	t := *s
	t.second = 1
	n := 0
	for w := from; w <= to; w += 60 {
		m, ok := t.nextWall(w, to+1)
		if !ok {
			break
		}
		n++
		w = m
	}
	return n
}
