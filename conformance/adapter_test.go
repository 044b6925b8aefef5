package conformance

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
		// Request 1 waits 2 s on the wall, more than its budget, spending
		// no CPU: slow is no hang.
		{"slow", `read l; case "$l" in *'"id":1,'*) sleep 2;; esac; while :; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo '` + good + `' | sed "s/ID/$id/"; read l || exit; done`,
			[]Outcome{Agree, Agree}},
		{"hang", `while read l; do sleep 30; done`, []Outcome{Hang}},            // the backstop
		{"loop", `while read l; do while :; do :; done; done`, []Outcome{Hang}}, // the CPU budget
		{"crash", `read l; exit 3`, []Outcome{Failed, Failed}},
		{"nonsense", `while read l; do echo 'hello'; done`, []Outcome{Failed, Failed}},
		{"error", `while read l; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo "{\"id\":$id,\"error\":\"bad minute\"}"; done`,
			[]Outcome{Failed, Failed}},
		{"mismatch", `while read l; do id=$(echo "$l" | sed 's/.*"id":\([0-9]*\).*/\1/'); echo "{\"id\":$id,\"runs\":[]}"; done`,
			[]Outcome{Mismatch, Mismatch}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "slow" && runtime.GOOS != "linux" {
				t.Skip("a wall-clock timeout off Linux")
			}
			// The budget is CPU time: sh and sed spend a few milliseconds
			// of it however loaded the machine is (off Linux it is a
			// wall-clock timeout, and the slow case is a hang there).
			r := &Runner{Command: c.script, Timeout: time.Second, StartTimeout: time.Second}
			if c.name == "hang" {
				r.Backstop = 4 * time.Second
			}
			defer r.Close()
			for i, want := range c.want {
				start := time.Now()
				v := r.Ask(&e)
				if v.Outcome != want {
					t.Errorf("request %d: %s (%s), want %s", i+1, v.Outcome, v.Error, want)
				}
				if c.name == "loop" && runtime.GOOS == "linux" && !strings.Contains(v.Error, "of CPU time (budget") {
					t.Errorf("request %d: %q, want a hang decided by the CPU budget", i+1, v.Error)
				}
				if d := time.Since(start); d > 30*time.Second { // a hang: one try (the loop's second of CPU takes longer on a loaded machine)
					t.Errorf("request %d took %v", i+1, d)
				}
			}
		})
	}
}

// missing reports an interpreter an adapter check needs: a failure in CI
// (CI set, as .ci/run runs), where every adapter must be checked, a note
// elsewhere.
func missing(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Error("CI: " + why)
		return
	}
	t.Log(why)
}

// TestAdapterPlumbing feeds every adapter of adapters/ the daemon's own
// runs through its replay mode, which hands them to the adapter's loop in
// the form its libraries give (an aware datetime in the zone, a Date, a
// time.Time in the zone): every line must agree. A loop that turns a
// correct answer into an error or drops a run would be charged to every
// library it scores (the Python loop once compared aware datetimes by
// wall clock, so the second 01:30 of a fall-back night was "not after"
// the first: 546 of Python cronsim's lines). Adapters whose interpreter
// is missing are skipped, except in CI.
func TestAdapterPlumbing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the script adapters' commands use sh")
	}
	exps := corpusExpectations(t)
	var scorable []Expectation
	repeatedWall := 0 // lines with two runs at one local wall time
	for _, e := range exps {
		if e.NeedsSimulator {
			continue
		}
		scorable = append(scorable, e)
		loc, err := time.LoadLocation(e.TZ)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, r := range e.Runs {
			tm, _ := time.Parse(time.RFC3339, r)
			w := tm.In(loc).Format("2006-01-02 15:04")
			if seen[w] {
				repeatedWall++
				break
			}
			seen[w] = true
		}
	}
	if repeatedWall < 10 {
		t.Fatalf("only %d lines run twice at one local time: the check needs fall-back repeats", repeatedWall)
	}
	dir := t.TempDir()
	adapters := map[string]string{}
	adapters["naive"] = buildTool(t, dir, "./adapters/naive") + " -replay"
	if py, err := exec.LookPath("python3"); err == nil {
		adapters["python"] = py + " -u adapters/python/adapter.py replay"
	} else {
		missing(t, "no python3: the Python adapter is not checked")
	}
	if node, err := exec.LookPath("node"); err == nil {
		adapters["node"] = node + " adapters/node/adapter.cjs " + dir + " replay"
	} else {
		missing(t, "no node: the Node adapter is not checked")
	}
	goBin := filepath.Join(dir, "goadapters")
	build := exec.Command("go", "build", "-o", goBin, ".")
	build.Dir = "adapters/go"
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building adapters/go (its own module, the peers from the Go module proxy): %v\n%s", err, out)
	}
	adapters["go"] = goBin + " -lib replay"
	for name, cmd := range adapters {
		t.Run(name, func(t *testing.T) {
			r := &Runner{Command: cmd, Timeout: 20 * time.Second, StartTimeout: 20 * time.Second, replay: true}
			defer r.Close()
			bad := 0
			for i := range scorable {
				v := r.Ask(&scorable[i])
				if v.Outcome != Agree {
					if bad++; bad <= 5 {
						t.Errorf("%s line %d %q (%s): %s %s\n  daemon %v\n  got    %v", v.Exp.File, v.Exp.Line, v.Sent, v.Exp.TZ, v.Outcome, v.Error, v.Exp.Runs, v.Got)
					}
				}
			}
			if bad > 0 {
				t.Errorf("%s: %d of %d correct answers were not scored as agreeing", name, bad, len(scorable))
			}
		})
	}
}

// TestDefaultTimeout: conform -cmd's default is the scoreboard's timeout
// for the kind of command.
func TestDefaultTimeout(t *testing.T) {
	for cmd, want := range map[string]time.Duration{
		"sh conformance/adapters/python/run.sh cronsim": ScriptTimeout,
		"python3.11 -u adapter.py replay":               ScriptTimeout,
		"/usr/bin/node adapter.cjs dir croner":          ScriptTimeout,
		"cronsim next -batch -dialect debian":           CompiledTimeout,
		"/cache/bin/goadapters -lib robfig":             CompiledTimeout,
		"go run ./conformance/adapters/naive":           CompiledTimeout,
		"shellcheck-like-binary":                        CompiledTimeout,
	} {
		if got := DefaultTimeout(cmd); got != want {
			t.Errorf("DefaultTimeout(%q) = %v, want %v", cmd, got, want)
		}
	}
}

// TestExplain: a mismatch shows the minutes in local time and the change
// of local time nearest to them.
func TestExplain(t *testing.T) {
	exps, err := LoadExpectations([]string{"corpus/bookworm-dublin-2021-fall-gen.json"})
	if err != nil {
		t.Fatal(err)
	}
	e := &exps[0]
	v := Verdict{Exp: e, Outcome: Mismatch, Got: append([]string{"2021-10-31T01:30:00Z"}, e.Runs...)}
	got := v.Explain(3)
	for _, want := range []string{"+ 1 start(s) only the implementation answered: 10-31 01:30Z (01:30 GMT +00:00)",
		`nearest change: zone -60 min at 10-31 01:00Z (local 02:00 +01:00 -> 01:00 +00:00), the daemon's case "dst-backward"`} {
		if !strings.Contains(got, want) {
			t.Errorf("Explain:\n%s\nwant it to contain %q", got, want)
		}
	}
}

// TestAdapterSimulator: simulator requests ("simulate") through
// `cronsim simulate -batch` agree on every line of every recording with
// clock sets, pauses or slow jobs, of each daemon, by the documented rule
// (exact multisets; SlowSpread where jobs are slow); the naive adapter,
// which ignores clock sets, pauses and job durations, does not.
func TestAdapterSimulator(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	dir := t.TempDir()
	cronsimBin := buildTool(t, dir, "../cmd/cronsim")
	naiveBin := buildTool(t, dir, "./adapters/naive")
	files, _ := filepath.Glob("corpus/*.json")
	for _, daemon := range []string{DebianCron, BusyboxCrond} {
		r := &Runner{Command: cronsimBin + " simulate -batch", Timeout: time.Second}
		s, err := ScoreSimulator(r, files, daemon, false, time.Minute, func(v Verdict) {
			known := knownSimFailures[filepath.Base(v.Exp.File)+" "+v.Exp.Expr] != ""
			if v.Outcome != Agree && !known {
				t.Errorf("cronsim simulate -batch: %s line %d %q: %s %s\n%s", v.Exp.File, v.Exp.Line, v.Sent, v.Outcome, v.Error, v.Explain(5))
			}
			if v.Outcome == Agree && known {
				t.Errorf("cronsim simulate -batch: %s %q: a known failure agrees now: remove it from knownSimFailures", v.Exp.File, v.Sent)
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		lines := 0
		for _, g := range Groups {
			lines += s.Total[g].Lines()
		}
		t.Logf("%s: cronsim agrees on %d lines of %d recordings", daemon, lines, len(s.Files))
		if lines < 300 {
			t.Errorf("%s: %d lines scored: the corpus has hundreds in recordings with clock sets, pauses or slow jobs", daemon, lines)
		}
	}
	n, err := ScoreSimulator(&Runner{Command: naiveBin, Timeout: time.Second}, files, DebianCron, false, time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := n.Total["portable"]
	t.Logf("naive: %d of %d portable lines that run agree", p.Agree, p.Lines())
	if p.Lines() == 0 || float64(p.Agree) > 0.8*float64(p.Lines()) {
		t.Errorf("the naive adapter agrees on %d of %d lines: the simulator rule has no teeth", p.Agree, p.Lines())
	}
}

// TestPythonAdapterMonitor sends a monitor request through the Python
// adapter's replay mode: its monitor branch once called the run
// generator with the expression instead of the request, so every monitor
// request of the Healthchecks rows was an error on the scoreboard.
func TestPythonAdapterMonitor(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		missing(t, "no python3: the Python adapter's monitor branch is not checked")
		return
	}
	cmd := exec.Command(py, "-u", "adapters/python/adapter.py", "replay")
	cmd.Stdin = strings.NewReader(`{"id":"m1","kind":"monitor","tz":"Europe/Dublin","expr":"* * * * *","grace_s":60,` +
		`"pings":["2021-01-01T00:00:01Z"],"now":"2021-01-01T00:00:30Z","replay":["2021-01-01T00:01:00Z"]}` + "\n" +
		`{"id":"m2","kind":"monitor","tz":"Europe/Dublin","expr":"* * * * *","grace_s":60,` +
		`"pings":["2021-01-01T00:00:01Z"],"now":"2021-01-01T00:02:30Z","replay":["2021-01-01T00:01:00Z"]}` + "\n")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("adapter: %v\n%s", err, out)
	}
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("answer %q: %v", l, err)
		}
		got = append(got, m)
	}
	want := []map[string]any{{"id": "m1", "state": "up", "missed": 0.0}, {"id": "m2", "state": "late", "missed": 1.0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("monitor answers (-want +got):\n%s", diff)
	}
}
