package cronsim

import (
	"hash/crc32"
	"strconv"
	"strings"
)

// Parse parses a crontab time specification in the Strict dialect: five
// fields (minute, hour, day of month, month, day of week), six with a
// leading seconds field, seven with seconds first and a year last, or
// one of Debian's @ strings, optionally after a CRON_TZ=Zone prefix.
//
// Beyond Debian's syntax it accepts the extensions listed in the package
// documentation (L, LW, L-3, 15W and 29-L in day of month, 5L, 5#2,
// MON-FRI#1 and FRI#L in day of week, ? for either day field, a seconds
// and a year field, a zone prefix). It rejects what Debian's crontab
// rejects, what Debian accepts but silently reads differently ("5;x",
// "5-3", "*-5") and schedules that never run ("0 0 30 2 *"). H (hashed)
// values need a key: see ParseOptions.
func Parse(expr string) (Schedule, error) {
	return ParseOptions{}.Parse(expr)
}

// MustParse is like Parse but panics if the expression cannot be parsed.
// It simplifies the initialization of global variables.
func MustParse(expr string) Schedule {
	s, err := Parse(expr)
	if err != nil {
		panic(err)
	}
	return s
}

// ParseDialect parses a crontab time specification in the given dialect.
//
// Deprecated: use ParseOptions{Dialect: d}.Parse(expr).
func ParseDialect(expr string, d Dialect) (Schedule, error) {
	return ParseOptions{Dialect: d}.Parse(expr)
}

// ParseOptions say how to read crontab text: by which daemon's rules the
// schedule runs, in which grammar, and with which key for H values. The
// zero value is Parse's: the Strict dialect, Debian's cron's rules, no
// hash key.
//
// Daemon and Dialect combine as follows. Daemon picks the rules the
// schedule follows (Next, Prev, All, Simulation, ...). Dialect picks the
// grammar:
//
//   - Strict: cronsim's own syntax (the package documentation lists its
//     extensions), the same for every daemon: the text is read as Parse
//     reads it, and the schedule then runs by Daemon's rules.
//   - Debian: exactly what Daemon's own crontab accepts, read as that
//     daemon reads it: Debian's cron 3.0pl1-197 (trixie) for DebianCron,
//     cronie's parser for Cronie, BusyBox's for BusyBox. An expression
//     that never runs ("5-3 * * * *", "0 0 30 2 *") is accepted where the
//     daemon accepts it, and the schedule reports Never.
//   - DebianBookworm: Debian 12's crontab (cron 3.0pl1-162), for DebianCron
//     only; with another daemon it is an error.
//
// So ParseOptions{Daemon: d, Dialect: Debian} reads a crontab line as
// daemon d does, and ParseOptions{Daemon: d} reads cronsim's syntax and
// runs it by d's rules.
type ParseOptions struct {
	// Daemon is the cron daemon whose rules the schedule follows and, in
	// the Debian dialect, whose crontab grammar reads the text. The zero
	// value is DebianCron.
	Daemon Daemon
	// Dialect is the grammar; the zero value is Strict.
	Dialect Dialect
	// HashKey makes H values in the Strict dialect deterministic: "H 3 *
	// * *" runs at the same minute of hour 3 for the same key (a job's
	// name, say), and spreads different keys over the hour. Without a key
	// an H is an error wrapping ErrHashKey. The Debian dialects have no H
	// (no daemon's crontab accepts it) and do not use the key. The value
	// of H in a field is
	//
	//	low + (crc32(key) >> index) mod (high-low+1)
	//
	// with crc32 the IEEE CRC-32 of the key's bytes (Go's
	// crc32.ChecksumIEEE, Python's binascii.crc32, zlib's crc32), low-high
	// the field's range (seconds and minutes 0-59, hours 0-23, days of
	// the month 1-31, months 1-12, days of the week 0-6, years 1970-2099,
	// or the range a-b of "H(a-b)") and index the field's number: minute
	// 0, hour 1, day of month 2, month 3, day of week 4, second 5, year 6.
	// "H/n" and "H(a-b)/n" start at low + (crc32(key) >> index) mod n and
	// step by n. These are croniter's numbers, so croniter with the same
	// hash_id picks the same times.
	HashKey string
}

// Parse parses a crontab time specification (no command) with the
// options.
func (o ParseOptions) Parse(expr string) (Schedule, error) {
	if perr := o.check(expr); perr != nil {
		return Schedule{}, perr
	}
	if r := daemonTableOf(o.Daemon); r.ownGrammar {
		// Its own grammar in every dialect (systemd's OnCalendar=,
		// Kubernetes' robfig/cron).
		return r.parse(expr, o.Dialect)
	}
	if o.Dialect == Strict {
		s, err := parseStrictExpr(expr, o.HashKey)
		if err != nil {
			return Schedule{}, err
		}
		s.daemon = o.Daemon
		return s, nil
	}
	return daemonTableOf(o.Daemon).parse(expr, o.Dialect)
}

// Entry parses one line of a crontab file (without its newline) with the
// options: a comment or blank line, an environment setting or a job.
// Environment settings the daemon gives a meaning (cronie's CRON_TZ= and
// RANDOM_DELAY=) apply to the jobs after them: read a whole file with a
// CrontabReader to carry them. The Debian dialect recognises comments
// and settings as Daemon's crontab does; the Strict dialect as Debian's
// crontab does (so "A=B * * * *" is a setting), and a job's time fields
// must satisfy Parse (a job line has no seconds field).
//
// Like Debian's crontab, the Debian dialects of Debian's cron set no
// limit on the length of a line: comments, blanks before the fields and
// environment settings may be of any length (Debian keeps the first 998
// bytes of a setting), and only a command of 999 bytes or more is
// "command too long". Debian's crontab ends a line at a NUL byte and
// reads what follows it as another line (entry.c and misc.c's get_string
// in cron 3.0pl1); its dialects do the same, returning the first entry
// when both parts are accepted and the first error otherwise. The Strict
// dialect rejects a NUL outside a comment.
//
// BusyBox never rejects a line: for a field it cannot read wholly the
// error (wrapping ErrMangled) comes with the Entry BusyBox runs.
func (o ParseOptions) Entry(line string) (Entry, error) {
	if perr := o.check(line); perr != nil {
		return Entry{}, perr
	}
	if r := daemonTableOf(o.Daemon); r.ownGrammar {
		return r.entry(line, o.Dialect)
	}
	if o.Dialect == Strict {
		e, err := parseEntry(line, Strict, o.HashKey)
		if err != nil {
			return Entry{}, err
		}
		if e.Kind == EntryJob {
			e.Schedule.daemon = o.Daemon
		}
		return e, nil
	}
	return daemonTableOf(o.Daemon).entry(line, o.Dialect)
}

// check reports options that name no daemon or dialect cronsim knows, or
// a Debian release's grammar for another daemon.
func (o ParseOptions) check(expr string) *ParseError {
	switch {
	case int(o.Daemon) >= len(daemonTable):
		return &ParseError{Expr: expr, Reason: "unknown daemon " + o.Daemon.String(), Err: ErrSyntax}
	case o.Dialect > DebianBookworm:
		return &ParseError{Expr: expr, Reason: "unknown dialect", Err: ErrSyntax}
	case o.Dialect == DebianBookworm && !daemonTable[o.Daemon].debianCrontab:
		return &ParseError{Expr: expr, Reason: "the debian-bookworm dialect is Debian's cron's crontab: " + o.Daemon.String() + " reads its own (the debian dialect)", Err: ErrSyntax}
	}
	return nil
}

// parseStrictExpr parses expr in the Strict dialect.
func parseStrictExpr(expr, key string) (Schedule, error) {
	if len(expr) > MaxLength {
		return Schedule{}, &ParseError{Expr: expr, Column: column(expr, MaxLength), Reason: "longer than " + strconv.Itoa(MaxLength) + " bytes", Err: ErrTooLong}
	}
	s, _, perr := parseStrict(expr, key)
	if perr != nil {
		perr.Debian = debianVerdict(expr)
		return Schedule{}, perr
	}
	return s, nil
}

// zonePrefix reports whether s starts with CRON_TZ= or TZ=, and which.
func zonePrefix(s string) (string, bool) {
	if s == "" || s[0] != 'C' && s[0] != 'T' {
		return "", false // most expressions start with a digit or *
	}
	for _, prefix := range [...]string{"CRON_TZ=", "TZ="} {
		if strings.HasPrefix(s, prefix) {
			return prefix[:len(prefix)-1], true
		}
	}
	return "", false
}

func restOfWord(s string, i int) string {
	if i >= len(s) {
		return ""
	}
	j := i
	for j < len(s) && s[j] != ' ' && s[j] != '\t' {
		j++
	}
	return s[i:j]
}

// strictField describes one field for the strict parser.
type strictField struct {
	field     Field
	low, high int
	names     []string // 3-letter names, index + low is the value
}

var strictFields = [...]strictField{
	FieldSecond:     {FieldSecond, 0, 59, nil},
	FieldMinute:     {FieldMinute, 0, 59, nil},
	FieldHour:       {FieldHour, 0, 23, nil},
	FieldDayOfMonth: {FieldDayOfMonth, 1, 31, nil},
	FieldMonth:      {FieldMonth, 1, 12, monthNames},
	FieldDayOfWeek:  {FieldDayOfWeek, 0, 7, dowNames[:7]},
}

type strictParser struct {
	expr string
	key  string // ParseOptions.HashKey
	ext  bool   // syntax Debian does not have was used
	s    Schedule
}

func (p *strictParser) fail(f Field, offset int, text string, err error, reason string) *ParseError {
	return &ParseError{Expr: p.expr, Field: f, Column: column(p.expr, offset), Text: text, Reason: reason, Err: err}
}

// parseStrict parses expr in the Strict dialect. ext reports whether it
// used syntax that Debian's crontab does not have.
func parseStrict(expr, key string) (s Schedule, ext bool, perr *ParseError) {
	p := &strictParser{expr: expr, key: key}
	i := 0
	for i < len(expr) && (expr[i] == ' ' || expr[i] == '\t') {
		i++
	}
	if name, ok := zonePrefix(expr[i:]); ok {
		start := i + len(name) + 1
		i = start
		for i < len(expr) && expr[i] != ' ' && expr[i] != '\t' {
			i++
		}
		if err := p.zone(name, expr[start:i], start); err != nil {
			return Schedule{}, true, err
		}
		p.ext = true
	}
	// Split into fields at blanks, remembering offsets for errors.
	var fields [7]string
	var offsets [7]int
	n := 0
	for i < len(expr) {
		c := expr[i]
		if c == ' ' || c == '\t' {
			i++
			continue
		}
		start := i
		for i < len(expr) && expr[i] != ' ' && expr[i] != '\t' {
			i++
		}
		if n < len(fields) {
			fields[n], offsets[n] = expr[start:i], start
		}
		n++
	}
	if n == 0 {
		if p.s.loc != nil {
			return Schedule{}, true, p.fail(FieldNone, len(expr), "", ErrFieldCount, "nothing follows the zone prefix")
		}
		return Schedule{}, false, p.fail(FieldNone, 0, "", ErrFieldCount, "empty expression")
	}
	if fields[0][0] == '@' {
		m, ok := debianMacros[fields[0][1:]]
		if !ok {
			reason := "unknown @ string: want @reboot, @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
			if _, ok := debianMacros[strings.ToLower(fields[0][1:])]; ok {
				reason = "@ strings are case-sensitive: write " + strings.ToLower(fields[0])
			}
			return Schedule{}, p.ext, p.fail(FieldNone, offsets[0], fields[0], ErrSyntax, reason)
		}
		if n > 1 {
			return Schedule{}, p.ext, p.fail(FieldNone, offsets[1], fields[1], ErrFieldCount, "nothing may follow "+fields[0])
		}
		s := macroSchedule(m)
		s.loc = p.s.loc
		return s, p.ext, nil
	}
	first := FieldMinute
	switch n {
	case 5:
		p.s.second = 1
	case 6, 7:
		first = FieldSecond
		p.s.hasSeconds = true
		p.ext = true
	default:
		count := strconv.Itoa(n) + " fields"
		if n == 1 {
			count = "1 field"
		}
		return Schedule{}, p.ext, p.fail(FieldNone, 0, "", ErrFieldCount, count+": want 5 (minute hour day-of-month month day-of-week), 6 with a leading seconds field, or 7 with seconds first and a year last")
	}
	for i := 0; i < min(n, 6); i++ {
		if err := p.field(first+Field(i), fields[i], offsets[i]); err != nil {
			if n == 6 && i == 5 && looksLikeYear(fields[5]) {
				err.Reason += "; a year field comes seventh, after a leading seconds field (second minute hour day-of-month month day-of-week year)"
			}
			return Schedule{}, p.ext, err
		}
	}
	if n == 7 {
		if err := p.yearField(fields[6], offsets[6]); err != nil {
			return Schedule{}, p.ext, err
		}
	}
	if p.s.dow&(1<<7) != 0 {
		p.s.dow = p.s.dow&^(1<<7) | 1
	}
	p.s.never = p.s.computeNever()
	p.s.dayRule = p.s.dayRuleOf()
	if p.s.never {
		what := "the day-of-month, month and day-of-week fields"
		if p.s.hasYears() {
			what = "the day-of-month, month, day-of-week and year fields"
		}
		return Schedule{}, p.ext, p.fail(FieldNone, 0, "", ErrNever, "no date matches "+what)
	}
	return p.s, p.ext, nil
}

// zone reads the zone of a CRON_TZ= or TZ= prefix.
func (p *strictParser) zone(prefix, name string, offset int) *ParseError {
	switch {
	case name == "":
		return p.fail(FieldNone, offset, prefix+"=", ErrSyntax, prefix+"= needs a zone name, such as "+prefix+"=Europe/Dublin")
	case name == "Local":
		return p.fail(FieldNone, offset, name, ErrSyntax, "Local is this machine's zone, not a zone name: write its IANA name")
	}
	loc, err := loadZone(name)
	if err != nil {
		return p.fail(FieldNone, offset, name, ErrSyntax, "unknown time zone "+strconv.Quote(name)+": want an IANA name such as Europe/Dublin")
	}
	p.s.loc = loc
	return nil
}

// field parses one comma-separated field into the schedule.
func (p *strictParser) field(f Field, text string, offset int) *ParseError {
	sf := strictFields[f]
	var set uint64
	if text == "?" {
		// Quartz's "no specific value": the same as "*", Debian's day
		// rule included.
		if f != FieldDayOfMonth && f != FieldDayOfWeek {
			return p.fail(f, offset, text, ErrSyntax, "? is for day-of-month and day-of-week only")
		}
		p.ext = true
		text = "*"
	}
	for i, start := 0, 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ',' {
			continue
		}
		item := text[start:i]
		if item == "" {
			return p.fail(f, offset+start, text, ErrSyntax, "empty item in list")
		}
		if err := p.item(sf, item, offset+start, start == 0, &set); err != nil {
			return err
		}
		start = i + 1
	}
	switch f {
	case FieldSecond:
		p.s.second = set
	case FieldMinute:
		p.s.minute = set
	case FieldHour:
		p.s.hour = uint32(set)
	case FieldDayOfMonth:
		p.s.dom = uint32(set)
	case FieldMonth:
		p.s.month = uint16(set)
	case FieldDayOfWeek:
		p.s.dow = uint8(set)
	}
	return nil
}

// value reads a number or a name at the start of s and returns it with
// the number of bytes read.
func (p *strictParser) value(sf strictField, s string, offset int) (int, int, *ParseError) {
	n := 0
	for n < len(s) && isAlnum(int(s[n])) {
		n++
	}
	word := s[:n]
	if n >= debianTempMax {
		return 0, 0, p.fail(sf.field, offset, word[:20]+"...", ErrSyntax, "a word of 1000 characters or more (Debian's crontab rejects it)")
	}
	if word == "" {
		if s == "" {
			return 0, 0, p.fail(sf.field, offset, s, ErrSyntax, "missing value")
		}
		if s[0] == '?' {
			return 0, 0, p.fail(sf.field, offset, s, ErrSyntax, "? stands alone, for the whole day-of-month or day-of-week field")
		}
		return 0, 0, p.fail(sf.field, offset, s, ErrSyntax, "unexpected "+strconv.Quote(s[:1]))
	}
	if word[0] < '0' || word[0] > '9' {
		for i, name := range sf.names {
			if strings.EqualFold(name, word) {
				return i + sf.low, n, nil
			}
		}
		// Digits then letters ("5L") are for the caller to judge.
		if sf.names == nil {
			return 0, 0, p.fail(sf.field, offset, word, ErrSyntax, sf.field.String()+" takes numbers only")
		}
		return 0, 0, p.fail(sf.field, offset, word, ErrSyntax, "unknown name "+strconv.Quote(word)+": want one of "+strings.Join(sf.names, ", "))
	}
	digits := 0
	for digits < n && word[digits] >= '0' && word[digits] <= '9' {
		digits++
	}
	if digits < n {
		return 0, 0, p.fail(sf.field, offset, word, ErrSyntax, strconv.Quote(word)+" is not a number")
	}
	v, err := strconv.Atoi(word)
	if err != nil || v < sf.low || v > sf.high {
		reason := word + " is outside " + strconv.Itoa(sf.low) + "-" + strconv.Itoa(sf.high)
		if w := cAtoi(word); sf.field != FieldYear && strconv.Itoa(int(w)) != strings.TrimLeft(word, "0") && word != "0" && strings.TrimLeft(word, "0") != "" {
			reason += " (Debian wraps it to " + strconv.Itoa(int(w)) + ")"
		}
		return 0, 0, p.fail(sf.field, offset, word, ErrRange, reason)
	}
	return v, n, nil
}

// item parses one list item into set.
func (p *strictParser) item(sf strictField, item string, offset int, first bool, set *uint64) *ParseError {
	f := sf.field
	if item[0] == 'H' || item[0] == 'h' {
		lo, hi, step, err := p.hashed(sf, item, offset)
		if err != nil {
			return err
		}
		for v := lo; v <= hi; v += step {
			*set |= 1 << uint(v)
		}
		return nil
	}
	// Extensions.
	if c, last := item[0]|0x20, item[len(item)-1]|0x20; f == FieldDayOfMonth && (c == 'l' || last == 'w') {
		if ok, err := p.domExtension(item, offset); ok || err != nil {
			return err
		}
	}
	if f == FieldDayOfWeek {
		if ok, err := p.dowExtension(sf, item, offset); ok || err != nil {
			return err
		}
	}
	lo, hi, step, isStar, err := p.rangeItem(sf, item, offset)
	if err != nil {
		return err
	}
	if isStar && first {
		switch f {
		case FieldMinute:
			p.s.starStep[starMinute] = uint8(step)
		case FieldHour:
			p.s.starStep[starHour] = uint8(step)
		case FieldDayOfMonth:
			p.s.starStep[starDom] = uint8(step)
		case FieldDayOfWeek:
			p.s.starStep[starDow] = uint8(step)
		}
	}
	if step == 1 {
		*set |= (uint64(1)<<uint(hi+1) - 1) &^ (uint64(1)<<uint(lo) - 1)
		return nil
	}
	for v := lo; v <= hi; v += step {
		*set |= 1 << uint(v)
	}
	return nil
}

// rangeItem reads "*", "*/n", "a", "a-b" or "a-b/n" (and, in day of
// month, "a-L" and "a-L/n").
func (p *strictParser) rangeItem(sf strictField, item string, offset int) (lo, hi, step int, isStar bool, perr *ParseError) {
	f := sf.field
	rest := item
	isStar = item[0] == '*'
	if isStar {
		lo, hi = sf.low, sf.high
		rest = item[1:]
		if rest != "" && rest[0] != '/' {
			return 0, 0, 0, false, p.fail(f, offset+1, item, ErrMangled, "trailing characters "+strconv.Quote(rest)+" after *: Debian ignores them")
		}
	} else {
		v, n, err := p.value(sf, rest, offset)
		if err != nil {
			return 0, 0, 0, false, err
		}
		lo, hi = v, v
		rest = rest[n:]
		if rest == "" {
			return v, v, 1, false, nil
		}
		switch rest[0] {
		case '/':
			return 0, 0, 0, false, p.fail(f, offset+n, item, ErrStep, "a step needs a range: write "+item[:n]+"-"+strconv.Itoa(sf.high)+rest+" (Debian rejects "+item+")")
		case '-':
			var n2 int
			if f == FieldDayOfMonth && len(rest) > 1 && (rest[1] == 'L' || rest[1] == 'l') && (len(rest) == 2 || rest[2] == '/') {
				// "29-L": to the last day of the month, which is the
				// same as to 31, as no month has more days.
				hi, n2 = sf.high, 1
				p.ext = true
			} else {
				v2, nv, err := p.value(sf, rest[1:], offset+n+1)
				if err != nil {
					return 0, 0, 0, false, err
				}
				hi, n2 = v2, nv
			}
			rest = rest[1+n2:]
			if hi < lo {
				return 0, 0, 0, false, p.fail(f, offset, item, ErrMangled, "range "+item[:n+1+n2]+" is empty: Debian accepts it and never runs the line")
			}
		default:
			return 0, 0, 0, false, p.trailing(f, offset+n, item, rest, item[:n])
		}
	}
	step = 1
	if rest != "" && rest[0] == '/' {
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		digits := rest[1:n]
		if digits == "" {
			return 0, 0, 0, false, p.fail(f, offset+len(item)-len(rest), item, ErrStep, "missing step after /")
		}
		v, err := strconv.Atoi(digits)
		if err != nil || v == 0 {
			return 0, 0, 0, false, p.fail(f, offset+len(item)-len(rest)+1, digits, ErrStep, "step "+digits+" must be a positive number")
		}
		// Debian 13's crontab warns about a step wider than the range
		// (it then yields just the range's start).
		if width := max(hi-lo, 1); v > 1 && v > width {
			return 0, 0, 0, false, p.fail(f, offset+len(item)-len(rest)+1, digits, ErrStep, "step "+digits+" is wider than the range "+item[:len(item)-len(rest)]+" (at most "+strconv.Itoa(width)+"; Debian 13 warns)")
		}
		step = v
		rest = rest[n:]
	}
	if rest != "" {
		return 0, 0, 0, false, p.trailing(f, offset+len(item)-len(rest), item, rest, item[:len(item)-len(rest)])
	}
	return lo, hi, step, isStar, nil
}

func (p *strictParser) trailing(f Field, offset int, item, rest, read string) *ParseError {
	return p.fail(f, offset, rest, ErrMangled, "trailing characters "+strconv.Quote(rest)+" after "+f.String()+" "+read+": Debian ignores them")
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// hashIndex is each field's number in the hash of an H value (croniter's
// field numbers; see ParseOptions.HashKey).
var hashIndex = [...]uint{FieldMinute: 0, FieldHour: 1, FieldDayOfMonth: 2, FieldMonth: 3, FieldDayOfWeek: 4, FieldSecond: 5, FieldYear: 6}

// hashed reads "H", "H/n", "H(a-b)" or "H(a-b)/n" and returns the values
// it stands for as lo, lo+step, ... up to hi.
func (p *strictParser) hashed(sf strictField, item string, offset int) (lo, hi, step int, perr *ParseError) {
	f := sf.field
	if p.key == "" {
		return 0, 0, 0, p.fail(f, offset, item, ErrHashKey, "H (a hashed value) needs a key: parse with ParseOptions{HashKey: ...}, such as the job's name")
	}
	p.ext = true
	a, b := sf.low, sf.high
	if f == FieldDayOfWeek {
		b = 6 // 7 is Sunday again
	}
	rest := item[1:]
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		inner := ""
		if end > 0 {
			inner = rest[1:end]
		}
		dash := strings.IndexByte(inner, '-')
		if dash <= 0 || !digitsOnly(inner[:dash]) || !digitsOnly(inner[dash+1:]) {
			return 0, 0, 0, p.fail(f, offset, item, ErrSyntax, "want H(a-b) with numbers a and b")
		}
		ra, err1 := strconv.Atoi(inner[:dash])
		rb, err2 := strconv.Atoi(inner[dash+1:])
		if err1 != nil || err2 != nil || ra < a || rb > b {
			return 0, 0, 0, p.fail(f, offset+2, inner, ErrRange, "H("+inner+") must lie within "+strconv.Itoa(a)+"-"+strconv.Itoa(b))
		}
		if ra >= rb {
			return 0, 0, 0, p.fail(f, offset+2, inner, ErrRange, "in H("+inner+"), the start must be less than the end")
		}
		a, b = ra, rb
		rest = rest[end+1:]
	}
	h := crc32.ChecksumIEEE([]byte(p.key)) >> hashIndex[f]
	if rest == "" {
		v := a + int(h%uint32(b-a+1))
		return v, v, 1, nil
	}
	at := offset + len(item) - len(rest)
	if rest[0] != '/' {
		return 0, 0, 0, p.fail(f, at, rest, ErrSyntax, "unexpected "+strconv.Quote(rest)+" after "+item[:len(item)-len(rest)])
	}
	digits := rest[1:]
	if !digitsOnly(digits) {
		return 0, 0, 0, p.fail(f, at, rest, ErrStep, "want a number after /")
	}
	n, err := strconv.Atoi(digits)
	if err != nil || n == 0 {
		return 0, 0, 0, p.fail(f, at+1, digits, ErrStep, "step "+digits+" must be a positive number")
	}
	if n > 1 && n > b-a {
		return 0, 0, 0, p.fail(f, at+1, digits, ErrStep, "step "+digits+" is wider than the range "+strconv.Itoa(a)+"-"+strconv.Itoa(b))
	}
	return a + int(h%uint32(n)), b, n, nil
}

// domExtension parses "L", "LW", "L-n" and "nW" items. It reports false,
// nil when the item is not one.
func (p *strictParser) domExtension(item string, offset int) (bool, *ParseError) {
	const f = FieldDayOfMonth
	u := strings.ToUpper(item)
	switch {
	case u == "L":
		p.s.domLast = true
	case u == "LW":
		p.s.domLastWk = true
	case strings.HasPrefix(u, "L-"):
		k, err := strconv.Atoi(u[2:])
		if !digitsOnly(u[2:]) || err != nil || k < 1 || k > 30 {
			return true, p.fail(f, offset+2, item[2:], ErrRange, "in "+item+", the days before the last day must be a number 1-30")
		}
		p.s.domBefore |= 1 << k
	case u[0] == 'L':
		return true, p.fail(f, offset, item, ErrSyntax, "want L, LW or L-n (n days before the last day); a range may end in L (29-L)")
	case len(u) >= 2 && u[len(u)-1] == 'W' && digitsOnly(u[:len(u)-1]):
		d, err := strconv.Atoi(u[:len(u)-1])
		if err != nil || d < 1 || d > 31 {
			return true, p.fail(f, offset, item[:len(item)-1], ErrRange, "in "+item+", the day must be 1-31")
		}
		p.s.domNearWk |= 1 << d
	default:
		return false, nil
	}
	p.ext = true
	return true, nil
}

// dowExtension parses "wL", "w#k" and "w#L" items, w a weekday or a
// range of weekdays ("MON-FRI#1": the first Monday, the first Tuesday,
// ... of the month). It reports false, nil when the item is not one.
func (p *strictParser) dowExtension(sf strictField, item string, offset int) (bool, *ParseError) {
	var body string
	nth := 0 // 1-5, or 0 for the last
	if hash := strings.IndexByte(item, '#'); hash > 0 {
		body = item[:hash]
		k := item[hash+1:]
		switch {
		case k == "L" || k == "l":
		case len(k) == 1 && k[0] >= '1' && k[0] <= '5':
			nth = int(k[0] - '0')
		default:
			return true, p.fail(sf.field, offset+hash+1, k, ErrRange, "in "+item+", the week of the month must be 1-5 or L")
		}
	} else if len(item) >= 2 && (item[len(item)-1] == 'L' || item[len(item)-1] == 'l') {
		body = item[:len(item)-1]
	} else if len(item) >= 2 && (item[0] == 'L' || item[0] == 'l') {
		if _, n, err := p.value(sf, item[1:], offset+1); err == nil && n == len(item)-1 {
			return true, p.fail(sf.field, offset, item, ErrSyntax, "the last weekday w of the month is written wL here ("+item[1:]+"L), not "+item)
		}
		return false, nil
	} else {
		return false, nil
	}
	lo, n, err := p.value(sf, body, offset)
	if err != nil {
		return true, err
	}
	hi := lo
	if n < len(body) {
		if body[n] != '-' {
			return true, p.fail(sf.field, offset+n, body[n:], ErrSyntax, "want a weekday or a range of weekdays before "+item[len(body):])
		}
		v2, n2, err := p.value(sf, body[n+1:], offset+n+1)
		if err != nil {
			return true, err
		}
		if n+1+n2 != len(body) {
			return true, p.fail(sf.field, offset+n+1+n2, body[n+1+n2:], ErrSyntax, "want a weekday or a range of weekdays before "+item[len(body):])
		}
		if v2 == 0 && lo > 0 {
			v2 = 7 // SAT-SUN: Sunday ends the week here (Debian reads it as empty, but # and L are not Debian's)
		}
		if v2 < lo {
			return true, p.fail(sf.field, offset, body, ErrRange, "range "+body+" is empty")
		}
		hi = v2
	}
	for w := lo; w <= hi; w++ {
		if nth == 0 {
			p.s.dowLast |= 1 << (w % 7)
		} else {
			p.s.dowNth[w%7] |= 1 << nth
		}
	}
	p.ext = true
	return true, nil
}

// yearField parses the seventh field: years 1970-2099 as numbers, ranges,
// steps, "*" or H.
func (p *strictParser) yearField(text string, offset int) *ParseError {
	p.ext = true
	sf := strictField{FieldYear, minYear, maxYear, nil}
	var years [yearWords]uint64
	for i, start := 0, 0; i <= len(text); i++ {
		if i < len(text) && text[i] != ',' {
			continue
		}
		item := text[start:i]
		if item == "" {
			return p.fail(FieldYear, offset+start, text, ErrSyntax, "empty item in list")
		}
		var lo, hi, step int
		var err *ParseError
		if item[0] == 'H' || item[0] == 'h' {
			lo, hi, step, err = p.hashed(sf, item, offset+start)
		} else {
			lo, hi, step, _, err = p.rangeItem(sf, item, offset+start)
		}
		if err != nil {
			return err
		}
		for y := lo; y <= hi; y += step {
			years[(y-minYear)/64] |= 1 << ((y - minYear) % 64)
		}
		start = i + 1
	}
	var all [yearWords]uint64
	for y := minYear; y <= maxYear; y++ {
		all[(y-minYear)/64] |= 1 << ((y - minYear) % 64)
	}
	if years != all {
		p.s.years = years // every year is no restriction at all
	}
	return nil
}

// computeNever reports whether no wall time ever matches. The calendar
// repeats every 400 years, and within it a month is fixed by its length
// and the weekday of its first day, so the month shapes are all there
// is to try; the common shapes of expressions answer at once.
func (s *Schedule) computeNever() bool {
	if s.macro == macroReboot {
		return true
	}
	if s.second == 0 || s.minute == 0 || s.hour == 0 || s.month == 0 {
		return true
	}
	const allDom = 0xfffffffe
	if s.hasYears() {
		// Only the years allowed: at most 130 of them, 12 months each.
		for y := int64(minYear); y <= maxYear; y++ {
			if !s.yearOK(y) {
				continue
			}
			for m := 1; m <= 12; m++ {
				if s.monthMask(y, m) != 0 {
					return false
				}
			}
		}
		return true
	}
	if !s.dayExtensions() {
		if s.dom == allDom && s.dow == 0x7f {
			return false
		}
		if !s.DayAnd() && s.dow != 0 {
			return false
		}
		if s.DayAnd() && s.dom == allDom && s.dow != 0 {
			return false
		}
		if s.DayAnd() && s.dow == 0x7f {
			// Every weekday: a month that is long enough is all it takes.
			for m := 1; m <= 12; m++ {
				longest := monthDays[m]
				if m == 2 {
					longest = 29
				}
				if s.month&(1<<m) != 0 && s.dom&(uint32(1)<<(longest+1)-2) != 0 {
					return false
				}
			}
			return true
		}
	}
	for m := 1; m <= 12; m++ {
		if s.month&(1<<m) == 0 {
			continue
		}
		for _, n := range [2]int{monthDays[m], 29} {
			if n == 29 && m != 2 {
				continue
			}
			for wd := 0; wd < 7; wd++ {
				if s.dayMask(n, wd) != 0 {
					return false
				}
			}
		}
	}
	return true
}
