package cronsim_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/conformance"
	"github.com/google/go-cmp/cmp"
)

// TestNextDue: due times and notes at the transitions the corpus
// recorded (the daemon's starts are in conformance/corpus; the Dublin
// ones are the worked example of the package documentation).
func TestNextDue(t *testing.T) {
	type result struct {
		At, Deadline string
		Note         cronsim.DueNote
	}
	tests := []struct {
		expr, zone, last string
		grace            time.Duration
		want             result
	}{
		// An ordinary day.
		{"30 1 * * *", "UTC", "2021-06-01T01:30:01Z", time.Minute,
			result{"2021-06-02T01:30:00Z", "2021-06-02T01:31:00Z", cronsim.DueOnTime}},
		// Dublin's spring gap: 01:30 never happens; the fixed-time job
		// starts at 02:00 IST (bookworm-dublin-2021-spring-seed.json).
		{"30 1 * * *", "Europe/Dublin", "2021-03-27T01:30:01Z", time.Minute,
			result{"2021-03-28T02:00:00+01:00", "2021-03-28T02:01:00+01:00", cronsim.DueCaughtUp}},
		// ... and the wildcard job loses 01:30.
		{"30 * * * *", "Europe/Dublin", "2021-03-28T00:30:01Z", 5 * time.Minute,
			result{"2021-03-28T02:30:00+01:00", "2021-03-28T02:35:00+01:00", cronsim.DueSkipped}},
		// Dublin's fall-back: 01:30 comes twice; the fixed-time job runs
		// at the first only (bookworm-dublin-2021-fall-seed.json).
		{"30 1 * * *", "Europe/Dublin", "2021-10-31T00:30:01Z", time.Minute,
			result{"2021-11-01T01:30:00Z", "2021-11-01T01:31:00Z", cronsim.DueNotRepeated}},
		// ... and the wildcard job runs at both.
		{"30 * * * *", "Europe/Dublin", "2021-10-31T00:30:01Z", time.Minute,
			result{"2021-10-31T01:30:00Z", "2021-10-31T01:31:00Z", cronsim.DueRepeated}},
		// Apia skipped 2011-12-30, a jump of 24 hours: a clock correction
		// (bookworm-apia-2011-dateline-gen.json).
		{"0 12 * * *", "Pacific/Apia", "2011-12-29T22:00:01Z", time.Minute,
			result{"2011-12-31T12:00:00+14:00", "2011-12-31T12:01:00+14:00", cronsim.DueCorrection}},
		// A negative grace is none.
		{"*/5 * * * *", "UTC", "2021-06-01T01:30:01Z", -time.Hour,
			result{"2021-06-01T01:35:00Z", "2021-06-01T01:35:00Z", cronsim.DueOnTime}},
		// A CRON_TZ prefix overrides the daemon's zone.
		{"CRON_TZ=Europe/Dublin 30 1 * * *", "UTC", "2021-03-27T01:30:01Z", time.Minute,
			result{"2021-03-28T02:00:00+01:00", "2021-03-28T02:01:00+01:00", cronsim.DueCaughtUp}},
	}
	for _, tc := range tests {
		s := cronsim.MustParse(tc.expr)
		loc, err := time.LoadLocation(tc.zone)
		if err != nil {
			t.Fatal(err)
		}
		last, _ := time.Parse(time.RFC3339, tc.last)
		d := cronsim.NextDue(s, loc, last, tc.grace)
		got := result{d.At.Format(time.RFC3339), d.Deadline.Format(time.RFC3339), d.Note}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("NextDue(%q, %s, %s, %v): (-want +got)\n%s", tc.expr, tc.zone, tc.last, tc.grace, diff)
		}
		if !d.Late(d.Deadline.Add(time.Nanosecond)) || d.Late(d.Deadline) {
			t.Errorf("%q: Late is not 'after the deadline'", tc.expr)
		}
	}
	if d := cronsim.NextDue(cronsim.MustParse("@reboot"), nil, time.Now(), time.Minute); !d.At.IsZero() || d.Late(time.Now().Add(time.Hour)) {
		t.Errorf("@reboot: %+v, want no due time and never late", d)
	}
}

// corpus loads every recording of the conformance corpus.
func corpus(t *testing.T) map[string]*conformance.Recording {
	t.Helper()
	files, _ := filepath.Glob("conformance/corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus files in conformance/corpus")
	}
	out := map[string]*conformance.Recording{}
	for _, f := range files {
		r, err := conformance.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if ok, why := conformance.Modelled(r.Daemon); !ok {
			t.Logf("%s skipped: %s", filepath.Base(f), why)
			continue
		}
		out[filepath.Base(f)] = r
	}
	return out
}

// TestStartsBetweenCorpus: for every line of every recording without a
// clock set, StartsBetween counts exactly the starts the daemon logged in
// the compared window, catch-up bursts and repeats included.
func TestStartsBetweenCorpus(t *testing.T) {
	files, lines, starts := 0, 0, 0
	for name, rec := range corpus(t) {
		if len(rec.Clock) > 0 {
			continue // the steady daemon StartsBetween assumes
		}
		files++
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			t.Fatal(err)
		}
		from, to := rec.Window()
		for _, line := range rec.Lines {
			s, err := cronsim.ParseDialect(line.Expr, rec.Dialect())
			if err != nil {
				t.Fatalf("%s: %q: %v", name, line.Expr, err)
			}
			want := 0
			for _, r := range line.Runs {
				if m := r.Truncate(time.Minute); !m.Before(from) && m.Before(to) {
					want++
				}
			}
			// Starts are whole minutes: (from-1s, to-1s] is the window.
			if got := cronsim.StartsBetween(s, loc, from.Add(-time.Second), to.Add(-time.Second), 0); got != want {
				t.Errorf("%s: %q: StartsBetween = %d, the daemon started it %d times", name, line.Expr, got, want)
			}
			lines++
			starts += want
		}
	}
	t.Logf("%d files, %d lines, %d starts counted", files, lines, starts)
}

// TestDueReplayCorpus replays every recording as the pings a monitor
// would receive (each logged start is a ping) through NextDue with a
// grace of one minute: no ping may come after the deadline the previous
// one set, no deadline may pass without a ping before the recording ends,
// and removing any single start (one that is not a repeat within its
// minute) must make the next ping late.
//
// Pings carry the guest's clock, the only clock in a recording. A clock
// set moves that clock under the monitor's feet (no monitor can know of
// it), so a late verdict whose span holds a clock set is counted apart,
// not as a false one; the recordings with zone transitions have none.
func TestDueReplayCorpus(t *testing.T) {
	const grace = time.Minute
	var files, pings, falseLate, setLate, removals, detected, setUndecided int
	for name, rec := range corpus(t) {
		files++
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			t.Fatal(err)
		}
		from, to := rec.Window()
		// clockSetIn reports whether a clock set happened between two
		// guest times.
		clockSetIn := func(a, b time.Time) bool {
			for _, c := range rec.Clock {
				if !c.At.Before(a) && !c.At.After(b) {
					return true
				}
			}
			return false
		}
		for _, line := range rec.Lines {
			s, err := cronsim.ParseDialect(line.Expr, rec.Dialect())
			if err != nil {
				t.Fatalf("%s: %q: %v", name, line.Expr, err)
			}
			// Every ping the recorder saw; removals are tried inside the
			// compared window only (the daemon's last minute may be cut).
			stream := line.Runs
			perMinute := map[time.Time]int{}
			for _, r := range stream {
				perMinute[r.Truncate(time.Minute)]++
			}
			// The monitor's verdicts on the whole stream.
			last := rec.Start
			for _, p := range append(stream, time.Time{}) {
				d := cronsim.NextDue(s, loc, last, grace)
				now := p
				if p.IsZero() {
					now = rec.End // no more pings: judge when the recording ended
				}
				if d.Late(now) {
					if clockSetIn(last, d.Deadline) {
						setLate++
					} else {
						falseLate++
						t.Errorf("%s: %q: ping at %s after deadline %s (due %s, %v; previous ping %s)", name, line.Expr,
							now.UTC().Format(time.RFC3339Nano), d.Deadline.UTC().Format(time.RFC3339), d.At.UTC().Format(time.RFC3339), d.Note, last.UTC().Format(time.RFC3339Nano))
					}
				}
				if !p.IsZero() {
					last = p
					pings++
				}
			}
			// Remove each start that is alone in its minute.
			for i, p := range stream {
				if m := p.Truncate(time.Minute); perMinute[m] > 1 || m.Before(from) || !m.Before(to) {
					continue
				}
				removals++
				prev := rec.Start
				if i > 0 {
					prev = stream[i-1]
				}
				now := rec.End
				if i+1 < len(stream) {
					now = stream[i+1]
				}
				d := cronsim.NextDue(s, loc, prev, grace)
				switch {
				case d.Late(now):
					detected++
				case clockSetIn(prev, now):
					setUndecided++
				default:
					t.Errorf("%s: %q: removing the start at %s goes unnoticed: due %s, deadline %s, next ping %s", name, line.Expr,
						p.UTC().Format(time.RFC3339Nano), d.At.UTC().Format(time.RFC3339), d.Deadline.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339Nano))
				}
			}
		}
	}
	t.Logf("%d files, %d pings replayed: %d false late verdicts, %d late verdicts across a clock set; %d single starts removed: %d detected as late, %d undecidable across a clock set",
		files, pings, falseLate, setLate, removals, detected, setUndecided)
}
