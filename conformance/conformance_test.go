package conformance

import (
	"path/filepath"
	"testing"
)

// TestCorpusIter holds the iterator to every recording without clock
// changes: the distinct minutes the real daemon started each line in are
// exactly the iterator's runs.
func TestCorpusIter(t *testing.T) {
	files, _ := filepath.Glob("corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus files in conformance/corpus")
	}
	lines, runs := 0, 0
	for _, f := range files {
		rec, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Clock) > 0 {
			for _, res := range Check(rec, ModeIter) {
				if !res.Skipped {
					t.Errorf("%s: a recording with clock sets must be skipped in iter mode", f)
				}
			}
			continue // clock-jump recordings are for the simulator
		}
		for i, res := range Check(rec, ModeIter) {
			lines++
			runs += len(rec.Lines[i].Runs)
			switch {
			case res.Err != nil:
				t.Errorf("%s %q: %v", f, res.Expr, res.Err)
			case !res.OK:
				t.Errorf("%s %q (%s, cron %s): -daemon +cronsim\n%s", f, res.Expr, rec.TZ, rec.Cron, res.Diff)
			}
		}
	}
	t.Logf("%d files, %d lines, %d recorded starts", len(files), lines, runs)
}

// TestCorpusSim holds the daemon simulator to every recording, clock
// changes included: every start of every line, repeats counted, at minute
// precision.
func TestCorpusSim(t *testing.T) {
	files, _ := filepath.Glob("corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus files in conformance/corpus")
	}
	lines, runs, jumps := 0, 0, 0
	for _, f := range files {
		rec, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		jumps += len(rec.Clock)
		for i, res := range Check(rec, ModeSim) {
			lines++
			runs += len(rec.Lines[i].Runs)
			switch {
			case res.Err != nil:
				t.Errorf("%s %q: %v", f, res.Expr, res.Err)
			case !res.OK:
				t.Errorf("%s %q (%s, cron %s): -daemon +simulator\n%s", f, res.Expr, rec.TZ, rec.Cron, res.Diff)
			}
		}
	}
	t.Logf("%d files, %d lines, %d recorded starts, %d clock changes", len(files), lines, runs, jumps)
}
