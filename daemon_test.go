package cronsim

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The expectations below are worked by hand from the daemons' sources
// (cronie src/cron.c and src/entry.c; BusyBox miscutils/crond.c), not
// produced by cronsim. Recordings of the daemons (conformance/corpus,
// with a daemon field) outrank them.

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Skip(err)
	}
	return loc
}

func TestDaemonNames(t *testing.T) {
	for _, d := range Daemons {
		for _, name := range []string{d.String(), strings.ToUpper(d.String())} {
			got, err := ParseDaemon(name)
			if err != nil || got != d {
				t.Errorf("ParseDaemon(%q) = %v, %v; want %v", name, got, err, d)
			}
		}
	}
	if _, err := ParseDaemon("vixie"); err == nil {
		t.Error("ParseDaemon(vixie): no error")
	}
	var d Daemon
	if err := d.UnmarshalText([]byte("busybox-crond")); err != nil || d != BusyBox {
		t.Errorf("UnmarshalText: %v %v", d, err)
	}
	if (Schedule{}).Daemon() != DebianCron || MustParse("* * * * *").Daemon() != DebianCron {
		t.Error("the default daemon is not Debian's cron")
	}
}

// runsFrom lists the first n runs after from.
func runsFrom(s Schedule, from time.Time, n int) []string {
	var out []string
	for r := range s.All(from) {
		out = append(out, r.Format(time.RFC3339))
		if len(out) == n {
			break
		}
	}
	return out
}

func TestDaemonIteratorDublin(t *testing.T) {
	dub := mustLoad(t, "Europe/Dublin")
	spring := time.Date(2021, 3, 27, 23, 0, 0, 0, time.UTC).In(dub)
	fall := time.Date(2021, 10, 30, 23, 0, 0, 0, time.UTC).In(dub)
	cases := []struct {
		d      Daemon
		expr   string
		from   time.Time
		n      int
		want   []string
		reason string
	}{
		// BusyBox matches each real minute's wall time: 01:30 does not
		// exist on 2021-03-28, so that day has no run.
		{BusyBox, "30 1 * * *", spring, 2, []string{"2021-03-29T01:30:00+01:00", "2021-03-30T01:30:00+01:00"}, "spring gap skipped"},
		// ... and 01:30 happens twice on 2021-10-31.
		{BusyBox, "30 1 * * *", fall, 3, []string{"2021-10-31T01:30:00+01:00", "2021-10-31T01:30:00Z", "2021-11-01T01:30:00Z"}, "fall repeat run twice"},
		// cronie's timeDiff rules are Debian's for a one-hour change: the
		// fixed-time job runs at 02:00 IST, once in the repeated hour.
		{Cronie, "30 1 * * *", spring, 2, []string{"2021-03-28T02:00:00+01:00", "2021-03-29T01:30:00+01:00"}, "forward catch-up"},
		{Cronie, "30 1 * * *", fall, 2, []string{"2021-10-31T01:30:00+01:00", "2021-11-01T01:30:00Z"}, "backward hold"},
		{DebianCron, "30 1 * * *", spring, 1, []string{"2021-03-28T02:00:00+01:00"}, "Debian unchanged"},
	}
	for _, c := range cases {
		s, err := ParseOptions{Daemon: c.d, Dialect: Debian}.Parse(c.expr)
		if err != nil {
			t.Fatalf("%v %q: %v", c.d, c.expr, err)
		}
		if s.Daemon() != c.d {
			t.Errorf("%v.Parse: schedule for %v", c.d, s.Daemon())
		}
		if diff := cmp.Diff(c.want, runsFrom(s, c.from, c.n)); diff != "" {
			t.Errorf("%v %q (%s): -want +got\n%s", c.d, c.expr, c.reason, diff)
		}
		// Prev mirrors Next.
		if len(c.want) > 1 {
			last, _ := time.Parse(time.RFC3339, c.want[len(c.want)-1])
			prev, _ := time.Parse(time.RFC3339, c.want[len(c.want)-2])
			if got := s.Prev(last.In(c.from.Location())); !got.Equal(prev) {
				t.Errorf("%v %q: Prev(%v) = %v, want %v", c.d, c.expr, last, got, prev)
			}
		}
	}
}

func TestCronieZoneJob(t *testing.T) {
	// A CRON_TZ job walks real minutes in its own zone: New York's
	// 2021-03-14 gap (02:00-02:59 EST does not exist) loses "30 2 * * *".
	s, err := ParseOptions{Daemon: Cronie, Dialect: Debian}.Parse("CRON_TZ=America/New_York 30 2 * * *")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2021, 3, 13, 12, 0, 0, 0, time.UTC)
	want := []string{"2021-03-13T02:30:00-05:00", "2021-03-15T02:30:00-04:00"}
	if diff := cmp.Diff(want, runsFrom(s, from.Add(-24*time.Hour), 2)); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}
	// The same line without a zone of its own is a fixed-time job of the
	// daemon's zone: caught up at 03:00 EDT.
	s, _ = ParseOptions{Daemon: Cronie, Dialect: Debian}.Parse("30 2 * * *")
	ny := mustLoad(t, "America/New_York")
	if got := s.Next(time.Date(2021, 3, 14, 6, 0, 0, 0, time.UTC).In(ny)).Format(time.RFC3339); got != "2021-03-14T03:00:00-04:00" {
		t.Errorf("cronie fixed-time job in its daemon's zone: %s", got)
	}
}

func TestCronieParser(t *testing.T) {
	cases := []struct {
		expr    string
		want    string // canonical text, or "" for an error
		err     error
		debian  bool // Debian's crontab accepts it
		comment string
	}{
		{"5;x * * * *", "", ErrSyntax, true, "get_range: a number must be followed by -, ~ or a separator"},
		{"*-5 * * * *", "", ErrSyntax, true, "state R_AST: only / or a separator after *"},
		{"70-3 * * * *", "never", nil, false, "no check of a range's ends before the loop"},
		{"5-70 * * * *", "", ErrSyntax, false, "set_element fails at 60"},
		{"*/0 * * * *", "", ErrSyntax, false, "step != 0"},
		{"1/20 * * * *", "", ErrSyntax, false, "no step after a single number"},
		{"~ * * * *", "", ErrRandom, false, "R_RANDOM"},
		{"10~20 * * * *", "", ErrRandom, true, "R_NUM1 then ~ (Debian reads 10 and skips the rest)"},
		{"0 0 * * 7", "0 0 * * 0", nil, true, "Sunday is 0 and 7"},
		{"0 0 * jan-mar sun", "0 0 * 1-3 0", nil, true, "names"},
		{"*/15 * * * *", "*/15 * * * *", nil, true, ""},
		{"@daily", "@daily", nil, true, ""},
		{"@Daily", "", ErrSyntax, false, "strcmp: case-sensitive"},
	}
	for _, c := range cases {
		s, err := ParseOptions{Daemon: Cronie, Dialect: Debian}.Parse(c.expr)
		switch {
		case c.err != nil:
			if !errors.Is(err, c.err) {
				t.Errorf("%q (%s): err %v, want %v", c.expr, c.comment, err, c.err)
			}
		case err != nil:
			t.Errorf("%q (%s): %v", c.expr, c.comment, err)
		case c.want == "never":
			if !s.Never() {
				t.Errorf("%q (%s): runs (%s)", c.expr, c.comment, s)
			}
		case s.String() != c.want:
			t.Errorf("%q (%s): %q, want %q", c.expr, c.comment, s.String(), c.want)
		}
		if _, derr := (ParseOptions{Dialect: Debian}).Parse(c.expr); (derr == nil) != c.debian {
			t.Errorf("%q: Debian accepts: %v, want %v", c.expr, derr == nil, c.debian)
		}
	}
	var pe *ParseError
	if _, err := (ParseOptions{Daemon: Cronie, Dialect: Debian}).Parse("0 3~5 * * *"); !errors.As(err, &pe) || pe.Field != FieldHour || pe.Column != 3 || !strings.Contains(pe.Reason, "3-5") {
		t.Errorf("random hour: %v", err)
	}
}

func TestBusyBoxParser(t *testing.T) {
	type day struct{ y, m, d int }
	runsOn := func(s Schedule, days ...day) []bool {
		var out []bool
		for _, d := range days {
			out = append(out, s.Match(time.Date(d.y, time.Month(d.m), d.d, 0, 0, 0, 0, time.UTC)))
		}
		return out
	}
	// 2021-03-01 is a Monday; 2021-03-02 a Tuesday; 2021-03-03 a
	// Wednesday; 2021-03-06 a Saturday; 2021-03-07 a Sunday.
	days := []day{{2021, 3, 1}, {2021, 3, 2}, {2021, 3, 3}, {2021, 3, 6}, {2021, 3, 7}}
	cases := []struct {
		expr    string
		debian  []bool
		busybox []bool
		comment string
	}{
		// Debian: "*/2" starts with * → AND: odd days that are weekdays.
		// BusyBox: "*" spans cl_Days[0..31], so "*/2" sets the even
		// days; both arrays restricted → OR: even days or weekdays.
		{"0 0 */2 * 1-5", []bool{true, false, true, false, false}, []bool{true, true, true, true, false}, "star prefix vs fullness; */2 from day 0"},
		// BusyBox: days 0-31 fill cl_Days wholly, so only the weekday
		// counts (Debian rejects day 0).
		{"0 0 0-31 * 6", nil, []bool{false, false, false, true, false}, "a full day array is unused"},
		// "1-31" leaves cl_Days[0] empty: the day array counts as used,
		// so Saturday OR days 1-31: every day.
		{"0 0 1-31 * 6", []bool{true, true, true, true, true}, []bool{true, true, true, true, true}, "cl_Days[0]"},
	}
	for _, c := range cases {
		bb, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Parse(c.expr)
		if err != nil {
			t.Fatalf("%q: %v", c.expr, err)
		}
		if diff := cmp.Diff(c.busybox, runsOn(bb, days...)); diff != "" {
			t.Errorf("BusyBox %q (%s): -want +got\n%s", c.expr, c.comment, diff)
		}
		if c.debian == nil {
			continue
		}
		deb, err := ParseOptions{Dialect: Debian}.Parse(c.expr)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.debian, runsOn(deb, days...)); diff != "" {
			t.Errorf("Debian %q: -want +got\n%s", c.expr, diff)
		}
	}
	// Lines BusyBox skips, and fields it logs but keeps.
	skipped := []string{"0 0 * * 1#2 cmd", "@often cmd", "0 0 * * *"}
	for _, line := range skipped {
		if e, err := (ParseOptions{Daemon: BusyBox, Dialect: Debian}).Entry(line); err != nil || e.Kind != EntryComment {
			t.Errorf("%q: %v %v, want skipped", line, e.Kind, err)
		}
	}
	e, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Entry("60 * * * * cmd")
	if !errors.Is(err, ErrMangled) || e.Kind != EntryJob || e.Schedule.minute != 1<<60-1 {
		t.Errorf("minute 60: the fill loop runs until its failsafe and sets every minute; got %v %x", err, e.Schedule.minute)
	}
	if e, err := (ParseOptions{Daemon: BusyBox, Dialect: Debian}).Entry("*/0 * * * * cmd"); err != nil || e.Schedule.minute != 1 {
		t.Errorf("*/0: strtol gives skip 0, so only the first value is set; got %v %x", err, e.Schedule.minute)
	}
	if e, _ := (ParseOptions{Daemon: BusyBox, Dialect: Debian}).Entry("50-10 * * * * cmd"); e.Schedule.minute != (1<<60-1)&^(1<<50-1)|(1<<11-1) {
		t.Errorf("50-10 wraps round the field: %x", e.Schedule.minute)
	}
}

// simStarts runs a simulation and lists "line@clock" for each start.
func simStarts(t *testing.T, sim Simulation) []string {
	t.Helper()
	starts, err := sim.Run()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, st := range starts {
		out = append(out, sim.Lines[st.Line].String()+"@"+st.Time.Format("15:04"))
	}
	return out
}

func TestBusyBoxDisparity(t *testing.T) {
	at := func(h, m, s int) time.Time { return time.Date(2021, 6, 1, h, m, s, 0, time.UTC) }
	lines := []Schedule{}
	for _, e := range []string{"* * * * *", "15 0 * * *"} {
		s, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Parse(e)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	// +59 min at 00:05:30: the wake-up at 01:05:00 sees dt = 3600 s, not
	// over an hour: every minute of (00:05, 01:05] is flagged, each line
	// once.
	got := simStarts(t, Simulation{Daemon: BusyBox, Lines: lines, Start: at(0, 2, 30), End: at(1, 7, 0),
		ClockSets: []ClockSet{{At: at(0, 5, 30), To: at(1, 4, 30)}}})
	want := []string{"* * * * *@00:03", "* * * * *@00:04", "* * * * *@00:05", "* * * * *@01:05", "15 0 * * *@01:05", "* * * * *@01:06"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("+59 min: -want +got\n%s", diff)
	}
	// +60 min: dt = 3660 s, "time disparity": nothing runs at that
	// wake-up, and the next counts from it.
	got = simStarts(t, Simulation{Daemon: BusyBox, Lines: lines, Start: at(0, 2, 30), End: at(1, 8, 0),
		ClockSets: []ClockSet{{At: at(0, 5, 30), To: at(1, 5, 30)}}})
	want = []string{"* * * * *@00:03", "* * * * *@00:04", "* * * * *@00:05", "* * * * *@01:07"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("+60 min: -want +got\n%s", diff)
	}
	// -30 min: nothing at that wake-up (dt < 0); from the next, the
	// re-lived minutes run again.
	got = simStarts(t, Simulation{Daemon: BusyBox, Lines: lines[:1], Start: at(0, 2, 30), End: at(0, 8, 0),
		ClockSets: []ClockSet{{At: at(0, 5, 30), To: at(0, 5, 30).Add(-30 * time.Minute)}}})
	want = []string{"* * * * *@00:03", "* * * * *@00:04", "* * * * *@00:05"}
	for m := 37; m < 60; m++ {
		want = append(want, "* * * * *@23:"+twoDigits(m))
	}
	for m := 0; m < 8; m++ {
		want = append(want, "* * * * *@00:0"+twoDigits(m)[1:])
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-30 min: -want +got\n%s", diff)
	}
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func TestCronieBackwardThreshold(t *testing.T) {
	// A clock set of -3 h 1 min made while the daemon sleeps is seen as
	// timeDiff -180: Debian's cron takes it as a clock correction and
	// runs the fixed-time job at 08:00 again; cronie's threshold is
	// "< -(3 * MINUTE_COUNT)", so it holds fixed-time jobs back until
	// the clock passes 10:05 again.
	at := func(h, m, s int) time.Time { return time.Date(2021, 6, 1, h, m, s, 0, time.UTC) }
	for _, c := range []struct {
		d    Daemon
		want int
	}{{DebianCron, 1}, {Cronie, 0}} {
		s, err := ParseOptions{Daemon: c.d, Dialect: Debian}.Parse("0 8 * * *")
		if err != nil {
			t.Fatal(err)
		}
		got := simStarts(t, Simulation{Daemon: c.d, Lines: []Schedule{s}, Start: at(10, 0, 30), End: at(9, 0, 0),
			ClockSets: []ClockSet{{At: at(10, 5, 30), To: at(7, 4, 30)}}})
		if len(got) != c.want {
			t.Errorf("%v: %v, want %d starts", c.d, got, c.want)
		}
	}
}

func TestCronieOffsetOnFlagFlip(t *testing.T) {
	// Europe/Moscow, 2014-10-26 02:00 MSK (+04) became 01:00 MSK (+03);
	// both are standard time (tm_isdst 0), so cronie keeps +04 until it
	// restarts: "30 5 * * *" runs at 05:30 +04 (01:30Z), where Debian's
	// cron runs it at 05:30 +03 (02:30Z).
	msk := mustLoad(t, "Europe/Moscow")
	before, after := time.Date(2014, 10, 25, 21, 0, 0, 0, time.UTC), time.Date(2014, 10, 25, 23, 0, 0, 0, time.UTC)
	if before.In(msk).IsDST() || after.In(msk).IsDST() {
		t.Skip("this tz database marks Moscow 2014 as daylight saving time")
	}
	for _, c := range []struct {
		d    Daemon
		want string
	}{{DebianCron, "02:30"}, {Cronie, "01:30"}} {
		s, _ := ParseOptions{Daemon: c.d, Dialect: Debian}.Parse("30 5 * * *")
		got := simStarts(t, Simulation{Daemon: c.d, Location: msk, Lines: []Schedule{s}, Start: before, End: before.Add(8 * time.Hour)})
		if diff := cmp.Diff([]string{"30 5 * * *@" + c.want}, got); diff != "" {
			t.Errorf("%v: -want +got (UTC)\n%s", c.d, diff)
		}
	}
}

func TestCronieZoneJobsHeldDuringDaemonChange(t *testing.T) {
	// The daemon runs in Europe/Dublin; a CRON_TZ=Asia/Tokyo job at
	// 10:30 Tokyo (01:30 UTC) on 2021-10-31 falls in Dublin's repeated
	// hour (01:00-01:59 GMT re-lived): cronie's "negative" case runs
	// wildcard jobs only, so the fixed-time zone job is lost that day
	// (find_jobs with doNonWild false).
	dub := mustLoad(t, "Europe/Dublin")
	r := CrontabReader{Options: ParseOptions{Daemon: Cronie, Dialect: Debian}}
	if _, err := r.Entry("CRON_TZ=Asia/Tokyo"); err != nil {
		t.Fatal(err)
	}
	e, err := r.Entry("30 10 * * * job")
	if err != nil || e.Schedule.Location() == nil {
		t.Fatalf("%v %v", e, err)
	}
	start := time.Date(2021, 10, 30, 0, 0, 0, 0, time.UTC)
	got := simStarts(t, Simulation{Daemon: Cronie, Location: dub, Lines: []Schedule{e.Schedule}, Start: start, End: start.Add(72 * time.Hour)})
	want := []string{"CRON_TZ=Asia/Tokyo 30 10 * * *@01:30", "CRON_TZ=Asia/Tokyo 30 10 * * *@01:30"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}
	// Next knows nothing of the daemon's zone: it gives the 31st too.
	if n := runsFrom(e.Schedule, start, 3); n[1] != "2021-10-31T10:30:00+09:00" {
		t.Errorf("Next: %v", n)
	}
}

func TestCronieRandomDelayWindow(t *testing.T) {
	r := CrontabReader{Options: ParseOptions{Daemon: Cronie, Dialect: Debian}}
	for _, l := range []string{"RANDOM_DELAY=10", "RANDOM_DELAY=99999"} {
		if _, err := r.Entry(l); err != nil {
			t.Fatal(err)
		}
	}
	e, _ := r.Entry("30 1 * * * job")
	if e.Schedule.RandomDelay() != 10*time.Minute {
		t.Errorf("RandomDelay %v; want 10m (a value over 1440 is refused and the last good one kept)", e.Schedule.RandomDelay())
	}
	start := time.Date(2021, 6, 1, 0, 0, 0, 0, time.UTC)
	starts, err := Simulation{Daemon: Cronie, Lines: []Schedule{e.Schedule}, Start: start, End: start.Add(2 * time.Hour)}.Run()
	if err != nil || len(starts) != 1 || starts[0].Window != 10*time.Minute || starts[0].Time.Format("15:04") != "01:30" {
		t.Errorf("%+v %v", starts, err)
	}
	// Debian's cron has no RANDOM_DELAY: no window.
	starts, _ = Simulation{Lines: []Schedule{e.Schedule}, Start: start, End: start.Add(2 * time.Hour)}.Run()
	if len(starts) != 1 || starts[0].Window != 0 {
		t.Errorf("Debian: %+v", starts)
	}
}

func TestLintCompareDaemons(t *testing.T) {
	dub := mustLoad(t, "Europe/Dublin")
	tab := "CRON_TZ=Asia/Tokyo\n30 1 * * * a\n0 0 */2 * 1-5 b\n5;x * * * * c\n"
	rep := Lint(tab, LintOptions{Dialect: Debian, Location: dub, From: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), Compare: Daemons})
	var got []string
	for _, p := range rep.Problems {
		if p.Kind == LintDaemon {
			got = append(got, p.Daemon.String()+":"+itoa(p.Line))
		}
	}
	want := []string{"cronie:1", "busybox:1", "cronie:2", "busybox:2", "cronie:3", "busybox:3", "cronie:4", "busybox:4"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LintDaemon problems: -want +got\n%s", diff)
		for _, p := range rep.Problems {
			t.Log(p.Line, p.Kind, p.Message)
		}
	}
	// Line 2 on BusyBox: no CRON_TZ there, but the spring gap skips it.
	rep = Lint("30 1 * * * a\n", LintOptions{Dialect: Debian, Location: dub, From: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), Compare: []Daemon{BusyBox}})
	found, fall := false, false
	for _, p := range rep.Problems {
		found = found || p.Kind == LintDaemon && strings.Contains(p.Message, "BusyBox crond not at all")
		// The fall repeat differs too (BusyBox runs it twice), and is
		// told with the spring difference, not hidden behind it.
		fall = fall || p.Kind == LintDaemon && strings.Contains(p.Message, "BusyBox crond at 01:30 IST, 01:30 GMT")
	}
	if !found {
		t.Errorf("no spring-gap difference reported: %+v", rep.Problems)
	}
	if !fall {
		t.Errorf("no fall-back difference reported: %+v", rep.Problems)
	}
	// An @ word kills Debian's busybox-static crond.
	rep = Lint("@daily /bin/true\n", LintOptions{Dialect: Debian, Compare: []Daemon{BusyBox}})
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Message, "dies (segmentation fault)") {
		t.Errorf("@daily on BusyBox: %+v", rep.Problems)
	}
	// Linting as BusyBox: the skipped line and the mangled one.
	rep = Lint("0 0 * * 1#2 a\n60 * * * * b\n", LintOptions{Daemon: BusyBox})
	if len(rep.Problems) != 2 || rep.Problems[0].Kind != LintRejected || rep.Problems[1].Kind != LintMangled {
		t.Errorf("as BusyBox: %+v", rep.Problems)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestNextAllocatesNothingPerDaemon(t *testing.T) {
	dub := mustLoad(t, "Europe/Dublin")
	from := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC).In(dub)
	for _, d := range Daemons {
		s, err := ParseOptions{Daemon: d, Dialect: Debian}.Parse("30 1 * * *")
		if err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(100, func() { s.Next(from) }); n != 0 {
			t.Errorf("%v: Next allocates %v times", d, n)
		}
	}
}

// FuzzDaemonParse: no daemon's parser panics or hangs, and what parses
// gives Next after and Prev before the instant, in a zone with
// transitions.
func FuzzDaemonParse(f *testing.F) {
	for _, s := range []string{"30 1 * * *", "*/0 * * * *", "50-10 * 0-31 * 7", "0 0 * 0 *", "~ 3~5 * * *", "@daily", "5;x *-5 * * 1#2", "99999999999 * * * *", "CRON_TZ=Asia/Tokyo 0 9 * * *"} {
		f.Add(s)
	}
	dub, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		f.Skip(err)
	}
	t0 := time.Date(2021, 3, 28, 0, 30, 0, 0, time.UTC).In(dub)
	f.Fuzz(func(t *testing.T, expr string) {
		for _, d := range Daemons {
			_, _ = ParseOptions{Daemon: d, Dialect: Debian}.Entry(expr + " cmd")
			s, err := ParseOptions{Daemon: d, Dialect: Debian}.Parse(expr)
			if err != nil {
				continue
			}
			if n := s.Next(t0); !n.IsZero() && !n.After(t0) {
				t.Fatalf("%v %q: Next(%v) = %v", d, expr, t0, n)
			}
			if p := s.Prev(t0); !p.IsZero() && !p.Before(t0) {
				t.Fatalf("%v %q: Prev(%v) = %v", d, expr, t0, p)
			}
		}
	})
}

// TestBusyBoxTenSecondWake: after starting any job, BusyBox crond's
// check_completions() finds the child still running and the daemon
// sleeps to the next 10-second mark. So a clock set of +58 min at
// 10:17:03 (the daemon last woke at 10:17:00) is seen at 10:17:10 by
// the old clock, 11:15:12 by the new: dt = 58 min 12 s, under an hour,
// and every line matching in (10:17:00, 11:15:12] starts then, once.
// Recorded: conformance/corpus/busybox-dublin-jump-plus-58m.json.
func TestBusyBoxTenSecondWake(t *testing.T) {
	dub := mustLoad(t, "Europe/Dublin")
	at := func(h, m, s int) time.Time { return time.Date(2021, 6, 15, h, m, s, 0, time.UTC) }
	// "17 * * * *" is the last job started at 10:17, as in the
	// recording: the job left unreaped (TestBusyBoxLastJobUnreaped).
	got := busyBoxStarts(t, dub, []string{"* * * * *", "*/5 * * * *", "17 * * * *"}, at(10, 15, 1), at(11, 21, 0),
		ClockSet{At: at(10, 17, 3), To: at(11, 15, 5)})
	want := []string{"* * * * *@10:16:00", "* * * * *@10:17:00", "17 * * * *@10:17:00", "* * * * *@11:15:12", "*/5 * * * *@11:15:12",
		"* * * * *@11:16:00", "* * * * *@11:17:00", "17 * * * *@11:17:00", "* * * * *@11:18:00", "* * * * *@11:19:00", "* * * * *@11:20:00", "*/5 * * * *@11:20:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}
}

// busyBoxStarts simulates BusyBox crond over the lines and returns each
// start as "line@hh:mm:ss" (UTC).
func busyBoxStarts(t *testing.T, loc *time.Location, exprs []string, start, end time.Time, sets ...ClockSet) []string {
	t.Helper()
	var lines []Schedule
	for _, e := range exprs {
		s, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Parse(e)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	starts, err := Simulation{Daemon: BusyBox, Location: loc, Lines: lines, Start: start, End: end, ClockSets: sets}.Run()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range starts {
		got = append(got, lines[st.Line].String()+"@"+st.Time.Format("15:04:05"))
	}
	return got
}

// TestBusyBoxLastJobUnreaped: crond reaps its children only in
// check_completions(), right after start_jobs() at a forward wake-up,
// and the job forked last at a wake-up has not exited by then. After a
// clock set during the 10-second wait that follows, the next wake-up
// flags the skipped minutes before reaping: that line is "process
// already running" and does not start, while the lines started before it
// do. Recorded: conformance/corpus/busybox-newyork-jump-plus-2m-wide.json
// (set +2 min at 10:17:03; "15-19 4-6 * * *", line 278, the last job
// started at 10:17, is logged "already running" twice at 10:19:12 and
// has no start for 10:18 or 10:19; "15-19 6 * * *", line 73, does) and
// -plus-30m-wide.json (j0271 logged 30 times).
func TestBusyBoxLastJobUnreaped(t *testing.T) {
	ny := mustLoad(t, "America/New_York")
	at := func(h, m, s int) time.Time { return time.Date(2021, 6, 15, h, m, s, 0, time.UTC) }
	got := busyBoxStarts(t, ny, []string{"15-19 6 * * *", "15-19 4-6 * * *"}, at(10, 15, 1), at(10, 22, 0),
		ClockSet{At: at(10, 17, 3), To: at(10, 19, 5)})
	want := []string{"15-19 6 * * *@10:16:00", "15-19 4-6 * * *@10:16:00", "15-19 6 * * *@10:17:00", "15-19 4-6 * * *@10:17:00",
		"15-19 6 * * *@10:19:12"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}
}

// TestRules: the exported rules say what the parser and the iterator do.
func TestRules(t *testing.T) {
	for _, d := range Daemons {
		r := d.Rules()
		_, err := ParseOptions{Daemon: d, Dialect: DebianBookworm}.Parse("* * * * *")
		if r.DebianCrontab != (err == nil) {
			t.Errorf("%v: DebianCrontab %v, but the debian-bookworm dialect gives %v", d, r.DebianCrontab, err)
		}
		// A late wake-up of LateMax minutes runs every skipped minute; one
		// more minute is a forward jump, in which a wildcard job does not
		// catch up.
		rules := daemonTableOf(d)
		if r.LateMax > 0 && (rules.classify(int64(r.LateMax)) != wakeLate || rules.classify(int64(r.LateMax)+1) != wakeForward ||
			rules.classify(int64(r.ForwardMax)+1) != wakeCorrection || rules.classify(int64(r.BackwardMin)) != wakeBackward ||
			rules.classify(int64(r.BackwardMin)-1) != wakeCorrection) {
			t.Errorf("%v: Rules %+v disagree with classify", d, r)
		}
	}
	if r := Cronie.Rules(); !r.OffsetOnFlip || !r.JobZones || r.BackwardMin != DebianCron.Rules().BackwardMin-1 {
		t.Errorf("cronie: %+v", r)
	}
}

// TestBusyBoxRescan: crond_main() re-reads the crontab at its first
// wake-up and every 60 wake-ups after it (miscutils/crond.c: "if
// (--rescan == 0) { rescan = 60; rescan_crontab_dir(); }"), and the new
// copy of a line knows nothing of the job the old copy still runs. An
// every-minute line with 130-second jobs starts at 10:01, 10:04, ...: each
// 3-minute cycle is 14 wake-ups (the start at second 0, 10-second polls
// until the job is reaped at second 10 two minutes later, then a sleep to
// the next minute). Wake-up 61 is the fourth poll after the 10:13 start,
// 10:13:40: the rescan forgets that job, and at 10:14 the line starts
// beside it. Without the rescan it would keep to every third minute.
// Recorded: busybox-newyork-2021-spring-slow-mix-a.json, whose six lines
// the simulator follows start for start only with the rescan.
func TestBusyBoxRescan(t *testing.T) {
	at := func(h, m, s int) time.Time { return time.Date(2021, 6, 15, h, m, s, 0, time.UTC) }
	s, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Parse("* * * * *")
	if err != nil {
		t.Fatal(err)
	}
	starts, err := Simulation{Daemon: BusyBox, Location: time.UTC, Lines: []Schedule{s}, JobDuration: 130 * time.Second,
		Start: at(10, 0, 30), End: at(10, 25, 0)}.Run()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range starts {
		got = append(got, st.Time.Format("15:04:05"))
	}
	want := []string{"10:01:00", "10:04:00", "10:07:00", "10:10:00", "10:13:00", "10:14:00", "10:17:00", "10:20:00", "10:23:00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("-want +got\n%s", diff)
	}
}
