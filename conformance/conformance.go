// Package conformance holds cronsim to recordings of the real Debian cron
// daemon (the corpus in corpus/, format in README.md).
package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// A Recording is one corpus file: one run of the daemon.
type Recording struct {
	Cron   string     `json:"cron"`
	Tzdata string     `json:"tzdata"`
	TZ     string     `json:"tz"`
	Start  time.Time  `json:"start"`
	End    time.Time  `json:"end"`
	Clock  []ClockSet `json:"clock"`
	MadeBy string     `json:"made_by"`
	Lines  []Line     `json:"lines"`
}

// A ClockSet is a change of the guest's clock during a recording.
type ClockSet struct {
	At time.Time `json:"at"` // guest time just before the change
	To time.Time `json:"to"` // the time set
}

// A Line is one crontab line and every start the daemon made of it.
type Line struct {
	Expr string      `json:"expr"`
	Runs []time.Time `json:"runs"`
}

// Load reads a corpus file.
func Load(path string) (*Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Recording
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if r.TZ == "" || r.Start.IsZero() || r.End.IsZero() || r.Cron == "" {
		return nil, fmt.Errorf("%s: missing cron, tz, start or end", path)
	}
	return &r, nil
}

// Dialect is the Debian dialect of the recording's cron version.
func (r *Recording) Dialect() cronsim.Dialect {
	if r.Cron == "3.0pl1-162" {
		return cronsim.DebianBookworm
	}
	return cronsim.Debian
}

// Window is the span compared, at minute precision: runs after the minute
// containing Start and before the minute containing End.
func (r *Recording) Window() (from, to time.Time) {
	return r.Start.Truncate(time.Minute).Add(time.Minute), r.End.Truncate(time.Minute)
}

// A Result is the verdict on one line.
type Result struct {
	Expr    string
	OK      bool
	Skipped bool   // not checkable in this mode (clock sets in iter mode)
	Diff    string // -daemon +cronsim, when not OK
	Err     error  // the line could not be checked
}

// Mode selects what is compared.
type Mode string

const (
	// ModeIter compares the distinct run minutes of each line with the
	// iterator's runs (files without clock changes).
	ModeIter Mode = "iter"
	// ModeSim compares every start, repeats counted, with the daemon
	// simulator.
	ModeSim Mode = "sim"
)

func minutes(ts []time.Time, from, to time.Time, distinct bool) []string {
	var out []string
	seen := map[time.Time]bool{}
	for _, t := range ts {
		m := t.Truncate(time.Minute)
		if m.Before(from) || !m.Before(to) || (distinct && seen[m]) {
			continue
		}
		seen[m] = true
		out = append(out, m.UTC().Format(time.RFC3339))
	}
	sort.Strings(out)
	return out
}

// Check compares every line of r with cronsim in the given mode.
func Check(r *Recording, mode Mode) []Result {
	loc, err := time.LoadLocation(r.TZ)
	results := make([]Result, 0, len(r.Lines))
	from, to := r.Window()
	var simRuns [][]time.Time
	var simErr error
	if err == nil && mode == ModeSim {
		simRuns, simErr = simulate(r, loc)
	}
	for i, line := range r.Lines {
		res := Result{Expr: line.Expr}
		switch {
		case err != nil:
			res.Err = err
		case mode == ModeSim && simErr != nil:
			res.Err = simErr
		case mode == ModeSim:
			want := minutes(line.Runs, from, to, false)
			got := minutes(simRuns[i], from, to, false)
			res.Diff = cmp.Diff(want, got)
			res.OK = res.Diff == ""
		case len(r.Clock) > 0:
			res.Skipped = true // an iterator knows nothing of clock sets: -mode sim checks these
		default:
			want := minutes(line.Runs, from, to, true)
			got, perr := iterMinutes(line.Expr, r.Dialect(), loc, from, to)
			if perr != nil {
				res.Err = perr
				break
			}
			res.Diff = cmp.Diff(want, got)
			res.OK = res.Diff == ""
		}
		results = append(results, res)
	}
	return results
}

func iterMinutes(expr string, d cronsim.Dialect, loc *time.Location, from, to time.Time) ([]string, error) {
	s, err := cronsim.ParseDialect(expr, d)
	if err != nil {
		return nil, err
	}
	var runs []time.Time
	for t := range s.All(from.Add(-time.Second).In(loc)) {
		if !t.Before(to) {
			break
		}
		runs = append(runs, t)
	}
	return minutes(runs, from, to, true), nil
}

// simulate runs the daemon simulator over the recording's crontab and
// returns the starts of each line.
func simulate(r *Recording, loc *time.Location) ([][]time.Time, error) {
	sim := cronsim.Simulation{Location: loc, Start: r.Start, End: r.End}
	for _, line := range r.Lines {
		s, err := cronsim.ParseDialect(line.Expr, r.Dialect())
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line.Expr, err)
		}
		sim.Lines = append(sim.Lines, s)
	}
	for _, c := range r.Clock {
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: c.At, To: c.To})
	}
	starts, err := sim.Run()
	if err != nil {
		return nil, err
	}
	runs := make([][]time.Time, len(r.Lines))
	for _, st := range starts {
		runs[st.Line] = append(runs[st.Line], st.Time)
	}
	return runs, nil
}
