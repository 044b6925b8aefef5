package conformance

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The simulator request (README.md, "Scoring a simulator"): one request
// per recording, the whole crontab with the daemon's start and end, the
// clock sets, pauses and job durations; the answer lists every start of
// every line, repeats kept:
//
//	{"id": 4, "kind": "simulate", "daemon": "debian-cron", "daemon_version": "3.0pl1-162",
//	 "tz": "Europe/Dublin", "start": "...", "end": "...", "after": "...", "before": "...",
//	 "clock": [{"at": "...", "to": "..."}], "pauses": [{"from": "...", "to": "..."}],
//	 "crontab": ["30 1 * * *", "0-59 1 * * *"], "job_duration_s": [0, 3]}
//	{"id": 4, "starts": [["2021-03-28T01:00:01Z"], ["2021-03-28T01:00:01Z", ...]]}
//
// A simulator answers every start from start to end; the runner keeps the
// ones strictly inside (after, before) at minute precision and compares
// the multiset per line: exactly, or under the daemon's slow-job rule (SlowRule)
// for recordings with slow jobs.

// SimKind is the kind of the simulator request.
const SimKind = "simulate"

type simRequest struct {
	ID            int        `json:"id"`
	Kind          string     `json:"kind"`
	Daemon        string     `json:"daemon"`
	DaemonVersion string     `json:"daemon_version"`
	TZ            string     `json:"tz"`
	Start         time.Time  `json:"start"`
	End           time.Time  `json:"end"`
	After         string     `json:"after"`
	Before        string     `json:"before"`
	Clock         []ClockSet `json:"clock"`
	Pauses        []Pause    `json:"pauses"`
	Crontab       []string   `json:"crontab"`
	JobDurationS  []float64  `json:"job_duration_s"`
}

type simAnswer struct {
	Starts *[][]string `json:"starts"`
	Error  *string     `json:"error"`
}

// NeedsSimulator reports whether the recording has clock sets, pauses or
// slow jobs: what only a simulator can follow.
func (r *Recording) NeedsSimulator() bool {
	return len(r.Clock) > 0 || len(r.Pauses) > 0 || r.SlowJobs()
}

// Simulate sends the recording to the adapter as one simulator request
// and judges each line: exps are the recording's expectations, in crontab
// order (LoadExpectations). Verdict.Got is then every start minute inside
// the window, repeats kept, sorted. timeout is the request's CPU budget
// (Runner.Timeout); a hang makes every line of the recording a hang.
func (r *Runner) Simulate(rec *Recording, exps []Expectation, timeout time.Duration) []Verdict {
	verdicts := make([]Verdict, len(rec.Lines))
	from, to := rec.Window()
	crontab := make([]string, len(rec.Lines))
	durations := rec.durations()
	secs := make([]float64, len(durations))
	for i, l := range rec.Lines {
		crontab[i] = l.Expr
		if l.CronTZ != "" {
			crontab[i] = "CRON_TZ=" + l.CronTZ + " " + l.Expr
		}
		secs[i] = durations[i].Seconds()
		verdicts[i] = Verdict{Exp: &exps[i], Sent: crontab[i], Starts: true}
	}
	clock, pauses := rec.Clock, rec.Pauses
	if clock == nil {
		clock = []ClockSet{}
	}
	if pauses == nil {
		pauses = []Pause{}
	}
	req := func(id int) any {
		return simRequest{ID: id, Kind: SimKind, Daemon: rec.Daemon, DaemonVersion: rec.Cron, TZ: rec.TZ,
			Start: rec.Start, End: rec.End, After: from.Add(-time.Minute).UTC().Format(time.RFC3339), Before: to.UTC().Format(time.RFC3339),
			Clock: clock, Pauses: pauses, Crontab: crontab, JobDurationS: secs}
	}
	a, outcome, msg, crash := askAnswer[simAnswer](r, timeout, req)
	switch {
	case outcome != "":
	case a.Error != nil:
		outcome, msg = Failed, *a.Error
	case a.Starts == nil:
		outcome, msg = Failed, "answer has neither starts nor error"
	case len(*a.Starts) != len(rec.Lines):
		outcome, msg = Failed, fmt.Sprintf("answer has starts for %d lines, the crontab has %d", len(*a.Starts), len(rec.Lines))
	}
	if outcome != "" {
		for i := range verdicts {
			verdicts[i].Outcome, verdicts[i].Error, verdicts[i].Crash = outcome, msg, crash
		}
		return verdicts
	}
	slow := rec.SlowJobs()
	for i, line := range rec.Lines {
		v := &verdicts[i]
		var got []time.Time
		bad := ""
		for _, s := range (*a.Starts)[i] {
			t, err := time.Parse(time.RFC3339Nano, s)
			if err != nil {
				bad = fmt.Sprintf("bad time %q in starts of line %d", s, i+1)
				break
			}
			got = append(got, t)
		}
		if bad != "" {
			v.Outcome, v.Error = Failed, bad
			continue
		}
		want := append([]string{}, minutes(line.Runs, from, to, false)...)
		v.Got = append([]string{}, minutes(got, from, to, false)...)
		diff := cmp.Diff(want, v.Got)
		if slow {
			diff = SlowRule(rec.Daemon).Diff(want, v.Got)
		}
		v.Outcome = Agree
		if diff != "" {
			v.Outcome, v.Error = Mismatch, ""
		}
	}
	return verdicts
}

// ScoreSimulator sends each recording of the daemon that needs a
// simulator (or, with all, every recording of the daemon) to the adapter
// as a simulator request and returns the score, calling each (when not
// nil) with every verdict. Lines are grouped as in ScoreAdapter.
func ScoreSimulator(r *Runner, paths []string, daemon string, all bool, timeout time.Duration, each func(Verdict)) (*Score, error) {
	s := NewScore()
	defer r.Close()
	for _, p := range paths {
		rec, err := Load(p)
		if err != nil {
			return nil, err
		}
		exps, err := LoadExpectations([]string{p})
		if err != nil {
			return nil, err
		}
		name := p[strings.LastIndexAny(p, `/\`)+1:]
		if rec.Daemon != daemon || !all && !rec.NeedsSimulator() {
			s.Skipped[name] += len(rec.Lines)
			continue
		}
		if len(exps) != len(rec.Lines) {
			return nil, fmt.Errorf("%s: %d expectations for %d lines", p, len(exps), len(rec.Lines))
		}
		for _, v := range r.Simulate(rec, exps, timeout) {
			s.Add(v)
			if each != nil {
				each(v)
			}
		}
	}
	return s, nil
}
