package cronsim

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// sdStart is a Start as the tests compare it: the clock reading (UTC,
// to the second), the reason and the window.
type sdStart struct {
	Line   int
	Time   string
	Reason Reason
	Window time.Duration
}

func sdTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func timerOf(t *testing.T, spec string, tm Timer) Schedule {
	t.Helper()
	s, err := ParseOptions{Daemon: Systemd}.Parse(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s.WithTimer(tm)
}

func sdRun(t *testing.T, sim Simulation) []sdStart {
	t.Helper()
	sim.Daemon = Systemd
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	var out []sdStart
	for _, st := range starts {
		out = append(out, sdStart{st.Line, st.Time.UTC().Format(time.RFC3339), st.Reason, st.Window})
	}
	return out
}

// exact is AccuracySec=1us, for starts on the elapse.
var exact = Timer{Accuracy: time.Microsecond}

func TestSystemdSimulation(t *testing.T) {
	dublin, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Fatal(err)
	}
	ts := func(s string) time.Time { return sdTime(t, s) }
	us := time.Microsecond
	cases := []struct {
		name string
		sim  Simulation
		want []sdStart
	}{{
		// timer_enter_waiting: the first elapse strictly after the
		// activation, then after each trigger; the window is the
		// default AccuracySec= of one minute.
		name: "steady, default accuracy",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*-*-* 10:00", Timer{})},
			Start: ts("2021-06-01T09:00:00Z"), End: ts("2021-06-03T11:00:00Z")},
		want: []sdStart{{0, "2021-06-01T10:00:00Z", ReasonOnTime, time.Minute}, {0, "2021-06-02T10:00:00Z", ReasonOnTime, time.Minute}, {0, "2021-06-03T10:00:00Z", ReasonOnTime, time.Minute}},
	}, {
		// timer_time_change after a forward set: the first elapse after
		// the last trigger has passed and starts at once; the other
		// elapses the clock skipped (11:00, 12:00) are lost.
		name: "forward clock set: one catch-up",
		sim: Simulation{Lines: []Schedule{timerOf(t, "hourly", exact)},
			Start: ts("2021-06-01T09:30:00Z"), End: ts("2021-06-01T14:30:00Z"),
			ClockSets: []ClockSet{{At: ts("2021-06-01T10:30:00Z"), To: ts("2021-06-01T12:40:00Z")}}},
		want: []sdStart{{0, "2021-06-01T10:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T12:40:00Z", ReasonLate, us}, {0, "2021-06-01T13:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T14:00:00Z", ReasonOnTime, us}},
	}, {
		// timer_time_change after a backward set: the last trigger
		// (12:00) is in the future and moves to now, so 11:00 and
		// 12:00 come again.
		name: "backward clock set: elapses again",
		sim: Simulation{Lines: []Schedule{timerOf(t, "hourly", exact)},
			Start: ts("2021-06-01T11:30:00Z"), End: ts("2021-06-01T13:30:00Z"),
			ClockSets: []ClockSet{{At: ts("2021-06-01T12:30:00Z"), To: ts("2021-06-01T10:50:00Z")}}},
		want: []sdStart{{0, "2021-06-01T12:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T11:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T12:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T13:00:00Z", ReasonOnTime, us}},
	}, {
		// Before its first trigger a timer arms from its activation
		// time (inactive_exit_timestamp), which a backward set does not
		// move: the elapses before it do not come.
		name: "backward clock set before the first trigger",
		sim: Simulation{Lines: []Schedule{timerOf(t, "hourly", exact)},
			Start: ts("2021-06-01T11:30:00Z"), End: ts("2021-06-01T12:30:00Z"),
			ClockSets: []ClockSet{{At: ts("2021-06-01T11:40:00Z"), To: ts("2021-06-01T09:50:00Z")}}},
		want: []sdStart{{0, "2021-06-01T12:00:00Z", ReasonOnTime, us}},
	}, {
		// Before its first trigger, a forward set: the first elapse
		// after the activation has passed and starts at once.
		name: "forward clock set before the first trigger",
		sim: Simulation{Lines: []Schedule{timerOf(t, "hourly", exact)},
			Start: ts("2021-06-01T09:30:00Z"), End: ts("2021-06-01T13:30:00Z"),
			ClockSets: []ClockSet{{At: ts("2021-06-01T09:40:00Z"), To: ts("2021-06-01T12:20:00Z")}}},
		want: []sdStart{{0, "2021-06-01T12:20:00Z", ReasonLate, us}, {0, "2021-06-01T13:00:00Z", ReasonOnTime, us}},
	}, {
		// A suspend: the realtime timer has passed at resume (and the
		// kernel reports a clock change): one start, Persistent or not.
		name: "suspend: one start at resume",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*:0/15", exact), timerOf(t, "*:0/15", Timer{Accuracy: us, Persistent: true})},
			Start: ts("2021-06-01T09:50:00Z"), End: ts("2021-06-01T11:20:00Z"),
			Pauses: []Pause{{From: ts("2021-06-01T10:05:00Z"), To: ts("2021-06-01T11:02:00Z")}}},
		want: []sdStart{{0, "2021-06-01T10:00:00Z", ReasonOnTime, us}, {1, "2021-06-01T10:00:00Z", ReasonOnTime, us},
			{0, "2021-06-01T11:02:00Z", ReasonLate, us}, {1, "2021-06-01T11:02:00Z", ReasonLate, us},
			{0, "2021-06-01T11:15:00Z", ReasonOnTime, us}, {1, "2021-06-01T11:15:00Z", ReasonOnTime, us}},
	}, {
		// timer_start at boot: a Persistent= timer reads its last
		// trigger from its stamp file, so the missed elapse starts once,
		// at boot; the other timer waits for its next elapse.
		name: "power-off: Persistent= catches up once",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*:0/15", exact), timerOf(t, "*:0/15", Timer{Accuracy: us, Persistent: true})},
			Start: ts("2021-06-01T09:50:00Z"), End: ts("2021-06-01T11:20:00Z"),
			Stopped: []Pause{{From: ts("2021-06-01T10:05:00Z"), To: ts("2021-06-01T11:02:00Z")}}},
		want: []sdStart{{0, "2021-06-01T10:00:00Z", ReasonOnTime, us}, {1, "2021-06-01T10:00:00Z", ReasonOnTime, us},
			{1, "2021-06-01T11:02:00Z", ReasonLate, us},
			{0, "2021-06-01T11:15:00Z", ReasonOnTime, us}, {1, "2021-06-01T11:15:00Z", ReasonOnTime, us}},
	}, {
		// The timer waits for its service to end before it arms again:
		// a 70-minute job lets the next elapse pass and starts it once
		// at its end (11:10), then 12:00.
		name: "slow job: the elapse it outlasted starts at its end",
		sim: Simulation{Lines: []Schedule{timerOf(t, "hourly", exact)}, JobDuration: 70 * time.Minute,
			Start: ts("2021-06-01T09:30:00Z"), End: ts("2021-06-01T12:30:00Z")},
		want: []sdStart{{0, "2021-06-01T10:00:00Z", ReasonOnTime, us}, {0, "2021-06-01T11:10:00Z", ReasonLate, us}, {0, "2021-06-01T12:20:00Z", ReasonLate, us}},
	}, {
		// sd-event wakes once per accuracy window: with the default
		// minute, elapses every 20 s are coalesced and the next elapse
		// is armed after the trigger, so the timer starts once a minute
		// (here at the minute, the perturbation taken as zero).
		name: "accuracy coalesces dense elapses",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*:*:0/20", Timer{})},
			Start: ts("2021-06-01T10:00:05Z"), End: ts("2021-06-01T10:04:30Z")},
		want: []sdStart{{0, "2021-06-01T10:00:20Z", ReasonOnTime, time.Minute}, {0, "2021-06-01T10:01:20Z", ReasonOnTime, time.Minute}, {0, "2021-06-01T10:02:20Z", ReasonOnTime, time.Minute}, {0, "2021-06-01T10:03:20Z", ReasonOnTime, time.Minute}},
	}, {
		// calendar_spec_next_usec across Dublin's spring gap: 01:30
		// does not exist on 2021-03-28 and is not run that day
		// (systemd#5595); the window adds RandomizedDelaySec=.
		name: "spring gap skipped, randomized delay in the window",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*-*-* 01:30", Timer{RandomizedDelay: 5 * time.Minute})}, Location: dublin,
			Start: ts("2021-03-26T12:00:00Z"), End: ts("2021-03-29T12:00:00Z")},
		want: []sdStart{{0, "2021-03-27T01:30:00Z", ReasonOnTime, 6 * time.Minute}, {0, "2021-03-29T00:30:00Z", ReasonOnTime, 6 * time.Minute}},
	}, {
		// Dublin's fall-back repeats 01:00-02:00: a timer at 01:30
		// runs once, at the first occurrence (systemd#8647).
		name: "fall-back repeat runs once",
		sim: Simulation{Lines: []Schedule{timerOf(t, "*-*-* 01:30", exact)}, Location: dublin,
			Start: ts("2021-10-30T12:00:00Z"), End: ts("2021-11-01T12:00:00Z")},
		want: []sdStart{{0, "2021-10-31T00:30:00Z", ReasonOnTime, us}, {0, "2021-11-01T01:30:00Z", ReasonOnTime, us}},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, sdRun(t, c.sim)); diff != "" {
				t.Errorf("starts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSleepBetween holds sleepBetween to sd-event's sleep_between: the
// latest point of the minute at the perturbation, else of 10 s, 1 s,
// 250 ms, else the end of the window.
func TestSleepBetween(t *testing.T) {
	s := int64(time.Second)
	cases := []struct{ a, b, p, want int64 }{
		{600 * s, 660 * s, 0, 600 * s},                    // a minute's window from :00 wakes at :00 with p 0
		{600 * s, 660 * s, 17 * s, 617 * s},               // ... and at :17 with p 17 s
		{630 * s, 690 * s, 17 * s, 677 * s},               // an elapse at :30 wakes at the next :17
		{630 * s, 640 * s, 17 * s, 637 * s},               // 10 s of accuracy: the point of 10 s
		{630 * s, 631 * s, 17*s + s/2, 630*s + s/2},       // 1 s: the point of the second
		{630 * s, 630*s + s/10, 17 * s, 630 * s},          // 100 ms holding the point of the second (p%1s is 0)
		{630 * s, 630*s + s/10, 17*s + s/5, 630*s + s/10}, // 100 ms with no point inside: the end   // 100 ms with no point inside: the end
		{630 * s, 630*s + 1000, 17 * s, 630 * s},          // a microsecond: the start
		{630 * s, 630*s + s/2, 17*s + s/5, 630*s + s/5},   // 500 ms: the 250 ms point
	}
	for _, c := range cases {
		if got := sleepBetween(c.a, c.b, c.p); got != c.want {
			t.Errorf("sleepBetween(%d, %d, %d) = %d, want %d", c.a, c.b, c.p, got, c.want)
		}
	}
}

func TestSystemdSimulationValidates(t *testing.T) {
	ts := func(s string) time.Time { return sdTime(t, s) }
	cronLine, err := ParseOptions{}.Parse("0 * * * *")
	if err != nil {
		t.Fatal(err)
	}
	timer := timerOf(t, "hourly", Timer{})
	cases := []struct {
		sim   Simulation
		field string
	}{
		{Simulation{Daemon: Systemd, Lines: []Schedule{cronLine}}, "Lines[0]"},
		{Simulation{Daemon: DebianCron, Lines: []Schedule{timer}}, "Lines[0]"},
		{Simulation{Daemon: Systemd, Lines: []Schedule{timer.WithTimer(Timer{Accuracy: -time.Second})}}, "Lines[0]"},
		{Simulation{Daemon: DebianCron, Stopped: []Pause{{From: ts("2021-06-01T10:00:00Z"), To: ts("2021-06-01T11:00:00Z")}}}, "Stopped"},
		{Simulation{Daemon: Systemd, Stopped: []Pause{{From: ts("2021-06-01T10:00:00Z"), To: ts("2021-06-01T09:00:00Z")}}}, "Stopped[0].To"},
	}
	for i, c := range cases {
		c.sim.Start, c.sim.End = ts("2021-06-01T09:00:00Z"), ts("2021-06-01T12:00:00Z")
		_, err := c.sim.Run()
		var se *SimulationError
		if !errors.As(err, &se) || se.Field != c.field {
			t.Errorf("case %d: error %v, want one about %s", i, err, c.field)
		}
	}
}

// TestWithTimer: the settings stay with the schedule they were given
// to, and a cron schedule takes none.
func TestWithTimer(t *testing.T) {
	a := timerOf(t, "daily", Timer{})
	b := a.WithTimer(Timer{Accuracy: time.Second, Persistent: true})
	if a.Timer() != (Timer{}) || b.Timer() != (Timer{Accuracy: time.Second, Persistent: true}) {
		t.Errorf("Timer() = %+v and %+v", a.Timer(), b.Timer())
	}
	if b.Calendar().String() != a.Calendar().String() {
		t.Errorf("WithTimer changed the calendar: %s", b.Calendar())
	}
	c, _ := ParseOptions{}.Parse("0 * * * *")
	if got := c.WithTimer(Timer{Persistent: true}).Timer(); got != (Timer{}) {
		t.Errorf("a cron schedule took %+v", got)
	}
	if !strings.Contains(Systemd.Version(), "systemd") {
		t.Errorf("Systemd.Version() = %q", Systemd.Version())
	}
}

// TestSystemdLintDST: Lint reads a file of OnCalendar= values for
// systemd and names the transitions that skip or repeat their times with
// systemd's rule (skipped that day, a repeated time once).
func TestSystemdLintDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	r := Lint("*-*-* 02:30\nOnCalendar=*-*-* 01:30\n*-*-* 12:00\n", LintOptions{Daemon: Systemd, Location: ny, From: sdTime(t, "2021-01-01T00:00:00Z"), Horizon: 366 * 24 * time.Hour})
	var got []string
	for _, p := range r.Problems {
		got = append(got, fmt.Sprintf("%d %s", p.Line, p.Message[strings.LastIndex(p.Message, ";")+2:]))
	}
	want := []string{"1 systemd does not run it that day", "2 systemd runs it once"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
