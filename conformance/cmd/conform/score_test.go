package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
	"github.com/google/go-cmp/cmp"
)

// TestScorePy: conformance/score.py, the scorer that needs no Go, prints
// the same table and totals as conform -cmd, for an iterator and for a
// simulator, on an adapter with agreements, mismatches and errors (the
// naive one). It runs where python3 is installed.
func TestScorePy(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a command and runs Python")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	naive := filepath.Join(t.TempDir(), "naive")
	if out, err := exec.Command("go", "build", "-o", naive, "../../adapters/naive").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	corpus, _ := filepath.Glob("../../corpus/*.json")
	for _, sim := range []bool{false, true} {
		var want bytes.Buffer
		r := &conformance.Runner{Command: naive, Timeout: 20 * time.Second}
		var s *conformance.Score
		args := []string{"../../score.py", "-cmd", naive, "-show", "0", "-timeout", "20"}
		if sim {
			s, err = conformance.ScoreSimulator(r, corpus, conformance.DebianCron, false, time.Minute, nil)
			if err != nil {
				t.Fatal(err)
			}
			args = append(args, "-sim")
		} else {
			exps, err := conformance.LoadExpectations(corpus)
			if err != nil {
				t.Fatal(err)
			}
			s = conformance.ScoreAdapter(r, exps, conformance.DebianCron, nil)
		}
		PrintScore(&want, s)
		cmd := exec.Command(py, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		got, err := cmd.Output()
		if err != nil {
			t.Fatalf("score.py (sim %v): %v\n%s", sim, err, stderr.String())
		}
		if diff := cmp.Diff(want.String(), string(got)); diff != "" {
			t.Errorf("score.py (sim %v) differs from conform (-conform +score.py):\n%s", sim, diff)
		}
	}
}
