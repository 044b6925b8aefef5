package cronsim

import "time"

// A monitoring service (a dead man's switch such as Healthchecks.io,
// Cronitor or Sentry Crons) is pinged when a job starts, and perhaps
// when it finishes, and must say at any moment whether the job is fine.
// Check and Verdict give that answer from the daemon's own schedule:
// which start the last ping stands for, when the next start is due,
// how late the daemon itself may make it (its start lag, cronie's
// RANDOM_DELAY, a slow catch-up after a forward gap), whether starts
// were missed between two pings, and whether a job runs too long.
//
// The states follow Healthchecks' new / up / grace / down and Sentry
// Crons' judgement of each expected slot with a margin and a maximum
// runtime. NextDue, the older answer, takes the last ping alone and
// judges no missed starts; Check.Verdict replaces it (NextDue keeps
// working: Verdict.Due and Verdict.Note are its At and Note when the
// ping is on time).

// DefaultEarly is the early tolerance of a Check whose Early is zero: a
// start ping up to 5 seconds before a start counts as that start. The
// job's host may run a second or two ahead of the monitor's clock (no
// NTP, a virtual machine after resume); without a tolerance such a ping
// is taken for the previous start and the next one looks due at once.
const DefaultEarly = 5 * time.Second

// A Check is a monitored job: its schedule, the daemon's zone and how
// strictly to judge it. The zero values of Grace, MaxRuntime and
// JobDuration mean none.
type Check struct {
	// Schedule is the job's schedule; its daemon (Schedule.Daemon) is
	// the one judged, and a CRON_TZ= prefix overrides Location.
	Schedule Schedule
	// Location is the daemon's zone (nil: UTC).
	Location *time.Location
	// Grace is how long after the daemon's latest start time (Due plus
	// Verdict.Allowance) a start may come before the job is late.
	Grace time.Duration
	// Early is how long before a start a ping still counts as that
	// start. Zero means DefaultEarly, a negative value none. It should be
	// shorter than the time between two starts; with a seconds field
	// (starts a second apart) there is none.
	Early time.Duration
	// MaxRuntime, when positive, is how long a job may run: a start ping
	// with no finish ping after it for longer is running too long. Set it
	// only for jobs that send finish pings.
	MaxRuntime time.Duration
	// JobDuration is how long the job (and the others in its crontab)
	// runs, for the catch-up allowance: 0 for quick jobs, which never
	// delay a catch-up (see Verdict.CatchUp).
	JobDuration time.Duration

	// The settings of a Kubernetes CronJob beside its schedule, read
	// only for a daemon that has them (Kubernetes, whose controller
	// starts only the most recent missed time of a CronJob, late).
	//
	// StartingDeadline is .spec.startingDeadlineSeconds (nil: none): the
	// controller drops a start it would make later than this after its
	// time. A ping later than that after the latest start stands for no
	// start of the schedule (a run made by hand, ping_unscheduled), and
	// a Forbid start postponed longer is not made. Zero: the controller
	// starts nothing.
	StartingDeadline *time.Duration
	// Concurrency is .spec.concurrencyPolicy. With Forbid the starts due
	// while the last start's job runs (for JobDuration) are postponed to
	// its end, and only the most recent of them is made there: it is
	// due, late by the postponement; the others are neither due nor
	// missed.
	Concurrency ConcurrencyPolicy
	// Suspended is .spec.suspend: the controller starts nothing, so no
	// start is due (StateNever, VerdictSuspended).
	Suspended bool
}

// Pings are the pings a monitor has seen of one job.
type Pings struct {
	// Start is the last start ping (the zero Time: none yet).
	Start time.Time
	// Prev is the start ping before Start (the zero Time: none, or not
	// kept): with it the verdict counts the starts missed between the
	// two.
	Prev time.Time
	// Finish is the last finish ping (the zero Time: none). A finish
	// before Start belongs to an earlier run.
	Finish time.Time
}

// A State is a monitored job's condition.
type State uint8

const (
	// StateNew: no start ping yet; the job is never judged late.
	StateNew State = iota
	// StateUp: the last start came as scheduled and the next is not due.
	StateUp
	// StateGrace: the next start is due (Due has passed) but its
	// deadline has not.
	StateGrace
	// StateLate: a start's deadline passed with no ping since the last
	// one: the job is silent.
	StateLate
	// StateMissed: the job pinged again, but the daemon should have
	// started it more often between the last two start pings
	// (Verdict.Missed says how many starts are missing).
	StateMissed
	// StateRunningTooLong: the last start had no finish ping within
	// Check.MaxRuntime.
	StateRunningTooLong
	// StateNever: the schedule has no start after the last ping (or
	// after now, with no ping): nothing is expected, nothing is late.
	StateNever
)

var stateCodes = [...]string{"new", "up", "grace", "late", "missed", "running_too_long", "never"}

// String returns the state's stable snake_case code: new, up, grace,
// late, missed, running_too_long or never.
func (s State) String() string {
	if int(s) < len(stateCodes) {
		return stateCodes[s]
	}
	return "State(?)"
}

// MarshalText gives the code, for JSON output.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// A VerdictReason says why a job is in its state.
type VerdictReason uint8

const (
	VerdictNoPingYet          VerdictReason = iota // StateNew: no start ping yet
	VerdictNeverRuns                               // StateNever: no start after the last ping (or now)
	VerdictPingOnTime                              // StateUp: the last ping came within its start's deadline
	VerdictPingEarly                               // StateUp: the last ping came up to Early before its start
	VerdictPingLate                                // StateUp: the last ping came after its start's deadline, before the next start
	VerdictPingRepeat                              // StateUp: the last ping stands for the same start as the one before (a duplicate, a catch-up burst, a manual run)
	VerdictPingUnscheduled                         // StateUp: the last ping came before the schedule's first start, or (a Kubernetes CronJob) later after its start than Check.StartingDeadline lets the controller start it
	VerdictStartDue                                // StateGrace: the next start is due, its deadline not passed
	VerdictStartOverdue                            // StateLate: the deadline of the start after the last ping passed
	VerdictStartsMissed                            // StateMissed: starts missing between the last two pings
	VerdictMaxRuntimeExceeded                      // StateRunningTooLong: no finish ping within MaxRuntime
	VerdictSuspended                               // StateNever: the Kubernetes CronJob is suspended (Check.Suspended)
)

var verdictReasonCodes = [...]string{"no_ping_yet", "never_runs", "ping_on_time", "ping_early", "ping_late", "ping_repeat",
	"ping_unscheduled", "start_due", "start_overdue", "starts_missed", "max_runtime_exceeded", "suspended"}

// String returns the reason's stable snake_case code (ping_on_time,
// start_overdue, ...), one per constant.
func (r VerdictReason) String() string {
	if int(r) < len(verdictReasonCodes) {
		return verdictReasonCodes[r]
	}
	return "VerdictReason(?)"
}

// MarshalText gives the code, for JSON output.
func (r VerdictReason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Code returns the note's stable snake_case code, for machine output:
// on_time, caught_up_after_gap, not_repeated_in_fall_back,
// repeated_in_fall_back, skipped_in_gap or clock_correction.
func (n DueNote) Code() string {
	codes := [...]string{"on_time", "caught_up_after_gap", "not_repeated_in_fall_back", "repeated_in_fall_back", "skipped_in_gap", "clock_correction"}
	if int(n) < len(codes) {
		return codes[n]
	}
	return "unknown"
}

// A Verdict is a monitor's judgement of a job at one moment.
type Verdict struct {
	State  State
	Reason VerdictReason
	// Slot is the start the last start ping stands for: the daemon's
	// latest start at or before the ping plus the early tolerance (the
	// zero Time when none, or with no ping).
	Slot time.Time
	// Due is the daemon's next start after the last ping (after now with
	// no ping), in the zone the schedule is evaluated in; the zero Time
	// when the schedule never runs again.
	Due time.Time
	// Deadline is Due plus Allowance plus the grace: with no start ping
	// by then, the job is late.
	Deadline time.Time
	// Allowance is how late the daemon itself may start the job at Due:
	// its start lag (a few seconds after the minute), cronie's
	// RANDOM_DELAY window, and CatchUp.
	Allowance time.Duration
	// CatchUp is the part of Allowance a catch-up after a forward gap
	// adds: while jobs run long, the daemon sleeps up to 10 seconds after
	// each caught-up minute in which it started a job (any job of the
	// crontab), so starts shortly after a gap come late. Zero for quick
	// jobs and for daemons that do not catch up.
	CatchUp time.Duration
	// ExpectedStarts is how many times the daemon starts the job at Due:
	// one, or a catch-up's count (60 for "0-59 1 * * *" after a one-hour
	// spring gap). A monitor counting pings expects that many.
	ExpectedStarts int
	// Missed counts the daemon's start times with no ping: those
	// between Prev and Start, and those after Start whose deadline
	// passed by now. A catch-up burst counts once.
	Missed int
	// Note says why Due is not simply the next matching wall time.
	Note DueNote
	// Gap reports that the zone's clocks sprang forward between the last
	// ping (or now) and Due: a catch-up or a lost run lies in between.
	Gap bool
	// RuntimeDeadline is Start plus Check.MaxRuntime while the job runs
	// (a start with no finish after it); the zero Time otherwise.
	RuntimeDeadline time.Time
}

// maxMissed bounds the starts a verdict counts as missed.
const maxMissed = 100000

// Verdict judges the job at now from the pings seen.
func (c Check) Verdict(p Pings, now time.Time) Verdict {
	s := c.Schedule
	loc := c.Location
	if s.loc != nil {
		loc = s.loc
	} else if loc == nil {
		loc = time.UTC
	}
	early := c.early()
	var v Verdict
	from := now
	between, repeat := 0, false
	if !p.Start.IsZero() {
		from = p.Start.Add(early)
		v.Slot, between, repeat = c.slot(loc, p, early)
	}
	if !v.Slot.IsZero() {
		from = v.Slot // a late ping of a catch-up may leave later starts due
	}
	noteFrom := from
	if t := c.armedFrom(p.Start, early); t.After(from) {
		from = t
	}
	if b := c.busyUntil(p.Start); b.After(from) {
		from = b // the daemon withholds the line while the job runs
	}
	// postpone is how late a Forbid CronJob's start due while the last
	// start's job ran is made: at the job's end.
	due, postpone := c.postponed(loc, noteFrom, from)
	v.Due = due
	if v.Due.IsZero() {
		v.Due = s.Next(from.In(loc))
		noteFrom = from
	}
	if c.stopped() {
		v.Due = time.Time{} // suspended, or a starting deadline of zero
	}
	if !v.Due.IsZero() {
		v.Allowance, v.CatchUp = c.allowance(v.Due)
		v.Allowance += postpone
		v.Deadline = v.Due.Add(v.Allowance + max(c.Grace, 0))
		v.ExpectedStarts = s.burst(loc, v.Due.Unix())
		v.Note = s.dueNote(loc, noteFrom.Unix(), v.Due.Unix())
		v.Gap = forwardGap(loc, noteFrom.Unix(), v.Due.Unix())
	}
	if c.Suspended && s.rules().cronJob {
		v.State, v.Reason = StateNever, VerdictSuspended
		if !p.Start.IsZero() && c.MaxRuntime > 0 && p.Finish.Before(p.Start) {
			v.RuntimeDeadline = p.Start.Add(c.MaxRuntime)
			if now.After(v.RuntimeDeadline) {
				v.State, v.Reason = StateRunningTooLong, VerdictMaxRuntimeExceeded
			}
		}
		v.Missed = between
		return v
	}
	if p.Start.IsZero() {
		v.State, v.Reason = StateNew, VerdictNoPingYet
		if v.Due.IsZero() {
			v.State, v.Reason = StateNever, VerdictNeverRuns
		}
		return v
	}
	if c.MaxRuntime > 0 && p.Finish.Before(p.Start) {
		v.RuntimeDeadline = p.Start.Add(c.MaxRuntime)
	}
	if repeat {
		v.Reason = VerdictPingRepeat
	}
	// Starts after the last ping whose deadline has passed.
	overdue := 0
	for t := v.Due; !t.IsZero() && between+overdue < maxMissed; t = s.Next(t) {
		a, _ := c.allowance(t)
		if t.Equal(v.Due) {
			a += postpone
		}
		if !now.After(t.Add(a + max(c.Grace, 0))) {
			break
		}
		overdue++
	}
	v.Missed = between + overdue

	switch {
	case !v.RuntimeDeadline.IsZero() && now.After(v.RuntimeDeadline):
		v.State, v.Reason = StateRunningTooLong, VerdictMaxRuntimeExceeded
	case overdue > 0:
		v.State, v.Reason = StateLate, VerdictStartOverdue
	case between > 0:
		v.State, v.Reason = StateMissed, VerdictStartsMissed
	case v.Due.IsZero():
		v.State, v.Reason = StateNever, VerdictNeverRuns
	case !now.Before(v.Due):
		v.State, v.Reason = StateGrace, VerdictStartDue
	default:
		v.State = StateUp
		switch {
		case v.Reason == VerdictPingRepeat:
		case v.Slot.IsZero():
			v.Reason = VerdictPingUnscheduled
		case p.Start.Before(v.Slot):
			v.Reason = VerdictPingEarly
		default:
			a, _ := c.allowance(v.Slot)
			if b := c.busyUntil(p.Prev); c.forbids() && !b.Before(v.Slot) {
				a += b.Sub(v.Slot) // postponed to the end of Prev's job
			}
			if p.Start.After(v.Slot.Add(a + max(c.Grace, 0))) {
				v.Reason = VerdictPingLate
			} else {
				v.Reason = VerdictPingOnTime
			}
		}
	}
	return v
}

// slot returns the start the ping p.Start stands for, how many start
// times lie between it and the one p.Prev stood for (missed), and
// whether both pings stand for the same start (a repeat).
//
// A ping stands for the latest start at or before it plus the early
// tolerance, unless the daemon may still be making an earlier start
// not yet pinged (its allowance, a slow catch-up's most of all, reaches
// the ping): then it stands for the earliest such start, and the later
// ones stay due. The grace does not count here: a start ping within the
// grace of a missing earlier start is the later start's, or a missed
// run hides behind every grace longer than the schedule's period.
func (c Check) slot(loc *time.Location, p Pings, early time.Duration) (slot time.Time, missed int, repeat bool) {
	s := c.Schedule
	latest := s.Prev(p.Start.Add(early + time.Nanosecond).In(loc))
	if latest.IsZero() {
		return time.Time{}, 0, false
	}
	var prevSlot time.Time // Prev's start, by the plain rule
	if !p.Prev.IsZero() {
		prevSlot = s.Prev(p.Prev.Add(early + time.Nanosecond).In(loc))
		if !prevSlot.IsZero() && !latest.After(prevSlot) {
			return latest, 0, true
		}
	}
	next := prevSlot
	if b := c.busyUntil(p.Prev); b.After(next) {
		next = b // starts due while Prev's job ran were withheld, not missed
	}
	if t := c.armedFrom(p.Prev, early); t.After(next) {
		next = t
	}
	if d := c.deadline(); d != nil {
		// A Kubernetes CronJob: the controller makes only the latest
		// start, and not at all past the starting deadline (plus its
		// start lag, and a Forbid postponement): such a ping is a run
		// made by hand, and the latest start is missed too.
		limit := latest.Add(*d + s.rules().startLag)
		if b := c.busyUntil(p.Prev); c.forbids() && b.After(latest) {
			limit = limit.Add(b.Sub(latest))
		}
		if p.Start.After(limit) {
			if !prevSlot.IsZero() {
				for t := s.Next(next.In(loc)); !t.IsZero() && !t.After(latest) && missed < maxMissed; t = s.Next(t) {
					missed++
				}
			}
			return time.Time{}, missed, false
		}
	}
	slot = latest
	for i := 0; i < maxMissed; i++ {
		e := s.Prev(slot)
		if e.IsZero() || !prevSlot.IsZero() && !e.After(prevSlot) {
			break
		}
		if a, _ := c.allowance(e); p.Start.After(e.Add(a)) {
			break
		}
		slot = e
	}
	if prevSlot.IsZero() {
		return slot, 0, false
	}
	for t := s.Next(next.In(loc)); !t.IsZero() && t.Before(slot) && missed < maxMissed; t = s.Next(t) {
		missed++
	}
	return slot, missed, false
}

// busyUntil returns when the daemon, if it withholds a line while the
// line's job runs (the daemon table's runningPoll: BusyBox), notices the
// end of a job started at start and lasting Check.JobDuration: the first
// wake-up on a multiple of the poll period at or after the end. Starts
// due until then are not made (BusyBox logs "process already running"),
// so they are neither due nor missed. It is the zero Time for the other
// daemons, quick jobs and no start.
func (c Check) busyUntil(start time.Time) time.Time {
	if c.forbids() && c.JobDuration > 0 && !start.IsZero() {
		return start.Add(c.JobDuration) // the Job's end: its watch event syncs the CronJob
	}
	poll := c.Schedule.rules().runningPoll
	if poll <= 0 || c.JobDuration <= 0 || start.IsZero() {
		return time.Time{}
	}
	end := start.Add(c.JobDuration)
	if t := end.Truncate(poll); t.Equal(end) {
		return t
	} else {
		return t.Add(poll)
	}
}

// forbids reports whether the check is a Kubernetes CronJob whose
// concurrency policy is Forbid: the controller makes no start while the
// last start's job runs, and at its end makes the most recent of the
// starts due meanwhile.
func (c Check) forbids() bool {
	return c.Schedule.rules().cronJob && c.Concurrency == Forbid
}

// deadline is the check's starting deadline, for a Kubernetes CronJob
// that has one (nil otherwise).
func (c Check) deadline() *time.Duration {
	if !c.Schedule.rules().cronJob {
		return nil
	}
	return c.StartingDeadline
}

// stopped reports whether the controller starts no run of the check's
// CronJob: it is suspended, or its starting deadline is zero.
func (c Check) stopped() bool {
	d := c.deadline()
	return c.Schedule.rules().cronJob && (c.Suspended || d != nil && *d <= 0)
}

// postponed returns the start a Forbid CronJob makes at end, the end of
// the job of its start at after, and how late: the most recent start in
// (after, end] as the controller finds it (kubeMostRecent, whose
// estimate can miss it after an irregular gap), if the starting deadline
// lets it make it that late. It returns the zero Time otherwise.
func (c Check) postponed(loc *time.Location, after, end time.Time) (time.Time, time.Duration) {
	if !c.forbids() || !end.After(after) {
		return time.Time{}, 0
	}
	s := c.Schedule
	if s.loc == nil {
		s.loc = loc
	}
	earliest := after
	if d := c.deadline(); d != nil && end.Add(-*d).After(earliest) {
		earliest = end.Add(-*d) // the controller looks no further back
	}
	t, _, bad := kubeMostRecent(&s, earliest, end)
	if bad || t.IsZero() || !t.After(after) {
		return time.Time{}, 0
	}
	return t.In(loc), end.Sub(t)
}

// armedFrom returns, for a systemd timer, the time after which the
// manager arms the next elapse once it started the job pinged at start:
// timer.c arms from the last trigger, not from the elapse it stood for,
// so elapses between the two (a start delayed by AccuracySec= or
// RandomizedDelaySec= past later elapses) are skipped, not missed. The
// ping may come up to the early tolerance before the trigger. The zero
// Time for the cron daemons and no ping.
func (c Check) armedFrom(start time.Time, early time.Duration) time.Time {
	if start.IsZero() || !c.Schedule.rules().timerUnits {
		return time.Time{}
	}
	return start.Add(early)
}

// early is the check's early tolerance.
func (c Check) early() time.Duration {
	switch {
	case c.Early < 0 || c.Schedule.hasSeconds:
		return 0
	case c.Early == 0:
		return DefaultEarly
	}
	return c.Early
}

// allowance returns how late the daemon may start the job at t, and the
// part of it a slow catch-up adds.
func (c Check) allowance(t time.Time) (total, catchUp time.Duration) {
	s := &c.Schedule
	r := s.rules()
	catchUp = catchUpAllowance(c.Schedule, c.Location, t, c.JobDuration)
	return r.startLag + s.window(r) + catchUp, catchUp
}

// catchUpAllowance returns how much later than usual the daemon of s,
// running in loc (nil is UTC), may
// start a job due at t because it is still catching up on the minutes
// a forward change of the zone's offset skipped, when jobs run for
// jobDuration. It is zero for quick jobs (jobDuration 0: each end cuts
// the daemon's sleep at once), for daemons that do not catch up
// (BusyBox), for a clock correction (a jump of more than 3 hours), and
// for t outside the catch-up.
//
// The daemon sleeps up to 10 seconds after each caught-up minute in
// which it started a job, the whole crontab's jobs counted, so a
// catch-up of m minutes takes up to 10 s x m; while it runs, real
// minutes pass and join it (each is one minute more to step), so the
// bound is m x 10 s / (1 - 10 s / 1 min) = 12 s per minute. A start due
// x after the gap's end is delayed by at most that bound less x. In the
// slow-job recordings of the conformance corpus the longest delay was
// 2 min 56 s after Dublin's 60-minute gap with 75-second jobs (bound:
// 12 min 12 s).
func catchUpAllowance(s Schedule, loc *time.Location, t time.Time, jobDuration time.Duration) time.Duration {
	r := daemonTableOf(s.daemon) // the daemon's own loop, whatever zone the job has
	// The daemon catches up on its own zone's changes: a job's CRON_TZ=
	// zone is that zone, except for a daemon with zones per job (cronie),
	// whose loop runs in the daemon's zone, loc.
	if s.loc != nil && !r.jobZones {
		loc = s.loc
	} else if loc == nil {
		loc = time.UTC
	}
	if jobDuration <= 0 || r.catchUpSleep <= 0 || !r.virtualClock {
		return 0
	}
	u := t.Unix()
	p := periodAt(loc, u)
	if p.start == unboundedStart {
		return 0
	}
	prev := periodAt(loc, p.start-1)
	jump := p.offset - prev.offset
	if jump <= 0 || r.classify(-floorDiv(-jump, 60)) == wakeCorrection {
		return 0
	}
	minutes := jump/60 + 1 // the gap's minutes and the one the daemon wakes in
	sleep := float64(r.catchUpSleep)
	bound := time.Duration(float64(minutes) * sleep / (1 - sleep/float64(time.Minute)))
	since := time.Duration(u-p.start) * time.Second
	if since >= bound {
		return 0
	}
	return bound - since
}

// forwardGap reports whether the zone's offset increases at some instant
// in (from, to], Unix seconds.
func forwardGap(loc *time.Location, from, to int64) bool {
	for q, next := range offsetChanges(loc, from, to) {
		if next.offset > q.offset {
			return true
		}
	}
	return false
}

// wallDueNote is dueNote for a daemon without a virtual clock (BusyBox,
// a cronie job with its own zone): it runs every real minute whose wall
// time matches, so a forward change loses the matching minutes it skips
// (fixed-time jobs too) and a backward one runs the repeated ones again.
func (s *Schedule) wallDueNote(loc *time.Location, last, at int64) DueNote {
	p := periodAt(loc, at)
	if p.start != unboundedStart {
		prev := periodAt(loc, p.start-1)
		if jump := prev.offset - p.offset; jump > 0 && at-p.start < jump {
			return DueRepeated // at shows a wall time the clocks showed before
		}
	}
	for q, next := range offsetChanges(loc, last, at) {
		if b := q.end; next.offset > q.offset {
			from, to := ceil60(b+q.offset), floor60(b+next.offset-1)
			if from <= to && s.anyMinuteMatches(from, to) {
				return DueSkipped
			}
		}
	}
	return DueOnTime
}
