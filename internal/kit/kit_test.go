package kit

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestParseTime: the one policy for skipped and repeated wall times.
// Dublin springs from 01:00 GMT to 02:00 IST on 2021-03-28 and falls back
// from 02:00 IST to 01:00 GMT on 2021-10-31; Sao Paulo's clocks went from
// 00:00 to 01:00 on 2018-11-04 (tz database).
func TestParseTime(t *testing.T) {
	now := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		zone, v string
		want    string // RFC 3339, or "" for an error
		note    string // a substring of the note or of the error
	}{
		{"Europe/Dublin", "2021-03-27T12:00", "2021-03-27T12:00:00Z", ""},
		{"Europe/Dublin", "2021-03-27 12:00:30", "2021-03-27T12:00:30Z", ""},
		{"Europe/Dublin", "2021-07-01", "2021-07-01T00:00:00+01:00", ""},
		{"Europe/Dublin", "2021-03-28T01:30:00+01:00", "2021-03-28T01:30:00+01:00", ""},
		{"Europe/Dublin", "now", "2021-01-01T00:00:00Z", ""},
		{"Europe/Dublin", "2021-03-28T01:30", "", "-from 2021-03-28T01:30: no such time in Europe/Dublin: the clock jumps from 01:00 to 02:00 that day"},
		{"Europe/Dublin", "2021-10-31T01:30", "2021-10-31T01:30:00+01:00", "happens twice in Europe/Dublin; using the first, 2021-10-31T01:30:00+01:00 (the second is 2021-10-31T01:30:00Z)"},
		{"America/Sao_Paulo", "2018-11-04", "2018-11-04T01:00:00-02:00", "00:00 does not exist in America/Sao_Paulo; using the day's first instant"},
		{"UTC", "tomorrow", "", `-from "tomorrow": want RFC 3339`},
	}
	for _, tt := range tests {
		got, note, err := ParseTime("-from", tt.v, mustZone(t, tt.zone), now)
		if tt.want == "" {
			if err == nil || !strings.Contains(err.Error(), tt.note) {
				t.Errorf("%s in %s: %v, %v; want an error with %q", tt.v, tt.zone, got, err, tt.note)
			}
			continue
		}
		if err != nil || got.Format(time.RFC3339) != tt.want || !strings.Contains(note, tt.note) || (tt.note == "") != (note == "") {
			t.Errorf("%s in %s: %s, note %q, %v; want %s, note %q", tt.v, tt.zone, got.Format(time.RFC3339), note, err, tt.want, tt.note)
		}
	}
}

func TestCaret(t *testing.T) {
	tests := []struct {
		line   string
		col    int
		indent string
		want   string
	}{
		{"30 1 * * 8", 10, "", "30 1 * * 8\n         ^"},
		{"0\t0 * * 8 cmd", 3, "    ", "    0\t0 * * 8 cmd\n     \t^"},
		{"\x1b[2J * * * *", 1, "", `\x1b[2J * * * *` + "\n^"},
	}
	for _, tt := range tests {
		if got := Caret(tt.line, tt.col, tt.indent); got != tt.want {
			t.Errorf("Caret(%q, %d, %q):\n%s\nwant\n%s", tt.line, tt.col, tt.indent, got, tt.want)
		}
	}
}

func TestSignedOffset(t *testing.T) {
	var got []string
	for _, off := range []int{3600, -5 * 3600, 5*3600 + 1800, -(9*3600 + 30*60), 0} {
		got = append(got, SignedOffset(off))
	}
	want := []string{"+1", "-5", "+5:30", "-9:30", "+0"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestResolve(t *testing.T) {
	dublin := mustZone(t, "Europe/Dublin")
	from := time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		q        Query
		zone     string
		next     string // the first run after from, RFC 3339
		errMatch error
	}{
		{Query{Expr: "30 1 * * *", Zone: dublin}, "Europe/Dublin", "2021-03-28T02:00:00+01:00", nil},
		// BusyBox loses the run in the gap (DAEMONS.md).
		{Query{Expr: "30 1 * * *", Daemon: cronsim.BusyBox, Zone: dublin}, "Europe/Dublin", "2021-03-29T01:30:00+01:00", nil},
		{Query{Expr: "CRON_TZ=America/New_York 30 1 * * *", Zone: dublin}, "America/New_York", "2021-03-28T01:30:00-04:00", nil},
		{Query{Expr: "5;x * * * *", Zone: dublin}, "", "", cronsim.ErrMangled},
		{Query{Expr: "5;x * * * *", Dialect: cronsim.Debian, Zone: dublin}, "Europe/Dublin", "2021-03-27T12:05:00Z", nil},
		{Query{Expr: "H 1 * * *", Zone: dublin}, "", "", cronsim.ErrHashKey},
	}
	for _, tt := range tests {
		s, loc, err := Resolve(tt.q)
		if tt.errMatch != nil {
			if !errors.Is(err, tt.errMatch) {
				t.Errorf("%+v: error %v, want %v", tt.q, err, tt.errMatch)
			}
			continue
		}
		if err != nil || loc.String() != tt.zone || s.Next(from.In(loc)).Format(time.RFC3339) != tt.next {
			t.Errorf("%+v: %v in %v, next %v, %v; want %s, %s", tt.q, s, loc, s.Next(from.In(loc)), err, tt.zone, tt.next)
		}
	}
	// The key reaches the parser: two keys, two minutes (or, rarely, one).
	a, _, errA := Resolve(Query{Expr: "H 1 * * *", HashKey: "backup", Zone: time.UTC})
	if errA != nil || a.Next(from).IsZero() {
		t.Errorf("H with a key: %v, %v", a, errA)
	}
}

func TestDescribeParseError(t *testing.T) {
	parse := func(expr string, d cronsim.Dialect) ParseProblem {
		_, err := cronsim.ParseOptions{Dialect: d}.Parse(expr)
		if err == nil {
			t.Fatalf("%q parsed", expr)
		}
		return DescribeParseError(err, d, cronsim.DebianCron)
	}
	if p := parse("30 1 * * * /usr/bin/backup", cronsim.Strict); p.Fields != "30 1 * * *" {
		t.Errorf("pasted line: %+v", p)
	}
	if p := parse("5;x * * * *", cronsim.Strict); !p.Mangled || p.Debian != "" || p.Column != 2 {
		t.Errorf("mangled: %+v", p)
	}
	// Debian's parser gives up at "cmd" (the sixth word); the strict
	// parser names the 8.
	if p := parse("0 0 * * 8", cronsim.Debian); p.Column != 9 || p.Debian == "" || p.Caret != "0 0 * * 8\n        ^" {
		t.Errorf("sharpened: %+v", p)
	}
	if p := DescribeParseError(errors.New("plain"), cronsim.Strict, cronsim.DebianCron); p.Caret != "" || p.Err.Error() != "plain" {
		t.Errorf("plain error: %+v", p)
	}
}

// TestLineReader: BusyBox's crond logs a mangled field and runs what it
// read; Debian's crontab, in the Debian dialect, reads it silently.
func TestLineReader(t *testing.T) {
	bb := LineReader{Daemon: cronsim.BusyBox}
	e, warning, err := bb.Entry("5;x * * * * job")
	if err != nil || warning == nil || e.Kind != cronsim.EntryJob {
		t.Errorf("busybox: %+v, %v, %v", e, warning, err)
	}
	deb := LineReader{Dialect: cronsim.Debian}
	if e, warning, err := deb.Entry("5;x * * * * job"); err != nil || warning != nil || e.Schedule.String() != "5 * * * *" {
		t.Errorf("debian: %+v, %v, %v", e, warning, err)
	}
	cr := LineReader{Daemon: cronsim.Cronie}
	cr.Entry("CRON_TZ=Asia/Tokyo")
	if e, _, err := cr.Entry("30 1 * * * job"); err != nil || e.Schedule.Location() == nil || e.Schedule.Location().String() != "Asia/Tokyo" {
		t.Errorf("cronie CRON_TZ: %+v, %v", e, err)
	}
}

// TestDialectApplies: Debian's grammars are Debian's cron's only (the
// daemon table says so; the kit names no daemon).
func TestDialectApplies(t *testing.T) {
	got := map[cronsim.Daemon]bool{}
	for _, d := range cronsim.Daemons {
		got[d] = DialectApplies(d)
	}
	want := map[cronsim.Daemon]bool{cronsim.DebianCron: true, cronsim.Cronie: false, cronsim.BusyBox: false, cronsim.Kubernetes: false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
