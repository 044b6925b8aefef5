package conformance

import (
	"bytes"
	"os"
	"testing"
	"time"
)

// TestMonitorVectorsFresh: monitor/vectors.jsonl is what the generator
// writes from the corpus.
func TestMonitorVectorsFresh(t *testing.T) {
	vs, err := AllMonitorVectors("corpus")
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile("monitor/vectors.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	idx, err := os.ReadFile("monitor/index.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(cur, EncodeMonitorVectors(vs)) || !bytes.Equal(idx, MonitorIndex(vs)) {
		t.Errorf("monitor/vectors.jsonl or index.json is stale: run go run ./conformance/cmd/monitorvectors from the repository's root")
	}
}

// TestMonitorVectorsKinds: every daemon gives every kind of vector, and
// each kind's verdict is the one its cut implies (these come from the
// recorded starts alone, so this checks the cutting, not a library).
func TestMonitorVectorsKinds(t *testing.T) {
	vs, err := LoadMonitorVectors("monitor/vectors.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]map[string]int{}
	for _, v := range vs {
		if seen[v.Daemon] == nil {
			seen[v.Daemon] = map[string]int{}
		}
		seen[v.Daemon][v.Kind]++
		want := map[string]string{"first_ping": "up", "on_time": "up", "early": "up", "duplicate": "up", "burst": "up",
			"late_in_grace": "grace", "late_past_grace": "late", "removed": "missed"}[v.Kind]
		if v.Want.State != want {
			t.Errorf("%s: want state %s, the cut implies %s", v.ID, v.Want.State, want)
		}
		if (v.Kind == "removed" || v.Kind == "late_past_grace") && v.Want.Missed != 1 {
			t.Errorf("%s: %d missed, want 1", v.ID, v.Want.Missed)
		}
		if v.Kind == "burst" && v.Want.Starts < 2 {
			t.Errorf("%s: a burst of %d starts", v.ID, v.Want.Starts)
		}
		now, _ := time.Parse(time.RFC3339Nano, v.Now)
		for _, p := range v.Pings {
			if pt, _ := time.Parse(time.RFC3339Nano, p); pt.After(now) {
				t.Errorf("%s: ping %s after now %s", v.ID, p, v.Now)
			}
		}
	}
	for _, d := range []string{DebianCron, Cronie, BusyboxCrond} {
		for _, k := range MonitorKinds {
			if seen[d][k] == 0 && k != "burst" {
				t.Errorf("no %s vector for %s", k, d)
			}
		}
	}
	if seen[DebianCron]["burst"] == 0 {
		t.Error("no burst vector for debian-cron")
	}
	t.Logf("%d vectors: %v", len(vs), seen)
}

// TestMonitorAdapters: cronsim's monitor (cronsim due -batch) agrees on
// every vector; the naive Healthchecks formula (next run after the last
// ping plus the grace) does not: early pings page, removed runs go
// unseen.
func TestMonitorAdapters(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	vs, err := LoadMonitorVectors("monitor/vectors.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cronsimBin := buildTool(t, dir, "../cmd/cronsim")
	naiveBin := buildTool(t, dir, "./adapters/naive")
	s := ScoreMonitor(&Runner{Command: cronsimBin + " due -batch", Timeout: 20 * time.Second}, vs, func(r MonitorResult) {
		if r.Outcome != "agree" {
			t.Errorf("cronsim %s: %s: want %s missed %d, got %s missed %d %s", r.Vector.ID, r.Outcome, r.Vector.Want.State, r.Vector.Want.Missed, r.State, r.Missed, r.Error)
		}
	})
	if s.Total["agree"] != len(vs) {
		t.Errorf("cronsim agrees on %d of %d vectors", s.Total["agree"], len(vs))
	}
	n := ScoreMonitor(&Runner{Command: naiveBin, Timeout: 20 * time.Second}, vs, nil)
	t.Logf("naive Healthchecks formula: %v; by kind %v", n.Total, n.ByKind)
	if n.ByKind["removed"]["agree"] != 0 || n.ByKind["early"]["false_alarm"] == 0 || float64(n.Total["agree"]) > 0.9*float64(len(vs)) {
		t.Errorf("the naive formula agrees on %d of %d vectors (removed %v, early %v): the scoring has no teeth", n.Total["agree"], len(vs), n.ByKind["removed"], n.ByKind["early"])
	}
}
