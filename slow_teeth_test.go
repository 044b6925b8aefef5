package cronsim_test

import (
	"path/filepath"
	"testing"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/conformance"
)

// TestOldSlowModelsFail: each behaviour the slow-job recordings of issue
// 21 corrected, put back into the simulator, fails those recordings in
// sim mode under the daemon's spread rule (conformance.SlowRule), while
// the current model passes every judged line of them.
func TestOldSlowModelsFail(t *testing.T) {
	for _, c := range []struct {
		model string
		glob  string // the recordings that corrected it
		// every: each file must fail on some line; else at least one.
		every bool
		// judged: the lines compared (nil: all).
		judged func(cronsim.Schedule) bool
	}{
		// crond re-reads its crontab every 60 wake-ups and forgets the
		// running jobs (busybox.go, daemon table rescanWakeups).
		{"busybox-no-rescan", "busybox-*-slow-*.json", true, nil},
		// Six every-minute lines beside the 60-minute catch-up of
		// Dublin's and New York's gaps: each started once per real
		// minute, also in the minute the catch-up ended.
		// The fixed-time line's catch-up is not judged: its pace is
		// not what the double start is about (conformance README,
		// "Slow jobs on every daemon").
		{"debian-double-start", "bookworm-*-everyminute-slow-*.json", true, cronsim.Schedule.Wildcard},
		// A fork costs cronie 8 ms in a catch-up step: the +25, +30 and
		// +60 min sets' catch-ups are long enough for the slower steps
		// to move starts past the spread rule; the +5 and +10 min ones
		// cannot tell 8 ms from 50 us.
		{"cronie-8ms-fork", "cronie-utc-jump-*-slow-*.json", false, nil},
		// Every end of a burst cutting its own sleep: the clumps of a
		// catch-up grow, and long catch-ups end minutes before the
		// daemon's, or leave it a late wake-up that re-runs wildcard
		// lines.
		{"debian-uncapped-clumps", "bookworm-*-slow-*.json", false, nil},
	} {
		files, _ := filepath.Glob(filepath.Join("conformance", "corpus", c.glob))
		if len(files) == 0 {
			t.Errorf("%s: no recordings %s", c.model, c.glob)
			continue
		}
		recs := make([]*conformance.Recording, len(files))
		for i, f := range files {
			rec, err := conformance.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			recs[i] = rec
		}
		failing := func() (lines, total int, perFile []int) {
			for _, rec := range recs {
				n := 0
				for i, r := range conformance.Check(rec, conformance.ModeSim) {
					if c.judged != nil {
						s, err := rec.Parse(rec.Lines[i])
						if err != nil {
							t.Fatal(err)
						}
						if !c.judged(s) {
							continue
						}
					}
					total++
					if !r.OK {
						n++
					}
				}
				lines += n
				perFile = append(perFile, n)
			}
			return lines, total, perFile
		}
		if n, total, _ := failing(); n != 0 {
			t.Errorf("%s: the current model fails %d of %d lines of %s", c.model, n, total, c.glob)
		}
		t.Run(c.model, func(t *testing.T) {
			cronsim.PutBackOldSlowModel(t, c.model)
			n, total, perFile := failing()
			t.Logf("%s: fails %d of %d lines of %d files %s (per file %v)", c.model, n, total, len(files), c.glob, perFile)
			failed := 0
			for i, k := range perFile {
				if k > 0 {
					failed++
				} else if c.every {
					t.Errorf("%s: %s passes with the old model", c.model, files[i])
				}
			}
			if failed == 0 {
				t.Errorf("%s: every recording %s passes with the old model", c.model, c.glob)
			}
		})
	}
}

// TestSlowModelSeeds: the simulator's agreement with the Debian and
// cronie slow-job recordings does not hang on one draw of its lags.
// With each of 16 other jitter sequences it fails at most maxFail
// lines of them (the default sequence fails none: TestCorpusSim). The
// lags of the batch model before the clump model failed 1 to 33 lines
// of the same files, depending on the sequence (the conformance README,
// "The pace of a catch-up").
func TestSlowModelSeeds(t *testing.T) {
	const maxFail = 2
	var recs []*conformance.Recording
	for _, glob := range []string{"bookworm-*-slow-*.json", "trixie-*-slow-*.json", "cronie-*-slow-*.json"} {
		files, _ := filepath.Glob(filepath.Join("conformance", "corpus", glob))
		for _, f := range files {
			rec, err := conformance.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			recs = append(recs, rec)
		}
	}
	if len(recs) < 40 {
		t.Fatalf("only %d slow-job recordings of Debian and cronie", len(recs))
	}
	worst, per := 0, []int{}
	for k := uint64(1); k <= 16; k++ {
		cronsim.SetJitterSeed(t, k*1000)
		fails, lines := 0, 0
		for _, rec := range recs {
			for _, r := range conformance.Check(rec, conformance.ModeSim) {
				lines++
				if !r.OK {
					fails++
				}
			}
		}
		worst = max(worst, fails)
		per = append(per, fails)
		if fails > maxFail {
			t.Errorf("jitter sequence %d: the simulator fails %d of %d lines of %d recordings", k*1000, fails, lines, len(recs))
		}
	}
	t.Logf("at most %d failing lines over 16 jitter sequences (per sequence %v)", worst, per)
}
