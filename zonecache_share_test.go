package cronsim

import (
	"archive/zip"
	"encoding/binary"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"
	"weak"

	"github.com/google/go-cmp/cmp"
)

// tzif builds a TZif version 2 file with no transitions, one zone type
// (standard time at std seconds east of UTC, named abbr) and the POSIX
// rule footer, which then decides every instant.
func tzif(abbr string, std int32, footer string) []byte {
	header := func(typecnt, charcnt uint32) []byte {
		b := []byte("TZif2")
		b = append(b, make([]byte, 15)...)
		for _, n := range []uint32{0, 0, 0, 0, typecnt, charcnt} { // isut isstd leap time type char
			b = binary.BigEndian.AppendUint32(b, n)
		}
		return b
	}
	chars := append([]byte(abbr), 0)
	data := binary.BigEndian.AppendUint32(nil, uint32(std))
	data = append(data, 0, 0) // not DST, abbreviation at 0
	data = append(data, chars...)
	var out []byte
	out = append(out, header(1, uint32(len(chars)))...)
	out = append(out, data...)
	out = append(out, header(1, uint32(len(chars)))...)
	out = append(out, data...)
	return append(out, "\n"+footer+"\n"...)
}

// goZoneinfo reads one zone from the Go distribution's own zoneinfo.zip.
func goZoneinfo(t *testing.T, name string) []byte {
	zr, err := zip.OpenReader(runtime.GOROOT() + "/lib/time/zoneinfo.zip")
	if err != nil {
		t.Skipf("no zoneinfo.zip in GOROOT: %v", err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == name {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			b, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Skipf("no %s in zoneinfo.zip", name)
	return nil
}

// checkSameRuns asserts that Next gives the model's runs for each
// Location, asked in the given order.
func checkSameRuns(t *testing.T, expr string, from time.Time, days int, locs ...*time.Location) {
	t.Helper()
	s := MustParse(expr)
	for _, loc := range locs {
		want, ok := modelRuns(s, loc, from.In(loc), from.AddDate(0, 0, days).In(loc))
		if !ok {
			t.Fatalf("%s: outside the model", loc)
		}
		var got []time.Time
		for r := range s.All(from.In(loc)) {
			if r.After(from.AddDate(0, 0, days)) {
				break
			}
			got = append(got, r)
		}
		if d := cmp.Diff(formatTimes(want), formatTimes(got)); d != "" {
			t.Errorf("%q in %s (%p) from %s: (-model +iterator)\n%s", expr, loc, loc, from.Format(time.RFC3339), d)
		}
	}
}

// TestZoneTableNotSharedByName (issue 9): the system's MST (fixed -07)
// and the Go distribution's MST (with 1918's DST) share a name, and agree
// at most instants, but not on 1918-03-31: "30 2 * * *" runs at 03:00
// MDT in the second and 02:30 MST in the first, in whichever order they
// are asked.
func TestZoneTableNotSharedByName(t *testing.T) {
	data := goZoneinfo(t, "MST")
	from := utc("1918-03-31T08:00:00Z")
	for _, order := range []string{"system first", "Go's first"} {
		sys, err := time.LoadLocation("MST")
		if err != nil {
			t.Skip(err)
		}
		goMST, err := time.LoadLocationFromTZData("MST", data)
		if err != nil {
			t.Fatal(err)
		}
		if _, off := utc("1918-06-01T00:00:00Z").In(sys).Zone(); off != -7*3600 {
			t.Skipf("the system's MST is not fixed -07 (offset %d in June 1918)", off)
		}
		s := MustParse("30 2 * * *")
		locs := []*time.Location{sys, goMST}
		if order == "Go's first" {
			locs = []*time.Location{goMST, sys}
		}
		got := map[*time.Location]string{}
		for _, loc := range locs {
			got[loc] = s.Next(from.In(loc)).Format(time.RFC3339)
		}
		if got[goMST] != "1918-03-31T03:00:00-06:00" || got[sys] != "1918-03-31T02:30:00-07:00" {
			t.Errorf("%s: Go's MST %s (want 1918-03-31T03:00:00-06:00), system MST %s (want 1918-03-31T02:30:00-07:00)", order, got[goMST], got[sys])
		}
		checkSameRuns(t, "30 2 * * *", from, 3, locs...)
	}
}

// TestZoneTableNotSharedAcrossRules (issue 9): two EST5EDT-like zones of
// the same name whose DST starts on different dates (the second Sunday of
// March, as since 2007, and the first Sunday of April, as before) agree
// in January and July of every year, yet each must get its own runs.
func TestZoneTableNotSharedAcrossRules(t *testing.T) {
	now, err := time.LoadLocationFromTZData("EST5EDT", tzif("EST", -5*3600, "EST5EDT,M3.2.0,M11.1.0"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := time.LoadLocationFromTZData("EST5EDT", tzif("EST", -5*3600, "EST5EDT,M4.1.0,M10.5.0"))
	if err != nil {
		t.Fatal(err)
	}
	// 2030: March 10 springs forward under the new rule, April 7 under
	// the old one.
	if _, off := utc("2030-03-20T12:00:00Z").In(now).Zone(); off != -4*3600 {
		t.Fatalf("new rule: offset %d on 2030-03-20", off)
	}
	if _, off := utc("2030-03-20T12:00:00Z").In(old).Zone(); off != -5*3600 {
		t.Fatalf("old rule: offset %d on 2030-03-20", off)
	}
	for _, expr := range []string{"30 2 * * *", "0 12 * * *", "*/30 1-3 * * *"} {
		checkSameRuns(t, expr, utc("2030-03-09T00:00:00Z"), 30, now, old)
		checkSameRuns(t, expr, utc("2030-03-09T00:00:00Z"), 30, old, now)
	}
	if tableFor(now) == tableFor(old) {
		t.Error("the two zones share a table")
	}
	// A third Location with the first one's rules shares its table.
	again, _ := time.LoadLocationFromTZData("another name", tzif("EST", -5*3600, "EST5EDT,M3.2.0,M11.1.0"))
	if tableFor(again) != tableFor(now) {
		t.Error("identical zones do not share a table")
	}
}

// TestZoneCacheNoCliff: after 100,000 distinct Locations, a new one's
// second lookup finds its table (nothing is rebuilt, no uncached path is
// taken) and Next on it stays well under a microsecond.
func TestZoneCacheNoCliff(t *testing.T) {
	n := 100_000
	if testing.Short() || raceEnabled {
		n = 20_000
	}
	s := MustParse("30 1 * * *")
	locs := make([]*time.Location, n)
	for i := range locs {
		locs[i] = time.FixedZone(fmt.Sprintf("Z%d", i), (i%49-24)*1800)
		s.Next(time.Date(2026, 3, 1, 10, 7, 13, 0, locs[i]))
	}
	last := locs[n-1]
	start := time.Date(2026, 3, 1, 10, 7, 13, 0, last)
	want := time.Date(2026, 3, 2, 1, 30, 0, 0, last)
	built := tablesBuilt.Load()
	z := tableFor(last)
	for i := 0; i < 100; i++ {
		if got := s.Next(start); !got.Equal(want) {
			t.Fatalf("Next = %s, want %s", got, want)
		}
	}
	tableFor(locs[n/2])
	if tableFor(last) != z || tablesBuilt.Load() != built {
		t.Fatalf("%d tables built on repeated lookups", tablesBuilt.Load()-built)
	}
	if raceEnabled {
		return // timings under the race detector say nothing
	}
	res := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			benchSink = s.Next(start)
		}
	})
	t.Logf("Next on the %dth Location: %s", n, res)
	if ns := res.NsPerOp(); ns > 1000 {
		t.Errorf("Next on the %dth Location takes %d ns", n, ns)
	}
	runtime.KeepAlive(locs)
}

// TestZoneCacheReleasesLocations: Locations the program drops leave the
// cache, so a program that loads a Location per request does not grow.
func TestZoneCacheReleasesLocations(t *testing.T) {
	s := MustParse("30 1 * * *")
	var refs []weak.Pointer[time.Location]
	var locs []*time.Location // alive until the first count
	for i := 0; i < 200; i++ {
		loc, err := time.LoadLocation("Europe/Dublin")
		if err != nil {
			t.Skip(err)
		}
		s.Next(time.Date(2026, 3, 1, 10, 7, 13, 0, loc))
		refs = append(refs, weak.Make(loc))
		locs = append(locs, loc)
	}
	cached := func() int {
		n := 0
		for _, wp := range refs {
			if _, ok := byLocation.Load(wp); ok {
				n++
			}
		}
		return n
	}
	if n := cached(); n != len(refs) {
		t.Fatalf("%d of %d Locations cached", n, len(refs))
	}
	runtime.KeepAlive(locs) // from here on only refs (weak) remain
	// Another Location takes lastRef, the only reference the cache
	// keeps to a Location.
	s.Next(time.Date(2026, 3, 1, 10, 7, 13, 0, time.FixedZone("other", 3600)))
	// Collection and the cleanups that drop entries are asynchronous:
	// retry for up to 30 s (a loaded machine, the race detector), which
	// a cache that pins its Locations never passes.
	for deadline := time.Now().Add(30 * time.Second); cached() > 0 && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if n := cached(); n > 0 {
		t.Errorf("%d of %d dropped Locations still cached", n, len(refs))
	}
}

// TestZoneTableByData: a freshly loaded Location with a known zone's data
// finds its table without building one (the Go in use has the Location
// layout locationData reads; if a new Go changes it, tables are built in
// full, still right but slower, and this test says so).
func TestZoneTableByData(t *testing.T) {
	a, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Skip(err)
	}
	if _, ok := locationData(a); !ok {
		t.Fatal("locationData does not know this Go's time.Location layout")
	}
	za := tableFor(a)
	built := tablesBuilt.Load()
	b, _ := time.LoadLocation("Europe/Dublin")
	if a == b {
		t.Fatal("LoadLocation returned the same pointer")
	}
	if tableFor(b) != za || tablesBuilt.Load() != built {
		t.Errorf("a second Dublin built %d tables", tablesBuilt.Load()-built)
	}
	// Data that differs in a single transition is not shared.
	ny, _ := time.LoadLocation("America/New_York")
	d1, _ := locationData(ny)
	d2, _ := locationData(a)
	if string(d1) == string(d2) {
		t.Error("New York and Dublin have the same data")
	}
	runtime.KeepAlive(a)
}

// TestZoneCacheConcurrent: goroutines taking turns between Locations,
// some loaded afresh, get the same answers as one goroutine does (run
// it with -race: the cache's entries are switched without locks).
func TestZoneCacheConcurrent(t *testing.T) {
	names := []string{"Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"}
	s := MustParse("30 1 * * *")
	from := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	want := map[string]time.Time{}
	for _, n := range names {
		loc, err := time.LoadLocation(n)
		if err != nil {
			t.Skip(err)
		}
		want[n] = s.Next(from.In(loc))
	}
	done := make(chan error)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 300; i++ {
				n := names[(g+i)%len(names)]
				loc, _ := time.LoadLocation(n)
				if got := s.Next(from.In(loc)); !got.Equal(want[n]) {
					done <- fmt.Errorf("%s: %s, want %s", n, got, want[n])
					return
				}
			}
			done <- nil
		}(g)
	}
	for g := 0; g < 8; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// BenchmarkNext100000thLocation: Next on the last of 100,000 distinct
// Locations (each used once before), after its first call. Before the
// weak-pointer cache, lookups past the 16,384th Location took the
// uncached path.
func BenchmarkNext100000thLocation(b *testing.B) {
	s := MustParse("30 1 * * *")
	locs := manyLocations()
	start := time.Date(2026, 3, 1, 10, 7, 13, 0, locs[len(locs)-1])
	s.Next(start)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchSink = s.Next(start)
	}
	runtime.KeepAlive(locs)
}

// manyLocations loads Europe/Dublin 100,000 times and uses each Location
// once, for the benchmark's rounds to share.
var manyLocations = sync.OnceValue(func() []*time.Location {
	s := MustParse("30 1 * * *")
	locs := make([]*time.Location, 100_000)
	for i := range locs {
		locs[i], _ = time.LoadLocation("Europe/Dublin")
		s.Next(time.Date(2026, 3, 1, 10, 7, 13, 0, locs[i]))
	}
	return locs
})
