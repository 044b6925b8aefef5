package cronsim

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// The cronie model: cronie 1.7.2, the version Debian 13 packages. Its
// main loop is Vixie cron's, as Debian's is (src/cron.c, main()), with
// the differences in daemonTable[Cronie]; this file holds the rest:
// its parser (src/entry.c, load_entry(), get_list(), get_range(),
// get_number()), its settings CRON_TZ= and RANDOM_DELAY=, and how
// find_jobs() matches a job with its own zone.

// ErrRandom reports cronie's "~" syntax ("0 ~ * * *", "10~20 * * * *"):
// cronie accepts it and picks one value of the range at random each time
// it loads the crontab (src/entry.c, get_range(), state R_RANDOM), so the
// schedule has no run time to compute. The *ParseError names the field
// and, in Reason, the range the value is drawn from.
var ErrRandom = errors.New("random value")

// cronieReader reads the time fields of a cronie line. It works on the
// line plus a newline, as load_entry reads a file.
type cronieReader struct {
	src string
	pos int
}

func (r *cronieReader) peek() int {
	if r.pos < len(r.src) {
		return int(r.src[r.pos])
	}
	return eof
}

func (r *cronieReader) get() int {
	c := r.peek()
	r.pos++
	return c
}

// cronieTempMax is cronie's MAX_TEMPSTR (src/macros.h), the size of the
// buffer get_number reads a word into: much larger than Debian's.
const cronieTempMax = 131072

// cronieSeparator is is_separator(): the characters that end a range.
func cronieSeparator(c int) bool { return c == ' ' || c == '\t' || c == '\n' || c == ',' }

// number is get_number(): a run of letters and digits that strtol reads
// whole, or one of the field's names (compared without case).
func (r *cronieReader) number(low int32, names []string) (int32, bool) {
	start := r.pos
	for isAlnum(r.peek()) {
		if r.pos-start+1 >= cronieTempMax {
			return 0, false
		}
		r.pos++
	}
	word := r.src[start:r.pos]
	if word == "" {
		return 0, false
	}
	if digitsOnly(word) {
		return cAtoi(word), true
	}
	for i, name := range names {
		if strings.EqualFold(name, word) {
			return int32(i) + low, true
		}
	}
	return 0, false
}

// cronieRandom records a "~" range of a field, for the error. partial:
// some values of the range are outside the field, so cronie rejects the
// line when its draw falls on one of them (set_element fails), and
// accepts it otherwise.
type cronieRandom struct {
	lo, hi  int32
	offset  int
	partial bool
}

// rangeItem is get_range(): one range of a list, by its state machine.
// It returns the character that ended the range (a separator), or eof
// for an error.
func (r *cronieReader) rangeItem(f debianField, set *uint64, random **cronieRandom, star *uint8, first bool) int {
	itemStart := r.pos
	var lo, hi int32
	step := int32(1)
	c := r.get()
	switch {
	case c == '*':
		lo, hi = f.low, f.high
		if c = r.stepEnd(&step); c == eof {
			return eof
		}
		if first {
			*star = uint8(min(step, 255))
		}
	case c == '~':
		lo = f.low
		if c = r.randomEnd(f, lo, &hi); c == eof {
			return eof
		}
		*random = &cronieRandom{lo: lo, hi: hi, offset: itemStart}
	default:
		r.pos--
		var ok bool
		if lo, ok = r.number(f.low, f.names); !ok {
			return eof
		}
		c = r.get()
		switch {
		case c == '-':
			if hi, ok = r.number(f.low, f.names); !ok {
				return eof
			}
			if c = r.stepEnd(&step); c == eof {
				return eof
			}
		case c == '~':
			if c = r.randomEnd(f, lo, &hi); c == eof {
				return eof
			}
			*random = &cronieRandom{lo: lo, hi: hi, offset: itemStart}
		case cronieSeparator(c):
			hi = lo
		default:
			return eof
		}
	}
	if *random != nil {
		// The drawn value is unknown. A range with no value in the
		// field always fails; otherwise set one valid value so the
		// bits stay a schedule for the checks after parsing.
		if hi < f.low || lo > f.high {
			return eof
		}
		(*random).partial = lo < f.low || hi > f.high
		lo = max(lo, f.low)
		hi = lo
	}
	// No check of the ends before the loop (unlike Debian's "70-3"):
	// only the values set must be in range, with C int arithmetic.
	for i := lo; i <= hi; i += step {
		if i < f.low || i > f.high {
			return eof
		}
		*set |= 1 << uint(i)
		if i+step < i {
			return eof // the sum wraps negative: set_element fails
		}
	}
	return c
}

// stepEnd reads what may follow "*" or a range "lo-hi": a "/step", then a
// separator, which it returns; eof for an error.
func (r *cronieReader) stepEnd(step *int32) int {
	c := r.get()
	if c == '/' {
		if *step = r.step(); *step == 0 {
			return eof
		}
		c = r.get()
	}
	if !cronieSeparator(c) {
		return eof
	}
	return c
}

// step reads the number after "/"; 0 means an error (a zero step too).
func (r *cronieReader) step() int32 {
	v, ok := r.number(0, nil)
	if !ok {
		return 0
	}
	return v
}

// randomEnd reads what follows "~" (state R_RANDOM): a separator, for
// the field's high end, or a number then a separator.
func (r *cronieReader) randomEnd(f debianField, lo int32, hi *int32) int {
	c := r.peek()
	if cronieSeparator(c) {
		*hi = f.high
		r.pos++
	} else {
		v, ok := r.number(f.low, f.names)
		if !ok {
			return eof
		}
		*hi = v
		if c = r.get(); !cronieSeparator(c) {
			return eof
		}
	}
	if lo > *hi {
		return eof
	}
	return c
}

// list is get_list(): ranges separated by commas, then the blanks after.
func (r *cronieReader) list(f debianField, random **cronieRandom, star *uint8) (uint64, bool) {
	var set uint64
	for first := true; ; first = false {
		c := r.rangeItem(f, &set, random, star, first)
		if c == eof {
			return 0, false
		}
		if c != ',' {
			r.pos-- // the separator: Skip_Nonblanks stops at once
			break
		}
	}
	for c := r.peek(); c != eof && c != '\n' && !isBlank(c); c = r.peek() {
		r.pos++
	}
	for isBlank(r.peek()) {
		r.pos++
	}
	return set, true
}

// cronieFailure is where cronie's parse of a line stopped and why.
type cronieFailure struct {
	debianFailure
	random *cronieRandom
}

// parseCronieLine parses the time fields of a line (ending in a newline)
// as cronie's load_entry does and returns the schedule and the offset of
// the command.
func parseCronieLine(line string) (Schedule, int, *cronieFailure) {
	var s Schedule
	r := &cronieReader{src: line}
	for isBlank(r.peek()) {
		r.pos++
	}
	// A leading "-" is the option that turns off the syslog message for
	// the job (load_entry(): DONT_LOG, allowed for root).
	if r.peek() == '-' {
		r.pos++
	}
	if r.peek() == '@' {
		start := r.pos
		r.pos++
		w := r.pos
		for c := r.peek(); c != eof && c != '\n' && !isBlank(c); c = r.peek() {
			r.pos++
		}
		m, ok := debianMacros[line[w:r.pos]]
		if !ok {
			return s, 0, &cronieFailure{debianFailure: debianFailure{FieldNone, start}}
		}
		s = macroSchedule(m)
		s.daemon = Cronie
		for isBlank(r.peek()) {
			r.pos++
		}
		// "@daily" with no command, or a command starting with "*":
		// e_cmd (the check after the fields covers @ lines too).
		if c := r.peek(); c == eof || c == '\n' || c == '*' {
			return s, 0, &cronieFailure{debianFailure: debianFailure{FieldNone, r.pos}}
		}
		return s, r.pos, nil
	}
	var sets [7]uint64
	var randomFail *cronieFailure // the first field with a "~" value
	for f := FieldMinute; f <= FieldDayOfWeek; f++ {
		start := r.pos
		var star uint8
		var random *cronieRandom
		set, ok := r.list(debianFields[f], &random, &star)
		if !ok {
			return s, 0, &cronieFailure{debianFailure: debianFailure{f, start}}
		}
		if random != nil && randomFail == nil {
			randomFail = &cronieFailure{debianFailure: debianFailure{f, random.offset}, random: random}
		}
		sets[f] = set
		s.setStarStep(f, star)
	}
	// A line that ends after the fields, or a command that starts with
	// "*", is e_cmd.
	if c := r.peek(); c == '\n' || c == '*' || c == eof {
		return s, 0, &cronieFailure{debianFailure: debianFailure{FieldNone, r.pos}}
	}
	if randomFail != nil {
		return s, 0, randomFail
	}
	s.setFields(sets)
	s.daemon = Cronie
	return s, r.pos, nil
}

// cronieError turns a failure into a *ParseError in cronie's words.
func cronieError(expr string, f *cronieFailure, withCommand bool) *ParseError {
	if f.random != nil {
		name := debianFields[f.field]
		outside := ""
		if f.random.partial {
			outside = "; a value drawn outside the field makes cronie reject the line"
		}
		return &ParseError{Expr: expr, Field: f.field, Column: column(expr, f.offset), Text: restOfWord(expr, f.offset),
			Reason: "cronie picks a random value from " + strconv.Itoa(int(f.random.lo)) + "-" + strconv.Itoa(int(f.random.hi)) +
				" (of " + strconv.Itoa(int(name.low)) + "-" + strconv.Itoa(int(name.high)) + ") each time it loads the crontab, so no run time can be computed" + outside,
			Err: ErrRandom}
	}
	word := f.word()
	if f.field == FieldNone && f.offset > 0 && expr[min(f.offset, len(expr)-1)] != '@' {
		word = "bad command"
	}
	if f.field == FieldNone && !withCommand && f.offset >= len(expr) {
		word = "" // the time fields alone are fine
	}
	return &ParseError{Expr: expr, Field: f.field, Column: column(expr, min(f.offset, len(expr))), Text: restOfWord(expr, min(f.offset, len(expr))),
		Reason: "cronie's crontab rejects this (" + strings.TrimPrefix(word, "bad ") + ")", Debian: word, Err: ErrSyntax}
}

// parseCronie parses a time specification alone, as cronie reads it. A
// "CRON_TZ=Zone " prefix, as the Strict dialect reads it, stands for a
// CRON_TZ= line before the job: the schedule runs in that zone.
func parseCronie(expr string) (Schedule, error) {
	if len(expr) > MaxLength {
		return Schedule{}, &ParseError{Expr: expr, Column: column(expr, MaxLength), Reason: "longer than the length limit", Err: ErrTooLong}
	}
	if rest, ok := strings.CutPrefix(expr, "CRON_TZ="); ok {
		name, spec, _ := strings.Cut(rest, " ")
		loc, err := loadZone(name)
		if err != nil || name == "" {
			return Schedule{}, &ParseError{Expr: expr, Column: len("CRON_TZ=") + 1, Text: name, Reason: "unknown time zone", Err: ErrSyntax}
		}
		s, err := parseCronie(spec)
		if err != nil {
			if pe, ok := err.(*ParseError); ok {
				shifted := *pe
				shifted.Expr = expr
				shifted.Column += len(expr) - len(spec)
				return Schedule{}, &shifted
			}
			return Schedule{}, err
		}
		s.loc = loc
		return s, nil
	}
	// A stand-in command lets the line parser see the end of the fields.
	s, _, f := parseCronieLine(expr + " x\n")
	if f != nil {
		return Schedule{}, cronieError(expr, f, false)
	}
	if rest := strings.TrimRight(expr, " \t"); strings.ContainsAny(rest, " \t") && !strings.HasPrefix(strings.TrimLeft(rest, " \t"), "@") {
		if n := len(strings.Fields(rest)); n != 5 {
			return Schedule{}, &ParseError{Expr: expr, Column: 1, Reason: "want 5 fields, got " + strconv.Itoa(n), Err: ErrFieldCount}
		}
	}
	return s, nil
}

// cronieEntry parses one line of a cronie crontab. Comments and
// environment settings are recognised as Debian's trixie crontab does
// (cronie's env.c, load_env(), reads NAME=VALUE the same way).
func cronieEntry(line string) (Entry, error) {
	if len(line) > MaxLength {
		return Entry{}, &ParseError{Expr: line, Column: column(line, MaxLength), Reason: "longer than the length limit", Err: ErrTooLong}
	}
	rest := strings.TrimLeft(line, " \t")
	if rest == "" || rest[0] == '#' {
		return Entry{Kind: EntryComment}, nil
	}
	if name, value, ok := debianEnv(rest, true); ok {
		return Entry{Kind: EntryEnv, Name: name, Value: value}, nil
	}
	s, cmd, f := parseCronieLine(line + "\n")
	if f != nil {
		return Entry{}, cronieError(line, f, true)
	}
	if err := cronieOptions(line, cmd); err != nil {
		return Entry{}, err
	}
	return Entry{Kind: EntryJob, Schedule: s, Command: line[min(cmd, len(line)):]}, nil
}

// cronieOptions checks the options before a command (load_entry(): "If
// the first character of the command is '-', it is a cron option"):
// only "-n" (mail only on error), once, followed by a blank.
func cronieOptions(line string, cmd int) error {
	bad := func(at int, word string) error {
		return &ParseError{Expr: line, Column: column(line, min(at, len(line))), Text: restOfWord(line, min(at, len(line))),
			Reason: "cronie's crontab rejects this (" + strings.TrimPrefix(word, "bad ") + ")", Debian: word, Err: ErrSyntax}
	}
	i, seenN := cmd, false
	for i < len(line) && line[i] == '-' {
		if i+1 >= len(line) || line[i+1] != 'n' || seenN {
			return bad(i, "bad option")
		}
		seenN = true
		i += 2
		if i >= len(line) || !isBlank(int(line[i])) {
			return bad(i, "bad option")
		}
		for i < len(line) && isBlank(int(line[i])) {
			i++
		}
		if i >= len(line) {
			return bad(i, "bad command")
		}
	}
	return nil
}

// cronieMaxDelay is the largest RANDOM_DELAY cronie accepts, in minutes
// (src/entry.c, load_entry(): "val > 24*60" is "bad value of
// RANDOM_DELAY").
const cronieMaxDelay = 24 * 60

// cronieSetting applies a CRON_TZ= or RANDOM_DELAY= setting to the jobs
// after it. cronie reads both from each job's environment
// (src/cron.c, find_jobs(): env_get("CRON_TZ"); src/entry.c,
// load_entry(): env_get("RANDOM_DELAY")). A zone cronie cannot load
// leaves the jobs in UTC there (localtime with an unknown TZ); cronsim
// keeps the daemon's zone and Lint says so.
func (r *CrontabReader) cronieSetting(e Entry) {
	switch e.Name {
	case "CRON_TZ":
		v := strings.TrimSpace(e.Value)
		if v == "" {
			r.zone = nil
			return
		}
		if loc, err := loadZone(v); err == nil {
			r.zone = loc
		}
	case "RANDOM_DELAY":
		n, err := strconv.ParseInt(strings.TrimSpace(e.Value), 10, 64)
		if err != nil || n < 0 || n > cronieMaxDelay {
			return // logged as "bad value of RANDOM_DELAY"; the last good one stays
		}
		r.delay = uint16(n)
	}
}

// cronieFind is find_jobs() for cronie: a job with its own zone matches
// the UTC instant of the virtual minute (converted with vOff, the offset
// the daemon used for it) in that zone, and is not run while the daemon
// catches up with an offset change of its own zone (vOff differs from
// the current offset: "do not try to run the jobs from different
// timezones during the DST switch of the default timezone"). A
// RANDOM_DELAY is not drawn: the simulation starts the job at the
// beginning of its window (Start.Window).
func (d *daemon) cronieFind(s *Schedule, v int64, vOff int64) bool {
	vs := v * 60
	if s.loc == nil {
		return s.minuteMatches(vs)
	}
	u := vs - vOff
	_, off := time.Unix(u, 0).In(s.loc).Zone()
	if !s.minuteMatches(u + int64(off)) {
		return false
	}
	return vOff == d.gmtOff
}

// cronieFlagFlipped is set_time()'s test: it reports whether tm_isdst
// at Unix second sec differs from the last reading, and remembers it.
func (d *daemon) cronieFlagFlipped(sec int64) bool {
	dst := time.Unix(sec, 0).In(d.loc).IsDST()
	if dst == d.isDST {
		return false
	}
	d.isDST = dst
	return true
}

// cronieSleep is cronie's cron_sleep(target): wait until second 0 of the
// target minute, sleeping again for what is left after each sleep
// (measured on the clock, so a clock set during a sleep shortens or
// lengthens the rest), as long as the wait is under 65 seconds; a wait of
// exactly 0 sleeps one second.
func (d *daemon) cronieSleep(target int64) {
	const sec = int64(time.Second)
	t1 := floorDiv(d.clock(), sec) + d.gmtOff
	wait := target*60 - t1
	if wait == 0 {
		wait = 1
	}
	for i := 0; wait > 0 && wait < 65 && i < 100; i++ {
		d.sleep(wait * sec)
		t2 := floorDiv(d.clock(), sec) + d.gmtOff
		wait -= t2 - t1
		t1 = t2
	}
}
