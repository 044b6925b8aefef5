package kit

import (
	"time"

	"github.com/cronsim-go/cronsim"
)

// MatchingWalls lists the wall minutes in [from, to) (wall times given
// as UTC) at which s matches at some second, at most max of them. A
// schedule without a seconds field matches at second 0 only.
func MatchingWalls(s cronsim.Schedule, from, to time.Time, max int) []time.Time {
	var out []time.Time
	last := 0
	if s.HasSeconds() {
		last = 59
	}
	for w := from.Truncate(time.Minute); w.Before(to) && len(out) < max; w = w.Add(time.Minute) {
		for sec := 0; sec <= last; sec++ {
			if s.Match(w.Add(time.Duration(sec) * time.Second)) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}
