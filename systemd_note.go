package cronsim

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// calendarNote is Note for a systemd timer: calendar_spec_next_usec
// searches wall times the clock shows, so a time in a spring-forward gap
// elapses not at all that day (systemd issue 5595) and a time the clock
// shows twice elapses once, in its first pass (issue 8647; a repetition
// such as *:0/15 as well: its search goes on from the wall time after
// the last elapse, past the second pass). The notes say what the
// elapses around t are, so they hold where systemd does otherwise.
func (s Schedule) calendarNote(t time.Time) string {
	if loc := s.cal.Location(); loc != nil {
		t = t.In(loc)
	}
	name := s.rules().title
	start, end := t.ZoneBounds()
	var notes []string
	if sh, ok := shiftAt(start); ok && sh.delta > 0 {
		if prev := s.Prev(t); prev.IsZero() || prev.Before(sh.at) {
			if skipped := s.cal.wallMinutes(wallTime(sh.wallPrev), wallTime(sh.wallNew)); len(skipped) > 0 {
				day := ""
				if skipped[0].YearDay() != clock.Wall(t).YearDay() {
					day = " on " + skipped[0].Format("2006-01-02")
				}
				notes = append(notes, fmt.Sprintf("no run at %s%s: lost in the spring transition (%s elapses only at wall times the clock shows)",
					noteDescribeWalls(skipped), day, name))
			}
		}
	}
	// A wall time the clock shows twice: whether the other pass elapses
	// too is read from the sequence of elapses, not assumed (in Moscow's
	// change of 2014, which kept the daylight saving flag, systemd
	// elapsed in the second pass only: DAEMONS.md). A timer's next
	// elapse is searched from its last, so Match, a fresh search, would
	// not say.
	twice := "runs twice: " + name + " elapses at both passes of the repeated "
	if sh, ok := shiftAt(end); ok && sh.delta < 0 && sh.at.Sub(t) <= -sh.delta {
		switch again, known := s.calendarReaches(t, t.Add(-sh.delta)); {
		case !known:
		case again:
			notes = append(notes, twice+notePeriod(sh.delta))
		default:
			notes = append(notes, "not repeated: "+name+" elapses once at a wall time the clock shows twice, in its first pass")
		}
	}
	if sh, ok := shiftAt(start); ok && sh.delta < 0 && t.Sub(sh.at) < -sh.delta {
		first := t.Add(sh.delta)
		if s.Prev(first.Add(time.Microsecond)).Equal(first) {
			notes = append(notes, twice+notePeriod(sh.delta))
		} else {
			notes = append(notes, "runs once, in the second pass: "+name+" did not elapse at this wall time's first occurrence")
		}
	}
	return strings.Join(notes, "; ")
}

// wallNext returns the first elapse after the wall reading w (given as
// UTC) on a clock whose offset never changes, whatever zone the
// specification names, as a wall reading (UTC): the wall times the
// specification names, for Schedule.MatchWall.
func (c *Calendar) wallNext(w time.Time) time.Time {
	bare := *c
	bare.utc, bare.zone, bare.zoneName = true, nil, ""
	n, r := bare.next(w.Unix()*usecPerSec+int64(w.Nanosecond()/1000), nil)
	if r != calFound {
		return time.Time{}
	}
	return time.UnixMicro(n).UTC()
}

// wallMinutes returns the wall minutes in [from, to) (wall readings as
// UTC) in which the specification names a time.
func (c *Calendar) wallMinutes(from, to time.Time) []time.Time {
	var out []time.Time
	for w := c.wallNext(from.Add(-time.Microsecond)); !w.IsZero() && w.Before(to); w = c.wallNext(w.Truncate(time.Minute).Add(time.Minute - time.Microsecond)) {
		out = append(out, w.Truncate(time.Minute))
	}
	return out
}

// calendarReaches reports whether the elapses after t reach target;
// known is false when more than calNoteSteps elapses come between.
func (s Schedule) calendarReaches(t, target time.Time) (reaches, known bool) {
	for range calNoteSteps {
		t = s.Next(t)
		if t.IsZero() || t.After(target) {
			return false, true
		}
		if t.Equal(target) {
			return true, true
		}
	}
	return false, false
}

// calNoteSteps bounds the elapses calendarNote walks through a repeated
// period: every second of two hours.
const calNoteSteps = 2 * 3600
