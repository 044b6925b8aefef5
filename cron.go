package cronsim

import (
	"strings"
	"time"
)

// A Schedule is a parsed crontab time specification. It is an immutable
// value: copy it, compare it with ==, and use it from many goroutines at
// once. The zero Schedule never runs.
type Schedule struct {
	// Bitsets of the values each field allows. second is 1 (second 0 only)
	// for five-field expressions.
	second uint64 // bits 0-59
	minute uint64 // bits 0-59
	hour   uint32 // bits 0-23
	dom    uint32 // bits 1-31
	month  uint16 // bits 1-12
	dow    uint8  // bits 0-6, Sunday is 0 (Debian's 7 is folded into 0)

	// Extensions in day-of-month and day-of-week (strict dialect only).
	domLast    bool     // "L": last day of the month
	domLastWk  bool     // "LW": last weekday (Monday-Friday) of the month
	domBefore  uint32   // bit k: "L-k", k days before the last day of the month
	domNearWk  uint32   // bit d: "dW", the weekday nearest day d, within the month
	dowLast    uint8    // bit w: "wL", the last weekday w of the month
	dowNth     [7]uint8 // bit k of dowNth[w]: "w#k", the k-th weekday w of the month
	hasSeconds bool     // written with a leading seconds field

	// starStep records, for the minute, hour, day-of-month and
	// day-of-week fields, the step of a leading "*" item (1 for "*",
	// n for "*/n"), and 0 when the field did not start with "*". Debian
	// decides the day rule and the DST class from the first character
	// of a field, so the schedule must remember it.
	starStep [4]uint8
	macro    macro // the @ string it was written as, if any
	never    bool  // no wall time ever matches (or @reboot)
	dayRule  uint8 // how much of the date matching needs (calendar.go)

	// years holds bit y-minYear for each year y of a seven-field
	// expression's year field; all zero: every year.
	years [yearWords]uint64
	// loc is the zone of a CRON_TZ= or TZ= prefix, nil without one. It
	// comes from a cache by name, so equal schedules hold equal pointers.
	loc *time.Location
	// daemon is the cron daemon whose rules the schedule follows
	// (daemon.go); delay is cronie's RANDOM_DELAY in minutes.
	daemon Daemon
	delay  uint16
	// every is the interval of a robfig "@every" schedule (Kubernetes).
	every time.Duration
	// cal is a systemd OnCalendar= specification (ParseOptions{Daemon: Systemd}.Parse): it has
	// its own grammar and iterator (systemd_calendar.go, systemd_next.go)
	// and the fields above are unused.
	cal *Calendar
}

// The year field's range, as in Quartz and croniter.
const (
	minYear   = 1970
	maxYear   = 2099
	yearWords = (maxYear - minYear + 64) / 64
)

// Indexes into starStep.
const (
	starMinute = iota
	starHour
	starDom
	starDow
)

type macro uint8

const (
	noMacro macro = iota
	macroReboot
	macroYearly
	macroMonthly
	macroWeekly
	macroDaily
	macroHourly
)

var macroNames = [...]string{"", "@reboot", "@yearly", "@monthly", "@weekly", "@daily", "@hourly"}

// Wildcard reports whether Debian cron treats the schedule as a wildcard
// job: its minute or hour field starts with "*" (or it is @hourly).
// Wildcard jobs run at every real minute whose wall time matches, so they
// may run twice when clocks fall back and lose runs when they spring
// forward. All other schedules are fixed-time jobs: a run that falls in a
// skipped period happens at the first minute after it, and a run in a
// repeated period happens only once.
func (s Schedule) Wildcard() bool {
	return s.starStep[starMinute] != 0 || s.starStep[starHour] != 0
}

// HasSeconds reports whether the schedule was written with a seconds
// field (a six- or seven-field expression), so that its runs may fall at
// any second of a minute rather than only at second 0.
func (s Schedule) HasSeconds() bool { return s.hasSeconds }

// Never reports whether the schedule has no run at all: an impossible
// date such as "0 0 30 2 *", an empty field such as Debian's "5-3", or
// @reboot, which has no time schedule.
func (s Schedule) Never() bool {
	if s.cal != nil {
		return s.cal.Next(time.Unix(0, 0).UTC()).IsZero()
	}
	return s.every == 0 && (s.never || s.second == 0)
}

// Reboot reports whether the schedule is @reboot: run once when the daemon
// starts, never by the clock.
func (s Schedule) Reboot() bool { return s.macro == macroReboot }

// DayAnd reports whether the day-of-month and day-of-week fields are
// combined with AND. Debian combines them with AND when either field starts
// with "*" (so "0 0 */2 * 5" runs on odd days that are Fridays) and with OR
// otherwise ("0 0 1,15 * 5" runs on the 1st, the 15th and every Friday).
func (s Schedule) DayAnd() bool {
	return s.starStep[starDom] != 0 || s.starStep[starDow] != 0
}

// String returns the canonical text of the schedule: parsing it again in
// the dialect the schedule came from gives an equal Schedule. The zero
// Schedule's text is empty.
func (s Schedule) String() string {
	if s == (Schedule{}) {
		return ""
	}
	if s.cal != nil {
		return s.cal.String()
	}
	var b strings.Builder
	if s.loc != nil {
		b.WriteString("CRON_TZ=")
		b.WriteString(s.loc.String())
		b.WriteByte(' ')
	}
	if s.every > 0 {
		b.WriteString("@every " + s.every.String())
		return b.String()
	}
	if s.macro != noMacro {
		b.WriteString(macroNames[s.macro])
		return b.String()
	}
	if s.hasSeconds {
		writeSet(&b, s.second, 0, 59, 0, nil)
		b.WriteByte(' ')
	}
	writeSet(&b, s.minute, 0, 59, s.starStep[starMinute], nil)
	b.WriteByte(' ')
	writeSet(&b, uint64(s.hour), 0, 23, s.starStep[starHour], nil)
	b.WriteByte(' ')
	writeDom(&b, s)
	b.WriteByte(' ')
	writeSet(&b, uint64(s.month), 1, 12, 0, nil)
	b.WriteByte(' ')
	writeDow(&b, s)
	if s.hasYears() {
		b.WriteByte(' ')
		writeYears(&b, &s.years)
	}
	return b.String()
}

// Location returns the zone of the schedule's CRON_TZ= or TZ= prefix, or
// nil when it has none and runs in the location of the times it is given.
func (s Schedule) Location() *time.Location {
	if s.cal != nil {
		return s.cal.Location()
	}
	return s.loc
}

func (s *Schedule) hasYears() bool { return s.years != [yearWords]uint64{} }

// yearOK reports whether the year field allows y.
func (s *Schedule) yearOK(y int64) bool {
	if !s.hasYears() {
		return true
	}
	if y < minYear || y > maxYear {
		return false
	}
	i := y - minYear
	return s.years[i/64]&(1<<(i%64)) != 0
}

// MarshalText implements encoding.TextMarshaler. The text is the
// canonical one (String) when the Strict dialect reads it back as the
// same schedule. A schedule only the Debian dialects accept (an empty
// range such as "5-3", a date that never comes such as "0 0 30 2 *", a
// step such as "*/60") is written with the prefix "debian:", as in
// "debian:59-0 * * * *". The zero Schedule is the empty text.
func (s Schedule) MarshalText() ([]byte, error) { return marshalSchedule(s) }

// UnmarshalText implements encoding.TextUnmarshaler with the strict
// dialect, so a schedule in a configuration file fails when it is loaded.
// Text with the prefix "debian:" is read in the Debian dialect, and the
// empty text is the zero Schedule, so that whatever MarshalText writes
// reads back as the same schedule.
func (s *Schedule) UnmarshalText(text []byte) error {
	v, err := unmarshalSchedule(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
