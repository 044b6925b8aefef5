package main

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRunsByLine(t *testing.T) {
	got, err := runsByLine([]runRec{{60e9, "j0001"}, {120e9, "j0001"}}, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{}, {"1970-01-01T00:01:00Z", "1970-01-01T00:02:00Z"}, {}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("runsByLine (-want +got):\n%s", d)
	}
	// A job the recording did not ask for: j0003 of three lines, and an id
	// that is not in jobID's form.
	for _, id := range []string{"j0003", "j1"} {
		if _, err := runsByLine([]runRec{{60e9, id}}, 3); err == nil || !strings.Contains(err.Error(), id) {
			t.Errorf("runsByLine with %s: %v, want an error naming it", id, err)
		}
	}
}

func TestSpanRecords(t *testing.T) {
	stop, cont := pauseRec{60e9, "STOP"}, pauseRec{120e9, "CONT"}
	got, err := spanRecords([]pauseRec{stop, cont}, 1, "pause")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]jsonPause{{"1970-01-01T00:01:00Z", "1970-01-01T00:02:00Z"}}, got); d != "" {
		t.Errorf("spanRecords (-want +got):\n%s", d)
	}
	for _, tc := range []struct {
		recs    []pauseRec
		planned int
		want    string
	}{
		{[]pauseRec{cont, stop}, 1, "out of order"},
		{[]pauseRec{stop, cont}, 2, "planned 2 pauses, guest made 2"},
		{[]pauseRec{stop}, 1, "planned 1 pauses, guest made 1"},
	} {
		if _, err := spanRecords(tc.recs, tc.planned, "pause"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("spanRecords(%v, %d): %v, want %q", tc.recs, tc.planned, err, tc.want)
		}
	}
}
