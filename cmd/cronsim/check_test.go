package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckFailOn: the exit status follows -fail-on: errors by default,
// warnings and DST findings on request, never with none.
func TestCheckFailOn(t *testing.T) {
	dst := writeFile(t, lines("30 1 * * * /usr/local/bin/backup"))
	warn := writeFile(t, lines("0 1 * * * date +%F"))
	bad := writeFile(t, lines("0 0 * * 5#3 /x"))
	tests := []struct {
		file, failOn string
		want         int
	}{
		{dst, "", 0}, {dst, "error", 0}, {dst, "warning", 0}, {dst, "dst", 1}, {dst, "none", 0},
		{warn, "", 0}, {warn, "warning", 1}, {warn, "dst", 1},
		{bad, "", 1}, {bad, "warning", 1}, {bad, "none", 0},
	}
	for _, tt := range tests {
		args := []string{"check", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z"}
		if tt.failOn != "" {
			args = append(args, "-fail-on", tt.failOn)
		}
		out, errOut, code := runCLI(t, nil, append(args, tt.file)...)
		if code != tt.want {
			t.Errorf("%s -fail-on %q: exit %d, want %d\n%s%s", filepath.Base(tt.file), tt.failOn, code, tt.want, out, errOut)
		}
	}
	if _, errOut, code := runCLI(t, nil, "check", "-fail-on", "warnings", dst); code != 2 || !strings.Contains(errOut, "-fail-on must be error, warning, dst or none") {
		t.Errorf("-fail-on warnings: exit %d, %q", code, errOut)
	}
}

// TestCheckJSON: one object per finding, with the file, position,
// severity, code and message.
func TestCheckJSON(t *testing.T) {
	f := writeFile(t, lines("0 0 * * 5#3 /x", "0 4 * * * date +%F", "30 1 * * * /backup"))
	out, errOut, code := runCLI(t, nil, "check", "-json", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", f)
	if code != 1 || errOut != "" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	type finding struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
		Message  string `json:"message"`
	}
	var got []finding
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		var v finding
		dec := json.NewDecoder(strings.NewReader(l))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		if v.Message == "" {
			t.Errorf("%q: no message", l)
		}
		v.Message = ""
		got = append(got, v)
	}
	want := []finding{
		{f, 1, 9, "error", "mangled", ""},
		{f, 2, 17, "warning", "percent", ""},
		{f, 3, 0, "info", "dst", ""},
		{f, 3, 0, "info", "dst", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}

// TestCheckSystem: /etc/cron.d files are system crontabs by their path
// (-system for any other path): a line without a user field fails.
func TestCheckSystem(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cron.d")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "backup")
	if err := os.WriteFile(file, []byte("30 2 * * * /usr/local/bin/backup\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, code := runCLI(t, nil, "check", "-tz", "UTC", file)
	if code != 1 || !strings.Contains(out, `:1:12: no user field`) || !strings.Contains(out, "(system crontab, zone UTC)") {
		t.Errorf("cron.d file: exit %d\n%s", code, out)
	}
	if _, _, code := runCLI(t, nil, "check", "-tz", "UTC", "-system=false", file); code != 0 {
		t.Errorf("-system=false: exit %d", code)
	}
	plain := writeFile(t, lines("30 2 * * * /usr/local/bin/backup"))
	if out, _, code := runCLI(t, nil, "check", "-tz", "UTC", "-system", plain); code != 1 || !strings.Contains(out, "no user field") {
		t.Errorf("-system: exit %d\n%s", code, out)
	}
	if out, _, code := runCLI(t, nil, "check", "-tz", "UTC", "-system", "-daemon", "busybox", plain); code != 1 || !strings.Contains(out, "BusyBox crond reads no system crontab") {
		t.Errorf("-system -daemon busybox: exit %d\n%s", code, out)
	}
	dotted := filepath.Join(dir, "backup.sh")
	if err := os.WriteFile(dotted, []byte("30 2 * * * root /usr/local/bin/backup\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, _, code := runCLI(t, nil, "check", "-tz", "UTC", dotted); code != 1 || !strings.Contains(out, "run-parts names") {
		t.Errorf("cron.d/backup.sh: exit %d\n%s", code, out)
	}
	if out, _, code := runCLI(t, nil, "check", "-tz", "UTC", "-daemon", "cronie", dotted); code != 0 {
		t.Errorf("cron.d/backup.sh on cronie: exit %d\n%s", code, out)
	}
}
