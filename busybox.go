package cronsim

import (
	"strings"
	"time"
)

// The BusyBox crond model, from miscutils/crond.c (BusyBox 1.35 in
// Debian 12's busybox-static, 1.37 in Debian 13; the parts below are the
// same in both). Its parser, load_crontab() and ParseField(), reads
// five space-separated fields into arrays and never rejects a line
// outright: a field it cannot read is logged ("parse error at ...") and
// kept as far as it was filled. FixDayDow() then decides how day of
// month and day of week combine, by whether each array is full. Its main
// loop, crond_main(), wakes at second 0 of every minute and starts the
// jobs of every real minute since the last wake-up, matched on their
// local wall time, unless the clock moved more than an hour either way.

// busyBoxLine is the five arrays of a CronLine in the order the struct
// lays them out (cl_Dow, cl_Mons, cl_Hrs, cl_Days, cl_Mins): ParseField
// indexes an array with a C remainder that can be negative, and such a
// write lands in the array before it.
type busyBoxLine [7 + 12 + 24 + 32 + 60]byte

// Offsets of each array in busyBoxLine.
const (
	bbDow  = 0
	bbMons = bbDow + 7
	bbHrs  = bbMons + 12
	bbDays = bbHrs + 24
	bbMins = bbDays + 32
)

// busyBoxFailsafe is ParseField's bound on the fill loop (a range whose
// end is never reached, such as minute 60, fills until it is spent).
const busyBoxFailsafe = 1024

// bbNames are the three-letter names ParseField compares, without case,
// with the start of the text.
var (
	bbDowNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	bbMonNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
)

// strtolPrefix reads the digits at the start of s as strtol does (the
// caller has seen a digit): it saturates at the largest long, and the
// result is truncated to a C int.
func strtolPrefix(s string) (int32, int) {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return cAtoi(s[:n]), n
}

// strtolC is strtol(s, &end, 10) truncated to a C int: leading white
// space, a sign, digits. With no digits it reads 0 and consumes nothing
// (the end pointer is s).
func strtolC(s string) (int32, int) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	if i == len(s) || s[i] < '0' || s[i] > '9' {
		return 0, 0
	}
	v, n := strtolPrefix(s[i:])
	if neg {
		v = -v // strtol saturates at LONG_MIN; as a C int that is 0, as -LONG_MAX is 1
		if n > 0 && cAtoi(s[i:i+n]) == -1 {
			v = 0
		}
	}
	return v, i + n
}

// parseField is ParseField(): fill the array at base (of modvalue
// entries) from the text. It reports false where BusyBox logs a parse
// error; what was filled before stays.
func (l *busyBoxLine) parseField(base, modvalue int, off int32, names []string, text string) bool {
	p := 0
	at := func(i int) byte {
		if i < len(text) {
			return text[i]
		}
		return 0
	}
	n1, n2 := int32(-1), int32(-1)
	for {
		skip := int32(0)
		switch c := at(p); {
		case c == '*':
			n1, n2 = 0, int32(modvalue-1)
			skip = 1
			p++
		case c >= '0' && c <= '9':
			v, n := strtolPrefix(text[p:])
			if n1 < 0 {
				n1 = v + off
			} else {
				n2 = v + off
			}
			p += n
			skip = 1
		case names != nil:
			for i, name := range names {
				if len(text)-p >= 3 && strings.EqualFold(text[p:p+3], name) {
					p += 3
					if n1 < 0 {
						n1 = int32(i)
					} else {
						n2 = int32(i)
					}
					skip = 1
					break
				}
			}
		}
		if skip == 0 {
			return false
		}
		if at(p) == '-' && n2 < 0 {
			p++
			continue
		}
		if n2 < 0 {
			n2 = n1
		}
		if at(p) == '/' {
			v, n := strtolC(text[p+1:])
			p += 1 + n
			skip = v
		}
		s0 := int32(1)
		n1--
		ok := false
		for failsafe := busyBoxFailsafe; failsafe > 0; {
			n1 = (n1 + 1) % int32(modvalue) // C remainder: may be negative
			s0--
			if s0 == 0 {
				if i := base + int(n1%int32(modvalue)); i >= 0 {
					l[i] = 1 // a write before cl_Dow hits a pointer: no effect on matching
				}
				s0 = skip
			}
			failsafe--
			if n1 == n2 {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
		if at(p) != ',' {
			break
		}
		p++
		n1, n2 = -1, -1
	}
	return p >= len(text)
}

// fixDayDow is FixDayDow(): a day field that is full is cleared when the
// other is not, so the match "day of month OR day of week" means only
// the restricted one.
func (l *busyBoxLine) fixDayDow() {
	full := func(a []byte) bool {
		for _, v := range a {
			if v == 0 {
				return false
			}
		}
		return true
	}
	weekUsed := !full(l[bbDow : bbDow+7])
	daysUsed := !full(l[bbDays : bbDays+32])
	if weekUsed != daysUsed {
		if weekUsed {
			clear(l[bbDays : bbDays+32])
		} else {
			clear(l[bbDow : bbDow+7])
		}
	}
}

// busyBoxKeepsLine: load_crontab() finds the command of an @ line in
// parser->data, the copy of the line config_read() keeps only with
// PARSE_KEEP_COPY, which is 0 unless BusyBox is built with
// FEATURE_CROND_D (include/libbb.h). Debian's busybox-static is built
// without it (its crond has no -d), so a known @ word makes crond
// dereference a null pointer and die: recorded in the parse corpus
// (conformance/parse/busybox-*.json: "@daily x" makes no job) and seen
// with Debian 12's busybox-static 1.35 (exit by SIGSEGV). An unknown @
// word is skipped.
const busyBoxKeepsLine = false

// busyBoxCrash is the verdict of a line BusyBox's crond dies on.
const busyBoxCrash = "segmentation fault"

// busyBoxSpecial are the @ words of load_crontab() when BusyBox has
// them: minute 0, then hour, day, month and weekday.
var busyBoxSpecial = map[string][4]string{
	"yearly": {"0", "1", "1", "*"}, "annually": {"0", "1", "1", "*"},
	"monthly": {"0", "1", "*", "*"}, "weekly": {"0", "*", "*", "0"},
	"daily": {"0", "*", "*", "*"}, "midnight": {"0", "*", "*", "*"},
	"hourly": {"*", "*", "*", "*"},
}

// busyBoxTokens splits a line as config_read() does for crond: a "#"
// anywhere ends it, blanks (space and tab) separate the tokens, and the
// sixth token is the rest of the line.
func busyBoxTokens(line string) []string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	line = strings.Trim(line, " \t")
	var tokens []string
	for line != "" && len(tokens) < 5 {
		i := strings.IndexAny(line, " \t")
		if i < 0 {
			tokens = append(tokens, line)
			line = ""
			break
		}
		tokens = append(tokens, line[:i])
		line = strings.TrimLeft(line[i:], " \t")
	}
	if line != "" {
		tokens = append(tokens, line)
	}
	return tokens
}

// busyBoxSchedule converts the arrays to a Schedule: after FixDayDow the
// days match by OR, which a Schedule says with no star flags, or, when
// one array was cleared, by the other alone, which it says as AND with
// that field full and starred.
func (l *busyBoxLine) schedule() Schedule {
	s := Schedule{second: 1, daemon: BusyBox}
	for i := range 60 {
		if l[bbMins+i] != 0 {
			s.minute |= 1 << i
		}
	}
	for i := range 24 {
		if l[bbHrs+i] != 0 {
			s.hour |= 1 << i
		}
	}
	for i := range 12 {
		if l[bbMons+i] != 0 {
			s.month |= 1 << (i + 1)
		}
	}
	var dom uint32
	for i := 1; i < 32; i++ { // cl_Days[0] never matches a date
		if l[bbDays+i] != 0 {
			dom |= 1 << i
		}
	}
	var dow uint8
	for i := range 7 {
		if l[bbDow+i] != 0 {
			dow |= 1 << i
		}
	}
	const allDom, allDow = 0xfffffffe, 0x7f
	switch {
	case dom == 0 && dow != 0:
		s.dom, s.dow, s.starStep[starDom] = allDom, dow, 1
	case dow == 0 && dom != 0:
		s.dom, s.dow, s.starStep[starDow] = dom, allDow, 1
	case dom == allDom && dow == allDow:
		s.dom, s.dow, s.starStep[starDom], s.starStep[starDow] = dom, dow, 1, 1
	default:
		s.dom, s.dow = dom, dow
	}
	// Star steps only for the text (String): BusyBox decides nothing by
	// them, and its iterator rules ignore Wildcard.
	s.starStep[starMinute] = starStepOf(s.minute, 59)
	s.starStep[starHour] = starStepOf(uint64(s.hour), 23)
	s.never = s.computeNever()
	s.dayRule = s.dayRuleOf()
	return s
}

// starStepOf returns k when set is "*/k" over 0-high, else 0.
func starStepOf(set uint64, high int) uint8 {
	for k := 1; k <= high; k++ {
		if set == stepSet(0, high, k) {
			return uint8(k)
		}
	}
	return 0
}

// busyBoxField records the first field ParseField logged an error for.
type busyBoxField struct {
	field Field
	text  string
}

// parseBusyBoxTokens parses the five time tokens.
func parseBusyBoxTokens(t []string) (Schedule, *busyBoxField) {
	var l busyBoxLine
	var bad *busyBoxField
	fields := [...]struct {
		f        Field
		base     int
		mod      int
		off      int32
		names    []string
		tokenIdx int
	}{
		{FieldMinute, bbMins, 60, 0, nil, 0},
		{FieldHour, bbHrs, 24, 0, nil, 1},
		{FieldDayOfMonth, bbDays, 32, 0, nil, 2},
		{FieldMonth, bbMons, 12, -1, bbMonNames, 3},
		{FieldDayOfWeek, bbDow, 7, 0, bbDowNames, 4},
	}
	for _, f := range fields {
		if !l.parseField(f.base, f.mod, f.off, f.names, t[f.tokenIdx]) && bad == nil {
			bad = &busyBoxField{f.f, t[f.tokenIdx]}
		}
	}
	l.fixDayDow()
	return l.schedule(), bad
}

// busyBoxEntry parses one line of a BusyBox crontab. BusyBox never
// rejects a crontab: a line with fewer than six tokens or an unknown @
// word is skipped (an EntryComment here), a field it cannot read is
// logged and the job kept with what was read (a *ParseError with
// ErrMangled, and the Entry as BusyBox runs it). Environment lines are
// only MAILTO=, SHELL= and PATH= at the start of a line.
func busyBoxEntry(line string) (Entry, error) {
	if len(line) > MaxLength {
		return Entry{}, &ParseError{Expr: line, Column: column(line, MaxLength), Reason: "longer than the length limit", Err: ErrTooLong}
	}
	// The line is a C string: a NUL byte ends it.
	if i := strings.IndexByte(line, 0); i >= 0 {
		line = line[:i]
	}
	t := busyBoxTokens(line)
	if len(t) == 0 {
		return Entry{Kind: EntryComment}, nil
	}
	for _, name := range []string{"MAILTO", "SHELL", "PATH"} {
		if v, ok := strings.CutPrefix(t[0], name+"="); ok {
			return Entry{Kind: EntryEnv, Name: name, Value: v}, nil
		}
	}
	if strings.HasPrefix(t[0], "@") {
		if len(t) < 2 {
			return Entry{Kind: EntryComment}, nil
		}
		if _, known := busyBoxSpecial[t[0][1:]]; (known || t[0] == "@reboot") && !busyBoxKeepsLine {
			return Entry{Kind: EntryComment}, &ParseError{Expr: line, Column: column(line, strings.Index(line, "@")), Text: t[0],
				Reason: "Debian's busybox-static crond dies (segmentation fault) reading this line: its @ words need the copy of the line that only builds with crond -d keep, so every job of every crontab stops",
				Debian: busyBoxCrash, Err: ErrSyntax}
		}
		cmd := strings.TrimLeft(strings.TrimLeft(strings.TrimLeft(line, " \t")[len(t[0]):], " \t"), " \t")
		if t[0] == "@reboot" {
			return Entry{Kind: EntryJob, Schedule: Schedule{macro: macroReboot, never: true, daemon: BusyBox}, Command: cmd}, nil
		}
		sp, ok := busyBoxSpecial[t[0][1:]]
		if !ok {
			return Entry{Kind: EntryComment}, nil // "bad line (unrecognized '@foo')": skipped
		}
		s, _ := parseBusyBoxTokens([]string{"0", sp[0], sp[1], sp[2], sp[3]})
		s.macro = debianMacros[t[0][1:]]
		return Entry{Kind: EntryJob, Schedule: s, Command: cmd}, nil
	}
	if len(t) < 6 {
		return Entry{Kind: EntryComment}, nil // fewer than six tokens: skipped
	}
	s, bad := parseBusyBoxTokens(t)
	e := Entry{Kind: EntryJob, Schedule: s, Command: t[5]}
	if bad != nil {
		col := strings.Index(line, bad.text)
		return e, &ParseError{Expr: line, Field: bad.field, Column: column(line, max(col, 0)), Text: bad.text,
			Reason: "BusyBox logs \"parse error\" and runs the job with what it read: " + s.String(), Err: ErrMangled}
	}
	return e, nil
}

// parseBusyBox parses a time specification alone, as BusyBox reads it. A
// field BusyBox cannot read wholly is an error (ErrMangled), though the
// daemon would run what it read (see ParseOptions.Entry).
func parseBusyBox(expr string) (Schedule, error) {
	e, err := busyBoxEntry(expr + " x")
	if pe, ok := err.(*ParseError); ok {
		// The error is about expr, not the line made of it: the " x"
		// command must not appear in a message.
		c := *pe
		c.Expr = expr
		return Schedule{}, &c
	}
	if err != nil {
		return Schedule{}, err
	}
	if e.Kind != EntryJob {
		return Schedule{}, &ParseError{Expr: expr, Column: 1, Reason: "BusyBox skips this line: want five fields or an @ word it knows", Err: ErrFieldCount}
	}
	if n := len(busyBoxTokens(expr)); !strings.HasPrefix(strings.TrimLeft(expr, " \t"), "@") && n != 5 {
		return Schedule{}, &ParseError{Expr: expr, Column: 1, Reason: "want 5 fields", Err: ErrFieldCount}
	}
	return e.Schedule, nil
}

// runBusyBox is crond_main()'s loop: sleep to second 0 of the next
// minute (10 s steps while a job runs), then, unless the clock moved
// more than busyBoxDisparity seconds either way, flag every line
// matching the local wall time of a real minute in (t1, t2] and start
// the flagged lines that are not still running. A clock that went back
// runs nothing, and the next wake-up starts from the new time.
func (sim *Simulation) runBusyBox(d *daemon) error {
	const sec = int64(time.Second)
	running := make([]int64, len(sim.Lines)) // real time each line's job ends
	// unreaped: the line's cl_pid is still set. crond reaps (waitpid
	// WNOHANG in check_completions()) only right after start_jobs() at a
	// forward wake-up, and flag_starting_jobs() comes first, so a job
	// that has ended since the last check still blocks its line
	// ("process already running").
	unreaped := make([]bool, len(sim.Lines))
	// orphans: real end times of jobs whose line a rescan forgot. The
	// job stays in the deleted copy of the crontab, which
	// check_completions() still reaps (and which keeps the 10-second
	// wake-ups going), while the line itself, read anew, can start again.
	var orphans []int64
	t2 := floorDiv(d.clock(), sec)
	sleepTime := int64(60)
	maxLoops := 70*int(d.span/time.Minute) + 10*len(d.sets) + 1000
	for loop := 0; !d.stopped && !d.over(); loop++ {
		if loop == maxLoops {
			return &SimulationError{Field: "Simulation", Reason: "the daemon did not reach End"}
		}
		t1 := t2
		now := floorDiv(d.clock(), sec)
		d.sleepThrough((sleepTime - floorMod(now, sleepTime)) * sec)
		t2 = floorDiv(d.clock(), sec)
		dt := t2 - t1
		// rescan_crontab_dir() at every wake-up, whatever the clock did:
		// delete_cronfile() keeps the lines with a running job in a copy
		// marked deleted, which flag_starting_jobs() skips, and
		// load_crontab() reads every line anew with no job running. So a
		// line whose job outlasts a rescan can start again while that
		// job runs (recorded: busybox-*-slow-mix-*.json).
		if n := d.rules.rescanWakeups; n > 0 && loop%n == 0 {
			for i := range unreaped {
				if unreaped[i] {
					orphans = append(orphans, running[i])
					unreaped[i] = false
				}
			}
		}
		if dt < -busyBoxDisparity || dt > busyBoxDisparity || dt <= 0 {
			continue // "time disparity": nothing runs; or the clock went back
		}
		flagged := make([]int64, 0, 4)
		for t := t1 - floorMod(t1, 60); t <= t2; t += 60 {
			if t <= t1 {
				continue
			}
			off := periodAt(d.loc, t).offset
			for i := range sim.Lines {
				s := &sim.Lines[i]
				if s.never || !s.minuteMatches(floor60(t+off)) {
					continue
				}
				if unreaped[i] || slicesContainsLine(flagged, i) {
					continue // "process already running", or flagged already
				}
				flagged = append(flagged, int64(i))
				reason := ReasonOnTime
				if t < t2-floorMod(t2, 60) {
					reason = ReasonLate // a minute before this wake-up's: the clock moved on
				}
				d.queue = append(d.queue, queued{line: i, minute: floorDiv(t+off, 60), reason: reason})
			}
		}
		last := -1
		for _, q := range d.queue {
			running[q.line] = d.real + d.durs[q.line]
			unreaped[q.line] = true
			last = max(last, q.line)
		}
		d.runQueue()
		// check_completions() right after start_jobs(): the job forked
		// last (start_jobs() goes in line order) has not exited yet,
		// however quick, so the daemon next sleeps to a 10-second mark
		// (recorded: after a clock set at :03 the catch-up starts at :10
		// by the old clock), and that line stays unreaped until the
		// next forward wake-up's check, after its flagging: recorded in
		// busybox-newyork-jump-plus-2m-wide.json, where "15-19 4-6 * * *"
		// (line 278), the last job started at 10:17, is "already
		// running" at the catch-up of 10:18 and 10:19 (daemon_log, line
		// 23) while earlier lines started at 10:17 ran again.
		sleepTime = 60
		for i := range unreaped {
			if unreaped[i] && (running[i] > d.real || i == last) {
				sleepTime = 10
			} else {
				unreaped[i] = false
			}
		}
		kept := orphans[:0]
		for _, end := range orphans {
			if end > d.real {
				kept = append(kept, end)
				sleepTime = 10
			}
		}
		orphans = kept
	}
	return nil
}

// sleepThrough sleeps dt: BusyBox crond sets no SIGCHLD handler, so a
// job's end does not cut the sleep short. A wake-up due in a pause
// happens at its end.
func (d *daemon) sleepThrough(dt int64) {
	d.advance(dt)
	for _, p := range d.sim.Pauses {
		c := d.clock()
		if c >= p.From.UnixNano() && c < p.To.UnixNano() {
			d.advance(p.To.UnixNano() - c)
		}
	}
}

func slicesContainsLine(lines []int64, i int) bool {
	for _, l := range lines {
		if l == int64(i) {
			return true
		}
	}
	return false
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
