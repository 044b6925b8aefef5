package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// Daylight saving time helpers for check. The notes that next and prev
// print are the library's (Schedule.Note), shared with the playground.

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

// runNote explains how daylight saving time changed the run t of s, or
// returns "" when the run is an ordinary one: the library's own notes, so
// that the CLI and the playground say the same.
func runNote(s cronsim.Schedule, t time.Time) string { return s.Note(t) }

// wall returns the wall clock time of t as a UTC time.
func wall(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}
