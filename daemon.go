package cronsim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
)

// A Daemon is a cron implementation whose behaviour a Schedule follows.
// Debian's cron is the zero value and the default of every function that
// takes no Daemon. A schedule parsed with a ParseOptions whose Daemon is
// d remembers d, so Next, Prev, All, Backward and Simulation use that
// daemon's rules without being told again.
//
// The daemons disagree on exactly the cases cronsim exists for:
//
//   - Debian's cron (Debian, Ubuntu) and cronie (Fedora, RHEL and their
//     clones, Arch) keep a virtual clock in local minutes and catch up
//     or hold back when it jumps (see the package documentation).
//     cronie re-reads the zone's UTC offset only when the daylight
//     saving flag flips, has CRON_TZ= (a zone per job) and RANDOM_DELAY=
//     (a random delay per daemon start), and its own parser.
//   - BusyBox crond (Alpine containers) walks real minutes and matches
//     their local wall time: a job in a spring gap is skipped, one in a
//     repeated hour runs twice, and a clock jump of more than an hour
//     runs nothing. It combines day of month and day of week by whether a
//     field is full, not by its first character.
type Daemon uint8

const (
	// DebianCron is Debian's cron 3.0pl1 (trixie -197, bookworm -162).
	DebianCron Daemon = iota
	// Cronie is cronie 1.7, as Debian 13 packages it.
	Cronie
	// BusyBox is BusyBox's crond (Debian's busybox-static, Alpine).
	BusyBox
	// Systemd is systemd's timers: ParseOptions{Daemon: Systemd}.Parse reads an OnCalendar=
	// calendar specification (see Calendar), not crontab fields, and
	// the schedule's Next, Prev, All, Backward, Match, String, Explain
	// and Location are systemd's (systemd 252 and 257, held to the
	// parse corpus of systemd-analyze calendar).
	Systemd
	// Kubernetes is the CronJob controller of Kubernetes (kubernetes.go):
	// robfig/cron v3's parser and Next, and the controller's catch-up
	// rules in a Simulation. ParseOptions{Daemon: Kubernetes} reads a
	// CronJob's .spec.schedule in every dialect.
	Kubernetes
)

// Daemons lists every daemon with cron schedules that cronsim models, in
// the order of their values. Systemd, whose schedules are calendar
// specifications, is not among them.
var Daemons = []Daemon{DebianCron, Cronie, BusyBox, Kubernetes}

// String returns the daemon's short name: debian, cronie, busybox, systemd
// or kubernetes,
// as the CLI's -daemon flag takes it.
func (d Daemon) String() string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].name
	}
	return fmt.Sprintf("Daemon(%d)", int(d))
}

// CorpusName returns the name a conformance corpus file gives the
// daemon in its "daemon" field: debian-cron, cronie or busybox-crond.
//
// Deprecated: use conformance.CorpusName.
func (d Daemon) CorpusName() string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].corpus
	}
	return d.String()
}

// Version names the packaged version of the daemon whose behaviour
// cronsim's rules for d reproduce: the one its conformance recordings
// ran ("cronie 1.7.2-4 (Debian 13)").
func (d Daemon) Version() string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].version
	}
	return d.String()
}

// ParseDaemon returns the daemon named by its short name (debian,
// cronie, busybox) or its corpus name (debian-cron, cronie,
// busybox-crond), in any case.
func ParseDaemon(name string) (Daemon, error) {
	for i := range daemonTable {
		r := &daemonTable[i]
		if strings.EqualFold(name, r.name) || strings.EqualFold(name, r.corpus) {
			return Daemon(i), nil
		}
	}
	return 0, fmt.Errorf("cronsim: unknown daemon %q: want debian, cronie, busybox, systemd or kubernetes", name)
}

// MarshalText gives the short name.
func (d Daemon) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a name as ParseDaemon does, so a Daemon can be a
// flag (flag.TextVar) or a JSON string.
func (d *Daemon) UnmarshalText(b []byte) error {
	v, err := ParseDaemon(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// WithholdsRunning reports whether the daemon does not start a line
// while the line's last job still runs (BusyBox crond: "process already
// running"; it still starts the line beside its job after re-reading
// its crontab, every 60 wake-ups). Debian's cron and cronie start a line
// whatever its last job does. Check.Verdict counts the starts withheld
// while a job of Check.JobDuration runs as neither due nor missed.
func (d Daemon) WithholdsRunning() bool { return daemonTableOf(d).runningPoll > 0 }

// Daemon returns the daemon whose rules the schedule follows.
func (s Schedule) Daemon() Daemon { return s.daemon }

// WithDaemon returns the schedule with the same fields run by daemon d.
// The fields are the ones the schedule was parsed into: to see how d's
// own parser reads the text, parse it with ParseOptions{Daemon: d,
// Dialect: Debian}.
func (s Schedule) WithDaemon(d Daemon) Schedule {
	s.daemon = d
	return s
}

// For is WithDaemon.
//
// Deprecated: use WithDaemon.
func (s Schedule) For(d Daemon) Schedule { return s.WithDaemon(d) }

// Parse parses a crontab time specification as the daemon's crontab and
// daemon read it.
//
// Deprecated: use ParseOptions{Daemon: d, Dialect: Debian}.Parse(expr).
func (d Daemon) Parse(expr string) (Schedule, error) {
	return ParseOptions{Daemon: d, Dialect: Debian}.Parse(expr)
}

// ParseEntry parses one crontab line as the daemon reads it.
//
// Deprecated: use ParseOptions{Daemon: d, Dialect: Debian}.Entry(line).
func (d Daemon) ParseEntry(line string) (Entry, error) {
	return ParseOptions{Daemon: d, Dialect: Debian}.Entry(line)
}

// A CrontabReader reads a crontab file line by line as its Options
// say (ParseOptions.Entry), carrying the settings that change how later
// jobs run (cronie's CRON_TZ= and RANDOM_DELAY=) to the schedules of
// those jobs. To read a file as a daemon does, set Options to
// ParseOptions{Daemon: d, Dialect: Debian}.
type CrontabReader struct {
	Options ParseOptions
	zone    *time.Location
	delay   uint16 // minutes
}

// Entry parses the next line.
func (r *CrontabReader) Entry(line string) (Entry, error) {
	e, err := r.Options.Entry(line)
	if err != nil {
		return e, err
	}
	switch e.Kind {
	case EntryEnv:
		if d := daemonTableOf(r.Options.Daemon); d.jobZones || d.randomDelay {
			r.cronieSetting(e)
		}
	case EntryJob:
		if r.zone != nil && e.Schedule.loc == nil {
			e.Schedule.loc = r.zone
		}
		e.Schedule.delay = r.delay
	}
	return e, nil
}

// daemonRules is the table of one daemon's rules. Every difference
// between the daemons is a row here, read by the iterator (iter.go,
// dst.go), the simulator (sim.go, cronie.go, busybox.go), Lint and the
// CLI alike.
type daemonRules struct {
	name, corpus string
	// title names the daemon in a sentence: "Debian's cron".
	title string
	// The texts a front end shows for the daemon (Daemon.Rules): where,
	// where one meets it; input, what a schedule of it is; zone, which
	// zone its schedules run in; form, what String gives of one; and
	// examples, schedules it reads, the first a daily run at 01:30 (a
	// wall time Dublin's spring change skips and New York's autumn change
	// repeats).
	where, input, zone, form string
	examples                 []string
	// version is the packaged version whose behaviour the rules
	// reproduce: the one the conformance recordings ran.
	version string
	// virtualClock: the daemon keeps cron.c's virtual time in local
	// minutes and classifies each wake-up by timeDiff (Debian, cronie).
	// Without it (BusyBox) it starts the jobs of every real minute since
	// the last wake-up, matched on their local wall time.
	virtualClock bool
	// The timeDiff thresholds, in minutes: 2..lateMax is a late
	// wake-up, lateMax+1..forwardMax a forward jump, backwardMin..0 a
	// backward jump, anything else a clock correction.
	lateMax, forwardMax, backwardMin int64
	// offsetOnFlip: the UTC offset is re-read only when the daylight
	// saving flag of the local time flips (cronie's set_time); otherwise
	// at every wake-up (Debian's, since the fix of bug #1019716).
	offsetOnFlip bool
	// wakeSecond: cron_sleep aims at this second of the next minute.
	wakeSecond int64
	// sleepResumes: cron_sleep re-reads the clock after each sleep and
	// sleeps again for what is left of the planned wait (cronie), rather
	// than sleeping once (Debian).
	sleepResumes bool
	// disparity: BusyBox's main loop runs nothing when the clock moved
	// more than this many seconds, either way, since the last wake-up.
	disparity int64
	// jobZones: a CRON_TZ= setting gives the following jobs their own
	// zone (cronie). Elsewhere a schedule with a zone of its own is an
	// error in a Simulation.
	jobZones bool
	// randomDelay: RANDOM_DELAY= delays the following jobs by a random
	// number of minutes drawn at daemon start (cronie).
	randomDelay bool
	// dayByFullness: day of month and day of week combine by whether a
	// field is full (BusyBox's FixDayDow), decided at parse time.
	dayByFullness bool
	// calendar: the daemon's schedules are systemd calendar
	// specifications (OnCalendar=), parsed and iterated by Calendar.
	calendar bool
	// timerUnits: every job is a systemd timer unit, with its own
	// AccuracySec=, RandomizedDelaySec= and Persistent= (Schedule.Timer),
	// and a Simulation may power the machine off (PoweredOff).
	timerUnits bool
	// startLag is how long after its minute begins the daemon may start
	// a job in steady running, for a monitor's deadline (Verdict): the
	// second it wakes at, then one fork per job of the minute. Recorded
	// maxima over the quick-job recordings of conformance/corpus: Debian
	// 4.6 s, cronie 1.1 s, BusyBox 1.0 s; the values leave room for a
	// busier machine.
	startLag time.Duration
	// catchUpSleep is the sleep after each caught-up minute in which the
	// daemon started a job (cron.c: "if (job_runqueue()) sleep(10)"),
	// cut short by the SIGCHLD of a job's end: it delays a catch-up only
	// while jobs run long. 0: the daemon never catches up (BusyBox).
	catchUpSleep time.Duration
	// parse and entry read a time specification and a crontab line as
	// the daemon's crontab does (ParseOptions in the Debian dialects).
	parse func(expr string, d Dialect) (Schedule, error)
	entry func(line string, d Dialect) (Entry, error)
	// debianCrontab: the daemon's crontab command is Debian's (cron
	// 3.0pl1), whose releases the Debian and DebianBookworm dialects
	// read and whose verdicts Lint quotes; another daemon has one
	// grammar of its own, read in the Debian dialect.
	debianCrontab bool
	// ownGrammar: every dialect reads the daemon's own grammar, with
	// parse and entry (systemd's OnCalendar=, a Kubernetes CronJob's
	// robfig/cron schedule), not cronsim's Strict one.
	ownGrammar bool
	// noCrontab: the daemon reads no crontab file (Kubernetes, systemd),
	// so Lint compares no crontab's lines with its reading.
	noCrontab bool
	// next and prev, when set, are the daemon's own Next and Prev, for a
	// daemon that walks no cron minutes (Kubernetes: robfig/cron's walk,
	// kubernetes.go).
	next, prev func(Schedule, time.Time) time.Time
	// skipsWordRest: a time field word is read as far as the syntax
	// goes and the rest of the word skipped, so "5#3" is 5 (Debian's
	// entry.c, get_list: Skip_Nonblanks after the list).
	skipsWordRest bool
	// hashComments: a "#" anywhere in a line starts a comment that runs
	// to its end, in the time fields and in the command alike
	// (BusyBox's config_read with "#" as its comment character).
	hashComments bool
	// systemCrontabs: the daemon reads /etc/crontab and /etc/cron.d/*,
	// whose job lines name a user between the time fields and the
	// command (Debian, cronie). BusyBox reads only the per-user files of
	// its crontabs directory.
	systemCrontabs bool
	// percentStdin: an unescaped % in a command ends the command; the
	// rest, each further % a newline, is the job's standard input, and
	// \% is a literal % (Debian's and cronie's do_command.c).
	percentStdin bool
	// skipsCronD says why the daemon does not read a file of /etc/cron.d
	// with this name, or "" when it reads it.
	skipsCronD func(name string) string
	// explainDST is ExplainDST's sentence for a schedule of the daemon
	// with clock fields; nil: Debian's wildcard and fixed-time classes.
	explainDST func(s *Schedule) string
	// mainLoop is the daemon's main loop, which a Simulation runs:
	// Vixie cron's virtual clock (vixie.go) or BusyBox's real minutes.
	mainLoop func(sim *Simulation, d *daemon) error
	// forkCost: how long starting one job keeps the daemon busy in a
	// catch-up step of the simulator (sim.go), in which a job end cuts
	// no sleep. Fitted to the recording guests, not read from source.
	// cronie's consecutive catch-up steps came as close as 0.2 ms apart
	// (p10 0.8 ms; the cronie-utc-jump-*-slow-75 files), as Debian's did,
	// so cronie gets Debian's cost: an 8 ms cost, fitted to the +30 min
	// -a file alone, ran the +60 min catch-up of -a two minutes late
	// (conformance README, "Slow jobs on every daemon").
	forkCost time.Duration
	// runningPoll: the daemon does not start a line while the line's
	// last job runs, and notices the job's end at its next wake-up on a
	// multiple of this period (BusyBox: "process already running", then
	// reaped by check_completions() at a 10-second wake-up); 0: it starts
	// a line whatever its last job does (Debian, cronie).
	runningPoll time.Duration
	// rescanWakeups: the daemon re-reads its crontabs at the first
	// wake-up and every rescanWakeups wake-ups after it, forgetting which
	// lines have a job running (BusyBox); 0: never.
	rescanWakeups int
	// cronJob: the daemon is the Kubernetes CronJob controller, whose
	// objects carry a starting deadline, a concurrency policy and a
	// suspend flag (Check's and Simulation's CronJob settings, the CLI's
	// -starting-deadline, -concurrency and -suspend).
	cronJob bool
}

var daemonTable = [...]daemonRules{
	DebianCron: {
		name: "debian", corpus: "debian-cron", title: "Debian's cron", virtualClock: true,
		where: "Debian, Ubuntu", input: "a crontab line's five time fields (minute hour day-of-month month day-of-week) or an @ word",
		zone: "the daemon's zone (its TZ)", examples: []string{"30 1 * * *", "*/15 9-17 * * mon-fri", "@daily"},
		version: "cron 3.0pl1-197 (Debian 13; 3.0pl1-162 for -dialect debian-bookworm)",
		// Debian's cron.c, main(): "timeDiff > 5" and the "large" case
		// for timeDiff > 180 or < -179 (3.0pl1 patches).
		lateMax: lateMax, forwardMax: forwardMax, backwardMin: backwardMin,
		wakeSecond: 1, skipsWordRest: true,
		systemCrontabs: true, percentStdin: true, skipsCronD: debianSkipsCronD,
		startLag: 10 * time.Second, catchUpSleep: 10 * time.Second,
		parse:         parseDebian,
		entry:         func(line string, d Dialect) (Entry, error) { return parseEntry(line, d, "") },
		debianCrontab: true,
		mainLoop:      runVixie,
		forkCost:      50 * time.Microsecond,
	},
	Cronie: {
		name: "cronie", corpus: "cronie", title: "cronie", virtualClock: true,
		where: "Fedora, RHEL, Arch", input: "a crontab line's five time fields (minute hour day-of-month month day-of-week) or an @ word, after an optional CRON_TZ=zone",
		zone: "the daemon's zone, or the job's CRON_TZ=", examples: []string{"30 1 * * *", "CRON_TZ=Asia/Tokyo 0 9 * * 1-5", "@weekly"},
		version: "cronie 1.7.2-4 (Debian 13)",
		// cronie src/cron.c, main(): "timeDiff > (3 * MINUTE_COUNT) ||
		// timeDiff < -(3 * MINUTE_COUNT)" is large, "> 5" medium, "> 0"
		// small, the rest negative: -180 is still a backward jump.
		lateMax: lateMax, forwardMax: forwardMax, backwardMin: cronieBackwardMin,
		// cronie src/cron.c, set_time(): GMToff is recomputed only when
		// tm_isdst differs from the last reading.
		offsetOnFlip: true,
		// cronie src/cron.c, cron_sleep(): sleeps until second 0 of the
		// target minute, in a loop that subtracts the clock's progress.
		wakeSecond: 0, sleepResumes: true,
		jobZones: true, randomDelay: true,
		systemCrontabs: true, percentStdin: true, skipsCronD: cronieSkipsCronD,
		explainDST: cronieExplainDST,
		// cronie src/cron.c, main(): the same "if (job_runqueue())
		// sleep(10)" in its catch-up loops.
		startLag: 5 * time.Second, catchUpSleep: 10 * time.Second,
		parse:    func(expr string, _ Dialect) (Schedule, error) { return parseCronie(expr) },
		entry:    func(line string, _ Dialect) (Entry, error) { return cronieEntry(line) },
		mainLoop: runVixie,
		forkCost: 50 * time.Microsecond,
	},
	BusyBox: {
		name: "busybox", corpus: "busybox-crond", title: "BusyBox crond",
		where: "Alpine, containers", input: "a crontab line's five time fields (minute hour day-of-month month day-of-week) or an @ word",
		zone: "the daemon's zone (its TZ)", examples: []string{"30 1 * * *", "0 */2 * * *", "*/10 6-22 * * 1-5"},
		version: "BusyBox 1.37.0-6 crond (Debian 13's busybox-static)",
		// miscutils/crond.c, crond_main(): "dt < -60 * 60 || dt > 60 *
		// 60" logs "time disparity" and runs nothing.
		disparity:     busyBoxDisparity,
		dayByFullness: true, hashComments: true,
		explainDST: busyBoxExplainDST,
		startLag:   5 * time.Second,
		parse:      func(expr string, _ Dialect) (Schedule, error) { return parseBusyBox(expr) },
		entry:      func(line string, _ Dialect) (Entry, error) { return busyBoxEntry(line) },
		mainLoop:   func(sim *Simulation, d *daemon) error { return sim.runBusyBox(d) },
		// miscutils/crond.c, crond_main(): "if (--rescan == 0) { rescan
		// = 60; rescan_crontab_dir(); }" at every wake-up, and the first
		// wake-up rescans too (crontab_dir_mtime starts at 0).
		rescanWakeups: 60,
		forkCost:      50 * time.Microsecond,
		runningPoll:   10 * time.Second,
	},
	Systemd: {
		name: "systemd", corpus: "systemd", title: "systemd",
		version: "systemd 257.13 (Debian 13) and 252.39 (Debian 12)",
		where:   "timers on Debian, Fedora, Arch",
		input:   "a timer's OnCalendar= calendar specification (systemd.time(7)): weekdays, a date and a time, then a zone, not crontab fields",
		zone:    "the machine's zone, unless the specification names one", form: "normalized form, as systemd-analyze calendar prints it",
		examples: []string{"*-*-* 01:30", "Mon..Fri 09:00", "*-*-* 02:30:00 Europe/Dublin", "daily", "*-*~01 18:00", "*:0/15"},
		// systemd's calendarspec.c: calendar specifications
		// with their own grammar and next-elapse computation.
		calendar: true, ownGrammar: true, noCrontab: true, timerUnits: true,
		parse:      func(expr string, _ Dialect) (Schedule, error) { return parseCalendarSchedule(expr, Systemd) },
		explainDST: func(*Schedule) string { return calExplainDST },
		// No crontab: a line is one timer's OnCalendar= value.
		entry: func(line string, _ Dialect) (Entry, error) { return calendarEntry(line) },
		// The service starts within milliseconds of the manager's
		// wake-up; the wake-up itself comes up to AccuracySec= plus
		// RandomizedDelaySec= after the elapse (Schedule.window).
		startLag: 2 * time.Second,
		// src/core/timer.c and sd-event's timers (systemdsim.go).
		mainLoop: func(sim *Simulation, d *daemon) error { return sim.runSystemd(d) },
	},
	Kubernetes: {
		name: "kubernetes", corpus: "kubernetes-cronjob",
		// pkg/controller/cronjob: cron.ParseStandard and
		// SpecSchedule.Next of robfig/cron v3.0.1.
		title:    "Kubernetes",
		where:    "CronJobs in a cluster",
		input:    "a CronJob's .spec.schedule: five fields (minute hour day-of-month month day-of-week) or an @ descriptor, read by robfig/cron; no TZ= in it",
		zone:     "the CronJob's .spec.timeZone (else the controller's zone)",
		examples: []string{"30 1 * * *", "0 0 ? * MON", "@every 90m"},
		version:  "Kubernetes 1.34.2 CronJob controller (robfig/cron v3.0.1), driven by conformance/drivers/kubernetes, not recorded",
		next:     kubeNext, prev: kubePrev,
		ownGrammar: true, noCrontab: true, cronJob: true,
		// The controller requeues a CronJob 100 ms after its next time
		// (nextScheduleDelta) and creates the Job in that sync: every
		// steady start in conformance/driven is at +0.1 s. The pod's own
		// start, which may send the ping, is for the check's grace.
		startLag: time.Second,
		explainDST: func(s *Schedule) string {
			if s.every > 0 {
				return "Kubernetes CronJob @every: real time after the last scheduled time, so an offset change neither moves nor repeats a run."
			}
			return "Kubernetes CronJob (robfig/cron): a run in a spring-forward gap is skipped, a time in a repeated hour runs twice, and across a 30-minute change a run can come at a wall time the schedule does not name; the controller starts only the most recent missed time, late (bounded by startingDeadlineSeconds)."
		},
	},
}

// daemonTable's Kubernetes parser and main loop are set here: they
// build or walk schedules whose rules() read the table, an
// initialization cycle for a composite literal.
func init() {
	// pkg/controller/cronjob: the controller's sync loop, not a cron
	// main loop (kubernetessim.go).
	daemonTable[Kubernetes].mainLoop = func(sim *Simulation, d *daemon) error { return sim.runKubernetes(d.sets, d.yield) }
	daemonTable[Kubernetes].parse = func(expr string, _ Dialect) (Schedule, error) { return parseKubernetes(expr) }
	daemonTable[Kubernetes].entry = func(line string, _ Dialect) (Entry, error) { return kubernetesEntry(line) }
}

// A wakeKind is how a daemon with a virtual clock treats a wake-up
// timeDiff minutes after the last (cron.c, main()).
type wakeKind uint8

const (
	wakeOnTime     wakeKind = iota // timeDiff 1
	wakeLate                       // 2..lateMax: every job of each skipped minute
	wakeForward                    // lateMax+1..forwardMax: fixed-time jobs catch up
	wakeBackward                   // backwardMin..0: wildcard jobs only, until the clock passes the virtual time
	wakeCorrection                 // anything else: a clock correction, the new time at once
)

// classify is cron.c's ladder of cases for a wake-up timeDiff minutes
// after the last one. It is the one place the thresholds are compared:
// the iterator (dst.go), the simulator (sim.go), notes, lint and due all
// ask it.
func (r *daemonRules) classify(timeDiff int64) wakeKind {
	switch {
	case timeDiff == 1:
		return wakeOnTime
	case timeDiff >= 2 && timeDiff <= r.lateMax:
		return wakeLate
	case timeDiff > r.lateMax && timeDiff <= r.forwardMax:
		return wakeForward
	case timeDiff <= 0 && timeDiff >= r.backwardMin:
		return wakeBackward
	}
	return wakeCorrection
}

// Debian's thresholds of timeDiff, in minutes, from its cron.c (see
// daemonTable); classify compares them.
const (
	lateMax     = 5
	forwardMax  = 180
	backwardMin = -179
)

// cronieBackwardMin is cronie's lowest timeDiff of a backward jump: one
// minute more than Debian's, whose patched cron.c makes -180 a clock
// correction.
const cronieBackwardMin = -3 * 60

// busyBoxDisparity is BusyBox crond's limit on the clock's movement
// between two wake-ups, in seconds (an hour).
const busyBoxDisparity = 60 * 60

// cronieZoneRules are cronie's rules for a job with its own CRON_TZ=
// zone, as Next and Prev see it: find_jobs converts the daemon's minute
// to UTC and then to the job's zone, so in steady running the job runs
// at every real minute whose wall time in its zone matches, with no
// catch-up and no hold-back at the job zone's own transitions.
var cronieZoneRules = daemonRules{name: "cronie", corpus: "cronie", title: "cronie", startLag: 5 * time.Second}

// rules returns the table the iterator uses for s.
func (s *Schedule) rules() *daemonRules {
	if s.loc != nil && daemonTableOf(s.daemon).jobZones {
		return &cronieZoneRules
	}
	if int(s.daemon) < len(daemonTable) {
		return &daemonTable[s.daemon]
	}
	return &daemonTable[DebianCron]
}

// RandomDelay returns the width of the window in which cronie starts the
// job after each time Next gives: a RANDOM_DELAY=N setting before the
// job (read with a CrontabReader) makes cronie start it a whole number
// of minutes from 0 to N-1 late, the number drawn once at each daemon
// start (cronie src/cron.c, main(): RandomScale; src/entry.c,
// load_entry(): e->delay). The window is [t, t+RandomDelay()). Zero
// means no delay.
func (s Schedule) RandomDelay() time.Duration {
	return time.Duration(s.delay) * time.Minute
}

// daemonTableOf returns d's rules, Debian's for an unknown value.
func daemonTableOf(d Daemon) *daemonRules {
	if int(d) < len(daemonTable) {
		return &daemonTable[d]
	}
	return &daemonTable[DebianCron]
}

// window is how long after its time the daemon of rules r may start a
// job of s: cronie's RANDOM_DELAY, a systemd timer's AccuracySec= plus
// RandomizedDelaySec=.
func (s *Schedule) window(r *daemonRules) time.Duration {
	switch {
	case r.timerUnits:
		return s.Timer().window()
	case r.randomDelay:
		return s.RandomDelay()
	}
	return 0
}

// cronieExplainDST is ExplainDST for cronie.
func cronieExplainDST(s *Schedule) string {
	switch {
	case s.loc != nil:
		return "cronie job with its own zone (CRON_TZ=" + s.loc.String() + "): runs at each real minute whose wall time there matches, so that zone's skipped minutes are lost and its repeated minutes run twice; while the daemon's own zone changes offset, cronie runs no such job."
	case s.Wildcard():
		return "cronie wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice. cronie notices an offset change only when the daylight saving flag flips."
	}
	return "cronie fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once. cronie notices an offset change only when the daylight saving flag flips."
}

// busyBoxExplainDST is ExplainDST for BusyBox crond.
func busyBoxExplainDST(*Schedule) string {
	return "BusyBox crond runs every job at each real minute whose wall time matches: skipped minutes are lost, repeated minutes run twice, and a clock jump of over an hour runs nothing."
}

// Rules are the documented rules of a daemon that a front end or a
// checker needs to know (DAEMONS.md has them all): the daemon's row of
// the table that Next, Simulation and Lint follow.
type Rules struct {
	// LateMax, ForwardMax and BackwardMin bound the minutes between two
	// wake-ups (cron.c's timeDiff): 2..LateMax is a late wake-up that
	// runs every skipped minute, LateMax+1..ForwardMax a forward jump
	// (daylight saving time), BackwardMin..0 a backward one, anything
	// else a clock correction. Zero for a daemon without a virtual clock
	// (BusyBox walks real minutes).
	LateMax, ForwardMax, BackwardMin int
	// DebianCrontab: the daemon's crontab command is Debian's (cron
	// 3.0pl1), whose releases the Debian and DebianBookworm dialects
	// read; another daemon reads its one grammar in the Debian dialect
	// (see ParseOptions).
	DebianCrontab bool
	// OffsetOnFlip: the daemon re-reads the zone's UTC offset only when
	// the daylight saving flag flips (cronie), so an offset change that
	// keeps the flag goes unseen until then.
	OffsetOnFlip bool
	// JobZones: a CRON_TZ= setting gives the jobs after it a zone of
	// their own (cronie).
	JobZones bool
	// CronJob: the daemon is the Kubernetes CronJob controller, whose
	// objects have a starting deadline, a concurrency policy and a
	// suspend flag beside the schedule (Check and Simulation take them).
	CronJob bool
	// TimerUnits: every job is a systemd timer unit, started up to its
	// AccuracySec= plus RandomizedDelaySec= after each elapse
	// (Schedule.Timer, Start.Window), and a Simulation may stop the
	// timers (Simulation.Stopped).
	TimerUnits bool
	// Crontab: the daemon reads crontab files, whose lines Lint checks
	// (not systemd or Kubernetes, which read one schedule at a time).
	Crontab bool
	// Title names the daemon in a sentence ("Debian's cron"), Where
	// says where one meets it ("Debian, Ubuntu"), Input what one of its
	// schedules is, Zone which zone a schedule runs in, and Form what
	// Schedule.String gives of one ("canonical form", or systemd's
	// "normalized form"): texts for a menu, a prompt or a help text.
	Title, Where, Input, Zone, Form string
	// Examples are schedules the daemon reads, the first a daily run
	// at 01:30.
	Examples []string
}

// Rules returns the daemon's documented rules (Debian's for a value
// that names no daemon).
func (d Daemon) Rules() Rules {
	r := daemonTableOf(d)
	return Rules{LateMax: int(r.lateMax), ForwardMax: int(r.forwardMax), BackwardMin: int(r.backwardMin),
		DebianCrontab: r.debianCrontab, OffsetOnFlip: r.offsetOnFlip, JobZones: r.jobZones, CronJob: r.cronJob, TimerUnits: r.timerUnits,
		Crontab: !r.noCrontab, Title: r.title, Where: r.where, Input: r.input, Zone: r.zone,
		Form: cmp.Or(r.form, "canonical form"), Examples: slices.Clone(r.examples)}
}
