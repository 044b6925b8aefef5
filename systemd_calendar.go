package cronsim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// normalize brings the parsed specification into systemd's normal form
// (calendarspec.c, calendar_spec_normalize): two-digit years, sorted
// lists without repeats, ranges cut to a whole number of steps.
func (c *Calendar) normalize() {
	if c.zoneName == "UTC" {
		c.utc, c.zoneName, c.zone = true, "", nil
	}
	if c.weekdays <= 0 || c.weekdays >= calAllDays {
		c.weekdays = -1
	}
	if c.endOfMonth && c.day == nil {
		c.endOfMonth = false
	}
	for i := range c.year {
		y := &c.year[i]
		for _, v := range []*int{&y.start, &y.stop} {
			switch {
			case *v >= 0 && *v < 70:
				*v += 2000
			case *v >= 70 && *v < 100:
				*v += 1900
			}
		}
	}
	for _, ch := range []*[]calComponent{&c.year, &c.month, &c.day, &c.hour, &c.minute, &c.usec} {
		*ch = normalizeChain(*ch)
	}
}

func normalizeChain(ch []calComponent) []calComponent {
	for i := range ch {
		x := &ch[i]
		if x.stop > x.start && x.repeat > 0 {
			x.stop -= (x.stop - x.start) % x.repeat
		}
		// A repetition that never repeats, or a range of one value, is
		// a single value.
		if (x.stop > x.start && x.repeat > 0 && x.start+x.repeat > x.stop) || x.start == x.stop {
			x.repeat, x.stop = 0, -1
		}
	}
	if len(ch) <= 1 {
		return ch
	}
	slices.SortFunc(ch, func(a, b calComponent) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.stop, b.stop), cmp.Compare(a.repeat, b.repeat))
	})
	return slices.Compact(ch)
}

// valid is systemd's calendar_spec_valid: "" when valid, else the
// component out of range ("hour").
func (c *Calendar) valid() string {
	for _, f := range []struct {
		name     string
		ch       []calComponent
		from, to int
		eom      bool
	}{
		{"year", c.year, calMinYear, calMaxYear, false},
		{"month", c.month, 1, 12, false},
		{"day", c.day, 1, 31, c.endOfMonth},
		{"hour", c.hour, 0, 23, false},
		{"minute", c.minute, 0, 59, false},
		{"second", c.usec, 0, 60*usecPerSec - 1, false},
	} {
		if !chainValid(f.ch, f.from, f.to, f.eom) {
			return f.name
		}
	}
	return ""
}

func chainValid(ch []calComponent, from, to int, eom bool) bool {
	if eom {
		// At most 28 days from the end of the month.
		to -= 3
	}
	for _, x := range ch {
		if x.start < from || x.start > to || x.repeat > to-from {
			return false
		}
		if x.stop >= 0 {
			if x.stop < from || x.stop > to || x.start+x.repeat > x.stop {
				return false
			}
		} else if eom && x.start-x.repeat < from || !eom && x.start+x.repeat > to {
			return false
		}
	}
	return true
}

// String returns the normalised form systemd prints for the
// specification (systemd-analyze calendar's "Normalized form").
func (c *Calendar) String() string {
	var b strings.Builder
	if c.weekdays > 0 && c.weekdays <= calAllDays {
		formatWeekdays(&b, c.weekdays)
		b.WriteByte(' ')
	}
	formatChain(&b, 4, c.year, false)
	b.WriteByte('-')
	formatChain(&b, 2, c.month, false)
	if c.endOfMonth {
		b.WriteByte('~')
	} else {
		b.WriteByte('-')
	}
	formatChain(&b, 2, c.day, false)
	b.WriteByte(' ')
	formatChain(&b, 2, c.hour, false)
	b.WriteByte(':')
	formatChain(&b, 2, c.minute, false)
	b.WriteByte(':')
	formatChain(&b, 2, c.usec, true)
	switch {
	case c.utc:
		b.WriteString(" UTC")
	case c.zoneName != "":
		b.WriteByte(' ')
		b.WriteString(c.zoneName)
	}
	return b.String()
}

// Spec returns the specification as it was written.
func (c *Calendar) Spec() string { return c.spec }

// Location returns the zone the specification names (UTC included), or
// nil when it follows the zone it is evaluated in.
func (c *Calendar) Location() *time.Location {
	if c.utc {
		return time.UTC
	}
	return c.zone
}

var calDayAbbr = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func formatWeekdays(b *strings.Builder, bits int) {
	comma := false
	l := -1
	x := 0
	for ; x < 7; x++ {
		if bits&(1<<x) != 0 {
			if l < 0 {
				if comma {
					b.WriteByte(',')
				}
				comma = true
				b.WriteString(calDayAbbr[x])
				l = x
			}
		} else if l >= 0 {
			if x > l+1 {
				if x > l+2 {
					b.WriteString("..")
				} else {
					b.WriteByte(',')
				}
				b.WriteString(calDayAbbr[x-1])
			}
			l = -1
		}
	}
	if l >= 0 && x > l+1 {
		if x > l+2 {
			b.WriteString("..")
		} else {
			b.WriteByte(',')
		}
		b.WriteString(calDayAbbr[x-1])
	}
}

func formatChain(b *strings.Builder, width int, ch []calComponent, usec bool) {
	if len(ch) == 0 {
		b.WriteByte('*')
		return
	}
	d := 1
	if usec {
		d = usecPerSec
		for _, x := range ch {
			if x.start == 0 && x.stop < 0 && x.repeat == usecPerSec {
				b.WriteByte('*')
				return
			}
		}
	}
	for i, x := range ch {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(b, "%0*d", width, x.start/d)
		if x.start%d > 0 {
			fmt.Fprintf(b, ".%06d", x.start%d)
		}
		if x.stop > 0 {
			fmt.Fprintf(b, "..%0*d", width, x.stop/d)
		}
		if x.stop%d > 0 {
			fmt.Fprintf(b, ".%06d", x.stop%d)
		}
		if x.repeat > 0 && !(x.stop > 0 && x.repeat == d) {
			fmt.Fprintf(b, "/%d", x.repeat/d)
		}
		if x.repeat%d > 0 {
			fmt.Fprintf(b, ".%06d", x.repeat%d)
		}
	}
}
