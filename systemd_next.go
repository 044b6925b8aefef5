package cronsim

import (
	"time"
)

// systemd computes a timer's next elapse on the C library's broken-down
// time (struct tm), normalising it with mktime(3) after every step
// (calendarspec.c, find_next). What happens at a daylight saving
// transition is what glibc's mktime does with an hour that does not
// exist or exists twice, so this file models the parts of glibc that
// systemd relies on: localtime_r, timegm, and mktime with its guess of
// the UTC offset carried from one call to the next (glibc's
// time/mktime.c, __mktime_internal).

// ctm is a struct tm: year since 1900, month 0-11; fields may be out of
// range before normalisation.
type ctm struct {
	year, mon, mday, hour, min, sec int
	isdst                           int // -1: unknown
	wday, yday                      int
}

// calClock is the C library's view of one zone.
type calClock struct {
	loc *time.Location // nil: UTC (timegm, gmtime_r)
	// offset is mktime's guess for the next call: UTC minus local time
	// of its last result, in seconds (glibc's static localtime_offset).
	offset int64
	// v257: systemd 257 on glibc 2.41 (Debian 13), else systemd 252 on
	// glibc 2.36 (Debian 12).
	v257 bool
}

var calMonthYday = [2][13]int{
	{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
	{0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
}

func calLeap(y int64) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 1
	}
	return 0
}

// calDaysBefore is the number of days from 1970-01-01 to January 1st
// of year y.
func calDaysBefore(y int64) int64 {
	y1 := y - 1
	return 365*(y-1970) + (floorDiv(y1, 4) - floorDiv(1969, 4)) - (floorDiv(y1, 100) - floorDiv(1969, 100)) + (floorDiv(y1, 400) - floorDiv(1969, 400))
}

// ydhms is the count of seconds of a local date and time (year since
// 1900, day of the year from 0) since 1970-01-01 00:00:00 of the same
// clock.
func ydhms(year, yday, hour, min, sec int64) int64 {
	return (calDaysBefore(year+1900)+yday)*86400 + hour*3600 + min*60 + sec
}

// yearYday splits the requested month into year and day of the year, as
// mktime does: months out of 0-11 move the year.
func (t *ctm) yearYday() (year, yday int64) {
	mon := int64(t.mon)
	year = int64(t.year) + floorDiv(mon, 12)
	mon -= floorDiv(mon, 12) * 12
	yday = int64(calMonthYday[calLeap(year+1900)][mon]) + int64(t.mday) - 1
	return
}

// calCivil is gmtime: the UTC date and time of t.
func calCivil(t int64) (year int64, mon, day, hour, min, sec int) {
	days := floorDiv(t, 86400)
	rem := t - days*86400
	hour, min, sec = int(rem/3600), int(rem%3600/60), int(rem%60)
	// Days to civil date (proleptic Gregorian).
	z := days + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, int(m), int(d), hour, min, sec
}

// convert is localtime_r (gmtime_r for UTC) of t.
func (k *calClock) convert(t int64) ctm {
	if k.loc == nil {
		y, mo, d, h, mi, s := calCivil(t)
		days := floorDiv(t, 86400)
		wd := int((days%7 + 11) % 7) // 1970-01-01 was a Thursday (4)
		yd := int(days - calDaysBefore(y))
		return ctm{year: int(y - 1900), mon: mo - 1, mday: d, hour: h, min: mi, sec: s, isdst: 0, wday: wd, yday: yd}
	}
	u := time.Unix(t, 0).In(k.loc)
	dst := 0
	if u.IsDST() {
		dst = 1
	}
	return ctm{year: u.Year() - 1900, mon: int(u.Month()) - 1, mday: u.Day(), hour: u.Hour(), min: u.Minute(), sec: u.Second(),
		isdst: dst, wday: int(u.Weekday()), yday: u.YearDay() - 1}
}

// tmDiff is the requested local time minus the local time of got, in
// seconds.
func tmDiff(year, yday, hour, min, sec int64, got *ctm) int64 {
	return ydhms(year, yday, hour, min, sec) - ydhms(int64(got.year), int64(got.yday), int64(got.hour), int64(got.min), int64(got.sec))
}

// mktime normalises *t and returns its time, as timegm (UTC) or glibc's
// mktime do; ok is false where they return -1 for an error.
func (k *calClock) mktime(t *ctm) (int64, bool) {
	if k.loc == nil {
		year, yday := t.yearYday()
		x := ydhms(year, yday, int64(t.hour), int64(t.min), int64(t.sec))
		*t = k.convert(x)
		return x, true
	}
	year, yday := t.yearYday()
	hour, min := int64(t.hour), int64(t.min)
	secRequested := int64(t.sec)
	sec := min64(max64(secRequested, 0), 59)
	isdst := t.isdst
	off := k.offset
	t0 := ydhms(year, yday, hour, min, sec) + off
	x, x1, x2 := t0, t0, t0
	dst2 := false
	probes := 6
	var got ctm
	found := false
	for {
		got = k.convert(x)
		dt := tmDiff(year, yday, hour, min, sec, &got)
		if dt == 0 {
			break
		}
		if x == x1 && x != x2 && (isdst < 0 && (!dst2 || got.isdst != 0) || isdst >= 0 && (isdst != 0) != (got.isdst != 0)) {
			// Oscillating across a gap: keep this one (glibc 2.36's
			// test, "dst2 <= (tm.tm_isdst != 0)").
			found = true
			break
		}
		probes--
		if probes == 0 {
			return -1, false
		}
		x1, x2, x, dst2 = x2, x, x+dt, got.isdst != 0
	}
	if !found && isdst >= 0 && (isdst != 0) != (got.isdst != 0) {
		// The wrong isdst: take the UTC offset of the nearest time with
		// the requested one, searching half of glibc's longest
		// daylight saving period either way; none is an error.
		stride, durationMax := int64(601200), int64(536454000)
		if k.v257 {
			// glibc 2.41: the longest such period in TZDB 2021e.
			durationMax = 457243209
		}
		bound := durationMax/2 + stride
		if k.v257 {
			bound = durationMax + stride
		}
		done := false
	probe:
		for delta := stride; delta < bound; delta += stride {
			for dir := int64(-1); dir <= 1; dir += 2 {
				ot := x + delta*dir
				otm := k.convert(ot)
				if (isdst != 0) == (otm.isdst != 0) {
					x = ot + tmDiff(year, yday, hour, min, sec, &otm)
					got = k.convert(x)
					done = true
					break probe
				}
			}
		}
		if !done {
			if !k.v257 {
				return -1, false
			}
			// glibc 2.41 then assumes an hour of daylight saving.
			if isdst == 0 {
				x += 3600
			} else {
				x -= 3600
			}
			got = k.convert(x)
		}
	}
	k.offset = x - t0 + off
	if secRequested != int64(got.sec) {
		adj := int64(0)
		if sec == 0 && got.sec == 60 {
			adj = 1
		}
		adj += secRequested - sec
		x += adj
		got = k.convert(x)
	}
	*t = got
	return x, true
}

func min64(a, b int64) int64 {
	if a < b {
		return a
	}
	return b
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// normalize is systemd's mktime_or_timegm (252) or
// mktime_or_timegm_usec (257): mktime, or timegm in UTC; ok is false
// for an error or a time before 1970 (257 refuses a year before 1969
// without calling mktime).
func (k *calClock) normalize(t *ctm) (int64, bool) {
	if k.v257 && t.year < 69 {
		return 0, false
	}
	x, ok := k.mktime(t)
	return x, ok && x >= 0
}

// endOfMonthDay is find_end_of_month: the day of the month day days
// before the month's last, or -1.
func (k *calClock) endOfMonthDay(t *ctm, day int) int {
	u := *t
	u.mon++
	u.mday = 1 - day
	if _, ok := k.normalize(&u); !ok || u.mon != t.mon {
		return -1
	}
	return u.mday
}

// matchComponent is find_matching_component: the earliest value >= *val
// the chain allows. It returns 1 when *val changed, 0 when not, -1 when
// nothing matches.
func (c *Calendar) matchComponent(k *calClock, ch []calComponent, eom bool, t *ctm, val *int) int {
	if ch == nil {
		return 0
	}
	d, set := -1, false
	for _, x := range ch {
		start, stop := x.start, x.stop
		if eom {
			start = k.endOfMonthDay(t, x.start)
			stop = k.endOfMonthDay(t, x.stop)
			if stop > 0 {
				start, stop = stop, start
			}
		}
		if start >= *val {
			if !set || start < d {
				d, set = start, true
			}
		} else if x.repeat > 0 {
			n := *val - start
			kk := start + x.repeat*((n+x.repeat-1)/x.repeat)
			if (!set || kk < d) && (stop < 0 || kk <= stop) {
				d, set = kk, true
			}
		}
	}
	if !set {
		return -1
	}
	r := 0
	if *val != d {
		r = 1
	}
	*val = d
	return r
}

// withinBounds is tm_within_bounds: 1 when *t is a real time as it
// stands, 0 when mktime moved it forward (*t then holds the moved time,
// with the smaller fields reset), -1 when it moved back or is past 2199.
func (k *calClock) withinBounds(t *ctm) int {
	if t.year+1900 > calMaxYear {
		return -1
	}
	u := *t
	if _, ok := k.normalize(&u); !ok {
		return -1
	}
	var c int
	switch {
	case u.year != t.year:
		c = cmpInt(u.year, t.year)
		u.mon = 0
		if k.v257 {
			u.mday = 1
		}
	case u.mon != t.mon:
		c = cmpInt(u.mon, t.mon)
		u.mday = 1
	case u.mday != t.mday:
		c = cmpInt(u.mday, t.mday)
		u.hour = 0
	case u.hour != t.hour:
		c = cmpInt(u.hour, t.hour)
		u.min = 0
	case u.min != t.min:
		c = cmpInt(u.min, t.min)
		u.sec = 0
	default:
		c = cmpInt(u.sec, t.sec)
	}
	if c < 0 {
		return -1
	}
	if c > 0 {
		*t = u
		return 0
	}
	return 1
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func (c *Calendar) weekdayMatches(k *calClock, t *ctm) bool {
	if c.weekdays < 0 || c.weekdays >= calAllDays {
		return true
	}
	u := *t
	if _, ok := k.normalize(&u); !ok {
		return false
	}
	w := u.wday - 1
	if u.wday == 0 {
		w = 6
	}
	return c.weekdays&(1<<w) != 0
}

func tmCompare(a, b *ctm) int {
	if r := cmpInt(a.year, b.year); r != 0 {
		return r
	}
	if r := cmpInt(a.mon, b.mon); r != 0 {
		return r
	}
	if r := cmpInt(a.mday, b.mday); r != 0 {
		return r
	}
	if r := cmpInt(a.hour, b.hour); r != 0 {
		return r
	}
	if r := cmpInt(a.min, b.min); r != 0 {
		return r
	}
	return cmpInt(a.sec, b.sec)
}

// calMaxIterations is systemd's guard against a search that never ends
// (MAX_CALENDAR_ITERATIONS): past it, the next elapse is an error.
const calMaxIterations = 1000

// Results of findNext besides success.
const (
	calFound = iota
	calNever
	calStuck
)

// findNext is find_next: the first time matching c at or after *t and
// *usec (microseconds of the second).
func (c *Calendar) findNext(k *calClock, t *ctm, usec *int) int {
	cur := *t
	tmUsec := *usec
	invalidateDST := false
	for range calMaxIterations {
		k.normalize(&cur)
		if !invalidateDST {
			cur.isdst = -1
		}

		cur.year += 1900
		r := c.matchComponent(k, c.year, false, &cur, &cur.year)
		cur.year -= 1900
		if r > 0 {
			cur.mon, cur.mday = 0, 1
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
		}
		if r < 0 {
			return calNever
		}
		if k.withinBounds(&cur) <= 0 {
			return calNever
		}

		cur.mon++
		r = c.matchComponent(k, c.month, false, &cur, &cur.mon)
		cur.mon--
		if r > 0 {
			cur.mday = 1
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
		}
		if r >= 0 {
			r = k.withinBounds(&cur)
		}
		if r < 0 {
			cur.year++
			cur.mon, cur.mday = 0, 1
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
			continue
		}
		if r == 0 {
			continue
		}

		r = c.matchComponent(k, c.day, c.endOfMonth, &cur, &cur.mday)
		if r > 0 {
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
		}
		if r >= 0 {
			r = k.withinBounds(&cur)
		}
		if r < 0 {
			cur.mon++
			cur.mday = 1
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
			continue
		}
		if r == 0 {
			continue
		}

		if !c.weekdayMatches(k, &cur) {
			cur.mday++
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
			continue
		}

		r = c.matchComponent(k, c.hour, false, &cur, &cur.hour)
		if r > 0 {
			cur.min, cur.sec, tmUsec = 0, 0, 0
		}
		if r >= 0 {
			r = k.withinBounds(&cur)
		}
		if r < 0 {
			cur.mday++
			cur.hour, cur.min, cur.sec, tmUsec = 0, 0, 0, 0
			continue
		}
		if r == 0 {
			// The hour may not exist on this day: start again from
			// the normalised time.
			continue
		}

		r = c.matchComponent(k, c.minute, false, &cur, &cur.min)
		if r > 0 {
			cur.sec, tmUsec = 0, 0
		}
		if r >= 0 {
			r = k.withinBounds(&cur)
		}
		if r < 0 {
			cur.hour++
			cur.min, cur.sec, tmUsec = 0, 0, 0
			continue
		}
		if r == 0 {
			continue
		}

		cur.sec = cur.sec*usecPerSec + tmUsec
		r = c.matchComponent(k, c.usec, false, &cur, &cur.sec)
		tmUsec = cur.sec % usecPerSec
		cur.sec /= usecPerSec
		if r >= 0 {
			r = k.withinBounds(&cur)
		}
		if r < 0 {
			cur.min++
			cur.sec, tmUsec = 0, 0
			continue
		}
		if r == 0 {
			continue
		}

		r = tmCompare(t, &cur)
		if r == 0 {
			r = cmpInt(*usec, tmUsec+1)
		}
		if r >= 0 {
			// Stuck at or before the start: move on an hour and let
			// mktime work out the daylight saving flag.
			invalidateDST = true
			cur.hour++
			continue
		}
		*t = cur
		*usec = tmUsec
		return calFound
	}
	return calStuck
}

// calMaxUsec is the last time systemd formats (9999-12-30 23:59:59
// UTC, USEC_TIMESTAMP_FORMATTABLE_MAX); it computes no elapse after it.
const calMaxUsec = 253402214399000000

// next is calendar_spec_next_usec: the first elapse after the instant
// u (microseconds since the epoch) on the clock of zone loc.
func (c *Calendar) next(u int64, loc *time.Location) (int64, int) {
	if u > calMaxUsec || u < 0 {
		return 0, calNever
	}
	k := &calClock{loc: loc, v257: c.version >= calV257}
	switch {
	case c.utc:
		k.loc = nil
	case c.zone != nil:
		k.loc = c.zone
	}
	u++
	sec := floorDiv(u, usecPerSec)
	tm := k.convert(sec)
	usec := int(u - sec*usecPerSec)
	if r := c.findNext(k, &tm, &usec); r != calFound {
		return 0, r
	}
	x, ok := k.normalize(&tm)
	if !ok {
		// systemd reports an error, not "never".
		return 0, calStuck
	}
	return x*usecPerSec + int64(usec), calFound
}

// Next returns the first time after t at which systemd elapses a timer
// with this OnCalendar= specification, running in t's zone (or the
// zone the specification names), or the zero Time when it never does
// again. It is systemd's own computation (calendarspec.c,
// calendar_spec_next_usec): a time in a spring-forward gap is skipped
// (systemd issue 5595) and a time in a repeated hour elapses once, in
// its first occurrence (issue 8647).
func (c *Calendar) Next(t time.Time) time.Time {
	u := t.Unix()*usecPerSec + int64(t.Nanosecond()/1000)
	n, r := c.next(u, t.Location())
	if r != calFound {
		return time.Time{}
	}
	return time.UnixMicro(n).In(t.Location())
}
