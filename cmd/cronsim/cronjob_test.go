package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDueCronJob: due -daemon kubernetes takes the CronJob's settings
// (cronsim.Check's StartingDeadline, Concurrency, Suspended), and the
// other daemons refuse them.
func TestDueCronJob(t *testing.T) {
	last := []string{"-daemon", "kubernetes", "-tz", "UTC", "-last", "2021-06-01T10:00:00.1Z"}
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
		code           int
	}{
		// The 11:00 start waits for the 65-minute Job: due, not late.
		{append(last, "-now", "2021-06-01T11:03:00Z", "-job-duration", "65m", "-concurrency", "Forbid", "0 * * * *"),
			"2021-06-01T11:00:00Z\n2021-06-01T11:06:01Z\ngrace start_due 0\n", "", 0},
		{append(last, "-now", "2021-06-01T11:03:00Z", "-job-duration", "65m", "0 * * * *"),
			"2021-06-01T11:00:00Z\n2021-06-01T11:01:01Z\nlate start_overdue 1\n", "", 3},
		{append(last, "-now", "2021-06-01T15:00:00Z", "-suspend", "0 * * * *"),
			"never suspended 0\n", "the CronJob is suspended", 0},
		{append(last, "-now", "2021-06-01T15:00:00Z", "-starting-deadline", "0s", "0 * * * *"),
			"never never_runs 0\n", "never runs", 1},
		{append(last, "-concurrency", "sometimes", "0 * * * *"), "", "-concurrency", 2},
		{[]string{"-tz", "UTC", "-last", "2021-06-01T10:00:00Z", "-suspend", "0 * * * *"}, "", "-suspend is a Kubernetes CronJob's setting", 2},
		{[]string{"-daemon", "busybox", "-tz", "UTC", "-starting-deadline", "60s", "0 * * * *"}, "", "-starting-deadline is a Kubernetes CronJob's setting", 2},
	} {
		var out, errOut bytes.Buffer
		code := run(append([]string{"due"}, tc.args...), strings.NewReader(""), &out, &errOut)
		if code != tc.code || out.String() != tc.stdout || !strings.Contains(errOut.String(), tc.stderr) {
			t.Errorf("due %q: status %d, stdout %q, stderr %q; want %d, %q, stderr with %q", tc.args, code, out.String(), errOut.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
}

// TestSimulateCronJob: simulate -daemon kubernetes -suspend FROM=TO
// stops the controller's starts in the span and starts the most recent
// missed time at its end (conformance/driven/k8s-utc-suspend.json:
// "0 * * * *" at 11:40:30 for 11:00).
func TestSimulateCronJob(t *testing.T) {
	file := filepath.Join(t.TempDir(), "cronjobs")
	if err := os.WriteFile(file, []byte("0 * * * *\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	base := []string{"simulate", "-daemon", "kubernetes", "-tz", "UTC", "-from", "2021-06-01T08:00:01Z", "-to", "2021-06-01T12:30:00Z"}
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
		code           int
	}{
		{append(base, file), "2021-06-01T09:00:00Z  line 1  for 2021-06-01 09:00  on time  0 * * * *\n" +
			"2021-06-01T10:00:00Z  line 1  for 2021-06-01 10:00  on time  0 * * * *\n" +
			"2021-06-01T11:00:00Z  line 1  for 2021-06-01 11:00  on time  0 * * * *\n" +
			"2021-06-01T12:00:00Z  line 1  for 2021-06-01 12:00  on time  0 * * * *\n", "", 0},
		{append(base, "-suspend", "2021-06-01T09:10:00Z=2021-06-01T11:40:30Z", file), "2021-06-01T09:00:00Z  line 1  for 2021-06-01 09:00  on time  0 * * * *\n" +
			"2021-06-01T11:40:30Z  line 1  for 2021-06-01 11:00  late catch-up  0 * * * *\n" +
			"2021-06-01T12:00:00Z  line 1  for 2021-06-01 12:00  on time  0 * * * *\n", "", 0},
		{append(base, "-suspend", "2021-06-01T09:10:00Z=2021-06-01T11:40:30Z", "-starting-deadline", "10m", file), "2021-06-01T09:00:00Z  line 1  for 2021-06-01 09:00  on time  0 * * * *\n" +
			"2021-06-01T12:00:00Z  line 1  for 2021-06-01 12:00  on time  0 * * * *\n", "", 0},
		{append(base, "-suspend", "2021-06-01T09:10:00Z", file), "", "want TIME=TIME", 2},
		{[]string{"simulate", "-tz", "UTC", "-from", "2021-06-01T08:00:00Z", "-to", "2021-06-01T09:00:00Z", "-suspend", "2021-06-01T08:10:00Z=2021-06-01T08:20:00Z", file}, "", "-suspend is a Kubernetes CronJob's setting", 2},
	} {
		var out, errOut bytes.Buffer
		code := run(tc.args, strings.NewReader(""), &out, &errOut)
		if code != tc.code || out.String() != tc.stdout || !strings.Contains(errOut.String(), tc.stderr) {
			t.Errorf("%q: status %d, stdout %q, stderr %q; want %d, %q, stderr with %q", tc.args, code, out.String(), errOut.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
}
