// Package plan is the schema of the harness's plan files
// (qemu-harness/plans/*.json): cmd/mkplans writes them and cmd/record
// reads them, so both use these types and a field added to one is in the
// other.
package plan

import "time"

// Plan is one committed plan file: a list of recordings.
type Plan struct {
	Comment    string      `json:"comment,omitempty"`
	Recordings []Recording `json:"recordings"`
}

// Recording describes one QEMU run and therefore one corpus file.
type Recording struct {
	// Name is the corpus file name without ".json".
	Name string `json:"name"`
	// Guest is the guest: "bookworm" or "trixie" (Debian's cron),
	// "trixie-cronie" (cronie) or "trixie-busybox" (BusyBox crond); see
	// Daemon.
	Guest string `json:"guest"`
	// TZ is the guest's zone (copied from the guest's own tzdata).
	TZ string `json:"tz"`
	// RTC is the guest's clock at power-on (QEMU -rtc base), UTC.
	RTC time.Time `json:"rtc"`
	// End is the guest time at which the recording stops, UTC.
	End time.Time `json:"end"`
	// Window says in words what the window covers.
	Window string `json:"window,omitempty"`
	// Clock lists clock sets that the guest init performs.
	Clock []ClockSet `json:"clock,omitempty"`
	// Lines are literal crontab time fields (five fields or an @ string).
	Lines []string `json:"lines,omitempty"`
	// Generator adds generated lines after Lines.
	Generator *GenSpec `json:"generator,omitempty"`
	// Generators add more generated lines after Generator's, in order
	// (e.g. cronie lines under a CRON_TZ= zone, see GenSpec.CronTZ).
	Generators []*GenSpec `json:"generators,omitempty"`
	// TimeoutSec overrides the host-side timeout.
	TimeoutSec int `json:"timeout_sec,omitempty"`
	// JobDurationS, when above 0, makes every job really run that many
	// seconds (guest clock): the crontab's SHELL becomes the slow helper
	// (guestinit run as "/cronsim/slow -c ': jNNNN SECONDS'"), which
	// sleeps and exits 0.
	JobDurationS float64 `json:"job_duration_s,omitempty"`
	// LineDurationS, when given, holds one duration per literal line of
	// Lines (same order), overriding JobDurationS for that line; 0 is a
	// quick job. Generated lines get JobDurationS.
	LineDurationS []float64 `json:"line_duration_s,omitempty"`
	// Pauses are spans of guest time in which the cron process is stopped
	// (SIGSTOP at From, SIGCONT at To, sent by the guest init).
	Pauses []Pause `json:"pauses,omitempty"`

	// systemd guests only (see systemd.go): literal timers, generated
	// timers, and spans in which all timers are stopped.
	Timers          []TimerLine `json:"timers,omitempty"`
	TimerGenerators []*TimerGen `json:"timer_generators,omitempty"`
	TimerStops      []Pause     `json:"timer_stops,omitempty"`
	// PowerOff (systemd) makes two boots: the first from rtc powers off at
	// From, the second powers on at To (QEMU -rtc base) with the first
	// boot's Persistent= stamp files, and runs to end.
	PowerOff *Pause `json:"power_off,omitempty"`
}

// Pause is a SIGSTOP/SIGCONT pair sent to the cron process.
type Pause struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Slow reports whether the recording runs slow jobs (the slow helper as SHELL).
func (r *Recording) Slow() bool {
	if r.JobDurationS > 0 {
		return true
	}
	for _, d := range r.LineDurationS {
		if d > 0 {
			return true
		}
	}
	return false
}

// Durations returns each crontab line's job duration in seconds.
func (r *Recording) Durations(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = r.JobDurationS
		if i < len(r.LineDurationS) {
			out[i] = r.LineDurationS[i]
		}
	}
	return out
}

// ClockSet is a settimeofday performed by the guest init at guest time At.
type ClockSet struct {
	At time.Time `json:"at"`
	To time.Time `json:"to"`
}

// GenSpec selects a deterministic generator.
type GenSpec struct {
	// Name: "dst-v1" (expressions aimed at a zone's transition) or
	// "jump-v1" (a modest crontab around a clock set).
	Name  string `json:"name"`
	Seed  uint64 `json:"seed"`
	Count int    `json:"count"`
	// Hours are the local hours to aim at (those in and beside the transition).
	Hours []int `json:"hours,omitempty"`
	// Minutes are local minutes of interest (e.g. a 30- or 45-minute offset).
	Minutes []int `json:"minutes,omitempty"`
	// Times are local "H:M" times of interest (jump-v1).
	Times []string `json:"times,omitempty"`
	// Dates are the local calendar dates the window covers ("2021-03-28").
	Dates []string `json:"dates,omitempty"`
	// Budget bounds the estimated job starts of the whole crontab.
	Budget int `json:"budget,omitempty"`
	// PerLine bounds the estimated job starts of one line.
	PerLine int `json:"per_line,omitempty"`
	// EstimateHours, when set, replaces the window length in the volume
	// estimate, so that a shorter window can reuse another recording's
	// crontab exactly (same seed, same lines).
	EstimateHours float64 `json:"estimate_hours,omitempty"`
	// Dialect restricts the generated syntax to what a daemon accepts:
	// "" (Debian's, quirks included), "cronie" (no Debian-only quirks) or
	// "busybox" (no quirks, no 7 for Sunday: BusyBox's ParseField rejects it).
	Dialect string `json:"dialect,omitempty"`
	// CronTZ, when set, puts every generated line under CRON_TZ=<zone>
	// (cronie): the line is written "CRON_TZ=<zone> <fields>" in the plan's
	// line list, and the crontab gets a CRON_TZ= setting before it.
	CronTZ string `json:"cron_tz,omitempty"`
}
