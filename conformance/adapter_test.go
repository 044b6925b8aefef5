package conformance

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// buildTool builds a command of this module into dir.
func buildTool(t *testing.T, dir, pkg string) string {
	t.Helper()
	bin := filepath.Join(dir, filepath.Base(pkg))
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput()
	if err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func corpusExpectations(t *testing.T) []Expectation {
	t.Helper()
	files, _ := filepath.Glob("corpus/*.json")
	exps, err := LoadExpectations(files)
	if err != nil {
		t.Fatal(err)
	}
	return exps
}

// TestAdapterCronsim is the kit's acceptance test: the CLI's batch mode,
// scored through the adapter protocol like any other implementation,
// agrees on every line of every recording an iterator can score, and the
// naive adapter (local wall time matched minute by minute, no Debian
// rules) scores visibly lower.
func TestAdapterCronsim(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	dir := t.TempDir()
	cronsimBin := buildTool(t, dir, "../cmd/cronsim")
	naiveBin := buildTool(t, dir, "./adapters/naive")
	exps := corpusExpectations(t)

	r := &Runner{Command: cronsimBin + " next -batch -dialect debian", Timeout: 20 * time.Second}
	s := ScoreAdapter(r, exps, "debian-cron", func(v Verdict) {
		if v.Outcome != Agree {
			t.Errorf("cronsim %s line %d %q (%s): %s %s\n  daemon %v\n  got    %v", v.Exp.File, v.Exp.Line, v.Sent, v.Exp.TZ, v.Outcome, v.Error, v.Exp.Runs, v.Got)
		}
	})
	lines := 0
	for _, g := range Groups {
		lines += s.Total[g].Lines()
	}
	if lines < 7000 || s.Total["debian-only"].Lines() == 0 || s.Total["never-runs"].Lines() == 0 {
		t.Errorf("cronsim scored %d lines (%+v): the corpus should give thousands in every group", lines, s.Total)
	}

	n := ScoreAdapter(&Runner{Command: naiveBin, Timeout: 20 * time.Second}, exps, "debian-cron", nil)
	run := n.Total["portable"].Agree + n.Total["debian-only"].Agree
	all := n.Total["portable"].Lines() + n.Total["debian-only"].Lines()
	t.Logf("cronsim: %d lines, all agree; naive: %d of %d lines that run agree (portable %+v, debian-only %+v, never-runs %+v)",
		lines, run, all, *n.Total["portable"], *n.Total["debian-only"], *n.Total["never-runs"])
	if float64(run) > 0.9*float64(all) || n.Total["portable"].Mismatch == 0 {
		t.Errorf("the naive adapter agrees on %d of %d lines that run: the scoring has no teeth", run, all)
	}
}

// TestAdapterCronsimDaemons: the same for the other daemons' recordings,
// through -daemon (cronie's CRON_TZ= lines through system_tz).
func TestAdapterCronsimDaemons(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a command")
	}
	cronsimBin := buildTool(t, t.TempDir(), "../cmd/cronsim")
	exps := corpusExpectations(t)
	for daemon, flag := range map[string]string{Cronie: "cronie", BusyboxCrond: "busybox"} {
		r := &Runner{Command: cronsimBin + " next -batch -daemon " + flag, Timeout: 20 * time.Second}
		s := ScoreAdapter(r, exps, daemon, func(v Verdict) {
			if v.Outcome != Agree {
				t.Errorf("cronsim -daemon %s: %s line %d %q (%s): %s %s\n  daemon %v\n  got    %v", flag, v.Exp.File, v.Exp.Line, v.Sent, v.Exp.TZ, v.Outcome, v.Error, v.Exp.Runs, v.Got)
			}
		})
		r.Close()
		lines := 0
		for _, g := range Groups {
			lines += s.Total[g].Lines()
		}
		t.Logf("cronsim -daemon %s: %d lines scored", flag, lines)
		if lines < 1000 {
			t.Errorf("cronsim -daemon %s scored %d lines: the corpus should give over a thousand", flag, lines)
		}
	}
}

// TestRunnerFailures: an adapter that hangs, exits, or answers nonsense
// costs its request, not the run.
func TestRunnerFailures(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sh")
	}
	e := Expectation{File: "f.json", Line: 1, Expr: "30 1 * * *", TZ: "UTC",
		After: "2021-01-01T00:00:00Z", Before: "2021-01-03T00:00:00Z",
		Runs: []string{"2021-01-01T01:30:00Z", "2021-01-02T01:30:00Z"}}
	// Answers the two runs (ids go 1, 2, ...), with seconds and an offset.
	good := `{"id":ID,"runs":["2021-01-01T01:30:59Z","2021-01-02T02:30:01+01:00","2021-01-02T01:30:00Z"]}`
	for _, c := range []struct {
		name, script string
		want         []Outcome
	}{
		{"agree", `while read l; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo '` + good + `' | sed "s/ID/$id/"; done`,
			[]Outcome{Agree, Agree}},
		{"hang then recover", `read l; case "$l" in *'"id":1,'*) sleep 30;; esac; echo '` + good + `' | sed "s/ID/2/"`,
			[]Outcome{Hang, Agree}},
		{"crash", `read l; exit 3`, []Outcome{Failed, Failed}},
		{"nonsense", `while read l; do echo 'hello'; done`, []Outcome{Failed, Failed}},
		{"error", `while read l; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo "{\"id\":$id,\"error\":\"bad minute\"}"; done`,
			[]Outcome{Failed, Failed}},
		{"mismatch", `while read l; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo "{\"id\":$id,\"runs\":[]}"; done`,
			[]Outcome{Mismatch, Mismatch}},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The timeout is generous: on a loaded 2-core machine (CI, the
			// race detector) sh and sed alone can take half a second.
			r := &Runner{Command: c.script, Timeout: 3 * time.Second, StartTimeout: 3 * time.Second}
			defer r.Close()
			for i, want := range c.want {
				start := time.Now()
				v := r.Ask(&e)
				if v.Outcome != want {
					t.Errorf("request %d: %s (%s), want %s", i+1, v.Outcome, v.Error, want)
				}
				if d := time.Since(start); d > 10*time.Second {
					t.Errorf("request %d took %v", i+1, d)
				}
			}
		})
	}
}
