//go:build linux

package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets the test binary stand in for an adapter or a load
// (testAdapter) when CRONSIM_TEST_ADAPTER is set.
func TestMain(m *testing.M) {
	if mode := os.Getenv("CRONSIM_TEST_ADAPTER"); mode != "" {
		d, _ := time.ParseDuration(os.Getenv("CRONSIM_TEST_ADAPTER_D"))
		testAdapter(mode, d)
		return
	}
	os.Exit(m.Run())
}

// testAdapter answers each request with slowExp's runs, after sleeping d
// ("sleep"), or after spending d of CPU time ("spin": as a library that
// needs that much work per request); "sleep-forever" and "spin-forever"
// never answer; "burn" reads nothing and spins: the load.
func testAdapter(mode string, d time.Duration) {
	// Never outlive the test: a test binary killed on its timeout left
	// its burners spinning for good (seen in a loaded CI run). Exit when
	// the parent is gone, and after ten minutes whatever happens.
	parent := os.Getppid()
	go func() {
		for end := time.Now().Add(10 * time.Minute); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if os.Getppid() != parent {
				break
			}
		}
		os.Exit(3)
	}()
	spin := func(d time.Duration) {
		start := cpuSelf()
		for i := 0; cpuSelf()-start < d; i++ {
			for j := 0; j < 1e5; j++ {
				i ^= j
			}
		}
	}
	if mode == "burn" {
		spin(time.Duration(1 << 62))
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var q struct{ ID int }
		json.Unmarshal(in.Bytes(), &q)
		switch mode {
		case "sleep":
			time.Sleep(d)
		case "spin":
			spin(d)
		case "sleep-forever":
			time.Sleep(time.Duration(1 << 62))
		case "spin-forever":
			spin(time.Duration(1 << 62))
		}
		fmt.Printf(`{"id":%d,"runs":["2021-01-01T01:30:00Z","2021-01-02T01:30:00Z"]}`+"\n", q.ID)
	}
}

// cpuSelf is the process's CPU time, user and system.
func cpuSelf() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var slowExp = Expectation{File: "f.json", Line: 1, Expr: "30 1 * * *", TZ: "UTC",
	After: "2021-01-01T00:00:00Z", Before: "2021-01-03T00:00:00Z",
	Runs: []string{"2021-01-01T01:30:00Z", "2021-01-02T01:30:00Z"}}

// TestHangIndependentOfLoad: a hang is decided by the adapter's CPU
// time, so an adapter that is slow but answers (sleeping twice its budget
// on the wall, or spending two thirds of its budget in CPU) agrees, and
// one that never answers (spinning, or blocked: the wall-clock
// backstop) hangs, alike on an idle machine and on one loaded with more
// spinning processes than it has cores. Under that load the spinning
// adapter's answers take longer on the wall than the budget: a
// wall-clock timeout (the rule before) calls them hangs.
func TestHangIndependentOfLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the machine for a few seconds")
	}
	const budget = 300 * time.Millisecond
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// why is how a hang must have been decided: by the CPU budget, or by
	// the backstop (short here for a short test; a spinning adapter gets
	// a far one, so that only its CPU time can end it).
	cases := []struct {
		mode     string
		d        time.Duration
		want     []Outcome
		backstop time.Duration
		why      string
	}{
		// The sleeper's backstop is far above its 0.6 s sleep: it also
		// covers starting the adapter on a machine loaded by other work
		// (3 s was passed at an ambient load of 20).
		{"sleep", 2 * budget, []Outcome{Agree, Agree}, 15 * time.Second, ""},
		{"spin", 2 * budget / 3, []Outcome{Agree, Agree}, time.Minute, ""},
		{"spin-forever", 0, []Outcome{Hang}, time.Minute, "of CPU time (budget 1.3s"}, // the budget and the start-up allowance
		{"sleep-forever", 0, []Outcome{Hang}, 3 * time.Second, "on the wall (the backstop)"},
	}
	run := func(load string) (got map[string][]Outcome, spinWall time.Duration) {
		got = map[string][]Outcome{}
		for _, c := range cases {
			r := &Runner{Command: fmt.Sprintf("CRONSIM_TEST_ADAPTER=%s CRONSIM_TEST_ADAPTER_D=%v GOMAXPROCS=1 exec '%s'", c.mode, c.d, self),
				Timeout: budget, Backstop: c.backstop,
				// The adapter is this test binary, which starts slowly
				// under -race (its start-up counts against the first
				// request's CPU: 310 ms of 300 beside the burners once).
				StartTimeout: time.Second}
			for range c.want {
				start := time.Now()
				v := r.Ask(&slowExp)
				got[c.mode] = append(got[c.mode], v.Outcome)
				if v.Outcome == Hang && !strings.Contains(v.Error, c.why) {
					t.Errorf("%s load, %s: hang %q, want one decided by %q", load, c.mode, v.Error, c.why)
				}
				if c.mode == "spin" {
					spinWall = max(spinWall, time.Since(start))
				}
				t.Logf("%s load, %s: %s %s (%v)", load, c.mode, v.Outcome, v.Error, time.Since(start).Round(time.Millisecond))
			}
			r.Close()
		}
		return got, spinWall
	}
	idle, _ := run("low")
	// The load: twice as many spinning processes as cores, and one more.
	var burners []*exec.Cmd
	for range 2*runtime.NumCPU() + 1 {
		cmd := exec.Command(self)
		cmd.Env = append(os.Environ(), "CRONSIM_TEST_ADAPTER=burn", "GOMAXPROCS=1")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		burners = append(burners, cmd)
	}
	t.Cleanup(func() {
		for _, cmd := range burners {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	loaded, spinWall := run("high")
	for _, cmd := range burners {
		cmd.Process.Kill()
	}
	for _, c := range cases {
		if s := fmt.Sprint(c.want); fmt.Sprint(idle[c.mode]) != s || fmt.Sprint(loaded[c.mode]) != s {
			t.Errorf("%s: %v at low load, %v at high load, want %v at both", c.mode, idle[c.mode], loaded[c.mode], strings.Trim(s, "[]"))
		}
	}
	if spinWall <= budget {
		t.Errorf("under load the spinning adapter answered within %v on the wall (budget %v): the load did not test the rule", spinWall, budget)
	}
}
