package kit

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// TimeForms lists what ParseTime accepts, for help texts and errors.
const TimeForms = "RFC 3339 (2021-03-27T12:00:00Z, 2021-03-27T13:00:00+01:00), " +
	"a date-time in the zone (2021-03-27T12:00, 2021-03-27 12:00:00), a date (2021-03-27, its first instant in the zone), or now"

// localLayouts are the date-times without an offset ParseTime reads in
// the zone; a bare date is its first instant.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// ParseTime reads a time typed by a person, named by name in messages
// ("-from", "start"): RFC 3339, a wall date-time or a date in loc, or
// "now". The policy for wall times the zone's clocks skip or show twice
// is the same in the command and on the page:
//
//   - a wall time in a gap (2021-03-28T01:30 in Europe/Dublin) is an
//     error naming the gap: the clock never reads it, and moving it to
//     either side of the gap would answer a question that was not asked;
//     an RFC 3339 time with an offset says which instant is meant;
//   - a wall time shown twice (2021-10-31T01:30 in Europe/Dublin) is the
//     first instant showing it, and note says so and names the second;
//   - a bare date whose midnight is skipped (2018-11-04 in
//     America/Sao_Paulo) is the day's first instant, with a note.
//
// note is "" when nothing needed saying.
func ParseTime(name, v string, loc *time.Location, now time.Time) (t time.Time, note string, err error) {
	if v == "now" {
		return now, "", nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, "", nil
	}
	for _, layout := range localLayouts {
		w, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		ts := wallInstants(w, loc)
		bareDate := len(layout) == len("2006-01-02")
		switch {
		case len(ts) == 0 && bareDate:
			// Midnight skipped by a transition: the day starts after it.
			t := firstAfterGap(w, loc)
			return t, fmt.Sprintf("%s %s: 00:00 does not exist in %s; using the day's first instant, %s", name, Display(v), loc, t.Format(time.RFC3339)), nil
		case len(ts) == 0:
			gap := firstAfterGap(w, loc)
			_, off := gap.Add(-time.Second).Zone()
			before := gap.Add(time.Duration(off) * time.Second).UTC()
			return time.Time{}, "", fmt.Errorf("%s %s: no such time in %s: the clock jumps from %s to %s that day; give an offset (RFC 3339) for the instant you mean",
				name, Display(v), loc, before.Format("15:04"), clock.Wall(gap).Format("15:04"))
		case len(ts) > 1:
			note = fmt.Sprintf("%s %s happens twice in %s; using the first, %s (the second is %s)",
				name, Display(v), loc, ts[0].Format(time.RFC3339), ts[1].Format(time.RFC3339))
		}
		return ts[0], note, nil
	}
	return time.Time{}, "", fmt.Errorf("%s %s: want %s", name, Quote(v), TimeForms)
}

// wallInstants returns the instants, earliest first, at which loc's
// clocks read the wall time w (given as UTC). It tries each offset the
// zone has within two days of w and keeps those that read back as w,
// rather than trusting time.Date, which resolves a skipped or repeated
// time differently per zone.
func wallInstants(w time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-50 * time.Hour, -26 * time.Hour, 0, 26 * time.Hour, 50 * time.Hour} {
		_, off := w.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		t := w.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := t.Zone(); o == off && clock.Wall(t).Equal(w) {
			out = append(out, t)
		}
	}
	for i := 1; i < len(out); i++ { // at most three: insertion sort
		for j := i; j > 0 && out[j].Before(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// firstAfterGap returns the first instant after the forward transition
// that skips the wall time w in loc.
func firstAfterGap(w time.Time, loc *time.Location) time.Time {
	_, off := w.Add(-26 * time.Hour).In(loc).Zone()
	start, _ := w.Add(-time.Duration(off) * time.Second).In(loc).ZoneBounds()
	return start
}
