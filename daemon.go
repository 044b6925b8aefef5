package cronsim

import (
	"fmt"
	"strings"
	"time"
)

// A Daemon is a cron implementation whose behaviour a Schedule follows.
// Debian's cron is the zero value and the default of every function that
// takes no Daemon. A schedule parsed with Daemon.Parse or
// Daemon.ParseEntry remembers its daemon, so Next, Prev, All, Backward
// and Simulation use that daemon's rules without being told again.
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
	// Kubernetes is the CronJob controller of Kubernetes (kubernetes.go):
	// robfig/cron v3's parser and Next, and the controller's catch-up
	// rules in a Simulation.
	Kubernetes
)

// Daemons lists every daemon cronsim models, in the order of their
// values.
var Daemons = []Daemon{DebianCron, Cronie, BusyBox, Kubernetes}

// String returns the daemon's short name: debian, cronie or busybox,
// as the CLI's -daemon flag takes it.
func (d Daemon) String() string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].name
	}
	return fmt.Sprintf("Daemon(%d)", int(d))
}

// CorpusName returns the name a conformance corpus file gives the
// daemon in its "daemon" field: debian-cron, cronie or busybox-crond.
func (d Daemon) CorpusName() string {
	if int(d) < len(daemonTable) {
		return daemonTable[d].corpus
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
	return 0, fmt.Errorf("cronsim: unknown daemon %q: want debian, cronie, busybox or kubernetes", name)
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

// Daemon returns the daemon whose rules the schedule follows.
func (s Schedule) Daemon() Daemon { return s.daemon }

// For returns the schedule with the same fields run by daemon d. The
// fields are the ones the schedule was parsed into: to see how d's own
// parser reads the text, parse it with d.Parse.
func (s Schedule) For(d Daemon) Schedule {
	s.daemon = d
	return s
}

// Parse parses a crontab time specification as the daemon's crontab and
// daemon read it: DebianCron in the Debian dialect, Cronie and BusyBox
// with their own parsers (cronie.go, busybox.go). The schedule follows
// the daemon's rules.
func (d Daemon) Parse(expr string) (Schedule, error) {
	if p := daemonTableOf(d).parse; p != nil {
		return p(expr)
	}
	switch d {
	case Cronie:
		return parseCronie(expr)
	case BusyBox:
		return parseBusyBox(expr)
	}
	return ParseDialect(expr, Debian)
}

// ParseEntry parses one crontab line as the daemon reads it. Environment
// settings the daemon gives a meaning (cronie's CRON_TZ and
// RANDOM_DELAY) apply to the jobs after them: use a CrontabReader to
// read a whole file with them.
func (d Daemon) ParseEntry(line string) (Entry, error) {
	if p := daemonTableOf(d).parse; p != nil {
		// A daemon without a crontab (Kubernetes): a line is one
		// schedule, with no command; blank lines and # comments are
		// skipped.
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			return Entry{Kind: EntryComment}, nil
		}
		s, err := p(text)
		return Entry{Kind: EntryJob, Schedule: s}, err
	}
	switch d {
	case Cronie:
		return cronieEntry(line)
	case BusyBox:
		return busyBoxEntry(line)
	}
	return ParseEntry(line, Debian)
}

// A CrontabReader reads a crontab file line by line as one daemon does,
// carrying the settings that change how later jobs run (cronie's
// CRON_TZ= and RANDOM_DELAY=) to the schedules of those jobs.
type CrontabReader struct {
	Daemon Daemon
	zone   *time.Location
	delay  uint16 // minutes
}

// Entry parses the next line.
func (r *CrontabReader) Entry(line string) (Entry, error) {
	e, err := r.Daemon.ParseEntry(line)
	if err != nil {
		return e, err
	}
	switch e.Kind {
	case EntryEnv:
		if r.Daemon == Cronie {
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
	// parse, when set, is the daemon's own parser (Daemon.Parse), and
	// next and prev its own Next and Prev, for a daemon that is no cron
	// (Kubernetes: robfig/cron's walk, kubernetes.go).
	parse      func(string) (Schedule, error)
	next, prev func(Schedule, time.Time) time.Time
	// controller: the Simulation runs the Kubernetes CronJob controller
	// (kubernetessim.go) rather than a cron main loop.
	controller bool
	// dstText, when set, is ExplainDST's sentence for every schedule of
	// the daemon.
	dstText string
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
}

var daemonTable = [...]daemonRules{
	DebianCron: {
		name: "debian", corpus: "debian-cron", virtualClock: true,
		// Debian's cron.c, main(): "timeDiff > 5" and the "large" case
		// for timeDiff > 180 or < -179 (3.0pl1 patches).
		lateMax: lateMax, forwardMax: forwardMax, backwardMin: backwardMin,
		wakeSecond: 1, skipsWordRest: true,
		systemCrontabs: true, percentStdin: true, skipsCronD: debianSkipsCronD,
	},
	Cronie: {
		name: "cronie", corpus: "cronie", virtualClock: true,
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
	},
	BusyBox: {
		name: "busybox", corpus: "busybox-crond",
		// miscutils/crond.c, crond_main(): "dt < -60 * 60 || dt > 60 *
		// 60" logs "time disparity" and runs nothing.
		disparity:     busyBoxDisparity,
		dayByFullness: true, hashComments: true,
	},
	Kubernetes: {
		name: "kubernetes", corpus: "kubernetes-cronjob",
		// pkg/controller/cronjob: cron.ParseStandard and
		// SpecSchedule.Next of robfig/cron v3.0.1.
		next: kubeNext, prev: kubePrev, controller: true,
		dstText: "Kubernetes CronJob (robfig/cron): a run in a spring-forward gap is skipped, a time in a repeated hour runs twice, and across a 30-minute change a run can come at a wall time the schedule does not name; the controller starts only the most recent missed time, late (bounded by startingDeadlineSeconds).",
	},
}

// daemonTable's Kubernetes parser is set here: parseKubernetes builds
// schedules whose rules() read the table, an initialization cycle for
// a composite literal.
func init() { daemonTable[Kubernetes].parse = parseKubernetes }

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
var cronieZoneRules = daemonRules{name: "cronie", corpus: "cronie"}

// rules returns the table the iterator uses for s.
func (s *Schedule) rules() *daemonRules {
	if s.daemon == Cronie && s.loc != nil {
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

// window is the RANDOM_DELAY window of a start of s under rules r.
func (s *Schedule) window(r *daemonRules) time.Duration {
	if !r.randomDelay {
		return 0
	}
	return s.RandomDelay()
}

// explainDaemonDST is ExplainDST for a daemon other than Debian's.
func (s Schedule) explainDaemonDST() string {
	if t := s.rules().dstText; t != "" {
		return t
	}
	switch {
	case s.daemon == BusyBox:
		return "BusyBox crond runs every job at each real minute whose wall time matches: skipped minutes are lost, repeated minutes run twice, and a clock jump of over an hour runs nothing."
	case s.daemon == Cronie && s.loc != nil:
		return "cronie job with its own zone (CRON_TZ=" + s.loc.String() + "): runs at each real minute whose wall time there matches, so that zone's skipped minutes are lost and its repeated minutes run twice; while the daemon's own zone changes offset, cronie runs no such job."
	case s.Wildcard():
		return "cronie wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice. cronie notices an offset change only when the daylight saving flag flips."
	}
	return "cronie fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once. cronie notices an offset change only when the daylight saving flag flips."
}
