package cronsim

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A Calendar is a systemd calendar specification, the value of a timer
// unit's OnCalendar= (systemd.time(7), "Calendar Events"), read exactly as
// systemd 252 (Debian 12) and 257 (Debian 13) read it: its normalised form
// (String) and its elapses (Next) agree with `systemd-analyze calendar` on
// every specification of the parse corpus (conformance/parse/systemd-*).
//
// The reading follows systemd's calendarspec.c: an optional
// weekday list, an optional date (year-month-day, or month-day, with ~
// counting days from the end of the month), an optional time
// (hour:minute[:second], seconds with up to six decimals), then an
// optional zone (UTC or a zone name). Each component is *, or a list of
// values, ranges a..b and repetitions a/r, a..b/r.
type Calendar struct {
	spec    string
	version int // the systemd whose rules apply: 252 or 257

	weekdays int // bit 0 Monday .. bit 6 Sunday; -1: any day
	// Chains of components, sorted and without repeats; nil is *.
	year, month, day, hour, minute, usec []calComponent
	endOfMonth                           bool
	utc                                  bool
	zoneName                             string
	zone                                 *time.Location
	// timer holds the unit's settings (Schedule.WithTimer).
	timer Timer
}

// A calComponent is one item of a component list: start, start..stop
// (stop -1 when absent), with a repetition step (0: none). Seconds are
// kept in microseconds.
type calComponent struct{ start, stop, repeat int }

const (
	calMinYear   = 1970
	calMaxYear   = 2199
	calMaxChain  = 240 // longest list systemd reads (CALENDARSPEC_COMPONENTS_MAX)
	usecPerSec   = 1000000
	calAllDays   = 127
	calIntMax    = 1<<31 - 1
	calUlongMax  = 1<<64 - 1
	calMaxLength = MaxLength
)

// A CalendarError is a calendar specification systemd rejects. Errno is
// the error systemd reports ("Invalid argument" is EINVAL, "Numerical
// result out of range" ERANGE, "No buffer space available" ENOBUFS).
type CalendarError struct {
	Spec   string
	Column int    // 1-based byte column where reading stopped, 0 for the whole spec
	Reason string // what is wrong, in English
	Errno  syscall.Errno
}

func (e *CalendarError) Error() string {
	var b strings.Builder
	b.WriteString("cronsim: systemd calendar ")
	b.WriteString(strconv.Quote(e.Spec))
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	fmt.Fprintf(&b, " (systemd: %s)", e.Errno.Error())
	return b.String()
}

// Unwrap gives ErrRange for systemd's ERANGE and ErrSyntax otherwise.
func (e *CalendarError) Unwrap() error {
	if e.Errno == syscall.ERANGE {
		return ErrRange
	}
	return ErrSyntax
}

// calParser reads one specification.
type calParser struct {
	full string
	s    string // what is left
	off  int    // byte offset of s in full
	// at is the byte offset in full of each component read ("hour":
	// 6), for an error found after the parse (Calendar.valid).
	at map[string]int
}

// mark records that the component name starts at byte offset off.
func (p *calParser) mark(off int, names ...string) {
	if p.at == nil {
		p.at = map[string]int{}
	}
	for _, n := range names {
		p.at[n] = off
	}
}

func (p *calParser) fail(errno syscall.Errno, reason string) error {
	return &CalendarError{Spec: p.full, Column: p.off + 1, Reason: reason, Errno: errno}
}

func (p *calParser) advance(n int) { p.s = p.s[n:]; p.off += n }

func (p *calParser) peek(i int) byte {
	if i < len(p.s) {
		return p.s[i]
	}
	return 0
}

func (p *calParser) skipSpaces() {
	n := 0
	for n < len(p.s) && p.s[n] == ' ' {
		n++
	}
	p.advance(n)
}

// ParseCalendar parses an OnCalendar= specification as systemd 257
// (Debian 13) does. A local zone abbreviation as the last word (EST on
// a machine set to New York) is not recognised: systemd's reading of it
// depends on the C library's tzname, which changes with every localtime
// call of the process.
func ParseCalendar(spec string) (*Calendar, error) { return ParseCalendarFor(spec, 257) }

// Systemd versions whose calendar rules differ, as recorded: Debian 12's
// systemd 252 (with glibc 2.36) and Debian 13's systemd 257 (glibc 2.41).
const (
	calV252 = 252
	calV257 = 257
)

// ParseCalendarFor parses spec as the given systemd version does: below
// 257 with systemd 252's rules and glibc 2.36's mktime (Debian 12),
// otherwise with 257's and glibc 2.41's (Debian 13). They differ in the
// error for @seconds out of range and at the edges of the next-elapse
// search.
func ParseCalendarFor(spec string, systemdVersion int) (*Calendar, error) {
	v := calV257
	if systemdVersion < calV257 {
		v = calV252
	}
	if len(spec) > calMaxLength {
		return nil, &CalendarError{Spec: spec, Reason: fmt.Sprintf("longer than %d bytes", calMaxLength), Errno: syscall.EINVAL}
	}
	if i := strings.IndexByte(spec, 0); i >= 0 {
		// systemd reads a C string: it ends at the NUL.
		spec = spec[:i]
	}
	c := &Calendar{spec: spec, version: v}
	p := &calParser{full: spec, s: spec}
	end := len(spec)
	if hasSuffixFold(spec, " UTC") {
		c.utc = true
		end -= 4
	} else if i := strings.LastIndexByte(spec, ' '); i >= 0 && calZoneValid(spec[i+1:]) {
		name := spec[i+1:]
		loc, err := loadZone(name)
		if err == nil {
			c.zoneName = name
			c.zone = loc
			end = i
		}
	}
	p.s = spec[:end]
	if p.s == "" {
		return nil, p.fail(syscall.EINVAL, "empty specification")
	}
	if !c.shorthand(p.s) {
		if err := c.parseWeekdays(p); err != nil {
			return nil, err
		}
		done, err := c.parseDate(p)
		if err != nil {
			return nil, err
		}
		if !done {
			if err := c.parseTime(p); err != nil {
				return nil, err
			}
		}
		if p.s != "" {
			return nil, p.fail(syscall.EINVAL, fmt.Sprintf("unexpected %q", p.s))
		}
	}
	c.normalize()
	if name := c.valid(); name != "" {
		// The column of the component, when it was written out.
		col := 0
		if off, ok := p.at[name]; ok {
			col = off + 1
		}
		return nil, &CalendarError{Spec: spec, Column: col, Reason: name + " out of range", Errno: syscall.EINVAL}
	}
	return c, nil
}

// hasSuffixFold is strings.HasSuffix ignoring ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

// calZoneValid is systemd's check of a zone name (time-util.c,
// verify_timezone): letters, digits, - _ + and single slashes, not
// starting or ending with a slash, naming a zone file.
func calZoneValid(name string) bool {
	if name == "UTC" {
		return true
	}
	if name == "" || name[0] == '/' || name == "Local" {
		return false
	}
	if !calZoneSyntax(name) {
		return false
	}
	return calZoneFile(name)
}

// calZoneFile reports whether the machine has a zone file of that name
// (systemd opens /usr/share/zoneinfo/NAME): whether cronsim can load
// it. Which names exist is the machine's (Debian 13 moved CET, EST,
// US/Eastern and the like to the tzdata-legacy package).
var calZoneFile = func(name string) bool {
	_, err := loadZone(name)
	return err == nil
}

// calZoneSyntax is the spelling check of verify_timezone.
func calZoneSyntax(name string) bool {
	slash := false
	for i := 0; i < len(name); i++ {
		ch := name[i]
		switch {
		case ch >= '0' && ch <= '9', ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch == '-', ch == '_', ch == '+':
			slash = false
		case ch == '/':
			if slash {
				return false
			}
			slash = true
		default:
			return false
		}
	}
	return !slash
}

// shorthand sets the components of a named specification (minutely ...
// semiannually), in any case.
func (c *Calendar) shorthand(s string) bool {
	zero := []calComponent{{0, -1, 0}}
	one := []calComponent{{1, -1, 0}}
	switch strings.ToLower(s) {
	case "minutely":
		c.usec = zero
	case "hourly":
		c.minute, c.usec = zero, zero
	case "daily":
		c.hour, c.minute, c.usec = zero, zero, zero
	case "monthly":
		c.day, c.hour, c.minute, c.usec = one, zero, zero, zero
	case "annually", "yearly", "anually":
		c.month, c.day, c.hour, c.minute, c.usec = one, one, zero, zero, zero
	case "weekly":
		c.weekdays = 1
		c.hour, c.minute, c.usec = zero, zero, zero
	case "quarterly":
		c.month = []calComponent{{1, -1, 0}, {4, -1, 0}, {7, -1, 0}, {10, -1, 0}}
		c.day, c.hour, c.minute, c.usec = one, zero, zero, zero
	case "biannually", "bi-annually", "semiannually", "semi-annually":
		c.month = []calComponent{{1, -1, 0}, {7, -1, 0}}
		c.day, c.hour, c.minute, c.usec = one, zero, zero, zero
	default:
		return false
	}
	return true
}

var calDayNames = []struct {
	name string
	nr   int
}{
	{"Monday", 0}, {"Mon", 0}, {"Tuesday", 1}, {"Tue", 1}, {"Wednesday", 2}, {"Wed", 2},
	{"Thursday", 3}, {"Thu", 3}, {"Friday", 4}, {"Fri", 4}, {"Saturday", 5}, {"Sat", 5},
	{"Sunday", 6}, {"Sun", 6},
}

// parseWeekdays reads an optional weekday list: names, .. or - ranges,
// commas, a trailing comma allowed.
func (c *Calendar) parseWeekdays(p *calParser) error {
	from := -1
	first := true
	for {
		found := -1
		for _, d := range calDayNames {
			if len(p.s) < len(d.name) || !strings.EqualFold(p.s[:len(d.name)], d.name) {
				continue
			}
			switch p.peek(len(d.name)) {
			case 0, '-', '.', ',', ' ':
			default:
				return p.fail(syscall.EINVAL, "weekday name followed by "+strconv.Quote(string(p.peek(len(d.name)))))
			}
			c.weekdays |= 1 << d.nr
			if from >= 0 {
				if from > d.nr {
					return p.fail(syscall.EINVAL, "weekday range runs backwards")
				}
				for j := from + 1; j < d.nr; j++ {
					c.weekdays |= 1 << j
				}
			}
			p.advance(len(d.name))
			found = d.nr
			break
		}
		if found < 0 {
			if first {
				return nil
			}
			return p.fail(syscall.EINVAL, "expected a weekday name")
		}
		switch p.peek(0) {
		case 0:
			return nil
		case ' ':
			p.skipSpaces()
			return nil
		case '.':
			if from >= 0 {
				return p.fail(syscall.EINVAL, "weekday range inside a range")
			}
			if p.peek(1) != '.' {
				return p.fail(syscall.EINVAL, "a single '.' after a weekday")
			}
			from = found
			p.advance(2)
		case '-':
			if from >= 0 {
				return p.fail(syscall.EINVAL, "weekday range inside a range")
			}
			from = found
			p.advance(1)
		case ',':
			from = -1
			p.advance(1)
		}
		if p.peek(0) == 0 || p.peek(0) == ' ' {
			p.skipSpaces()
			if from >= 0 {
				return p.fail(syscall.EINVAL, "weekday range without an end")
			}
			return nil
		}
		first = false
	}
}

func isDigit(ch byte) bool { return ch >= '0' && ch <= '9' }

// strtoul reads what C's strtoul(s, &end, 10) reads: leading white
// space, a sign, digits. ok is false when nothing was read; errno is
// ERANGE on overflow.
func strtoul(s string) (v uint64, n int, errno syscall.Errno, ok bool) {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] >= '\t' && s[i] <= '\r') {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	over := false
	for i < len(s) && isDigit(s[i]) {
		d := uint64(s[i] - '0')
		if v > (calUlongMax-d)/10 {
			over = true
		}
		v = v*10 + d
		i++
	}
	if i == start {
		return 0, 0, 0, false
	}
	if over {
		return calUlongMax, i, syscall.ERANGE, true
	}
	if neg {
		v = -v
	}
	return v, i, 0, true
}

// decimal reads one number of a component; in seconds (usec) it may
// have a fraction and is returned in microseconds.
func (p *calParser) decimal(usec bool) (int, error) {
	if !isDigit(p.peek(0)) {
		return 0, p.fail(syscall.EINVAL, "expected a number")
	}
	v, n, errno, _ := strtoul(p.s)
	if errno != 0 {
		return 0, p.fail(errno, "number too large")
	}
	e := n
	if usec {
		if v != 0 && v*usecPerSec/usecPerSec != v {
			return 0, p.fail(syscall.ERANGE, "number too large")
		}
		v *= usecPerSec
		if e < len(p.s) && p.s[e] == '.' && (e+1 >= len(p.s) || p.s[e+1] != '.') {
			e++
			// Six digits are read, padded with zeros; the seventh
			// rounds; more are skipped (parse_fractional_part_u).
			var add uint64
			n := 0
			for ; n < 6 && e+n < len(p.s) && isDigit(p.s[e+n]); n++ {
				add = add*10 + uint64(p.s[e+n]-'0')
			}
			if n == 0 {
				p.advance(e)
				return 0, p.fail(syscall.EINVAL, "expected digits after the decimal point")
			}
			for k := n; k < 6; k++ {
				add *= 10
			}
			e += n
			if e < len(p.s) && p.s[e] >= '5' && p.s[e] <= '9' {
				add++ // rounds at the seventh digit
			}
			for e < len(p.s) && isDigit(p.s[e]) {
				e++
			}
			if add+v < v {
				return 0, p.fail(syscall.ERANGE, "number too large")
			}
			v += add
		}
	}
	if v > calIntMax {
		return 0, p.fail(syscall.ERANGE, "number too large")
	}
	p.advance(e)
	return int(v), nil
}

// component reads a list of values, ranges and repetitions.
func (p *calParser) component(usec bool) ([]calComponent, error) {
	var chain []calComponent
	for nesting := 0; ; nesting++ {
		if nesting > calMaxChain {
			return nil, p.fail(syscall.ENOBUFS, fmt.Sprintf("more than %d items in a list", calMaxChain))
		}
		start, err := p.decimal(usec)
		if err != nil {
			return nil, err
		}
		stop, repeat := -1, 0
		if p.peek(0) == '.' && p.peek(1) == '.' {
			p.advance(2)
			if stop, err = p.decimal(usec); err != nil {
				return nil, err
			}
			repeat = 1
			if usec {
				repeat = usecPerSec
			}
		}
		if p.peek(0) == '/' {
			p.advance(1)
			if repeat, err = p.decimal(usec); err != nil {
				return nil, err
			}
			if repeat == 0 {
				return nil, p.fail(syscall.ERANGE, "repetition of zero")
			}
		} else {
			if start > calIntMax-repeat {
				return nil, p.fail(syscall.ERANGE, "number too large")
			}
			if usec && stop >= 0 && start+repeat > stop {
				return nil, p.fail(syscall.EINVAL, "range of seconds shorter than a second")
			}
		}
		switch p.peek(0) {
		case 0, ' ', ',', '-', '~', ':':
		default:
			return nil, p.fail(syscall.EINVAL, fmt.Sprintf("unexpected %q", p.s[:1]))
		}
		chain = append(chain, calComponent{start, stop, repeat})
		if p.peek(0) != ',' {
			return chain, nil
		}
		p.advance(1)
	}
}

// chain reads * or a component list.
func (p *calParser) chain(usec bool) ([]calComponent, error) {
	if p.peek(0) == '*' {
		p.advance(1)
		if usec {
			return []calComponent{{0, -1, usecPerSec}}, nil
		}
		return nil, nil
	}
	return p.component(usec)
}

// parseDate reads an optional date, or @seconds (then done is true: no
// time follows).
func (c *Calendar) parseDate(p *calParser) (done bool, err error) {
	if p.s == "" {
		return false, nil
	}
	if p.s[0] == '@' {
		p.advance(1)
		v, n, errno, ok := strtoul(p.s)
		if !ok {
			return false, p.fail(syscall.EINVAL, "expected seconds after @")
		}
		if errno != 0 {
			return false, p.fail(errno, "number too large")
		}
		p.advance(n)
		t := int64(v)
		if c.version >= calV257 {
			// calendarspec_from_time_t refuses what overflows usec_t
			// (a negative time included).
			if v > calUlongMax/usecPerSec {
				return false, p.fail(syscall.ERANGE, "time out of range")
			}
		} else {
			// glibc's gmtime_r fails when the year does not fit an int.
			const maxT, minT = 67767976233532799, -67768040609740800
			if t > maxT || t < minT {
				return false, p.fail(syscall.ERANGE, "time out of range")
			}
		}
		y, mo, d, h, mi, s := calCivil(t)
		c.utc = true
		c.year = []calComponent{{int(y), -1, 0}}
		c.month = []calComponent{{mo, -1, 0}}
		c.day = []calComponent{{d, -1, 0}}
		c.hour = []calComponent{{h, -1, 0}}
		c.minute = []calComponent{{mi, -1, 0}}
		c.usec = []calComponent{{s * usecPerSec, -1, 0}}
		if y > calIntMax {
			return false, p.fail(syscall.ERANGE, "year out of range")
		}
		return true, nil
	}
	saveS, saveOff := p.s, p.off
	firstAt := p.off
	first, err := p.chain(false)
	if err != nil {
		return false, err
	}
	if p.peek(0) == 0 || p.peek(0) == ':' {
		// A time, not a date: the time is read from the start again.
		p.s, p.off = saveS, saveOff
		return false, nil
	}
	if err := p.dateSeparator(c); err != nil {
		return false, err
	}
	secondAt := p.off
	second, err := p.chain(false)
	if err != nil {
		return false, err
	}
	if p.peek(0) == 0 || p.peek(0) == ' ' {
		p.skipSpaces()
		c.month, c.day = first, second
		p.mark(firstAt, "month")
		p.mark(secondAt, "day")
		return false, nil
	}
	if c.endOfMonth {
		return false, p.fail(syscall.EINVAL, "~ between year and month")
	}
	if err := p.dateSeparator(c); err != nil {
		return false, err
	}
	thirdAt := p.off
	third, err := p.chain(false)
	if err != nil {
		return false, err
	}
	if p.peek(0) != 0 && p.peek(0) != ' ' {
		return false, p.fail(syscall.EINVAL, "expected a blank after the date")
	}
	p.skipSpaces()
	c.year, c.month, c.day = first, second, third
	p.mark(firstAt, "year")
	p.mark(secondAt, "month")
	p.mark(thirdAt, "day")
	return false, nil
}

// parseTime reads the time: hour:minute[:second]; nothing at all is
// midnight.
func (c *Calendar) parseTime(p *calParser) error {
	zero := []calComponent{{0, -1, 0}}
	if p.s == "" {
		c.hour, c.minute, c.usec = zero, zero, zero
		return nil
	}
	p.mark(p.off, "hour")
	h, err := p.chain(false)
	if err != nil {
		return err
	}
	if p.peek(0) != ':' {
		return p.fail(syscall.EINVAL, "expected : after the hour")
	}
	p.advance(1)
	p.mark(p.off, "minute")
	m, err := p.chain(false)
	if err != nil {
		return err
	}
	c.hour, c.minute = h, m
	if p.peek(0) == 0 {
		c.usec = zero
		return nil
	}
	if p.peek(0) != ':' {
		return p.fail(syscall.EINVAL, "expected : after the minute")
	}
	p.advance(1)
	p.mark(p.off, "second")
	s, err := p.chain(true)
	if err != nil {
		return err
	}
	if p.peek(0) != 0 {
		return p.fail(syscall.EINVAL, "unexpected text after the seconds")
	}
	c.usec = s
	return nil
}

// dateSeparator reads the "-" or "~" between two parts of a date; "~"
// counts the day from the end of the month.
func (p *calParser) dateSeparator(c *Calendar) error {
	switch p.peek(0) {
	case '~':
		c.endOfMonth = true
	case '-':
	default:
		return p.fail(syscall.EINVAL, "expected - or ~ in the date")
	}
	p.advance(1)
	return nil
}
