package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// GenerateCommand writes expectations/ from corpus/; run it from the
// repository's root after adding or re-recording corpus files.
const GenerateCommand = "go run ./conformance/cmd/expectations"

// An Expectation is what the daemon did with one crontab line of one
// recording, in the form a checker in any language compares with: one
// JSON object per line of expectations/FILE.jsonl. It is computed from
// the recording alone (see Expectations).
type Expectation struct {
	File string `json:"file"` // corpus file name
	Line int    `json:"line"` // 1-based position in the crontab
	Expr string `json:"expr"`
	TZ   string `json:"tz"`
	// CronTZ is the zone of the CRON_TZ= setting the line ran under
	// (cronie files only): its fields are read in that zone, not in TZ.
	CronTZ        string `json:"cron_tz,omitempty"`
	Daemon        string `json:"daemon"`         // debian-cron, unless the file names another
	DaemonVersion string `json:"daemon_version"` // the file's cron package version
	Tzdata        string `json:"tzdata"`
	// After and Before bound the comparison, both exclusive, at minute
	// precision: the minute the daemon started in and the minute the
	// recording stopped in.
	After  string `json:"after"`
	Before string `json:"before"`
	// Runs are the distinct minutes (UTC, RFC 3339) the line started in,
	// strictly between After and Before, ascending.
	Runs []string `json:"runs"`
	// Repeats gives, for each minute of Runs in which the line started
	// more than once, the number of starts.
	Repeats map[string]int `json:"repeats,omitempty"`
	Starts  int            `json:"starts"` // every start in the window, repeats counted
	// FixedTime is Debian's first-character rule (neither the minute nor
	// the hour field starts with '*'); null for text with no time rule.
	FixedTime *bool `json:"fixed_time"`
	// DebianOnlySyntax marks text that common parsers reject or read
	// otherwise; Portable is the same schedule in common syntax (equal to
	// Expr when DebianOnlySyntax is false), null when there is none.
	DebianOnlySyntax bool    `json:"debian_only_syntax"`
	Portable         *string `json:"portable"`
	// changes are the offset changes and clock sets of the recording's
	// window (index.json's changes), set by LoadExpectations for Explain.
	changes []ChangeKind
	// NeverRuns: the daemon did not start the line in the window.
	NeverRuns bool `json:"never_runs"`
	// Timer is set for a systemd timer (daemon systemd): its unit's
	// settings and its exact starts, which Runs and Repeats round to
	// minutes.
	Timer *TimerStarts `json:"timer,omitempty"`
	// NeedsSimulator: the recording has clock sets, pauses or slow jobs,
	// or is one of cronie's stateful cases (an offset change without a
	// flip of the daylight saving flag; a CRON_TZ= line while cronie's own
	// zone changes offset), so the runs are not those of an iterator over
	// the zone's calendar.
	NeedsSimulator bool `json:"needs_simulator"`
}

// TimerStarts is what a systemd timer did: systemd starts the service
// up to AccuracySec= plus RandomizedDelaySec= after each elapse, so a
// start is compared with the elapse it stands for by the timer rule of
// README.md ("systemd timers"), not by its minute.
type TimerStarts struct {
	// AccuracyUS is AccuracySec= in effect, in microseconds (60000000:
	// not set, systemd's default); RandomizedDelayUS RandomizedDelaySec=
	// (0: none).
	AccuracyUS        int64 `json:"accuracy_us"`
	RandomizedDelayUS int64 `json:"randomized_delay_us"`
	Persistent        bool  `json:"persistent"`
	// Starts is every start strictly between After and Before (RFC 3339
	// with nanoseconds, UTC), ascending, repeats kept.
	Starts []string `json:"starts"`
}

// corpusFile is the part of a corpus file the expectations use, read
// without the rest of the package so that new fields (pauses, job
// durations, daemon) are seen as written.
type corpusFile struct {
	Daemon       string            `json:"daemon"`
	Cron         string            `json:"cron"`
	Systemd      string            `json:"systemd"`
	TimerStops   []json.RawMessage `json:"timer_stops"`
	PowerOff     []json.RawMessage `json:"power_off"`
	Boots        []json.RawMessage `json:"boots"`
	Tzdata       string            `json:"tzdata"`
	TZ           string            `json:"tz"`
	Start        time.Time         `json:"start"`
	End          time.Time         `json:"end"`
	Clock        []ClockSet        `json:"clock"`
	Pauses       []json.RawMessage `json:"pauses"`
	JobDurationS float64           `json:"job_duration_s"`
	Lines        []struct {
		CronTZ       string      `json:"cron_tz"`
		Expr         string      `json:"expr"`
		Runs         []time.Time `json:"runs"`
		JobDurationS float64     `json:"job_duration_s"`
		// A systemd timer's settings (daemon systemd).
		AccuracyUS        *int64 `json:"accuracy_us"`
		RandomizedDelayUS int64  `json:"randomized_delay_us"`
		Persistent        bool   `json:"persistent"`
	} `json:"lines"`
}

func (c *corpusFile) needsSimulator() bool {
	slow := c.JobDurationS > 0
	for _, l := range c.Lines {
		slow = slow || l.JobDurationS > 0
	}
	return len(c.Clock) > 0 || len(c.Pauses) > 0 || len(c.TimerStops) > 0 || len(c.PowerOff) > 0 || len(c.Boots) > 1 || slow
}

// IndexFile describes one corpus file in index.json.
type IndexFile struct {
	File           string       `json:"file"`
	Expectations   string       `json:"expectations"`
	Daemon         string       `json:"daemon"`
	DaemonVersion  string       `json:"daemon_version"`
	Tzdata         string       `json:"tzdata"`
	TZ             string       `json:"tz"`
	After          string       `json:"after"`
	Before         string       `json:"before"`
	Lines          int          `json:"lines"`
	NeverRuns      int          `json:"never_runs"`
	DebianOnly     int          `json:"debian_only_syntax"`
	Starts         int          `json:"starts"`
	Changes        []ChangeKind `json:"changes"`
	ClockSets      int          `json:"clock_sets"`
	Pauses         int          `json:"pauses"`
	SlowJobs       bool         `json:"slow_jobs"`
	NeedsSimulator bool         `json:"needs_simulator"`
}

// A ChangeKind is one change of the daemon's local clock in a recording's
// window: an offset change of the zone or a clock set.
type ChangeKind struct {
	At      string `json:"at"`      // UTC instant of the change
	Source  string `json:"source"`  // "zone" (offset change) or "clock-set"
	Minutes int    `json:"minutes"` // signed size of the change of local time
	// Class is how Debian's cron.c treats the change, by the minutes it
	// sees between two wake-ups (timeDiff, the change plus one):
	// "late" (2..5), "dst-forward" (6..180), "dst-backward" (-179..0),
	// "correction" (beyond).
	Class string `json:"class"`
}

// Index is index.json: the corpus at a glance.
type Index struct {
	Comment string              `json:"comment"`
	MadeBy  string              `json:"made_by"`
	Files   []IndexFile         `json:"files"`
	Zones   map[string][]string `json:"zones"` // zone -> files
	Kinds   map[string][]string `json:"kinds"` // "zone +60 min dst-forward" -> files
	// Simulator lists the files that need a simulator (clock sets,
	// pauses, slow jobs); an iterator can score every other file.
	Simulator []string `json:"simulator"`
}

const indexComment = "Derived from the recordings in conformance/corpus only, by " + GenerateCommand +
	"; never edit by hand. Format: conformance/README.md. changes[] are the zone's offset changes in the window " +
	"(from the zone rules of the machine that generated this file, which agree with the guests' tzdata for these years) " +
	"and the recording's clock sets."

// Expectations generates every file of expectations/ from the corpus
// directory: FILE.jsonl per corpus file and index.json, by name.
func Expectations(corpusDir string) (map[string][]byte, error) {
	paths, err := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no corpus files in %s", corpusDir)
	}
	sort.Strings(paths)
	out := map[string][]byte{}
	idx := Index{Comment: indexComment, MadeBy: GenerateCommand, Zones: map[string][]string{}, Kinds: map[string][]string{}, Simulator: []string{}}
	for _, p := range paths {
		exps, entry, err := readExpectations(p)
		if err != nil {
			return nil, err
		}
		name := entry.File
		var buf bytes.Buffer
		for _, e := range exps {
			line, err := json.Marshal(e)
			if err != nil {
				return nil, err
			}
			buf.Write(line)
			buf.WriteByte('\n')
		}
		out[entry.Expectations] = buf.Bytes()
		idx.Files = append(idx.Files, entry)
		idx.Zones[entry.TZ] = append(idx.Zones[entry.TZ], name)
		for _, k := range entry.Changes {
			key := fmt.Sprintf("%s %+d min %s", k.Source, k.Minutes, k.Class)
			if l := idx.Kinds[key]; len(l) == 0 || l[len(l)-1] != name {
				idx.Kinds[key] = append(idx.Kinds[key], name)
			}
		}
		if entry.NeedsSimulator {
			idx.Simulator = append(idx.Simulator, name)
		}
	}
	b, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return nil, err
	}
	out["index.json"] = append(b, '\n')
	return out, nil
}

// readExpectations reads the corpus file at path and computes its
// expectations and its index entry; errors name the file.
func readExpectations(path string) ([]Expectation, IndexFile, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, IndexFile{}, err
	}
	var c corpusFile
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, IndexFile{}, fmt.Errorf("%s: %v", path, err)
	}
	exps, entry, err := fileExpectations(filepath.Base(path), &c)
	if err != nil {
		return nil, IndexFile{}, fmt.Errorf("%s: %v", path, err)
	}
	return exps, entry, nil
}

func fileExpectations(name string, c *corpusFile) ([]Expectation, IndexFile, error) {
	version := c.Cron
	if version == "" {
		version = c.Systemd
	}
	if c.TZ == "" || version == "" || c.Start.IsZero() || c.End.IsZero() {
		return nil, IndexFile{}, fmt.Errorf("missing cron (or systemd), tz, start or end")
	}
	daemon := c.Daemon
	if daemon == "" {
		daemon = "debian-cron"
	}
	after, before := c.Start.UTC().Truncate(time.Minute), c.End.UTC().Truncate(time.Minute)
	sim := c.needsSimulator()
	// Cronie's two cases where the daemon's state, not the calendar,
	// decides (README.md, "Daemons"): an offset change that leaves the
	// daylight saving flag as it was (the whole file), and CRON_TZ= lines
	// while cronie's own zone changes offset (those lines).
	var unseen, ownChange, timers bool
	if d, err := cronsim.ParseDaemon(daemon); err == nil {
		timers = d.Rules().TimerUnits
	}
	if loc, err := time.LoadLocation(c.TZ); err == nil {
		if d, err := cronsim.ParseDaemon(daemon); err == nil {
			rules := d.Rules()
			unseen = rules.OffsetOnFlip && unseenOffsetChange(loc, c.Start, c.End)
			ownChange = rules.JobZones && offsetChange(loc, c.Start, c.End)
		}
	}
	entry := IndexFile{
		File:           name,
		Expectations:   strings.TrimSuffix(name, ".json") + ".jsonl",
		Daemon:         daemon,
		DaemonVersion:  version,
		Tzdata:         c.Tzdata,
		TZ:             c.TZ,
		After:          after.Format(time.RFC3339),
		Before:         before.Format(time.RFC3339),
		Lines:          len(c.Lines),
		ClockSets:      len(c.Clock),
		Pauses:         len(c.Pauses),
		SlowJobs:       sim && len(c.Clock) == 0 && len(c.Pauses) == 0,
		NeedsSimulator: sim || unseen,
		Changes:        changes(c, after, before),
	}
	exps := make([]Expectation, 0, len(c.Lines))
	for i, l := range c.Lines {
		e := Expectation{
			File: name, Line: i + 1, Expr: l.Expr, TZ: c.TZ, CronTZ: l.CronTZ,
			Daemon: daemon, DaemonVersion: version, Tzdata: c.Tzdata,
			After: entry.After, Before: entry.Before,
			Runs: []string{}, NeedsSimulator: sim || unseen || ownChange && l.CronTZ != "",
		}
		counts := map[time.Time]int{}
		for _, t := range l.Runs {
			m := t.UTC().Truncate(time.Minute)
			if m.After(after) && m.Before(before) {
				counts[m]++
				e.Starts++
			}
		}
		for m, n := range counts {
			s := m.Format(time.RFC3339)
			e.Runs = append(e.Runs, s)
			if n > 1 {
				if e.Repeats == nil {
					e.Repeats = map[string]int{}
				}
				e.Repeats[s] = n
			}
		}
		sort.Strings(e.Runs)
		switch {
		case timers:
			// A calendar specification: no crontab time rule, no
			// portable crontab spelling.
			acc := int64(cronsim.DefaultAccuracy / time.Microsecond)
			if l.AccuracyUS != nil {
				acc = *l.AccuracyUS
			}
			e.Timer = &TimerStarts{AccuracyUS: acc, RandomizedDelayUS: l.RandomizedDelayUS, Persistent: l.Persistent, Starts: []string{}}
			runs := slices.Clone(l.Runs)
			slices.SortFunc(runs, time.Time.Compare)
			for _, t := range runs {
				if m := t.UTC().Truncate(time.Minute); m.After(after) && m.Before(before) {
					e.Timer.Starts = append(e.Timer.Starts, t.UTC().Format(time.RFC3339Nano))
				}
			}
		default:
			if fixed, ok := FixedTime(l.Expr); ok {
				e.FixedTime = &fixed
			}
			if p, only, has := Portable(l.Expr); has {
				e.Portable = &p
				e.DebianOnlySyntax = only
			} else {
				e.DebianOnlySyntax = only
			}
		}
		e.NeverRuns = len(e.Runs) == 0
		if e.NeverRuns {
			entry.NeverRuns++
		}
		if e.DebianOnlySyntax {
			entry.DebianOnly++
		}
		entry.Starts += e.Starts
		exps = append(exps, e)
	}
	return exps, entry, nil
}

// changes lists the zone's offset changes inside (after, before) and the
// recording's clock sets, classified by how cron.c treats them.
func changes(c *corpusFile, after, before time.Time) []ChangeKind {
	out := []ChangeKind{}
	if loc, err := time.LoadLocation(c.TZ); err == nil {
		t := after
		for t.Before(before) {
			_, end := t.In(loc).ZoneBounds()
			if end.IsZero() || !end.Before(before) || !end.After(t) {
				break
			}
			_, off0 := end.Add(-time.Second).In(loc).Zone()
			_, off1 := end.In(loc).Zone()
			if d := (off1 - off0) / 60; d != 0 {
				// The daemon sees the change plus the minute it slept.
				out = append(out, ChangeKind{At: end.UTC().Format(time.RFC3339), Source: "zone", Minutes: d, Class: class(d + 1)})
			}
			t = end
		}
	}
	for _, s := range c.Clock {
		// A set of D minutes made while cron sleeps is seen as D+1: cron
		// finishes the sleep it planned (README, "The daemon's rules").
		d := int(math.Round(s.To.Sub(s.At).Minutes()))
		out = append(out, ChangeKind{At: s.At.UTC().Format(time.RFC3339), Source: "clock-set", Minutes: d, Class: class(d + 1)})
	}
	return out
}

// class names Debian's cron.c's case for a wake-up timeDiff minutes
// after the last, by the library's thresholds (cronsim.Daemon.Rules).
func class(timeDiff int) string {
	r := cronsim.DebianCron.Rules()
	lateMax, forwardMax, backwardMin := r.LateMax, r.ForwardMax, r.BackwardMin
	switch {
	case timeDiff == 1:
		return "normal"
	case timeDiff >= 2 && timeDiff <= lateMax:
		return "late"
	case timeDiff > lateMax && timeDiff <= forwardMax:
		return "dst-forward"
	case timeDiff >= backwardMin && timeDiff <= 0:
		return "dst-backward"
	}
	return "correction"
}
