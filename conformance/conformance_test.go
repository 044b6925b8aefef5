package conformance

import (
	"path/filepath"
	"testing"
)

// corpusFiles loads every committed recording.
func corpusFiles(t *testing.T) map[string]*Recording {
	t.Helper()
	files, _ := filepath.Glob("corpus/*.json")
	if len(files) == 0 {
		t.Fatal("no corpus files in conformance/corpus")
	}
	recs := map[string]*Recording{}
	for _, f := range files {
		rec, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		recs[f] = rec
	}
	return recs
}

// checkCorpus checks every recording in mode and reports each failing
// line with its diff (-daemon +what). It returns the lines and recorded
// starts it compared.
func checkCorpus(t *testing.T, recs map[string]*Recording, mode Mode, what string) (lines, runs int) {
	t.Helper()
	for f, rec := range recs {
		for i, res := range Check(rec, mode) {
			switch {
			case res.Skipped:
				continue
			case res.Err != nil:
				t.Errorf("%s %q: %v", f, res.Expr, res.Err)
			case !res.OK:
				t.Errorf("%s %q (%s, cron %s): -daemon +%s\n%s", f, res.Expr, rec.TZ, rec.Cron, what, res.Diff)
			}
			lines++
			runs += len(rec.Lines[i].Runs)
		}
	}
	return lines, runs
}

// TestCorpusIter holds the iterator to every recording without clock
// changes: the distinct minutes the real daemon started each line in are
// exactly the iterator's runs. Recordings with clock sets are skipped.
func TestCorpusIter(t *testing.T) {
	recs := corpusFiles(t)
	for f, rec := range recs {
		for _, res := range Check(rec, ModeIter) {
			if res.Skipped != (len(rec.Clock) > 0) {
				t.Errorf("%s: iter mode must skip exactly the recordings with clock sets", f)
			}
		}
	}
	lines, runs := checkCorpus(t, recs, ModeIter, "cronsim")
	t.Logf("%d files, %d lines, %d recorded starts", len(recs), lines, runs)
}

// TestCorpusSim holds the daemon simulator to every recording, clock
// changes included: every start of every line, repeats counted, at minute
// precision.
func TestCorpusSim(t *testing.T) {
	recs := corpusFiles(t)
	jumps := 0
	for _, rec := range recs {
		jumps += len(rec.Clock)
	}
	lines, runs := checkCorpus(t, recs, ModeSim, "simulator")
	t.Logf("%d files, %d lines, %d recorded starts, %d clock changes", len(recs), lines, runs, jumps)
}
