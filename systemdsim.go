package cronsim

import (
	"fmt"
	"math"
	"time"
)

// The systemd timer model: how PID 1 (src/core/timer.c) and its event
// loop (src/libsystemd/sd-event/sd-event.c) start the service of a timer
// unit with an OnCalendar= setting, read from systemd's sources (v252
// and v257 agree here). In order of the events a Simulation replays:
//
//   - Arming (timer_enter_waiting): the next elapse is the calendar's
//     first elapse strictly after the last trigger (the clock reading at
//     which the timer last started its service); before any trigger,
//     after the clock reading at which the timer unit was activated
//     (inactive_exit_timestamp), or after now while the unit is still
//     starting. An elapse before the manager's own start, that start
//     seen on today's clock (the monotonic start time mapped to the
//     realtime clock), is moved to it. RandomizedDelaySec= then adds a
//     random delay in [0, RandomizedDelaySec), drawn anew at each
//     arming.
//   - Waking (sd-event, event_arm_timer and sleep_between): every
//     realtime timer of the manager is one event source with its elapse
//     and its AccuracySec=; the loop wakes once between the earliest
//     elapse and the earliest elapse-plus-accuracy of them all, at a
//     point of each minute (then 10 s, 1 s, 250 ms) fixed per boot by a
//     hash of the boot ID, and starts every timer whose elapse has come.
//     So a start comes up to AccuracySec= (plus the random delay) after
//     its elapse, at the same second of the minute all boot long.
//   - Triggering (timer_enter_running): the service starts, the clock
//     reading is the last trigger, and a Persistent= timer's stamp file
//     gets that time. The timer waits for its service to end before it
//     arms again, so a job that outlasts the next elapse makes that
//     elapse start once, as soon as the job ends.
//   - A clock set, or the resume from a suspend (the kernel reports both
//     as a change of the realtime clock), re-arms every waiting timer
//     (timer_time_change): a last trigger in the future (the clock went
//     back) is moved to now, so the elapses between the new now and the
//     old trigger come again; after a forward set the first elapse the
//     clock skipped is in the past and starts at once, the rest of them
//     are lost.
//   - A timer's start (timer_start, at boot or by systemctl start): a
//     Persistent= timer reads its last trigger from its stamp file, so
//     an elapse missed while it was stopped (the machine off) starts
//     once at once; any other timer forgets its last trigger and arms
//     from now.
//
// The simulation cannot know the boot's perturbation point or the random
// delays: it takes both as zero, so a Start's Time is the earliest clock
// reading at which the manager may start the service, and its Window is
// how much later (AccuracySec= plus RandomizedDelaySec=) it may come.

// DefaultAccuracy is AccuracySec='s default (the manager's
// DefaultTimerAccuracySec=, one minute).
const DefaultAccuracy = time.Minute

// A Timer holds the settings of a systemd timer unit's [Timer] section,
// besides OnCalendar=, that decide when the manager starts its service.
// The zero Timer is a unit that sets none of them.
type Timer struct {
	// Accuracy is AccuracySec=: the manager starts the service up to
	// this long after each elapse, at a point of the minute fixed per
	// boot, coalesced with its other timers. Zero means the default,
	// DefaultAccuracy; AccuracySec=0 itself is sd-event's
	// DEFAULT_ACCURACY_USEC, 250 ms. Set
	// time.Microsecond, as AccuracySec=1us, for starts on the elapse.
	Accuracy time.Duration
	// RandomizedDelay is RandomizedDelaySec=: a random delay in [0,
	// RandomizedDelay) added to each elapse, drawn anew each time the
	// timer is armed.
	RandomizedDelay time.Duration
	// Persistent is Persistent=true: the time of the last start is kept
	// in a stamp file, so an elapse missed while the timer was stopped
	// (the machine off: Simulation.Stopped) starts once when it starts
	// again.
	Persistent bool
}

// WithTimer returns the schedule with the unit settings t. It applies to
// a schedule parsed with ParseOptions{Daemon: Systemd}, and returns any
// other schedule unchanged: only a timer unit has them.
func (s Schedule) WithTimer(t Timer) Schedule {
	if s.cal == nil {
		return s
	}
	c := *s.cal
	c.timer = t
	s.cal = &c
	return s
}

// Timer returns the unit settings of a systemd schedule (see WithTimer),
// the zero Timer for any other schedule.
func (s Schedule) Timer() Timer {
	if s.cal == nil {
		return Timer{}
	}
	return s.cal.timer
}

// accuracy is the accuracy the manager arms the timer with.
func (t Timer) accuracy() time.Duration {
	if t.Accuracy == 0 {
		return DefaultAccuracy
	}
	return t.Accuracy
}

// Window returns how long after an elapse the manager may start the
// service: the accuracy plus the randomized delay.
func (t Timer) window() time.Duration {
	return t.accuracy() + max(t.RandomizedDelay, 0)
}

// sleepBetween is sd-event's sleep_between: the time the event loop
// wakes at for timers due between a and b (nanoseconds), given the boot's
// perturbation p (less than a minute). It prefers the latest point of
// the minute, then of 10 s, 1 s and 250 ms, at offset p, and else b.
func sleepBetween(a, b, p int64) int64 {
	if b <= a+int64(time.Microsecond) {
		return a
	}
	for _, unit := range [...]int64{int64(time.Minute), int64(10 * time.Second), int64(time.Second), int64(250 * time.Millisecond)} {
		c := floorDiv(b, unit)*unit + p%unit
		if c >= b {
			c -= unit
		}
		if c >= a {
			return c
		}
	}
	return b
}

// timerState is a timer unit's state (timer.c's TimerState, less the
// failures).
type timerState uint8

const (
	timerDead    timerState = iota // stopped (the machine is off)
	timerWaiting                   // armed for its next elapse
	timerRunning                   // its service runs
	timerElapsed                   // no elapse is left
)

// sdTimer is one timer unit's state.
type sdTimer struct {
	s     *Schedule
	t     Timer
	dur   int64 // the service's run time, ns
	state timerState
	// lastTrigger is the clock reading of the last start (ok: there is
	// one); activated the clock reading at which the unit was activated.
	lastTrigger int64
	triggered   bool
	activated   int64
	// stamp is the Persistent= stamp file's time (ok: it exists).
	stamp    int64
	stamped  bool
	next     int64 // the armed elapse, clock ns
	elapse   int64 // the calendar elapse it stands for (before the boot clamp)
	armedAt  int64 // the clock reading when it was armed
	serviceE int64 // elapsed ns at which the running service ends
}

// sdSim is the manager: elapsed time (e, ns since Start, the suspends
// included), the monotonic clock (mono: no suspends, reset at each boot)
// and the realtime clock (clock).
type sdSim struct {
	sim     *Simulation
	loc     *time.Location
	e       int64
	mono    int64
	clock   int64
	sets    []ClockSet
	timers  []sdTimer
	end     int64
	yield   func(Start) bool
	stopped bool
}

// boot is the clock reading of the manager's start as seen on the clock
// now (map_clock_usec of the userspace start's monotonic time).
func (m *sdSim) boot() int64 { return m.clock - m.mono }

// advance lets dt pass with the machine awake.
func (m *sdSim) advance(dt int64) {
	m.e += dt
	m.mono += dt
	m.clock += dt
}

// enterWaiting is timer_enter_waiting: arm the timer for its next
// elapse.
func (m *sdSim) enterWaiting(x *sdTimer) {
	var b int64
	switch {
	case x.triggered:
		b = x.lastTrigger
	case x.state != timerDead:
		b = x.activated
	default:
		b = m.clock
	}
	n, r := x.s.cal.next(floorDiv(b, int64(time.Microsecond)), m.loc)
	if r != calFound || n > math.MaxInt64/int64(time.Microsecond) {
		x.state = timerElapsed
		return
	}
	x.elapse = n * int64(time.Microsecond)
	x.next = max(x.elapse, m.boot())
	x.armedAt = m.clock
	x.state = timerWaiting
}

// enterRunning is timer_enter_running: start the service now.
func (m *sdSim) enterRunning(i int) {
	x := &m.timers[i]
	x.lastTrigger, x.triggered = m.clock, true
	if x.t.Persistent {
		x.stamp, x.stamped = m.clock, true
	}
	x.state = timerRunning
	x.serviceE = m.e + x.dur
	at := max(x.next, x.armedAt)
	reason := ReasonOnTime
	if x.elapse < x.armedAt {
		reason = ReasonLate // the elapse had passed when it was armed
	}
	if !m.stopped && !(len(m.sets) == 0 && m.clock >= m.end) {
		st := Start{Time: time.Unix(0, at).UTC(), Line: i, Minute: wallMinute(time.Unix(0, x.elapse), x.s, m.loc), Reason: reason, Window: x.t.window()}
		if !m.yield(st) {
			m.stopped = true
		}
	}
}

// start is timer_start: the unit is activated (at boot).
func (m *sdSim) start(x *sdTimer) {
	x.triggered = false
	if x.t.Persistent {
		if x.stamped && x.stamp < m.clock {
			x.lastTrigger, x.triggered = x.stamp, true
		} else if !x.stamped {
			x.stamp, x.stamped = m.clock, true // touched: the timer never ran
		}
	}
	x.state = timerDead
	x.activated = m.clock
	m.enterWaiting(x)
}

// timeChange is timer_time_change for every timer: the clock was set, or
// the machine resumed.
func (m *sdSim) timeChange() {
	for i := range m.timers {
		x := &m.timers[i]
		if x.state != timerWaiting {
			continue
		}
		if x.triggered && x.lastTrigger > m.clock {
			x.lastTrigger = m.clock
		}
		m.enterWaiting(x)
	}
}

// runSystemd is the Simulation of systemd's timers: one timer unit per
// line, its OnCalendar= the line's calendar specification and its
// settings the line's Timer; each unit starts a service of its own that
// runs JobDuration (or its JobDurations entry). The manager starts when
// the clock reads Start. Pauses suspend the machine; in Stopped spans
// the timers are stopped.
func (sim *Simulation) runSystemd(d *daemon) error {
	m := &sdSim{sim: sim, loc: d.loc, clock: sim.Start.UnixNano(), sets: d.sets, end: d.end, yield: d.yield}
	m.timers = make([]sdTimer, len(sim.Lines))
	for i := range sim.Lines {
		m.timers[i] = sdTimer{s: &sim.Lines[i], t: sim.Lines[i].Timer(), dur: d.durs[i]}
		m.start(&m.timers[i])
	}
	// Each step starts a service, ends one, sets the clock, or suspends
	// or powers the machine off or on; a timer starts at most once per
	// armed elapse, and elapses of one timer are at least a microsecond
	// apart, so a bound on the steps is a bound on the starts per second.
	limit := int64(d.span/time.Second+1)*int64(4*len(sim.Lines)+4) + int64(8*(len(sim.ClockSets)+len(sim.Pauses)+len(sim.Stopped))) + 1000
	for n := int64(0); ; n++ {
		if m.stopped || len(m.sets) == 0 && m.clock >= m.end {
			return nil
		}
		if n > limit {
			return &SimulationError{Field: "Lines", Reason: fmt.Sprintf("the timers start more often than the simulator follows (over %d steps)", limit)}
		}
		// A pause or a power-off the clock is in now.
		if p, ok := inSpan(sim.Pauses, m.clock); ok {
			m.clock, m.e = p, m.e+(p-m.clock)
			m.timeChange() // the resume is a clock change (timerfd_resume)
			continue
		}
		if p, ok := inSpan(sim.Stopped, m.clock); ok {
			// The timers are stopped and started again at p; the
			// manager runs on, and nothing else happens in between
			// but clock sets and the ends of services, which no
			// stopped timer waits for.
			for i := range m.timers {
				m.timers[i].state = timerDead
			}
			for len(m.sets) > 0 && m.sets[0].At.UnixNano() <= p {
				at := m.sets[0].At.UnixNano()
				m.advance(max(at-m.clock, 0))
				m.clock = m.sets[0].To.UnixNano()
				m.sets = m.sets[1:]
				p = max(p, m.clock) // a set back into the span prolongs it
			}
			m.advance(p - m.clock)
			for i := range m.timers {
				m.start(&m.timers[i])
			}
			continue
		}
		// The next event: a service's end (monotonic), the event loop's
		// wake-up, a clock set, a span's start (clock readings).
		const never = math.MaxInt64
		dt := int64(never)
		kind := 0
		for i := range m.timers {
			if x := &m.timers[i]; x.state == timerRunning && x.serviceE-m.e < dt {
				dt, kind = max(x.serviceE-m.e, 0), 1
			}
		}
		if w, ok := m.wake(); ok && w-m.clock < dt {
			dt, kind = max(w-m.clock, 0), 2
		}
		if len(m.sets) > 0 && m.sets[0].At.UnixNano()-m.clock < dt {
			dt, kind = max(m.sets[0].At.UnixNano()-m.clock, 0), 3
		}
		if f, ok := nextSpan(sim.Pauses, sim.Stopped, m.clock); ok && f-m.clock < dt {
			dt, kind = f-m.clock, 4
		}
		if kind == 0 {
			// Nothing will happen again: the clock runs on to End.
			return nil
		}
		m.advance(dt)
		switch kind {
		case 1:
			for i := range m.timers {
				if x := &m.timers[i]; x.state == timerRunning && x.serviceE <= m.e {
					m.enterWaiting(x) // timer_trigger_notify: the service ended
				}
			}
		case 2:
			for i := range m.timers {
				if x := &m.timers[i]; x.state == timerWaiting && x.next <= m.clock {
					m.enterRunning(i)
				}
			}
			for i := range m.timers {
				if x := &m.timers[i]; x.state == timerRunning && x.serviceE <= m.e {
					m.enterWaiting(x) // a quick job ends at once
				}
			}
		case 3:
			m.clock = m.sets[0].To.UnixNano()
			m.sets = m.sets[1:]
			m.timeChange()
		}
	}
}

// wake is the event loop's next wake-up (clock reading) for the waiting
// timers: sleep_between of the earliest elapse and the earliest elapse
// plus accuracy, at perturbation zero.
func (m *sdSim) wake() (int64, bool) {
	a, b, ok := int64(math.MaxInt64), int64(math.MaxInt64), false
	for i := range m.timers {
		x := &m.timers[i]
		if x.state != timerWaiting {
			continue
		}
		acc := int64(x.t.accuracy())
		a, b, ok = min(a, x.next), min(b, x.next+min(acc, math.MaxInt64-x.next)), true
	}
	if !ok {
		return 0, false
	}
	return sleepBetween(a, b, 0), true
}

// inSpan reports whether clock reading c lies in one of the spans, and
// the end of that span.
func inSpan(spans []Pause, c int64) (int64, bool) {
	for _, p := range spans {
		if c >= p.From.UnixNano() && c < p.To.UnixNano() {
			return p.To.UnixNano(), true
		}
	}
	return 0, false
}

// nextSpan returns the first start of a span after clock reading c.
func nextSpan(a, b []Pause, c int64) (int64, bool) {
	best, ok := int64(math.MaxInt64), false
	for _, spans := range [][]Pause{a, b} {
		for _, p := range spans {
			if f := p.From.UnixNano(); f > c && f < best && p.To.After(p.From) {
				best, ok = f, true
			}
		}
	}
	return best, ok
}
