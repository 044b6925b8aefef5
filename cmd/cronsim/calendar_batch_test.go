package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBatchCalendar: calendar queries among cron queries. The elapses of
// query 1 are what systemd-analyze calendar printed (systemd 252,
// conformance/parse/systemd-252.jsonl, "Sat,Thu,Mon..Wed,Sat..Sun" in
// America/New_York, base 2021-11-07T04:30:00Z: the fall-back night).
func TestBatchCalendar(t *testing.T) {
	in := lines(
		`{"id":1,"kind":"calendar","spec":"Sat,Thu,Mon..Wed,Sat..Sun","tz":"America/New_York","systemd_version":252,"after":"2021-11-07T04:30:00Z","count":6}`,
		`{"id":2,"expr":"30 1 * * *","tz":"Europe/Dublin","after":"2021-03-27T00:00:00Z","before":"2021-03-29T00:00:00Z"}`,
		`{"id":3,"kind":"calendar","spec":"*:0/20","tz":"UTC","after":"2021-03-12T05:30:00.5Z","before":"2021-03-12T06:30:00Z"}`,
		`{"id":4,"kind":"calendar","spec":"*-*-~1","tz":"UTC","systemd_version":252,"after":"2021-03-12T05:30:00Z","count":3}`,
		`{"id":5,"kind":"calendar","spec":"daily","tz":"UTC","after":"2021-03-12T05:30:00Z"}`,
		`{"id":6,"kind":"calendar","tz":"UTC","count":1}`,
		`{"id":7,"kind":"calendar","spec":"daily","expr":"x","count":1}`,
		`{"id":8,"kind":"calendar","spec":"2020-01-01","tz":"UTC","after":"2021-01-01T00:00:00Z","count":3}`,
	)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"next", "-batch", "-dialect", "debian"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	got := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	want := []string{
		`{"id":1,"normalized":"Mon..Thu,Sat,Sun *-*-* 00:00:00","elapses":["2021-11-08T05:00:00Z","2021-11-09T05:00:00Z","2021-11-10T05:00:00Z","2021-11-11T05:00:00Z","2021-11-13T05:00:00Z","2021-11-14T05:00:00Z"]}`,
		`{"id":2,"runs":["2021-03-27T01:30:00Z","2021-03-28T01:00:00Z"]}`,
		`{"id":3,"normalized":"*-*-* *:00/20:00","elapses":["2021-03-12T05:40:00Z","2021-03-12T06:00:00Z","2021-03-12T06:20:00Z"]}`,
		"",
		`{"id":5,"error":"give before or count"}`,
		`{"id":6,"error":"missing spec"}`,
		"",
		`{"id":8,"normalized":"2020-01-01 00:00:00","elapses":[]}`,
	}
	if len(got) != len(want) {
		t.Fatalf("%d answers, want %d:\n%s", len(got), len(want), stdout.String())
	}
	// Errors worded by the parser or encoding/json: their start.
	prefixes := map[int]string{3: `{"id":4,"error":"cronsim: systemd calendar \"*-*-~1\"`, 6: `{"id":7,"error":"line 7: json: unknown field \"expr\"`}
	for i := range want {
		if p, ok := prefixes[i]; ok {
			if !strings.HasPrefix(got[i], p) {
				t.Errorf("answer %d: %s, want it to start %s", i+1, got[i], p)
			}
			continue
		}
		if diff := cmp.Diff(want[i], got[i]); diff != "" {
			t.Errorf("answer %d (-want +got):\n%s", i+1, diff)
		}
	}
}
