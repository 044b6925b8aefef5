package cronsim

import "math/bits"

// Wall time is counted in "wall seconds": the seconds a clock on the wall
// shows, counted from 1970-01-01 00:00:00 as if that clock were in UTC.
// All calendar matching happens on wall seconds with the proleptic
// Gregorian calendar; which real instants carry a given wall time is the
// business of dst.go, never of time.Date.

const (
	secondsPerDay = 86400
	// The calendar repeats every 400 years; a schedule that runs at all
	// runs at least once in any such span, which bounds every search.
	daysPer400Years = 146097
	monthsPer400    = 400 * 12
	// wallLimit keeps wall seconds far from int64 overflow (about 290
	// million years either side of 1970).
	wallLimit = 1 << 53
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date.
// The arithmetic shifts the year to start in March, so the leap day is
// the last day of the shifted year, then splits into 400-year eras.
func civil(days int64) (year int64, month, day int) {
	z := days + 719468 // days from 0000-03-01
	era := floorDiv(z, daysPer400Years)
	doe := z - era*daysPer400Years                         // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], March = 0
	day = int(doy - (153*mp+2)/5 + 1)
	if mp < 10 {
		month = int(mp + 3)
	} else {
		month = int(mp - 9)
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// daysFromCivil is the inverse of civil.
func daysFromCivil(year int64, month, day int) int64 {
	if month <= 2 {
		year--
	}
	era := floorDiv(year, 400)
	yoe := year - era*400
	var mp int64
	if month > 2 {
		mp = int64(month - 3)
	} else {
		mp = int64(month + 9)
	}
	doy := (153*mp+2)/5 + int64(day) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*daysPer400Years + doe - 719468
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func daysIn(y int64, m int) int {
	if m == 2 && isLeap(y) {
		return 29
	}
	return monthDays[m]
}

// weekdayOf returns the day of the week (Sunday = 0) of a day count;
// 1970-01-01 was a Thursday.
func weekdayOf(days int64) int {
	w := (days + 4) % 7
	if w < 0 {
		w += 7
	}
	return int(w)
}

// everySeventh has bits 0, 7, 14, 21 and 28: shifted left by d it marks
// the days d, d+7, ... of a month, which share a weekday.
const everySeventh = 1 | 1<<7 | 1<<14 | 1<<21 | 1<<28

// dayMask returns the days of the month (bit d for day d) on which the
// schedule runs. firstWeekday is the weekday of day 1.
func (s *Schedule) dayMask(n, firstWeekday int) uint32 {
	inMonth := uint32(1)<<(n+1) - 2 // bits 1..n
	domBits := s.dom & inMonth
	if s.domLast {
		domBits |= 1 << n
	}
	if s.domBefore|s.domNearWk != 0 {
		domBits |= s.domFromEnd(n, firstWeekday)
	}
	if s.domLastWk {
		last := n
		switch (firstWeekday + n - 1) % 7 {
		case 6: // Saturday
			last = n - 1
		case 0: // Sunday
			last = n - 2
		}
		domBits |= 1 << last
	}
	// Day d has weekday (firstWeekday+d-1)%7: rotating the weekday set
	// right by firstWeekday makes bit k stand for day k+1, and multiplying
	// by everySeventh repeats that week over the month.
	week := uint64(s.dow)
	week = (week>>uint(firstWeekday) | week<<uint(7-firstWeekday)) & 0x7f
	dowBits := uint32(week * everySeventh << 1)
	if s.dowLast|s.dowNthAny() != 0 {
		for w := 0; w < 7; w++ {
			first := (w-firstWeekday+7)%7 + 1
			if s.dowLast&(1<<w) != 0 {
				dowBits |= 1 << (first + 7*((n-first)/7))
			}
			for k := s.dowNth[w]; k != 0; k &= k - 1 {
				if d := first + 7*(bits.TrailingZeros8(k)-1); d <= n {
					dowBits |= 1 << d
				}
			}
		}
	}
	dowBits &= inMonth
	if s.DayAnd() {
		return domBits & dowBits
	}
	return domBits | dowBits
}

// domFromEnd returns the days that "L-k" and "dW" items name in an n-day
// month whose first day has weekday firstWeekday.
func (s *Schedule) domFromEnd(n, firstWeekday int) uint32 {
	var domBits uint32
	inMonth := uint32(1)<<(n+1) - 2
	for k := s.domBefore; k != 0; k &= k - 1 {
		if d := n - bits.TrailingZeros32(k); d >= 1 {
			domBits |= 1 << d
		}
	}
	for ds := s.domNearWk & inMonth; ds != 0; ds &= ds - 1 {
		// The weekday nearest day d, not leaving the month: Saturday
		// moves to Friday (or to Monday the 3rd from the 1st), Sunday to
		// Monday (or to Friday from the month's last day).
		d := bits.TrailingZeros32(ds)
		switch (firstWeekday + d - 1) % 7 {
		case 6:
			if d == 1 {
				d = 3
			} else {
				d--
			}
		case 0:
			if d == n {
				d -= 2
			} else {
				d++
			}
		}
		domBits |= 1 << d
	}
	return domBits
}

// dayExtensions reports whether the day fields use an extension that
// depends on the month's length or shape.
func (s *Schedule) dayExtensions() bool {
	return s.domLast || s.domLastWk || s.domBefore != 0 || s.domNearWk != 0 || s.dowLast != 0 || s.dowNthAny() != 0
}

func (s *Schedule) dowNthAny() uint8 {
	var any uint8
	for _, k := range s.dowNth {
		any |= k
	}
	return any
}

// Day rules, by how much of the date a schedule needs to know.
const (
	daysAll     uint8 = iota // every day of every month
	daysWeekday              // every month; only the weekday matters
	daysGeneral
)

// dayRuleOf classifies s for the fast paths of nextWall and prevWall.
func (s *Schedule) dayRuleOf() uint8 {
	const allDom, allMonth = 0xfffffffe, 0x1ffe
	if s.dayExtensions() || s.month != allMonth || s.hasYears() {
		return daysGeneral
	}
	switch {
	case s.dom == allDom && s.dow == 0x7f:
		return daysAll
	case s.dom == allDom && s.DayAnd():
		return daysWeekday
	case s.dow == 0x7f && !s.DayAnd():
		return daysAll // OR with every weekday
	}
	return daysGeneral
}

// dayMatches reports whether the day (days since 1970-01-01) matches.
func (s *Schedule) dayMatches(days int64) bool {
	wd := weekdayOf(days)
	switch s.dayRule {
	case daysAll:
		return true
	case daysWeekday:
		return s.dow&(1<<wd) != 0
	}
	y, m, d := civil(days)
	if s.month&(1<<m) == 0 || !s.yearOK(y) {
		return false
	}
	if s.dayExtensions() {
		// The extensions depend on the month's length and shape.
		firstWeekday := (wd - (d-1)%7 + 7) % 7
		return s.dayMask(daysIn(y, m), firstWeekday)&(1<<d) != 0
	}
	domOK := s.dom&(1<<d) != 0
	dowOK := s.dow&(1<<wd) != 0
	if s.DayAnd() {
		return domOK && dowOK
	}
	return domOK || dowOK
}

func (s *Schedule) monthMask(y int64, m int) uint32 {
	if s.month&(1<<m) == 0 || !s.yearOK(y) {
		return 0
	}
	n := daysIn(y, m)
	if s.dow == 0x7f && s.DayAnd() && !s.domLastWk && s.domBefore == 0 && s.domNearWk == 0 && s.dowLast == 0 && s.dowNthAny() == 0 {
		// Every weekday: the month's shape does not matter.
		mask := s.dom & (uint32(1)<<(n+1) - 2)
		if s.domLast {
			mask |= 1 << n
		}
		return mask
	}
	return s.dayMask(n, weekdayOf(daysFromCivil(y, m, 1)))
}

// nextBit returns the lowest set bit of set at position >= i.
func nextBit(set uint64, i int) (int, bool) {
	if i > 63 {
		return 0, false
	}
	rest := set >> uint(i)
	if rest == 0 {
		return 0, false
	}
	return i + bits.TrailingZeros64(rest), true
}

// prevBit returns the highest set bit of set at position <= i.
func prevBit(set uint64, i int) (int, bool) {
	if i < 0 {
		return 0, false
	}
	if i < 63 {
		set &= uint64(1)<<(uint(i)+1) - 1
	}
	if set == 0 {
		return 0, false
	}
	return 63 - bits.LeadingZeros64(set), true
}

// nextInDay returns the first second of the day at or after h:m:sec that
// matches the hour, minute and second fields.
func (s *Schedule) nextInDay(h, m, sec int) (int64, bool) {
	for {
		hh, ok := nextBit(uint64(s.hour), h)
		if !ok {
			return 0, false
		}
		if hh > h {
			m, sec = 0, 0
		}
		for m <= 59 {
			mm, ok := nextBit(s.minute, m)
			if !ok {
				break
			}
			if mm > m {
				sec = 0
			}
			if ss, ok := nextBit(s.second, sec); ok {
				return int64(hh*3600 + mm*60 + ss), true
			}
			m, sec = mm+1, 0
		}
		h, m, sec = hh+1, 0, 0
	}
}

// prevInDay returns the last second of the day at or before h:m:sec that
// matches the hour, minute and second fields.
func (s *Schedule) prevInDay(h, m, sec int) (int64, bool) {
	for {
		hh, ok := prevBit(uint64(s.hour), h)
		if !ok {
			return 0, false
		}
		if hh < h {
			m, sec = 59, 59
		}
		for m >= 0 {
			mm, ok := prevBit(s.minute, m)
			if !ok {
				break
			}
			if mm < m {
				sec = 59
			}
			if ss, ok := prevBit(s.second, sec); ok {
				return int64(hh*3600 + mm*60 + ss), true
			}
			m, sec = mm-1, 59
		}
		h, m, sec = hh-1, 59, 59
	}
}

// nextWall returns the first wall second w with from <= w < limit that
// matches every field, or false.
func (s *Schedule) nextWall(from, limit int64) (int64, bool) {
	if from >= limit || from >= wallLimit {
		return 0, false
	}
	if from < -wallLimit {
		from = -wallLimit
	}
	days := floorDiv(from, secondsPerDay)
	sod := int(from - days*secondsPerDay)
	h, mi, sec := sod/3600, sod/60%60, sod%60
	// Most searches end on the day they start, or the next.
	if s.dayRule != daysGeneral {
		if s.dayMatches(days) {
			if t, ok := s.nextInDay(h, mi, sec); ok {
				w := days*secondsPerDay + t
				return w, w < limit
			}
		}
		// On a later day the run is at the day's first matching time.
		first := int64(bits.TrailingZeros32(s.hour)*3600 + bits.TrailingZeros64(s.minute)*60 + bits.TrailingZeros64(s.second))
		for i := int64(1); i < 8; i++ {
			if s.dayMatches(days + i) {
				w := (days+i)*secondsPerDay + first
				return w, w < limit
			}
		}
		return 0, false // a weekday schedule always matches within a week
	}
	y, m, d := civil(days)
	for steps := 0; steps <= monthsPer400+12; steps++ {
		mask := s.monthMask(y, m) >> uint(d) << uint(d)
		for mask != 0 {
			dd := bits.TrailingZeros32(mask)
			if dd != d {
				d, h, mi, sec = dd, 0, 0, 0
			}
			start := daysFromCivil(y, m, d) * secondsPerDay
			if start >= limit {
				return 0, false
			}
			if t, ok := s.nextInDay(h, mi, sec); ok {
				if start+t >= limit {
					return 0, false
				}
				return start + t, true
			}
			mask &^= 1 << uint(d)
			h, mi, sec = 0, 0, 0
		}
		// Go to the first day of the next month the schedule allows.
		if next, ok := nextBit(uint64(s.month), m+1); ok && next <= 12 {
			m = next
		} else {
			m, y = bits.TrailingZeros16(s.month), y+1
		}
		if !s.yearOK(y) {
			ny, ok := s.nextYear(y)
			if !ok {
				return 0, false
			}
			m, y = bits.TrailingZeros16(s.month), ny
		}
		d, h, mi, sec = 1, 0, 0, 0
		if limit < wallLimit && daysFromCivil(y, m, 1)*secondsPerDay >= limit {
			return 0, false
		}
	}
	return 0, false
}

// prevWall returns the last wall second w with limit <= w <= from that
// matches every field, or false.
func (s *Schedule) prevWall(from, limit int64) (int64, bool) {
	if from < limit || from < -wallLimit {
		return 0, false
	}
	if from > wallLimit {
		from = wallLimit
	}
	days := floorDiv(from, secondsPerDay)
	sod := int(from - days*secondsPerDay)
	h, mi, sec := sod/3600, sod/60%60, sod%60
	if s.dayRule != daysGeneral {
		for i := 0; i < 8; i++ {
			if s.dayMatches(days - int64(i)) {
				if t, ok := s.prevInDay(h, mi, sec); ok {
					w := (days-int64(i))*secondsPerDay + t
					return w, w >= limit
				}
			}
			h, mi, sec = 23, 59, 59
		}
		return 0, false
	}
	y, m, d := civil(days)
	for steps := 0; steps <= monthsPer400+12; steps++ {
		mask := s.monthMask(y, m)
		if d < 31 {
			mask &= uint32(1)<<uint(d+1) - 1
		}
		for mask != 0 {
			dd := 31 - bits.LeadingZeros32(mask)
			if dd != d {
				d, h, mi, sec = dd, 23, 59, 59
			}
			start := daysFromCivil(y, m, d) * secondsPerDay
			if start+secondsPerDay <= limit {
				return 0, false
			}
			if t, ok := s.prevInDay(h, mi, sec); ok {
				if start+t < limit {
					return 0, false
				}
				return start + t, true
			}
			mask &^= 1 << uint(d)
			h, mi, sec = 23, 59, 59
		}
		// Go to the last day of the previous month the schedule allows.
		if prev, ok := prevBit(uint64(s.month), m-1); ok && prev >= 1 {
			m = prev
		} else {
			m, y = 15-bits.LeadingZeros16(s.month), y-1
		}
		if !s.yearOK(y) {
			py, ok := s.prevYear(y)
			if !ok {
				return 0, false
			}
			m, y = 15-bits.LeadingZeros16(s.month), py
		}
		d, h, mi, sec = daysIn(y, m), 23, 59, 59
		if limit > -wallLimit && (daysFromCivil(y, m, d)+1)*secondsPerDay <= limit {
			return 0, false
		}
	}
	return 0, false
}

// minuteMatches reports whether the wall minute starting at wall second w
// (a multiple of 60) matches the day, hour and minute fields.
func (s *Schedule) minuteMatches(w int64) bool {
	days := floorDiv(w, secondsPerDay)
	sod := int(w - days*secondsPerDay)
	if s.hour&(1<<(sod/3600)) == 0 || s.minute&(1<<(sod/60%60)) == 0 {
		return false
	}
	return s.dayMatches(days)
}

// anyMinuteMatches reports whether a wall minute in [from, to] (wall
// seconds, multiples of 60) matches the day, hour and minute fields.
func (s *Schedule) anyMinuteMatches(from, to int64) bool {
	// Seconds do not matter here: search with any second allowed.
	t := *s
	t.second = 1<<60 - 1
	_, ok := t.nextWall(from, to+60)
	return ok
}

// nextYear returns the first year after y that the year field allows.
func (s *Schedule) nextYear(y int64) (int64, bool) {
	for y = max(y+1, minYear); y <= maxYear; y++ {
		if s.yearOK(y) {
			return y, true
		}
	}
	return 0, false
}

// prevYear returns the last year before y that the year field allows.
func (s *Schedule) prevYear(y int64) (int64, bool) {
	for y = min(y-1, maxYear); y >= minYear; y-- {
		if s.yearOK(y) {
			return y, true
		}
	}
	return 0, false
}
