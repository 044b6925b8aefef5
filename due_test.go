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
// timerRecording reports whether a recording is of systemd's timers,
// whose starts spread over each timer's AccuracySec= and
// RandomizedDelaySec= window and whose elapses closer than it coalesce:
// StartsBetween and NextDue count elapses and give no window;
// Check.Verdict does (TestVerdictReplayCorpus).
func timerRecording(r *conformance.Recording) bool {
	d, err := r.Model()
	return err == nil && d.Rules().TimerUnits
}

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
		if len(rec.Clock) > 0 || len(rec.Pauses) > 0 {
			continue // the steady daemon StartsBetween assumes (slow jobs delay starts, they add none)
		}
		if timerRecording(rec) {
			continue
		}
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := rec.OffsetsSeen(loc); !ok {
			continue // cronie across an offset change it does not see: see Recording.OffsetsSeen
		}
		files++
		from, to := rec.Window()
		for _, line := range rec.Lines {
			if rec.ZonedSkips(loc, line) {
				continue // see Recording.ZonedSkips
			}
			s, err := rec.Parse(line)
			if err != nil {
				t.Fatalf("%s: %q: %v", name, line.Expr, err)
			}
			if rec.SlowJobs() && s.Daemon().WithholdsRunning() {
				continue // BusyBox does not start a line while its slow job runs: fewer starts than the schedule
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
// it), and a stopped daemon is late indeed, so a late verdict whose span
// holds a clock set or a pause is counted apart, not as a false one; the
// recordings with zone transitions have neither.
//
// In the slow-job recordings the daemon itself starts jobs late after a
// forward gap: its catch-up loop sleeps up to 10 s after each caught-up
// minute in which it started a job that is still running (cron.c;
// conformance/README.md, "Slow jobs"). A monitor of such a daemon needs
// that much more grace, and gets it here: 10 s per minute of a forward
// gap between the last start and the due time. In those files a start
// that came before its due time (a catch-up burst spread over minutes) is
// no single start to remove. BusyBox crond withholds a line whose last job
// is still running ("process already running", miscutils/crond.c
// flag_starting_jobs()), so a late verdict while the line's previous job
// ran (up to the daemon's next 10-second poll) is counted apart too: the
// monitor of a slow job under BusyBox must expect those gaps. At an
// offset change with seconds the daemon wakes twice within a minute
// (Monrovia 1972: 00:44:31 and 00:45:01, TestOffsetWithSeconds): a
// removed start whose next start came less than a minute later is
// undecidable with a minute's grace, and counted apart.
func TestDueReplayCorpus(t *testing.T) {
	const grace = time.Minute
	const catchUpSleep = 10 * time.Second
	// busyPoll: a daemon that withholds a line while its job runs
	// (BusyBox: "process already running") notices the end at its next
	// 10-second wake-up.
	const busyPoll = 10 * time.Second
	var files, pings, falseLate, setLate, removals, detected, setUndecided, slowLate, slowUndecided, closeUndecided, withheld int
	var maxSlowLateness time.Duration
	notes := map[cronsim.DueNote]int{}
	for name, rec := range corpus(t) {
		if timerRecording(rec) {
			continue
		}
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := rec.OffsetsSeen(loc); !ok {
			continue // cronie across an offset change it does not see: see Recording.OffsetsSeen
		}
		files++
		from, to := rec.Window()
		slow := rec.SlowJobs()
		// catchUp is the extra grace the slow jobs of a recording need
		// between a last start a and a due time b.
		catchUp := func(a, b time.Time) time.Duration {
			var extra time.Duration
			for x := a; slow && x.Before(b); {
				_, end := x.In(loc).ZoneBounds()
				if end.IsZero() || end.After(b) {
					break
				}
				_, before := x.In(loc).Zone()
				_, after := end.In(loc).Zone()
				if after > before {
					extra += time.Duration((after-before)/60) * catchUpSleep
				}
				x = end
			}
			return extra
		}
		// clockSetIn reports whether a clock set happened, or the daemon
		// was stopped, between two guest times.
		clockSetIn := func(a, b time.Time) bool {
			for _, c := range rec.Clock {
				if !c.At.Before(a) && !c.At.After(b) {
					return true
				}
			}
			for _, p := range rec.Pauses {
				if p.From.Before(b) && p.To.After(a) {
					return true
				}
			}
			return false
		}
		for _, line := range rec.Lines {
			if rec.ZonedSkips(loc, line) {
				continue // see Recording.ZonedSkips
			}
			s, err := rec.Parse(line)
			if err != nil {
				t.Fatalf("%s: %q: %v", name, line.Expr, err)
			}
			var dur time.Duration // how long each job of the line ran
			if sec := rec.JobDurationS; sec != nil {
				dur = time.Duration(*sec * float64(time.Second))
			}
			if sec := line.JobDurationS; sec != nil {
				dur = time.Duration(*sec * float64(time.Second))
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
				notes[d.Note]++
				now := p
				if p.IsZero() {
					now = rec.End // no more pings: judge when the recording ended
				}
				if slow && d.Late(now) && !now.After(d.Deadline.Add(catchUp(last, d.At))) {
					slowLate++ // late by 1 minute, in time by the slow daemon's catch-up
					maxSlowLateness = max(maxSlowLateness, now.Sub(d.At))
				} else if slow && d.Late(now) && last.Add(dur+busyPoll).After(d.At) {
					withheld++ // the line's previous job was still running when this one was due
				} else if d.Late(now) {
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
				prev := rec.Start
				if i > 0 {
					prev = stream[i-1]
				}
				d := cronsim.NextDue(s, loc, prev, grace)
				if slow && p.Before(d.At) {
					continue // part of a catch-up burst spread over minutes
				}
				removals++
				now := rec.End
				if i+1 < len(stream) {
					now = stream[i+1]
				}
				switch {
				case now.After(d.Deadline.Add(catchUp(prev, d.At))):
					detected++
				case clockSetIn(prev, now):
					setUndecided++
				case catchUp(prev, d.At) > 0:
					slowUndecided++ // the next start came within the slow daemon's allowance
				case now.Sub(p) < grace:
					closeUndecided++ // two starts less than the grace apart
				default:
					t.Errorf("%s: %q: removing the start at %s goes unnoticed: due %s, deadline %s, next ping %s", name, line.Expr,
						p.UTC().Format(time.RFC3339Nano), d.At.UTC().Format(time.RFC3339), d.Deadline.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339Nano))
				}
			}
		}
	}
	t.Logf("%d files, %d pings replayed: %d false late verdicts, %d late verdicts across a clock set or pause, %d starts in slow-job files later than a minute but within the catch-up allowance (at most %v after the due time), %d late verdicts while the line's previous job still ran; %d single starts removed: %d detected as late, %d undecidable across a clock set or pause, %d undecidable within a slow catch-up's allowance, %d undecidable with the next start less than the grace later",
		files, pings, falseLate, setLate, slowLate, maxSlowLateness, withheld, removals, detected, setUndecided, slowUndecided, closeUndecided)
	t.Logf("due notes: %v", notes)
	// The recordings hold every kind of transition: each note that a zone
	// change can cause must have come up.
	for _, n := range []cronsim.DueNote{cronsim.DueOnTime, cronsim.DueCaughtUp, cronsim.DueNotRepeated, cronsim.DueRepeated, cronsim.DueSkipped, cronsim.DueCorrection} {
		if notes[n] == 0 {
			t.Errorf("no due time in the replay was %q", n)
		}
	}
}
