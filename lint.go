package cronsim

import (
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// Linting a whole crontab file: what `cronsim check` prints, as values.
// Lint reads the file line by line as Debian's crontab reads it and
// reports lines Debian rejects, lines it accepts but reads differently
// from how they are written, jobs that never run, fixed-time jobs with a
// run inside a daylight saving time transition, a last line without its
// newline and commands that keep a carriage return.

// A LintKind classifies a Problem.
type LintKind uint8

const (
	// LintRejected: Debian's crontab rejects the line, so it rejects the
	// whole file. Err is a *ParseError.
	LintRejected LintKind = iota
	// LintMangled: Debian accepts the line but reads it differently from
	// how it is written ("5;x" is minute 5; Err is a *ParseError with
	// ErrMangled), or differently from cronsim's syntax, the Strict
	// dialect ("5#3" is the third Friday there, but Debian runs every
	// Friday; Err is nil and the Message gives both meanings). Schedule
	// is what the daemon runs.
	LintMangled
	// LintWarning: Debian accepts the line, but the Strict dialect
	// rejects it (a step wider than its range, "*/60"; Err says why), or
	// the line sets CRON_TZ or TZ, which Debian's cron does not use to
	// schedule jobs (a "CRON_TZ=Zone 0 0 * * * cmd" line is a setting,
	// not a job).
	LintWarning
	// LintNever: the job never runs ("0 0 30 2 *").
	LintNever
	// LintDST: a fixed-time job has a run whose wall time a change of
	// the zone's offset skips or repeats. Transition is that change.
	LintDST
	// LintNoNewline: the file does not end in a newline, and Debian's
	// crontab rejects it.
	LintNoNewline
	// LintCR: the line ends in a carriage return (a file with CRLF line
	// endings). Debian keeps the "\r" as the last character of the
	// command, so the shell runs a command that ends in "\r".
	LintCR
	// LintDaemon: another daemon (Problem.Daemon) does something
	// different with the line: rejects or skips it, reads its fields
	// differently, gives a setting (CRON_TZ=, RANDOM_DELAY=) another
	// meaning, or runs it differently across a change of the zone's
	// offset (lint_daemons.go).
	LintDaemon
	// LintUser: in a system crontab (LintOptions.System), a job line
	// with no user field, or one whose user field cannot be a user
	// name: "30 2 * * * /usr/local/bin/backup" makes the daemon look
	// for a user named "/usr/local/bin/backup", and the job never runs.
	LintUser
	// LintPercent: a command with an unescaped "%". Debian's cron and
	// cronie end the command there and feed the rest to it as standard
	// input, each further "%" a newline: "date +%F" runs "date +".
	LintPercent
	// LintNotRead: the daemon does not read the file at all (a system
	// crontab on BusyBox; a cron.d file name it skips, see
	// SystemCrontabSkipped).
	LintNotRead
)

var lintKindNames = [...]string{"rejected", "mangled", "warning", "never", "dst", "no-newline", "cr", "daemon", "user", "percent", "not-read"}

// String returns the kind's name: "rejected", "mangled", "dst", ...
func (k LintKind) String() string {
	if int(k) < len(lintKindNames) {
		return lintKindNames[k]
	}
	return fmt.Sprintf("LintKind(%d)", int(k))
}

// A Problem is one finding of Lint.
type Problem struct {
	Kind   LintKind
	Line   int // 1-based line number
	Column int // 1-based character column in Text, or 0 for the whole line
	// Message says what is wrong, in English, as `cronsim check` prints
	// it after "FILE:LINE:COLUMN: ". Echoed input in it is escaped as
	// strconv.Quote escapes it and cut to a terminal's width.
	Message string
	// Text is the line as written, without its newline (raw: escape it
	// before showing it).
	Text     string
	Err      error    // for LintRejected, LintMangled and LintWarning
	Schedule Schedule // the job's schedule, when the line is a job
	// Transition is the first instant of the new offset, for LintDST.
	Transition time.Time
	// Daemon is the other daemon a LintDaemon problem is about.
	Daemon Daemon
}

// A LintReport is the result of Lint.
type LintReport struct {
	Jobs     int       // job lines Debian accepts
	Problems []Problem // in line order
}

// LintOptions says how Lint reads a crontab.
type LintOptions struct {
	// Dialect is how the lines are read: Debian or DebianBookworm as
	// that release's crontab reads them (what `cronsim check` uses), or
	// Strict (the zero value), which rejects what Debian reads
	// differently from how it is written.
	Dialect Dialect
	// Location is the daemon's zone; nil means UTC.
	Location *time.Location
	// From and Horizon bound the daylight saving time check: offset
	// changes in (From, From+Horizon] are examined. A zero From skips
	// the check; a zero Horizon means 366 days.
	From    time.Time
	Horizon time.Duration
	// Daemon is the daemon that reads and runs the crontab (default
	// Debian's cron, read in Dialect). Cronie and BusyBox read it with
	// their own parsers (Dialect is not used) and have their own
	// daylight saving time rules.
	Daemon Daemon
	// Compare lists daemons to compare with Daemon: for each, a
	// LintDaemon problem on every line it rejects, skips or reads
	// differently, every setting it gives another meaning, and every job
	// it runs differently across an offset change in the horizon.
	Compare []Daemon
	// System: the file is a system crontab (/etc/crontab or a file of
	// /etc/cron.d), whose job lines have a user name between the time
	// fields and the command. A job line without one is a LintUser
	// problem, and a daemon that reads no system crontab (BusyBox) a
	// LintNotRead one.
	System bool
}

// LintHorizon is the default span of the daylight saving time check.
const LintHorizon = 366 * 24 * time.Hour

// Lint checks a user crontab file, given whole, as Debian's crontab and
// daemon read it. Lint never fails: every problem, including a line
// Debian rejects, is a Problem.
func Lint(crontab string, opts LintOptions) LintReport {
	l := newLinter(opts)
	if l.system {
		l.systemFile()
	}
	if crontab == "" {
		return l.report
	}
	n := 0
	for len(crontab) > 0 {
		n++
		line, rest, found := strings.Cut(crontab, "\n")
		crontab = rest
		if !found {
			col := len([]rune(line)) + 1
			msg := "missing newline before EOF: Debian's crontab rejects the file"
			if !daemonTableOf(l.daemon).debianCrontab {
				msg = "missing newline before EOF (Debian's crontab would reject the file)"
			}
			l.add(Problem{Kind: LintNoNewline, Line: n, Column: col, Text: line, Message: msg})
		}
		if l.system {
			l.systemJobLine(n, line)
		} else {
			l.readLine(n, line)
			l.commandLine(n, line)
		}
	}
	return l.report
}

// readLine lints one line as the linter's daemon reads it, then as each
// daemon compared with it does (lint_daemons.go).
func (l *linter) readLine(n int, line string) {
	var own Entry
	ok := false
	if daemonTableOf(l.daemon).debianCrontab {
		l.line(n, line)
		if len(l.others) > 0 {
			d := l.dialect
			if d == Strict {
				d = Debian // what the daemon runs
			}
			e, err := ParseOptions{Dialect: d}.Entry(line)
			own, ok = e, err == nil && e.Kind == EntryJob
		}
	} else {
		own, ok = l.otherLine(n, line)
	}
	l.compareLine(n, line, own, ok)
}

type linter struct {
	dialect Dialect
	loc     *time.Location
	shifts  []offsetShift
	report  LintReport

	daemon  Daemon
	own     daemonLinter   // the file as daemon reads it, if not Debian's
	others  []daemonLinter // the daemons compared with it
	from    time.Time
	horizon time.Duration
	system  bool // a system crontab: a user field before the command
}

func newLinter(opts LintOptions) *linter {
	l := &linter{dialect: opts.Dialect, loc: opts.Location, daemon: opts.Daemon, from: opts.From, system: opts.System}
	if l.loc == nil {
		l.loc = time.UTC
	}
	l.own = daemonLinter{d: opts.Daemon, reader: CrontabReader{Options: ParseOptions{Daemon: opts.Daemon, Dialect: Debian}}}
	for _, d := range opts.Compare {
		// A daemon without crontabs (Kubernetes) has nothing to say
		// about a crontab's lines.
		if d != opts.Daemon && !daemonTableOf(d).noCrontab {
			l.others = append(l.others, daemonLinter{d: d, reader: CrontabReader{Options: ParseOptions{Daemon: d, Dialect: Debian}}})
		}
	}
	if !opts.From.IsZero() {
		h := opts.Horizon
		if h <= 0 {
			h = LintHorizon
		}
		l.horizon = h
		l.shifts = shiftsIn(opts.From.In(l.loc), opts.From.Add(h))
	}
	return l
}

func (l *linter) add(p Problem) { l.report.Problems = append(l.report.Problems, p) }

func (l *linter) line(n int, line string) {
	d := l.dialect
	e, err := ParseOptions{Dialect: d}.Entry(line)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			l.add(Problem{Kind: LintRejected, Line: n, Text: line, Err: err, Message: escapeEcho(err.Error())})
			l.cr(n, line, Schedule{})
			return
		}
		if d != Strict {
			pe = sharpenError(pe, func() error { _, err := ParseOptions{Dialect: Strict}.Entry(line); return err })
		}
		verdict := pe.Debian
		if verdict == "" {
			verdict = "error"
		}
		l.add(Problem{Kind: LintRejected, Line: n, Column: pe.Column, Text: line, Err: pe,
			Message: verdict + ": " + escapeEcho(pe.Reason)})
		l.cr(n, line, Schedule{})
		return
	}
	if e.Kind == EntryEnv && (e.Name == "CRON_TZ" || e.Name == "TZ") {
		l.zoneSetting(n, line, e)
	}
	if e.Kind != EntryJob {
		return
	}
	l.report.Jobs++
	s := e.Schedule
	defer l.cr(n, line, s)
	if s.Reboot() {
		return
	}
	if s.Never() {
		l.add(Problem{Kind: LintNever, Line: n, Text: line, Schedule: s,
			Message: "never runs: " + strings.TrimPrefix(s.Explain(), "Never runs: ") + strictNote(line)})
		return
	}
	if d != Strict {
		if strict, ok := strictReading(line); ok {
			if p, differ := readsDiffer(n, line, DebianCron, strict, s); differ {
				l.add(p)
			}
		} else if _, err := (ParseOptions{Dialect: Strict}).Entry(line); err != nil {
			var pe *ParseError
			switch {
			case !errors.As(err, &pe):
				l.add(Problem{Kind: LintWarning, Line: n, Text: line, Err: err, Schedule: s, Message: "warning: " + escapeEcho(err.Error())})
			case errors.Is(err, ErrMangled):
				l.add(Problem{Kind: LintMangled, Line: n, Column: pe.Column, Text: line, Err: pe, Schedule: s,
					Message: fmt.Sprintf("Debian accepts this but reads it differently: %s; Debian runs it as %q: %s", escapeEcho(pe.Reason), s.String(), s.Explain())})
			default:
				l.add(Problem{Kind: LintWarning, Line: n, Column: pe.Column, Text: line, Err: pe, Schedule: s,
					Message: "warning: " + escapeEcho(pe.Reason)})
			}
		}
	}
	if !s.Wildcard() {
		l.dst(n, line, s)
	}
}

// zoneSetting warns about CRON_TZ= and TZ= lines, which other daemons
// (cronie, robfig/cron) read as the zone of the jobs: Debian's cron has
// no CRON_TZ and schedules every job in the daemon's zone, and a job
// written after the zone on the same line is part of the value.
func (l *linter) zoneSetting(n int, line string, e Entry) {
	col := strings.Index(line, e.Name) + 1
	msg := "warning: Debian's cron has no CRON_TZ: every job runs in the daemon's zone (" + l.loc.String() + ")"
	if e.Name == "TZ" {
		msg = "warning: TZ= sets the jobs' environment only: Debian's cron schedules every job in the daemon's zone (" + l.loc.String() + ")"
	}
	if zone, rest, ok := strings.Cut(strings.TrimSpace(e.Value), " "); ok && strings.TrimSpace(rest) != "" {
		msg = fmt.Sprintf("warning: Debian reads this line as the setting %s=%s, not as a job: the job never runs (Debian's cron has no per-job zone; it runs every job in the daemon's zone, %s)",
			e.Name, quoteEcho(zone+" "+rest), l.loc)
	}
	l.add(Problem{Kind: LintWarning, Line: n, Column: col, Text: line, Message: msg})
}

// cr reports a job line that ends in a carriage return.
func (l *linter) cr(n int, line string, s Schedule) {
	if !strings.HasSuffix(line, "\r") {
		return
	}
	rest := strings.TrimLeft(line, " \t")
	if rest == "" || rest[0] == '#' {
		return
	}
	if _, _, ok := debianEnv(rest, l.dialect != DebianBookworm); ok {
		return // Debian trims trailing white space, \r included, from a value
	}
	l.add(Problem{Kind: LintCR, Line: n, Column: len([]rune(line)), Text: line, Schedule: s,
		Message: `line ends in a carriage return (CRLF line endings?): Debian keeps the \r as the last character of the command`})
}

// calWallTimes is wallMinutes for a systemd calendar specification in
// the machine's zone: its wall times in [from, to) (one with a zone of
// its own has none there).
func (s *Schedule) calWallTimes(from, to int64) wallRuns {
	var r wallRuns
	if s.cal.Location() != nil {
		return r
	}
	u := time.Unix(from, 0).UTC().Add(-time.Microsecond)
	for i := 0; i < 100000; i++ {
		t := s.cal.Next(u)
		if t.IsZero() || t.Unix() >= to {
			break
		}
		if r.n < len(r.first) {
			r.first[r.n] = t.Unix()
		}
		r.n++
		r.last = t.Unix()
		u = t
	}
	return r
}

// dst reports the offset changes in which a fixed-time job has a run.
func (l *linter) dst(n int, line string, s Schedule) {
	loc := l.loc
	for _, sh := range l.shifts {
		ws := s.wallMinutes(sh.wallSpan())
		if ws.n == 0 {
			continue
		}
		day := wallTime(sh.wallNew).Format("2006-01-02")
		what := fmt.Sprintf("%q (%s)", s.String(), s.Explain())
		change := fmt.Sprintf("%s from %s to %s", transitionName(sh.delta), wallTime(sh.wallPrev).Format("15:04"), wallTime(sh.wallNew).Format("15:04"))
		p := Problem{Kind: LintDST, Line: n, Text: line, Schedule: s, Transition: sh.at}
		switch {
		case sh.delta > 0 && debianShifts.correction(sh.delta):
			p.Message = fmt.Sprintf("dst: %s: %s on %s does not exist in %s (%s); Debian does not run it that day", what, ws, day, loc, change)
		case sh.delta > 0:
			late := s.Next(sh.at.Add(-time.Second))
			p.Message = fmt.Sprintf("dst: %s: %s on %s does not exist in %s (%s); Debian runs it late, at %s", what, ws, day, loc, change, late.Format(time.RFC3339))
		case sh.delta < 0 && debianShifts.correction(sh.delta):
			p.Message = fmt.Sprintf("dst: %s: %s on %s happens twice in %s (%s); Debian runs it twice", what, ws, day, loc, change)
		default:
			first := time.Unix(ws.first[0]-sh.oldOffset, 0).In(loc)
			p.Message = fmt.Sprintf("dst: %s: %s on %s happens twice in %s (%s); Debian runs it once, the first time (%s)", what, ws, day, loc, change, first.Format(time.RFC3339))
		}
		l.add(p)
	}
}

// debianShifts are how Debian's cron sees an offset change, which the
// dst lint describes (note.go).
var debianShifts = noteThresholds{name: "debian", rules: &daemonTable[DebianCron]}

func transitionName(d time.Duration) string { return debianShifts.transitionName(d) }

// An offsetShift is a change of a zone's UTC offset.
type offsetShift struct {
	at                time.Time     // the first instant of the new offset
	delta             time.Duration // new offset minus old offset
	oldOffset         int64         // seconds east of UTC before at
	wallNew, wallPrev int64         // wall seconds at `at` with the new and the old offset
}

// wallSpan returns the wall seconds [from, to) the shift skips (a
// forward shift) or shows twice (a backward one).
func (sh offsetShift) wallSpan() (from, to int64) {
	if sh.delta < 0 {
		return sh.wallNew, sh.wallPrev
	}
	return sh.wallPrev, sh.wallNew
}

// shiftAt returns the offset change that starts at start, the beginning
// of a zone period of start's location; false when start is zero or the
// offset stays (only the zone's name or DST flag changes).
func shiftAt(start time.Time) (offsetShift, bool) {
	if start.IsZero() {
		return offsetShift{}, false
	}
	_, newOff := start.Zone()
	_, oldOff := start.Add(-time.Nanosecond).Zone()
	if newOff == oldOff {
		return offsetShift{}, false
	}
	u := start.Unix()
	return offsetShift{at: start, delta: time.Duration(newOff-oldOff) * time.Second,
		oldOffset: int64(oldOff), wallNew: u + int64(newOff), wallPrev: u + int64(oldOff)}, true
}

// shiftsIn lists the offset changes of t's location in (t, limit].
func shiftsIn(t, limit time.Time) []offsetShift {
	var out []offsetShift
	for at := range clock.Shifts(t, limit) {
		sh, _ := shiftAt(at)
		out = append(out, sh)
	}
	return out
}

func wallTime(w int64) time.Time { return time.Unix(w, 0).UTC() }

// wallRuns summarises the wall minutes at which a schedule matches in a
// span: how many, the first three and the last.
type wallRuns struct {
	n     int
	first [3]int64
	last  int64
}

// String names the minutes: "01:30", "01:00 and 01:30", "60 runs from
// 01:00 through 01:59".
func (r wallRuns) String() string {
	f := func(w int64) string { return wallTime(w).Format("15:04") }
	switch {
	case r.n == 1:
		return f(r.first[0])
	case r.n <= 3:
		parts := make([]string, r.n)
		for i := range parts {
			parts[i] = f(r.first[i])
		}
		return strings.Join(parts[:r.n-1], ", ") + " and " + parts[r.n-1]
	}
	return fmt.Sprintf("%d runs from %s through %s", r.n, f(r.first[0]), f(r.last))
}

// wallMinutes returns the wall minutes starting in [from, to) (wall
// seconds) at which the day, hour and minute fields match. It skips
// whole days and hours with the bitsets, so a day-long span costs a few
// dozen steps, not 1,440 matches of 60 seconds each.
func (s *Schedule) wallMinutes(from, to int64) wallRuns {
	var r wallRuns
	if s.cal != nil {
		return s.calWallTimes(from, to)
	}
	for w := floor60(from); w < to; {
		days := floorDiv(w, secondsPerDay)
		dayStart := days * secondsPerDay
		if !s.dayMatches(days) {
			w = dayStart + secondsPerDay
			continue
		}
		h := (w - dayStart) / 3600
		hourStart := dayStart + h*3600
		if s.hour&(1<<h) == 0 {
			w = hourStart + 3600
			continue
		}
		end := min(hourStart+3600, to)
		m0 := uint((w - hourStart) / 60)
		m1 := uint((end - hourStart + 59) / 60) // minutes m with hourStart+60m < end
		mask := s.minute >> m0 << m0
		if m1 < 64 {
			mask &= 1<<m1 - 1
		}
		for mask != 0 {
			m := bits.TrailingZeros64(mask)
			mask &= mask - 1
			t := hourStart + int64(m)*60
			if r.n < len(r.first) {
				r.first[r.n] = t
			}
			r.n++
			r.last = t
		}
		w = hourStart + 3600
	}
	return r
}

// sharpenError returns a Debian-dialect parse error with the column and
// reason of the strict parser's error for the same field, when it has
// one: the Debian reader stops where Debian's parser gives up, which is
// sometimes past the offending value ("0 0 * * 8 cmd" fails at "cmd"),
// while the strict parser names the value ("8 is outside 0-7").
func sharpenError(pe *ParseError, strict func() error) *ParseError {
	var spe *ParseError
	if !errors.As(strict(), &spe) || spe.Field != pe.Field || pe.Field == FieldNone || errors.Is(spe, ErrExtension) {
		return pe
	}
	better := *pe
	better.Column, better.Text, better.Reason = spe.Column, spe.Text, spe.Reason
	return &better
}
