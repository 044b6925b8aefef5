package cronsim

import (
	"sync"
	"sync/atomic"
	"time"
)

// A zone's offset changes are looked up once and kept, because asking a
// time.Location is slow exactly where cron needs it: past the last
// transition stored in a tz file, Go re-parses the zone's rule string on
// every lookup (microseconds each), and a Next that crosses many years
// of transitions would pay that per period.

// zoneTable lists the periods of one location between tableFrom and
// tableTo, adjacent periods with equal offsets merged (the daemon only
// sees offsets).
type zoneTable struct {
	loc       *time.Location
	maxOffset int64   // the largest offset of the zone's periods in the table
	starts    []int64 // starts[i] is the first Unix second of period i; starts[0] may be unboundedStart
	offsets   []int64 // offset of period i
	end       int64   // end of the last period, or unboundedEnd
	// buckets[b] is the period containing tableFrom + b<<bucketShift, so
	// a lookup scans a period or two instead of searching.
	buckets []int32
}

// bucketShift sizes the index buckets: 2^22 s is about 48 days, shorter
// than any real zone period but a few.
const bucketShift = 22

var (
	tableFrom = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	tableTo   = time.Date(2600, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// Past the transitions a tz file lists (2037 at the latest), a zone
// follows one yearly rule, and the Gregorian calendar repeats every 400
// years, a whole number of weeks: the periods of any year after 2200 are
// those of the year 400 (or 800, ...) years earlier, shifted. Lookups
// past the table fold back into its last 400 years.
const cycleSeconds = daysPer400Years * secondsPerDay

// The cache keeps one table per zone name (a program that loads a fresh
// Location for every call still shares it, once a cheap check shows the
// new Location has the same offsets) and remembers which Location
// pointers map to which table. Both are bounded; past the bounds lookups
// take the uncached path, which gives the same answers, slower.
const (
	maxZoneTables   = 1024
	maxZonePointers = 1 << 14
)

var (
	tablesByName    sync.Map // zone name -> *zoneTable
	tablesByPointer sync.Map // *time.Location -> *zoneRef
	zoneTableCount  atomic.Int64
	zonePtrCount    atomic.Int64
	// lastRef short-cuts the maps for the common case of one Location;
	// it points at an entry of tablesByPointer, so keeping it up to date
	// allocates nothing.
	lastRef atomic.Pointer[zoneRef]
)

// A zoneRef ties one Location value to its zone's table.
type zoneRef struct {
	loc *time.Location
	z   *zoneTable
}

// fingerprintYears are instants at which a Location must show the same
// offsets as a cached table of the same name to share it.
var fingerprintYears = func() []int64 {
	var out []int64
	for y := 1910; y <= 2100; y += 10 {
		for _, m := range []time.Month{1, 7} {
			out = append(out, time.Date(y, m, 15, 12, 0, 0, 0, time.UTC).Unix())
		}
	}
	return out
}()

func (z *zoneTable) sameZone(loc *time.Location) bool {
	for _, x := range fingerprintYears {
		_, off := time.Unix(x, 0).In(loc).Zone()
		_, _, want := z.lookup(x)
		if int64(off) != want {
			return false
		}
	}
	return true
}

func tableFor(loc *time.Location) *zoneTable {
	if r := lastRef.Load(); r != nil && r.loc == loc {
		return r.z
	}
	if v, ok := tablesByPointer.Load(loc); ok {
		r := v.(*zoneRef)
		lastRef.Store(r)
		return r.z
	}
	var z *zoneTable
	if v, ok := tablesByName.Load(loc.String()); ok && v.(*zoneTable).sameZone(loc) {
		z = v.(*zoneTable)
	} else {
		if zoneTableCount.Load() >= maxZoneTables {
			return nil
		}
		z = buildZoneTable(loc)
		if _, loaded := tablesByName.LoadOrStore(loc.String(), z); !loaded {
			zoneTableCount.Add(1)
		}
	}
	if zonePtrCount.Load() < maxZonePointers {
		r := &zoneRef{loc: loc, z: z}
		if v, loaded := tablesByPointer.LoadOrStore(loc, r); loaded {
			r = v.(*zoneRef)
		} else {
			zonePtrCount.Add(1)
		}
		lastRef.Store(r)
	}
	return z
}

func buildZoneTable(loc *time.Location) *zoneTable {
	z := &zoneTable{loc: loc, end: unboundedEnd}
	x := tableFrom
	for {
		p := lookupPeriod(loc, x)
		if n := len(z.offsets); n > 0 && z.offsets[n-1] == p.offset {
			// same offset: merge
		} else {
			z.starts = append(z.starts, p.start)
			z.offsets = append(z.offsets, p.offset)
		}
		if p.end == unboundedEnd {
			break
		}
		// Past tableTo, go on only to find the real end of the last
		// period (Go may end periods at a year's end with no change).
		if p.end >= tableTo {
			if q := lookupPeriod(loc, p.end); q.offset != p.offset || p.end >= tableTo+2*cycleSeconds {
				z.end = p.end
				break
			}
		}
		x = p.end
	}
	z.maxOffset = z.offsets[0]
	for _, o := range z.offsets {
		z.maxOffset = max(z.maxOffset, o)
	}
	n := int((tableTo-tableFrom)>>bucketShift) + 1
	z.buckets = make([]int32, n)
	i := 0
	for b := range z.buckets {
		at := tableFrom + int64(b)<<bucketShift
		for i+1 < len(z.starts) && z.starts[i+1] <= at {
			i++
		}
		z.buckets[b] = int32(i)
	}
	return z
}

// lookupPeriod asks the Location directly. Past the transitions stored
// in a tz file Go computes periods from the zone's rule one year at a
// time, and on December 31 of a leap year its ZoneBounds ends the period
// at that day's midnight, before the instant asked about (seen with Go
// 1.26 in every zone for 2040-12-31); the offset it reports is right. The
// period then really runs on into the next one the Location reports.
//
//go:noinline
func lookupPeriod(loc *time.Location, x int64) period {
	p := rawPeriod(loc, x)
	for probe := x + 1; p.end != unboundedEnd && p.end <= x && probe < x+3*secondsPerDay; probe += secondsPerDay / 2 {
		q := rawPeriod(loc, probe)
		if q.start <= x {
			continue
		}
		if q.offset == p.offset {
			p.end = q.end
		} else {
			p.end = q.start
		}
	}
	if p.end != unboundedEnd && p.end <= x {
		p.end = x + 1 // give up on bounds, keep making progress
	}
	return p
}

func rawPeriod(loc *time.Location, x int64) period {
	t := time.Unix(x, 0).In(loc)
	_, off := t.Zone()
	p := period{start: unboundedStart, end: unboundedEnd, offset: int64(off)}
	start, end := t.ZoneBounds()
	if !start.IsZero() {
		p.start = start.Unix()
	}
	if !end.IsZero() {
		p.end = end.Unix()
	}
	return p
}

// periodAt returns the period of loc containing Unix second x, merged
// with neighbours of the same offset where the table covers them.
func periodAt(loc *time.Location, x int64) period {
	start, end, offset := zoneAt(loc, x)
	return period{start: start, end: end, offset: offset}
}

// zoneAt returns the bounds and offset of the period of loc containing
// Unix second x. Three results travel in registers; the hot path of Next
// calls it directly.
func zoneAt(loc *time.Location, x int64) (start, end, offset int64) {
	return zoneIn(tableFor(loc), loc, x)
}

// zoneIn is zoneAt with loc's table (nil: none) already looked up.
func zoneIn(z *zoneTable, loc *time.Location, x int64) (start, end, offset int64) {
	var shift int64
	if x >= tableTo && x < wallLimit {
		shift = ((x-tableTo)/cycleSeconds + 1) * cycleSeconds
	}
	if z != nil && x-shift >= tableFrom && x-shift < tableTo {
		if start, end, offset := z.lookup(x - shift); start <= x-shift && x-shift < end {
			if end == unboundedEnd {
				return start, end, offset // no rule: one period forever
			}
			return start + shift, end + shift, offset
		}
	}
	p := lookupPeriod(loc, x)
	return p.start, p.end, p.offset
}

// lookup finds the table's period containing y (tableFrom <= y < tableTo):
// its bucket, then a period or two on.
func (z *zoneTable) lookup(y int64) (start, end, offset int64) {
	i := int(z.buckets[(y-tableFrom)>>bucketShift])
	for i+1 < len(z.starts) && z.starts[i+1] <= y {
		i++
	}
	end = z.end
	if i+1 < len(z.starts) {
		end = z.starts[i+1]
	}
	return z.starts[i], end, z.offsets[i]
}
