package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// Daylight saving time notes for the runs next and prev print. They are
// worked out from the public API only: a run whose wall time does not
// Match the schedule stands for runs skipped by a forward transition, and
// a run whose wall time occurs twice in its zone is in a repeated period.

// clockCorrection is the shift from which the daemon treats a change of
// the clock as a correction rather than daylight saving time.
const clockCorrection = 3 * time.Hour

// A shift is a change of a zone's UTC offset.
type shift struct {
	at       time.Time     // the first instant of the new offset
	delta    time.Duration // new offset minus old offset
	wallNew  time.Time     // wall time at `at` with the new offset (as UTC)
	wallPrev time.Time     // wall time at `at` with the old offset (as UTC)
}

// shiftAt returns the offset change that starts at start, the beginning
// of a zone period of start's location.
func shiftAt(start time.Time) (shift, bool) {
	if start.IsZero() {
		return shift{}, false
	}
	_, newOff := start.Zone()
	_, oldOff := start.Add(-time.Nanosecond).Zone()
	if newOff == oldOff {
		return shift{}, false
	}
	u := start.UTC()
	return shift{
		at:       start,
		delta:    time.Duration(newOff-oldOff) * time.Second,
		wallNew:  u.Add(time.Duration(newOff) * time.Second),
		wallPrev: u.Add(time.Duration(oldOff) * time.Second),
	}, true
}

// wall returns the wall clock time of t as a UTC time.
func wall(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

// matchingWalls returns the wall minutes in [from, to) at which the
// schedule matches (at any second of the minute).
func matchingWalls(s cronsim.Schedule, from, to time.Time) []time.Time {
	var out []time.Time
	for w := from.Truncate(time.Minute); w.Before(to); w = w.Add(time.Minute) {
		for sec := 0; sec < 60; sec++ {
			if s.Match(w.Add(time.Duration(sec) * time.Second)) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// describeWalls names a list of wall minutes: "01:30", "01:00 and 01:30",
// "60 runs from 01:00 through 01:59".
func describeWalls(ws []time.Time) string {
	f := func(t time.Time) string { return t.Format("15:04") }
	switch {
	case len(ws) == 1:
		return f(ws[0])
	case len(ws) <= 3:
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = f(w)
		}
		return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
	}
	return fmt.Sprintf("%d runs from %s through %s", len(ws), f(ws[0]), f(ws[len(ws)-1]))
}

// period names a repeated or skipped stretch: "hour", "30 minutes".
func period(d time.Duration) string {
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
	return strings.TrimSuffix(d.String(), "0s")
}

func transitionName(d time.Duration) string {
	switch {
	case d >= clockCorrection || d <= -clockCorrection-time.Minute:
		return "clock correction of " + signed(d)
	case d > 0:
		return "spring transition"
	}
	return "fall transition"
}

// signed writes a shift as "+1h", "-30m", "+24h", "+1h30m".
func signed(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	text := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return sign + text
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}

// runNote explains how daylight saving time changed the run t of s, or
// returns "" when the run is an ordinary one.
func runNote(s cronsim.Schedule, t time.Time) string {
	start, end := t.ZoneBounds()
	wt := wall(t)
	var notes []string

	// A forward transition just before t.
	if sh, ok := shiftAt(start); ok && sh.delta > 0 {
		if prev := s.Prev(t); prev.IsZero() || prev.Before(sh.at) {
			skipped := matchingWalls(s, sh.wallPrev, sh.wallNew)
			catchUp := sh.delta < clockCorrection && (!s.Wildcard() || sh.delta <= 4*time.Minute)
			day := ""
			if len(skipped) > 0 && skipped[0].YearDay() != wt.YearDay() {
				day = " on " + skipped[0].Format("2006-01-02")
			}
			switch {
			case len(skipped) == 0:
			case catchUp && t.Sub(sh.at) < time.Minute && !s.Match(t) && len(skipped) == 1:
				notes = append(notes, fmt.Sprintf("moved from %s%s: skipped by the %s", describeWalls(skipped), day, transitionName(sh.delta)))
			case catchUp && t.Sub(sh.at) < time.Minute:
				n := len(skipped)
				if s.Match(t) {
					n++
				}
				notes = append(notes, fmt.Sprintf("stands for %s%s, skipped by the %s: started %s at this minute", describeWalls(skipped), day, transitionName(sh.delta), times(n)))
			case !catchUp:
				why := "wildcard job"
				if sh.delta >= clockCorrection {
					why = "no catch-up"
				}
				notes = append(notes, fmt.Sprintf("no run at %s%s: lost in the %s (%s)", describeWalls(skipped), day, transitionName(sh.delta), why))
			}
		}
	}

	// The second pass of a repeated period after a backward transition.
	if sh, ok := shiftAt(start); ok && sh.delta < 0 && t.Sub(sh.at) < -sh.delta {
		if sh.delta > -clockCorrection-time.Minute {
			if s.Wildcard() {
				notes = append(notes, "runs twice: wildcard job in the repeated "+period(sh.delta))
			}
		} else {
			notes = append(notes, "runs again: the "+transitionName(sh.delta)+" repeats this time")
		}
	}

	// The first pass of a repeated period before a backward transition.
	if sh, ok := shiftAt(end); ok && sh.delta < 0 && sh.at.Sub(t) <= -sh.delta {
		switch {
		case sh.delta <= -clockCorrection-time.Minute:
			notes = append(notes, "runs twice: the "+transitionName(sh.delta)+" repeats this time")
		case s.Wildcard():
			notes = append(notes, "runs twice: wildcard job in the repeated "+period(sh.delta))
		case s.Match(t):
			notes = append(notes, "not repeated: fixed-time job in the repeated "+period(sh.delta))
		}
	}
	return strings.Join(notes, "; ")
}
