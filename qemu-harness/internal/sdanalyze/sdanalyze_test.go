package sdanalyze

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The shape of systemd-analyze calendar's output for two specifications,
// the first rejected (an empty table, its error on stderr).
const stdout = `
  Original form: daily
Normalized form: *-*-* 00:00:00
    Next elapse: Wed 2021-06-16 00:00:00 IST
       (in UTC): Tue 2021-06-15 23:00:00 UTC
`

const stderr = "Failed to parse calendar specification 'bogus': Invalid argument\n"

func TestSplit(t *testing.T) {
	got, err := Split(stdout, stderr, []string{"bogus", "daily"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Table{
		{Err: "Failed to parse calendar specification 'bogus': Invalid argument"},
		{Fields: []Field{
			{"Original form", "daily"},
			{"Normalized form", "*-*-* 00:00:00"},
			{"Next elapse", "Wed 2021-06-16 00:00:00 IST"},
			{"(in UTC)", "Tue 2021-06-15 23:00:00 UTC"},
		}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Split (-want +got):\n%s", d)
	}
}

// A run whose tables and errors do not line up must be an error (Run then
// asks again spec by spec), never tables given to the wrong spec.
func TestSplitRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, stdout, stderr string
		specs                []string
		want                 string
	}{
		{"more specs than tables", stdout, stderr, []string{"a", "b", "c"}, "2 tables for 3 specs"},
		{"empty table, no error", stdout, "", []string{"bogus", "daily"}, "no table and no error"},
		{"error left over", stdout, stderr + stderr, []string{"bogus", "daily"}, "1 errors left over"},
		{"not key: value", "garbage\n", "", []string{"x"}, `line "garbage"`},
	} {
		if _, err := Split(tc.stdout, tc.stderr, tc.specs); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
