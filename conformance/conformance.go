// Package conformance holds cronsim to recordings of the real Debian cron
// daemon (the corpus in corpus/, format in README.md).
package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// A Recording is one corpus file: one run of the daemon.
type Recording struct {
	// Daemon is the daemon recorded (DebianCron, Cronie, BusyboxCrond);
	// Load sets DebianCron when the file has no daemon field.
	Daemon string `json:"daemon,omitempty"`
	// Cron is the version of the daemon's Debian package.
	Cron string `json:"cron"`
	// Systemd is the version of Debian's systemd package in a systemd
	// timer recording (daemon Systemd), in place of Cron.
	Systemd string     `json:"systemd,omitempty"`
	Tzdata  string     `json:"tzdata"`
	TZ      string     `json:"tz"`
	Start   time.Time  `json:"start"`
	End     time.Time  `json:"end"`
	Clock   []ClockSet `json:"clock"`
	MadeBy  string     `json:"made_by"`
	// JobDurationS is how long every job ran, in seconds (absent: quick
	// jobs, a no-op that ends within milliseconds). A line's own
	// JobDurationS overrides it.
	JobDurationS *float64 `json:"job_duration_s,omitempty"`
	// Pauses are the spans in which the cron process was stopped
	// (SIGSTOP at From, SIGCONT at To, guest UTC).
	Pauses []Pause `json:"pauses,omitempty"`
	// Kubernetes CronJob files (daemon KubernetesCronJob) give the
	// CronJob's settings: .spec.startingDeadlineSeconds (absent: none),
	// .spec.concurrencyPolicy, and the spans with .spec.suspend true.
	// Their pauses are outages of the controller.
	StartingDeadlineSeconds *int64  `json:"starting_deadline_seconds,omitempty"`
	ConcurrencyPolicy       string  `json:"concurrency_policy,omitempty"`
	Suspend                 []Pause `json:"suspend,omitempty"`
	// TimerStops (daemon Systemd) are the spans in which every timer was
	// stopped (systemctl stop at From, start at To, guest UTC): where
	// Persistent= acts. systemd as PID 1 cannot be stopped: such files
	// have no pauses.
	TimerStops []Pause `json:"timer_stops,omitempty"`
	// PowerOff (daemon Systemd) are the spans in which the guest was
	// powered off: two boots, the stamp files of the first carried into
	// the second. The model stops the timers there as in TimerStops (a
	// reboot differs only in where RandomizedDelaySec= counts from,
	// which the timer rule's window covers).
	PowerOff []Pause `json:"power_off,omitempty"`
	// Boots (daemon Systemd) are the guest's boots when it was powered
	// off and on again (guest UTC at each boot's start and end): the
	// spans between them are power-offs, as PowerOff.
	Boots []Boot `json:"boots,omitempty"`
	Lines []Line `json:"lines"`
}

// A Pause is a span in which the daemon was stopped.
type Pause struct {
	From time.Time `json:"from"` // guest time just before SIGSTOP was sent
	To   time.Time `json:"to"`   // guest time just before SIGCONT was sent
}

// A Boot is one boot of a guest powered off and on during a recording.
type Boot struct {
	Start time.Time `json:"start"` // guest UTC just before systemd was executed
	End   time.Time `json:"end"`   // guest UTC at the power-off
}

// poweredOff returns the spans in which the guest was off: PowerOff,
// and the gaps between consecutive Boots.
func (r *Recording) poweredOff() []Pause {
	out := slices.Clone(r.PowerOff)
	for i := 1; i < len(r.Boots); i++ {
		p := Pause{From: r.Boots[i-1].End, To: r.Boots[i].Start}
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// A ClockSet is a change of the guest's clock during a recording.
type ClockSet struct {
	At time.Time `json:"at"` // guest time just before the change
	To time.Time `json:"to"` // the time set
}

// A Line is one crontab line and every start the daemon made of it.
type Line struct {
	// CronTZ is the zone of a CRON_TZ= setting the line ran under
	// (cronie), "" for the daemon's zone.
	CronTZ string `json:"cron_tz,omitempty"`
	Expr   string `json:"expr"`
	// JobDurationS, when present, is this line's job duration in seconds,
	// overriding the file's.
	JobDurationS *float64 `json:"job_duration_s,omitempty"`
	// The timer unit's settings (daemon Systemd): AccuracySec= in effect
	// in microseconds (absent: not recorded, systemd's default),
	// RandomizedDelaySec= in microseconds, Persistent=.
	AccuracyUS        *int64      `json:"accuracy_us,omitempty"`
	RandomizedDelayUS int64       `json:"randomized_delay_us,omitempty"`
	Persistent        bool        `json:"persistent,omitempty"`
	Runs              []time.Time `json:"runs"`
}

// Timer returns the line's timer unit settings (daemon Systemd).
func (l Line) Timer() cronsim.Timer {
	t := cronsim.Timer{RandomizedDelay: time.Duration(l.RandomizedDelayUS) * time.Microsecond, Persistent: l.Persistent}
	if l.AccuracyUS != nil {
		t.Accuracy = time.Duration(*l.AccuracyUS) * time.Microsecond
		if t.Accuracy == 0 {
			// AccuracySec=0: sd-event arms with its own default,
			// DEFAULT_ACCURACY_USEC (250 ms); Timer's zero is systemd's.
			t.Accuracy = 250 * time.Millisecond
		}
	}
	return t
}

// Load reads a corpus file.
func Load(path string) (*Recording, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Recording
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if r.TZ == "" || r.Start.IsZero() || r.End.IsZero() || r.Cron == "" && r.Systemd == "" {
		return nil, fmt.Errorf("%s: missing cron (or systemd), tz, start or end", path)
	}
	if r.Daemon == "" {
		r.Daemon = DebianCron
	}
	for _, d := range r.durations() {
		if d < 0 || d > maxJobDuration {
			return nil, fmt.Errorf("%s: job_duration_s out of range (0 .. %v)", path, maxJobDuration)
		}
	}
	for _, p := range slices.Concat(r.Pauses, r.TimerStops, r.poweredOff()) {
		if !p.To.After(p.From) {
			return nil, fmt.Errorf("%s: pause or timer stop from %v to %v does not end after it starts", path, p.From, p.To)
		}
	}
	return &r, nil
}

// maxJobDuration bounds the durations a file may give.
const maxJobDuration = 24 * time.Hour

// durations gives each line's job duration (0: quick jobs).
func (r *Recording) durations() []time.Duration {
	out := make([]time.Duration, len(r.Lines))
	for i, l := range r.Lines {
		s := r.JobDurationS
		if l.JobDurationS != nil {
			s = l.JobDurationS
		}
		if s != nil {
			out[i] = time.Duration(*s * float64(time.Second))
		}
	}
	return out
}

// SlowJobs reports whether any job of the recording ran for a while
// (job_duration_s above 0, for the file or a line).
func (r *Recording) SlowJobs() bool {
	for _, d := range r.durations() {
		if d > 0 {
			return true
		}
	}
	return false
}

// SlowSpread is the comparison tolerance for Debian's recordings with
// slow jobs: how far (in minutes of clock reading) a start may lie from
// the daemon's. Which job of a slow catch-up starts in which minute is
// decided by races of milliseconds between job ends (each a SIGCHLD
// cutting the daemon's sleep(10)) and the daemon's own forks, so
// identical runs of the daemon differ; this is the largest shift measured
// between the repeated recordings of the corpus (README.md, "Slow jobs";
// TestRepeatSpread keeps it honest). Counts per line are compared
// exactly. Other daemons have their own rule: see SlowRule.
const SlowSpread = 1 * time.Minute

// A SpreadRule is how a slow-job recording (one with job_duration_s) of
// one daemon is compared with a simulation, per line: the daemon's own
// spread, measured on repeated recordings (README.md, "Slow jobs: the
// spread per daemon").
type SpreadRule struct {
	// Shift: the k-th start of the line (both lists sorted) may lie at
	// most this far from the daemon's k-th start. Zero: the same minutes.
	Shift time.Duration
	// Extra: the line may start up to this many times more, or fewer,
	// than the daemon did, all of the difference inside one clock minute
	// (cronie, after a forward clock set: how many wildcard catch-up
	// starts fall in the minute its catch-up ends varies between runs).
	// The other starts are then held to Shift.
	Extra int
	// CatchUp narrows Extra and Shift to the daemon's catch-up: the
	// surplus may lie only in a minute in which the daemon started some
	// line of the file more than once (CatchUpMinutes) or within Shift
	// of one, and a start that lies outside those minutes on both sides
	// must be in the daemon's own minute (cronie: its twins differed
	// only there).
	CatchUp bool
	// Phased: the daemon's starts depend on how many times it has woken
	// since it started (BusyBox's crontab rescan every 60 wake-ups), so
	// twin recordings powered on in different minutes are different
	// runs, each held to the simulator but not to each other.
	Phased bool
}

// slowRules is the rule per daemon (the corpus "daemon" field).
var slowRules = map[string]SpreadRule{
	// SIGCHLD races in the catch-up loop: a start moves to the
	// neighbouring minute, counts stay.
	DebianCron: {Shift: SlowSpread},
	// The same loop, and after a forward clock set the minute in which
	// the catch-up ends holds up to 4 more wildcard starts in one run
	// than in another (cronie-utc-jump-plus-30m-slow-75-a.json: 1,
	// -b.json: 5, for each every-minute line at 10:50; +60 min: 5 and
	// 1 at 11:21). Outside the catch-up the twins agree minute for
	// minute.
	Cronie: {Shift: SlowSpread, Extra: 4, CatchUp: true},
	// No SIGCHLD handler: crond wakes at second 0 of a minute or at a
	// 10-second mark and forks at once; nothing races.
	BusyboxCrond: {Phased: true},
}

// SlowRule returns the comparison rule for slow-job recordings of the
// daemon (a corpus "daemon" name; "" is DebianCron).
func SlowRule(daemon string) SpreadRule {
	if daemon == "" {
		daemon = DebianCron
	}
	if r, ok := slowRules[daemon]; ok {
		return r
	}
	return SpreadRule{Shift: SlowSpread}
}

// Dialect is the Debian dialect of the recording's cron version.
func (r *Recording) Dialect() cronsim.Dialect {
	if r.Cron == "3.0pl1-162" {
		return cronsim.DebianBookworm
	}
	return cronsim.Debian
}

// Model is the cronsim daemon model of the recording's daemon.
func (r *Recording) Model() (cronsim.Daemon, error) {
	if r.Daemon == "" {
		return cronsim.DebianCron, nil
	}
	return cronsim.ParseDaemon(r.Daemon)
}

// Parse reads a recorded line as the recording's daemon reads it:
// Debian's lines in the dialect of the recorded version, the others
// with their daemon's parser, a cronie line under a CRON_TZ= setting
// in that zone.
func (r *Recording) Parse(line Line) (cronsim.Schedule, error) {
	d, err := r.Model()
	if err != nil {
		return cronsim.Schedule{}, err
	}
	if d.Rules().DebianCrontab {
		return cronsim.ParseOptions{Daemon: d, Dialect: r.Dialect()}.Parse(line.Expr)
	}
	o := cronsim.ParseOptions{Daemon: d, Dialect: cronsim.Debian}
	if line.CronTZ != "" {
		return o.Parse("CRON_TZ=" + line.CronTZ + " " + line.Expr)
	}
	s, err := o.Parse(line.Expr)
	return s.WithTimer(line.Timer()), err
}

// IterApplies reports whether ModeIter can check the recording: a
// one-expression iterator knows nothing of clock sets, slow jobs or a
// stopped daemon, nor, for cronie, of an offset change that does not
// flip the daylight saving flag (cronie keeps the offset it read last,
// so the result depends on when it started). Why says which.
func (r *Recording) IterApplies(loc *time.Location) (ok bool, why string) {
	switch {
	case len(r.Clock) > 0 || r.SlowJobs() || len(r.Pauses) > 0:
		return false, "an iterator knows nothing of clock sets, slow jobs or pauses (-mode sim checks them)"
	case len(r.Suspend) > 0 || (r.StartingDeadlineSeconds != nil && *r.StartingDeadlineSeconds == 0):
		return false, "an iterator knows nothing of a suspended CronJob or a zero starting deadline (-mode sim checks them)"
	case len(r.TimerStops) > 0 || len(r.poweredOff()) > 0:
		return false, "an iterator knows nothing of stopped timers or a powered-off machine (-mode sim checks them)"
	}
	return r.OffsetsSeen(loc)
}

// OffsetsSeen reports whether the recorded daemon saw every change of
// the zone's offset in the recording, as Next and Prev assume. cronie
// does not see one that leaves the daylight saving flag as it was
// (Moscow 2014, Apia 2011): it keeps the offset it read last, so what it
// did depends on when it started, which only a Simulation knows.
func (r *Recording) OffsetsSeen(loc *time.Location) (ok bool, why string) {
	if d, err := r.Model(); err == nil && d.Rules().OffsetOnFlip && unseenOffsetChange(loc, r.Start, r.End) {
		return false, "cronie keeps the offset it read until the daylight saving flag flips: what it does depends on when it started (-mode sim checks this)"
	}
	return true, ""
}

// IterAppliesTo reports whether ModeIter can check one line of the
// recording: IterApplies, and not a cronie CRON_TZ= line in a recording
// across a change of cronie's own zone (recorded in
// cronie-dublin-crontz-utc-2021-fall.json: those lines miss minutes while
// cronie's zone repeats an hour, as src/cron.c find_jobs skips zoned jobs
// while the offset it runs on is not the current one, upstream issue 124;
// which minutes depends on the daemon's catch-up state, a simulation's
// business).
func (r *Recording) IterAppliesTo(loc *time.Location, line Line) (ok bool, why string) {
	if ok, why := r.IterApplies(loc); !ok {
		return ok, why
	}
	if r.ZonedSkips(loc, line) {
		return false, cronTZSkipWhy
	}
	return true, ""
}

const cronTZSkipWhy = "cronie skips CRON_TZ= jobs while its own zone changes offset (upstream issue 124): -mode sim checks this"

// ZonedSkips reports whether a line is a cronie CRON_TZ= line in a
// recording across a change of cronie's own zone, where cronie leaves
// some of its minutes out (see IterAppliesTo): only a Simulation knows
// which.
func (r *Recording) ZonedSkips(loc *time.Location, line Line) bool {
	d, err := r.Model()
	return err == nil && d.Rules().JobZones && line.CronTZ != "" && offsetChange(loc, r.Start, r.End)
}

// offsetChange reports whether the zone's offset changes in the span.
func offsetChange(loc *time.Location, from, to time.Time) bool {
	_, end := from.In(loc).ZoneBounds()
	return !end.IsZero() && end.Before(to)
}

// unseenOffsetChange reports whether the zone's offset changes in the
// span without the daylight saving flag flipping. cronie re-reads the
// offset only on a flip, so what it does then depends on when it
// started: a simulation knows, an iterator does not.
func unseenOffsetChange(loc *time.Location, from, to time.Time) bool {
	t := from.In(loc)
	for i := 0; i < 100; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			return false
		}
		before := end.Add(-time.Second)
		_, o1 := before.Zone()
		_, o2 := end.Zone()
		if o1 != o2 && before.IsDST() == end.IsDST() {
			return true
		}
		t = end
	}
	return false
}

// Window is the span compared, at minute precision: runs after the minute
// containing Start and before the minute containing End.
func (r *Recording) Window() (from, to time.Time) {
	return r.Start.Truncate(time.Minute).Add(time.Minute), r.End.Truncate(time.Minute)
}

// A Result is the verdict on one line.
type Result struct {
	Expr    string
	OK      bool
	Skipped bool   // not checkable in this mode (clock sets, slow jobs or pauses in iter mode), or a daemon not modelled
	Why     string // why it was skipped
	Diff    string // -daemon +cronsim, when not OK
	Err     error  // the line could not be checked
}

// Mode selects what is compared.
type Mode string

const (
	// ModeIter compares the distinct run minutes of each line with the
	// iterator's runs (files without clock changes).
	ModeIter Mode = "iter"
	// ModeSim compares every start, repeats counted, with the daemon
	// simulator.
	ModeSim Mode = "sim"
)

func minutes(ts []time.Time, from, to time.Time, distinct bool) []string {
	var out []string
	seen := map[time.Time]bool{}
	for _, t := range ts {
		m := t.Truncate(time.Minute)
		if m.Before(from) || !m.Before(to) || (distinct && seen[m]) {
			continue
		}
		seen[m] = true
		out = append(out, m.UTC().Format(time.RFC3339))
	}
	sort.Strings(out)
	return out
}

// Check compares every line of r with cronsim in the given mode.
func Check(r *Recording, mode Mode) []Result {
	results := make([]Result, 0, len(r.Lines))
	if ok, why := Modelled(r.Daemon); !ok {
		for _, line := range r.Lines {
			results = append(results, Result{Expr: line.Expr, Skipped: true, Why: why})
		}
		return results
	}
	loc, err := time.LoadLocation(r.TZ)
	from, to := r.Window()
	var simRuns [][]time.Time
	var simStarts [][]cronsim.Start
	var simErr error
	var queue map[int64]int
	if err == nil && mode == ModeSim {
		var starts []cronsim.Start
		starts, simErr = simulateStarts(r, loc)
		queue = timerQueue(starts)
		simRuns = make([][]time.Time, len(r.Lines))
		simStarts = make([][]cronsim.Start, len(r.Lines))
		for _, st := range starts {
			simRuns[st.Line] = append(simRuns[st.Line], st.Time)
			simStarts[st.Line] = append(simStarts[st.Line], st)
		}
	}
	catchUp := r.CatchUpMinutes(from, to)
	iterOK, iterWhy := false, ""
	if err == nil {
		iterOK, iterWhy = r.IterApplies(loc)
	}
	timers := false
	if d, derr := r.Model(); derr == nil {
		timers = d.Rules().TimerUnits
	}
	for i, line := range r.Lines {
		res := Result{Expr: line.Expr}
		switch {
		case err != nil:
			res.Err = err
		case mode == ModeSim && simErr != nil:
			res.Err = simErr
		case timers:
			res = r.checkTimer(line, loc, mode, simStarts, i, queue)
		case mode == ModeSim && r.SlowJobs():
			want := minutes(line.Runs, from, to, false)
			got := minutes(simRuns[i], from, to, false)
			res.Diff = SlowRule(r.Daemon).DiffCatchUp(want, got, catchUp)
			res.OK = res.Diff == ""
		case mode == ModeSim:
			want := minutes(line.Runs, from, to, false)
			got := minutes(simRuns[i], from, to, false)
			res.Diff = cmp.Diff(want, got)
			res.OK = res.Diff == ""
		case !iterOK:
			res.Skipped, res.Why = true, iterWhy
		case r.ZonedSkips(loc, line):
			res.Skipped, res.Why = true, cronTZSkipWhy
		default:
			want := minutes(line.Runs, from, to, true)
			got, perr := iterMinutes(r, line, loc, from, to)
			if perr != nil {
				res.Err = perr
				break
			}
			res.Diff = cmp.Diff(want, got)
			res.OK = res.Diff == ""
		}
		results = append(results, res)
	}
	return results
}

// CatchUpMinutes returns the clock minutes (RFC 3339, inside from..to)
// in which the daemon started some line of the recording more than
// once: the minutes of its catch-ups.
func (r *Recording) CatchUpMinutes(from, to time.Time) map[string]bool {
	out := map[string]bool{}
	for _, line := range r.Lines {
		seen := map[string]bool{}
		for _, m := range minutes(line.Runs, from, to, false) {
			if seen[m] {
				out[m] = true
			}
			seen[m] = true
		}
	}
	return out
}

// Diff compares two sorted lists of minutes (RFC 3339) of one line under
// the rule: it returns "" when they agree, else a description with both
// lists. A rule with CatchUp needs the daemon's catch-up minutes: see
// DiffCatchUp (Diff treats every minute as one).
func (rule SpreadRule) Diff(want, got []string) string {
	return rule.DiffCatchUp(want, got, nil)
}

// DiffCatchUp is Diff for a rule with CatchUp, given the minutes in
// which the daemon was catching up (CatchUpMinutes); nil lets the rule
// apply in every minute.
func (rule SpreadRule) DiffCatchUp(want, got []string, catchUp map[string]bool) string {
	// A minute counts as catch-up when the daemon's catch-up holds it
	// or a minute within Shift of it: where a catch-up ends moves by
	// that much between runs.
	in := func(m string) bool {
		if !rule.CatchUp || catchUp == nil || catchUp[m] {
			return true
		}
		t, err := time.Parse(time.RFC3339, m)
		if err != nil {
			return false
		}
		for dt := time.Minute; dt <= rule.Shift; dt += time.Minute {
			if catchUp[t.Add(-dt).UTC().Format(time.RFC3339)] || catchUp[t.Add(dt).UTC().Format(time.RFC3339)] {
				return true
			}
		}
		return false
	}
	if d := len(got) - len(want); d != 0 && rule.Extra > 0 && abs(d) <= rule.Extra {
		// Take the surplus out of the longer list in the one minute
		// where it holds that many more starts, if there is one.
		long, short := got, want
		if d < 0 {
			long, short = want, got
		}
		count := map[string]int{}
		for _, m := range short {
			count[m]--
		}
		for _, m := range long {
			count[m]++
		}
		ms := make([]string, 0, len(count))
		for m := range count {
			ms = append(ms, m)
		}
		sort.Strings(ms)
		for _, m := range ms {
			if n := count[m]; n == abs(d) && in(m) {
				trimmed := make([]string, 0, len(long))
				skip := n
				for _, x := range long {
					if x == m && skip > 0 {
						skip--
						continue
					}
					trimmed = append(trimmed, x)
				}
				if d > 0 {
					got = trimmed
				} else {
					want = trimmed
				}
				break
			}
		}
	}
	if diff := spreadDiff(want, got, rule.Shift); diff != "" {
		return diff
	}
	for k := range want {
		if want[k] != got[k] && !in(want[k]) && !in(got[k]) {
			return fmt.Sprintf("start %d of %d: daemon %s, cronsim %s, outside the daemon's catch-up\n%s", k+1, len(want), want[k], got[k], cmp.Diff(want, got))
		}
	}
	return ""
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// spreadDiff compares two sorted lists of minutes (RFC 3339) under the
// slow-job rule: the same number of starts, and the k-th start of one
// within tol of the k-th start of the other (pairing sorted lists
// minimizes the largest shift). It returns "" when they agree, else a
// description with both lists.
func spreadDiff(want, got []string, tol time.Duration) string {
	if len(want) != len(got) {
		return fmt.Sprintf("count: daemon %d, cronsim %d\n%s", len(want), len(got), cmp.Diff(want, got))
	}
	for k := range want {
		w, _ := time.Parse(time.RFC3339, want[k])
		g, _ := time.Parse(time.RFC3339, got[k])
		if (w.Sub(g)).Abs() > tol {
			return fmt.Sprintf("start %d of %d: daemon %s, cronsim %s, more than %v apart\n%s", k+1, len(want), want[k], got[k], tol, cmp.Diff(want, got))
		}
	}
	return ""
}

// Spread measures how far two recordings of the same plan differ, under
// the pairing of spreadDiff: the largest shift between the k-th starts of
// a line, and whether every line had the same count.
func Spread(a, b *Recording) (maxShift time.Duration, sameCounts bool, err error) {
	if len(a.Lines) != len(b.Lines) {
		return 0, false, fmt.Errorf("different crontabs: %d and %d lines", len(a.Lines), len(b.Lines))
	}
	// Compare inside both windows.
	fa, ta := a.Window()
	fb, tb := b.Window()
	from, to := fa, ta
	if fb.After(from) {
		from = fb
	}
	if tb.Before(to) {
		to = tb
	}
	sameCounts = true
	for i := range a.Lines {
		if a.Lines[i].Expr != b.Lines[i].Expr {
			return 0, false, fmt.Errorf("line %d: %q and %q", i, a.Lines[i].Expr, b.Lines[i].Expr)
		}
		ma := minutes(a.Lines[i].Runs, from, to, false)
		mb := minutes(b.Lines[i].Runs, from, to, false)
		if len(ma) != len(mb) {
			sameCounts = false
			continue
		}
		for k := range ma {
			x, _ := time.Parse(time.RFC3339, ma[k])
			y, _ := time.Parse(time.RFC3339, mb[k])
			maxShift = max(maxShift, x.Sub(y).Abs())
		}
	}
	return maxShift, sameCounts, nil
}

// TimerLatency is how long after systemd's wake-up a recorded start
// may read the clock: the service's process reads CLOCK_REALTIME first
// thing, 15-290 ms after the trigger in the QEMU guests (README.md,
// "systemd timers"); a second covers a loaded guest.
const TimerLatency = time.Second

// TimerQueueStart is how much later a start may come for each other
// timer the model starts at the same instant: systemd starts the
// services of timers due together one after another, about 8 ms apart
// under systemd 252 and 22-24 ms apart under 257 in the QEMU guests
// (README.md, "systemd timers"), in an order the model does not know.
// So a start among n due at one instant may come (n-1) of these later:
// the catch-up of 136 timers at a +26 h clock set ended 3.5 s after the
// set under 257, 1.2 s under 252.
const TimerQueueStart = 25 * time.Millisecond

// timerQueue counts a simulation's starts per instant, over every line.
func timerQueue(starts []cronsim.Start) map[int64]int {
	q := map[int64]int{}
	for _, st := range starts {
		q[st.Time.UnixNano()]++
	}
	return q
}

// TimerStartLatency is how long after a recorded timer_stops "to" or a
// boot's "start" the timers may start, and with them a catch-up: those
// are read just before systemctl start runs, or before systemd is
// executed, and the timers were started 0.86-1.63 s later in the
// recordings (stop and power-off files); 3 s covers a loaded guest.
const TimerStartLatency = 3 * time.Second

// A ModelStart is a model's start of a systemd timer: the earliest
// clock reading at which systemd may start the service (Start.Time),
// and how much later the recorded start may come (the timer's
// AccuracySec= + RandomizedDelaySec=, plus TimerLatency).
type ModelStart struct {
	Time   time.Time
	Window time.Duration
	// Optional: the start may be missing (an elapse in the first
	// TimerStartLatency after the recording's start, which may come
	// before systemd has activated the timers).
	Optional bool
}

// TimerDiff compares the recorded starts of one systemd timer (runs)
// with a model's under the timer rule of README.md, "systemd timers":
// both sorted, the k-th recorded start must come 0 to the model's k-th
// start's Window after its Time; every model start whose window closes
// before end must have been recorded, and none beyond the model's. It
// returns "" when they agree, else what differs.
func TimerDiff(runs []time.Time, model []ModelStart, end time.Time) string {
	runs, model = slices.Clone(runs), slices.Clone(model)
	slices.SortFunc(runs, time.Time.Compare)
	slices.SortFunc(model, func(a, b ModelStart) int { return a.Time.Compare(b.Time) })
	// A leading optional start the recording does not have is dropped.
	for len(model) > 0 && model[0].Optional && (len(runs) == 0 || runs[0].Before(model[0].Time) || runs[0].Sub(model[0].Time) > model[0].Window || len(model) > 1 && !runs[0].Before(model[1].Time)) {
		model = model[1:]
	}
	required := 0
	times := make([]time.Time, len(model))
	for i, m := range model {
		times[i] = m.Time
		if m.Time.Add(m.Window).Before(end) {
			required++
		}
	}
	show := func() string {
		w := time.Duration(0)
		for _, m := range model {
			w = max(w, m.Window)
		}
		return fmt.Sprintf("systemd %s\nmodel   %s (each start up to %v later)", stamps(runs), stamps(times), w)
	}
	if len(runs) < required || len(runs) > len(model) {
		return fmt.Sprintf("count: systemd %d, model %d (%d whose window closes before the end)\n%s", len(runs), len(model), required, show())
	}
	for k := range runs {
		if d := runs[k].Sub(model[k].Time); d < 0 || d > model[k].Window {
			return fmt.Sprintf("start %d of %d: systemd %s, model %s: %v after, want 0 to %v\n%s", k+1, len(runs), stamp(runs[k]), stamp(model[k].Time), d, model[k].Window, show())
		}
	}
	return ""
}

// modelStarts gives each model start of a timer the same window: the
// timer's, plus TimerLatency.
func modelStarts(ts []time.Time, t cronsim.Timer) []ModelStart {
	out := make([]ModelStart, len(ts))
	for i, x := range ts {
		out[i] = ModelStart{Time: x, Window: timerWindow(t) + TimerLatency}
	}
	return out
}

// optionalAtStart marks the model starts in the first
// TimerStartLatency after the recording's start optional: systemd
// activates the timers about half a second after it.
func (r *Recording) optionalAtStart(m []ModelStart) []ModelStart {
	for i := range m {
		m[i].Optional = m[i].Time.Before(r.Start.Add(TimerStartLatency))
	}
	return m
}

// timerWindow is how long after a model start systemd may start the
// service: Timer's accuracy (its zero value is the default, a minute)
// plus the randomized delay.
func timerWindow(t cronsim.Timer) time.Duration {
	a := t.Accuracy
	if a == 0 {
		a = cronsim.DefaultAccuracy
	}
	return a + t.RandomizedDelay
}

func stamps(ts []time.Time) string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = stamp(t)
	}
	return "[" + strings.Join(out, " ") + "]"
}

// checkTimer compares one line of a systemd recording by the timer
// rule. A line whose elapses come closer together than its window is
// compared by the follow rule (FollowDiff), in files without clock
// changes; in files with them it is skipped.
func (r *Recording) checkTimer(line Line, loc *time.Location, mode Mode, simStarts [][]cronsim.Start, i int, queue map[int64]int) Result {
	res := Result{Expr: line.Expr}
	elapses, dense, err := iterElapses(r, line, loc)
	changes := len(r.Clock)+len(r.TimerStops)+len(r.poweredOff()) > 0
	switch {
	case err != nil:
		res.Err = err
		return res
	case dense != "" && changes:
		res.Skipped, res.Why = true, dense+"; the follow rule needs a file without clock sets or stops"
		return res
	case dense != "":
		s, _ := r.Parse(line)
		res.Diff = FollowDiff(line.Runs, s, loc, r.Start, r.End)
	case mode == ModeSim:
		res.Diff = TimerDiff(line.Runs, r.optionalAtStart(r.timerModel(simStarts[i], line.Timer(), queue)), r.End)
	default:
		if ok, why := r.IterApplies(loc); !ok {
			res.Skipped, res.Why = true, why
			return res
		}
		res.Diff = TimerDiff(line.Runs, r.optionalAtStart(modelStarts(elapses, line.Timer())), r.End)
	}
	res.OK = res.Diff == ""
	return res
}

// timerModel gives a line's simulated starts their windows: the
// timer's, plus TimerLatency, plus TimerQueueStart for each other start
// of the simulation at the same instant (queue, from timerQueue; nil:
// none), plus TimerStartLatency for a start at the end of a timer stop
// or a power-off (when the timers start again).
func (r *Recording) timerModel(starts []cronsim.Start, t cronsim.Timer, queue map[int64]int) []ModelStart {
	out := make([]ModelStart, len(starts))
	for k, st := range starts {
		out[k] = ModelStart{Time: st.Time, Window: st.Window + TimerLatency}
		if n := queue[st.Time.UnixNano()]; n > 1 {
			out[k].Window += time.Duration(n-1) * TimerQueueStart
		}
		for _, p := range slices.Concat(r.TimerStops, r.poweredOff()) {
			if st.Time.Equal(p.To) {
				out[k].Window += TimerStartLatency
			}
		}
	}
	return out
}

// FollowDiff compares the recorded starts of one systemd timer with its
// calendar by the follow rule: each start comes 0 to the timer's window
// (AccuracySec= + RandomizedDelaySec= + TimerLatency) after the first
// elapse strictly after the previous start (timer.c arms from the last
// trigger; the first after the recording's start), and the elapse after
// the last start comes too close to end for its start to have been
// recorded. It holds a timer whose random delay or accuracy makes it
// skip elapses (they come before its delayed trigger), which no single
// run of a model can predict. It returns "" when they agree.
func FollowDiff(runs []time.Time, s cronsim.Schedule, loc *time.Location, start, end time.Time) string {
	runs = slices.Clone(runs)
	slices.SortFunc(runs, time.Time.Compare)
	w := timerWindow(s.Timer()) + TimerLatency
	prev := start
	for k, run := range runs {
		e := s.Next(prev.In(loc))
		if e.IsZero() || run.Before(e) || run.Sub(e) > w {
			return fmt.Sprintf("start %d of %d: systemd %s, the elapse after %s is %s: want a start 0 to %v after it\nsystemd %s", k+1, len(runs), stamp(run), stamp(prev), stamp(e), w, stamps(runs))
		}
		prev = run
	}
	if e := s.Next(prev.In(loc)); !e.IsZero() && e.Add(w).Before(end) {
		return fmt.Sprintf("a start missing: the elapse after %s is %s, its window closes before the end %s\nsystemd %s", stamp(prev), stamp(e), stamp(end), stamps(runs))
	}
	return ""
}

// placementDependent begins iterElapses's reason for a line whose next
// elapse depends on where in its window a start came.
const placementDependent = "the elapse after a start depends on where in its window"

// iterElapses is the iterator's elapses of a timer line from the
// recording's start to its end, or why they cannot stand for the
// timer's starts: two elapses closer than the window, of which systemd
// starts the first and skips the ones before its trigger (FollowDiff).
func iterElapses(r *Recording, line Line, loc *time.Location) ([]time.Time, string, error) {
	s, err := r.Parse(line)
	if err != nil {
		return nil, "", err
	}
	w := timerWindow(line.Timer()) + TimerLatency
	var out []time.Time
	for t := range s.All(r.Start.In(loc)) {
		if !t.Before(r.End) {
			break
		}
		if n := len(out); n > 0 && t.Sub(out[n-1]) <= w {
			return nil, fmt.Sprintf("elapses %v apart, within the timer's window of %v", t.Sub(out[n-1]), w), nil
		}
		if a, b := s.Next(t), s.Next(t.Add(w)); !a.Equal(b) {
			// A start late in the window arms another elapse (after a
			// fall-back, the repeated wall times a start at the elapse
			// leaves out).
			return nil, fmt.Sprintf("%s of %v it came: %s after %s, %s after %s", placementDependent, w,
				stamp(a), stamp(t), stamp(b), stamp(t.Add(w))), nil
		}
		out = append(out, t)
	}
	return out, "", nil
}

func iterMinutes(r *Recording, line Line, loc *time.Location, from, to time.Time) ([]string, error) {
	s, err := r.Parse(line)
	if err != nil {
		return nil, err
	}
	var runs []time.Time
	for t := range s.All(from.Add(-time.Second).In(loc)) {
		if !t.Before(to) {
			break
		}
		runs = append(runs, t)
	}
	return minutes(runs, from, to, true), nil
}

// simulate runs the daemon simulator over the recording's crontab and
// returns the starts of each line.
func simulate(r *Recording, loc *time.Location) ([][]time.Time, error) {
	starts, err := simulateStarts(r, loc)
	if err != nil {
		return nil, err
	}
	runs := make([][]time.Time, len(r.Lines))
	for _, st := range starts {
		runs[st.Line] = append(runs[st.Line], st.Time)
	}
	return runs, nil
}

// simulateStarts runs the daemon simulator over the recording's crontab
// (a systemd recording's timers) and returns every start.
func simulateStarts(r *Recording, loc *time.Location) ([]cronsim.Start, error) {
	d, err := r.Model()
	if err != nil {
		return nil, err
	}
	sim := cronsim.Simulation{Location: loc, Start: r.Start, End: r.End, Daemon: d}
	for _, line := range r.Lines {
		s, err := r.Parse(line)
		if err != nil {
			return nil, fmt.Errorf("line %q: %v", line.Expr, err)
		}
		sim.Lines = append(sim.Lines, s)
	}
	for _, c := range r.Clock {
		sim.ClockSets = append(sim.ClockSets, cronsim.ClockSet{At: c.At, To: c.To})
	}
	for _, p := range r.Pauses {
		sim.Pauses = append(sim.Pauses, cronsim.Pause{From: p.From, To: p.To})
	}
	if r.SlowJobs() {
		sim.JobDurations = r.durations()
	}
	if r.StartingDeadlineSeconds != nil {
		dl := time.Duration(*r.StartingDeadlineSeconds) * time.Second
		sim.StartingDeadline = &dl
	}
	if sim.Concurrency, err = cronsim.ParseConcurrencyPolicy(r.ConcurrencyPolicy); err != nil {
		return nil, err
	}
	for _, p := range r.Suspend {
		sim.Suspended = append(sim.Suspended, cronsim.Pause{From: p.From, To: p.To})
	}
	for _, p := range r.TimerStops {
		sim.Stopped = append(sim.Stopped, cronsim.Pause{From: p.From, To: p.To})
	}
	for _, p := range r.poweredOff() {
		sim.Stopped = append(sim.Stopped, cronsim.Pause{From: p.From, To: p.To})
	}
	return sim.Run()
}
