package cronsim

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"time"
)

// A Simulation replays Debian's cron daemon (cron.c, main loop) over a
// whole crontab: the virtual clock in local minutes, the five kinds of
// wake-up, catch-up loops and their sleep(10), clock changes and late
// wake-ups. Where an iterator answers "when does this line run next",
// a simulation answers "what did cron do": every job start, repeats
// included, with the minute it was run for and why.
type Simulation struct {
	Lines    []Schedule     // the crontab's jobs, in file order
	Location *time.Location // the daemon's zone (nil: UTC)
	// Start is the clock reading when the daemon starts (it runs nothing
	// for that minute). The simulation stops once every clock set has
	// happened and the clock reads End or later.
	Start, End time.Time
	// ClockSets are changes of the system clock: when the clock reads At,
	// it is set to To (an NTP step, a manual date -s).
	ClockSets []ClockSet
	// Pauses are spans (clock readings) in which the daemon gets no
	// chance to run, as in a suspended machine: a wake-up due inside one
	// happens at its end.
	Pauses []Pause
	// JobDuration is how long every job runs. The zero value means quick
	// jobs: each ends right after the daemon goes to sleep, so the
	// sleep(10) of a catch-up loop is cut short at once (by SIGCHLD) and
	// a whole catch-up starts within the same second, as recorded on a
	// real Debian. A slow job's end is its own SIGCHLD: each end that
	// comes while the daemon sleeps cuts that one sleep(10) short and
	// lets the catch-up advance; jobs started together end together, and
	// a burst of ends cuts at most three sleeps (the daemon is busy with
	// the first when the others come), which holds a long catch-up to
	// the daemon's pace. With no end in sight a catch-up advances one virtual minute
	// per 10 s, and a forward catch-up stops at the next real minute,
	// leaving the rest to later wake-ups.
	//
	// What a monitor should expect when jobs outlast a minute (recorded,
	// conformance/README.md "Slow jobs on every daemon"):
	//
	//   - Debian's cron and cronie start a line whatever its last job is
	//     doing, so runs overlap. After a forward jump (a spring gap, a
	//     clock set) the caught-up runs of fixed-time lines spread over
	//     several minutes, up to minutes after their due time (60 runs
	//     of 15 s jobs over five minutes); which run lands in which
	//     minute varies by one minute between runs of the same daemon.
	//   - Debian's cron starts a wildcard line once per real minute all
	//     the while, however long the catch-up beside it: a monitor of
	//     an every-minute job sees one ping a minute (no double start
	//     where the catch-up ends, in any recording).
	//   - cronie, after a forward clock set, often ends its catch-up
	//     with a late wake-up that starts each wildcard line again for
	//     the minutes it was behind: up to 5 starts in that one minute
	//     (6 of 10 recordings), or once (the other 4); the same plan
	//     recorded twice gave 1 and 5. Expect up to 4 extra pings there.
	//   - BusyBox crond does not start a line while the line's last job
	//     runs ("process already running": a line due every minute whose
	//     jobs run 130 s starts every third minute), except that it
	//     re-reads its crontab at every 60th wake-up (every 10 minutes
	//     while jobs run, as it then wakes every 10 s) and forgets the
	//     running jobs: the line then starts beside its running job. No
	//     timing races: the simulation gives BusyBox's minutes exactly.
	JobDuration time.Duration
	// JobDurations, when not nil, gives each line its own duration in
	// place of JobDuration: JobDurations[i] is how long a job of
	// Lines[i] runs (0: a quick job). It must have one entry per line.
	JobDurations []time.Duration
	// Daemon is the daemon simulated (daemon.go): Debian's cron, the
	// zero value, cronie, BusyBox crond, Kubernetes or Systemd. Its
	// rules apply to every line, whichever daemon a line was parsed for.
	// With Systemd every line is one timer unit: a calendar
	// specification (ParseOptions{Daemon: Systemd}) with its unit's
	// settings (Schedule.WithTimer), each starting a service of its own.
	Daemon Daemon

	// The settings of a Kubernetes CronJob (Daemon Kubernetes only; see
	// kubernetessim.go): every line is one CronJob with these. Pauses are
	// then outages of the controller, Location is .spec.timeZone.
	//
	// StartingDeadline is .spec.startingDeadlineSeconds (nil: none): a
	// run more than this late is dropped. Zero drops every run.
	StartingDeadline *time.Duration
	// Concurrency is .spec.concurrencyPolicy.
	Concurrency ConcurrencyPolicy
	// Suspended are spans of clock readings with .spec.suspend true.
	Suspended []Pause

	// Stopped are spans of clock readings in which every timer is
	// stopped (Daemon Systemd only; see systemdsim.go): the machine is
	// off, or the timers were stopped with systemctl. At To the timers
	// start again (timer_start): one with Timer.Persistent reads its last
	// start from its stamp file and, when an elapse passed since then,
	// starts once at once; the others wait for their next elapse after
	// To. A service running at From runs on. Pauses, by contrast,
	// suspend the machine: at a pause's end every timer whose elapse
	// passed starts once, Persistent or not.
	Stopped []Pause
}

// Timings of slow jobs, in real time. With quick jobs every sleep(10) of
// a catch-up is cut at once and none of this matters; with slow ones the
// order of job ends and of the daemon's own work decides which sleep an
// end cuts short, and so how fast a catch-up goes. The numbers are
// measured on the corpus's Debian recordings (the conformance README,
// "Slow jobs on every daemon", "The pace of a catch-up"):
//
//   - stepCost: after a wake-up the daemon is busy (signal handler,
//     find_jobs, set_time) before its first fork; an end in that time is
//     reaped by the same waitpid loop and cuts nothing (two SIGCHLDs
//     pending at once are one signal).
//   - forkCost (a row of the daemon table, daemon.go): each job started
//     (do_command's fork) keeps it busy too.
//   - endLag, endJitter: a slow job started on its own is reaped D plus
//     endLag plus up to endJitter after its start (its process's exit,
//     then the exit of the daemon's intermediate child, whose SIGCHLD is
//     the one the daemon gets): recorded, the next start came 5.5 ms
//     after such an end (10th-90th percentile 5.4-6.0 ms) whatever D.
//   - clumpGap: slow jobs started less than clumpGap after the previous
//     one form a clump (a batch of job_runqueue(), or the starts that a
//     burst of ends cut out of successive sleeps, 1-4 ms apart).
//   - clumpBase, clumpPerJob, slackBase, slackPerJob: a clump of n jobs
//     of duration D ends later than a lone job, by the larger of
//     clumpBase + (n-1) clumpPerJob (the guest's one CPU starts the n
//     processes together) and D/slackDivisor + slackBase +
//     (n-1) slackPerJob. The second term grows with D, by about a
//     thousandth of it. Our reading, not measured inside the guest: the
//     jobs wait in a timed poll, Linux lets such a wait end up to 0.1 %
//     of its timeout late (fs/select.c, select_estimate_accuracy), and
//     ends falling in one such window are taken together. Recorded first
//     ends, n = 3: 17 ms for 3 s jobs, 26 ms for 15 s, 51 ms for 40 s,
//     80 ms for 75 s; growing about 6 ms a job for 3 s jobs.
//   - clumpCuts, clumpEndStep: when a clump's starts span no more than
//     that window (D/slackDivisor), its ends come as one burst and cut
//     at most clumpCuts sleeps, clumpEndStep apart; the other ends fall
//     while the daemon is busy. Recorded with 15 s and 40 s jobs: a
//     minute's wildcard batch of 6-9 jobs cut 2-5 sleeps, clumps of 3
//     often became 2; with 3 s jobs, whose clumps span more than 3 ms,
//     clumps kept their size. This cap is what holds a long catch-up's
//     pace (12-16 starts a minute with 15 s jobs) instead of letting
//     the clumps grow: without it, or at 2 or 4, the simulator fails
//     12-16 lines of the Debian slow-job files.
//   - clumpJitter: the variable part of a clump's lag.
//
// The lags are drawn from a fixed sequence, so a simulation is one
// plausible run of the daemon, the same every time.
//
// The real daemon is not deterministic at this scale (which minute of a
// catch-up starts in which clock minute moves between boots); the
// conformance corpus measures by how much, and holds the simulator to
// it.
const (
	stepCost     = 200 * time.Microsecond
	endLag       = 5 * time.Millisecond
	endJitter    = 500 * time.Microsecond
	clumpGap     = 20 * time.Millisecond
	clumpBase    = 5500 * time.Microsecond
	clumpPerJob  = 6 * time.Millisecond
	slackDivisor = 1000
	slackBase    = 5 * time.Millisecond
	slackPerJob  = 3 * time.Millisecond
	clumpCuts    = 3
	clumpEndStep = 2 * time.Millisecond
	clumpJitter  = time.Millisecond
)

// testHookClumpCuts, set only by tests, replaces clumpCuts: a wrong
// model when the cap is lifted (every end of a burst cuts a sleep).
var testHookClumpCuts int

// jitterSeed offsets the sequence the lags are drawn from; tests vary it
// to show that the simulator's agreement with the recordings does not
// hang on one draw.
var jitterSeed uint64

// jitter draws a lag in [0, span) from a fixed sequence (splitmix64 of
// the count of draws).
func (d *daemon) jitter(span time.Duration) int64 {
	d.nslow++
	z := (d.nslow + jitterSeed) * 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	z ^= z >> 31
	return int64(z % uint64(span))
}

// A ClockSet is a step of the system clock.
type ClockSet struct {
	At time.Time // the clock reading just before the change
	To time.Time // the time set
}

// A Pause is a span of clock readings in which the daemon does not run.
type Pause struct {
	From, To time.Time
}

// A Reason tells why the daemon started a job.
type Reason uint8

const (
	ReasonOnTime     Reason = iota // the minute it was due in
	ReasonLate                     // catch-up after waking 2-5 minutes late (systemd: an elapse that had passed when the timer was armed)
	ReasonDSTCatchUp               // fixed-time job caught up after a 6-180 minute forward jump
	ReasonRepeated                 // wildcard job while the clock re-lives minutes (backward jump)
	ReasonCorrection               // clock jumped by more than 3 hours: the new time is used at once
)

var reasonNames = [...]string{"on time", "late catch-up", "DST catch-up", "wildcard in repeated time", "clock correction"}

// String returns the reason in words: "on time", "DST catch-up", ...
func (r Reason) String() string {
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(?)"
}

// MarshalText gives the reason's name, for JSON output.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// A Start is one job start.
type Start struct {
	Time time.Time // the system clock reading at the start (UTC)
	Line int       // index into Simulation.Lines
	// Minute is the local wall-clock minute the daemon ran the job for.
	// Wall times can be skipped or repeated, so no instant fits; Minute
	// holds the wall fields in a UTC time.Time.
	Minute time.Time
	Reason Reason
	// Window is cronie's RANDOM_DELAY for the line (Schedule.RandomDelay):
	// the daemon starts the job at a whole number of minutes from 0 to
	// Window less a minute after Time, drawn at each daemon start. For a
	// systemd timer, Time is the earliest clock reading at which the
	// manager may start the service and Window its AccuracySec= plus
	// RandomizedDelaySec= (Timer): the start comes in [Time,
	// Time+Window], at a point fixed per boot. Zero for every other
	// daemon and line.
	Window time.Duration
}

// ErrSimulation reports an unusable Simulation. Every error of Run and
// Starts wraps it; the ones about an input field are *SimulationError.
var ErrSimulation = errors.New("cronsim: bad simulation")

// A SimulationError names the field of a Simulation that cannot be used,
// such as "End" or "ClockSets[2].To", and why.
type SimulationError struct {
	Field  string
	Reason string
}

// Error names the field at fault and says why.
func (e *SimulationError) Error() string {
	return "cronsim: bad simulation: " + e.Field + ": " + e.Reason
}

// Unwrap returns ErrSimulation.
func (e *SimulationError) Unwrap() error { return ErrSimulation }

// maxSimMinutes bounds a simulation's span: the clock time the daemon
// lives through, from Start to End plus whatever clock sets make it
// live again or skip on the way to them.
const maxSimMinutes = 20 * 366 * 1440

// The times a Simulation accepts. The simulator counts nanoseconds in an
// int64, as time.Time.UnixNano does, which covers 1677-09-21 to
// 2262-04-11; whole years inside that, so that a wake-up a few minutes
// past any accepted time still fits, are allowed.
var (
	simEarliest = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	simLatest   = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)

// daemon is the simulated process: real time, the system clock, and the
// variables of cron.c.
type daemon struct {
	sim  *Simulation
	loc  *time.Location
	real int64 // nanoseconds since the daemon started (monotonic)
	// The clock reads clockBase + real.
	clockBase int64
	sets      []ClockSet // pending, in order
	jobEnds   []int64    // real time at which started slow jobs end, ascending
	// quickEnd: a quick job was started since the last sleep; it ends,
	// and its SIGCHLD cuts the sleep short, as soon as the daemon sleeps.
	quickEnd bool
	durs     []int64 // each line's job duration, nanoseconds
	slow     bool    // some line's jobs are slow: the daemon's own costs count
	nslow    uint64  // lags drawn (jitter)
	// clump: the slow jobs started since the last gap longer than
	// clumpGap (their starts, their durations), in order of start; their
	// ends are settled when it closes (closeClump).
	clump []clumpMember

	rules     *daemonRules // the simulated daemon's table (daemon.go)
	span      time.Duration
	gmtOff    int64 // seconds, from the last set_time
	oldGMToff int64 // cronie: the offset the virtual minutes are read with
	isDST     bool  // cronie: tm_isdst at the last set_time that read the offset

	clockTime, timeRunning, virtualTime int64 // local minutes
	queue                               []queued
	wild                                []bool

	end     int64            // End, in Unix nanoseconds
	yield   func(Start) bool // receives each start before End
	stopped bool             // yield asked for no more
}

type clumpMember struct{ start, dur int64 }

type queued struct {
	line   int
	minute int64
	reason Reason
}

func (d *daemon) clock() int64 { return d.clockBase + d.real }

// advance lets dt of real time pass, applying clock sets on the way.
func (d *daemon) advance(dt int64) {
	for len(d.sets) > 0 {
		at := d.sets[0].At.UnixNano()
		if d.clock()+dt < at {
			break
		}
		step := max(at-d.clock(), 0)
		d.real += step
		dt -= step
		d.clockBase = d.sets[0].To.UnixNano() - d.real
		d.sets = d.sets[1:]
	}
	d.real += dt
}

// sleep sleeps for dt unless a job ends first (SIGCHLD), then wakes late
// if the wake-up falls in a pause.
func (d *daemon) sleep(dt int64) {
	wake := d.sleepWake(dt)
	if n := len(d.clump); n > 0 && wake > d.clump[n-1].start+int64(clumpGap) {
		// No job can join the open clump before this wake-up: settle
		// its ends, which may cut this sleep.
		d.closeClump()
		wake = d.sleepWake(dt)
	}
	quick := d.quickEnd
	d.quickEnd = false
	// Drop the spent ends (reaped while the daemon was busy, and the one
	// that cut this sleep) in place, so the slice's memory is reused.
	spent := 0
	for spent < len(d.jobEnds) && d.jobEnds[spent] < d.real {
		spent++
	}
	if !quick && spent < len(d.jobEnds) && d.jobEnds[spent] < d.real+dt {
		spent++
	}
	d.jobEnds = d.jobEnds[:copy(d.jobEnds, d.jobEnds[spent:])]
	d.advance(wake - d.real)
	for _, p := range d.sim.Pauses {
		c := d.clock()
		if c >= p.From.UnixNano() && c < p.To.UnixNano() {
			d.advance(p.To.UnixNano() - c)
		}
	}
}

// sleepWake is when a sleep of dt begun now ends: a job that ended
// before the sleep began was reaped while the daemon was busy, and its
// SIGCHLD interrupted nothing; the first end during the sleep cuts it
// short (each later end is a signal of its own, for a later sleep).
func (d *daemon) sleepWake(dt int64) int64 {
	if d.quickEnd {
		return d.real
	}
	for _, e := range d.jobEnds {
		if e >= d.real {
			return min(e, d.real+dt)
		}
	}
	return d.real + dt
}

// setTime is set_time(): read the clock and the zone offset.
func (d *daemon) setTime() {
	sec := floorDiv(d.clock(), int64(time.Second))
	if !d.rules.offsetOnFlip || d.cronieFlagFlipped(sec) {
		d.gmtOff = periodAt(d.loc, sec).offset
	}
	d.clockTime = floorDiv(sec+d.gmtOff, 60)
}

// cronSleep is cron_sleep(target): sleep until the daemon's wake-up
// second (its wakeSecond: Debian's 1) of the target minute, if that is
// less than 65 seconds away.
func (d *daemon) cronSleep(target int64) {
	if d.rules.sleepResumes {
		d.cronieSleep(target)
		return
	}
	t := floorDiv(d.clock(), int64(time.Second)) + d.gmtOff
	wait := target*60 - t + d.rules.wakeSecond
	if wait > 0 && wait < 65 {
		d.sleep(wait * int64(time.Second))
	} else if wait >= 65 {
		// The daemon would spin; it cannot, as the minute changes.
		d.sleep(int64(time.Second))
	}
}

// findJobs is find_jobs(): queue the lines matching local minute v.
// vOff is the offset cronie converts v to UTC with, for jobs with their
// own zone (cronie.go).
func (d *daemon) findJobs(v int64, doWild, doFixed bool, reason Reason, vOff int64) {
	for i, s := range d.sim.Lines {
		if (d.wild[i] && !doWild) || (!d.wild[i] && !doFixed) || s.never {
			continue
		}
		if d.rules.jobZones && d.cronieFind(&s, v, vOff) || !d.rules.jobZones && s.minuteMatches(v*60) {
			d.queue = append(d.queue, queued{i, v, reason})
		}
	}
}

// over reports whether the simulation has ended: every clock set has
// happened and the clock reads End or later.
func (d *daemon) over() bool { return len(d.sets) == 0 && d.clock() >= d.end }

// runQueue is job_runqueue(): start every queued job now, and hand the
// starts to the consumer unless the simulation has ended.
func (d *daemon) runQueue() bool {
	if len(d.queue) == 0 {
		return false
	}
	if d.slow {
		d.advance(int64(stepCost))
	}
	for _, q := range d.queue {
		now := time.Unix(0, d.clock()).UTC()
		if !d.over() && !d.stopped && !d.yield(Start{Time: now, Line: q.line, Minute: time.Unix(q.minute*60, 0).UTC(), Reason: q.reason, Window: d.sim.Lines[q.line].window(d.rules)}) {
			d.stopped = true
		}
		if dur := d.durs[q.line]; dur > 0 {
			if n := len(d.clump); n > 0 && d.real-d.clump[n-1].start > int64(clumpGap) {
				d.closeClump()
			}
			d.clump = append(d.clump, clumpMember{d.real, dur})
		} else {
			d.quickEnd = true
		}
		if d.slow {
			d.advance(int64(d.rules.forkCost))
		}
	}
	d.queue = d.queue[:0]
	return true
}

// closeClump settles the ends of the open clump's jobs (see clumpGap):
// the jobs of one duration end together, those of another on their own.
func (d *daemon) closeClump() {
	c := d.clump
	for len(c) > 0 {
		first, last, dur, n := c[0].start, c[0].start, c[0].dur, 0
		rest := c[:0]
		for _, m := range c {
			if m.dur == dur {
				last = m.start
				n++
			} else {
				rest = append(rest, m)
			}
		}
		if n == 1 {
			d.jobEnds = append(d.jobEnds, first+dur+int64(endLag)+d.jitter(endJitter))
		} else {
			window := dur / slackDivisor
			lag := max(int64(clumpBase)+int64(n-1)*int64(clumpPerJob), window+int64(slackBase)+int64(n-1)*int64(slackPerJob))
			end := first + dur + lag + d.jitter(clumpJitter)
			cuts := n
			if last-first <= window {
				cuts = min(n, clumpCuts)
				if testHookClumpCuts != 0 {
					cuts = min(n, testHookClumpCuts)
				}
			}
			for j := range n {
				// An end at the same instant as the burst's first is
				// reaped with it and cuts nothing.
				d.jobEnds = append(d.jobEnds, end+int64(min(j, cuts-1))*int64(clumpEndStep))
			}
		}
		c = rest
	}
	d.clump = d.clump[:0]
	slices.Sort(d.jobEnds)
}

// validate checks every input of the simulation and returns the clock
// sets in the order they happen and the span the daemon lives through.
func (sim *Simulation) validate() ([]ClockSet, time.Duration, error) {
	bad := func(field, reason string) ([]ClockSet, time.Duration, error) {
		return nil, 0, &SimulationError{Field: field, Reason: reason}
	}
	inRange := func(t time.Time) bool { return !t.Before(simEarliest) && !t.After(simLatest) }
	rangeReason := func(t time.Time) string {
		return t.UTC().Format(time.RFC3339) + " is outside the simulator's range, " +
			simEarliest.Format(time.DateOnly) + " to " + simLatest.Format(time.DateOnly)
	}
	switch {
	case !inRange(sim.Start):
		return bad("Start", rangeReason(sim.Start))
	case !inRange(sim.End):
		return bad("End", rangeReason(sim.End))
	case !sim.End.After(sim.Start) && !slices.ContainsFunc(sim.ClockSets, func(c ClockSet) bool { return c.To.Before(sim.End) }):
		return bad("End", sim.End.UTC().Format(time.RFC3339Nano)+" is not after Start "+sim.Start.UTC().Format(time.RFC3339Nano)+" (and no clock set takes the clock back before it)")
	case sim.JobDuration < 0:
		return bad("JobDuration", sim.JobDuration.String()+" is negative")
	case sim.JobDurations != nil && len(sim.JobDurations) != len(sim.Lines):
		return bad("JobDurations", fmt.Sprintf("has %d entries for %d lines", len(sim.JobDurations), len(sim.Lines)))
	}
	for i, dur := range sim.JobDurations {
		if dur < 0 {
			return bad(fmt.Sprintf("JobDurations[%d]", i), dur.String()+" is negative")
		}
	}
	loc := sim.Location
	if loc == nil {
		loc = time.UTC
	}
	rules := daemonTableOf(sim.Daemon)
	for i, s := range sim.Lines {
		switch {
		case rules.calendar && s.cal == nil:
			return bad(fmt.Sprintf("Lines[%d]", i), "is not a calendar specification: "+rules.title+" runs timers (parse it with ParseOptions{Daemon: Systemd})")
		case !rules.calendar && s.cal != nil:
			return bad(fmt.Sprintf("Lines[%d]", i), "is a systemd calendar specification: simulate it with Daemon Systemd")
		}
		if t := s.Timer(); t.Accuracy < 0 || t.RandomizedDelay < 0 {
			return bad(fmt.Sprintf("Lines[%d]", i), fmt.Sprintf("has a negative AccuracySec= (%v) or RandomizedDelaySec= (%v)", t.Accuracy, t.RandomizedDelay))
		}
		// Debian's daemon and BusyBox have no per-job zone.
		if !daemonTableOf(sim.Daemon).jobZones && s.loc != nil && s.loc.String() != loc.String() {
			return bad(fmt.Sprintf("Lines[%d]", i), fmt.Sprintf("has its own zone (CRON_TZ=%s); Debian's cron runs every job in the daemon's zone (%s)", s.loc, loc))
		}
	}
	for i, c := range sim.ClockSets {
		name := "ClockSets[" + strconv.Itoa(i) + "]"
		if !inRange(c.At) {
			return bad(name+".At", rangeReason(c.At))
		}
		if !inRange(c.To) {
			return bad(name+".To", rangeReason(c.To))
		}
	}
	// spanField names the first span of a list (Pauses, Stopped) that is
	// out of range or ends before it begins, with the reason.
	spanField := func(list string, spans []Pause) (field, reason string) {
		for i, p := range spans {
			name := list + "[" + strconv.Itoa(i) + "]"
			switch {
			case !inRange(p.From):
				return name + ".From", rangeReason(p.From)
			case !inRange(p.To):
				return name + ".To", rangeReason(p.To)
			case p.To.Before(p.From):
				return name + ".To", p.To.UTC().Format(time.RFC3339Nano) + " is before From " + p.From.UTC().Format(time.RFC3339Nano)
			}
		}
		return "", ""
	}
	if f, why := spanField("Pauses", sim.Pauses); f != "" {
		return bad(f, why)
	}
	if len(sim.Stopped) > 0 && !rules.timerUnits {
		return bad("Stopped", rules.title+" has no timer units to stop: give the daemon's downtime as Pauses")
	}
	if f, why := spanField("Stopped", sim.Stopped); f != "" {
		return bad(f, why)
	}
	sets := slices.Clone(sim.ClockSets)
	slices.SortStableFunc(sets, func(a, b ClockSet) int { return a.At.Compare(b.At) })
	// The clock runs from Start to each set's At in turn (a set whose
	// At has passed happens at once), then on to End. Every time is
	// inside the accepted range, so each step fits in a Duration; the
	// sum is checked after each step.
	const limit = maxSimMinutes * time.Minute
	var span time.Duration
	clock := sim.Start
	for _, c := range sets {
		if c.At.After(clock) {
			span += c.At.Sub(clock)
		}
		clock = c.To
		if span > limit {
			break
		}
	}
	if sim.End.After(clock) && span <= limit {
		span += sim.End.Sub(clock)
	}
	if span > limit {
		return bad("End", "the daemon would live through more than 20 years of clock time (from Start to End, plus what the clock sets add)")
	}
	return sets, span, nil
}

// Run replays the daemon from Start to End and returns every job start
// the daemon made before the simulation ended, in order (see Starts).
// It collects what Starts yields; on an error it returns the starts
// made before it with the error.
func (sim Simulation) Run() ([]Start, error) {
	var out []Start
	for st, err := range sim.Starts() {
		if err != nil {
			return out, err
		}
		out = append(out, st)
	}
	return out, nil
}

// Starts replays the daemon from Start to End and yields every job start
// the daemon made before the simulation ended, in order, as it makes them: memory stays constant however long the span, and
// the simulation stops when the loop over the sequence breaks. An
// unusable Simulation yields one *SimulationError and nothing else.
//
// Every time must lie between the years 1678 and 2262 (the range of
// Unix nanoseconds, less a margin), End must be after Start (or a clock
// set must take the clock back before End), JobDuration
// and pauses must not be negative, and the clock time the daemon lives
// through (Start to End, plus what clock sets add) is at most 20 years.
// The simulation ends at the first moment at which every clock set has
// happened and the clock reads End or later; nothing from that moment
// on is yielded. Without clock sets that means every start with a clock
// reading before End. A clock set whose At lies after End makes the
// daemon live on, past End, until it happens: its starts there are
// yielded, as the daemon made them.
func (sim Simulation) Starts() iter.Seq2[Start, error] {
	return func(yield func(Start, error) bool) {
		sets, span, err := sim.validate()
		if err != nil {
			yield(Start{}, err)
			return
		}
		if err := sim.run(sets, span, func(st Start) bool { return yield(st, nil) }); err != nil {
			yield(Start{}, err)
		}
	}
}

// run is the daemon's main loop. It returns an error only when the loop
// did not finish, which the bound on the loop makes a bug, not an input.
func (sim *Simulation) run(sets []ClockSet, span time.Duration, yield func(Start) bool) error {
	loc := sim.Location
	if loc == nil {
		loc = time.UTC
	}
	d := &daemon{sim: sim, loc: loc, clockBase: sim.Start.UnixNano(), sets: sets, end: sim.End.UnixNano(), yield: yield,
		rules: daemonTableOf(sim.Daemon), span: span}
	d.wild = make([]bool, len(sim.Lines))
	d.durs = make([]int64, len(sim.Lines))
	for i, s := range sim.Lines {
		d.wild[i] = s.Wildcard()
		dur := sim.JobDuration
		if sim.JobDurations != nil {
			dur = sim.JobDurations[i]
		}
		// A duration past any time the simulation can reach is cut to
		// one that still ends after it.
		d.durs[i] = min(int64(dur), math.MaxInt64/4)
		d.slow = d.slow || dur > 0
	}
	return d.rules.mainLoop(sim, d)
}
