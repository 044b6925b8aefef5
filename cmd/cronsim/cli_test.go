package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"unicode/utf8"
)

// runCLIStdin is runCLI with standard input.
func runCLIStdin(t *testing.T, stdin string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(append(os.Environ(), "TZ=UTC"), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	code := 0
	if err := cmd.Run(); err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("run %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return stdout.String(), stderr.String(), code
}

// TestZoneDefault: every subcommand defaults to $TZ and says which zone
// it assumed (before, next, prev and simulate used UTC and ignored $TZ).
func TestZoneDefault(t *testing.T) {
	dublin := []string{"TZ=Europe/Dublin"}
	crontab := writeFile(t, "30 1 * * * /bin/true\n")
	tests := []struct {
		args       []string
		stdout     string // a substring
		zoneStderr bool   // the zone is named on stderr (check names it in its summary)
	}{
		{[]string{"next", "-n", "1", "-from", "2021-03-27T12:00:00Z", "30 1 * * *"}, "2021-03-28T02:00:00+01:00\n", true},
		{[]string{"prev", "-n", "1", "-from", "2021-07-01T12:00:00Z", "30 1 * * *"}, "2021-07-01T01:30:00+01:00\n", true},
		{[]string{"next", "-json", "-n", "1", "-from", "2021-07-01T12:00:00Z", "30 1 * * *"}, `"tz":"Europe/Dublin"`, true},
		{[]string{"simulate", "-from", "2021-07-01T00:00:00Z", "-to", "2021-07-02T00:00:00Z", crontab}, "2021-07-01T01:30:01+01:00  line 1", true},
		{[]string{"check", "-from", "2026-01-01T00:00:00Z", crontab}, "1 job, 2 problems (zone Europe/Dublin)\n", false},
	}
	for _, tt := range tests {
		out, errOut, _ := runCLI(t, dublin, tt.args...)
		if !strings.Contains(out, tt.stdout) {
			t.Errorf("TZ=Europe/Dublin %v: stdout %q, want %q in it", tt.args, out, tt.stdout)
		}
		if tt.zoneStderr && !strings.Contains(errOut, "zone Europe/Dublin (from $TZ") {
			t.Errorf("TZ=Europe/Dublin %v: stderr %q does not name the zone it assumed", tt.args, errOut)
		}
	}
	// -tz wins and is not repeated back.
	out, errOut, code := runCLI(t, dublin, "next", "-tz", "UTC", "-n", "1", "-from", "2021-07-01T00:00:00Z", "30 1 * * *")
	if out != "2021-07-01T01:30:00Z\n" || errOut != "" || code != 0 {
		t.Errorf("-tz UTC: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// A CRON_TZ= prefix names the schedule's own zone: no default is
	// assumed, and a different -tz is overridden with a warning.
	out, errOut, code = runCLI(t, dublin, "next", "-n", "1", "-from", "2021-03-27T12:00", "CRON_TZ=America/New_York 30 1 * * *")
	if out != "2021-03-28T01:30:00-04:00\n" || errOut != "" || code != 0 {
		t.Errorf("CRON_TZ: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	_, errOut, _ = runCLI(t, dublin, "next", "-tz", "UTC", "-n", "1", "CRON_TZ=America/New_York 30 1 * * *")
	if !strings.Contains(errOut, "the expression's zone America/New_York overrides -tz UTC") {
		t.Errorf("CRON_TZ and -tz: stderr %q", errOut)
	}
	// An empty TZ is UTC, as for the C library.
	_, errOut, _ = runCLI(t, []string{"TZ="}, "next", "-n", "1", "* * * * *")
	if !strings.Contains(errOut, "zone UTC (from an empty $TZ") {
		t.Errorf("TZ=: stderr %q", errOut)
	}
}

// TestHelpDefaultOnce: check -h used to print the -tz default twice.
func TestHelpDefaultOnce(t *testing.T) {
	for _, cmd := range []string{"next", "prev", "check", "simulate"} {
		out, _, code := runCLI(t, nil, cmd, "-h")
		if code != 0 {
			t.Errorf("%s -h: exit %d", cmd, code)
		}
		_, tzHelp, _ := strings.Cut(out, "-tz string\n")
		tzHelp, _, _ = strings.Cut(tzHelp, "\n")
		if n := strings.Count(tzHelp, "default"); n != 1 {
			t.Errorf("%s -h: -tz help says default %d times: %q", cmd, n, tzHelp)
		}
	}
}

// TestTimeForms: -from takes RFC 3339, a wall date-time or a date in
// -tz, or now; a wall time that does not exist is an error, one that
// exists twice is read as the first, with a note.
func TestTimeForms(t *testing.T) {
	tests := []struct {
		zone, from string
		want       string // first run of "*/30 * * * *", or "" for an error
		stderr     string // a substring of stderr
	}{
		{"Europe/Dublin", "2021-03-27T12:00:00Z", "2021-03-27T12:30:00+00:00", ""},
		{"Europe/Dublin", "2021-07-01T12:00:00.5+01:00", "2021-07-01T12:30:00+01:00", ""},
		{"Europe/Dublin", "2021-07-01T12:00", "2021-07-01T12:30:00+01:00", ""},
		{"Europe/Dublin", "2021-07-01T12:00:00", "2021-07-01T12:30:00+01:00", ""},
		{"Europe/Dublin", "2021-07-01 12:00", "2021-07-01T12:30:00+01:00", ""},
		{"Europe/Dublin", "2021-01-01 12:00:00", "2021-01-01T12:30:00+00:00", ""},
		{"Europe/Dublin", "2021-07-01", "2021-07-01T00:30:00+01:00", ""},
		{"Europe/Dublin", "2021-03-28T01:30", "", "no such time in Europe/Dublin: the clock jumps from 01:00 to 02:00"},
		{"Europe/Dublin", "2021-10-31T01:30", "2021-10-31T01:00:00+00:00", "happens twice in Europe/Dublin; using the first, 2021-10-31T01:30:00+01:00 (the second is 2021-10-31T01:30:00Z)"},
		{"America/Sao_Paulo", "2018-11-04", "2018-11-04T01:30:00-02:00", "00:00 does not exist in America/Sao_Paulo; using the day's first instant, 2018-11-04T01:00:00-02:00"},
		{"Pacific/Apia", "2011-12-30T12:00", "", "no such time in Pacific/Apia"},
		{"Europe/Dublin", "yesterday", "", `want RFC 3339 (2021-03-27T12:00:00Z, 2021-03-27T13:00:00+01:00), a date-time in the zone (2021-03-27T12:00, 2021-03-27 12:00:00), a date (2021-03-27`},
		{"Europe/Dublin", "2021-13-01", "", "want RFC 3339"},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(t, nil, "next", "-n", "1", "-tz", tt.zone, "-from", tt.from, "*/30 * * * *")
		if tt.want == "" {
			if code != 2 || out != "" || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("-from %s: exit %d, stdout %q, stderr %q: want exit 2 and %q", tt.from, code, out, errOut, tt.stderr)
			}
			if strings.Contains(errOut, "Z07:00") {
				t.Errorf("-from %s: Go's layout in the error: %q", tt.from, errOut)
			}
			continue
		}
		if code != 0 || out != tt.want+"\n" || !strings.Contains(errOut, tt.stderr) {
			t.Errorf("-from %s in %s: exit %d, stdout %q, stderr %q: want %s and %q", tt.from, tt.zone, code, out, errOut, tt.want, tt.stderr)
		}
	}
	out, _, code := runCLI(t, nil, "next", "-n", "1", "-from", "now", "* * * * *")
	if code != 0 || len(out) != len("2021-03-27T12:30:00Z\n") { // TZ=UTC: Z
		t.Errorf("-from now: exit %d, %q", code, out)
	}
	// simulate reads -to and -jump the same way.
	crontab := writeFile(t, "0 * * * * /bin/true\n")
	out, errOut, code := runCLI(t, nil, "simulate", "-tz", "Europe/Dublin", "-from", "2021-07-01 10:00", "-to", "2021-07-01T12:30",
		"-jump", "2021-07-01T10:30=2021-07-01T11:45", crontab)
	// The wildcard job loses 11:00 in the jump from 10:30 to 11:45 (local).
	want := lines("2021-07-01T12:00:01+01:00  line 1  for 2021-07-01 12:00  on time  0 * * * * /bin/true")
	if code != 0 || out != want {
		t.Errorf("simulate with local times: exit %d, stderr %q, stdout\n%s\nwant\n%s", code, errOut, out, want)
	}
}

// TestFlagsAfterArgument: flags may follow the expression or file; five
// unquoted fields get an error that says to quote them.
func TestFlagsAfterArgument(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "next", "30 1 * * *", "-n", "2", "-tz", "Europe/Dublin", "-from", "2021-03-27T12:00:00Z")
	if code != 0 || out != lines("2021-03-28T02:00:00+01:00", "2021-03-29T01:30:00+01:00") {
		t.Errorf("flags after the expression: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	crontab := writeFile(t, "30 1 * * * /bin/true\n")
	out, _, code = runCLI(t, nil, "check", crontab, "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", "-fail-on", "dst")
	if code != 1 || !strings.Contains(out, "1 job, 2 problems (zone Europe/Dublin)") {
		t.Errorf("check FILE -tz: exit %d, stdout %q", code, out)
	}
	_, errOut, code = runCLI(t, nil, "next", "0", "0", "*", "*", "1-5")
	if code != 2 || !strings.Contains(errOut, "got 5 arguments; quote the expression, as in: cronsim next '0 0 * * 1-5'") {
		t.Errorf("unquoted: exit %d, stderr %q", code, errOut)
	}
	// "--" ends the flags.
	_, errOut, code = runCLI(t, nil, "next", "-n", "1", "--", "* * * * *", "-n")
	if code != 2 || !strings.Contains(errOut, "got 2 arguments") {
		t.Errorf("after --: exit %d, stderr %q", code, errOut)
	}
}

// TestInputs: check - reads standard input; a directory is a usage error
// (exit 2) for every command that reads a file; simulate rejects -from
// after -to and a negative -job-duration.
func TestInputs(t *testing.T) {
	out, errOut, code := runCLIStdin(t, "30 1 * * * /bin/true\n0 0 * * 8 /bin/bad\n", nil, "check", "-tz", "UTC", "-")
	if code != 1 || out != lines("<stdin>:2:9: bad day-of-week: 8 is outside 0-7", "    0 0 * * 8 /bin/bad", "            ^", "<stdin>: 1 job, 1 problem (zone UTC)") {
		t.Errorf("check -: exit %d, stderr %q, stdout\n%s", code, errOut, out)
	}
	out, _, code = runCLIStdin(t, "0 * * * * /bin/true\n", nil, "simulate", "-tz", "UTC", "-from", "2026-01-01", "-to", "2026-01-01T02:30", "-")
	if code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("simulate -: exit %d, stdout %q", code, out)
	}
	// Endless input is an error, not all of memory.
	for _, args := range [][]string{{"check", "-tz", "UTC", "/dev/zero"}, {"simulate", "-tz", "UTC", "-from", "2026-01-01", "-to", "2026-01-02", "/dev/zero"}} {
		if _, err := os.Stat("/dev/zero"); err != nil {
			break
		}
		_, errOut, code := runCLI(t, nil, args...)
		if code != 2 || !strings.Contains(errOut, "/dev/zero is longer than 16 MiB: not a crontab") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"check", dir},
		{"simulate", "-from", "2026-01-01", "-to", "2026-01-02", dir},
	} {
		_, errOut, code := runCLI(t, nil, args...)
		if code != 2 || !strings.Contains(errOut, "is a directory") {
			t.Errorf("%v: exit %d, stderr %q: want 2, is a directory", args, code, errOut)
		}
	}
	crontab := writeFile(t, "* * * * * /bin/true\n")
	// The simulator's own checks name the flag.
	_, errOut, code = runCLI(t, nil, "simulate", "-from", "2026-01-01", "-to", "2026-01-02", "-jump", "2026-01-01T10:00=1500-01-01", crontab)
	if code != 2 || !strings.Contains(errOut, "cronsim simulate: -jump #1 TO: 1500-01-01T00:00:00Z is outside the simulator's range") {
		t.Errorf("-jump out of range: exit %d, stderr %q", code, errOut)
	}
	// -from after -to is fine when a -jump sets the clock back before -to.
	out, errOut, code = runCLI(t, nil, "simulate", "-from", "2026-01-02T00:00", "-to", "2026-01-01T00:02", "-jump", "2026-01-02T00:00:30=2026-01-01T00:00:30", crontab)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("-from after -to with a -jump back: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, args := range [][]string{
		{"simulate", "-from", "2026-01-02", "-to", "2026-01-01", crontab},
		{"simulate", "-from", "2026-01-01", "-to", "2026-01-01", crontab},
		{"simulate", "-from", "2026-01-01", "-to", "2026-01-02", "-job-duration", "-1m", crontab},
	} {
		out, errOut, code := runCLI(t, nil, args...)
		if code != 2 || out != "" || errOut == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q: want a usage error", args, code, out, errOut)
		}
	}
}

// TestMessages: plurals, prev's wording, a pasted crontab line, CRLF.
func TestMessages(t *testing.T) {
	_, errOut, _ := runCLI(t, nil, "prev", "-n", "3", "-from", "0002-06-01T00:00:00Z", "0 0 1 1 *")
	if !strings.Contains(errOut, "only 1 run: the schedule has no earlier run") {
		t.Errorf("prev at the start of time: stderr %q", errOut)
	}
	// A schedule with a year field has a first run, and prev says so.
	out, errOut, _ := runCLI(t, nil, "prev", "-tz", "UTC", "-n", "3", "-from", "2040-01-01T00:00:00Z", "0 30 1 1 1 * 2030")
	if out != "2030-01-01T01:30:00Z\n" || !strings.Contains(errOut, "only 1 run: the schedule has no earlier run") || strings.Contains(errOut, "never runs again") {
		t.Errorf("prev before the first run: stdout %q, stderr %q", out, errOut)
	}
	_, errOut, _ = runCLI(t, nil, "next", "*")
	if !strings.Contains(errOut, "1 field: want 5") {
		t.Errorf("one field: stderr %q", errOut)
	}
	_, errOut, _ = runCLI(t, nil, "next", "-n", "3", "-dialect", "debian", "0 0 30 2 *")
	if !strings.Contains(errOut, "only 0 runs: the schedule never runs again") {
		t.Errorf("next, never: stderr %q", errOut)
	}
	for _, d := range []string{"strict", "debian"} {
		// Issue 19: a pasted line is read for its schedule, with a note.
		out, errOut, code := runCLI(t, nil, "next", "-n", "1", "-from", "2026-01-01T00:00:00Z", "-tz", "UTC", "-dialect", d, "0 0 * * 1-5 /bin/true")
		if code != 0 || out != "2026-01-02T00:00:00Z\n" || !strings.Contains(errOut, `is a crontab line: this is its schedule, "0 0 * * 1-5"`) {
			t.Errorf("pasted line, %s: exit %d, stderr %q", d, code, errOut)
		}
	}
	// A year field or a Quartz-style expression is not a pasted line:
	// dropping "2030" or "? 2030" would give another schedule. The
	// parser's error names the year field instead.
	for _, c := range []struct{ dialect, expr string }{
		{"strict", "0 0 1 1 * 2030"},
		{"strict", "0 0 1 1 * 1999-2030"},
		{"debian", "0 0 1 1 * 2030"},
		{"debian", "0 0 12 * * ? 2030"},
		{"debian", "0 0 1 1 * 2030 /bin/true"},
	} {
		out, errOut, code := runCLI(t, nil, "next", "-dialect", c.dialect, c.expr)
		if code != 1 || out != "" || strings.Contains(errOut, "looks like a crontab line") || !strings.Contains(errOut, "year field") {
			t.Errorf("%s %q: exit %d, stderr %q: want the parser's year-field error", c.dialect, c.expr, code, errOut)
		}
	}
	_, errOut, _ = runCLI(t, nil, "explain", "30 1 * * * backup.sh --full")
	if !strings.Contains(errOut, `is a crontab line: this is its schedule, "30 1 * * *"`) {
		t.Errorf("explain, pasted line: stderr %q", errOut)
	}
	crlf := writeFile(t, "# made on Windows\r\nMAILTO=ops@example.com\r\n30 1 * * * /bin/true\r\n")
	out, _, code := runCLI(t, nil, "check", "-tz", "UTC", crlf)
	want := lines(crlf+`:3:21: line ends in a carriage return (CRLF line endings?): Debian keeps the \r as the last character of the command`,
		`    30 1 * * * /bin/true\r`,
		`                        ^`,
		crlf+": 1 job, 1 problem (zone UTC)")
	if code != 1 || out != want {
		t.Errorf("CRLF: exit %d, stdout\n%s\nwant\n%s", code, out, want)
	}
}

// TestBadFlagQuoted: the flag package's own messages echo a mistyped
// flag; they reach the terminal escaped and cut.
func TestBadFlagQuoted(t *testing.T) {
	for _, flagArg := range []string{"-x\x1b]0;owned\x07", "-" + strings.Repeat("y", 100000)} {
		_, errOut, code := runCLI(t, nil, "next", flagArg, "* * * * *")
		if code != 2 || !strings.Contains(errOut, "flag provided but not defined") {
			t.Errorf("exit %d, stderr %.200q", code, errOut)
		}
		if strings.ContainsAny(errOut, "\x1b\x07") || len(errOut) > 20000 {
			t.Errorf("%.20q: raw control bytes or %d bytes in stderr %.200q", flagArg, len(errOut), errOut)
		}
	}
}

// TestJSONNoRawControls: JSON output escapes every control character,
// including DEL and the C1 controls encoding/json leaves raw (U+009B is
// a CSI), and still decodes to the crontab's own text.
func TestJSONNoRawControls(t *testing.T) {
	command := "/bin/echo \u009b31mred\x7f\u0085end"
	crontab := writeFile(t, "0 * * * * "+command+"\n")
	out, errOut, code := runCLI(t, nil, "simulate", "-json", "-tz", "UTC", "-from", "2026-01-01", "-to", "2026-01-01T01:30", crontab)
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, r := range out {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			t.Errorf("raw %U in %q", r, out)
		}
	}
	var start struct{ Entry string }
	if err := json.Unmarshal([]byte(out), &start); err != nil || start.Entry != "0 * * * * "+command {
		t.Errorf("decodes to %q, %v; want the line back", start.Entry, err)
	}
}

// TestUntrustedInput: nothing the input holds reaches the terminal raw,
// and echoed text is cut (before, check printed a 1 MB line, binary
// bytes and an OSC sequence that retitles the terminal as they were).
func TestUntrustedInput(t *testing.T) {
	bin := make([]byte, 4096)
	for i := range bin {
		bin[i] = byte(i*7 + 1)
		if bin[i] == '\n' || bin[i] == 0 {
			bin[i] = 0x1b // one line, and a valid argument
		}
	}
	crontab := writeFile(t, strings.Join([]string{
		"0 0 * * 8 \x1b]0;pwned\x07 # retitles an xterm",
		"\x1b]0;pwned\x07 * * * * /bin/true",
		string(bin),
		"0 0 * * 8 " + strings.Repeat("x", 1<<20),
		strings.Repeat("7", 1<<20) + " * * * * /bin/true",
		"5;\x9b\xff * * * * /bin/true",
		"",
	}, "\n"))
	out, errOut, code := runCLI(t, nil, "check", "-tz", "UTC", crontab)
	if code != 1 {
		t.Errorf("check: exit %d", code)
	}
	checkClean(t, "check stdout", out)
	checkClean(t, "check stderr", errOut)
	if n := strings.Count(out, "\n"); n < 12 {
		t.Errorf("check: %d lines of output, want a report of every bad line:\n%s", n, out)
	}
	// (An argument is at most 128 KB on Linux.)
	for _, expr := range []string{"\x1b]0;pwned\x07 * * * *", string(bin[:3000]), strings.Repeat("1", 100<<10), "5 \xff * * *"} {
		for _, cmd := range []string{"next", "explain"} {
			out, errOut, code := runCLI(t, nil, cmd, expr)
			if code == 0 {
				t.Errorf("%s: exit 0", cmd)
			}
			checkClean(t, cmd+" stdout", out)
			checkClean(t, cmd+" stderr", errOut)
		}
	}
	// A file name is echoed too.
	_, errOut, _ = runCLI(t, nil, "check", "/nonexistent/\x1b]0;pwned\x07")
	checkClean(t, "check missing file", errOut)
}

// checkClean fails if out has a control character other than newline
// and tab, invalid UTF-8, or a line longer than a few hundred bytes.
func checkClean(t *testing.T, what, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("%s: invalid UTF-8", what)
	}
	for _, r := range out {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r < 0xa0 {
			t.Errorf("%s: raw control character %U", what, r)
			break
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if len(line) > 800 {
			t.Errorf("%s: a line of %d bytes: %.100q...", what, len(line), line)
			break
		}
	}
}
