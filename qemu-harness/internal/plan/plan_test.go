package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed plans are written by cmd/mkplans and read by cmd/record
// through these types: each must load and marshal back to its own bytes,
// or a field of the file would be lost between the two.
func TestCommittedPlansRoundTrip(t *testing.T) {
	files, err := filepath.Glob("../../plans/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no plans: %v", err)
	}
	for _, f := range files {
		p, err := Load(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(append(got, '\n'), want) {
			t.Errorf("%s: does not marshal back to its own bytes", f)
		}
	}
}

func TestLoadRefuses(t *testing.T) {
	const ok = `"tz":"UTC","rtc":"2021-06-15T10:00:00Z","end":"2021-06-15T11:00:00Z"`
	for _, tc := range []struct{ name, recs, want string }{
		{"no name", `{"guest":"bookworm",` + ok + `}`, "missing or duplicate name"},
		{"same name", `{"name":"a","guest":"bookworm",` + ok + `},{"name":"a","guest":"bookworm",` + ok + `}`, "missing or duplicate name"},
		{"guest", `{"name":"a","guest":"sid",` + ok + `}`, "guest must be"},
		{"window", `{"name":"a","guest":"bookworm","tz":"UTC","rtc":"2021-06-15T10:00:00Z","end":"2021-06-15T10:00:00Z"}`, "end after rtc"},
		{"durations", `{"name":"a","guest":"bookworm",` + ok + `,"line_duration_s":[1]}`, "1 line durations for 0 literal lines"},
		{"timers on cron", `{"name":"a","guest":"bookworm",` + ok + `,"timers":[{"spec":"hourly"}]}`, "timers (and only timers)"},
		{"pause order", `{"name":"a","guest":"bookworm",` + ok + `,"pauses":[{"from":"2021-06-15T10:30:00Z","to":"2021-06-15T10:20:00Z"}]}`, "pauses must be in order"},
	} {
		f := filepath.Join(t.TempDir(), "p.json")
		if err := os.WriteFile(f, []byte(`{"recordings":[`+tc.recs+`]}`), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want an error with %q", tc.name, err, tc.want)
		}
	}
}
