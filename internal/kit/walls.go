package kit

import (
	"time"

	"github.com/cronsim-go/cronsim"
)

// MatchingWalls lists the wall minutes in [from, to) (wall readings
// given as UTC, read with Schedule.MatchWall, so that a schedule with a
// CRON_TZ= zone is asked about the readings themselves) at which s
// matches at some second, at most max of them.
func MatchingWalls(s cronsim.Schedule, from, to time.Time, max int) []time.Time {
	var out []time.Time
	last := 0
	if s.HasSeconds() {
		last = 59
	}
	for w := from.Truncate(time.Minute); w.Before(to) && len(out) < max; w = w.Add(time.Minute) {
		for sec := 0; sec <= last; sec++ {
			if s.MatchWall(w.Add(time.Duration(sec) * time.Second)) {
				out = append(out, w)
				break
			}
		}
	}
	return out
}
