package cronsim

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// Note explains in a few words how daylight saving time (or a clock
// correction in the zone's rules) treated the run t of s, a time returned
// by [Schedule.Next], [Schedule.Prev], [Schedule.All] or
// [Schedule.Backward] in the daemon's location. It returns "" for an
// ordinary run. The notes are the ones the cronsim command prints after
// "  # " and the playground shows:
//
//	moved from 01:30: skipped by the spring transition
//	stands for 60 runs from 01:00 through 01:59, skipped by the spring transition: started 60 times at this minute
//	no run at 01:30: lost in the spring transition (wildcard job)
//	runs twice: wildcard job in the repeated hour
//	not repeated: fixed-time job in the repeated hour
//
// Note only reads the zone's offsets around t and the schedule; it is
// meant for the handful of runs a person looks at, not for a hot loop.
func (s Schedule) Note(t time.Time) string {
	if s.cal != nil {
		return s.calendarNote(t)
	}
	if s.loc != nil {
		t = t.In(s.loc)
	}
	start, end := t.ZoneBounds()
	wt := clock.Wall(t)
	var notes []string
	th := noteThresholdsOf(&s)
	wildcard := s.Wildcard() || th.wallClock
	kind := "wildcard job"
	if !s.Wildcard() && th.wallClock {
		kind = th.name + " matches wall time"
	}

	// A forward transition just before t.
	if sh, ok := shiftAt(start); ok && sh.delta > 0 {
		if prev := s.Prev(t); prev.IsZero() || prev.Before(sh.at) {
			skipped := clock.WallMinutes(s.MatchWall, s.second&^1 != 0, wallTime(sh.wallPrev), wallTime(sh.wallNew), math.MaxInt)
			correction := th.correction(sh.delta)
			catchUp := !correction && (!wildcard || th.lateCatchUp(sh.delta))
			day := ""
			if len(skipped) > 0 && skipped[0].YearDay() != wt.YearDay() {
				day = " on " + skipped[0].Format("2006-01-02")
			}
			name := th.transitionName(sh.delta)
			switch {
			case len(skipped) == 0:
			case catchUp && t.Sub(sh.at) < time.Minute && !s.Match(t) && len(skipped) == 1:
				notes = append(notes, fmt.Sprintf("moved from %s%s: skipped by the %s", noteDescribeWalls(skipped), day, name))
			case catchUp && t.Sub(sh.at) < time.Minute:
				n := len(skipped)
				if s.Match(t) {
					n++
				}
				notes = append(notes, fmt.Sprintf("stands for %s%s, skipped by the %s: started %s at this minute", noteDescribeWalls(skipped), day, name, noteTimes(n)))
			case !catchUp:
				why := kind
				if correction {
					why = "no catch-up"
				}
				notes = append(notes, fmt.Sprintf("no run at %s%s: lost in the %s (%s)", noteDescribeWalls(skipped), day, name, why))
			}
		}
	}

	// The second pass of a repeated period after a backward transition.
	if sh, ok := shiftAt(start); ok && sh.delta < 0 && t.Sub(sh.at) < -sh.delta {
		if !th.correction(sh.delta) {
			if wildcard {
				notes = append(notes, "runs twice: "+kind+" in the repeated "+notePeriod(sh.delta))
			}
		} else {
			notes = append(notes, "runs again: the "+th.transitionName(sh.delta)+" repeats this time")
		}
	}

	// The first pass of a repeated period before a backward transition.
	if sh, ok := shiftAt(end); ok && sh.delta < 0 && sh.at.Sub(t) <= -sh.delta {
		switch {
		case th.correction(sh.delta):
			notes = append(notes, "runs twice: the "+th.transitionName(sh.delta)+" repeats this time")
		case wildcard:
			notes = append(notes, "runs twice: "+kind+" in the repeated "+notePeriod(sh.delta))
		case s.Match(t):
			notes = append(notes, "not repeated: fixed-time job in the repeated "+notePeriod(sh.delta))
		}
	}
	// robfig/cron's walk (Kubernetes) steps hours in real time, so across
	// a change of less than an hour it can stop at a wall time the
	// schedule does not name (Lord Howe "45 1 * * *" at 02:45 +11).
	if s.rules().next != nil && s.every == 0 && !s.Match(t) {
		notes = append(notes, "at "+wt.Format("15:04")+", a wall time the schedule does not name: robfig/cron steps hours in real time across the offset change")
	}
	return strings.Join(notes, "; ")
}

// noteThresholds are how a daemon (its row of daemon.go's table) sees a
// shift of d: the wake-up after it sees a timeDiff of d+1 minute, which
// its classify names.
type noteThresholds struct {
	name string
	// wallClock: the daemon runs every job at each real minute whose wall
	// time matches (BusyBox, a cronie job with its own zone): no catch-up,
	// no hold-back, no correction.
	wallClock bool
	rules     *daemonRules
}

func noteThresholdsOf(s *Schedule) noteThresholds {
	r := s.rules()
	if !r.virtualClock {
		return noteThresholds{name: r.title, wallClock: true, rules: r}
	}
	return noteThresholds{name: r.name, rules: r}
}

// correction reports whether the daemon takes a shift of d for a clock
// correction: d's whole minutes (toward zero) plus one is beyond its
// thresholds.
func (th noteThresholds) correction(d time.Duration) bool {
	return !th.wallClock && th.rules.classify(int64(d/time.Minute)+1) == wakeCorrection
}

// lateCatchUp reports whether wildcard jobs still catch up after a
// forward shift of d: d's minutes, rounded up, plus one, make a late
// wake-up at most.
func (th noteThresholds) lateCatchUp(d time.Duration) bool {
	if th.wallClock {
		return false
	}
	k := th.rules.classify(-floorDiv(-int64(d), int64(time.Minute)) + 1)
	return k == wakeOnTime || k == wakeLate
}

// noteDescribeWalls names a list of wall minutes (wall readings as UTC)
// as the lint names them (wallRuns.String): "01:30", "01:00 and 01:30",
// "60 runs from 01:00 through 01:59".
func noteDescribeWalls(ws []time.Time) string {
	r := wallRuns{n: len(ws), last: ws[len(ws)-1].Unix()}
	for i := range min(len(ws), len(r.first)) {
		r.first[i] = ws[i].Unix()
	}
	return r.String()
}

// notePeriod names a repeated or skipped stretch: "hour", "30 minutes".
func notePeriod(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d == time.Hour:
		return "hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d < time.Hour:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	}
	return clock.Span(d)
}

// transitionName names a shift as the daemon sees it: "spring
// transition", "fall transition", "clock correction of +24h".
func (th noteThresholds) transitionName(d time.Duration) string {
	switch {
	case th.correction(d):
		return "clock correction of " + clock.Shift(d)
	case d > 0:
		return "spring transition"
	}
	return "fall transition"
}

func noteTimes(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
