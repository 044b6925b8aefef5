package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDue: the due time, the deadline (the default grace of a minute
// plus Debian's 10 s start lag) and the verdict, at Dublin's recorded 2021
// transitions (conformance/corpus/*dublin*seed*).
func TestDue(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
		code           int
	}{
		{[]string{"-tz", "Europe/Dublin", "-last", "2021-03-27T01:30:01Z", "-now", "2021-03-27T12:00:00Z", "30 1 * * *"},
			"2021-03-28T02:00:00+01:00\n2021-03-28T02:01:10+01:00\nup ping_on_time 0\n", "cronsim due: note: caught up after a gap\n", 0},
		// 2 s early still stands for the 01:30 start.
		{[]string{"-tz", "Europe/Dublin", "-last", "2021-03-27T01:29:59Z", "-now", "2021-03-27T12:00:00Z", "30 1 * * *"},
			"2021-03-28T02:00:00+01:00\n2021-03-28T02:01:10+01:00\nup ping_early 0\n", "", 0},
		// ... unless -early 0.
		{[]string{"-tz", "Europe/Dublin", "-early", "0", "-last", "2021-03-27T01:29:59Z", "-now", "2021-03-27T12:00:00Z", "30 1 * * *"},
			"2021-03-27T01:30:00+00:00\n2021-03-27T01:31:10+00:00\nlate start_overdue 1\n", "", 3},
		{[]string{"30 1 * * *", "-tz", "UTC", "-last", "2021-06-01T01:30:01Z", "-grace", "90s", "-now", "2021-06-02T01:31:00Z"},
			"2021-06-02T01:30:00Z\n2021-06-02T01:31:40Z\ngrace start_due 0\n", "", 0},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-key", "hello", "-now", "2021-01-01T00:00:00Z", "H H * * *"},
			"2021-01-01T11:10:00Z\n2021-01-01T11:11:10Z\nup ping_late 0\n", "", 0},
		{[]string{"-tz", "UTC", "-last", "2021-06-01T01:30:01Z", "-max-runtime", "10m", "-now", "2021-06-01T01:45:00Z", "30 1 * * *"},
			"2021-06-02T01:30:00Z\n2021-06-02T01:31:10Z\nrunning_too_long max_runtime_exceeded 0\n", "", 3},
		{[]string{"-tz", "UTC", "-last", "2021-06-01T01:30:01Z", "-max-runtime", "10m", "-finish", "2021-06-01T01:35:00Z", "-now", "2021-06-01T01:45:00Z", "30 1 * * *"},
			"2021-06-02T01:30:00Z\n2021-06-02T01:31:10Z\nup ping_on_time 0\n", "", 0},
		{[]string{"-tz", "UTC", "-now", "2021-06-01T01:45:00Z", "30 1 * * *"},
			"2021-06-02T01:30:00Z\n2021-06-02T01:31:10Z\nnew no_ping_yet 0\n", "", 0},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "0 0 0 1 1 * 2020"},
			"never never_runs 0\n", "cronsim due: the schedule never runs after the last ping (or -now), so the job is never late\n", 1},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-grace", "-1m", "* * * * *"}, "", "-grace must not be negative", 2},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-early", "-1s", "* * * * *"}, "", "-early must not be negative", 2},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-pings", "* * * * *"}, "", "exclude each other", 2},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "H * * * *"}, "", "-key", 1},
		// A CRON_TZ= prefix wins over -tz, with a warning; -last in its zone.
		{[]string{"-tz", "UTC", "-last", "2021-03-27T01:30:01", "-now", "2021-03-27T01:30:02", "-grace", "0", "CRON_TZ=Europe/Dublin 30 1 * * *"},
			"2021-03-28T02:00:00+01:00\n2021-03-28T02:00:10+01:00\nup ping_on_time 0\n", "overrides -tz UTC", 0},
	} {
		var out, errOut bytes.Buffer
		code := run(append([]string{"due"}, tc.args...), strings.NewReader(""), &out, &errOut)
		if code != tc.code || out.String() != tc.stdout || !strings.Contains(errOut.String(), tc.stderr) {
			t.Errorf("due %q: status %d, stdout %q, stderr %q; want %d, %q, stderr with %q", tc.args, code, out.String(), errOut.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
}

func TestDueJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	code := run([]string{"due", "-json", "-dialect", "debian", "-tz", "Europe/Dublin", "-last", "2021-10-31T00:30:01Z", "-now", "2021-10-31T00:31:00Z", "5-3/1,30 * * * *"}, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("status %d: %s", code, errOut.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	want := map[string]any{
		"schema_version": 1.0, "expr": "5-3/1,30 * * * *", "tz": "Europe/Dublin", "daemon": "debian",
		// Every time in the zone: Dublin's winter offset is +00:00, not Z.
		"now": "2021-10-31T01:31:00+01:00", "last": "2021-10-31T01:30:01+01:00", "finish": nil,
		"state": "up", "reason": "ping_on_time", "missed": 0.0, "slot": "2021-10-31T01:30:00+01:00",
		"due": "2021-10-31T01:30:00+00:00", "deadline": "2021-10-31T01:31:10+00:00", "expected_starts": 1.0,
		"note": "repeated_in_fall_back", "gap": false, "grace_s": 60.0, "early_s": 5.0, "allowance_s": 10.0, "catch_up_s": 0.0,
		"max_runtime_s": 0.0, "runtime_deadline": nil, "explain": got["explain"],
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// TestDuePings: a history on standard input, one verdict per start
// ping and a last one at -now: the 01:25 start is missing, and the job
// is silent after 01:30.
func TestDuePings(t *testing.T) {
	var out, errOut bytes.Buffer
	in := "2021-06-01T01:20:01Z\n# a comment\n2021-06-01T01:29:58Z\nfinish 2021-06-01T01:30:30Z\n2021-06-01T01:30:02Z\n"
	code := run([]string{"due", "-pings", "-tz", "UTC", "-grace", "2m", "-now", "2021-06-01T01:38:00Z", "*/5 * * * *"}, strings.NewReader(in), &out, &errOut)
	want := "2021-06-01T01:25:00Z\n2021-06-01T01:27:10Z\nup ping_on_time 0\n" +
		"2021-06-01T01:35:00Z\n2021-06-01T01:37:10Z\nmissed starts_missed 1\n" +
		"2021-06-01T01:35:00Z\n2021-06-01T01:37:10Z\nup ping_repeat 0\n" +
		"2021-06-01T01:35:00Z\n2021-06-01T01:37:10Z\nlate start_overdue 1\n"
	if code != 3 || out.String() != want {
		t.Errorf("status %d, stdout\n%s\nstderr %s; want 3 and\n%s", code, out.String(), errOut.String(), want)
	}
	out.Reset()
	code = run([]string{"due", "-pings", "-tz", "UTC", "* * * * *"}, strings.NewReader("2021-06-01T01:20:01Z\nbogus\n"), &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), "line 2") {
		t.Errorf("bad ping: status %d, stderr %q", code, errOut.String())
	}
}

// TestDueKeyOtherDaemon: -key is not dropped for cronie and BusyBox (the
// old due parsed a second time with the daemon's own parser, which has no
// H): the expression is read in cronsim's syntax and run by the daemon's
// rules, so in UTC it is due when Debian's cron has it due.
func TestDueKeyOtherDaemon(t *testing.T) {
	due := func(daemon string) (string, int) {
		var out, errOut bytes.Buffer
		code := run([]string{"due", "-daemon", daemon, "-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-now", "2021-01-01T00:00:00Z", "-key", "hello", "H H * * *"},
			strings.NewReader(""), &out, &errOut)
		first, _, _ := strings.Cut(out.String(), "\n")
		if code != 0 {
			t.Errorf("due -daemon %s -key: status %d, stderr %q", daemon, code, errOut.String())
		}
		return first, code
	}
	want, _ := due("debian")
	for _, d := range []string{"cronie", "busybox"} {
		if got, _ := due(d); got != want || got == "" {
			t.Errorf("due -daemon %s -key hello 'H H * * *': due %q, want %q as for debian", d, got, want)
		}
	}
}

// TestDueBatch: monitor requests of the adapter protocol, one answer
// per line, in order; a bad request gets an error answer, not an exit.
func TestDueBatch(t *testing.T) {
	in := `{"id":1,"kind":"monitor","expr":"30 1 * * *","tz":"Europe/Dublin","daemon":"busybox-crond","pings":["2021-03-27T01:30:00Z"],"now":"2021-03-28T01:40:00Z","grace_s":60}
{"id":"b","kind":"monitor","expr":"*/5 * * * *","tz":"UTC","pings":["2021-06-01T01:20:01Z","2021-06-01T01:30:01Z"],"now":"2021-06-01T01:30:02Z","grace_s":300}
{"id":3,"kind":"monitor","expr":"61 * * * *","tz":"UTC","pings":[],"now":"2021-06-01T01:30:02Z"}
{"id":4,"kind":"monitor","expr":"* * * * *","tz":"Mars/Olympus","pings":[],"now":"2021-06-01T01:30:02Z"}
not json
`
	var out, errOut bytes.Buffer
	code := run([]string{"due", "-batch"}, strings.NewReader(in), &out, &errOut)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if code != 0 || len(lines) != 5 {
		t.Fatalf("status %d, %d answers:\n%s\nstderr %s", code, len(lines), out.String(), errOut.String())
	}
	want := []string{
		`{"id":1,"state":"up","reason":"ping_on_time","missed":0}`,
		`{"id":"b","state":"missed","reason":"starts_missed","missed":1}`,
	}
	if d := cmp.Diff(want, lines[:2]); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
	for i, l := range lines[2:] {
		if !strings.Contains(l, `"error":`) {
			t.Errorf("answer %d: %s, want an error", i+3, l)
		}
	}
}

// TestDueSystemdAccuracy: due -daemon systemd widens a start's window by
// the timer's AccuracySec= (default a minute): a ping 40 s after the
// elapse is on time by default and late with -accuracy 1us.
func TestDueSystemdAccuracy(t *testing.T) {
	for _, c := range []struct {
		accuracy, reason string
	}{{"1m", "ping_on_time"}, {"1us", "ping_late"}} {
		stdout, stderr, code := runCLI(t, nil, "due", "-daemon", "systemd", "-accuracy", c.accuracy, "-grace", "0", "-tz", "UTC",
			"-last", "2021-06-01T10:00:40Z", "-now", "2021-06-01T10:30:00Z", "-json", "hourly")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var v struct{ Reason string }
		if err := json.Unmarshal([]byte(stdout), &v); err != nil {
			t.Fatal(err)
		}
		if v.Reason != c.reason {
			t.Errorf("-accuracy %s: reason %s, want %s", c.accuracy, v.Reason, c.reason)
		}
	}
}
