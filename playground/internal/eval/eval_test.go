package eval

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
)

func TestEvaluateRuns(t *testing.T) {
	tests := []struct {
		expr, zone, from string
		want             []string // RFC 3339, hand-worked (see ../../../note_test.go)
		kinds            []Kind
	}{
		{"30 1 * * *", "Europe/Dublin", "2021-03-27T12:00",
			[]string{"2021-03-28T02:00:00+01:00", "2021-03-29T01:30:00+01:00"}, []Kind{CatchUp, Ordinary}},
		{"30 * * * *", "Europe/Dublin", "2021-10-31T00:00:00Z",
			[]string{"2021-10-31T01:30:00+01:00", "2021-10-31T01:30:00Z", "2021-10-31T02:30:00Z"}, []Kind{Ordinary, Repeat, Ordinary}},
		{"30 1 * * *", "America/New_York", "2021-11-07T00:00",
			[]string{"2021-11-07T01:30:00-04:00", "2021-11-08T01:30:00-05:00"}, []Kind{Ordinary, Ordinary}},
	}
	for _, tt := range tests {
		resp := Evaluate(Request{Expr: tt.expr, Zone: tt.zone, From: tt.from, N: len(tt.want)})
		if resp.Error != nil || resp.ZoneError != "" || resp.FromError != "" {
			t.Fatalf("%q: %+v %q %q", tt.expr, resp.Error, resp.ZoneError, resp.FromError)
		}
		var got []string
		var kinds []Kind
		for _, r := range resp.Runs {
			got = append(got, r.Time)
			kinds = append(kinds, r.Kind)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q in %s from %s (-want +got):\n%s", tt.expr, tt.zone, tt.from, diff)
		}
		if diff := cmp.Diff(tt.kinds, kinds); diff != "" {
			t.Errorf("%q kinds (-want +got):\n%s", tt.expr, diff)
		}
	}
}

// TestRunsAreTheLibrarys compares the page's runs and notes with the
// library's over many zones and expressions.
func TestRunsAreTheLibrarys(t *testing.T) {
	for _, zone := range []string{"Europe/Dublin", "Australia/Lord_Howe", "America/Havana", "Pacific/Chatham", "Antarctica/Troll"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		for _, expr := range []string{"30 1 * * *", "*/20 * * * *", "0-59 2 * * *", "45 0-3 * * 0"} {
			from := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
			resp := Evaluate(Request{Expr: expr, Zone: zone, From: from.Format(time.RFC3339), N: 200})
			s := cronsim.MustParse(expr)
			i := 0
			for tm := range s.All(from.In(loc)) {
				if i == len(resp.Runs) {
					break
				}
				if r := resp.Runs[i]; r.Time != tm.Format(time.RFC3339) || r.Note != s.Note(tm) {
					t.Fatalf("%q in %s, run %d: page %s %q, library %s %q", expr, zone, i, r.Time, r.Note, tm.Format(time.RFC3339), s.Note(tm))
				}
				i++
			}
			if i != 200 {
				t.Errorf("%q in %s: %d runs", expr, zone, i)
			}
		}
	}
}

func TestTimelineMarks(t *testing.T) {
	tests := []struct {
		expr, zone, from string
		want             map[Kind]int
		caption          string
	}{
		// Dublin 2021-03-28 01:00 GMT -> 02:00 IST, window 23:00-03:00 UTC.
		{"30 1 * * *", "Europe/Dublin", "2021-03-27T12:00", map[Kind]int{CatchUp: 1, Caught: 1},
			"Europe/Dublin, Sun 28 Mar 2021: at 01:00 GMT the clocks go forward to 02:00 IST (+1h)."},
		{"30 * * * *", "Europe/Dublin", "2021-03-27T12:00", map[Kind]int{Ordinary: 4, Lost: 1}, ""},
		{"0-59 1 * * *", "Europe/Dublin", "2021-03-27T12:00", map[Kind]int{CatchUp: 1, Caught: 60}, ""},
		// Dublin 2021-10-31 02:00 IST -> 01:00 GMT at 01:00 UTC.
		{"30 * * * *", "Europe/Dublin", "2021-10-30T12:00", map[Kind]int{Ordinary: 3, Repeat: 1},
			"Europe/Dublin, Sun 31 Oct 2021: at 02:00 IST the clocks go back to 01:00 GMT (-1h)."},
		{"30 1 * * *", "Europe/Dublin", "2021-10-30T12:00", map[Kind]int{Ordinary: 1, NotRepeated: 1}, ""},
		{"30 12 * * *", "Pacific/Apia", "2011-12-29T00:00", map[Kind]int{Ordinary: 3, Lost: 1}, ""},
	}
	for _, tt := range tests {
		resp := Evaluate(Request{Expr: tt.expr, Zone: tt.zone, From: tt.from, N: 3})
		tl := resp.Timeline
		if tl == nil || tl.SVG == "" {
			t.Fatalf("%q: no timeline: %+v", tt.expr, tl)
		}
		if diff := cmp.Diff(tt.want, tl.Marks); diff != "" {
			t.Errorf("%q in %s: marks (-want +got):\n%s", tt.expr, tt.zone, diff)
		}
		if tt.caption != "" && tl.Caption != tt.caption {
			t.Errorf("caption %q, want %q", tl.Caption, tt.caption)
		}
		for k, n := range tt.want {
			if got := strings.Count(tl.SVG, `data-kind="`+string(k)+`"`); got != n {
				t.Errorf("%q: %d %s marks in the SVG, want %d", tt.expr, got, k, n)
			}
		}
	}
	// A CRON_TZ= schedule is drawn in its own zone with the same marks as
	// the same fields in that zone (the skipped 02:30 was not found: the
	// gap's wall readings were matched in the schedule's zone).
	own := Evaluate(Request{Expr: "CRON_TZ=America/New_York 30 2 * * *", Zone: "Europe/Dublin", From: "2021-03-13T12:00:00Z", N: 1}).Timeline
	plain := Evaluate(Request{Expr: "30 2 * * *", Zone: "America/New_York", From: "2021-03-13T12:00:00Z", N: 1}).Timeline
	if diff := cmp.Diff(plain.Marks, own.Marks); diff != "" || plain.Marks[Caught] != 1 {
		t.Errorf("CRON_TZ marks (-plain +own):\n%s", diff)
	}
	if tl := Evaluate(Request{Expr: "* * * * *", Zone: "UTC", N: 1}).Timeline; tl == nil || tl.SVG != "" || !strings.Contains(tl.Caption, "no change") {
		t.Errorf("UTC timeline: %+v", tl)
	}
}

func TestEvaluateErrors(t *testing.T) {
	resp := Evaluate(Request{Expr: "30 1 * * 8", Zone: "Europe/Dublin"})
	if resp.Error == nil || resp.Error.Column != 10 || resp.Error.Caret != "30 1 * * 8\n         ^" || resp.Error.Debian != "bad day-of-week" {
		t.Errorf("error: %+v", resp.Error)
	}
	resp = Evaluate(Request{Expr: "5;x * * * *"})
	if resp.Error == nil || !strings.Contains(resp.Error.Hint, "Debian dialect") {
		t.Errorf("mangled: %+v", resp.Error)
	}
	resp = Evaluate(Request{Expr: "5;x * * * *", Dialect: "debian", From: "2021-01-01T00:00:00Z", N: 1})
	if resp.Error != nil || resp.Canonical != "5 * * * *" || len(resp.Runs) != 1 {
		t.Errorf("debian dialect: %+v", resp)
	}
	for _, zone := range []string{"Mars/Olympus", "../../etc/passwd", "Local", "/etc/localtime"} {
		if resp := Evaluate(Request{Expr: "* * * * *", Zone: zone}); resp.ZoneError == "" {
			t.Errorf("zone %q accepted", zone)
		}
	}
	if resp := Evaluate(Request{Expr: "* * * * *", From: "tomorrow"}); !strings.Contains(resp.FromError, "2021-03-27T12:00") {
		t.Errorf("from: %q", resp.FromError)
	}
	// A wall time in Dublin's spring gap is an error, as in the command
	// (kit.ParseTime): the runs start from now.
	resp = Evaluate(Request{Expr: "* * * * *", Zone: "Europe/Dublin", From: "2021-03-28T01:30", N: 1, Now: time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()})
	if !strings.Contains(resp.FromError, "no such time in Europe/Dublin: the clock jumps from 01:00 to 02:00") || resp.From != "2021-01-01T00:00:00Z" {
		t.Errorf("start in a gap: %s %q %q", resp.From, resp.FromError, resp.FromNote)
	}
	// A repeated wall time starts at its first pass.
	resp = Evaluate(Request{Expr: "* * * * *", Zone: "Europe/Dublin", From: "2021-10-31T01:30", N: 1})
	if resp.From != "2021-10-31T01:30:00+01:00" {
		t.Errorf("start in a repeat: %s", resp.From)
	}
	// A CRON_TZ= prefix wins over the zone picker.
	resp = Evaluate(Request{Expr: "CRON_TZ=America/New_York 30 1 * * *", Zone: "Europe/Dublin", From: "2021-11-07T04:00:00Z", N: 1})
	if resp.Error != nil || resp.Zone != "America/New_York" || len(resp.Runs) != 1 || resp.Runs[0].Time != "2021-11-07T01:30:00-04:00" ||
		resp.Timeline == nil || !strings.HasPrefix(resp.Timeline.Caption, "America/New_York") {
		t.Errorf("CRON_TZ: %+v %+v", resp.Error, resp)
	}
	// The wall time shows seconds when the schedule has a seconds field,
	// whatever the number of words (the page counted the words of
	// String(): a CRON_TZ= prefix made six, a year field seven).
	for _, tt := range []struct{ expr, wall string }{
		{"CRON_TZ=America/New_York 30 1 * * *", "Sun 07 Nov 2021 01:30 EDT"},
		{"15 30 1 * * ? 2021", "Sun 07 Nov 2021 01:30:15 GMT"},
		{"15 30 1 * * *", "Sun 07 Nov 2021 01:30:15 GMT"},
	} {
		resp = Evaluate(Request{Expr: tt.expr, Zone: "Europe/Dublin", From: "2021-11-07T00:00:00Z", N: 1})
		if resp.Error != nil || len(resp.Runs) != 1 || resp.Runs[0].Wall != tt.wall {
			t.Errorf("%q: %+v %+v, want wall %q", tt.expr, resp.Error, resp.Runs, tt.wall)
		}
	}
	// Never runs: no panic, an empty list, Never set.
	resp = Evaluate(Request{Expr: "0 0 30 2 *", Dialect: "debian", N: 5})
	if !resp.Never || len(resp.Runs) != 0 {
		t.Errorf("never: %+v", resp)
	}
	for _, expr := range []string{"", " ", "\x00", "@reboot", "* * * * * *", strings.Repeat("1,", 3000) + "1 * * * *", "\xff\xfe"} {
		Evaluate(Request{Expr: expr, Zone: "Pacific/Apia", Crontab: expr, N: -5})
	}
}

func TestLint(t *testing.T) {
	dublin, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	findings, jobs := Lint("# comment\nMAILTO=root\n30 1 * * * /bin/true\n0 0 * * 8 /bin/false\n5;x * * * * echo\n0 0 30 2 * never", cronsim.DebianCron, cronsim.Debian, dublin, from)
	if jobs != 3 {
		t.Errorf("jobs = %d, want 3", jobs)
	}
	want := []struct {
		line, col int
		kind      string
	}{{3, 0, "dst"}, {3, 0, "dst"}, {4, 9, "rejected"}, {5, 2, "mangled"}, {6, 0, "never"}}
	if len(findings) != len(want) {
		t.Fatalf("findings: %+v", findings)
	}
	for i, w := range want {
		f := findings[i]
		if f.Line != w.line || f.Kind != w.kind || (w.col != 0 && f.Column != w.col) {
			t.Errorf("finding %d = %+v, want line %d col %d %s", i, f, w.line, w.col, w.kind)
		}
	}
	if c := findings[2].Caret; c != "0 0 * * 8 /bin/false\n        ^" {
		t.Errorf("caret %q", c)
	}
}

// TestDaemons: the daemon selector changes the rules of the runs, the
// notes and the marks (BusyBox: a fixed-time job loses the skipped time
// and runs twice in a repeated hour).
func TestDaemons(t *testing.T) {
	resp := Evaluate(Request{Expr: "30 1 * * *", Daemon: "busybox", Zone: "Europe/Dublin", From: "2021-10-30T12:00", N: 2})
	if resp.Error != nil || resp.Daemon != "busybox" || len(resp.Runs) != 2 ||
		resp.Runs[0].Time != "2021-10-31T01:30:00+01:00" || resp.Runs[1].Time != "2021-10-31T01:30:00Z" || resp.Runs[1].Kind != Repeat {
		t.Errorf("busybox fall: %+v %+v", resp.Error, resp.Runs)
	}
	if got := resp.Timeline.Marks; got[Repeat] != 1 || got[NotRepeated] != 0 {
		t.Errorf("busybox fall marks: %v", got)
	}
	resp = Evaluate(Request{Expr: "30 1 * * *", Daemon: "busybox", Zone: "Europe/Dublin", From: "2021-03-27T12:00", N: 1})
	if resp.Runs[0].Time != "2021-03-29T01:30:00+01:00" || resp.Timeline.Marks[Lost] != 1 || resp.Timeline.Marks[CatchUp] != 0 {
		t.Errorf("busybox spring: %+v %v", resp.Runs, resp.Timeline.Marks)
	}
	resp = Evaluate(Request{Expr: "30 1 * * *", Daemon: "nonsense", Zone: "Europe/Dublin", From: "2021-03-27T12:00", N: 1})
	if resp.Daemon != "debian" || resp.Runs[0].Kind != CatchUp {
		t.Errorf("default daemon: %s %+v", resp.Daemon, resp.Runs)
	}
}

// TestDaemonErrorsNotDebians: a BusyBox or cronie parse error is not
// labelled as Debian's crontab's verdict, and suggests no Debian dialect
// (issue 19: the page said "Debian's crontab says: segmentation fault").
func TestDaemonErrorsNotDebians(t *testing.T) {
	for _, tt := range []struct{ daemon, expr string }{
		{"busybox", "@daily"},
		{"busybox", "60 0 * * *"},
		{"cronie", "0 0 * * 5#3"},
	} {
		resp := Evaluate(Request{Expr: tt.expr, Daemon: tt.daemon, Zone: "UTC"})
		if resp.Error == nil {
			t.Errorf("%s %q: no error", tt.daemon, tt.expr)
			continue
		}
		if strings.Contains(resp.Error.Hint, "Debian") || resp.Error.Debian != "" || strings.Contains(resp.Error.Message, tt.expr+" x") {
			t.Errorf("%s %q: %+v", tt.daemon, tt.expr, resp.Error)
		}
	}
}

// The picture shows the change the listed runs meet next, not a nearer
// one that is past: from 29 Nov 2026 in Dublin the last change (25 Oct
// 2026) is nearer than the next (28 Mar 2027), which is the one the
// runs and the crontab pane's findings meet.
func TestTimelineNextChange(t *testing.T) {
	for _, c := range []struct{ zone, from, want string }{
		{"Europe/Dublin", "2026-11-29T00:00", "2027-03-28T01:00:00Z"},
		{"Europe/Dublin", "2021-03-27T12:00", "2021-03-28T01:00:00Z"},
		{"America/New_York", "2021-11-08T00:00", "2022-03-13T07:00:00Z"},
		// No change to come within two years: the last one.
		{"Asia/Tokyo", "2021-01-01T00:00", ""},
		{"America/Sao_Paulo", "2021-01-01T00:00", "2019-02-17T02:00:00Z"},
	} {
		resp := Evaluate(Request{Expr: "30 1 * * *", Zone: c.zone, From: c.from, N: 3})
		got := ""
		if resp.Timeline != nil {
			got = resp.Timeline.At
		}
		if got != "" {
			at, _ := time.Parse(time.RFC3339, got)
			got = at.UTC().Format(time.RFC3339)
		}
		if got != c.want {
			t.Errorf("%s from %s: picture of the change at %q, want %q", c.zone, c.from, got, c.want)
		}
	}
}

func TestRunsLimitStated(t *testing.T) {
	resp := Evaluate(Request{Expr: "* * * * *", Zone: "UTC", From: "2021-01-01T00:00", N: 100000})
	if len(resp.Runs) != MaxRuns || !strings.Contains(resp.RunsNote, "100000") || !strings.Contains(resp.RunsNote, "200") {
		t.Errorf("n=100000: %d runs, note %q", len(resp.Runs), resp.RunsNote)
	}
	if resp := Evaluate(Request{Expr: "* * * * *", Zone: "UTC", From: "2021-01-01T00:00", N: 200}); resp.RunsNote != "" {
		t.Errorf("n=200: note %q", resp.RunsNote)
	}
}
