// Package clock holds the wall-clock helpers that the library and its
// front ends (the cronsim command and the playground's page, which import
// the library) both need: reading a wall clock, finding a zone's changes
// of offset, the wall minutes a schedule matches, and writing a span or a
// shift of the clock. It is
// internal, below both, so that they share one copy without the library
// exporting it.
package clock

import (
	"iter"
	"strings"
	"time"
)

// Wall returns the wall clock reading of t as a UTC time.
func Wall(t time.Time) time.Time {
	_, off := t.Zone()
	return t.UTC().Add(time.Duration(off) * time.Second)
}

// Shifts yields the instants in (t, limit] at which the UTC offset of
// t's location changes, in order (a change of the zone's name or DST flag
// alone is none), looking through 1000 zone periods at most.
func Shifts(t, limit time.Time) iter.Seq[time.Time] {
	return func(yield func(time.Time) bool) {
		for range 1000 {
			_, end := t.ZoneBounds()
			if end.IsZero() || end.After(limit) || !end.After(t) {
				return
			}
			_, newOff := end.Zone()
			_, oldOff := end.Add(-time.Nanosecond).Zone()
			if newOff != oldOff && !yield(end) {
				return
			}
			t = end
		}
	}
}

// WallMinutes lists the wall minutes in [from, to) (wall readings given
// as UTC) at which match holds at some second, at most max of them.
// match is asked about second 0 of each minute only, unless seconds says
// that a later second can match.
func WallMinutes(match func(wall time.Time) bool, seconds bool, from, to time.Time, max int) []time.Time {
	var out []time.Time
	last := 0
	if seconds {
		last = 59
	}
	for w := from.Truncate(time.Minute); w.Before(to) && len(out) < max; w = w.Add(time.Minute) {
		for sec := 0; sec <= last; sec++ {
			if match(w.Add(time.Duration(sec) * time.Second)) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}

// Span writes d as time.Duration does without its zero tails: "1h30m",
// "45m", "2h", "90s" as "1m30s".
func Span(d time.Duration) string {
	text := d.String()
	if strings.HasSuffix(text, "m0s") {
		text = strings.TrimSuffix(text, "0s")
	}
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return text
}

// Shift writes a shift of the clock with its sign: "+1h", "-30m",
// "+24h", "+1h30m".
func Shift(d time.Duration) string {
	if d < 0 {
		return "-" + Span(-d)
	}
	return "+" + Span(d)
}
