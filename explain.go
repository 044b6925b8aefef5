package cronsim

import (
	"math/bits"
	"strconv"
	"strings"

	"github.com/cronsim-go/cronsim/internal/clock"
)

// Explain returns the schedule as one English sentence in 24-hour time,
// such as "At 01:30 every day" or "Every 15 minutes, between 09:00 and
// 17:59, Monday through Friday". When both day fields are restricted the
// sentence says how Debian combines them: "on day-of-month 1 and 15, or on
// Friday" (OR) or "on odd days of the month that are Fridays" (AND, when
// either field starts with "*"). A schedule with no run, the zero Schedule
// included, is explained as one that never runs. Explain never returns an
// empty string; ExplainDST adds how daylight saving time treats the job.
func (s Schedule) Explain() string {
	if s.cal != nil {
		return s.cal.Explain()
	}
	if s.macro == macroReboot {
		return "At daemon start (@reboot)"
	}
	if s == (Schedule{}) {
		return "Never runs (an empty schedule)"
	}
	if s.every > 0 {
		return "Every " + clock.Span(s.every) + " after the CronJob's last scheduled time (its creation at first), not on the calendar (@every)"
	}
	for _, f := range [...]struct {
		empty bool
		name  string
	}{
		{s.hasSeconds && s.second&exAll60 == 0, "second"},
		{s.minute&exAll60 == 0, "minute"},
		{s.hour&exAll24 == 0, "hour"},
		{s.month&exAllMonths == 0, "month"},
	} {
		if f.empty {
			return "Never runs: the " + f.name + " field is empty (a descending range such as 5-3)"
		}
	}
	if s.DayAnd() && (s.domEmpty() || s.dowEmpty()) || !s.DayAnd() && s.domEmpty() && s.dowEmpty() {
		return "Never runs: no day matches (a descending range such as 5-3)"
	}
	text := s.explainFields()
	if s.never {
		return "Never runs: " + strings.ToLower(text[:1]) + text[1:] + " matches no date"
	}
	if s.macro != noMacro && int(s.macro) < len(macroNames) {
		text += " (" + macroNames[s.macro] + ")"
	}
	if s.loc != nil {
		text += ", " + s.loc.String() + " time"
	}
	return text
}

// ExplainDST returns one sentence on how the schedule's daemon (Debian's
// cron unless it was parsed for another) runs the job across daylight
// saving time transitions: for Debian's cron, the wildcard or fixed-time
// class of Schedule.Wildcard.
func (s Schedule) ExplainDST() string {
	if r := daemonTableOf(s.daemon); r.explainDST != nil && (s.cal != nil || !s.Reboot() && !s.never) {
		return r.explainDST(&s) // daemon.go
	}
	switch {
	case s.Reboot():
		return "No clock schedule: daylight saving time does not affect it."
	case s.never || s == (Schedule{}):
		return "Never runs, so daylight saving time does not affect it."
	case s.Wildcard():
		return "Wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice."
	}
	return "Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once."
}

const (
	exAll60     = 1<<60 - 1
	exAll24     = 1<<24 - 1
	exAllMonths = 0x1ffe
	exAllDom    = 0xfffffffe
	exAllDow    = 0x7f
)

var (
	exWeekdayNames = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	exMonthNames   = [...]string{"", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	exNthWords     = [...]string{"", "first", "second", "third", "fourth", "fifth"}
)

func (s *Schedule) domEmpty() bool {
	return s.dom&exAllDom == 0 && !s.domLast && !s.domLastWk && s.domBefore == 0 && s.domNearWk == 0
}
func (s *Schedule) dowEmpty() bool {
	return s.dow&exAllDow == 0 && s.dowLast == 0 && s.dowNthAny() == 0
}
func (s *Schedule) domFull() bool {
	return s.dom&exAllDom == exAllDom
}
func (s *Schedule) dowFull() bool { return s.dow&exAllDow == exAllDow }

// sentence kinds: how the time phrase joins the day phrase.
const (
	exKindTimes  = iota // "At 01:30"
	exKindEvery         // "Every 15 minutes, between 09:00 and 17:59"
	exKindMinute        // "At minute 0 past every 2nd hour"
)

func (s Schedule) explainFields() string {
	var b strings.Builder
	kind := s.writeTime(&b)

	// Which day fields restrict the days, under Debian's day rule.
	domOn, dowOn := !s.domFull(), !s.dowFull()
	if s.DayAnd() {
		// A full field under AND restricts nothing.
	} else if s.domFull() || s.dowFull() {
		domOn, dowOn = false, false // OR with a full field: every day
	} else if s.domEmpty() {
		domOn = false // OR with an empty field: the other one decides
	} else if s.dowEmpty() {
		dowOn = false
	}
	monthDone := false
	switch {
	case !domOn && !dowOn:
		if kind == exKindTimes && s.month&exAllMonths == exAllMonths {
			b.WriteString(" every day")
		}
	case domOn && !dowOn:
		dom := exValues(uint64(s.dom), 1, 31)
		months := exValues(uint64(s.month), 1, 12)
		if len(dom) == 1 && len(months) == 1 && !s.domLast && !s.domLastWk {
			b.WriteString(" on " + exMonthNames[months[0]] + " " + strconv.Itoa(dom[0]))
			monthDone = true
		} else {
			b.WriteString(" on " + s.domPhrase())
		}
	case !domOn && dowOn:
		if kind == exKindEvery {
			b.WriteString(", ")
		} else {
			b.WriteString(" on ")
		}
		b.WriteString(s.dowPhrase("and"))
	case !s.DayAnd():
		b.WriteString(" on " + s.domPhrase() + ", or on " + s.dowPhrase("or"))
	default:
		b.WriteString(" on " + s.domPhrase())
		w, single := s.plainWeekday()
		switch {
		case s.domSingular() && single:
			b.WriteString(" if it is a " + exWeekdayNames[w])
		case s.domSingular():
			b.WriteString(" if it falls on " + s.dowPhrase("or"))
		case single:
			b.WriteString(" that are " + exWeekdayNames[w] + "s")
		default:
			b.WriteString(" that fall on " + s.dowPhrase("or"))
		}
	}
	if !monthDone && s.month&exAllMonths != exAllMonths {
		names := make([]string, 0, 12)
		b.WriteString(" in ")
		b.WriteString(exListPhrase(exValues(uint64(s.month), 1, 12), func(m int) string { return exMonthNames[m] }, &names, "and"))
	}
	if s.hasYears() {
		var years []int
		for y := minYear; y <= maxYear; y++ {
			if s.yearOK(int64(y)) {
				years = append(years, y)
			}
		}
		var scratch []string
		if monthDone || s.month&exAllMonths != exAllMonths {
			b.WriteString(" of ") // "on January 1 of 2030", "in June of 2030"
		} else {
			b.WriteString(" in ")
		}
		b.WriteString(exListPhrase(years, strconv.Itoa, &scratch, "and"))
	}
	return b.String()
}

// writeTime writes the seconds, minute and hour part and tells how the
// day part should be joined to it.
func (s Schedule) writeTime(b *strings.Builder) int {
	mins := exValues(s.minute, 0, 59)
	hours := exValues(uint64(s.hour), 0, 23)
	var secs []int
	if s.hasSeconds {
		secs = exValues(s.second, 0, 59)
	}
	if s.starStep[starMinute] == 0 && s.starStep[starHour] == 0 && len(mins)*len(hours) <= 4 && len(secs) <= 1 {
		var times []string
		for _, h := range hours {
			for _, m := range mins {
				t := exTwo(h) + ":" + exTwo(m)
				if len(secs) == 1 {
					t += ":" + exTwo(secs[0])
				}
				times = append(times, t)
			}
		}
		b.WriteString("At " + exJoinAnd(times))
		return exKindTimes
	}

	var hb strings.Builder
	kind := exKindMinute
	hourStep := int(s.starStep[starHour])
	hourStepExact := hourStep > 1 && uint64(s.hour) == stepSet(0, 23, hourStep)
	minStep := int(s.starStep[starMinute])
	switch {
	case len(mins) == 60:
		kind = exKindEvery
		hb.WriteString("Every minute")
	case minStep > 1 && s.minute == stepSet(0, 59, minStep):
		kind = exKindEvery
		hb.WriteString("Every " + strconv.Itoa(minStep) + " minutes")
	default:
		hb.WriteString("At " + exSetPhrase(mins, "minute", "minutes", strconv.Itoa))
	}
	if kind == exKindEvery {
		first, last, contiguous := exSpan(hours)
		switch {
		case len(hours) == 24:
		case hourStepExact:
			hb.WriteString(", during every " + exOrdinal(hourStep) + " hour")
		case contiguous:
			hb.WriteString(", between " + exTwo(first) + ":00 and " + exTwo(last) + ":59")
		default:
			hb.WriteString(", during " + exSetPhrase(hours, "hour", "hours", strconv.Itoa))
		}
	} else {
		switch {
		case len(hours) == 24:
			hb.WriteString(" past every hour")
		case hourStepExact:
			hb.WriteString(" past every " + exOrdinal(hourStep) + " hour")
		default:
			hb.WriteString(" past " + exSetPhrase(hours, "hour", "hours", strconv.Itoa))
		}
	}
	if len(secs) == 0 || len(secs) == 1 && secs[0] == 0 {
		b.WriteString(hb.String())
		return kind
	}
	switch {
	case len(secs) == 60:
		b.WriteString("Every second")
	case len(secs) > 2 && secs[0] == 0 && s.second == stepSet(0, 59, secs[1]):
		b.WriteString("Every " + strconv.Itoa(secs[1]) + " seconds")
	default:
		b.WriteString("At " + exSetPhrase(secs, "second", "seconds", strconv.Itoa))
	}
	rest := hb.String()
	if len(mins) == 60 {
		// "Every 10 seconds" already says every minute.
		rest = strings.TrimPrefix(rest, "Every minute")
		b.WriteString(rest)
		return exKindEvery
	}
	b.WriteString(", " + strings.ToLower(rest[:1]) + rest[1:])
	return exKindEvery
}

func (s *Schedule) domPhrase() string {
	var parts []string
	dom := exValues(uint64(s.dom), 1, 31)
	step := int(s.starStep[starDom])
	switch {
	case step == 2 && uint64(s.dom) == stepSet(1, 31, 2):
		parts = append(parts, "odd days of the month")
	case step > 2 && uint64(s.dom) == stepSet(1, 31, step):
		parts = append(parts, "every "+exOrdinal(step)+" day of the month from the 1st")
	case len(dom) > 0:
		parts = append(parts, exSetPhrase(dom, "day-of-month", "day-of-month", strconv.Itoa))
	}
	for d := 1; d <= 31; d++ {
		if s.domNearWk&(1<<d) != 0 {
			parts = append(parts, "the weekday nearest day "+strconv.Itoa(d)+" of the month")
		}
	}
	for k := 30; k >= 1; k-- {
		if s.domBefore&(1<<k) != 0 {
			if k == 1 {
				parts = append(parts, "the day before the last day of the month")
			} else {
				parts = append(parts, "the day "+strconv.Itoa(k)+" days before the last day of the month")
			}
		}
	}
	if s.domLast {
		parts = append(parts, "the last day of the month")
	}
	if s.domLastWk {
		parts = append(parts, "the last weekday of the month")
	}
	return exJoinAnd(parts)
}

// domSingular reports whether the day-of-month field names one day.
func (s *Schedule) domSingular() bool {
	n := len(exValues(uint64(s.dom), 1, 31)) + bits.OnesCount32(s.domBefore) + bits.OnesCount32(s.domNearWk)
	if s.domLast {
		n++
	}
	if s.domLastWk {
		n++
	}
	return n == 1
}

// plainWeekday reports whether day-of-week is one plain weekday.
func (s *Schedule) plainWeekday() (int, bool) {
	dow := exValues(uint64(s.dow), 0, 6)
	if len(dow) == 1 && s.dowLast == 0 && s.dowNthAny() == 0 {
		return dow[0], true
	}
	return 0, false
}

func (s *Schedule) dowPhrase(conj string) string {
	var parts []string
	if dow := exValues(uint64(s.dow), 0, 6); len(dow) > 0 {
		var scratch []string
		parts = append(parts, exListPhrase(dow, func(w int) string { return exWeekdayNames[w] }, &scratch, conj))
	}
	// "the first Monday through Friday of the month": the weekdays that
	// share a week of the month (1-5, then 6 for the last) together.
	for k := 1; k <= 6; k++ {
		var ws []int
		for w := 0; w < 7; w++ {
			if k <= 5 && s.dowNth[w]&(1<<k) != 0 || k == 6 && s.dowLast&(1<<w) != 0 {
				ws = append(ws, w)
			}
		}
		if len(ws) == 0 {
			continue
		}
		nth := "last"
		if k <= 5 {
			nth = exNthWords[k]
		}
		var scratch []string
		parts = append(parts, "the "+nth+" "+exListPhrase(ws, func(w int) string { return exWeekdayNames[w] }, &scratch, "and")+" of the month")
	}
	return exJoin(parts, conj)
}

// exValues lists the members of set between low and high.
func exValues(set uint64, low, high int) []int {
	var v []int
	for i := low; i <= high; i++ {
		if set&(1<<i) != 0 {
			v = append(v, i)
		}
	}
	return v
}

// exSpan reports the first and last of vs and whether vs has no holes.
func exSpan(vs []int) (first, last int, contiguous bool) {
	if len(vs) == 0 {
		return 0, 0, false
	}
	first, last = vs[0], vs[len(vs)-1]
	return first, last, last-first+1 == len(vs)
}

// exProgression returns the common difference of vs if it is an arithmetic
// progression of three or more values with a difference above one.
func exProgression(vs []int) int {
	if len(vs) < 3 {
		return 0
	}
	d := vs[1] - vs[0]
	for i := 2; i < len(vs); i++ {
		if vs[i]-vs[i-1] != d {
			return 0
		}
	}
	if d < 2 {
		return 0
	}
	return d
}

// exSetPhrase describes a set of numbers of one field: "minute 5",
// "every minute from 0 through 14", "every 5th minute from 0 through 30",
// "minutes 0, 15 and 40".
func exSetPhrase(vs []int, one, many string, name func(int) string) string {
	if len(vs) == 1 {
		return one + " " + name(vs[0])
	}
	first, last, contiguous := exSpan(vs)
	if contiguous {
		return "every " + one + " from " + name(first) + " through " + name(last)
	}
	if d := exProgression(vs); d != 0 {
		return "every " + exOrdinal(d) + " " + one + " from " + name(first) + " through " + name(last)
	}
	var scratch []string
	return many + " " + exListPhrase(vs, name, &scratch, "and")
}

// exListPhrase joins vs with commas and "and", writing runs of three or more
// consecutive values as "a through b".
func exListPhrase(vs []int, name func(int) string, parts *[]string, conj string) string {
	*parts = (*parts)[:0]
	for i := 0; i < len(vs); {
		j := i
		for j+1 < len(vs) && vs[j+1] == vs[j]+1 {
			j++
		}
		if j-i >= 2 {
			*parts = append(*parts, name(vs[i])+" through "+name(vs[j]))
		} else {
			for k := i; k <= j; k++ {
				*parts = append(*parts, name(vs[k]))
			}
		}
		i = j + 1
	}
	return exJoin(*parts, conj)
}

func exJoinAnd(parts []string) string { return exJoin(parts, "and") }

// exJoin joins parts with commas and conj before the last.
func exJoin(parts []string, conj string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " " + conj + " " + parts[len(parts)-1]
}

func exTwo(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// exOrdinal writes n as 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ...
func exOrdinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}
