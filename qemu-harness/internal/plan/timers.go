package plan

// systemd guests: a recording of timers instead of a crontab (see
// qemu-harness/cmd/record/systemd.go).

import "fmt"

// TimerLine is one timer: its OnCalendar= specification and settings,
// written as systemd reads them ("" leaves a setting at its default).
type TimerLine struct {
	Spec               string `json:"spec"`
	AccuracySec        string `json:"accuracy_sec,omitempty"`
	RandomizedDelaySec string `json:"randomized_delay_sec,omitempty"`
	Persistent         bool   `json:"persistent,omitempty"`
}

// Key identifies a timer: two with the same key are one timer (a
// recording keeps the first).
func (t TimerLine) Key() string {
	return fmt.Sprintf("%s|%s|%s|%v", t.Spec, t.AccuracySec, t.RandomizedDelaySec, t.Persistent)
}

// TimerGen generates OnCalendar= specifications aimed at a window
// ("sd-v1"); every generated timer gets the generator's settings.
type TimerGen struct {
	Name  string `json:"name"`
	Seed  uint64 `json:"seed"`
	Count int    `json:"count"`
	// Hours and Minutes are local hours and minutes of interest (those in
	// and beside a transition, or around a clock set).
	Hours   []int `json:"hours"`
	Minutes []int `json:"minutes,omitempty"`
	// Dates are the local dates the window covers ("2021-03-14").
	Dates []string `json:"dates"`
	// Zones are extra zones a specification may end with (besides UTC
	// and the recording's zone).
	Zones []string `json:"zones,omitempty"`
	// PerLine drops a specification with more elapses than this in the
	// window (systemd-analyze's count, from the window's start); Budget
	// bounds the sum over the generator's specifications.
	PerLine int `json:"per_line"`
	Budget  int `json:"budget"`

	AccuracySec        string `json:"accuracy_sec,omitempty"`
	RandomizedDelaySec string `json:"randomized_delay_sec,omitempty"`
	Persistent         bool   `json:"persistent,omitempty"`
}
