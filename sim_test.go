package cronsim

import (
	"errors"
	"math/rand"
	"strings"
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
		s, err := ParseOptions{Dialect: Debian}.Parse(e)
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
// starts 60 times at 02:00:01 IST (01:00:01Z), as the blog post "How
// Debian Cron Handles DST Transitions" and the recordings
// (conformance/corpus/*-dublin-2021-spring-seed.json) show; "30 * * * *"
// loses 01:30.
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

// Each slow job's end is its own SIGCHLD. After Dublin's 2021 gap (the
// crontab of that recording), three wildcard jobs start at 02:00:01
// local; with 3-second jobs their ends cut sleeps of the catch-up, so
// each round of 3 s advances several virtual minutes, not one. The daemon
// started all 60 catch-up runs of 0-59 1 * * * in the first clock minute
// (conformance/corpus/bookworm-dublin-2021-spring-slow-3-a.json and -b);
// the model that let a batch's ends cut one sleep together started 20
// there, and the one that drew one lag per batch 38. The clump model
// starts all 60 there: 3 s jobs started a few ms apart span more than
// their slack window (3 ms), so each end cuts its own sleep.
func TestSimulateJobEndsOneByOne(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	lines := mustDebian(t, "0-59 1 * * *", "30 1 * * *", "15,45 1 * * *", "* * * * *", "*/5 * * * *",
		"0 2 * * *", "*/7 2 * * *", "0-59/3 2 * * *")
	sim := Simulation{Lines: lines, Location: dublin, JobDuration: 3 * time.Second,
		Start: utc("2021-03-28T00:40:01.5Z"), End: utc("2021-03-28T01:10:00Z")}
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	first, second := 0, 0
	for _, s := range starts {
		switch m := s.Time.Truncate(time.Minute); {
		case s.Line != 0:
		case m.Equal(utc("2021-03-28T01:00:00Z")):
			first++
		case m.Equal(utc("2021-03-28T01:01:00Z")):
			second++
		}
	}
	if first != 60 {
		t.Errorf("%d catch-up starts in the first minute after the gap and %d in the second, want all 60 in the first", first, second)
	}
}

// JobDurations gives lines their own durations: a quick line among slow
// ones still has every sleep it precedes cut at once, and a crontab of
// only quick lines behaves exactly as with JobDuration 0.
func TestSimulatePerLineDurations(t *testing.T) {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	lines := mustDebian(t, "0-59 1 * * *", "* * * * *")
	base := Simulation{Lines: lines, Location: dublin,
		Start: utc("2021-03-28T00:40:01.5Z"), End: utc("2021-03-28T01:30:00Z")}
	quick, err := base.Run()
	if err != nil {
		t.Fatal(err)
	}
	zero := base
	zero.JobDurations = []time.Duration{0, 0}
	zero.JobDuration = time.Hour // overridden by JobDurations
	same, err := zero.Run()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(quick, same); d != "" {
		t.Errorf("JobDurations all 0 differ from quick jobs (-quick +zero):\n%s", d)
	}
	slow := base
	slow.JobDurations = []time.Duration{30 * time.Second, 0}
	starts, err := slow.Run()
	if err != nil {
		t.Fatal(err)
	}
	var last time.Time
	n := 0
	for _, s := range starts {
		if s.Line == 0 {
			n++
			last = s.Time
		}
	}
	// 30-second catch-up jobs: the first 10 s sleeps run in full.
	if n != 60 || last.Sub(utc("2021-03-28T01:00:00Z")) < 2*time.Minute {
		t.Errorf("%d catch-up starts, the last at %s: want 60, spread over more than 2 minutes", n, last)
	}
}

// TestSimulatorMatchesIterator: for one line and no clock trace, the
// simulator's distinct start minutes are the iterator's runs, with one
// stated exception (see compareSimIter).
func TestSimulatorMatchesIterator(t *testing.T) {
	zones := allZones()
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	exceptions := 0
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
		ok, exception := compareSimIter(t, expr, s, loc, from, to)
		if exception {
			exceptions++
		}
		return ok
	}, gen.Int64()))
	props.TestingRun(t)
	t.Logf("%d cases started inside a repeated period", exceptions)
}

// compareSimIter runs the simulator from `from` to `to` and compares its
// distinct start minutes with the iterator's runs in the same span.
//
// The exception: a daemon started inside a repeated period (after a
// backward transition, before the wall clock is back where it was)
// cannot know that it already lived those wall minutes, so it runs
// fixed-time jobs in them, where the iterator, which answers for a
// daemon running steadily, does not. Before the wall clock catches up
// the simulator may then have runs the iterator lacks, all of them
// matching fixed-time runs; from then on the two must agree exactly.
// exception reports whether the case fell under it.
func compareSimIter(t *testing.T, expr string, s Schedule, loc *time.Location, from, to time.Time) (ok, exception bool) {
	t.Helper()
	starts, err := Simulation{Lines: []Schedule{s}, Location: loc, Start: from, End: to}.Run()
	if err != nil {
		t.Error(err)
		return false, false
	}
	var simMinutes []time.Time
	for _, st := range starts {
		m := st.Time.Truncate(time.Minute)
		if len(simMinutes) == 0 || !simMinutes[len(simMinutes)-1].Equal(m) {
			simMinutes = append(simMinutes, m)
		}
	}
	var iterMinutes []time.Time
	for r := range s.All(from.Truncate(time.Minute).Add(time.Minute - time.Second).In(loc)) {
		if !r.Before(to.Truncate(time.Minute)) {
			break
		}
		iterMinutes = append(iterMinutes, r.UTC())
	}
	// The simulator's last minute may be cut by End.
	if len(simMinutes) > 0 && !simMinutes[len(simMinutes)-1].Before(to.Truncate(time.Minute)) {
		simMinutes = simMinutes[:len(simMinutes)-1]
	}
	// Is `from` inside a repeated period? Ask Go's own zone data: the
	// period containing it began with a backward step the daemon
	// lives as one (timeDiff -179..0), and the wall clock has not yet
	// come back to where it was before the step.
	catchUp := from
	if start, _ := from.In(loc).ZoneBounds(); !start.IsZero() {
		_, after := start.Zone()
		_, before := start.Add(-time.Second).Zone()
		back := time.Duration(before-after) * time.Second
		if back > 0 && back < -backwardMin*time.Minute && from.Before(start.Add(back)) {
			catchUp, exception = start.Add(back), true
		}
	}
	split := func(ms []time.Time) (early, late []string) {
		for _, m := range ms {
			if m.Before(catchUp) {
				early = append(early, m.Format(time.RFC3339))
			} else {
				late = append(late, m.Format(time.RFC3339))
			}
		}
		return early, late
	}
	simEarly, simLate := split(simMinutes)
	iterEarly, iterLate := split(iterMinutes)
	if d := cmp.Diff(iterLate, simLate); d != "" {
		t.Errorf("%q in %s from %s: (-iterator +simulator)\n%s", expr, loc, from.UTC().Format(time.RFC3339), d)
		return false, exception
	}
	if s.Wildcard() {
		// Wildcard jobs run in both passes: no exception for them.
		if d := cmp.Diff(iterEarly, simEarly); d != "" {
			t.Errorf("%q (wildcard) in %s from %s, in the repeated period: (-iterator +simulator)\n%s", expr, loc, from.UTC().Format(time.RFC3339), d)
			return false, exception
		}
		return true, exception
	}
	// Fixed-time: every iterator run is a simulator run, and every extra
	// simulator run is at a wall minute the schedule matches.
	have := map[string]bool{}
	for _, m := range simEarly {
		have[m] = true
	}
	for _, m := range iterEarly {
		if !have[m] {
			t.Errorf("%q in %s from %s: the iterator runs at %s in the repeated period, the simulator does not", expr, loc, from.UTC().Format(time.RFC3339), m)
			return false, exception
		}
	}
	for _, m := range simEarly {
		if !s.Match(utc(m).In(loc)) {
			t.Errorf("%q in %s from %s: the simulator runs at %s, which does not match", expr, loc, from.UTC().Format(time.RFC3339), m)
			return false, exception
		}
	}
	return true, exception
}

// TestSimulatorStartsInRepeatedPeriod (issue 9): in Mendoza the clock
// went back from 00:00 -02 to 22:00 -04 at 1990-03-04T02:00Z. A daemon
// started right then runs "45 22-23 3 * *" at 22:45 and 23:45 -04, as
// it never saw the first 22:45 and 23:45 (-02); a daemon running
// steadily (the iterator) ran them two hours earlier and does not run
// them again. compareSimIter states this exception; everything
// else must still agree.
func TestSimulatorStartsInRepeatedPeriod(t *testing.T) {
	loc, err := time.LoadLocation("America/Argentina/Mendoza")
	if err != nil {
		t.Skip(err)
	}
	s := MustParse("45 22-23 3 * *")
	from := utc("1990-03-04T02:00:00.5Z")
	starts, err := Simulation{Lines: []Schedule{s}, Location: loc, Start: from, End: from.Add(30 * time.Hour)}.Run()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range starts {
		got = append(got, st.Time.Truncate(time.Minute).In(loc).Format(time.RFC3339))
	}
	if d := cmp.Diff([]string{"1990-03-03T22:45:00-04:00", "1990-03-03T23:45:00-04:00"}, got); d != "" {
		t.Errorf("simulator (-want +got)\n%s", d)
	}
	if n := s.Next(from.In(loc)); !n.After(from.Add(30 * time.Hour)) {
		t.Errorf("iterator: Next = %s, want no run in the window (the next is 1990-04-03)", n)
	}
	if ok, exception := compareSimIter(t, "45 22-23 3 * *", s, loc, from, from.Add(30*time.Hour)); !ok || !exception {
		t.Errorf("compareSimIter: ok %v, exception %v; want both", ok, exception)
	}
}

// TestSimulationValidates: every unusable input is an error that names
// its field; none gives an empty or truncated result without one.
func TestSimulationValidates(t *testing.T) {
	lines := mustDebian(t, "* * * * *")
	start, end := utc("2024-05-01T10:00:00Z"), utc("2024-05-01T11:00:00Z")
	for _, c := range []struct {
		name  string
		sim   Simulation
		field string
	}{
		{"end before start", Simulation{Start: end, End: start}, "End"},
		{"end equals start", Simulation{Start: start, End: start}, "End"},
		{"negative duration", Simulation{Start: start, End: end, JobDuration: -time.Second}, "JobDuration"},
		{"durations for other lines", Simulation{Start: start, End: end, JobDurations: []time.Duration{1, 2}}, "JobDurations"},
		{"negative line duration", Simulation{Start: start, End: end, JobDurations: []time.Duration{-time.Second}}, "JobDurations[0]"},
		{"start after 2262", Simulation{Start: utc("2300-01-01T00:00:00Z"), End: utc("2300-01-01T01:00:00Z")}, "Start"},
		{"start before 1678", Simulation{Start: utc("1600-01-01T00:00:00Z"), End: utc("1600-01-01T01:00:00Z")}, "Start"},
		{"end after 2262", Simulation{Start: utc("2261-12-01T00:00:00Z"), End: utc("2262-02-01T00:00:00Z")}, "End"},
		{"set 300 years away", Simulation{Start: start, End: end,
			ClockSets: []ClockSet{{At: utc("2024-05-01T10:30:00Z"), To: utc("2324-05-01T10:30:00Z")}}}, "ClockSets[0].To"},
		{"set before 1678", Simulation{Start: start, End: end,
			ClockSets: []ClockSet{{At: utc("2024-05-01T10:30:00Z"), To: utc("1024-05-01T10:30:00Z")}}}, "ClockSets[0].To"},
		{"second set's At", Simulation{Start: start, End: end,
			ClockSets: []ClockSet{{At: start, To: start}, {At: utc("2999-05-01T10:30:00Z"), To: start}}}, "ClockSets[1].At"},
		{"pause backwards", Simulation{Start: start, End: end, Pauses: []Pause{{From: end, To: start}}}, "Pauses[0].To"},
		{"pause far away", Simulation{Start: start, End: end, Pauses: []Pause{{From: start, To: utc("3000-01-01T00:00:00Z")}}}, "Pauses[0].To"},
		{"span of 25 years", Simulation{Start: start, End: start.AddDate(25, 0, 0)}, "End"},
		{"set back 30 years", Simulation{Start: start, End: end,
			ClockSets: []ClockSet{{At: utc("2024-05-01T10:30:00Z"), To: start.AddDate(-30, 0, 0)}}}, "End"},
		{"set 30 years after End", Simulation{Start: start, End: end,
			ClockSets: []ClockSet{{At: end.AddDate(30, 0, 0), To: end.AddDate(30, 0, 1)}}}, "End"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.sim.Lines = lines
			starts, err := c.sim.Run()
			var se *SimulationError
			if !errors.As(err, &se) || !errors.Is(err, ErrSimulation) {
				t.Fatalf("got %d starts, error %v; want a *SimulationError for %s", len(starts), err, c.field)
			}
			if se.Field != c.field || !strings.Contains(err.Error(), c.field) {
				t.Errorf("error %q names %q, want %q", err, se.Field, c.field)
			}
			if len(starts) != 0 {
				t.Errorf("%d starts with the error", len(starts))
			}
		})
	}
}

// TestSimulationRunsToLateSet: a clock set a month after End still
// happens (the daemon lives until it), instead of the simulation giving
// up after a day without saying so.
func TestSimulationRunsToLateSet(t *testing.T) {
	start, end := utc("2024-05-01T10:00:00Z"), utc("2024-05-01T11:00:00Z")
	at := end.AddDate(0, 1, 0)
	sim := Simulation{Lines: mustDebian(t, "0 * * * *"), Start: start, End: end,
		ClockSets: []ClockSet{{At: at, To: at.Add(time.Hour)}}}
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	// Hourly from 11:00 on May 1 to 10:00 on June 1; at 11:00 the set
	// ends it.
	if want := 31 * 24; len(starts) != want {
		t.Errorf("%d starts, want %d", len(starts), want)
	}
	if last := starts[len(starts)-1].Time; last.Before(at.Add(-time.Hour)) {
		t.Errorf("last start %s: the simulation stopped before the set at %s", last, at)
	}
}

// TestSimulationNoStartAfterEnd: with clock sets and slow jobs the last
// catch-up runs past End; nothing after the simulation's end is
// returned.
func TestSimulationNoStartAfterEnd(t *testing.T) {
	sim := Simulation{Lines: mustDebian(t, "0-59 10 * * *", "* * * * *"), JobDuration: 30 * time.Second,
		Start: utc("2024-05-01T10:00:00.3Z"), End: utc("2024-05-01T12:06:40Z"),
		ClockSets: []ClockSet{{At: utc("2024-05-01T10:05:10Z"), To: utc("2024-05-01T12:05:10Z")}}}
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	if len(starts) < 10 {
		t.Fatalf("only %d starts", len(starts))
	}
	for _, st := range starts {
		if !st.Time.Before(sim.End) {
			t.Errorf("start at %s, End %s", st.Time, sim.End)
		}
	}
}

// TestSimulationStreams: Starts yields as it goes, stops when the loop
// breaks, and does not allocate in proportion to the span.
func TestSimulationStreams(t *testing.T) {
	lines := mustDebian(t, "* * * * *", "*/5 * * * *", "0 1 * * *")
	start := utc("2024-01-01T00:00:00Z")
	long := Simulation{Lines: lines, Start: start, End: start.AddDate(19, 0, 0)}
	var got []Start
	for st, err := range long.Starts() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, st)
		if len(got) == 3 {
			break
		}
	}
	if len(got) != 3 || got[2].Time != utc("2024-01-01T00:03:01Z") {
		t.Fatalf("first starts %v", got)
	}
	count := func(days int) func() {
		return func() {
			n := 0
			for _, err := range (Simulation{Lines: lines, Start: start, End: start.AddDate(0, 0, days)}).Starts() {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
		}
	}
	short, longer := testing.AllocsPerRun(3, count(1)), testing.AllocsPerRun(3, count(30))
	t.Logf("allocations: %.0f for 1 day, %.0f for 30 days", short, longer)
	if longer > short+8 {
		t.Errorf("%.0f allocations for 30 days, %.0f for 1 day: memory grows with the span", longer, short)
	}
}
