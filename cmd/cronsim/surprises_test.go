package main

import (
	"strings"
	"testing"

	"github.com/cronsim-go/cronsim"
)

// TestMessagesInventNothing: the daemons' messages show the text the
// user gave, never a command made up to parse it, and suggest only what
// works (issue 19).
func TestMessagesInventNothing(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		has, not []string
	}{
		{[]string{"next", "-daemon", "busybox", "@daily"}, 1,
			[]string{"segmentation fault"}, []string{"@daily x", "looks like a crontab line", "Debian's crontab"}},
		{[]string{"explain", "-daemon", "busybox", "60 0 * * *"}, 1,
			[]string{`bad minute "60"`}, []string{"60 0 * * * x", "-dialect debian"}},
		{[]string{"explain", "-daemon", "cronie", "0 0 * * 5#3"}, 1,
			[]string{"cronie"}, []string{"5#3 x", "-dialect debian", "Debian's crontab"}},
		{[]string{"next", "H 3 * * *"}, 1,
			[]string{"give one with -key"}, []string{"ParseOptions", "HashKey"}},
		{[]string{"explain", "H 3 * * *"}, 1,
			[]string{"give one with -key"}, []string{"ParseOptions"}},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI(t, []string{"TZ=UTC"}, tt.args...)
		all := out + errOut
		if code != tt.code {
			t.Errorf("%q: exit %d, want %d\n%s", tt.args, code, tt.code, all)
		}
		for _, s := range tt.has {
			if !strings.Contains(all, s) {
				t.Errorf("%q: no %q in\n%s", tt.args, s, all)
			}
		}
		for _, s := range tt.not {
			if strings.Contains(all, s) {
				t.Errorf("%q: %q in\n%s", tt.args, s, all)
			}
		}
	}
	// -key works where H can appear.
	for _, cmd := range []string{"next", "prev", "explain", "due"} {
		args := []string{cmd, "-key", "backup", "H 3 * * *"}
		if cmd == "due" {
			args = append(args, "-last", "2026-01-01T00:00:00Z", "-now", "2026-01-01T00:01:00Z")
		}
		if _, errOut, code := runCLI(t, []string{"TZ=UTC"}, args...); code != 0 {
			t.Errorf("%s -key: exit %d: %s", cmd, code, errOut)
		}
	}
}

// TestPastedLine: a crontab line with its command is read for its
// schedule, with a note, by every daemon.
func TestPastedLine(t *testing.T) {
	for _, d := range []string{"debian", "cronie", "busybox"} {
		out, errOut, code := runCLI(t, []string{"TZ=UTC"}, "explain", "-daemon", d, "30 2 * * * /usr/local/bin/backup")
		if code != 0 || !strings.HasPrefix(out, "At 02:30 every day\n") || !strings.Contains(errOut, `note: "30 2 * * * /usr/local/bin/backup" is a crontab line: this is its schedule, "30 2 * * *"`) {
			t.Errorf("%s: exit %d\n%s%s", d, code, out, errOut)
		}
	}
	out, _, code := runCLI(t, []string{"TZ=UTC"}, "next", "-n", "1", "-from", "2026-01-01", "30 2 * * * /usr/local/bin/backup")
	if code != 0 || out != "2026-01-01T02:30:00Z\n" {
		t.Errorf("next: exit %d, %q", code, out)
	}
}

// TestExplainReadsDifferently: an expression cronsim's syntax and
// Debian's cron read differently gets a note with both meanings.
func TestExplainReadsDifferently(t *testing.T) {
	for _, expr := range []string{"0 0 * * 5#3", "0 0 * * MON-FRI#1", "0 0 * * FRI#L"} {
		_, errOut, code := runCLI(t, []string{"TZ=UTC"}, "explain", expr)
		if code != 0 || !strings.Contains(errOut, "note: Debian's cron reads this differently from cronsim's syntax") || !strings.Contains(errOut, "-dialect debian reads it as Debian does") {
			t.Errorf("%s: exit %d, stderr %q", expr, code, errOut)
		}
	}
	if _, errOut, _ := runCLI(t, []string{"TZ=UTC"}, "explain", "0 0 * * 5"); errOut != "" {
		t.Errorf("0 0 * * 5: stderr %q", errOut)
	}
}

// TestVersion: the module version and each daemon's version, from the
// daemon table.
func TestVersion(t *testing.T) {
	out, errOut, code := runCLI(t, nil, "version")
	if code != 0 || errOut != "" || !strings.HasPrefix(out, "cronsim ") {
		t.Fatalf("exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	for _, d := range cronsim.Daemons {
		if want := d.String() + " "; !strings.Contains(out, "  "+want) || !strings.Contains(out, d.Version()) || d.Version() == d.String() {
			t.Errorf("no line for %s (%q) in\n%s", d, d.Version(), out)
		}
	}
	if _, errOut, code := runCLI(t, nil, "version", "extra"); code != 2 || !strings.Contains(errOut, "unexpected argument") {
		t.Errorf("version extra: exit %d, %q", code, errOut)
	}
}

// TestSuggestions: a mistyped command or zone name gets the nearest
// names; a zone in the wrong case gets the right one.
func TestSuggestions(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"nxt"}, `unknown command "nxt" (did you mean next?)`},
		{[]string{"verison"}, `(did you mean version?)`},
		{[]string{"help", "chek"}, `unknown command "chek" (did you mean check?)`},
		{[]string{"next", "-tz", "europe/dublin", "0 0 * * *"}, `unknown time zone "europe/dublin", from -tz (did you mean Europe/Dublin?)`},
		{[]string{"next", "-tz", "Dublin", "0 0 * * *"}, `(did you mean Europe/Dublin?)`},
		{[]string{"next", "-tz", "America/New_Yrok", "0 0 * * *"}, `(did you mean America/New_York?)`},
	}
	for _, tt := range tests {
		_, errOut, code := runCLI(t, nil, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want %q", tt.args, code, errOut, tt.want)
		}
	}
	if got := closest("zzzzzz", commandNames()); len(got) != 0 {
		t.Errorf("closest(zzzzzz) = %q", got)
	}
}

// TestBatchStrict: an unknown key is an error, not ignored; a query
// without tz runs in the zone every command defaults to ($TZ); key
// gives H its hash key.
func TestBatchStrict(t *testing.T) {
	in := (`{"id":1,"expr":"0 0 * * *","from":"2026-01-01T00:00:00Z"}` + "\n" +
		`{"id":2,"expr":"30 1 * * *","after":"2026-01-10T00:00:00Z","n":1}` + "\n" +
		`{"id":3,"expr":"H 1 * * *","after":"2026-01-10T00:00:00Z","n":1,"key":"backup"}` + "\n")
	out, errOut, code := runCLIStdin(t, in, []string{"TZ=America/New_York"}, "next", "-batch")
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if code != 0 || len(got) != 3 {
		t.Fatalf("exit %d, stderr %q, stdout %q", code, errOut, out)
	}
	if want := `{"id":1,"error":"line 1: unknown key \"from\": want id, expr, tz, system_tz, after, before, n, key, started"}`; got[0] != want {
		t.Errorf("unknown key: %s, want %s", got[0], want)
	}
	if want := `{"id":2,"runs":["2026-01-10T06:30:00Z"]}`; got[1] != want {
		t.Errorf("default zone: %s, want %s (01:30 in New York)", got[1], want)
	}
	if !strings.HasPrefix(got[2], `{"id":3,"runs":["2026-01-10T`) {
		t.Errorf("key: %s", got[2])
	}
	out, _, _ = runCLIStdin(t, `{"id":4,"expr":"H 1 * * *","tz":"UTC","n":1}`+"\n", nil, "next", "-batch")
	if strings.Contains(out, "ParseOptions") || !strings.Contains(out, `give \"key\" in the query, or -key`) {
		t.Errorf("H without a key: %s", out)
	}
}

// TestOutputNotUTC: a zone's zero offset is +00:00, not Z (which says
// UTC); -long adds the weekday, the zone's abbreviation and the time
// from now; a year past 9999 is an error.
func TestOutputNotUTC(t *testing.T) {
	out, _, code := runCLI(t, nil, "next", "-n", "1", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", "30 1 * * *")
	if code != 0 || out != "2026-01-01T01:30:00+00:00\n" {
		t.Errorf("Dublin in winter: exit %d, %q", code, out)
	}
	out, _, _ = runCLI(t, nil, "next", "-n", "1", "-tz", "UTC", "-from", "2026-01-01T00:00:00Z", "30 1 * * *")
	if out != "2026-01-01T01:30:00Z\n" {
		t.Errorf("UTC: %q", out)
	}
	out, _, code = runCLI(t, nil, "next", "-long", "-n", "1", "-tz", "Europe/Dublin", "-from", "2126-01-01T00:00:00Z", "30 1 * * *")
	if code != 0 || !strings.HasPrefix(out, "Tue 2126-01-01 01:30:00 GMT +00:00, in ") || !strings.HasSuffix(out, " years\n") {
		t.Errorf("-long: exit %d, %q", code, out)
	}
	for _, args := range [][]string{
		{"next", "-n", "1", "-tz", "UTC", "-from", "9999-12-31T23:59:00Z", "0 0 * * *"},
		{"due", "-tz", "UTC", "-last", "9999-12-31T12:00:00Z", "0 0 * * *"},
	} {
		out, errOut, code := runCLI(t, nil, args...)
		if code != 1 || strings.Contains(out, "10000") || !strings.Contains(errOut, "year 10000, past 9999") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	out, _, _ = runCLIStdin(t, `{"id":1,"expr":"0 0 * * *","tz":"UTC","after":"9999-12-31T23:59:00Z","n":1}`+"\n", nil, "next", "-batch")
	if !strings.Contains(out, `"error":"the run falls in year 10000`) {
		t.Errorf("batch: %q", out)
	}
}

// TestMessagesWhole: the command's own messages are not cut at a
// terminal's width and name flags, not the library's fields.
func TestMessagesWhole(t *testing.T) {
	crontab := writeFile(t, lines("0 0 * * * /bin/true"))
	_, errOut, code := runCLI(t, nil, "simulate", "-tz", "UTC", "-from", "2000-01-01", "-to", "2030-01-01", crontab)
	want := "cronsim simulate: -to: the daemon would live through more than 20 years of clock time (from -from to -to, plus what the clock sets add)\n"
	if code != 2 || errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
}
