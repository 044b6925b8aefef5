package cronsim

import (
	"fmt"
	"strings"
	"time"
)

// calExplainDST is ExplainDST for a systemd timer: what
// calendar_spec_next_usec does at a transition, as the parse corpus
// recorded it from systemd-analyze calendar.
const calExplainDST = "systemd timer: a time skipped by a spring-forward transition is not run that day (systemd issue 5595), and a time repeated by a fall-back transition runs once, at its first occurrence (issue 8647). Elapses are computed in the machine's zone unless the specification names one. Each start comes up to AccuracySec= (default 1 min) plus RandomizedDelaySec= after its elapse; after the clock is set forward, or the machine resumes, the first elapse passed starts once at once, the rest are lost; a Persistent= timer also catches up once after the machine was off."

// parseCalendarSchedule is Daemon.Parse for a daemon whose row reads
// calendar specifications (systemd).
func parseCalendarSchedule(expr string, d Daemon) (Schedule, error) {
	c, err := ParseCalendar(expr)
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{cal: c, daemon: d}, nil
}

// calendarEntry reads one line for systemd, which has no crontab: a
// line is one timer's OnCalendar= value (an "OnCalendar=" prefix, as in
// a unit file, is allowed), so a file of them is a Simulation's timers;
// blank lines and # comments are skipped.
func calendarEntry(line string) (Entry, error) {
	text := strings.TrimSpace(line)
	if text == "" || strings.HasPrefix(text, "#") {
		return Entry{Kind: EntryComment}, nil
	}
	if v, ok := strings.CutPrefix(text, "OnCalendar="); ok {
		text = strings.TrimSpace(v)
	}
	s, err := parseCalendarSchedule(text, Systemd)
	return Entry{Kind: EntryJob, Schedule: s}, err
}

// Calendar returns the systemd calendar specification of a schedule
// parsed with ParseOptions{Daemon: Systemd}.Parse, or nil.
func (s Schedule) Calendar() *Calendar { return s.cal }

// Prev returns the last elapse strictly before t, or the zero Time.
// systemd itself only looks forward: Prev is the last elapse before t
// of the sequence Next gives from an earlier start, searched in windows
// that grow eightfold from a minute back to 1970.
func (c *Calendar) Prev(t time.Time) time.Time {
	u := t.UnixMicro()
	loc := t.Location()
	for w := int64(60 * usecPerSec); ; w *= 8 {
		from := u - w
		if from < 0 {
			from = 0
		}
		last, found := int64(0), false
		x := from
		for {
			n, r := c.next(x, loc)
			if r != calFound || n >= u {
				break
			}
			last, found, x = n, true, n
		}
		if found {
			return time.UnixMicro(last).In(loc)
		}
		if from == 0 {
			return time.Time{}
		}
	}
}

// Match reports whether systemd elapses the timer at exactly t: the
// first elapse after the microsecond before t is t.
func (c *Calendar) Match(t time.Time) bool {
	u := t.UnixMicro()
	n, r := c.next(u-1, t.Location())
	return r == calFound && n == u
}

// Explain describes the specification in English, from its normalised
// form.
func (c *Calendar) Explain() string {
	var b strings.Builder
	b.WriteString("systemd OnCalendar=")
	b.WriteString(c.String())
	b.WriteString(": ")
	var parts []string
	if c.weekdays >= 0 {
		var days strings.Builder
		formatWeekdays(&days, c.weekdays)
		parts = append(parts, "on "+days.String())
	}
	describe := func(name string, ch []calComponent, usec bool) {
		if ch == nil {
			return
		}
		var v strings.Builder
		formatChain(&v, 1, ch, usec)
		if v.String() == "*" {
			return
		}
		parts = append(parts, name+" "+v.String())
	}
	describe("year", c.year, false)
	describe("month", c.month, false)
	if c.endOfMonth {
		var v strings.Builder
		formatChain(&v, 1, c.day, false)
		parts = append(parts, "day "+v.String()+" counted from the end of the month (1 is the last day)")
	} else {
		describe("day", c.day, false)
	}
	describe("hour", c.hour, false)
	describe("minute", c.minute, false)
	describe("second", c.usec, true)
	if len(parts) == 0 {
		parts = append(parts, "every second")
	}
	b.WriteString(strings.Join(parts, ", "))
	switch {
	case c.utc:
		b.WriteString(", in UTC")
	case c.zoneName != "":
		fmt.Fprintf(&b, ", in %s", c.zoneName)
	}
	b.WriteByte('.')
	return b.String()
}
