package cronsim

import (
	"testing"
	"time"
)

// TestZoneTableMatchesGo: the cached periods (with the 400-year fold past
// the table) agree with Go's own lookups: same offset at random instants
// from 1800 to 4000, and from 1900 on (the table; before it Go's own
// periods are used, name changes included) every period bound is a real
// change of offset.
func TestZoneTableMatchesGo(t *testing.T) {
	r := testRand(t)
	zones := allZones()
	lo := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(4000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	for i := 0; i < 3000; i++ {
		zone := zones[r.Intn(len(zones))]
		loc, _ := time.LoadLocation(zone)
		x := lo + r.Int63n(hi-lo)
		start, end, off := zoneAt(loc, x)
		_, goOff := time.Unix(x, 0).In(loc).Zone()
		if off != int64(goOff) {
			t.Fatalf("%s at %s: offset %d, Go says %d", zone, time.Unix(x, 0).UTC(), off, goOff)
		}
		if start > x || (end != unboundedEnd && end <= x) {
			t.Fatalf("%s at %s: period [%d, %d) does not contain it", zone, time.Unix(x, 0).UTC(), start, end)
		}
		if x < tableFrom {
			continue
		}
		if start != unboundedStart && start >= tableFrom {
			if _, before := time.Unix(start-1, 0).In(loc).Zone(); int64(before) == off {
				t.Errorf("%s: period start %s is no change of offset", zone, time.Unix(start, 0).UTC())
			}
		}
		if end != unboundedEnd {
			if _, after := time.Unix(end, 0).In(loc).Zone(); int64(after) == off {
				t.Errorf("%s: period end %s is no change of offset", zone, time.Unix(end, 0).UTC())
			}
		}
	}
}
