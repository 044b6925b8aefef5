package cronsim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

func mustLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustTime(t *testing.T, s string) time.Time {
	t.Helper()
	if s == "" {
		return time.Time{}
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// TestNextDueBusyBoxGap: BusyBox walks real minutes and loses a
// fixed-time job's run in Dublin's spring gap (no catch-up), so the
// run after 2021-03-27 01:30 is 03-29 01:30 with the note "skipped in
// a gap", as Schedule.Note says of the lost 03-28 run; NextDue said
// "caught up after a gap" (Debian's rule) before.
func TestNextDueBusyBoxGap(t *testing.T) {
	dublin := mustLoc(t, "Europe/Dublin")
	s, err := cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect: cronsim.Debian}.Parse("30 1 * * *")
	if err != nil {
		t.Fatal(err)
	}
	d := cronsim.NextDue(s, dublin, mustTime(t, "2021-03-27T01:30:00Z"), time.Minute)
	got := []string{fmtTime(d.At), d.Note.String()}
	want := []string{"2021-03-29T01:30:00+01:00", "skipped in a gap"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("BusyBox NextDue: (-want +got)\n%s", diff)
	}
	// The wildcard job in the repeated hour of the fall-back runs again
	// at the second 01:30.
	d = cronsim.NextDue(s, dublin, mustTime(t, "2021-10-30T00:30:00Z"), time.Minute)
	if got := []string{fmtTime(d.At), d.Note.String()}; !cmp.Equal(got, []string{"2021-10-31T01:30:00+01:00", "on time"}) {
		t.Errorf("BusyBox fall-back, first pass: %v", got)
	}
	d = cronsim.NextDue(s, dublin, mustTime(t, "2021-10-31T00:30:00Z"), time.Minute)
	if got := []string{fmtTime(d.At), d.Note.String()}; !cmp.Equal(got, []string{"2021-10-31T01:30:00Z", "repeated in a fall-back"}) {
		t.Errorf("BusyBox fall-back, second pass: %v", got)
	}
}

// TestVerdict: one case per state and reason. Debian's starts of these
// lines are at second :01 of their minute (conformance/corpus); the
// Dublin catch-up of "0-59 1 * * *" (60 starts at 02:00 IST) is
// recorded in bookworm-dublin-2021-spring-seed.json.
func TestVerdict(t *testing.T) {
	type result struct {
		State, Reason, Slot, Due, Deadline string
		Allowance, CatchUp                 time.Duration
		Expected, Missed                   int
		Note                               string
		Gap                                bool
	}
	day := "30 1 * * *"
	tests := []struct {
		name, expr, zone    string
		check               cronsim.Check
		start, prev, finish string
		now                 string
		want                result
	}{
		{"on time", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:01Z", "", "", "2021-06-01T12:00:00Z",
			result{"up", "ping_on_time", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"2 s early", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:29:59Z", "", "", "2021-06-01T12:00:00Z",
			result{"up", "ping_early", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"2 s early, no tolerance", day, "UTC", cronsim.Check{Grace: time.Minute, Early: -1}, "2021-06-01T01:29:59Z", "", "", "2021-06-01T12:00:00Z",
			result{"late", "start_overdue", "2021-05-31T01:30:00Z", "2021-06-01T01:30:00Z", "2021-06-01T01:31:10Z", 10 * time.Second, 0, 1, 1, "on_time", false}},
		{"late ping", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:33:00Z", "", "", "2021-06-01T12:00:00Z",
			result{"up", "ping_late", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"in grace", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:01Z", "", "", "2021-06-02T01:30:30Z",
			result{"grace", "start_due", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"late", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:01Z", "", "", "2021-06-02T01:31:11Z",
			result{"late", "start_overdue", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 1, "on_time", false}},
		{"silent 4 days", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:01Z", "", "", "2021-06-05T12:00:00Z",
			result{"late", "start_overdue", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 4, "on_time", false}},
		{"missed between pings", "*/5 * * * *", "UTC", cronsim.Check{Grace: 5 * time.Minute}, "2021-06-01T01:30:01Z", "2021-06-01T01:20:01Z", "", "2021-06-01T01:31:00Z",
			result{"missed", "starts_missed", "2021-06-01T01:30:00Z", "2021-06-01T01:35:00Z", "2021-06-01T01:40:10Z", 10 * time.Second, 0, 1, 1, "on_time", false}},
		{"duplicate", day, "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:02Z", "2021-06-01T01:30:01Z", "", "2021-06-01T12:00:00Z",
			result{"up", "ping_repeat", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"new", day, "UTC", cronsim.Check{Grace: time.Minute}, "", "", "", "2021-06-01T12:00:00Z",
			result{"new", "no_ping_yet", "", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"never runs", "0 0 30 2 *", "UTC", cronsim.Check{Grace: time.Minute}, "", "", "", "2021-06-01T12:00:00Z",
			result{"never", "never_runs", "", "", "", 0, 0, 0, 0, "on_time", false}},
		{"no run after the ping", "@reboot", "UTC", cronsim.Check{Grace: time.Minute}, "2021-06-01T01:30:01Z", "", "", "2021-06-01T12:00:00Z",
			result{"never", "never_runs", "", "", "", 0, 0, 0, 0, "on_time", false}},
		{"running too long", day, "UTC", cronsim.Check{Grace: time.Minute, MaxRuntime: 10 * time.Minute}, "2021-06-01T01:30:01Z", "", "2021-05-31T01:31:00Z", "2021-06-01T01:41:00Z",
			result{"running_too_long", "max_runtime_exceeded", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		{"finished", day, "UTC", cronsim.Check{Grace: time.Minute, MaxRuntime: 10 * time.Minute}, "2021-06-01T01:30:01Z", "", "2021-06-01T01:35:00Z", "2021-06-01T01:41:00Z",
			result{"up", "ping_on_time", "2021-06-01T01:30:00Z", "2021-06-02T01:30:00Z", "2021-06-02T01:31:10Z", 10 * time.Second, 0, 1, 0, "on_time", false}},
		// Dublin's spring gap: 60 starts at 02:00 IST, a forward gap.
		{"catch-up burst", "0-59 1 * * *", "Europe/Dublin", cronsim.Check{Grace: time.Minute}, "2021-03-27T01:59:01Z", "", "", "2021-03-27T12:00:00Z",
			result{"up", "ping_on_time", "2021-03-27T01:59:00Z", "2021-03-28T02:00:00+01:00", "2021-03-28T02:01:10+01:00", 10 * time.Second, 0, 60, 0, "caught_up_after_gap", true}},
		// ... with 75-second jobs: 61 caught-up minutes at up to 12 s.
		{"slow catch-up", "0-59 1 * * *", "Europe/Dublin", cronsim.Check{Grace: time.Minute, JobDuration: 75 * time.Second}, "2021-03-27T01:59:01Z", "", "", "2021-03-28T01:05:00Z",
			result{"grace", "start_due", "2021-03-27T01:59:00Z", "2021-03-28T02:00:00+01:00", "2021-03-28T02:13:22+01:00", 10*time.Second + 732*time.Second, 732 * time.Second, 60, 0, "caught_up_after_gap", true}},
		// A wildcard job after the gap, delayed by others' catch-up.
		{"slow catch-up, wildcard", "*/5 * * * *", "Europe/Dublin", cronsim.Check{Grace: time.Minute, JobDuration: 75 * time.Second}, "2021-03-28T02:00:01+01:00", "", "", "2021-03-28T01:03:00Z",
			result{"up", "ping_on_time", "2021-03-28T02:00:00+01:00", "2021-03-28T02:05:00+01:00", "2021-03-28T02:13:22+01:00", 10*time.Second + 432*time.Second, 432 * time.Second, 1, 0, "on_time", false}},
		// BusyBox loses the 01:30 run in the gap.
		{"BusyBox gap", "busybox:30 1 * * *", "Europe/Dublin", cronsim.Check{Grace: time.Minute}, "2021-03-27T01:30:00Z", "", "", "2021-03-28T01:10:00Z",
			result{"up", "ping_on_time", "2021-03-27T01:30:00Z", "2021-03-29T01:30:00+01:00", "2021-03-29T01:31:05+01:00", 5 * time.Second, 0, 1, 0, "skipped_in_gap", true}},
	}
	for _, tc := range tests {
		var s cronsim.Schedule
		var err error
		if rest, ok := strings.CutPrefix(tc.expr, "busybox:"); ok {
			s, err = cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect: cronsim.Debian}.Parse(rest)
		} else {
			s, err = cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse(tc.expr)
		}
		if err != nil {
			t.Fatal(err)
		}
		c := tc.check
		c.Schedule, c.Location = s, mustLoc(t, tc.zone)
		v := c.Verdict(cronsim.Pings{Start: mustTime(t, tc.start), Prev: mustTime(t, tc.prev), Finish: mustTime(t, tc.finish)}, mustTime(t, tc.now))
		got := result{v.State.String(), v.Reason.String(), fmtTime(v.Slot), fmtTime(v.Due), fmtTime(v.Deadline), v.Allowance, v.CatchUp, v.ExpectedStarts, v.Missed, v.Note.Code(), v.Gap}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tc.name, diff)
		}
	}
}

// TestVerdictBusyBoxWithholdsRunning: BusyBox crond does not start a line
// while its last job runs ("process already running"), and reaps the job
// at a 10-second wake-up: an every-minute line whose jobs run 130 s starts
// every third minute (conformance/corpus/busybox-newyork-2021-spring-slow-mix-a.json,
// line 26). Those gaps are neither missed nor due; Debian's cron starts
// the line every minute.
func TestVerdictBusyBoxWithholdsRunning(t *testing.T) {
	at := func(m, s int) time.Time { return time.Date(2021, 6, 15, 10, m, s, 500, time.UTC) }
	for _, tc := range []struct {
		daemon     cronsim.Daemon
		missed     int
		due        time.Time
		stateAfter cronsim.State
	}{
		{cronsim.BusyBox, 0, time.Date(2021, 6, 15, 10, 7, 0, 0, time.UTC), cronsim.StateUp},
		{cronsim.DebianCron, 2, time.Date(2021, 6, 15, 10, 5, 0, 0, time.UTC), cronsim.StateMissed},
	} {
		s, err := cronsim.ParseOptions{Daemon: tc.daemon, Dialect: cronsim.Debian}.Parse("* * * * *")
		if err != nil {
			t.Fatal(err)
		}
		c := cronsim.Check{Schedule: s, JobDuration: 130 * time.Second}
		v := c.Verdict(cronsim.Pings{Prev: at(1, 0), Start: at(4, 0)}, at(4, 30))
		if v.Missed != tc.missed || !v.Due.Equal(tc.due) || v.State != tc.stateAfter {
			t.Errorf("%v: missed %d, due %s, state %v; want %d, %s, %v", tc.daemon, v.Missed, v.Due.Format("15:04:05"), v.State, tc.missed, tc.due.Format("15:04:05"), tc.stateAfter)
		}
	}
}
