package cronsim

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// runsBetween returns the iterator's runs in (from, to], formatted in the
// zone with offsets, at minute precision.
func runsBetween(t *testing.T, expr string, d Dialect, zone, from, to string) []string {
	t.Helper()
	s, err := ParseOptions{Dialect: d}.Parse(expr)
	if err != nil {
		t.Fatalf("ParseDialect(%q): %v", expr, err)
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	f, _ := time.Parse(time.RFC3339, from)
	e, _ := time.Parse(time.RFC3339, to)
	out := []string{}
	for r := range s.All(f.In(loc)) {
		if r.After(e) {
			break
		}
		out = append(out, r.Format("2006-01-02T15:04-07:00"))
	}
	return out
}

// The published observations of the blog post "How Debian Cron Handles
// DST Transitions", Europe/Dublin 2021, which the
// recordings conformance/corpus/*-dublin-2021-*-seed.json reproduce on a
// real Debian cron. The daemon starts jobs one
// second into the minute (01:30:01); the iterator gives the minute.
func TestSeedObservations(t *testing.T) {
	tests := []struct {
		name, expr, from, to string
		want                 []string
	}{
		{"exp1 spring", "30 * * * *", "2021-03-27T23:00:00Z", "2021-03-28T02:45:00Z",
			[]string{"2021-03-27T23:30+00:00", "2021-03-28T00:30+00:00", "2021-03-28T02:30+01:00", "2021-03-28T03:30+01:00"}},
		{"exp2 spring", "30 1 * * *", "2021-03-27T00:00:00Z", "2021-03-29T01:00:00Z",
			[]string{"2021-03-27T01:30+00:00", "2021-03-28T02:00+01:00", "2021-03-29T01:30+01:00"}},
		{"exp1 fall", "30 * * * *", "2021-10-30T23:00:00Z", "2021-10-31T02:45:00Z",
			[]string{"2021-10-31T00:30+01:00", "2021-10-31T01:30+01:00", "2021-10-31T01:30+00:00", "2021-10-31T02:30+00:00"}},
		{"exp2 fall", "30 1 * * *", "2021-10-29T23:00:00Z", "2021-11-01T01:45:00Z",
			[]string{"2021-10-30T01:30+01:00", "2021-10-31T01:30+01:00", "2021-11-01T01:30+00:00"}},
		{"exp3 spring", "0-59 1 * * *", "2021-03-27T01:56:30Z", "2021-03-28T01:00:30Z",
			[]string{"2021-03-27T01:57+00:00", "2021-03-27T01:58+00:00", "2021-03-27T01:59+00:00", "2021-03-28T02:00+01:00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runsBetween(t, tc.expr, Debian, "Europe/Dublin", tc.from, tc.to)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("%q: (-published +iterator)\n%s", tc.expr, d)
			}
		})
	}
}

// Cases worked out by hand from the timeDiff rules of cron.c (see dst.go),
// in the zones that break one-hour assumptions.
func TestTransitionRules(t *testing.T) {
	tests := []struct {
		name, expr, zone, from, to string
		want                       []string
	}{
		// New York, 2021-03-14 02:00 EST -> 03:00 EDT.
		{"NY fixed in gap", "30 2 * * *", "America/New_York", "2021-03-14T06:00:00Z", "2021-03-15T08:00:00Z",
			[]string{"2021-03-14T03:00-04:00", "2021-03-15T02:30-04:00"}},
		{"NY wildcard in gap", "*/20 2 * * *", "America/New_York", "2021-03-14T06:00:00Z", "2021-03-14T08:00:00Z",
			[]string{}},
		// New York, 2021-11-07 02:00 EDT -> 01:00 EST: 01:xx twice.
		{"NY fixed in repeat", "15 1 * * *", "America/New_York", "2021-11-07T04:00:00Z", "2021-11-07T08:00:00Z",
			[]string{"2021-11-07T01:15-04:00"}},
		{"NY wildcard in repeat", "15 * * * *", "America/New_York", "2021-11-07T04:30:00Z", "2021-11-07T07:30:00Z",
			[]string{"2021-11-07T01:15-04:00", "2021-11-07T01:15-05:00", "2021-11-07T02:15-05:00"}},
		// Lord Howe, 2021-10-03 02:00 +10:30 -> 02:30 +11: a 30-minute gap.
		{"Lord Howe fixed in gap", "10,40 2 * * *", "Australia/Lord_Howe", "2021-10-02T15:00:00Z", "2021-10-02T16:30:00Z",
			[]string{"2021-10-03T02:30+11:00", "2021-10-03T02:40+11:00"}},
		{"Lord Howe wildcard", "*/20 * * * *", "Australia/Lord_Howe", "2021-10-02T15:00:00Z", "2021-10-02T15:59:00Z",
			[]string{"2021-10-03T01:40+10:30", "2021-10-03T02:40+11:00"}},
		// Lord Howe, 2021-04-04 02:00 +11 -> 01:30 +10:30: 01:30-01:59 twice.
		{"Lord Howe wildcard in repeat", "45 * * * *", "Australia/Lord_Howe", "2021-04-03T14:00:00Z", "2021-04-03T16:30:00Z",
			[]string{"2021-04-04T01:45+11:00", "2021-04-04T01:45+10:30", "2021-04-04T02:45+10:30"}},
		{"Lord Howe fixed in repeat", "45 1 * * *", "Australia/Lord_Howe", "2021-04-03T14:00:00Z", "2021-04-03T16:00:00Z",
			[]string{"2021-04-04T01:45+11:00"}},
		// Apia skipped 2011-12-30 (-10 -> +14, 24 hours): a correction, so
		// the fixed job of the lost day is lost.
		{"Apia skipped day", "0 12 * * *", "Pacific/Apia", "2011-12-29T12:00:00Z", "2011-12-31T12:00:00Z",
			[]string{"2011-12-29T12:00-10:00", "2011-12-31T12:00+14:00"}},
		// Troll, 2021-03-28 01:00 UTC: +00 -> +02, a 2-hour gap.
		{"Troll fixed in gap", "30 2 * * *", "Antarctica/Troll", "2021-03-28T00:00:00Z", "2021-03-28T02:00:00Z",
			[]string{"2021-03-28T03:00+02:00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := runsBetween(t, tc.expr, Debian, tc.zone, tc.from, tc.to)
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("%q in %s: (-want +got)\n%s", tc.expr, tc.zone, d)
			}
		})
	}
}

// Starting inside a gap or in the second pass of a repeated hour must not
// return a time at or before the start.
func TestStartInsideTransition(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Dublin")
	starts := []time.Time{
		time.Date(2021, 10, 31, 1, 10, 0, 0, time.UTC), // second pass of 01:xx
		time.Date(2021, 10, 31, 0, 59, 59, 0, time.UTC),
		time.Date(2021, 3, 28, 1, 0, 0, 0, time.UTC), // first minute after the gap
	}
	for _, expr := range []string{"30 1 * * *", "* 1 * * *", "0-59 1 * * *", "*/7 * * * *"} {
		s := MustParse(expr)
		for _, st := range starts {
			if n := s.Next(st.In(loc)); !n.After(st) {
				t.Errorf("%q: Next(%s) = %s", expr, st, n)
			}
			if p := s.Prev(st.In(loc)); !p.Before(st) {
				t.Errorf("%q: Prev(%s) = %s", expr, st, p)
			}
		}
	}
}

// TestOffsetWithSeconds: Africa/Monrovia went from -00:44:30 to +00 at
// 1972-01-07T00:44:30Z (local midnight, 44 min 30 s forward). The daemon
// slept to the old offset's next minute, woke at 00:44:30Z (it started
// jobs at 00:44:31), read 00:44:30 and handled minute 00:44: the
// catch-up of the skipped fixed times and the wildcard jobs of 00:44,
// in UTC minute 00:44, not 00:45. The runs are the recorded ones
// (conformance/corpus/bookworm-monrovia-1972-offset-gen.json), in UTC
// minutes; before the change every local minute begins 30 s into a UTC
// minute (23:31 local is 00:15:30Z). Next and Prev (Backward) must agree.
func TestOffsetWithSeconds(t *testing.T) {
	loc, err := time.LoadLocation("Africa/Monrovia")
	if err != nil {
		t.Skip(err)
	}
	from := time.Date(1972, 1, 6, 23, 50, 0, 0, time.UTC)
	to := time.Date(1972, 1, 7, 1, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		expr string
		want []string
	}{
		{"015 00 * * *", []string{"00:44"}},
		{"31 0-23 * * *", []string{"00:15", "00:44"}},
		{"44-053/7 * * * 5-7", []string{"00:44", "00:51"}},
		{"* 0-1 * 1-5 5-7", []string{"00:44", "00:45", "00:46", "00:47", "00:48", "00:49", "00:50", "00:51", "00:52", "00:53", "00:54", "00:55", "00:56", "00:57", "00:58", "00:59"}},
	} {
		s, err := ParseOptions{Daemon: DebianCron}.Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		var fwd, back []string
		for r := range s.All(from.In(loc)) {
			if !r.Before(to) {
				break
			}
			if r.Before(time.Date(1972, 1, 7, 0, 44, 30, 0, time.UTC)) && r.Second() != 0 {
				t.Errorf("%q: run %v, want every run at the start of a local minute", tc.expr, r)
			}
			fwd = append(fwd, r.UTC().Format("15:04"))
		}
		for r := range s.Backward(to.In(loc)) {
			if r.Before(from) {
				break
			}
			back = append([]string{r.UTC().Format("15:04")}, back...)
		}
		if d := cmp.Diff(tc.want, fwd); d != "" {
			t.Errorf("%q: Next (-daemon +iterator)\n%s", tc.expr, d)
		}
		if d := cmp.Diff(tc.want, back); d != "" {
			t.Errorf("%q: Prev (-daemon +iterator)\n%s", tc.expr, d)
		}
	}
	s, _ := ParseOptions{Daemon: DebianCron}.Parse("015 00 * * *")
	if got, want := s.Next(from.In(loc)), time.Date(1972, 1, 7, 0, 44, 30, 0, time.UTC); !got.Equal(want) {
		t.Errorf("Next = %v, want the wake-up at the change, %v", got, want)
	}
}
