package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The adapter protocol (README.md, "Scoring another implementation"): a
// program reads one request per line on stdin,
//
//	{"id": 7, "expr": "30 1 * * *", "tz": "Europe/Dublin",
//	 "after": "2021-03-27T00:00:00Z", "before": "2021-03-29T00:00:00Z"}
//
// and answers each, in order, with one line on stdout,
//
//	{"id": 7, "runs": ["2021-03-27T01:30:00Z", "2021-03-28T01:00:00Z"]}
//	{"id": 7, "error": "why not"}
//
// The runs are every start strictly between after and before (RFC 3339,
// any offset). A request the program spends more than its CPU budget on
// without answering is a hang (README.md, "Hangs"): the program is
// killed and started again for the next request.

// An Outcome is the verdict on one line.
type Outcome string

const (
	Agree    Outcome = "agree"    // the distinct run minutes are the daemon's
	Mismatch Outcome = "mismatch" // other minutes
	Failed   Outcome = "error"    // the adapter answered an error, or exited (Crash)
	Hang     Outcome = "hang"     // no answer within the CPU budget (or the wall-clock backstop)
)

// Group sorts lines for the score: lines the daemon ran, by syntax, and
// lines it never ran in the window (where an empty answer agrees).
func (e *Expectation) Group() string {
	switch {
	case e.NeverRuns:
		return "never-runs"
	case e.DebianOnlySyntax:
		return "debian-only"
	}
	return "portable"
}

// A Verdict is the outcome of one request.
type Verdict struct {
	Exp     *Expectation
	Sent    string // the expression sent
	Outcome Outcome
	Got     []string // distinct minutes answered, when it answered runs
	Error   string   // the adapter's error, or why the answer is unusable
	Crash   bool     // the adapter exited while answering
	// Starts is set on a simulator's verdict: Got then lists every start
	// minute, repeats kept, and the daemon's are Runs with Repeats.
	Starts bool
}

// A Runner scores an external implementation through the adapter
// protocol.
type Runner struct {
	Command string // run with sh -c
	// Timeout is the CPU budget of one answer: a request is a hang when
	// the adapter's processes (its process group) have together spent
	// more than Timeout of CPU time, user and system, since it was sent
	// and have not answered. CPU time, unlike the time on the wall, does
	// not grow with the machine's load, so a slow but finite answer is
	// not a hang on a busy machine and a loop is one on an idle one.
	// Where the CPU time cannot be read (off Linux) it is a wall-clock
	// timeout.
	Timeout time.Duration
	// StartTimeout is the extra CPU budget of the very first answer (an
	// interpreter loading, a first install). After a hang the adapter is
	// started again and its first answer gets twice the CPU time the very
	// first answer took (at most StartTimeout; Timeout if that one hung).
	StartTimeout time.Duration
	// Backstop is the wall-clock limit of one answer, for an adapter that
	// waits without spending CPU (a sleep, a deadlock, a read from a dead
	// network): a hang too. Zero means 30 times the request's CPU budget,
	// at least a minute: far enough that no load makes a finite answer
	// reach it first.
	Backstop time.Duration
	// Portable sends the portable spelling of Debian-only lines instead
	// of the recorded text (lines without one are still sent as recorded).
	Portable bool
	Stderr   io.Writer // the adapter's stderr; nil discards it
	// Started, when not empty, is sent as each request's "started": the
	// daemon's history the answer assumes, "running" (all along, the
	// default when absent) or "after" (started in the minute of after,
	// as in the recordings). README.md, "The window's start".
	Started string

	// replay sends the daemon's runs with each request ("replay"), for
	// the adapters' replay mode (TestAdapterPlumbing).
	replay bool

	proc     *adapterProc
	id       int
	measured bool          // the first answer came
	startup  time.Duration // the CPU time it took (wall time without a cpuMeter)
}

type adapterProc struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	answers chan []byte
	fresh   bool
	done    chan struct{}
	meter   *cpuMeter // nil where CPU time cannot be read
}

type request struct {
	ID   int    `json:"id"`
	Expr string `json:"expr"`
	TZ   string `json:"tz"`
	// SystemTZ is sent only for a line with its own zone (cronie's
	// CRON_TZ=, then in TZ): the daemon's zone, which decides how cronie
	// runs such a line across its own zone's changes. An adapter that
	// knows no daemon zone ignores it.
	SystemTZ string `json:"system_tz,omitempty"`
	After    string `json:"after"`
	Before   string `json:"before"`
	Started  string `json:"started,omitempty"`
	// Replay is sent only to an adapter's replay mode: the answer it
	// must give back through its own loop.
	Replay []string `json:"replay,omitempty"`
}

type answer struct {
	ID    json.RawMessage `json:"id"`
	Runs  *[]string       `json:"runs"`
	Error *string         `json:"error"`
}

// maxAnswer bounds one answer line.
const maxAnswer = 64 << 20

// live holds the adapters running, for KillAdapters.
var live sync.Map // *exec.Cmd -> struct{}

// KillAdapters kills every adapter still running; a command calls it when
// it is interrupted, since adapters run in process groups of their own.
func KillAdapters() {
	live.Range(func(k, _ any) bool {
		killProcessGroup(k.(*exec.Cmd))
		return true
	})
}

// KillAdaptersOnInterrupt makes an interrupt (SIGINT, SIGTERM) kill every
// adapter still running (KillAdapters) and exit with status 130: a
// command that runs adapters calls it first.
func KillAdaptersOnInterrupt() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-sig
		KillAdapters()
		os.Exit(130)
	}()
}

func (r *Runner) start() error {
	cmd := exec.Command("sh", "-c", r.Command)
	setProcessGroup(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if r.Stderr != nil {
		cmd.Stderr = r.Stderr
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting adapter %q: %v", r.Command, err)
	}
	live.Store(cmd, struct{}{})
	p := &adapterProc{cmd: cmd, stdin: stdin, answers: make(chan []byte, 1), fresh: true, done: make(chan struct{}), meter: newCPUMeter(cmd.Process.Pid)}
	go func() {
		defer close(p.answers)
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), maxAnswer)
		for sc.Scan() {
			line := append([]byte(nil), sc.Bytes()...)
			select {
			case p.answers <- line:
			case <-p.done:
				return
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	r.proc = p
	return nil
}

// stop kills the adapter and everything it started.
func (r *Runner) stop() {
	p := r.proc
	if p == nil {
		return
	}
	r.proc = nil
	close(p.done)
	p.stdin.Close()
	killProcessGroup(p.cmd)
	live.Delete(p.cmd)
	waited := make(chan struct{})
	go func() { p.cmd.Wait(); close(waited) }()
	select {
	case <-waited:
	case <-time.After(5 * time.Second):
	}
}

// Close stops the adapter: its stdin is closed and it gets a moment to
// exit before it is killed.
func (r *Runner) Close() {
	p := r.proc
	if p == nil {
		return
	}
	p.stdin.Close()
	waited := make(chan struct{})
	go func() { p.cmd.Wait(); close(waited) }()
	select {
	case <-waited:
		close(p.done)
		live.Delete(p.cmd)
		r.proc = nil
	case <-time.After(2 * time.Second):
		r.stop()
	}
}

// Ask sends one expectation's request and judges the answer. A hang is
// decided once, by the adapter's CPU time (Runner.Timeout): no retry.
func (r *Runner) Ask(e *Expectation) Verdict {
	v := Verdict{Exp: e, Sent: e.Expr}
	if r.Portable && e.DebianOnlySyntax && e.Portable != nil {
		v.Sent = *e.Portable
	}
	tz, system := e.TZ, ""
	if e.CronTZ != "" {
		tz, system = e.CronTZ, e.TZ // the line's own zone (cronie's CRON_TZ=)
	}
	a, outcome, why, crash := askAnswer[answer](r, r.Timeout, func(id int) any {
		q := request{ID: id, Expr: v.Sent, TZ: tz, SystemTZ: system, After: e.After, Before: e.Before, Started: r.Started}
		if r.replay {
			q.Replay = e.Runs
		}
		return q
	})
	if outcome != "" {
		v.Outcome, v.Error, v.Crash = outcome, why, crash
		return v
	}
	return judge(v, a)
}

// askAnswer sends the request req(id) (exchangeWithin) and decodes the
// answer into an A; an answer that does not decode is Failed, and why
// quotes it.
func askAnswer[A any](r *Runner, timeout time.Duration, req func(id int) any) (a A, outcome Outcome, why string, crash bool) {
	line, outcome, why, crash := r.exchangeWithin(req, timeout)
	if outcome == "" {
		if err := json.Unmarshal(line, &a); err != nil {
			outcome, why = Failed, fmt.Sprintf("unreadable answer %.200q: %v", line, err)
		}
	}
	return a, outcome, why, crash
}

// minPoll is the shortest wait between two readings of the adapter's CPU
// time. Only requests still unanswered after budget/NumCPU of wall time
// are read at all (the group cannot have spent its budget sooner); the
// first reading scans /proc for the group's processes (a few
// milliseconds), the later ones read only those (microseconds).
const minPoll = 20 * time.Millisecond

// exchangeWithin sends the request req(id) with the next id and returns
// the answer line with that id; or, when none came within the CPU budget
// timeout (r.Timeout; a simulator request, which answers a whole
// recording, has its own) or the backstop, the outcome (Failed or Hang),
// why, and whether the adapter exited.
func (r *Runner) exchangeWithin(req func(id int) any, timeout time.Duration) (line []byte, outcome Outcome, why string, crash bool) {
	if r.proc == nil {
		if err := r.start(); err != nil {
			return nil, Failed, err.Error(), false
		}
	}
	r.id++
	b, err := json.Marshal(req(r.id))
	if err != nil {
		return nil, Failed, err.Error(), false
	}
	p := r.proc
	first, fresh := p.fresh && !r.measured, p.fresh
	budget := timeout
	switch {
	case first:
		budget += r.StartTimeout
	case p.fresh && r.startup > 0:
		budget += min(2*r.startup, r.StartTimeout)
	case p.fresh:
		budget += r.Timeout
	}
	p.fresh = false
	backstop := r.Backstop
	if backstop <= 0 {
		backstop = max(time.Minute, 30*budget)
	}
	// used is the CPU time the adapter has spent on this request (the
	// wall time without a meter); full rescans the group's processes.
	var cpu0 time.Duration
	if p.meter != nil {
		cpu0 = p.meter.read(false)
	}
	sent := time.Now()
	used := func(full bool) time.Duration {
		if p.meter == nil {
			return time.Since(sent)
		}
		return max(0, p.meter.read(full)-cpu0)
	}
	ncpu := time.Duration(runtime.NumCPU())
	scanned := false
	poll := time.NewTimer(budget / ncpu)
	if p.meter == nil {
		poll.Reset(budget)
	}
	defer poll.Stop()
	wall := time.NewTimer(backstop)
	defer wall.Stop()
	if _, err := p.stdin.Write(append(b, '\n')); err != nil {
		r.stop()
		return nil, Failed, "adapter exited: " + err.Error(), true
	}
	want := fmt.Sprint(r.id)
	for {
		select {
		case line, ok := <-p.answers:
			if !ok {
				r.stop()
				return nil, Failed, "adapter exited without answering", true
			}
			var a struct {
				ID json.RawMessage `json:"id"`
			}
			if err := json.Unmarshal(line, &a); err != nil {
				r.stop() // out of step with the requests: start afresh
				return nil, Failed, fmt.Sprintf("unreadable answer %.200q: %v", line, err), false
			}
			if id := strings.Trim(string(a.ID), `"`); id != want {
				continue // an answer to an earlier request
			}
			if fresh {
				// A full scan once per start, so that the quick
				// readings also see the processes sh started.
				u := used(true)
				if first {
					r.measured, r.startup = true, min(u, r.StartTimeout)
				}
			}
			return line, "", "", false
		case <-poll.C:
			// One scan of /proc per request (the group may have started
			// a process for it); later readings read the processes found.
			u := used(!scanned)
			scanned = true
			if p.meter == nil || u > budget {
				r.measured = true
				r.stop()
				if p.meter == nil {
					return nil, Hang, fmt.Sprintf("no answer in %v", budget), false
				}
				return nil, Hang, fmt.Sprintf("no answer after %v of CPU time (budget %v; %v on the wall)", u.Round(10*time.Millisecond), budget, time.Since(sent).Round(10*time.Millisecond)), false
			}
			poll.Reset(max((budget-u)/ncpu, minPoll))
		case <-wall.C:
			u := used(true)
			r.measured = true
			r.stop()
			return nil, Hang, fmt.Sprintf("no answer in %v on the wall (the backstop), %v of CPU time", backstop, u.Round(10*time.Millisecond)), false
		}
	}
}

func judge(v Verdict, a answer) Verdict {
	switch {
	case a.Error != nil:
		v.Outcome, v.Error = Failed, *a.Error
		return v
	case a.Runs == nil:
		v.Outcome, v.Error = Failed, "answer has neither runs nor error"
		return v
	}
	seen := map[string]bool{}
	v.Got = []string{}
	for _, s := range *a.Runs {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			v.Outcome, v.Error = Failed, fmt.Sprintf("bad time %q in runs", s)
			return v
		}
		m := t.UTC().Truncate(time.Minute).Format(time.RFC3339)
		if m == v.Exp.After && !v.Starts {
			// The minute the daemon started in is not scored: a run in it
			// after `after` comes only where local minutes begin inside a
			// UTC minute (an offset with seconds), and the daemon had not
			// started yet.
			continue
		}
		if !seen[m] {
			seen[m] = true
			v.Got = append(v.Got, m)
		}
	}
	sort.Strings(v.Got)
	v.Outcome = Agree
	if len(v.Got) != len(v.Exp.Runs) {
		v.Outcome = Mismatch
	} else {
		for i := range v.Got {
			if v.Got[i] != v.Exp.Runs[i] {
				v.Outcome = Mismatch
				break
			}
		}
	}
	return v
}

// Explain shows a mismatch: each minute only the daemon ran ("-") or only
// the implementation answered ("+"), in UTC and in the zone's local time
// with its offset, and the nearest change of local time (an offset change
// of the zone or a clock set) with its size and the daemon's case for it.
// At most max minutes of each sign are listed.
func (v Verdict) Explain(limit int) string {
	loc, err := time.LoadLocation(v.Exp.TZ)
	if err != nil {
		loc = time.UTC
	}
	want, got := map[string]int{}, map[string]int{}
	for _, m := range v.Exp.Runs {
		want[m] = 1
		if v.Starts {
			want[m] = max(1, v.Exp.Repeats[m])
		}
	}
	for _, m := range v.Got {
		got[m]++ // distinct unless v.Starts
	}
	var b strings.Builder
	list := func(sign, who string, l []string, n, other map[string]int) {
		var only []string
		extra := 0
		seen := map[string]bool{}
		for _, m := range l {
			if seen[m] || n[m] <= other[m] {
				continue
			}
			seen[m] = true
			only = append(only, m)
			extra += n[m] - other[m]
		}
		if len(only) == 0 {
			return
		}
		fmt.Fprintf(&b, "    %s %d start(s) only %s:", sign, extra, who)
		for i, m := range only {
			if i == limit {
				fmt.Fprintf(&b, " ...")
				break
			}
			t, _ := time.Parse(time.RFC3339, m)
			times := ""
			if d := n[m] - other[m]; d > 1 {
				times = fmt.Sprintf(" ×%d", d)
			}
			fmt.Fprintf(&b, " %s (%s)%s", t.Format("01-02 15:04Z"), t.In(loc).Format("15:04 MST -07:00"), times)
		}
		b.WriteString("\n")
		if c, ok := nearest(v.Exp.changes, only); ok {
			at, _ := time.Parse(time.RFC3339, c.At)
			name, off := at.Add(-time.Second).In(loc).Zone()
			from, to := at.In(time.FixedZone(name, off)), at.In(loc) // a zone's change: the same instant, two offsets
			if c.Source != "zone" {
				from, to = at.In(loc), at.Add(time.Duration(c.Minutes)*time.Minute).In(loc) // a clock set
			}
			fmt.Fprintf(&b, "      nearest change: %s %+d min at %s (local %s -> %s), the daemon's case %q\n", c.Source, c.Minutes,
				at.Format("01-02 15:04Z"), from.Format("15:04 -07:00"), to.Format("15:04 -07:00"), c.Class)
		}
	}
	list("-", "the daemon made", v.Exp.Runs, want, got)
	list("+", "the implementation answered", v.Got, got, want)
	return b.String()
}

// nearest is the change closest to the first of the minutes.
func nearest(changes []ChangeKind, minutes []string) (ChangeKind, bool) {
	if len(changes) == 0 || len(minutes) == 0 {
		return ChangeKind{}, false
	}
	t, _ := time.Parse(time.RFC3339, minutes[0])
	best, bestD := changes[0], time.Duration(math.MaxInt64)
	for _, c := range changes {
		at, _ := time.Parse(time.RFC3339, c.At)
		d := t.Sub(at)
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best, true
}

// Scoreboard timeouts: how long an adapter may take for one answer after
// its start-up, on SCOREBOARD.md and by default in conform -cmd.
const (
	CompiledTimeout = 1 * time.Second // Go and other compiled adapters
	ScriptTimeout   = 3 * time.Second // Python, Node and shell-started adapters
)

// DefaultTimeout is the scoreboard's timeout for a command: ScriptTimeout
// when its program is an interpreter or a shell (sh, bash, python3,
// node...), CompiledTimeout otherwise ("go run" included: its build time
// is start-up time).
func DefaultTimeout(command string) time.Duration {
	f := strings.Fields(command)
	if len(f) == 0 {
		return CompiledTimeout
	}
	prog := f[0][strings.LastIndexAny(f[0], `/\`)+1:]
	for _, p := range []string{"sh", "bash", "dash", "zsh", "python", "pypy", "node", "nodejs", "deno", "bun", "ruby", "perl", "php", "java", "dotnet", "Rscript", "julia", "lua", "env", "npx", "uv"} {
		if prog == p || strings.HasPrefix(prog, p) && strings.Trim(prog[len(p):], "0123456789.") == "" {
			return ScriptTimeout
		}
	}
	return CompiledTimeout
}

// A Tally counts outcomes.
type Tally struct {
	Agree, Mismatch, Error, Hang int
}

// Lines is the number of lines counted.
func (t Tally) Lines() int { return t.Agree + t.Mismatch + t.Error + t.Hang }

// Add counts one outcome.
func (t *Tally) Add(o Outcome) {
	switch o {
	case Agree:
		t.Agree++
	case Mismatch:
		t.Mismatch++
	case Failed:
		t.Error++
	case Hang:
		t.Hang++
	}
}

// Score holds the tallies of one run over files, by file and by group.
type Score struct {
	Files   []string                     // in order
	ByFile  map[string]map[string]*Tally // file -> group -> tally
	Total   map[string]*Tally            // group -> tally
	Skipped map[string]int               // file -> lines not scorable by an iterator
}

// Groups in the order they are reported.
var Groups = []string{"portable", "debian-only", "never-runs"}

// NewScore returns an empty score.
func NewScore() *Score {
	return &Score{ByFile: map[string]map[string]*Tally{}, Total: newTallies(Groups), Skipped: map[string]int{}}
}

// Add counts a verdict.
func (s *Score) Add(v Verdict) {
	g := v.Exp.Group()
	talliesOf(s.ByFile, &s.Files, v.Exp.File, Groups)[g].Add(v.Outcome)
	s.Total[g].Add(v.Outcome)
}

// newTallies returns an empty tally for each group.
func newTallies(groups []string) map[string]*Tally {
	m := make(map[string]*Tally, len(groups))
	for _, g := range groups {
		m[g] = &Tally{}
	}
	return m
}

// talliesOf returns the tallies by group of key (a file, a source) in
// by, adding empty ones, and key to order, the first time.
func talliesOf(by map[string]map[string]*Tally, order *[]string, key string, groups []string) map[string]*Tally {
	m := by[key]
	if m == nil {
		m = newTallies(groups)
		by[key] = m
		*order = append(*order, key)
	}
	return m
}

// Scorable reports whether an iterator can score the expectation for
// the given daemon: the recording is of that daemon and needs no
// simulator.
func Scorable(e *Expectation, daemon string) bool {
	return !e.NeedsSimulator && e.Daemon == daemon
}

// LoadExpectations computes the expectations of corpus files, the same
// way as the generator.
func LoadExpectations(paths []string) ([]Expectation, error) {
	var all []Expectation
	for _, p := range paths {
		exps, entry, err := readExpectations(p)
		if err != nil {
			return nil, err
		}
		for i := range exps {
			exps[i].changes = entry.Changes
		}
		all = append(all, exps...)
	}
	return all, nil
}

// ScoreAdapter runs every scorable expectation through r, calling each
// (when not nil) with every verdict, and returns the score.
func ScoreAdapter(r *Runner, exps []Expectation, daemon string, each func(Verdict)) *Score {
	s := NewScore()
	defer r.Close()
	for i := range exps {
		e := &exps[i]
		if !Scorable(e, daemon) {
			s.Skipped[e.File]++
			continue
		}
		v := r.Ask(e)
		s.Add(v)
		if each != nil {
			each(v)
		}
	}
	return s
}
