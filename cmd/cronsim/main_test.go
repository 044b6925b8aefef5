package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// binary builds the cronsim command once into a temporary directory.
func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cronsim-cli-test")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cronsim")
		if runtime.GOOS == "windows" {
			binPath += ".exe"
		}
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = errors.New(string(out))
		}
	})
	if buildErr != nil {
		t.Fatalf("go build: %v", buildErr)
	}
	return binPath
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// runCLI runs the built binary and returns its stdout, stderr and exit
// status.
func runCLI(t *testing.T, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	// A fixed zone unless the test sets one: the default is $TZ.
	cmd.Env = append(append(os.Environ(), "TZ=UTC"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("run %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

func lines(s ...string) string { return strings.Join(s, "\n") + "\n" }

func TestNextDemo(t *testing.T) {
	args := []string{"next", "-n", "5", "-tz", "Europe/Dublin", "-from", "2021-03-27T12:00:00Z"}
	plain := lines(
		"2021-03-28T02:00:00+01:00",
		"2021-03-29T01:30:00+01:00",
		"2021-03-30T01:30:00+01:00",
		"2021-03-31T01:30:00+01:00",
		"2021-04-01T01:30:00+01:00",
	)
	out, errOut, code := runCLI(t, nil, append(append([]string{}, args[0], "-notes=false"), append(args[1:], "30 1 * * *")...)...)
	if diff := cmp.Diff(plain, out); diff != "" || code != 0 || errOut != "" {
		t.Errorf("-notes=false: exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
	}
	withNotes := strings.Replace(plain, "2021-03-28T02:00:00+01:00", "2021-03-28T02:00:00+01:00  # moved from 01:30: skipped by the spring transition", 1)
	out, errOut, code = runCLI(t, nil, append(append([]string{}, args[0], "-notes"), append(args[1:], "30 1 * * *")...)...)
	if diff := cmp.Diff(withNotes, out); diff != "" || code != 0 || errOut != "" {
		t.Errorf("notes: exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
	}
	// Piped without -notes (as other programs drive it): plain times.
	out, errOut, code = runCLI(t, nil, append(args, "30 1 * * *")...)
	if diff := cmp.Diff(plain, out); diff != "" || code != 0 || errOut != "" {
		t.Errorf("default, piped: exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
	}
}

func TestNextNotes(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"Dublin fall wildcard", []string{"next", "-n", "4", "-tz", "Europe/Dublin", "-from", "2021-10-30T23:00:00Z", "30 * * * *"}, lines(
			"2021-10-31T00:30:00+01:00",
			"2021-10-31T01:30:00+01:00  # runs twice: wildcard job in the repeated hour",
			"2021-10-31T01:30:00+00:00  # runs twice: wildcard job in the repeated hour",
			"2021-10-31T02:30:00+00:00",
		)},
		{"Dublin fall fixed", []string{"next", "-n", "2", "-tz", "Europe/Dublin", "-from", "2021-10-30T23:00:00Z", "30 1 * * *"}, lines(
			"2021-10-31T01:30:00+01:00  # not repeated: fixed-time job in the repeated hour",
			"2021-11-01T01:30:00+00:00",
		)},
		{"Dublin spring wildcard", []string{"next", "-n", "3", "-tz", "Europe/Dublin", "-from", "2021-03-28T00:00:00Z", "30 * * * *"}, lines(
			"2021-03-28T00:30:00+00:00",
			"2021-03-28T02:30:00+01:00  # no run at 01:30: lost in the spring transition (wildcard job)",
			"2021-03-28T03:30:00+01:00",
		)},
		{"Dublin spring range", []string{"next", "-n", "2", "-tz", "Europe/Dublin", "-from", "2021-03-27T23:00:00Z", "0-59 1 * * *"}, lines(
			"2021-03-28T02:00:00+01:00  # stands for 60 runs from 01:00 through 01:59, skipped by the spring transition: started 60 times at this minute",
			"2021-03-29T01:00:00+01:00",
		)},
		{"New York spring", []string{"next", "-n", "2", "-tz", "America/New_York", "-from", "2021-03-13T12:00:00Z", "30 2 * * *"}, lines(
			"2021-03-14T03:00:00-04:00  # moved from 02:30: skipped by the spring transition",
			"2021-03-15T02:30:00-04:00",
		)},
		{"New York fall fixed", []string{"next", "-n", "2", "-tz", "America/New_York", "-from", "2021-11-07T04:00:00Z", "30 1 * * *"}, lines(
			"2021-11-07T01:30:00-04:00  # not repeated: fixed-time job in the repeated hour",
			"2021-11-08T01:30:00-05:00",
		)},
		{"Lord Howe half hour", []string{"next", "-n", "1", "-tz", "Australia/Lord_Howe", "-from", "2021-04-03T12:00:00Z", "45 1 * * *"}, lines(
			"2021-04-04T01:45:00+11:00  # not repeated: fixed-time job in the repeated 30 minutes",
		)},
		{"Apia lost day", []string{"next", "-n", "2", "-tz", "Pacific/Apia", "-from", "2011-12-29T23:00:00Z", "0 12 * * *"}, lines(
			"2011-12-31T12:00:00+14:00  # no run at 12:00 on 2011-12-30: lost in the clock correction of +24h (no catch-up)",
			"2012-01-01T12:00:00+14:00",
		)},
		{"prev", []string{"prev", "-n", "3", "-tz", "Europe/Dublin", "-from", "2021-10-31T03:00:00Z", "30 * * * *"}, lines(
			"2021-10-31T02:30:00+00:00",
			"2021-10-31T01:30:00+00:00  # runs twice: wildcard job in the repeated hour",
			"2021-10-31T01:30:00+01:00  # runs twice: wildcard job in the repeated hour",
		)},
		{"prev plain", []string{"prev", "-n", "2", "-tz", "UTC", "-from", "2026-11-28T00:00:00Z", "0 0 29 2 *"}, lines(
			"2024-02-29T00:00:00Z",
			"2020-02-29T00:00:00Z",
		)},
		{"debian dialect", []string{"next", "-n", "2", "-tz", "UTC", "-dialect", "debian", "-from", "2026-01-01T00:00:00Z", "5;x 0 * * *"}, lines(
			"2026-01-01T00:05:00Z",
			"2026-01-02T00:05:00Z",
		)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Notes are on by default only at a terminal.
			args := append([]string{tt.args[0], "-notes"}, tt.args[1:]...)
			out, errOut, code := runCLI(t, nil, args...)
			if diff := cmp.Diff(tt.want, out); diff != "" || code != 0 || errOut != "" {
				t.Errorf("exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
			}
		})
	}
}

func TestNextJSON(t *testing.T) {
	out, _, code := runCLI(t, nil, "next", "-json", "-n", "2", "-tz", "Europe/Dublin", "-from", "2021-03-27T12:00:00Z", "30 1 * * *")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	type run struct{ Time, Note string }
	var got struct {
		Expr     string
		TZ       string
		Wildcard bool
		Explain  string
		Runs     []run
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	want := got
	want.Expr, want.TZ, want.Wildcard, want.Explain = "30 1 * * *", "Europe/Dublin", false, "At 01:30 every day"
	want.Runs = []run{
		{"2021-03-28T02:00:00+01:00", "moved from 01:30: skipped by the spring transition"},
		{"2021-03-29T01:30:00+01:00", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !strings.Contains(out, `"note":""`) {
		t.Errorf("every run should carry a note key: %s", out)
	}
	out, _, _ = runCLI(t, nil, "next", "-json", "-notes=false", "-n", "1", "-tz", "Europe/Dublin", "-from", "2021-03-27T12:00:00Z", "30 1 * * *")
	if !strings.Contains(out, `{"time":"2021-03-28T02:00:00+01:00","note":""}`) {
		t.Errorf("-notes=false -json: %s", out)
	}
}

func TestNeverRunsAgain(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "next", "-dialect", "debian", "-n", "3", "0 0 30 2 *")
	if out != "" || code != 0 || !strings.Contains(errOut, "only 0 runs") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestExplain(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"explain", "30 1 * * *"}, lines("At 01:30 every day",
			"Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once.")},
		{[]string{"explain", "*/15 9-17 * * 1-5"}, lines("Every 15 minutes, between 09:00 and 17:59, Monday through Friday",
			"Wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice.")},
		{[]string{"explain", "-dialect", "debian", "0 0 */2 * 5"}, lines("At 00:00 on odd days of the month that are Fridays",
			"Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once.")},
		{[]string{"explain", "@reboot"}, lines("At daemon start (@reboot)",
			"No clock schedule: daylight saving time does not affect it.")},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(t, nil, tt.args...)
		if diff := cmp.Diff(tt.want, out); diff != "" || code != 0 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout (-want +got):\n%s", tt.args, code, errOut, diff)
		}
	}
}

func TestParseErrorCaret(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"next", "-tz", "UTC", "30 1 * * 8"}, lines(
			"30 1 * * 8",
			"         ^",
			`cronsim: bad day-of-week "8" at column 10: 8 is outside 0-7`,
			"(Debian's crontab: bad day-of-week)")},
		{[]string{"explain", "5;x * * * *"}, lines(
			"5;x * * * *",
			" ^",
			`cronsim: bad minute ";x" at column 2: trailing characters ";x" after minute 5: Debian ignores them`,
			"(Debian's crontab accepts it; use -dialect debian to read it as Debian does)")},
		{[]string{"prev", "-tz", "UTC", "-dialect", "debian", "60 * * * *"}, lines(
			"60 * * * *",
			"^",
			`cronsim: bad minute "60" at column 1: 60 is outside 0-59`,
			"(Debian's crontab: bad minute)")},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(t, nil, tt.args...)
		if diff := cmp.Diff(tt.want, errOut); diff != "" || code != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr (-want +got):\n%s", tt.args, code, out, diff)
		}
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}} {
		out, _, code := runCLI(t, nil, args...)
		if code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		for _, cmd := range []string{"next", "prev", "explain", "check", "simulate", "help"} {
			if !strings.Contains(out, "\n  "+cmd+" ") {
				t.Errorf("%v: usage does not list %s:\n%s", args, cmd, out)
			}
		}
	}
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"next"},
		{"next", "-n", "-1", "* * * * *"},
		{"next", "-tz", "Mars/Olympus", "* * * * *"},
		{"next", "-from", "yesterday", "* * * * *"},
		{"next", "-dialect", "vixie", "* * * * *"},
		{"next", "-bogus", "* * * * *"},
		{"next", "*", "*"},
		{"explain"},
		{"check"},
		{"check", "-dialect", "strict", "x"},
		{"check", filepath.Join(t.TempDir(), "missing")},
	} {
		_, errOut, code := runCLI(t, nil, args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d (want 2), stderr %q", args, code, errOut)
		}
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "crontab")
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCheck(t *testing.T) {
	good := writeFile(t, lines(
		"# a clean crontab",
		"MAILTO=ops@example.com",
		"*/15 * * * * /usr/local/bin/poll",
		"0 12 * * mon-fri /usr/local/bin/lunch",
		"@reboot /usr/local/bin/start",
		"",
	))
	out, errOut, code := runCLI(t, nil, "check", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", good)
	if diff := cmp.Diff(lines(good+": 3 jobs, no problems (zone Europe/Dublin)"), out); diff != "" || code != 0 || errOut != "" {
		t.Errorf("good: exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
	}

	bad := writeFile(t, lines(
		"30 1 * * * /usr/local/bin/backup",
		"30 2 * * 0 /usr/local/bin/report",
		"0 0 * * 8 /bin/true",
		"5;x * * * * /bin/echo mangled",
		"0 0 30 2 * /bin/echo never",
		"\t0\t0 L * * /bin/ext",
	)+"0 9 * * 1-5 /bin/no-newline")
	out, errOut, code = runCLI(t, nil, "check", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", bad)
	want := lines(
		bad+`:1: dst: "30 1 * * *" (At 01:30 every day): 01:30 on 2026-03-29 does not exist in Europe/Dublin (spring transition from 01:00 to 02:00); Debian runs it late, at 2026-03-29T02:00:00+01:00`,
		bad+`:1: dst: "30 1 * * *" (At 01:30 every day): 01:30 on 2026-10-25 happens twice in Europe/Dublin (fall transition from 02:00 to 01:00); Debian runs it once, the first time (2026-10-25T01:30:00+01:00)`,
		bad+`:3:9: bad day-of-week: 8 is outside 0-7`,
		`    0 0 * * 8 /bin/true`,
		`            ^`,
		bad+`:4:2: Debian accepts this but reads it differently: trailing characters ";x" after minute 5: Debian ignores them; Debian runs it as "5 * * * *": At minute 5 past every hour`,
		`    5;x * * * * /bin/echo mangled`,
		`     ^`,
		bad+`:5: never runs: at 00:00 on February 30 matches no date`,
		bad+`:6:6: bad day-of-month: "L" is cronsim syntax (the Strict dialect), not Debian's: its crontab rejects it`,
		"    \t0\t0 L * * /bin/ext",
		"    \t \t  ^",
		bad+`:7:28: missing newline before EOF: Debian's crontab rejects the file`,
		`    0 9 * * 1-5 /bin/no-newline`,
		`                               ^`,
		bad+`: 5 jobs, 7 problems (zone Europe/Dublin)`,
	)
	if diff := cmp.Diff(want, out); diff != "" || code != 1 || errOut != "" {
		t.Errorf("bad: exit %d, stderr %q, stdout (-want +got):\n%s", code, errOut, diff)
	}

	// New York, from $TZ: the spring gap is 02:00-03:00 on a Sunday.
	ny := writeFile(t, lines("30 2 * * 0 /usr/local/bin/report", "30 2 * * 1-5 /usr/local/bin/weekday"))
	out, _, code = runCLI(t, []string{"TZ=America/New_York"}, "check", "-from", "2026-01-01T00:00:00Z", ny)
	want = lines(
		ny+`:1: dst: "30 2 * * 0" (At 02:30 on Sunday): 02:30 on 2026-03-08 does not exist in America/New_York (spring transition from 02:00 to 03:00); Debian runs it late, at 2026-03-08T03:00:00-04:00`,
		ny+`: 2 jobs, 1 problem (zone America/New_York)`,
	)
	if diff := cmp.Diff(want, out); diff != "" || code != 0 {
		t.Errorf("ny: exit %d, stdout (-want +got):\n%s", code, diff)
	}
	// DST findings are informational: they fail the run on request.
	if _, _, code = runCLI(t, []string{"TZ=America/New_York"}, "check", "-from", "2026-01-01T00:00:00Z", "-fail-on", "dst", ny); code != 1 {
		t.Errorf("ny -fail-on dst: exit %d, want 1", code)
	}

	// UTC (an empty $TZ) has no transitions; an empty file is fine.
	utc := writeFile(t, lines("30 1 * * * /usr/local/bin/backup"))
	if out, _, code = runCLI(t, []string{"TZ="}, "check", utc); code != 0 {
		t.Errorf("utc: exit %d: %s", code, out)
	}
	empty := writeFile(t, "")
	if out, _, code = runCLI(t, nil, "check", "-dialect", "debian-bookworm", empty); code != 0 || out != empty+": 0 jobs, no problems (zone UTC)\n" {
		t.Errorf("empty: exit %d: %q", code, out)
	}
}
