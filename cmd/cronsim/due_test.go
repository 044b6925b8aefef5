package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDue: the due time and deadline, one RFC 3339 time per line, at
// Dublin's recorded 2021 transitions (conformance/corpus/*dublin*seed*).
func TestDue(t *testing.T) {
	for _, tc := range []struct {
		args           []string
		stdout, stderr string
		code           int
	}{
		{[]string{"-tz", "Europe/Dublin", "-last", "2021-03-27T01:30:01Z", "-grace", "1m", "30 1 * * *"},
			"2021-03-28T02:00:00+01:00\n2021-03-28T02:01:00+01:00\n", "cronsim due: note: caught up after a gap\n", 0},
		{[]string{"30 1 * * *", "-tz", "UTC", "-last", "2021-06-01T01:30:01Z", "-grace", "90s"},
			"2021-06-02T01:30:00Z\n2021-06-02T01:31:30Z\n", "", 0},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-key", "hello", "H H * * *"},
			"2021-01-01T11:10:00Z\n2021-01-01T11:10:00Z\n", "", 0},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "0 0 0 1 1 * 2020"},
			"", "cronsim due: the schedule never runs after -last, so the job is never late\n", 1},
		{[]string{"-tz", "UTC", "* * * * *"}, "", "-last is required", 2},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "-grace", "-1m", "* * * * *"}, "", "-grace must not be negative", 2},
		{[]string{"-tz", "UTC", "-last", "2021-01-01T00:00:00Z", "H * * * *"}, "", "-key", 1},
		// A CRON_TZ= prefix wins over -tz, with a warning; -last in its zone.
		{[]string{"-tz", "UTC", "-last", "2021-03-27T01:30:01", "CRON_TZ=Europe/Dublin 30 1 * * *"},
			"2021-03-28T02:00:00+01:00\n2021-03-28T02:00:00+01:00\n", "overrides -tz UTC", 0},
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
	code := run([]string{"due", "-json", "-tz", "Europe/Dublin", "-last", "2021-10-31T00:30:01Z", "-grace", "1m", "30 * * * *"}, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("status %d: %s", code, errOut.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	want := map[string]any{
		"expr": "30 * * * *", "tz": "Europe/Dublin", "last": "2021-10-31T00:30:01Z", "grace": "1m0s",
		"due": "2021-10-31T01:30:00+00:00", "deadline": "2021-10-31T01:31:00+00:00", "note": "repeated in a fall-back",
		"explain": "At minute 30 past every hour",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got)\n%s", d)
	}
}
