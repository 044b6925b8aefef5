package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const seedCrontab = `# the seed post's three experiments
MAILTO=""
SHELL=/bin/sh
30 * * * * logger -t experiment1 x
30 1 * * * logger -t experiment2 x
0-59 1 * * * logger -t experiment3 x
`

// TestSimulateSeed: over Dublin's 2021 spring gap the fixed-time lines
// are caught up at 02:00 IST, 60 starts for "0-59 1 * * *"; the wildcard
// line loses 01:30.
func TestSimulateSeed(t *testing.T) {
	file := writeFile(t, seedCrontab)
	stdout, stderr, code := runCLI(t, nil, "simulate", "-tz", "Europe/Dublin",
		"-from", "2021-03-28T00:10:00Z", "-to", "2021-03-28T01:45:00Z", "-json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	counts := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var s struct {
			Time, Reason string
			Line         int
		}
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		counts[s.Time[:16]+" line "+string(rune('0'+s.Line))+" "+s.Reason]++
	}
	want := map[string]int{
		"2021-03-28T00:30 line 4 on time":      1,
		"2021-03-28T02:00 line 5 DST catch-up": 1,
		"2021-03-28T02:00 line 6 DST catch-up": 60,
		"2021-03-28T02:30 line 4 on time":      1,
	}
	if d := cmp.Diff(want, counts); d != "" {
		t.Errorf("starts (-want +got)\n%s", d)
	}
}

func TestSimulateText(t *testing.T) {
	file := writeFile(t, "15 10 * * * /bin/true\n* * * * * /bin/true\n")
	stdout, stderr, code := runCLI(t, nil, "simulate", "-from", "2024-05-01T10:00:00Z", "-to", "2024-05-01T12:07:00Z",
		"-jump", "2024-05-01T10:05:10Z=2024-05-01T12:05:10Z", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "2024-05-01T12:06:01Z  line 1  for 2024-05-01 10:15  DST catch-up  15 10 * * * /bin/true") {
		t.Errorf("no catch-up of 10:15 after the +2h jump in:\n%s", stdout)
	}
	if !strings.Contains(stderr, "starts of 2 jobs") {
		t.Errorf("stderr %q: want a summary", stderr)
	}
}

func TestSimulateErrors(t *testing.T) {
	bad := writeFile(t, "0 0 * * 8 /bin/true\n")
	_, stderr, code := runCLI(t, nil, "simulate", "-from", "2024-05-01T10:00:00Z", "-to", "2024-05-01T11:00:00Z", bad)
	if code != 1 || !strings.Contains(stderr, ":1:9:") || !strings.Contains(stderr, "8 is outside 0-7") {
		t.Errorf("exit %d, stderr %q: want exit 1 with file:line:col and the reason", code, stderr)
	}
	_, _, code = runCLI(t, nil, "simulate", "-from", "yesterday", "-to", "2024-05-01T11:00:00Z", bad)
	if code != 2 {
		t.Errorf("bad -from: exit %d, want 2", code)
	}
	_, _, code = runCLI(t, nil, "simulate", bad)
	if code != 2 {
		t.Errorf("missing -from/-to: exit %d, want 2", code)
	}
}

// TestSimulateLineDuration: -line-duration slows only the job on that
// line of the file. 15-second jobs stretch the 60 catch-up starts of
// "0-59 1 * * *" (line 6) over several minutes (each job end cuts one
// sleep(10) of the catch-up loop); the same duration on line 4, whose
// job ran an hour and a half earlier, leaves the burst at 02:00 whole.
func TestSimulateLineDuration(t *testing.T) {
	file := writeFile(t, seedCrontab)
	at0200 := func(line string) (first, total int) {
		t.Helper()
		stdout, stderr, code := runCLI(t, nil, "simulate", "-tz", "Europe/Dublin",
			"-from", "2021-03-28T00:10:00Z", "-to", "2021-03-28T01:45:00Z", "-json", "-line-duration", line, file)
		if code != 0 {
			t.Fatalf("-line-duration %s: exit %d: %s", line, code, stderr)
		}
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			var s struct {
				Time string
				Line int
			}
			if err := json.Unmarshal([]byte(l), &s); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			if s.Line == 6 {
				total++
				if strings.HasPrefix(s.Time, "2021-03-28T02:00") {
					first++
				}
			}
		}
		return first, total
	}
	if first, total := at0200("6=15s"); total != 60 || first >= 60 || first == 0 {
		t.Errorf("15 s jobs on line 6: %d of %d starts in 02:00, want all 60 starts with some after 02:00", first, total)
	}
	if first, total := at0200("4=15s"); first != 60 || total != 60 {
		t.Errorf("15 s jobs on line 4: line 6 has %d of %d starts in 02:00, want 60 of 60", first, total)
	}
	for _, bad := range []string{"2=15s", "6", "6=-1s", "x=1s"} {
		_, stderr, code := runCLI(t, nil, "simulate", "-tz", "Europe/Dublin",
			"-from", "2021-03-28T00:10:00Z", "-to", "2021-03-28T01:45:00Z", "-line-duration", bad, file)
		if code != 2 || !strings.Contains(stderr, "-line-duration") {
			t.Errorf("-line-duration %s: exit %d, stderr %q: want a usage error naming the flag", bad, code, stderr)
		}
	}
}

// TestSimulateSystemd: -daemon systemd reads one OnCalendar= value per
// line and replays the timers: a forward -jump starts the first skipped
// elapse once, a -stop with -persistent starts the missed elapse at its
// end; each start carries its window (AccuracySec=, RandomizedDelaySec=).
func TestSimulateSystemd(t *testing.T) {
	file := writeFile(t, "# timers\nOnCalendar=hourly\n")
	stdout, stderr, code := runCLI(t, nil, "simulate", "-daemon", "systemd", "-persistent", "-accuracy", "1us", "-randomized-delay", "5m",
		"-from", "2021-06-01T09:50:00Z", "-to", "2021-06-01T16:10:00Z", "-tz", "UTC",
		"-jump", "2021-06-01T10:40:00Z=2021-06-01T12:50:00Z", "-stop", "2021-06-01T13:10:00Z=2021-06-01T15:20:00Z", "-json", file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var s struct{ Time, Reason, Window string }
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		got = append(got, s.Time+" "+s.Reason+" "+s.Window)
	}
	want := []string{
		"2021-06-01T10:00:00Z on time 5m0.000001s",
		"2021-06-01T12:50:00Z late catch-up 5m0.000001s",
		"2021-06-01T13:00:00Z on time 5m0.000001s",
		"2021-06-01T15:20:00Z late catch-up 5m0.000001s",
		"2021-06-01T16:00:00Z on time 5m0.000001s",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("starts (-want +got)\n%s", d)
	}
	if _, stderr, code := runCLI(t, nil, "simulate", "-persistent", "-from", "2021-06-01T09:50:00Z", "-to", "2021-06-01T10:10:00Z", file); code != 2 || !strings.Contains(stderr, "-persistent applies to -daemon systemd only") {
		t.Errorf("-persistent for Debian's cron: exit %d, %s", code, stderr)
	}
}
