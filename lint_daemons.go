package cronsim

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Lint for daemons other than Debian's, and what changes when a crontab
// moves between daemons (LintOptions.Daemon and Compare).

// daemonLinter reads the file as one other daemon, alongside the
// linter's own reading.
type daemonLinter struct {
	d      Daemon
	reader CrontabReader
}

// lineAs parses line n as daemon d reads it, with the settings of the
// lines before it. ok is false when d has no job on the line.
func (dl *daemonLinter) lineAs(line string) (Entry, error) {
	return dl.reader.Entry(line)
}

// otherLine lints a line of a crontab read by a daemon other than
// Debian's (l.daemon): what it rejects or skips, reads differently,
// never runs, or runs differently at an offset change.
func (l *linter) otherLine(n int, line string) (Entry, bool) {
	e, err := l.own.lineAs(line)
	var pe *ParseError
	switch {
	case err != nil && errors.As(err, &pe) && errors.Is(err, ErrMangled):
		l.add(Problem{Kind: LintMangled, Line: n, Column: pe.Column, Text: line, Err: pe, Schedule: e.Schedule,
			Message: fmt.Sprintf("%s reads this differently from how it is written: %s", daemonTitle(l.daemon), escapeEcho(pe.Reason))})
	case err != nil && errors.Is(err, ErrRandom):
		errors.As(err, &pe)
		l.report.Jobs++
		l.add(Problem{Kind: LintWarning, Line: n, Column: pe.Column, Text: line, Err: err,
			Message: "warning: " + escapeEcho(pe.Reason)})
		return e, false
	case err != nil:
		msg := escapeEcho(err.Error())
		col := 0
		if errors.As(err, &pe) {
			msg, col = escapeEcho(pe.Reason), pe.Column
		}
		l.add(Problem{Kind: LintRejected, Line: n, Column: col, Text: line, Err: err, Message: "rejected: " + msg + strictNote(line)})
		return e, false
	}
	if e.Kind == EntryComment && strings.TrimSpace(line) != "" && !strings.HasPrefix(strings.TrimLeft(line, " \t"), "#") {
		why := "fewer than six words, or an @ word it does not know"
		col := 0
		if i := strings.IndexByte(line, '#'); i > 0 && daemonTableOf(l.daemon).hashComments {
			why = fmt.Sprintf("a # starts a comment anywhere on the line, so it reads only %s: fewer than six words", quoteEcho(strings.TrimSpace(line[:i])))
			col = column(line, i)
		}
		l.add(Problem{Kind: LintRejected, Line: n, Column: col, Text: line,
			Message: daemonTitle(l.daemon) + " skips this line (" + why + ")" + strictNote(line)})
		return e, false
	}
	if e.Kind != EntryJob {
		return e, false
	}
	l.report.Jobs++
	s := e.Schedule
	if strict, ok := strictReading(line); ok {
		if p, differ := readsDiffer(n, line, l.daemon, strict, s); differ {
			l.add(p)
		}
	}
	if s.Reboot() {
		return e, true
	}
	if s.Never() {
		l.add(Problem{Kind: LintNever, Line: n, Text: line, Schedule: s,
			Message: "never runs: " + strings.TrimPrefix(s.Explain(), "Never runs: ") + strictNote(line)})
		return e, true
	}
	l.daemonDST(n, line, s)
	return e, true
}

// daemonDST reports the offset changes at which a job of a daemon other
// than Debian's loses, delays or repeats a run, from its own Next.
func (l *linter) daemonDST(n int, line string, s Schedule) {
	loc := l.loc
	if s.loc != nil {
		loc = s.loc
	}
	shifts := l.shifts
	if loc != l.loc && !l.from.IsZero() {
		shifts = shiftsIn(l.from.In(loc), l.from.Add(l.horizon))
	}
	for _, sh := range shifts {
		if stop, ok := stopsAt(s, sh, loc); ok {
			l.add(Problem{Kind: LintDST, Line: n, Text: line, Schedule: s, Transition: sh.at,
				Message: fmt.Sprintf("dst: %q (%s): %s never runs it again after %s: at the %s in %s its walk gives no later time (robfig/cron's Next stands still or goes back), so the controller reports InvalidSchedule and stops requeuing the CronJob",
					s.String(), s.Explain(), daemonTitle(s.daemon), stop.Format(time.RFC3339), transitionName(sh.delta), loc)})
		}
		from, to := sh.wallSpan()
		ws := s.wallMinutes(from, to)
		if ws.n == 0 {
			continue
		}
		runs := runsAround(s, sh, loc)
		day := wallTime(sh.wallNew).Format("2006-01-02")
		what := fmt.Sprintf("%q (%s)", s.String(), s.Explain())
		p := Problem{Kind: LintDST, Line: n, Text: line, Schedule: s, Transition: sh.at}
		if sh.delta > 0 {
			late := "does not run it that day"
			for _, r := range runs {
				if !r.Before(sh.at) && !s.Match(r) {
					late = "runs it late, at " + r.Format(time.RFC3339)
					break
				}
			}
			p.Message = fmt.Sprintf("dst: %s: %s on %s does not exist in %s (%s); %s %s", what, ws, day, loc, transitionName(sh.delta), daemonTitle(s.daemon), late)
		} else {
			twice := 0
			for _, r := range runs {
				w := r.Unix() + offsetAt(loc, r)
				if w >= from && w < to {
					twice++
				}
			}
			how := "once"
			if twice > ws.n {
				how = "twice"
			}
			p.Message = fmt.Sprintf("dst: %s: %s on %s happens twice in %s (%s); %s runs it %s", what, ws, day, loc, transitionName(sh.delta), daemonTitle(s.daemon), how)
		}
		l.add(p)
	}
}

// stopsAt reports whether the chain of s's runs ends at the offset
// change sh though runs follow it (the Kubernetes daemon's Next across
// Chatham's fall-back: kubeNext), and the last run before the end.
func stopsAt(s Schedule, sh offsetShift, loc *time.Location) (time.Time, bool) {
	if daemonTableOf(s.daemon).next == nil {
		return time.Time{}, false // a cron minute walk never stops
	}
	span := max(sh.delta, -sh.delta) + 5*time.Minute
	last := time.Time{}
	t := sh.at.Add(-span - 24*time.Hour).In(loc)
	for i := 0; i < 3000; i++ {
		u := s.Next(t)
		if u.IsZero() {
			// The chain ends here; a run after the change shows the
			// schedule goes on for a CronJob made later.
			if later := s.Next(sh.at.Add(span + 24*time.Hour).In(loc)); !later.IsZero() && !last.IsZero() {
				return last, true
			}
			return time.Time{}, false
		}
		if u.After(sh.at.Add(span)) {
			return time.Time{}, false
		}
		last, t = u, u
	}
	return time.Time{}, false
}

func offsetAt(loc *time.Location, t time.Time) int64 {
	_, off := t.In(loc).Zone()
	return int64(off)
}

// runsAround lists the runs of s from a little before an offset change
// to a little after it (up to 400, a minutely job over the span).
func runsAround(s Schedule, sh offsetShift, loc *time.Location) []time.Time {
	span := sh.delta
	if span < 0 {
		span = -span
	}
	span += 5 * time.Minute
	var out []time.Time
	to := sh.at.Add(span)
	for r := range s.All(sh.at.Add(-span).In(loc)) {
		if !r.Before(to) || len(out) == 400 {
			break
		}
		out = append(out, r)
	}
	return out
}

// compareLine reports what each daemon of LintOptions.Compare does
// differently with job or setting line n from the linter's own daemon.
// own is the line as the linter's daemon read it (ok: a job it runs).
func (l *linter) compareLine(n int, line string, own Entry, ownOK bool) {
	for i := range l.others {
		dl := &l.others[i]
		e, err := dl.lineAs(line)
		title := daemonTitle(dl.d)
		add := func(msg string) {
			l.add(Problem{Kind: LintDaemon, Line: n, Text: line, Daemon: dl.d, Schedule: e.Schedule, Err: err,
				Message: "on " + dl.d.String() + ": " + msg})
		}
		if own.Kind == EntryEnv || e.Kind == EntryEnv {
			if msg := settingDiff(l.daemon, dl.d, own, e); msg != "" {
				add(msg)
			}
			continue
		}
		if !ownOK && own.Kind != EntryJob {
			if e.Kind == EntryJob && err == nil {
				add(title + " runs this line as a job: " + e.Schedule.Explain())
			}
			continue
		}
		var pe *ParseError
		switch {
		case err != nil && errors.Is(err, ErrMangled) && errors.As(err, &pe):
			add(title + " reads it differently: " + escapeEcho(pe.Reason))
			continue
		case err != nil && errors.Is(err, ErrRandom):
			add(title + " accepts it but draws a random value when it loads the crontab")
			continue
		case err != nil:
			add(title + " rejects it: " + escapeEcho(errText(err)))
			continue
		case e.Kind != EntryJob:
			add(title + " skips this line: it is not a job there")
			continue
		}
		if !ownOK {
			add(title + " runs it: " + e.Schedule.Explain())
			continue
		}
		a, b := own.Schedule, e.Schedule
		if !sameRuns(a, b) {
			add(fmt.Sprintf("%s reads it as %q: %s", title, bare(b).String(), b.Explain()))
			continue
		}
		if a.loc != b.loc {
			zoneOf := func(s Schedule) string {
				if s.loc == nil {
					return "the daemon's zone (" + l.loc.String() + ")"
				}
				return s.loc.String() + " (CRON_TZ)"
			}
			add(fmt.Sprintf("%s runs it in %s, not in %s", title, zoneOf(b), zoneOf(a)))
			continue
		}
		if b.delay != 0 && b.window(daemonTableOf(dl.d)) != 0 {
			add(fmt.Sprintf("%s starts it up to %d minutes late (RANDOM_DELAY=%d: a window, not a time)", title, b.delay-1, b.delay))
		}
		if a.Never() || a.Reboot() || l.from.IsZero() {
			continue
		}
		if msg := l.dstDiff(a, b); msg != "" {
			add(msg)
		}
	}
}

// sameRuns reports whether two schedules match the same wall minutes in
// every month shape (their fields differ only in how they are written:
// BusyBox's FixDayDow against Debian's star flags).
func sameRuns(a, b Schedule) bool {
	if a.minute != b.minute || a.hour != b.hour || a.month != b.month || a.hasSeconds != b.hasSeconds || a.never != b.never {
		return false
	}
	// 28 years repeat the Gregorian calendar's weekdays and month
	// lengths between 1901 and 2099: every month starts on every weekday
	// in them, also when a schedule keeps a few months only (four years
	// were too few: no January, April, July or October of 2000-2003
	// begins on a Friday, and "*/30 */3 THU,FRI#L" differs from Debian's
	// "*/30 */3 THU,FRI" only on a Friday the 1st).
	base := int64(10957)                 // 2000-01-01
	for d := base; d < base+10227; d++ { // to 2027-12-31
		if a.dayMatches(d) != b.dayMatches(d) {
			return false
		}
	}
	return true
}

// bare is s without its zone and delay: the fields as written.
func bare(s Schedule) Schedule {
	s.loc, s.delay = nil, 0
	return s
}

// dstDiff compares the runs of a and b around each offset change in the
// horizon and describes every one that differs (a spring gap and a fall
// repeat usually differ in different ways).
func (l *linter) dstDiff(a, b Schedule) string {
	loc := l.loc
	if a.loc != nil {
		loc = a.loc
	}
	var diffs []string
	shifts := l.shifts
	if loc != l.loc {
		shifts = shiftsIn(l.from.In(loc), l.from.Add(l.horizon))
	}
	for _, sh := range shifts {
		ra, rb := runsAround(a, sh, loc), runsAround(b, sh, loc)
		if slices.EqualFunc(ra, rb, time.Time.Equal) {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("%s on %s (%s): %s runs it %s; %s %s", transitionName(sh.delta), wallTime(sh.wallNew).Format("2006-01-02"), loc,
			daemonTitle(a.daemon), listTimes(ra, sh), daemonTitle(b.daemon), listTimes(rb, sh)))
	}
	return strings.Join(diffs, "; and ")
}

// listTimes names the runs near a transition, in local time.
func listTimes(ts []time.Time, sh offsetShift) string {
	if len(ts) == 0 {
		return "not at all"
	}
	if len(ts) > 4 {
		return fmt.Sprintf("%d times, %s to %s", len(ts), ts[0].Format("15:04 MST"), ts[len(ts)-1].Format("15:04 MST"))
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = t.Format("15:04 MST")
	}
	return "at " + strings.Join(parts, ", ")
}

// settingDiff says how a setting line means something else on daemon d.
func settingDiff(own, d Daemon, a, b Entry) string {
	e := a
	if e.Kind != EntryEnv {
		e = b
	}
	if a.Kind == EntryEnv && b.Kind != EntryEnv {
		return daemonTitle(d) + " does not read this as a setting (it takes only MAILTO=, SHELL= and PATH= at the start of a line)"
	}
	zoneOwn, zoneD := daemonTableOf(own).jobZones, daemonTableOf(d).jobZones
	delayOwn, delayD := daemonTableOf(own).randomDelay, daemonTableOf(d).randomDelay
	switch {
	case e.Name == "CRON_TZ" && zoneOwn != zoneD && zoneD:
		return "cronie runs the jobs after this line in " + escapeEcho(strings.TrimSpace(e.Value)) + ", not in the daemon's zone"
	case e.Name == "CRON_TZ" && zoneOwn != zoneD:
		return daemonTitle(d) + " ignores CRON_TZ: the jobs after this line run in the daemon's zone"
	case e.Name == "RANDOM_DELAY" && delayOwn != delayD && delayD:
		return "cronie delays the jobs after this line by a random 0 to " + escapeEcho(strings.TrimSpace(e.Value)) + " minutes, drawn at each daemon start"
	case e.Name == "RANDOM_DELAY" && delayOwn != delayD:
		return daemonTitle(d) + " ignores RANDOM_DELAY: the jobs after this line start on time"
	}
	return ""
}

func errText(err error) string {
	var pe *ParseError
	if errors.As(err, &pe) {
		if pe.Debian == busyBoxCrash {
			return pe.Reason
		}
		if pe.Debian != "" {
			return pe.Debian
		}
		return pe.Reason
	}
	return err.Error()
}

// daemonTitle names a daemon in a sentence.
func daemonTitle(d Daemon) string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].title
	}
	return d.String()
}
