package cronsim

import (
	"testing"
	"time"
)

var benchSink time.Time

// BenchmarkNext measures Next for a few shapes in UTC and Dublin; the
// peer comparison lives in bench/.
func BenchmarkNext(b *testing.B) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	for _, expr := range []string{"*/5 * * * *", "30 1 * * *", "0 9-17 * * 1-5", "15,45 */2 1,15 * *", "0 0 29 2 *", "0 0 * 2 1#5", "0 0 L-2,15W * *", "0 30 1 * * MON-FRI#1 2027-2030", "CRON_TZ=Europe/Dublin 30 1 * * *"} {
		s := MustParse(expr)
		for _, loc := range []*time.Location{time.UTC, dublin} {
			start := time.Date(2026, 3, 1, 10, 7, 13, 0, time.UTC).In(loc)
			b.Run(loc.String()+"/"+expr, func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					benchSink = s.Next(start)
				}
			})
		}
	}
}

var parseSink Schedule

func BenchmarkParse(b *testing.B) {
	for _, expr := range []string{"*/5 * * * *", "30 1 * * *", "15,45 */2 1,15 * *"} {
		b.Run(expr, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				parseSink, _ = Parse(expr)
			}
		})
	}
}

// TestNextAllocatesNothing: the Next path must not allocate, in UTC or
// in a zone with transitions.
func TestNextAllocatesNothing(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	s := MustParse("30 1 * * *")
	for _, at := range []time.Time{
		time.Date(2026, 3, 1, 10, 7, 13, 0, time.UTC),
		time.Date(2021, 3, 27, 23, 0, 0, 0, dublin),
		time.Date(2021, 10, 31, 1, 10, 0, 0, time.UTC).In(dublin),
	} {
		if n := testing.AllocsPerRun(100, func() { benchSink = s.Next(at); benchSink = s.Prev(at) }); n != 0 {
			t.Errorf("Next/Prev(%s) allocates %v times", at, n)
		}
		// The Strict extensions, a year field and a zone prefix too.
		ext := MustParse("CRON_TZ=America/New_York 0 30 2 L-2,15W * MON-FRI#1,SUN#L 2021-2030")
		if n := testing.AllocsPerRun(100, func() { benchSink = ext.Next(at); benchSink = ext.Prev(at) }); n != 0 {
			t.Errorf("%v: Next/Prev(%s) allocates %v times", ext, at, n)
		}
	}
	// Taking turns between Locations goes through the cache's map.
	ny, _ := time.LoadLocation("America/New_York")
	a, b := time.Date(2026, 3, 1, 10, 7, 13, 0, dublin), time.Date(2026, 3, 1, 10, 7, 13, 0, ny)
	if n := testing.AllocsPerRun(100, func() { benchSink = s.Next(a); benchSink = s.Next(b) }); n != 0 {
		t.Errorf("Next taking turns between two Locations allocates %v times", n)
	}
}
