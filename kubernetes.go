package cronsim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The Kubernetes CronJob model. The controller (k8s.io/kubernetes
// pkg/controller/cronjob, cronjob_controllerv2.go and utils.go) parses
// .spec.schedule with robfig/cron v3's ParseStandard after a
// "TZ=<.spec.timeZone> " prefix, and finds its times with robfig's
// SpecSchedule.Next (spec.go), whose walk over months, days, hours and
// minutes steps hours and minutes by adding real time. That walk decides
// what a change of the zone's offset does:
//
//   - a time in a spring gap is never reached (New York "30 2 * * *"
//     has no run on 2021-03-14);
//   - a fixed time in a repeated hour is reached twice (New York
//     "30 1 * * *" runs at 01:30 EDT and 01:30 EST on 2021-11-07,
//     kubernetes/kubernetes#121594);
//   - in a zone whose offset changes by 30 minutes (Lord Howe) an hour
//     step lands on the half hour, so a run can come at a wall time the
//     schedule does not name ("45 1 * * *" also at 02:45 +11).
//
// The controller's own state (LastScheduleTime, the most recent missed
// time, startingDeadlineSeconds, the concurrency policy, suspend, timers
// on elapsed time) is in the Simulation (kubernetessim.go). The
// conformance corpus's "kubernetes-cronjob" files were driven from the
// controller's code (conformance/drivers/kubernetes).

// Robfig's field bounds and names (parser.go).
var (
	kubeMonthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
	kubeDowNames   = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
)

// kubeField is one of the five fields ParseStandard reads.
type kubeField struct {
	field  Field
	lo, hi int
	names  []string // index 0 is the value lo
}

var kubeFields = [5]kubeField{
	{FieldMinute, 0, 59, nil},
	{FieldHour, 0, 23, nil},
	{FieldDayOfMonth, 1, 31, nil},
	{FieldMonth, 1, 12, kubeMonthNames},
	{FieldDayOfWeek, 0, 6, kubeDowNames},
}

// parseKubernetes reads a CronJob's .spec.schedule as the API server and
// the controller read it: robfig/cron v3 ParseStandard. A schedule that
// names a zone itself (TZ= or CRON_TZ=, or any "TZ" at all) is refused,
// as the API server refuses it for a new object (the zone goes in
// .spec.timeZone, given here as the location of the times).
func parseKubernetes(expr string) (Schedule, error) {
	if i := strings.Index(expr, "TZ"); i >= 0 {
		return Schedule{}, &ParseError{Expr: expr, Column: i + 1, Text: expr[i:min(len(expr), i+8)],
			Reason: "a CronJob's schedule may not name a zone (TZ= or CRON_TZ=): the API server refuses it for new objects; the zone goes in .spec.timeZone", Err: ErrSyntax}
	}
	return parseRobfig(expr)
}

// kubernetesEntry reads one line for a daemon without a crontab: a line
// is one schedule, with no command; blank lines and # comments are
// skipped.
func kubernetesEntry(line string) (Entry, error) {
	text := strings.TrimSpace(line)
	if text == "" || strings.HasPrefix(text, "#") {
		return Entry{Kind: EntryComment}, nil
	}
	s, err := parseKubernetes(text)
	return Entry{Kind: EntryJob, Schedule: s}, err
}

// parseRobfig is robfig/cron v3's ParseStandard without a zone prefix.
func parseRobfig(expr string) (Schedule, error) {
	s := Schedule{daemon: Kubernetes}
	if expr == "" {
		return s, &ParseError{Expr: expr, Column: 1, Reason: "empty schedule: a CronJob's schedule has 5 fields (minute hour day-of-month month day-of-week) or an @ descriptor", Err: ErrFieldCount}
	}
	if strings.HasPrefix(expr, "@") {
		return parseRobfigDescriptor(expr)
	}
	fields := strings.Fields(expr)
	if len(fields) != 5 {
		return s, &ParseError{Expr: expr, Column: 1, Reason: fmt.Sprintf("%d fields: a CronJob's schedule has exactly 5 (minute hour day-of-month month day-of-week), no seconds field", len(fields)), Err: ErrFieldCount}
	}
	var sets [5]uint64
	var star [5]bool
	col := 0
	for i, text := range fields {
		col = strings.Index(expr[col:], text) + col
		bits, st, perr := kubeFields[i].parse(text)
		if perr != nil {
			perr.Expr, perr.Column = expr, col+1
			return Schedule{}, perr
		}
		sets[i], star[i] = bits, st
		col += len(text)
	}
	s.second = 1
	s.minute = sets[0]
	s.hour = uint32(sets[1])
	s.dom = uint32(sets[2])
	s.month = uint16(sets[3])
	s.dow = uint8(sets[4])
	// robfig's starBit: day of month and day of week combine with AND
	// when either was written with "*" or "?" (dayMatches), which is what
	// DayAnd reports from starStep.
	for i, k := range [5]int{starMinute, starHour, starDom, -1, starDow} {
		if k >= 0 && star[i] {
			s.starStep[k] = 1
		}
	}
	// A schedule no date matches ("0 0 31 2 *") passes the API server's
	// validation (ParseStandard alone); robfig's Next finds no time in
	// five years and the controller reports InvalidSchedule: it never
	// runs.
	s.never = s.computeNever()
	s.dayRule = s.dayRuleOf()
	return s, nil
}

// parse reads one comma-separated field as robfig's getField: empty
// items are dropped (strings.FieldsFunc), each item is *, ?, n, a-b,
// with an optional /step, and n/step runs to the field's end. It also
// reports robfig's star bit: an item of * or ? with no step above 1.
func (f kubeField) parse(text string) (bits uint64, star bool, perr *ParseError) {
	bad := func(item, reason string, err error) (uint64, bool, *ParseError) {
		return 0, false, &ParseError{Field: f.field, Text: item, Reason: reason, Err: err}
	}
	for _, item := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' }) {
		rangeStep := strings.Split(item, "/")
		lowHigh := strings.Split(rangeStep[0], "-")
		var start, end int
		itemStar := false
		if lowHigh[0] == "*" || lowHigh[0] == "?" {
			start, end, itemStar = f.lo, f.hi, true
		} else {
			var err error
			if start, err = f.value(lowHigh[0]); err != nil {
				return bad(item, err.Error(), ErrSyntax)
			}
			switch len(lowHigh) {
			case 1:
				end = start
			case 2:
				if end, err = f.value(lowHigh[1]); err != nil {
					return bad(item, err.Error(), ErrSyntax)
				}
			default:
				return bad(item, "too many hyphens", ErrSyntax)
			}
		}
		step := 1
		switch len(rangeStep) {
		case 1:
		case 2:
			var err error
			if step, err = robfigInt(rangeStep[1]); err != nil {
				return bad(item, err.Error(), ErrStep)
			}
			if len(lowHigh) == 1 {
				end = f.hi
			}
			if step > 1 {
				itemStar = false
			}
		default:
			return bad(item, "too many slashes", ErrSyntax)
		}
		switch {
		case start < f.lo:
			return bad(item, fmt.Sprintf("beginning of range (%d) below minimum (%d)", start, f.lo), ErrRange)
		case end > f.hi:
			return bad(item, fmt.Sprintf("end of range (%d) above maximum (%d)", end, f.hi), ErrRange)
		case start > end:
			return bad(item, fmt.Sprintf("beginning of range (%d) beyond end of range (%d)", start, end), ErrRange)
		case step == 0:
			return bad(item, "step of range should be a positive number", ErrStep)
		}
		for v := start; v <= end; v += step {
			bits |= 1 << v
		}
		star = star || itemStar
	}
	return bits, star, nil
}

// value is robfig's parseIntOrName: a name in any case, else a number.
func (f kubeField) value(s string) (int, error) {
	for i, n := range f.names {
		if strings.ToLower(s) == n {
			return f.lo + i, nil
		}
	}
	return robfigInt(s)
}

// robfigInt is robfig's mustParseInt: strconv.Atoi (so "+5" is 5), no
// negative numbers.
func robfigInt(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("failed to parse int from %s", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("negative number (%d) not allowed", n)
	}
	return n, nil
}

// parseRobfigDescriptor reads robfig's @ words (parseDescriptor): exact,
// case-sensitive names, and "@every <duration>".
func parseRobfigDescriptor(expr string) (Schedule, error) {
	s := Schedule{daemon: Kubernetes, second: 1}
	const allDom, allMonth, allDow, allHour = 0xfffffffe, 0x1ffe, 0x7f, 0xffffff
	s.minute, s.hour, s.dom, s.month, s.dow = 1, 1, allDom, allMonth, allDow
	switch expr {
	case "@yearly", "@annually":
		s.dom, s.month, s.starStep[starDow], s.macro = 1<<1, 1<<1, 1, macroYearly
	case "@monthly":
		s.dom, s.starStep[starDow], s.macro = 1<<1, 1, macroMonthly
	case "@weekly":
		s.dow, s.starStep[starDom], s.macro = 1, 1, macroWeekly
	case "@daily", "@midnight":
		s.starStep[starDom], s.starStep[starDow], s.macro = 1, 1, macroDaily
	case "@hourly":
		s.hour, s.starStep[starHour], s.starStep[starDom], s.starStep[starDow], s.macro = allHour, 1, 1, 1, macroHourly
	default:
		rest, ok := strings.CutPrefix(expr, "@every ")
		if !ok {
			return Schedule{}, &ParseError{Expr: expr, Column: 1, Text: expr, Reason: "unrecognized descriptor", Err: ErrSyntax}
		}
		d, err := time.ParseDuration(rest)
		if err != nil {
			return Schedule{}, &ParseError{Expr: expr, Column: len("@every ") + 1, Text: rest, Reason: "failed to parse duration", Err: ErrSyntax}
		}
		// robfig's Every: at least a second, whole seconds.
		d = max(d, time.Second)
		s.every = d - d%time.Second
		s.minute, s.hour = 0, 0
		return s, nil
	}
	s.dayRule = s.dayRuleOf()
	return s, nil
}

// Every returns the interval of a robfig "@every" schedule (Kubernetes
// CronJob), 0 for any other.
func (s Schedule) Every() time.Duration { return s.every }

// kubeNext is the Kubernetes daemon's Next: robfig's Next (robfigNext),
// unless the controller cannot use the time it gives. The controller
// starts a scheduled time t1 only if the time after it, t2 = Next(t1),
// is at least a second later (mostRecentScheduleTime: "time difference
// between two schedules is less than 1 second", an InvalidSchedule
// event, no requeue). robfig's walk can return a time at or before the
// one it was given: across Chatham's fall-back (03:45 +13:45 to 02:45
// +12:45, 2021-04-04) "57 3 * * *" reaches 02:57 +12:45 from 03:00
// +13:45 by minute steps, and from there again, so Next(14:12Z) is
// 14:12Z. A CronJob whose last time is before such a point never runs
// again (conformance/driven/k8s-chatham-2021-fall.json: no run), so
// kubeNext gives the zero Time there. It also keeps every chain of Next
// moving forward.
func kubeNext(s Schedule, t time.Time) time.Time {
	u := robfigNext(s, t)
	if u.IsZero() || s.every > 0 {
		return u
	}
	if !u.After(t) {
		return time.Time{} // the walk went back from t: t is such a point itself
	}
	if w := robfigNext(s, u); !w.IsZero() && w.Sub(u).Round(time.Second) < time.Second {
		return time.Time{}
	}
	return u
}

// robfigNext is robfig/cron v3's SpecSchedule.Next for a schedule of the
// Kubernetes daemon, in t's location (or the schedule's own): the time
// the walk reaches after t, or the zero Time when it finds none within
// five years. The steps are robfig's, so that the same times come out,
// quirks included (the time can be at or before t: see kubeNext); the
// code is this project's.
func robfigNext(s Schedule, t time.Time) time.Time {
	if s.every > 0 {
		// ConstantDelaySchedule.Next: the delay after t's whole second.
		return t.Add(s.every - time.Duration(t.Nanosecond()))
	}
	if s.Never() {
		return time.Time{}
	}
	orig := t.Location()
	loc := orig
	if s.loc != nil {
		loc = s.loc
		t = t.In(loc)
	}
	t = t.Add(time.Second - time.Duration(t.Nanosecond()))
	moved := false // a field was stepped: the smaller fields start at zero
	limit := t.Year() + 5
	hourBit := func(t time.Time) bool { return s.hour&(1<<t.Hour()) != 0 }
	minuteBit := func(t time.Time) bool { return s.minute&(1<<t.Minute()) != 0 }
wrap:
	for t.Year() <= limit {
		for s.month&(1<<t.Month()) == 0 {
			if !moved {
				moved = true
				t = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
			}
			t = t.AddDate(0, 1, 0)
			if t.Month() == time.January {
				continue wrap
			}
		}
		for !s.kubeDay(t) {
			if !moved {
				moved = true
				t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
			}
			day := t
			t = t.AddDate(0, 0, 1)
			// Midnight may not exist: robfig moves to the nearest hour 0.
			if h := t.Hour(); h != 0 {
				if h > 12 {
					t = t.Add(time.Duration(24-h) * time.Hour)
				} else {
					t = t.Add(-time.Duration(h) * time.Hour)
				}
			}
			if !t.After(day) {
				// A whole day skipped (Apia, 2011-12-30): time.Date
				// puts its midnight on the day before, so robfig's
				// walk steps from 2011-12-29 00:00 to itself for
				// ever; its Next never returns, and the controller's
				// sync of the CronJob hangs (TestRobfigApiaHangs in
				// bench/). cronsim gives no time.
				return time.Time{}
			}
			if t.Day() == 1 {
				continue wrap
			}
		}
		for !hourBit(t) {
			if !moved {
				moved = true
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), 0, 0, 0, loc)
			}
			t = t.Add(time.Hour)
			if t.Hour() == 0 {
				continue wrap
			}
		}
		for !minuteBit(t) {
			if !moved {
				moved = true
				t = t.Truncate(time.Minute)
			}
			t = t.Add(time.Minute)
			if t.Minute() == 0 {
				continue wrap
			}
		}
		// Second 0 only (five fields).
		for t.Second() != 0 {
			if !moved {
				moved = true
				t = t.Truncate(time.Second)
			}
			t = t.Add(time.Second)
			if t.Second() == 0 {
				continue wrap
			}
		}
		return t.In(orig)
	}
	return time.Time{}
}

// kubeDay is robfig's dayMatches.
func (s *Schedule) kubeDay(t time.Time) bool {
	dom := s.dom&(1<<t.Day()) != 0
	dow := s.dow&(1<<t.Weekday()) != 0
	if s.DayAnd() {
		return dom && dow
	}
	return dom || dow
}

// kubePrev is the last time before t that chaining kubeNext reaches from
// well before it. robfig has no Prev; the controller's only backward
// question (mostRecentScheduleTime) is answered the same way, forwards.
func kubePrev(s Schedule, t time.Time) time.Time {
	if s.every > 0 {
		return time.Time{} // an @every schedule is anchored to its CronJob's last run, not the calendar
	}
	for back := 26 * time.Hour; back <= 6*366*24*time.Hour; back *= 4 {
		var last time.Time
		for u := kubeNext(s, t.Add(-back)); !u.IsZero() && u.Before(t); u = kubeNext(s, u) {
			last = u
		}
		if !last.IsZero() {
			return last
		}
	}
	return time.Time{}
}
