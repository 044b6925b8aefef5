package cronsim_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

func TestKubernetesParse(t *testing.T) {
	for _, tc := range []struct {
		expr string
		err  error // nil: accepted
	}{
		{"30 1 * * *", nil},
		{"0 0 ? * mon", nil},
		{"0 0 * * SUN-Sat", nil},
		{"*/15 9-17 * jan-mar 1-5", nil},
		{"5/20 * * * *", nil},
		{"1,,2 * * * *", nil}, // robfig drops empty list items
		{"+5 * * * *", nil},   // strconv.Atoi takes a sign
		{"@every 90m", nil},
		{"@hourly", nil},
		{"@midnight", nil},
		{"0 0 * * 7", cronsim.ErrRange}, // 7 is not Sunday in robfig
		{"60 * * * *", cronsim.ErrRange},
		{"0 0 0 * *", cronsim.ErrRange},
		{"5-3 * * * *", cronsim.ErrRange},
		{"*/0 * * * *", cronsim.ErrStep},
		{"1-2-3 * * * *", cronsim.ErrSyntax},
		{"0 0 L * *", cronsim.ErrSyntax},
		{"0 0 * * *  *", cronsim.ErrFieldCount},
		{"0 0 * *", cronsim.ErrFieldCount},
		{"@HOURLY", cronsim.ErrSyntax}, // descriptors are case-sensitive
		{"@reboot", cronsim.ErrSyntax},
		{"@every x", cronsim.ErrSyntax},
		{"TZ=UTC 0 0 * * *", cronsim.ErrSyntax}, // refused for new objects
		{"CRON_TZ=UTC 0 0 * * *", cronsim.ErrSyntax},
		{"", cronsim.ErrFieldCount},
	} {
		_, err := cronsim.Kubernetes.Parse(tc.expr)
		if !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("Parse(%q) = %v, want %v", tc.expr, err, tc.err)
		}
		var perr *cronsim.ParseError
		if err != nil && !errors.As(err, &perr) {
			t.Errorf("Parse(%q): %T is not a *ParseError", tc.expr, err)
		}
	}
}

// TestKubernetesParseErrorText: a field-count error names its column and
// the count, as every daemon's does (it printed "cronsim: : expected
// exactly 5 fields", with no position).
func TestKubernetesParseErrorText(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"1 2 3", "cronsim: at column 1: 3 fields: a CronJob's schedule has exactly 5 (minute hour day-of-month month day-of-week), no seconds field"},
		{"0 0 * * * *", "cronsim: at column 1: 6 fields: a CronJob's schedule has exactly 5 (minute hour day-of-month month day-of-week), no seconds field"},
		{"", "cronsim: at column 1: empty schedule: a CronJob's schedule has 5 fields (minute hour day-of-month month day-of-week) or an @ descriptor"},
		{"0 0 * * 7", "cronsim: bad day-of-week \"7\" at column 9: end of range (7) above maximum (6)"},
	} {
		_, err := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse(tc.expr)
		if err == nil {
			t.Errorf("Parse(%q): no error", tc.expr)
			continue
		}
		if diff := cmp.Diff(tc.want, err.Error()); diff != "" {
			t.Errorf("Parse(%q) error (-want +got):\n%s", tc.expr, diff)
		}
	}
}

// TestKubernetesNext holds Next to robfig/cron's walk on the offset
// changes the issue lists (kubernetes/kubernetes#121594 for the repeat).
func TestKubernetesNext(t *testing.T) {
	for _, tc := range []struct {
		tz, expr, from string
		n              int
		want           []string
	}{
		// fall back: a fixed time in the repeated hour runs twice
		{"America/New_York", "30 1 * * *", "2021-11-06T12:00:00Z", 3,
			[]string{"2021-11-07T05:30:00Z", "2021-11-07T06:30:00Z", "2021-11-08T06:30:00Z"}},
		// spring forward: the gap's time is skipped
		{"America/New_York", "30 2 * * *", "2021-03-13T12:00:00Z", 2,
			[]string{"2021-03-15T06:30:00Z", "2021-03-16T06:30:00Z"}},
		// Lord Howe, +30 min at 02:00: the hour step from 01:45 +10:30
		// lands on 02:45 +11 (15:45Z), a wall time the schedule does not name
		{"Australia/Lord_Howe", "45 1 * * *", "2021-10-02T00:00:00Z", 3,
			[]string{"2021-10-02T15:15:00Z", "2021-10-02T15:45:00Z", "2021-10-03T14:45:00Z"}},
		// Troll, +2 h at 01:00 UTC: 01:30 and 02:30 do not exist
		{"Antarctica/Troll", "30 1,2 * * *", "2021-03-27T12:00:00Z", 2,
			[]string{"2021-03-28T23:30:00Z", "2021-03-29T00:30:00Z"}},
		// @every counts from the time given
		{"UTC", "@every 90m", "2021-06-01T10:00:00.5Z", 2,
			[]string{"2021-06-01T11:30:00Z", "2021-06-01T13:00:00Z"}},
		// "?" is "*", and with it day of month and day of week combine with AND
		{"UTC", "0 0 1 * ?", "2021-06-01T10:00:00Z", 1, []string{"2021-07-01T00:00:00Z"}},
		// both restricted: OR
		{"UTC", "0 0 1 * mon", "2021-06-01T10:00:00Z", 2, []string{"2021-06-07T00:00:00Z", "2021-06-14T00:00:00Z"}},
		// Chatham's fall-back (03:45 +13:45 to 02:45 +12:45 at 14:00Z):
		// robfig's walk reaches 02:57 +12:45 (14:12Z) from 14:12Z
		// itself, so the controller finds no second time after it and
		// never runs the CronJob again (k8s-chatham-2021-fall.json);
		// the last run is the day before. (It looped for ever.)
		{"Pacific/Chatham", "57 3 * * *", "2021-04-01T00:00:00Z", 3,
			[]string{"2021-04-01T14:12:00Z", "2021-04-02T14:12:00Z", "0001-01-01T00:00:00Z"}},
		{"Pacific/Chatham", "46 4,3 * * ?", "2021-04-03T08:00:00Z", 1, []string{"0001-01-01T00:00:00Z"}},
		// Apia skipped 2011-12-30: robfig's day step from the 29th's
		// midnight gives that midnight again, and its Next never returns
		// (bench/ TestRobfigApiaHangs). This hung.
		{"Pacific/Apia", "0 12 30 * *", "2011-12-29T18:00:01Z", 1, []string{"0001-01-01T00:00:00Z"}},
		{"Pacific/Apia", "0 0 * * sat", "2011-12-29T18:00:01Z", 1, []string{"0001-01-01T00:00:00Z"}},
		// a daily schedule steps hours, not days: the 31st's midnight
		{"Pacific/Apia", "0 0 * * *", "2011-12-29T18:00:01Z", 2, []string{"2011-12-30T10:00:00Z", "2011-12-31T10:00:00Z"}},
	} {
		s, err := cronsim.Kubernetes.Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		loc, err := time.LoadLocation(tc.tz)
		if err != nil {
			t.Fatal(err)
		}
		from, _ := time.Parse(time.RFC3339Nano, tc.from)
		var got []string
		at := from.In(loc)
		for range tc.n {
			at = s.Next(at)
			got = append(got, at.UTC().Format(time.RFC3339))
			if at.IsZero() {
				break
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s in %s from %s (-want +got):\n%s", tc.expr, tc.tz, tc.from, diff)
		}
	}
}

// TestKubernetesSimulation checks the controller's rules that no
// iterator has: one late run after an outage, nothing re-run after a
// backward clock set, a zero starting deadline, Forbid postponing.
func TestKubernetesSimulation(t *testing.T) {
	at := func(s string) time.Time { v, _ := time.Parse(time.RFC3339, s); return v }
	mins := func(d int) *time.Duration { v := time.Duration(d) * time.Minute; return &v }
	for _, tc := range []struct {
		name string
		sim  cronsim.Simulation
		expr string
		want []string
	}{
		{"outage: only the most recent missed time, late", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T13:00:00Z"),
			Pauses: []cronsim.Pause{{From: at("2021-06-01T09:30:00Z"), To: at("2021-06-01T12:10:00Z")}},
		}, "0 * * * *", []string{"09:00:00", "12:10:00"}},
		{"outage beyond the starting deadline: dropped", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T13:00:00Z"), StartingDeadline: mins(5),
			Pauses: []cronsim.Pause{{From: at("2021-06-01T09:30:00Z"), To: at("2021-06-01T12:10:00Z")}},
		}, "0 * * * *", []string{"09:00:00"}},
		{"backward clock set: nothing re-run", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T11:30:00Z"),
			ClockSets: []cronsim.ClockSet{{At: at("2021-06-01T10:20:00Z"), To: at("2021-06-01T09:20:00Z")}},
		}, "30 * * * *", []string{"08:30:00", "09:30:00", "10:30:00"}},
		{"forward clock set: one late run", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T12:00:00Z"),
			ClockSets: []cronsim.ClockSet{{At: at("2021-06-01T08:10:00Z"), To: at("2021-06-01T09:50:00Z")}},
		}, "30 * * * *", []string{"10:10:00", "10:30:00", "11:30:00"}},
		{"zero starting deadline: never", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T11:00:00Z"), StartingDeadline: mins(0),
		}, "0 * * * *", nil},
		{"Forbid postpones to the job's end", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T08:40:00Z"), Concurrency: cronsim.Forbid,
			JobDuration: 15 * time.Minute,
		}, "*/10 * * * *", []string{"08:10:00", "08:25:00"}},
		{"suspend: the most recent missed time at resume", cronsim.Simulation{
			Start: at("2021-06-01T08:00:01Z"), End: at("2021-06-01T12:00:00Z"),
			Suspended: []cronsim.Pause{{From: at("2021-06-01T08:30:00Z"), To: at("2021-06-01T10:45:00Z")}},
		}, "0 * * * *", []string{"10:45:00", "11:00:00"}},
	} {
		s, err := cronsim.Kubernetes.Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		sim := tc.sim
		sim.Daemon = cronsim.Kubernetes
		sim.Lines = []cronsim.Schedule{s}
		starts, err := sim.Run()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var got []string
		for _, st := range starts {
			got = append(got, st.Time.Format("15:04:05"))
		}
		// the controller wakes 100 ms after a time: compare seconds
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

func ExampleDaemon_kubernetes() {
	s, err := cronsim.Kubernetes.Parse("30 1 * * *")
	if err != nil {
		fmt.Println(err)
		return
	}
	ny, _ := time.LoadLocation("America/New_York")
	t := time.Date(2021, 11, 6, 12, 0, 0, 0, ny)
	for range 3 {
		t = s.Next(t)
		fmt.Println(t)
	}
	_, err = cronsim.Kubernetes.Parse("0 0 * * 7")
	fmt.Println(err != nil)
	// Output:
	// 2021-11-07 01:30:00 -0400 EDT
	// 2021-11-07 01:30:00 -0500 EST
	// 2021-11-08 01:30:00 -0500 EST
	// true
}

// TestKubernetesExplain: an @every schedule counts from the CronJob's
// last scheduled time (it was explained as one that never runs), and a
// schedule no date matches never runs (it was explained as an ordinary
// one: the API server accepts it, the controller finds no time).
func TestKubernetesExplain(t *testing.T) {
	for _, tc := range []struct{ expr, want string }{
		{"@every 90m", "Every 1h30m after the CronJob's last scheduled time (its creation at first), not on the calendar (@every)"},
		{"@every 2h", "Every 2h after the CronJob's last scheduled time (its creation at first), not on the calendar (@every)"},
		{"0 0 31 2 *", "Never runs: at 00:00 on February 31 matches no date"},
		{"0 0 30 2 ?", "Never runs: at 00:00 on February 30 matches no date"},
		{"0 0 31 2 mon", "At 00:00 on day-of-month 31, or on Monday in February"},
	} {
		s, err := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse(tc.expr)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tc.expr, err)
		}
		if diff := cmp.Diff(tc.want, s.Explain()); diff != "" {
			t.Errorf("Explain(%q) (-want +got):\n%s", tc.expr, diff)
		}
	}
	s, _ := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse("0 0 31 2 *")
	if !s.Never() {
		t.Errorf(`"0 0 31 2 *": Never() = false`)
	}
	s, _ = cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse("@every 90m")
	if got := s.ExplainDST(); got != "Kubernetes CronJob @every: real time after the last scheduled time, so an offset change neither moves nor repeats a run." {
		t.Errorf("ExplainDST(@every 90m) = %q", got)
	}
}

// TestKubernetesLintStops: Lint says when the controller stops a
// CronJob for good at an offset change (robfig's Next standing still
// across Chatham's fall-back, k8s-chatham-2021-fall.json); nothing was
// reported, as no wall time of the schedule is in the repeated hour.
func TestKubernetesLintStops(t *testing.T) {
	chatham := mustLoc(t, "Pacific/Chatham")
	from := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)
	var got []string
	for _, p := range cronsim.Lint("57 3 * * *\n30 4 * * *\n", cronsim.LintOptions{Daemon: cronsim.Kubernetes, Location: chatham, From: from}).Problems {
		got = append(got, fmt.Sprintf("%d %s", p.Line, p.Message))
	}
	want := []string{`1 dst: "57 3 * * *" (At 03:57 every day): Kubernetes never runs it again after 2021-04-03T03:57:00+13:45: at the fall transition in Pacific/Chatham its walk gives no later time (robfig/cron's Next stands still or goes back), so the controller reports InvalidSchedule and stops requeuing the CronJob`}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Lint (-want +got):\n%s", diff)
	}
}
