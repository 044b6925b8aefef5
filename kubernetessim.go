package cronsim

import (
	"container/heap"
	"fmt"
	"time"
)

// A ConcurrencyPolicy is a Kubernetes CronJob's .spec.concurrencyPolicy:
// what the controller does when a run is due while a Job of the CronJob
// is still running.
type ConcurrencyPolicy uint8

const (
	// Allow starts the new Job alongside (the default).
	Allow ConcurrencyPolicy = iota
	// Forbid does not start it while a Job is active; the controller
	// tries again at its next wake-up (the next scheduled time or the
	// Job's end), and then starts the most recent missed time, late: a
	// Forbid run is postponed, not skipped.
	Forbid
	// Replace deletes the running Jobs and starts the new one.
	Replace
)

var policyNames = [...]string{"Allow", "Forbid", "Replace"}

// String returns the policy as the API spells it: Allow, Forbid, Replace.
func (p ConcurrencyPolicy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("ConcurrencyPolicy(%d)", int(p))
}

// ParseConcurrencyPolicy reads Allow, Forbid or Replace (any case); the
// empty string is Allow, as the API defaults it.
func ParseConcurrencyPolicy(s string) (ConcurrencyPolicy, error) {
	if s == "" {
		return Allow, nil
	}
	for i, n := range policyNames {
		if equalFoldASCII(s, n) {
			return ConcurrencyPolicy(i), nil
		}
	}
	return Allow, fmt.Errorf("cronsim: unknown concurrency policy %q: want Allow, Forbid or Replace", s)
}

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i]|0x20, b[i]|0x20
		if x != y {
			return false
		}
	}
	return true
}

// kubeNudge is the controller's nextScheduleDelta: it requeues a CronJob
// 100 ms after its next scheduled time.
const kubeNudge = 100 * time.Millisecond

// kubeTooMany is the count of missed times above which the controller
// warns (TooManyMissedTimes), and nothing else.
const kubeTooMany = 100

// kubeLine is the controller's state for one CronJob.
type kubeLine struct {
	s          *Schedule
	creation   time.Time
	last       time.Time // .status.lastScheduleTime, zero: none
	active     []kubeJob
	names      map[int64]bool // Jobs that exist, by name (scheduled minute)
	lastSyncAt time.Duration  // elapsed time of the last sync, -1: none
}

type kubeJob struct {
	name int64         // scheduled time in Unix minutes, the Job's name suffix
	end  time.Duration // elapsed time at which it completes
}

// mostRecent is mostRecentScheduleTime (utils.go): the earliest time to
// consider, the most recent scheduled time in (earliest, now] found by
// its estimate, whether more than a hundred were missed, and whether the
// schedule is unusable (two runs less than a second apart).
func (l *kubeLine) mostRecent(now time.Time, deadline *time.Duration) (earliest, recent time.Time, missed int64, bad bool) {
	earliest = l.creation
	if !l.last.IsZero() {
		earliest = l.last
	}
	if deadline != nil {
		if d := now.Add(-*deadline); d.After(earliest) {
			earliest = d
		}
	}
	recent, missed, bad = kubeMostRecent(l.s, earliest, now)
	return earliest, recent, missed, bad
}

// kubeMostRecent is the estimate of mostRecentScheduleTime (utils.go)
// from earliest, the CronJob's last scheduled time (or its creation, or
// now less the starting deadline): the most recent scheduled time in
// (earliest, now] it finds (zero: none), its count of missed times (0
// when at most one), and whether the schedule is unusable (two runs less
// than a second apart). The count is how many intervals of the first
// gap fit; the walk starts one interval further back and goes forward
// with Next, so for an irregular schedule it can start past the most
// recent time and find none ("0 0,1 * * *" restarted more than an hour
// after 01:00).
func kubeMostRecent(s *Schedule, earliest, now time.Time) (recent time.Time, missed int64, bad bool) {
	t1 := robfigNext(*s, earliest)
	t2 := robfigNext(*s, t1)
	if now.Before(t1) {
		return time.Time{}, 0, false
	}
	if now.Before(t2) {
		return t1, 0, false
	}
	between := int64(t2.Sub(t1).Round(time.Second).Seconds())
	if between < 1 {
		return time.Time{}, 0, true
	}
	missed = int64(now.Sub(t1).Seconds())/between + 1
	from := t1.Add(time.Duration((missed-2)*between) * time.Second)
	for t := robfigNext(*s, from); !t.IsZero() && !t.After(now); t = robfigNext(*s, t) {
		if !t.After(recent) && !recent.IsZero() {
			// robfig's walk went back or stood still (kubeNext): the
			// controller's loop would spin here for ever; cronsim stops.
			break
		}
		recent = t
	}
	return recent, missed, false
}

// requeue is nextScheduleTimeDuration: how long after now the
// controller looks at the CronJob again.
func (l *kubeLine) requeue(now time.Time) (time.Duration, bool) {
	earliest, recent, missed, bad := l.mostRecent(now, nil)
	from := recent
	switch {
	case bad:
		from = now
	case recent.IsZero() && missed == 0:
		from = earliest
	case recent.IsZero():
		from = now
	}
	next := robfigNext(*l.s, from)
	if next.IsZero() {
		return 0, false
	}
	return next.Add(kubeNudge).Sub(now), true
}

// sync is one pass of the controller over the CronJob (syncCronJob): it
// may start one Job. It returns the requeue delay (ok false: none) and
// whether it changed anything a watch would report.
func (k *kubeSim) sync(i int, e time.Duration) (requeue time.Duration, ok, changed bool) {
	l := &k.lines[i]
	now := k.wall(e)
	// Jobs seen finished leave the active list.
	kept := l.active[:0]
	for _, j := range l.active {
		if j.end > e {
			kept = append(kept, j)
		} else {
			changed = true
		}
	}
	l.active = kept
	if k.suspended(e) {
		return 0, false, changed
	}
	_, recent, _, bad := l.mostRecent(now, k.sim.StartingDeadline)
	if bad {
		return 0, false, changed // InvalidSchedule: not requeued
	}
	if recent.IsZero() {
		d, ok := l.requeue(now)
		return d, ok, changed
	}
	if dl := k.sim.StartingDeadline; dl != nil && recent.Add(*dl).Before(now) {
		d, ok := l.requeue(now) // MissSchedule
		return d, ok, changed
	}
	name := floorDiv(recent.Unix(), 60)
	for _, j := range l.active {
		if j.name == name {
			d, ok := l.requeue(now)
			return d, ok, changed
		}
	}
	if recent.Equal(l.last) {
		d, ok := l.requeue(now)
		return d, ok, changed
	}
	if k.sim.Concurrency == Forbid && len(l.active) > 0 {
		d, ok := l.requeue(now) // JobAlreadyActive
		return d, ok, changed
	}
	if k.sim.Concurrency == Replace && len(l.active) > 0 {
		for _, j := range l.active {
			k.deleted[kubeJobKey{i, j.name}] = true
		}
		l.active = l.active[:0]
		changed = true
	}
	if l.names[name] {
		// AlreadyExists: a Job of that name (the same minute) was made
		// before; the controller adopts it into the active list if it
		// is not there, and makes no new Job.
		return 0, false, changed
	}
	l.names[name] = true
	k.yield(i, e, now, recent)
	end := e + k.durs[i]
	l.active = append(l.active, kubeJob{name: name, end: end})
	k.push(kubeEvent{at: end, kind: kubeJobDone, line: i, name: name})
	l.last = recent
	d, ok := l.requeue(now)
	return d, ok, true
}

type kubeJobKey struct {
	line int
	name int64
}

type kubeEvent struct {
	at   time.Duration
	seq  int
	kind uint8
	line int
	name int64 // kubeJobDone: the Job
}

const (
	kubeSync = iota
	kubeJobDone
	kubeRestart
)

type kubeQueue []kubeEvent

func (q kubeQueue) Len() int { return len(q) }
func (q kubeQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q kubeQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *kubeQueue) Push(x any)   { *q = append(*q, x.(kubeEvent)) }
func (q *kubeQueue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// kubeSim runs the CronJob controller: real (elapsed) time drives its
// timers, the clock (moved by ClockSets) is what it reads as now.
type kubeSim struct {
	sim     *Simulation
	sets    []ClockSet
	lines   []kubeLine
	durs    []time.Duration
	q       kubeQueue
	seq     int
	deleted map[kubeJobKey]bool
	down    [][2]time.Duration
	susp    [][2]time.Duration
	out     func(Start) bool
	stopped bool
}

func (k *kubeSim) push(e kubeEvent) {
	k.seq++
	e.seq = k.seq
	heap.Push(&k.q, e)
}

// wall is the clock reading at elapsed time e.
func (k *kubeSim) wall(e time.Duration) time.Time {
	w := k.sim.Start.Add(e)
	for _, s := range k.sets {
		if w.Before(s.At) {
			break
		}
		w = s.To.Add(w.Sub(s.At))
	}
	return w
}

// elapsed is the elapsed time at which the clock reads w, counting the
// sets whose At is at or before w (a plan's times are clock readings).
func (k *kubeSim) elapsed(w time.Time) time.Duration {
	e := w.Sub(k.sim.Start)
	for _, s := range k.sets {
		if !w.Before(s.At) {
			e -= s.To.Sub(s.At)
		}
	}
	return e
}

func in(spans [][2]time.Duration, e time.Duration) bool {
	for _, s := range spans {
		if e >= s[0] && e < s[1] {
			return true
		}
	}
	return false
}

func (k *kubeSim) suspended(e time.Duration) bool { return in(k.susp, e) }

func (k *kubeSim) yield(i int, e time.Duration, now, slot time.Time) {
	if k.stopped {
		return
	}
	reason := ReasonOnTime
	if now.Sub(slot) >= time.Minute {
		reason = ReasonLate
	}
	st := Start{Time: now.UTC(), Line: i, Minute: wallMinute(slot, k.lines[i].s, k.sim.Location), Reason: reason}
	if !k.out(st) {
		k.stopped = true
	}
}

// wallMinute is the scheduled time's wall clock in the schedule's zone,
// as a UTC time (Start.Minute).
func wallMinute(t time.Time, s *Schedule, loc *time.Location) time.Time {
	if s.loc != nil {
		loc = s.loc
	}
	if loc == nil {
		loc = time.UTC
	}
	w := t.In(loc)
	return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), 0, 0, time.UTC)
}

// runKubernetes is the Simulation of the Kubernetes CronJob controller
// (pkg/controller/cronjob, ControllerV2): one CronJob per line, created
// at Start (its creationTimestamp) in zone Location (.spec.timeZone).
// The controller syncs a CronJob when it sees it (at Start, and after an
// outage, every CronJob at the outage's end), when its queue timer fires
// (100 ms after the next scheduled time, on elapsed time, so a clock set
// does not move it), after each change of the CronJob or its Jobs, and
// at each change of suspend. Each sync starts at most one Job, for the
// most recent scheduled time it has not started.
func (sim *Simulation) runKubernetes(sets []ClockSet, yield func(Start) bool) error {
	k := &kubeSim{sim: sim, sets: sets, out: yield, deleted: map[kubeJobKey]bool{}}
	loc := sim.Location
	if loc == nil {
		loc = time.UTC
	}
	k.lines = make([]kubeLine, len(sim.Lines))
	k.durs = make([]time.Duration, len(sim.Lines))
	for i := range sim.Lines {
		s := sim.Lines[i]
		if s.loc == nil {
			s.loc = loc
		}
		k.lines[i] = kubeLine{s: &s, creation: sim.Start, names: map[int64]bool{}, lastSyncAt: -1}
		k.durs[i] = sim.JobDuration
		if sim.JobDurations != nil {
			k.durs[i] = sim.JobDurations[i]
		}
		k.push(kubeEvent{at: 0, kind: kubeSync, line: i})
	}
	for _, p := range sim.Pauses {
		o := [2]time.Duration{k.elapsed(p.From), k.elapsed(p.To)}
		k.down = append(k.down, o)
		k.push(kubeEvent{at: o[1], kind: kubeRestart})
	}
	for _, p := range sim.Suspended {
		s := [2]time.Duration{k.elapsed(p.From), k.elapsed(p.To)}
		k.susp = append(k.susp, s)
		for i := range k.lines {
			// updateCronJob: .spec.suspend changed, enqueue now
			k.push(kubeEvent{at: s[0], kind: kubeSync, line: i})
			k.push(kubeEvent{at: s[1], kind: kubeSync, line: i})
		}
	}
	end := k.elapsed(sim.End)
	limit := 8*len(sim.Lines)*int(max(end, 0)/time.Minute+1) + 16*len(sim.Lines) + 1000
	for n := 0; k.q.Len() > 0 && !k.stopped; n++ {
		if n > limit {
			return &SimulationError{Field: "Simulation", Reason: "the controller did not reach End within " + fmt.Sprint(limit) + " syncs"}
		}
		ev := heap.Pop(&k.q).(kubeEvent)
		if ev.at > end {
			break
		}
		switch ev.kind {
		case kubeRestart:
			for i := range k.lines {
				k.push(kubeEvent{at: ev.at, kind: kubeSync, line: i})
			}
			continue
		case kubeJobDone:
			if !in(k.down, ev.at) && !k.deleted[kubeJobKey{ev.line, ev.name}] {
				k.push(kubeEvent{at: ev.at, kind: kubeSync, line: ev.line})
			}
			continue
		}
		if in(k.down, ev.at) {
			continue // the outage loses the timer; the restart syncs
		}
		l := &k.lines[ev.line]
		if l.lastSyncAt == ev.at {
			continue // the queue holds a key once
		}
		l.lastSyncAt = ev.at
		d, ok, changed := k.sync(ev.line, ev.at)
		if ok {
			k.push(kubeEvent{at: ev.at + max(d, 0), kind: kubeSync, line: ev.line})
		}
		if changed {
			// the watch reports the change: the CronJob is enqueued
			l.lastSyncAt = -1
			k.push(kubeEvent{at: ev.at + time.Millisecond, kind: kubeSync, line: ev.line})
		}
	}
	return nil
}
