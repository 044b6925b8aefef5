package cronsim

import (
	"strconv"
	"strings"
)

// Parse parses a crontab time specification in the Strict dialect: five
// fields (minute, hour, day of month, month, day of week), or six with a
// leading seconds field, or one of Debian's @ strings.
//
// Beyond Debian's syntax it accepts "L" (last day) and "LW" (last weekday)
// in the day-of-month field, and "5L" (last Friday) and "5#2" (second
// Friday) in the day-of-week field. It rejects what Debian's crontab
// rejects, what Debian accepts but silently reads differently ("5;x",
// "5-3", "*-5") and schedules that never run ("0 0 30 2 *").
func Parse(expr string) (Schedule, error) {
	return ParseDialect(expr, Strict)
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
// In the Debian dialects an expression that never runs ("5-3 * * * *",
// "0 0 30 2 *") is accepted, as Debian's crontab accepts it, and the
// schedule reports Never.
func ParseDialect(expr string, d Dialect) (Schedule, error) {
	if len(expr) > MaxLength {
		return Schedule{}, &ParseError{Expr: expr, Column: column(expr, MaxLength), Reason: "longer than " + strconv.Itoa(MaxLength) + " bytes", Err: ErrTooLong}
	}
	if d == Strict {
		s, perr := parseStrict(expr)
		if perr != nil {
			perr.Debian = debianVerdict(expr)
			return Schedule{}, perr
		}
		return s, nil
	}
	if d != Debian && d != DebianBookworm {
		return Schedule{}, &ParseError{Expr: expr, Reason: "unknown dialect", Err: ErrSyntax}
	}
	s, cmd, fail := parseDebianLine(expr+"\n", d)
	if fail == nil && cmd < len(expr) {
		return Schedule{}, &ParseError{Expr: expr, Column: column(expr, cmd), Text: restOfWord(expr, cmd),
			Reason: "more than five fields: Debian reads the sixth as the command", Err: ErrFieldCount}
	}
	if fail != nil {
		return Schedule{}, debianError(expr, fail)
	}
	return s, nil
}

// debianVerdict is what Debian's crontab says of expr: "" if it accepts
// it, else its message.
func debianVerdict(expr string) string {
	_, cmd, fail := parseDebianLine(expr+"\n", Debian)
	if fail != nil {
		return fail.word()
	}
	if cmd < len(expr) {
		return "" // Debian would take the rest as the command
	}
	return ""
}

// debianError explains a Debian rejection. The strict parser usually
// knows why the same field is wrong; its reason is reused when it agrees
// on the field.
func debianError(expr string, fail *debianFailure) *ParseError {
	e := &ParseError{Expr: expr, Field: fail.field, Column: column(expr, fail.offset),
		Text: restOfWord(expr, fail.offset), Debian: fail.word(), Err: ErrSyntax,
		Reason: "Debian's crontab rejects this field"}
	if fail.field == FieldNone {
		e.Reason = "unknown @ string (Debian knows @reboot @yearly @annually @monthly @weekly @daily @midnight @hourly, case-sensitive)"
		return e
	}
	// Judge only the time fields: in a crontab line the rest is the command.
	if _, strict := parseStrict(expr[:timeFieldsEnd(expr)]); strict != nil && (strict.Field == fail.field || strict.Field == FieldNone) && strict.Err != ErrMangled && strict.Err != ErrNever {
		strict.Expr = expr
		e.Column, e.Text, e.Reason, e.Err = strict.Column, strict.Text, strict.Reason, strict.Err
	}
	return e
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
	s    Schedule
}

func (p *strictParser) fail(f Field, offset int, text string, err error, reason string) *ParseError {
	return &ParseError{Expr: p.expr, Field: f, Column: column(p.expr, offset), Text: text, Reason: reason, Err: err}
}

func parseStrict(expr string) (Schedule, *ParseError) {
	p := &strictParser{expr: expr}
	// Split into fields at blanks, remembering offsets for errors.
	var fields [7]string
	var offsets [7]int
	n := 0
	for i := 0; i < len(expr); {
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
		return Schedule{}, p.fail(FieldNone, 0, "", ErrFieldCount, "empty expression")
	}
	if fields[0][0] == '@' {
		m, ok := debianMacros[fields[0][1:]]
		if !ok {
			reason := "unknown @ string: want @reboot, @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly"
			if _, ok := debianMacros[strings.ToLower(fields[0][1:])]; ok {
				reason = "@ strings are case-sensitive: write " + strings.ToLower(fields[0])
			}
			return Schedule{}, p.fail(FieldNone, offsets[0], fields[0], ErrSyntax, reason)
		}
		if n > 1 {
			return Schedule{}, p.fail(FieldNone, offsets[1], fields[1], ErrFieldCount, "nothing may follow "+fields[0])
		}
		return macroSchedule(m), nil
	}
	first := FieldMinute
	switch n {
	case 5:
		p.s.second = 1
	case 6:
		first = FieldSecond
		p.s.hasSeconds = true
	default:
		return Schedule{}, p.fail(FieldNone, 0, "", ErrFieldCount, strconv.Itoa(n)+" fields: want 5 (minute hour day-of-month month day-of-week) or 6 with a leading seconds field")
	}
	for i := 0; i < n; i++ {
		if err := p.field(first+Field(i), fields[i], offsets[i]); err != nil {
			return Schedule{}, err
		}
	}
	if p.s.dow&(1<<7) != 0 {
		p.s.dow = p.s.dow&^(1<<7) | 1
	}
	p.s.never = p.s.computeNever()
	p.s.dayRule = p.s.dayRuleOf()
	if p.s.never {
		return Schedule{}, p.fail(FieldNone, 0, "", ErrNever, "no date matches the day-of-month, month and day-of-week fields")
	}
	return p.s, nil
}

// field parses one comma-separated field into the schedule.
func (p *strictParser) field(f Field, text string, offset int) *ParseError {
	sf := strictFields[f]
	var set uint64
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
		if w := cAtoi(word); strconv.Itoa(int(w)) != strings.TrimLeft(word, "0") && word != "0" && strings.TrimLeft(word, "0") != "" {
			reason += " (Debian wraps it to " + strconv.Itoa(int(w)) + ")"
		}
		return 0, 0, p.fail(sf.field, offset, word, ErrRange, reason)
	}
	return v, n, nil
}

// item parses one list item into set.
func (p *strictParser) item(sf strictField, item string, offset int, first bool, set *uint64) *ParseError {
	f := sf.field
	// Extensions.
	if f == FieldDayOfMonth {
		switch strings.ToUpper(item) {
		case "L":
			p.s.domLast = true
			return nil
		case "LW":
			p.s.domLastWk = true
			return nil
		}
	}
	if f == FieldDayOfWeek {
		if ok, err := p.dowExtension(sf, item, offset); ok || err != nil {
			return err
		}
	}
	var lo, hi, step int
	rest := item
	isStar := item[0] == '*'
	if isStar {
		lo, hi = sf.low, sf.high
		rest = item[1:]
		if rest != "" && rest[0] != '/' {
			return p.fail(f, offset+1, item, ErrMangled, "trailing characters "+strconv.Quote(rest)+" after *: Debian ignores them")
		}
	} else {
		v, n, err := p.value(sf, rest, offset)
		if err != nil {
			return err
		}
		lo, hi = v, v
		rest = rest[n:]
		if rest == "" {
			*set |= 1 << uint(v)
			return nil
		}
		switch rest[0] {
		case '/':
			return p.fail(f, offset+n, item, ErrStep, "a step needs a range: write "+item[:n]+"-"+strconv.Itoa(sf.high)+rest+" (Debian rejects "+item+")")
		case '-':
			v2, n2, err := p.value(sf, rest[1:], offset+n+1)
			if err != nil {
				return err
			}
			hi = v2
			rest = rest[1+n2:]
			if hi < lo {
				return p.fail(f, offset, item, ErrMangled, "range "+item[:n+1+n2]+" is empty: Debian accepts it and never runs the line")
			}
		default:
			return p.trailing(f, offset+n, item, rest, item[:n])
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
			return p.fail(f, offset+len(item)-len(rest), item, ErrStep, "missing step after /")
		}
		v, err := strconv.Atoi(digits)
		if err != nil || v == 0 {
			return p.fail(f, offset+len(item)-len(rest)+1, digits, ErrStep, "step "+digits+" must be a positive number")
		}
		// Debian 13's crontab warns about a step wider than the range
		// (it then yields just the range's start).
		if width := max(hi-lo, 1); v > 1 && v > width {
			return p.fail(f, offset+len(item)-len(rest)+1, digits, ErrStep, "step "+digits+" is wider than the range "+item[:len(item)-len(rest)]+" (at most "+strconv.Itoa(width)+"; Debian 13 warns)")
		}
		step = v
		rest = rest[n:]
	}
	if rest != "" {
		return p.trailing(f, offset+len(item)-len(rest), item, rest, item[:len(item)-len(rest)])
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

func (p *strictParser) trailing(f Field, offset int, item, rest, read string) *ParseError {
	return p.fail(f, offset, rest, ErrMangled, "trailing characters "+strconv.Quote(rest)+" after "+f.String()+" "+read+": Debian ignores them")
}

// dowExtension parses "wL" and "w#k" items. It reports false, nil when
// the item is not one.
func (p *strictParser) dowExtension(sf strictField, item string, offset int) (bool, *ParseError) {
	if hash := strings.IndexByte(item, '#'); hash > 0 {
		v, n, err := p.value(sf, item[:hash], offset)
		if err != nil || n != hash {
			if err == nil {
				err = p.fail(sf.field, offset, item, ErrSyntax, "want weekday#k")
			}
			return true, err
		}
		k, kerr := strconv.Atoi(item[hash+1:])
		if kerr != nil || k < 1 || k > 5 {
			return true, p.fail(sf.field, offset+hash+1, item[hash+1:], ErrRange, "in "+item+", the week of the month must be 1-5")
		}
		p.s.dowNth[v%7] |= 1 << k
		return true, nil
	}
	if len(item) >= 2 && (item[len(item)-1] == 'L' || item[len(item)-1] == 'l') {
		v, n, err := p.value(sf, item[:len(item)-1], offset)
		if err != nil || n != len(item)-1 {
			return false, nil
		}
		p.s.dowLast |= 1 << (v % 7)
		return true, nil
	}
	return false, nil
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
	ext := s.domLast || s.domLastWk || s.dowLast != 0 || s.dowNthAny() != 0
	if !ext {
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
