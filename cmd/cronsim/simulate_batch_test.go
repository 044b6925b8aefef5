package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSimulateBatch: simulate -batch answers simulator requests with
// every start of every line, repeats kept, and bad requests with an
// error naming the field, without stopping.
func TestSimulateBatch(t *testing.T) {
	in := strings.Join([]string{
		// Dublin's 2021 gap: 0-59 1 * * * is caught up 60 times at 02:00 IST.
		`{"id": 1, "kind": "simulate", "tz": "Europe/Dublin", "start": "2021-03-28T00:57:30Z", "end": "2021-03-28T01:03:30Z",` +
			` "crontab": ["0-59 1 * * *", "*/2 * * * *"]}`,
		// A clock set forward by 5 minutes acts as a jump: */2 runs once at the new time.
		`{"id": "b", "kind": "simulate", "tz": "UTC", "start": "2021-01-01T00:00:30Z", "end": "2021-01-01T00:12:30Z",` +
			` "clock": [{"at": "2021-01-01T00:02:10Z", "to": "2021-01-01T00:07:10Z"}], "crontab": ["*/2 * * * *"], "job_duration_s": [0]}`,
		`{"id": 3, "kind": "simulate", "tz": "UTC", "start": "2021-01-01T00:00:30Z", "end": "2021-01-01T00:02:30Z", "crontab": ["61 * * * *"]}`,
		`{"id": 4, "kind": "simulate", "tz": "UTC", "start": "2021-01-01T00:00:30Z", "end": "2021-01-01T00:02:30Z", "crontab": ["* * * * *"], "job_duration_s": [1, 2]}`,
		`{"id": 5, "kind": "next"}`,
	}, "\n")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"simulate", "-batch"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d answers, want 5:\n%s", len(lines), stdout.String())
	}
	var a struct {
		ID     any        `json:"id"`
		Starts [][]string `json:"starts"`
		Error  string     `json:"error"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	minutes := func(l []string) map[string]int {
		m := map[string]int{}
		for _, s := range l {
			m[s[:16]]++
		}
		return m
	}
	if got := minutes(a.Starts[0]); got["2021-03-28T01:00"] != 60 || len(got) != 1 {
		t.Errorf("0-59 1 * * * across the gap: starts %v, want 60 at 01:00Z", got)
	}
	want := map[string]int{"2021-03-28T00:58": 1, "2021-03-28T01:00": 1, "2021-03-28T01:02": 1}
	if diff := cmp.Diff(want, minutes(a.Starts[1])); diff != "" {
		t.Errorf("*/2 * * * * (-want +got):\n%s", diff)
	}
	a.Starts = nil
	if err := json.Unmarshal([]byte(lines[1]), &a); err != nil || a.ID != "b" {
		t.Fatalf("answer 2: %s (%v)", lines[1], err)
	}
	want = map[string]int{"2021-01-01T00:02": 1, "2021-01-01T00:08": 1, "2021-01-01T00:10": 1, "2021-01-01T00:12": 1}
	if diff := cmp.Diff(want, minutes(a.Starts[0])); diff != "" {
		t.Errorf("*/2 across a +5 min clock set (-want +got):\n%s", diff)
	}
	for i, want := range []string{`crontab line 1 \"61 * * * *\"`, `job_duration_s has 2 entries for 1 crontab lines`, `kind \"next\"`} {
		if !strings.Contains(lines[i+2], want) || !strings.Contains(lines[i+2], `"error"`) {
			t.Errorf("answer %d: %s, want an error with %s", i+3, lines[i+2], want)
		}
	}
}

// TestBatchStarted: next -batch answers for a daemon running all along by
// default, and for one started in the minute of "after" with "started":
// "after". They differ in a window that begins in the repeated hour of a
// fall-back: Dublin, 2021-10-31, 01:10 GMT is the second 01:10. A daemon
// running all along ran 30 1 * * * at the first 01:30 (IST) and not
// again; one started at 01:10 GMT has seen no first pass and runs it at
// 01:30 GMT.
func TestBatchStarted(t *testing.T) {
	q := `{"id": %d, "expr": "30 1 * * *", "tz": "Europe/Dublin", "after": "2021-10-31T01:10:00Z", "before": "2021-11-02T00:00:00Z"%s}`
	in := strings.Join([]string{
		fmt.Sprintf(q, 1, ``),
		fmt.Sprintf(q, 2, `, "started": "running"`),
		fmt.Sprintf(q, 3, `, "started": "after"`),
		fmt.Sprintf(q, 4, `, "started": "yesterday"`),
	}, "\n")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"next", "-batch", "-dialect", "debian"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := strings.Join([]string{
		`{"id":1,"runs":["2021-11-01T01:30:00Z"]}`,
		`{"id":2,"runs":["2021-11-01T01:30:00Z"]}`,
		`{"id":3,"runs":["2021-10-31T01:30:00Z","2021-11-01T01:30:00Z"]}`,
		`{"id":4,"error":"started \"yesterday\": want \"running\" (the default) or \"after\""}`,
	}, "\n") + "\n"
	if diff := cmp.Diff(want, stdout.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
