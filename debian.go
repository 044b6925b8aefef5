package cronsim

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Dialect is a grammar for crontab time specifications.
type Dialect uint8

const (
	// Strict is Debian's syntax plus cronsim's extensions (L, LW, L-n,
	// nW, nL, n#k, ?, H, seconds and year fields, a CRON_TZ= prefix; see
	// the package documentation), rejecting everything Debian's
	// crontab rejects and everything it silently reads differently.
	Strict Dialect = iota
	// Debian accepts exactly what the crontab command of Debian 13
	// (trixie, cron 3.0pl1-197) accepts, and means what its daemon means.
	Debian
	// DebianBookworm is Debian 12's cron 3.0pl1-162. Its crontab accepts
	// and rejects the same time specifications as trixie's (recorded over
	// 20,000 specifications); trixie only adds a warning for a step wider
	// than its range ("*/60"), which the Strict dialect rejects.
	DebianBookworm
)

var dialectNames = [...]string{Strict: "strict", Debian: "debian", DebianBookworm: "debian-bookworm"}

// String returns the dialect's name (strict, debian, debian-bookworm), as
// the CLI's -dialect flag takes it.
func (d Dialect) String() string {
	if int(d) < len(dialectNames) {
		return dialectNames[d]
	}
	return "Dialect(?)"
}

// MarshalText gives the dialect's name.
func (d Dialect) MarshalText() ([]byte, error) {
	if int(d) >= len(dialectNames) {
		return nil, fmt.Errorf("cronsim: unknown dialect %d", int(d))
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads a dialect's name (strict, debian, debian-bookworm,
// in any case), so a Dialect can be a flag (flag.TextVar) or a JSON
// string.
func (d *Dialect) UnmarshalText(b []byte) error {
	for i, name := range dialectNames {
		if strings.EqualFold(string(b), name) {
			*d = Dialect(i)
			return nil
		}
	}
	return fmt.Errorf("cronsim: unknown dialect %q: want strict, debian or debian-bookworm", b)
}

// The Debian dialect is a reading of entry.c in Debian's cron: the line is
// consumed one character at a time, each field is a comma-separated list
// of ranges, and whatever follows a list up to the next blank is skipped.
// The functions below follow that reading step by step, because its
// quirks are the point: "5;x" is 5, "*-5" is "*", "5-3" is empty, numbers
// wrap the way C's atoi does.

const eof = -1

// debianTempMax is the size of the buffer a number or name is read into
// (MAX_TEMPSTR); words of this length or more are errors.
const debianTempMax = 1000

type debianReader struct {
	src   string
	pos   int // offset of the next character to read
	ch    int // the current character, or eof
	chPos int // offset of ch
}

func (r *debianReader) next() int {
	r.chPos = r.pos
	if r.pos < len(r.src) {
		r.ch = int(r.src[r.pos])
	} else {
		r.ch = eof
	}
	r.pos++
	return r.ch
}

// charReturn mimics entry.c's parsing functions returning a C char: the
// byte 0xFF comes back as -1, which is EOF.
func (r *debianReader) charReturn() {
	if r.ch == 0xff {
		r.ch = eof
	}
}

func isBlank(c int) bool { return c == ' ' || c == '\t' }

func (r *debianReader) skipBlanks() {
	for isBlank(r.ch) {
		r.next()
	}
}

func (r *debianReader) skipNonblanks() {
	for r.ch != eof && r.ch != '\n' && !isBlank(r.ch) {
		r.next()
	}
}

func isAlnum(c int) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

var (
	monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	dowNames   = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
)

// cAtoi is C's atoi on a string of digits: strtol saturates at the
// largest long, and the result is truncated to a 32-bit int.
func cAtoi(digits string) int32 {
	var v uint64
	for i := 0; i < len(digits); i++ {
		d := uint64(digits[i] - '0')
		if v > (1<<63-1-d)/10 {
			v = 1<<63 - 1 // LONG_MAX
			break
		}
		v = v*10 + d
	}
	return int32(uint32(v))
}

// number reads a name or a number, as get_number does.
func (r *debianReader) number(low int32, names []string) (int32, bool) {
	start := r.chPos
	allDigits := true
	for isAlnum(r.ch) {
		if r.chPos-start+1 >= debianTempMax {
			return 0, false
		}
		if r.ch < '0' || r.ch > '9' {
			allDigits = false
		}
		r.next()
	}
	word := r.src[start:r.chPos]
	r.charReturn()
	if word == "" {
		return 0, false
	}
	for i, name := range names {
		if strings.EqualFold(name, word) {
			return int32(i) + low, true
		}
	}
	if !allDigits {
		return 0, false
	}
	return cAtoi(word), true
}

type debianField struct {
	low, high int32
	names     []string
}

// rangeItem reads one range of a list and sets its bits, as get_range
// does. It reports false where Debian reports an error.
func (r *debianReader) rangeItem(f debianField, set *uint64, star *uint8, first bool) bool {
	var num1, num2, step int32
	isStar := r.ch == '*'
	if isStar {
		num1, num2 = f.low, f.high
		if r.next() == eof {
			return false
		}
	} else {
		var ok bool
		if num1, ok = r.number(f.low, f.names); !ok || r.ch == eof {
			return false
		}
		if r.ch != '-' {
			// A single number. Debian's crontab rejects a step after
			// it ("1/20") rather than skipping it.
			if r.ch == '/' {
				return false
			}
			ok := setElement(f, set, num1)
			r.charReturn()
			return ok
		}
		if r.next() == eof {
			return false
		}
		if num2, ok = r.number(f.low, f.names); !ok || r.ch == eof {
			return false
		}
	}
	step = 1
	if r.ch == '/' {
		if r.next() == eof {
			return false
		}
		var ok bool
		if step, ok = r.number(0, nil); !ok || r.ch == eof || step <= 0 {
			return false
		}
	}
	// Both ends of a range must be in the field's range, even when the
	// range is empty ("5-3" passes, "70-3" does not).
	if num1 < f.low || num1 > f.high || num2 < f.low || num2 > f.high {
		return false
	}
	if isStar && first {
		*star = uint8(min(max(step, 1), 255))
	}
	// C int arithmetic (a huge step wraps i negative): the loop stops at
	// the first value out of range, so it runs at most 61 times.
	for i := num1; i <= num2; i += step {
		if !setElement(f, set, i) {
			return false
		}
	}
	r.charReturn()
	return true
}

func setElement(f debianField, set *uint64, v int32) bool {
	if v < f.low || v > f.high {
		return false
	}
	*set |= 1 << uint(v)
	return true
}

// list reads a whole field, as get_list does, and leaves the reader on
// the first character of the next field (or of the command).
func (r *debianReader) list(f debianField, star *uint8) (uint64, bool) {
	var set uint64
	for first := true; ; first = false {
		if !r.rangeItem(f, &set, star, first) || r.ch == eof {
			return 0, false
		}
		if r.ch != ',' {
			break
		}
		r.next()
	}
	r.skipNonblanks()
	r.skipBlanks()
	r.charReturn()
	return set, true
}

var debianFields = [...]debianField{
	FieldMinute:     {0, 59, nil},
	FieldHour:       {0, 23, nil},
	FieldDayOfMonth: {1, 31, nil},
	FieldMonth:      {1, 12, monthNames},
	FieldDayOfWeek:  {0, 7, dowNames},
}

var debianMacros = map[string]macro{
	"reboot": macroReboot, "yearly": macroYearly, "annually": macroYearly,
	"monthly": macroMonthly, "weekly": macroWeekly, "daily": macroDaily,
	"midnight": macroDaily, "hourly": macroHourly,
}

// debianFailure says where Debian's parse of a line stopped.
type debianFailure struct {
	field  Field // FieldNone for a bad @ string
	offset int   // byte offset where the failing item starts
}

func (f *debianFailure) word() string {
	if f.field == FieldNone {
		return "bad time specifier"
	}
	return "bad " + f.field.String()
}

// parseDebianLine parses the time fields of a crontab line (which must
// end in a newline) as Debian's cron does. It returns the schedule and the
// offset where the command starts.
func parseDebianLine(line string, d Dialect) (Schedule, int, *debianFailure) {
	var s Schedule
	r := &debianReader{src: line}
	r.next()
	r.skipBlanks()
	if r.ch == '@' {
		start := r.chPos
		r.next()
		wordStart := r.chPos
		for r.ch != eof && r.ch != '\n' && !isBlank(r.ch) {
			r.next()
		}
		m, ok := debianMacros[line[wordStart:r.chPos]]
		if !ok {
			return s, 0, &debianFailure{FieldNone, start}
		}
		s = macroSchedule(m)
		r.skipBlanks()
		return s, r.chPos, nil
	}
	sets := [7]uint64{}
	for f := FieldMinute; f <= FieldDayOfWeek; f++ {
		start := r.chPos
		var star uint8
		set, ok := r.list(debianFields[f], &star)
		if !ok || r.ch == eof {
			return s, 0, &debianFailure{f, start}
		}
		sets[f] = set
		s.setStarStep(f, star)
	}
	s.setFields(sets)
	return s, r.chPos, nil
}

// setFields sets s's fields to the sets a Vixie cron parser (Debian's or
// cronie's) read, indexed by Field, and what follows from them. Sunday is
// 0 and 7; the schedule keeps it as 0.
func (s *Schedule) setFields(sets [7]uint64) {
	if sets[FieldDayOfWeek]&(1<<7) != 0 {
		sets[FieldDayOfWeek] = sets[FieldDayOfWeek]&^(1<<7) | 1
	}
	s.second = 1
	s.minute = sets[FieldMinute]
	s.hour = uint32(sets[FieldHour])
	s.dom = uint32(sets[FieldDayOfMonth])
	s.month = uint16(sets[FieldMonth])
	s.dow = uint8(sets[FieldDayOfWeek])
	s.never = s.computeNever()
	s.dayRule = s.dayRuleOf()
}

// macroSchedule is the schedule an @ string stands for, with the star
// flags Debian sets for it (and no others).
func macroSchedule(m macro) Schedule {
	s := Schedule{macro: m, second: 1, minute: 1, hour: 1, dom: 1 << 1, month: 1 << 1, dow: 0x7f}
	const allDom, allMonth, allHour = 0xfffffffe, 0x1ffe, 0xffffff
	switch m {
	case macroReboot:
		return Schedule{macro: m, never: true}
	case macroYearly:
		s.starStep[starDow] = 1
	case macroMonthly:
		s.month = allMonth
		s.starStep[starDow] = 1
	case macroWeekly:
		s.dom, s.month, s.dow = allDom, allMonth, 1
		s.starStep[starDom] = 1
	case macroDaily:
		s.dom, s.month = allDom, allMonth
	case macroHourly:
		s.hour, s.dom, s.month = allHour, allDom, allMonth
		s.starStep[starHour] = 1
	}
	s.dayRule = s.dayRuleOf()
	return s
}

// parseDebian parses expr in one of the Debian dialects, as Debian's
// crontab reads a time specification.
func parseDebian(expr string, d Dialect) (Schedule, error) {
	if len(expr) > MaxLength {
		return Schedule{}, &ParseError{Expr: expr, Column: column(expr, MaxLength), Reason: "longer than " + strconv.Itoa(MaxLength) + " bytes", Err: ErrTooLong}
	}
	s, cmd, fail := parseDebianLine(expr+"\n", d)
	if perr := notDebian(expr, fail, cmd); perr != nil {
		return Schedule{}, perr
	}
	if fail == nil && cmd < len(expr) {
		return Schedule{}, secondsNotDebian(&ParseError{Expr: expr, Column: column(expr, cmd), Text: restOfWord(expr, cmd),
			Reason: "more than five fields: Debian reads the sixth as the command", Err: ErrFieldCount})
	}
	if fail != nil {
		return Schedule{}, secondsNotDebian(debianError(expr, fail))
	}
	return s, nil
}

// notDebian names the Strict-only syntax that Debian reads differently
// from what a user pasting it means: a zone prefix, which Debian's
// crontab takes for an environment setting and its daemon ignores, and a
// year field, which Debian takes for the command.
func notDebian(expr string, fail *debianFailure, cmd int) *ParseError {
	start := len(expr) - len(strings.TrimLeft(expr, " \t"))
	if name, ok := zonePrefix(expr[start:]); ok {
		e := &ParseError{Expr: expr, Column: column(expr, start), Text: restOfWord(expr, start), Err: ErrExtension,
			Reason: "a " + name + "= zone prefix is not Debian syntax: Debian's crontab reads a " + name + "= line as an environment setting, and its daemon runs every job in the system zone (the Strict dialect reads the prefix)"}
		if fail != nil {
			e.Debian = fail.word()
		}
		return e
	}
	if fail != nil {
		// Seven words, a year last: the Strict seconds ... year form.
		words := strings.Fields(expr)
		if len(words) == 7 && looksLikeYear(words[6]) {
			at := strings.LastIndex(expr, words[6])
			return &ParseError{Expr: expr, Column: column(expr, at), Text: words[6], Err: ErrExtension, Debian: fail.word(),
				Reason: "seconds and a year field (second minute hour day-of-month month day-of-week year) are not Debian syntax: Debian has five fields"}
		}
		return nil
	}
	if cmd >= len(expr) {
		return nil
	}
	// Five fields read; is the rest a year (sixth word) or seconds ...
	// year (seventh word, when the sixth is a day of week)?
	word := restOfWord(expr, cmd)
	at := cmd
	if !looksLikeYear(word) {
		next := cmd + len(word)
		for next < len(expr) && (expr[next] == ' ' || expr[next] == '\t') {
			next++
		}
		if !looksLikeDow(word) {
			return nil // a command, such as "echo 2026"
		}
		at, word = next, restOfWord(expr, next)
		if !looksLikeYear(word) || strings.TrimSpace(expr[next+len(word):]) != "" {
			return nil
		}
	}
	return &ParseError{Expr: expr, Column: column(expr, at), Text: word, Err: ErrExtension,
		Reason: "a year field is not Debian syntax: Debian's crontab reads " + strconv.Quote(word) + " as the command (the Strict dialect takes a year as the seventh field, after a leading seconds field)"}
}

// looksLikeYear reports whether a word reads as a year field: a year of
// 1970-2099, or a list or range of them.
func looksLikeYear(word string) bool {
	if word == "" {
		return false
	}
	for _, part := range strings.FieldsFunc(word, func(r rune) bool { return r == ',' || r == '-' || r == '/' }) {
		if len(part) == 4 {
			if y, err := strconv.Atoi(part); err == nil && y >= minYear && y <= maxYear {
				return true
			}
		}
	}
	return false
}

// looksLikeDow reports whether a word reads as a day-of-week field:
// numbers, *, ? and weekday names, in lists, ranges and steps.
func looksLikeDow(word string) bool {
	for _, part := range strings.FieldsFunc(word, func(r rune) bool { return strings.ContainsRune(",-/#", r) }) {
		part = strings.TrimSuffix(strings.TrimSuffix(part, "L"), "l")
		ok := part == "*" || part == "?" || digitsOnly(part)
		for _, name := range dowNames {
			ok = ok || strings.EqualFold(part, name)
		}
		if !ok {
			return false
		}
	}
	return word != ""
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
	// An extension of the Strict dialect ("L", "5#2", "15W", ...) in the
	// field Debian rejects: say so, with ErrExtension.
	if fail.field >= FieldMinute && fail.field <= FieldDayOfWeek {
		probe := [5]string{"*", "*", "*", "*", "*"}
		probe[fail.field-FieldMinute] = e.Text
		if _, ext, strict := parseStrict(strings.Join(probe[:], " "), "key"); strict == nil && ext {
			e.Err = ErrExtension
			e.Reason = strconv.Quote(e.Text) + " is cronsim syntax (the Strict dialect), not Debian's: its crontab rejects it"
			return e
		}
	}
	// Judge only the time fields: in a crontab line the rest is the command.
	if _, _, strict := parseStrict(expr[:timeFieldsEnd(expr)], ""); strict != nil && (strict.Field == fail.field || strict.Field == FieldNone) && strict.Err != ErrMangled && strict.Err != ErrNever {
		strict.Expr = expr
		e.Column, e.Text, e.Reason, e.Err = strict.Column, strict.Text, strict.Reason, strict.Err
	}
	return e
}

// secondsNotDebian turns the error for an expression that the Strict
// dialect reads with a leading seconds field into one that says so, and
// wraps ErrExtension as well as the error's own sentinel.
func secondsNotDebian(perr *ParseError) *ParseError {
	s, _, strict := parseStrict(perr.Expr, "key")
	if strict != nil || !s.hasSeconds {
		return perr
	}
	perr.Err = errors.Join(ErrExtension, perr.Err)
	perr.Reason = "a leading seconds field is cronsim syntax (the Strict dialect), not Debian's: Debian reads five fields and then the command (" + perr.Reason + ")"
	return perr
}

// setStarStep records that field f was written as "*" or "*/step" (star
// is the step, 0 when the field did not start with "*"): Debian's and
// cronie's parsers read the wildcard class from it.
func (s *Schedule) setStarStep(f Field, star uint8) {
	switch f {
	case FieldMinute:
		s.starStep[starMinute] = star
	case FieldHour:
		s.starStep[starHour] = star
	case FieldDayOfMonth:
		s.starStep[starDom] = star
	case FieldDayOfWeek:
		s.starStep[starDow] = star
	}
}
