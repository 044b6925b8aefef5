package plan

import (
	"encoding/json"
	"fmt"
	"os"
)

// Load reads a plan file and checks what every recording needs: a
// unique name, a known guest, a window, durations and pauses that fit,
// timers only on systemd guests.
func Load(path string) (*Plan, error) {
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
		if (r.Daemon() == "systemd") != (len(r.Timers)+len(r.TimerGenerators) > 0) {
			return nil, fmt.Errorf("%s: %s: timers (and only timers) on a systemd guest", path, r.Name)
		}
		if r.PowerOff != nil && (r.Daemon() != "systemd" || len(r.Clock)+len(r.TimerStops) > 0 ||
			!r.PowerOff.From.After(r.RTC) || !r.PowerOff.To.After(r.PowerOff.From) || !r.End.After(r.PowerOff.To)) {
			return nil, fmt.Errorf("%s: %s: power_off: systemd only, no clock sets or stops, rtc < from < to < end", path, r.Name)
		}
		if r.Daemon() == "systemd" && len(r.Pauses) > 0 {
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
