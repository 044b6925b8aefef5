package cronsim

import (
	"encoding/binary"
	"hash/maphash"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"weak"
)

// A zone's offset changes are looked up once and kept, because asking a
// time.Location is slow exactly where cron needs it: past the last
// transition stored in a tz file, Go re-parses the zone's rule string on
// every lookup (microseconds each), and a Next that crosses many years
// of transitions would pay that per period.

// zoneTable lists the periods of one location between tableFrom and
// tableTo, adjacent periods with equal offsets merged (the daemon only
// sees offsets). A table is immutable once built.
type zoneTable struct {
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
	// bucketCount is the length of every table's buckets; a table of a
	// single period (a fixed zone) shares zeroBuckets.
	bucketCount = int((tableTo-tableFrom)>>bucketShift) + 1
	zeroBuckets = make([]int32, bucketCount)
)

// Past the transitions a tz file lists (2037 at the latest), a zone
// follows one yearly rule, and the Gregorian calendar repeats every 400
// years, a whole number of weeks: the periods of any year after 2200 are
// those of the year 400 (or 800, ...) years earlier, shifted. Lookups
// past the table fold back into its last 400 years.
const cycleSeconds = daysPer400Years * secondsPerDay

// The cache keeps nothing alive that the program has dropped, but for
// the one Location used last (see lastRef):
//
//   - byLocation maps each *time.Location (by weak pointer) to its table.
//     A cleanup removes the entry when the Location is collected, so the
//     map holds only Locations the program still uses, however many it
//     creates (one per request, say), and there is no limit past which
//     lookups take a slow path.
//   - tables interns tables by content (by weak pointer, with a cleanup):
//     a new Location gets its table built in full, and shares an
//     existing one only when every period of the two is identical over
//     the table's whole span, whatever the Locations' names. Sharing
//     saves memory; it never decides an answer.
//   - Building a table asks the Location for every period from 1900 to
//     2600, about a millisecond. A program that loads a fresh Location
//     per request would pay that each time, so tablesByData also finds
//     a table by the Location's zone data itself (see locationData):
//     identical data gives identical offsets at every instant, which
//     proves the table right without building it.
//
// lastRef short-cuts the map for the common case of one Location: it
// points at that Location's entry, whose hot field holds the Location
// while (and only while) the entry is lastRef. Checking it is two loads,
// and switching it allocates nothing.
var (
	byLocation sync.Map // weak.Pointer[time.Location] -> *zoneRef
	tables     sync.Map // content hash (uint64) -> weak.Pointer[zoneTable]
	// tablesByData: hash of locationData -> *dataEntry
	tablesByData sync.Map
	lastRef      atomic.Pointer[zoneRef]
	tableSeed    = maphash.MakeSeed()
	// tablesBuilt counts table builds, for tests: a Location's second
	// lookup must find its table, not build one.
	tablesBuilt atomic.Int64
)

// A zoneRef ties one Location value, weakly, to its zone's table.
type zoneRef struct {
	loc weak.Pointer[time.Location]
	z   *zoneTable
	// hot is the Location itself while this entry is lastRef, else nil,
	// so that the cache keeps at most the last Location used alive. Only
	// r's own Location is ever stored in it, so r.hot == loc proves r is
	// loc's entry whatever the races between goroutines (a lost race
	// leaves hot nil, and the next lookup takes the map).
	hot atomic.Pointer[time.Location]
}

func tableFor(loc *time.Location) *zoneTable {
	if r := lastRef.Load(); r != nil && r.hot.Load() == loc {
		return r.z
	}
	wp := weak.Make(loc)
	v, ok := byLocation.Load(wp)
	if !ok {
		r := &zoneRef{loc: wp, z: tableOf(loc)}
		if v, ok = byLocation.LoadOrStore(wp, r); !ok {
			runtime.AddCleanup(loc, func(wp weak.Pointer[time.Location]) { byLocation.CompareAndDelete(wp, r) }, wp)
		}
	}
	r := v.(*zoneRef)
	r.hot.Store(loc)
	if old := lastRef.Swap(r); old != nil && old != r {
		old.hot.Store(nil)
	}
	return r.z
}

// tableOf finds or builds the table of a Location not seen before.
func tableOf(loc *time.Location) *zoneTable {
	data, ok := locationData(loc)
	if !ok {
		return internTable(buildZoneTable(loc))
	}
	h := maphash.Bytes(tableSeed, data)
	if v, ok := tablesByData.Load(h); ok {
		e := v.(*dataEntry)
		if z := e.z.Value(); z != nil && string(e.data) == string(data) {
			return z
		}
	}
	z := internTable(buildZoneTable(loc))
	e := &dataEntry{data: data, z: weak.Make(z)}
	tablesByData.Store(h, e)
	runtime.AddCleanup(z, func(h uint64) { tablesByData.CompareAndDelete(h, e) }, h)
	return z
}

// A dataEntry ties a Location's zone data to the table built from it.
type dataEntry struct {
	data []byte
	z    weak.Pointer[zoneTable]
}

// locationData returns an exact encoding of everything that decides a
// Location's offsets: its zones' offsets and DST flags, its transitions
// and the rule for instants past them. Go's Location keeps these in
// unexported fields; reflect reads them (never writes). Two Locations
// with the same data answer every lookup alike. When the Location's
// layout is not the one this code knows (another Go version), it
// reports false and tables are built and compared in full instead.
func locationData(loc *time.Location) ([]byte, bool) {
	// Loading is lazy for time.Local: a lookup makes sure it is done.
	time.Unix(0, 0).In(loc).Zone()
	v := reflect.ValueOf(loc).Elem()
	if !hasFields(v.Type(), "name", reflect.String, "zone", reflect.Slice, "tx", reflect.Slice, "extend", reflect.String,
		"cacheStart", reflect.Int64, "cacheEnd", reflect.Int64, "cacheZone", reflect.Pointer) {
		return nil, false
	}
	zones, txs := v.Field(1), v.Field(2)
	if !hasFields(zones.Type().Elem(), "name", reflect.String, "offset", reflect.Int, "isDST", reflect.Bool) ||
		!hasFields(txs.Type().Elem(), "when", reflect.Int64, "index", reflect.Uint8, "isstd", reflect.Bool, "isutc", reflect.Bool) {
		return nil, false
	}
	b := make([]byte, 0, 16+zones.Len()*9+txs.Len()*11+len(v.Field(3).String()))
	flag := func(x bool) byte {
		if x {
			return 1
		}
		return 0
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(zones.Len()))
	for i := 0; i < zones.Len(); i++ {
		z := zones.Index(i)
		b = binary.LittleEndian.AppendUint64(b, uint64(z.Field(1).Int()))
		b = append(b, flag(z.Field(2).Bool()))
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(txs.Len()))
	for i := 0; i < txs.Len(); i++ {
		t := txs.Index(i)
		b = binary.LittleEndian.AppendUint64(b, uint64(t.Field(0).Int()))
		b = append(b, byte(t.Field(1).Uint()), flag(t.Field(2).Bool()), flag(t.Field(3).Bool()))
	}
	return append(b, v.Field(3).String()...), true
}

// hasFields reports whether struct type t has exactly the given fields,
// as name, kind pairs, in order.
func hasFields(t reflect.Type, want ...any) bool {
	if t.Kind() != reflect.Struct || t.NumField() != len(want)/2 {
		return false
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Name != want[2*i].(string) || f.Type.Kind() != want[2*i+1].(reflect.Kind) {
			return false
		}
	}
	return true
}

// internTable returns the cached table with the periods of z, or indexes
// z and caches it.
func internTable(z *zoneTable) *zoneTable {
	h := z.hash()
	for {
		if v, ok := tables.Load(h); ok {
			wp := v.(weak.Pointer[zoneTable])
			if old := wp.Value(); old != nil {
				if old.equal(z) {
					return old
				}
				z.index()
				return z // a hash collision: keep z unshared
			}
			// The cached table was collected; replace its entry.
			tables.CompareAndDelete(h, wp)
			continue
		}
		z.index()
		wp := weak.Make(z)
		if _, loaded := tables.LoadOrStore(h, wp); loaded {
			continue // another goroutine cached one first
		}
		runtime.AddCleanup(z, func(h uint64) { tables.CompareAndDelete(h, wp) }, h)
		return z
	}
}

func (z *zoneTable) hash() uint64 {
	var h maphash.Hash
	h.SetSeed(tableSeed)
	var buf [8]byte
	word := func(v int64) {
		binary.LittleEndian.PutUint64(buf[:], uint64(v))
		h.Write(buf[:])
	}
	word(z.end)
	word(int64(len(z.starts)))
	for i := range z.starts {
		word(z.starts[i])
		word(z.offsets[i])
	}
	return h.Sum64()
}

// equal reports whether two tables hold the same periods (the buckets
// follow from them).
func (z *zoneTable) equal(o *zoneTable) bool {
	return z.end == o.end && slices.Equal(z.starts, o.starts) && slices.Equal(z.offsets, o.offsets)
}

// buildZoneTable reads loc's periods into a table without its index
// (see index).
func buildZoneTable(loc *time.Location) *zoneTable {
	tablesBuilt.Add(1)
	z := &zoneTable{end: unboundedEnd}
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
	z.maxOffset = slices.Max(z.offsets)
	return z
}

// index fills z's buckets.
func (z *zoneTable) index() {
	if z.buckets != nil {
		return
	}
	if len(z.starts) == 1 {
		z.buckets = zeroBuckets
		return
	}
	z.buckets = make([]int32, bucketCount)
	i := 0
	for b := range z.buckets {
		at := tableFrom + int64(b)<<bucketShift
		for i+1 < len(z.starts) && z.starts[i+1] <= at {
			i++
		}
		z.buckets[b] = int32(i)
	}
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

// zones caches the Locations of zone prefixes by name, so that two
// schedules with the same prefix hold the same pointer and compare equal.
var zones sync.Map // name -> *time.Location

// maxZoneNames bounds the cache; past it, names that are not cached yet
// are still loaded, but such schedules compare unequal to their text.
const maxZoneNames = 4096

var prefixZones struct {
	sync.Mutex
	n int
}

func loadZone(name string) (*time.Location, error) {
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	prefixZones.Lock()
	defer prefixZones.Unlock()
	if prefixZones.n < maxZoneNames {
		actual, loaded := zones.LoadOrStore(name, loc)
		if !loaded {
			prefixZones.n++
		}
		loc = actual.(*time.Location)
	}
	return loc, nil
}
