package cronsim

import (
	"math/rand"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

type simRun struct {
	Line   int
	Clock  string
	Minute string
	Reason string
}

func runSim(t *testing.T, sim Simulation) []simRun {
	t.Helper()
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	var out []simRun
	for _, s := range starts {
		out = append(out, simRun{s.Line, s.Time.Format("2006-01-02T15:04:05Z"), s.Minute.Format("15:04"), s.Reason.String()})
	}
	return out
}

func mustDebian(t *testing.T, exprs ...string) []Schedule {
	var out []Schedule
	for _, e := range exprs {
		s, err := ParseDialect(e, Debian)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// The seed's third experiment: over Dublin's skipped hour "0-59 1 * * *"
// starts 60 times at 02:00:01 IST (01:00:01Z), as the post and the
// recordings show; "30 * * * *" loses 01:30.
func TestSimulateSeedSpring(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	sim := Simulation{Lines: mustDebian(t, "0-59 1 * * *", "30 * * * *", "30 1 * * *"), Location: dublin,
		Start: utc("2021-03-28T00:45:00.5Z"), End: utc("2021-03-28T01:45:00Z")}
	var want []simRun
	for m := 0; m < 60; m++ {
		want = append(want, simRun{0, "2021-03-28T01:00:01Z", time.Date(0, 1, 1, 1, m, 0, 0, time.UTC).Format("15:04"), "DST catch-up"})
		if m == 30 {
			want = append(want, simRun{2, "2021-03-28T01:00:01Z", "01:30", "DST catch-up"})
		}
	}
	want = append(want, simRun{1, "2021-03-28T01:30:01Z", "02:30", "on time"})
	got := runSim(t, sim)
	// Within the catch-up minute the order of lines follows the file for
	// each virtual minute.
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// Fall back in Dublin: the wildcard job runs in both passes of 01:30,
// the fixed-time job once.
func TestSimulateSeedFall(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	sim := Simulation{Lines: mustDebian(t, "30 * * * *", "30 1 * * *"), Location: dublin,
		Start: utc("2021-10-30T23:50:00Z"), End: utc("2021-10-31T02:00:00Z")}
	want := []simRun{
		{0, "2021-10-31T00:30:01Z", "01:30", "on time"},
		{1, "2021-10-31T00:30:01Z", "01:30", "on time"},
		{0, "2021-10-31T01:30:01Z", "01:30", "wildcard in repeated time"},
	}
	if d := cmp.Diff(want, runSim(t, sim)); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// Clock steps in UTC, from 10:00:00.3 (minute 10:00 itself is not run;
// 10:01-10:05 run before the step at 10:05:10): +3 minutes is a late
// wake-up (every job for every skipped minute: 10:06-10:09); +2 hours runs
// the wildcard job once at 12:06 and every fixed-time minute of 10:06-12:06
// (10:15, and 10:06-10:59); +4 hours is a correction (only 14:06's jobs);
// -2 hours re-runs only wildcard jobs (08:06, 08:07, 08:08).
func TestSimulateClockSteps(t *testing.T) {
	lines := mustDebian(t, "* * * * *", "15 10 * * *", "0-59 10 * * *")
	type tc struct {
		name string
		set  ClockSet
		end  string
		want map[int]int // starts per line
	}
	base := "2024-05-01T10:00:00.3Z"
	for _, c := range []tc{
		{"+3m late", ClockSet{utc("2024-05-01T10:05:10Z"), utc("2024-05-01T10:08:10Z")}, "2024-05-01T10:09:30Z", map[int]int{0: 9, 2: 9}},
		{"+2h forward", ClockSet{utc("2024-05-01T10:05:10Z"), utc("2024-05-01T12:05:10Z")}, "2024-05-01T12:06:30Z", map[int]int{0: 6, 1: 1, 2: 59}},
		{"+4h correction", ClockSet{utc("2024-05-01T10:05:10Z"), utc("2024-05-01T14:05:10Z")}, "2024-05-01T14:06:30Z", map[int]int{0: 6, 2: 5}},
		{"-2h backward", ClockSet{utc("2024-05-01T10:05:10Z"), utc("2024-05-01T08:05:10Z")}, "2024-05-01T08:08:30Z", map[int]int{0: 8, 2: 5}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sim := Simulation{Lines: lines, Start: utc(base), End: utc(c.end), ClockSets: []ClockSet{c.set}}
			starts, err := sim.Run()
			if err != nil {
				t.Fatal(err)
			}
			got := map[int]int{}
			for _, s := range starts {
				got[s.Line]++
			}
			if d := cmp.Diff(c.want, got); d != "" {
				t.Errorf("starts per line (-want +got)\n%s", d)
			}
		})
	}
}

// Slow jobs: with 30-second jobs a forward catch-up advances one virtual
// minute per sleep(10) and stops at the next real minute, so the 60
// catch-up starts of "0-59 1 * * *" spread over later minutes.
func TestSimulateSlowJobs(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	sim := Simulation{Lines: mustDebian(t, "0-59 1 * * *"), Location: dublin, JobDuration: 30 * time.Second,
		Start: utc("2021-03-28T00:55:00Z"), End: utc("2021-03-28T02:00:00Z")}
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(starts) != 60 {
		t.Fatalf("%d starts, want 60", len(starts))
	}
	if first, last := starts[0].Time, starts[59].Time; last.Sub(first) < 2*time.Minute {
		t.Errorf("catch-up from %s to %s: want it spread over several minutes", first, last)
	}
}

// TestSimulatorMatchesIterator: for one line and no clock trace, the
// simulator's distinct start minutes are the iterator's runs.
func TestSimulatorMatchesIterator(t *testing.T) {
	zones := allZones()
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	props := gopter.NewProperties(gopterParams(t, 300))
	props.Property("simulator equals iterator", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		zone := zones[r.Intn(len(zones))]
		loc, _ := time.LoadLocation(zone)
		tr := transitions(loc, lo, hi)
		expr := randomExpr(r)
		var from time.Time
		if len(tr) > 0 {
			at := tr[r.Intn(len(tr))]
			from = at.Add(-time.Duration(r.Intn(24*60)) * time.Minute)
			if r.Intn(2) == 0 {
				expr = transitionExpr(r, loc, at)
			}
		} else {
			from = lo.Add(time.Duration(r.Int63n(int64(hi.Sub(lo)))))
		}
		s, err := Parse(expr)
		if err != nil || s.hasSeconds {
			return true
		}
		if s.Location() != nil {
			loc = s.Location() // the daemon's zone is the job's
		}
		if _, ok := modelRuns(s, loc, from, from); !ok {
			return true // an offset with seconds
		}
		from = from.Truncate(time.Minute).Add(500 * time.Millisecond)
		to := from.Add(time.Duration(12+r.Intn(36)) * time.Hour)
		starts, err := Simulation{Lines: []Schedule{s}, Location: loc, Start: from, End: to}.Run()
		if err != nil {
			t.Error(err)
			return false
		}
		var simMinutes []string
		for _, st := range starts {
			m := st.Time.Truncate(time.Minute).Format(time.RFC3339)
			if len(simMinutes) == 0 || simMinutes[len(simMinutes)-1] != m {
				simMinutes = append(simMinutes, m)
			}
		}
		var iterMinutes []string
		for r := range s.All(from.Truncate(time.Minute).Add(time.Minute - time.Second).In(loc)) {
			if !r.Before(to.Truncate(time.Minute)) {
				break
			}
			iterMinutes = append(iterMinutes, r.UTC().Format(time.RFC3339))
		}
		// The simulator's last minute may be cut by End.
		if len(simMinutes) > 0 && !utc(simMinutes[len(simMinutes)-1]).Before(to.Truncate(time.Minute)) {
			simMinutes = simMinutes[:len(simMinutes)-1]
		}
		if d := cmp.Diff(iterMinutes, simMinutes); d != "" {
			t.Errorf("%q in %s from %s: (-iterator +simulator)\n%s", expr, zone, from.UTC().Format(time.RFC3339), d)
			return false
		}
		return true
	}, gen.Int64()))
	props.TestingRun(t)
}
