package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"
)

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
	// daemonOf.
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

// slow reports whether the recording runs slow jobs (the slow helper as SHELL).
func (r *Recording) slow() bool {
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

// durations returns each crontab line's job duration in seconds.
func (r *Recording) durations(n int) []float64 {
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

// guests maps each guest to the daemon it runs (corpus field "daemon").
var guests = map[string]string{
	"bookworm":       "debian-cron",
	"trixie":         "debian-cron",
	"trixie-cronie":  "cronie",
	"trixie-busybox": "busybox-crond",
	// systemd as PID 1 in a root built by build-systemd.sh (timers).
	"systemd-bookworm": "systemd",
	"systemd-trixie":   "systemd",
}

// daemonOf returns the daemon of a recording's guest.
func (r *Recording) daemonOf() string { return guests[r.Guest] }

// cronTZPrefix starts a line that carries a cronie CRON_TZ zone.
const cronTZPrefix = "CRON_TZ="

// splitTZ splits "CRON_TZ=Zone fields" into the zone and the fields.
func splitTZ(line string) (zone, fields string) {
	if rest, ok := strings.CutPrefix(line, cronTZPrefix); ok {
		if i := strings.IndexByte(rest, ' '); i > 0 {
			return rest[:i], rest[i+1:]
		}
	}
	return "", line
}

func loadPlan(path string) (*Plan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	seen := map[string]bool{}
	for i, r := range p.Recordings {
		if r.Name == "" || seen[r.Name] {
			return nil, fmt.Errorf("%s: recording %d: missing or duplicate name %q", path, i, r.Name)
		}
		seen[r.Name] = true
		if _, ok := guests[r.Guest]; !ok {
			return nil, fmt.Errorf("%s: %s: guest must be bookworm, trixie, trixie-cronie, trixie-busybox, systemd-bookworm or systemd-trixie", path, r.Name)
		}
		if r.TZ == "" || r.RTC.IsZero() || !r.End.After(r.RTC) {
			return nil, fmt.Errorf("%s: %s: need tz, rtc and an end after rtc", path, r.Name)
		}
		if len(r.LineDurationS) > len(r.Lines) {
			return nil, fmt.Errorf("%s: %s: %d line durations for %d literal lines", path, r.Name, len(r.LineDurationS), len(r.Lines))
		}
		if r.JobDurationS < 0 {
			return nil, fmt.Errorf("%s: %s: negative job_duration_s", path, r.Name)
		}
		for _, d := range r.LineDurationS {
			if d < 0 {
				return nil, fmt.Errorf("%s: %s: negative line_duration_s", path, r.Name)
			}
		}
		if (r.daemonOf() == "systemd") != (len(r.Timers)+len(r.TimerGenerators) > 0) {
			return nil, fmt.Errorf("%s: %s: timers (and only timers) on a systemd guest", path, r.Name)
		}
		if r.PowerOff != nil && (r.daemonOf() != "systemd" || len(r.Clock)+len(r.TimerStops) > 0 ||
			!r.PowerOff.From.After(r.RTC) || !r.PowerOff.To.After(r.PowerOff.From) || !r.End.After(r.PowerOff.To)) {
			return nil, fmt.Errorf("%s: %s: power_off: systemd only, no clock sets or stops, rtc < from < to < end", path, r.Name)
		}
		if r.daemonOf() == "systemd" && len(r.Pauses) > 0 {
			return nil, fmt.Errorf("%s: %s: systemd as PID 1 cannot be stopped: use timer_stops", path, r.Name)
		}
		last := r.RTC
		for _, p := range append(r.Pauses, r.TimerStops...) {
			if !p.From.After(last) || !p.To.After(p.From) || !p.To.Before(r.End) {
				return nil, fmt.Errorf("%s: %s: pauses must be in order, each from < to, inside rtc..end", path, r.Name)
			}
			last = p.To
		}
	}
	return &p, nil
}

// crontabLines returns the distinct time fields of a recording, in order.
func (r *Recording) crontabLines() ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(e string) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, e := range r.Lines {
		add(e)
	}
	gens := r.Generators
	if r.Generator != nil {
		gens = append([]*GenSpec{r.Generator}, gens...)
	}
	for _, g := range gens {
		var gen []string
		var err error
		// Expressions are distinct within a file whatever their zone.
		plain := map[string]bool{}
		for e := range seen {
			_, f := splitTZ(e)
			plain[f] = true
		}
		switch g.Name {
		case "dst-v1":
			w := r.End.Sub(r.RTC)
			if g.EstimateHours > 0 {
				w = time.Duration(g.EstimateHours * float64(time.Hour))
			}
			gen, err = genDST(g, w, plain)
		case "jump-v1":
			gen, err = genJump(g, plain)
		default:
			err = fmt.Errorf("unknown generator %q", g.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", r.Name, err)
		}
		for _, e := range gen {
			if g.CronTZ != "" {
				e = cronTZPrefix + g.CronTZ + " " + e
			}
			add(e)
		}
	}
	// A CRON_TZ= setting holds for every later line of a crontab, and an
	// empty CRON_TZ= is not the same as none in cronie (src/cron.c skips
	// zoned jobs while the system zone changes offset, testing only that
	// the variable is set): lines without a zone must come first.
	zoned := false
	for _, e := range out {
		z, _ := splitTZ(e)
		if z != "" {
			if r.daemonOf() != "cronie" {
				return nil, fmt.Errorf("%s: CRON_TZ lines are for cronie only", r.Name)
			}
			zoned = true
		} else if zoned {
			return nil, fmt.Errorf("%s: a line without CRON_TZ after CRON_TZ lines", r.Name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no crontab lines", r.Name)
	}
	return out, nil
}
