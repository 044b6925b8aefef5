package cronsim

import (
	"errors"
	"fmt"
	"sort"
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
	// real Debian. Jobs of 10 s or more slow a catch-up to one virtual
	// minute per 10 s, and a forward catch-up stops at the next real
	// minute, leaving the rest to later wake-ups.
	JobDuration time.Duration
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
	ReasonLate                     // catch-up after waking 2-5 minutes late
	ReasonDSTCatchUp               // fixed-time job caught up after a 6-180 minute forward jump
	ReasonRepeated                 // wildcard job while the clock re-lives minutes (backward jump)
	ReasonCorrection               // clock jumped by more than 3 hours: the new time is used at once
)

var reasonNames = [...]string{"on time", "late catch-up", "DST catch-up", "wildcard in repeated time", "clock correction"}

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
}

// ErrSimulation reports an unusable Simulation.
var ErrSimulation = errors.New("cronsim: bad simulation")

// maxSimMinutes bounds a simulation's span.
const maxSimMinutes = 20 * 366 * 1440

// daemon is the simulated process: real time, the system clock, and the
// variables of cron.c.
type daemon struct {
	sim  *Simulation
	loc  *time.Location
	real int64 // nanoseconds since the daemon started (monotonic)
	// The clock reads clockBase + real.
	clockBase int64
	sets      []ClockSet // pending, in order
	jobEnds   []int64    // real time at which started jobs end, ascending

	gmtOff                              int64 // seconds, from the last set_time
	clockTime, timeRunning, virtualTime int64 // local minutes
	queue                               []queued
	starts                              []Start
	wild                                []bool
}

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
	// A job that ended before the sleep began was already reaped; the
	// first one to end during it cuts it short, and its SIGCHLD (with any
	// that coincide) is then spent.
	for len(d.jobEnds) > 0 && d.jobEnds[0] < d.real {
		d.jobEnds = d.jobEnds[1:]
	}
	wake := d.real + dt
	if len(d.jobEnds) > 0 && d.jobEnds[0] < wake {
		wake = d.jobEnds[0]
		for len(d.jobEnds) > 0 && d.jobEnds[0] <= wake {
			d.jobEnds = d.jobEnds[1:]
		}
	}
	d.advance(wake - d.real)
	for _, p := range d.sim.Pauses {
		c := d.clock()
		if c >= p.From.UnixNano() && c < p.To.UnixNano() {
			d.advance(p.To.UnixNano() - c)
		}
	}
}

// setTime is set_time(): read the clock and the zone offset.
func (d *daemon) setTime() {
	sec := floorDiv(d.clock(), int64(time.Second))
	d.gmtOff = periodAt(d.loc, sec).offset
	d.clockTime = floorDiv(sec+d.gmtOff, 60)
}

// cronSleep is cron_sleep(target): sleep until one second past the
// target minute, if that is less than 65 seconds away.
func (d *daemon) cronSleep(target int64) {
	t := floorDiv(d.clock(), int64(time.Second)) + d.gmtOff
	wait := target*60 - t + 1
	if wait > 0 && wait < 65 {
		d.sleep(wait * int64(time.Second))
	} else if wait >= 65 {
		// The daemon would spin; it cannot, as the minute changes.
		d.sleep(int64(time.Second))
	}
}

// findJobs is find_jobs(): queue the lines matching local minute v.
func (d *daemon) findJobs(v int64, doWild, doFixed bool, reason Reason) {
	for i, s := range d.sim.Lines {
		if (d.wild[i] && !doWild) || (!d.wild[i] && !doFixed) || s.never {
			continue
		}
		if s.minuteMatches(v * 60) {
			d.queue = append(d.queue, queued{i, v, reason})
		}
	}
}

// runQueue is job_runqueue(): start every queued job now.
func (d *daemon) runQueue() bool {
	if len(d.queue) == 0 {
		return false
	}
	now := time.Unix(0, d.clock()).UTC()
	for _, q := range d.queue {
		d.starts = append(d.starts, Start{Time: now, Line: q.line, Minute: time.Unix(q.minute*60, 0).UTC(), Reason: q.reason})
		d.jobEnds = append(d.jobEnds, d.real+int64(d.sim.JobDuration))
	}
	sort.Slice(d.jobEnds, func(i, j int) bool { return d.jobEnds[i] < d.jobEnds[j] })
	d.queue = d.queue[:0]
	return true
}

// Run replays the daemon from Start to End and returns every job start
// with a clock reading before End, in the order the daemon made them.
func (sim Simulation) Run() ([]Start, error) {
	span := sim.End.Sub(sim.Start).Abs()
	for _, c := range sim.ClockSets {
		span += c.To.Sub(c.At).Abs()
	}
	for _, p := range sim.Pauses {
		span += p.To.Sub(p.From).Abs()
	}
	if span > maxSimMinutes*time.Minute {
		return nil, errors.Join(ErrSimulation, errors.New("span longer than 20 years"))
	}
	loc := sim.Location
	if loc == nil {
		loc = time.UTC
	}
	for i, s := range sim.Lines {
		// Debian's daemon has no per-job zone.
		if s.loc != nil && s.loc.String() != loc.String() {
			return nil, errors.Join(ErrSimulation, fmt.Errorf("line %d has its own zone (CRON_TZ=%s); Debian's cron runs every job in the daemon's zone (%s)", i+1, s.loc, loc))
		}
	}
	sets := append([]ClockSet(nil), sim.ClockSets...)
	sort.SliceStable(sets, func(i, j int) bool { return sets[i].At.Before(sets[j].At) })
	d := &daemon{sim: &sim, loc: loc, clockBase: sim.Start.UnixNano(), sets: sets}
	d.wild = make([]bool, len(sim.Lines))
	for i, s := range sim.Lines {
		d.wild[i] = s.Wildcard()
	}
	end := sim.End.UnixNano()
	d.setTime()
	d.timeRunning, d.virtualTime = d.clockTime, d.clockTime
	// Each loop handles at least one real minute or one clock set, so
	// this bounds the loop even for hostile clock traces.
	maxLoops := 4*int(span/time.Minute) + 4*len(sets) + 1000
	done := func() bool { return len(d.sets) == 0 && d.clock() >= end }
	for loop := 0; loop < maxLoops && !done(); loop++ {
		for spin := 0; spin < 1000; spin++ {
			d.cronSleep(d.timeRunning + 1)
			d.setTime()
			if d.clockTime != d.timeRunning || done() {
				break
			}
		}
		if done() {
			break
		}
		d.timeRunning = d.clockTime
		diff := d.timeRunning - d.virtualTime
		switch {
		case diff == 1:
			d.virtualTime = d.timeRunning
			d.findJobs(d.virtualTime, true, true, ReasonOnTime)
		case diff > 1 && diff <= lateMax:
			for {
				if d.runQueue() {
					d.sleep(10 * int64(time.Second))
				}
				d.virtualTime++
				reason := ReasonLate
				if d.virtualTime == d.timeRunning {
					reason = ReasonOnTime
				}
				d.findJobs(d.virtualTime, true, true, reason)
				if d.virtualTime >= d.timeRunning {
					break
				}
			}
		case diff > lateMax && diff <= forwardMax:
			d.findJobs(d.timeRunning, true, false, ReasonOnTime)
			for {
				if d.runQueue() {
					d.sleep(10 * int64(time.Second))
				}
				d.virtualTime++
				reason := ReasonDSTCatchUp
				if d.virtualTime == d.timeRunning {
					reason = ReasonOnTime
				}
				d.findJobs(d.virtualTime, false, true, reason)
				d.setTime()
				if d.virtualTime >= d.timeRunning || d.clockTime != d.timeRunning {
					break
				}
			}
		case diff <= 0 && diff >= backwardMin:
			d.findJobs(d.timeRunning, true, false, ReasonRepeated)
		default:
			d.virtualTime = d.timeRunning
			d.findJobs(d.timeRunning, true, true, ReasonCorrection)
		}
		d.runQueue()
	}
	// The last wake-up may have gone past End.
	out := d.starts
	for len(out) > 0 && len(sim.ClockSets) == 0 && out[len(out)-1].Time.UnixNano() >= end {
		out = out[:len(out)-1]
	}
	return out, nil
}
