// Package cronsim tells when a crontab line runs: exactly when Debian's
// cron daemon runs it, daylight saving time transitions included. The
// package example shows the rule that sets Debian's daemon apart, on
// Dublin's 2021 transitions; "Wildcard and fixed-time jobs" below states
// it.
//
// # Parsing
//
// [Parse] reads the five fields of a crontab time specification (minute,
// hour, day of month, month, day of week) or one of Debian's @ strings, in
// the Strict dialect: Debian's syntax plus the extensions below,
// rejecting what Debian rejects, what Debian silently reads differently
// ("5;x" is minute 5 to Debian) and schedules that never run.
// [ParseOptions] is the one general way to parse, of which Parse and
// [MustParse] are shorthands: its Dialect [Debian] accepts exactly what
// the daemon's crontab accepts and means what the daemon means, quirks
// included; its Daemon picks the daemon; its HashKey gives H values
// their key. [ParseOptions.Entry] reads a whole crontab line. Errors are
// [*ParseError] values naming the field, the column and the reason, and
// wrapping sentinels such as [ErrRange] for [errors.Is].
//
// # The Strict dialect's extensions
//
// Users of other cron libraries paste these; the Debian dialects reject
// each of them (the zone prefix and the year field with an error wrapping
// [ErrExtension] that names them). Debian's day rule still holds: the
// day-of-month and day-of-week fields are combined with AND when either
// starts with "*" (or is "?"), with OR otherwise. Canonical text
// ([Schedule.String]) writes each extension back in one form.
//
// L, LW, L-n: in day of month, "L" is the last day of the month, "LW"
// the last weekday (Monday to Friday) and "L-3" the day 3 days before the
// last (n from 1 to 30; "L-1" in a 31-day month is the 30th). A range may
// end in L: "29-L" is the 29th to the month's last day, "1-L/8" the 1st,
// 9th, 17th and 25th; as no month is longer than 31 days, these are
// "29-31" and "1-31/8", and their canonical text lists the days
// ("29-31", "1,9,17,25").
//
// nW: "15W" is the weekday nearest the 15th: a Saturday moves to Friday
// the 14th and a Sunday to Monday the 16th, never out of the month ("1W"
// on a Saturday is Monday the 3rd; "31W" on a Sunday is Friday the 29th),
// as in Quartz. A month without day n has no such day: "30W" never runs
// in February, and "0 0 30W 2 *" is rejected as never running. Several
// may be listed ("1W,15W").
//
// Weekday L and #: in day of week, "5L" (or "FRIL", or "FRI#L") is the
// last Friday of the month and "5#2" the second Friday (k from 1 to 5; a
// month without a fifth Friday has no "5#5"). Both apply to a range of
// weekdays, each weekday of it: "MON-FRI#1" is the first Monday, the
// first Tuesday, ... of the month, and "SAT-SUN#L" the last Saturday and
// the last Sunday. Only the item they end applies: "THU,FRI#L" is every
// Thursday and the last Friday. A name with L ("MONL", "FRIL") is
// accepted, as croner accepts it; Python's cronsim rejects it.
//
// ?: "?" alone in the day-of-month or day-of-week field is "*"
// (Quartz's "no specific value"), for Debian's day rule too: "0 0 1 * ?"
// runs on the 1st.
//
// H: with a key ([ParseOptions].HashKey, such as the job's name), "H"
// is a value picked by hashing the key, so that many jobs written "H 3 *
// * *" spread over the hour but each keeps its minute: "H", "H/15",
// "H(0-29)", "H(0-29)/10", in any field. The hash is documented at
// [ParseOptions] and is croniter's, so croniter with the same hash_id
// picks the same times. Without a key, H is an error wrapping
// [ErrHashKey]. Canonical text has the values, not the H, and an H is a
// number to Debian's rules: "H H * * *" is a fixed-time job.
//
// Seconds and years: six fields are seconds first ("30 0 0 * * *"), as
// in robfig/cron, croner and Python's cronsim; seven are seconds first and
// a year last, 1970-2099 ("0 30 1 * * * 2030-2032"), as in Quartz and
// croner. A year is never read from six fields: six fields already mean
// seconds first, so "0 0 1 1 * 2026" (a year sixth, as gronx and
// gorhill/cronexpr read it) is rejected, with an error saying where a
// year goes. After the last year allowed, Next returns the zero Time.
//
// Zone prefix: "CRON_TZ=Europe/Dublin 30 1 * * *" (or "TZ=...", as in
// robfig/cron and cronie) gives the schedule its own zone
// ([Schedule.Location]): Next and Prev evaluate in it and return times
// in it, whatever location they are given. Debian's cron has no per-job
// zone (in a crontab file a CRON_TZ= line is an environment setting, and
// [ParseOptions.Entry] reads it as one); a [Simulation] of the Debian daemon
// rejects a line with a zone other than the daemon's.
//
// Where other libraries answer otherwise, on purpose (each is a test
// vector in the repository's peers_test.go): a fixed-time job whose time
// a spring-forward skips runs at the first minute after the gap (robfig
// skips it), and one whose time a fall-back repeats runs once (robfig
// runs it twice); "30 23 1-7 JAN MON-FRI#1" is days 1-7 OR the first
// weekdays, by Debian's day rule (croniter takes the first weekdays
// only); "*,SAT#3" in day of week is every day (croniter: the third
// Saturday); croniter writes seconds sixth and a year seventh, cronsim
// seconds first; gronx and gorhill/cronexpr read a sixth field as a
// year; Python's cronsim rejects "MONL" and reads "L/2" as "L", which
// cronsim rejects (as croniter does).
//
// # Wildcard and fixed-time jobs
//
// Debian decides from the first character of the minute and hour fields
// how a job lives through a change of the clock. A line whose minute or
// hour field starts with "*" ("*/10 * * * *", "15 * * * *", "* 1 * * *",
// @hourly) is a wildcard job; every other line ("30 1 * * *",
// "0-59 1 * * *", @daily) is a fixed-time job ([Schedule.Wildcard]).
//
//   - Wildcard jobs run at every real minute whose wall-clock time
//     matches. When clocks spring forward the skipped minutes are lost;
//     when they fall back, the repeated minutes run again.
//   - Fixed-time jobs whose time is skipped by a forward transition run
//     once at the first minute after it; in a repeated period they do not
//     run a second time.
//   - Transitions of 3 hours or more are clock corrections: the new time
//     is used at once (Pacific/Apia skipping 2011-12-30 loses that day's
//     runs).
//
// A worked example, Europe/Dublin on 2021-03-28, when 01:00 GMT became
// 02:00 IST: "30 1 * * *" runs at 02:00 IST; "30 * * * *" runs at 00:30
// GMT and 02:30 IST, with no 01:30. On 2021-10-31, when 02:00 IST became
// 01:00 GMT, "30 1 * * *" runs once, at 01:30 IST, while "30 * * * *"
// runs at 01:30 IST and again an hour later at 01:30 GMT.
//
// The same rules cover 30-minute (Australia/Lord_Howe), 2-hour
// (Antarctica/Troll) and 45-minute-offset (Pacific/Chatham) zones:
// nothing assumes a one-hour shift, and wall times are never resolved
// with time.Date, which picks different sides of a gap or overlap in
// different zones.
//
// # Seconds
//
// Debian's cron has no seconds field, so no daemon says how a six-field
// schedule lives through a transition. cronsim gives it the rules of its
// minute and hour fields, as if the seconds field were not there: "0 30
// 1 * * *" runs exactly when "30 1 * * *" runs, and a fixed-time job
// skipped by a forward transition runs in the first minute after it, at
// each second its seconds field allows ("11,22 30 3 * * *" in
// Europe/Riga on 2021-03-28, when 03:00 became 04:00, runs at 04:00:11
// and 04:00:22). A wildcard job ("*/10 * * * * *") runs at every real
// second whose wall time matches. This keeps a job's runs the same
// whether it is written with a seconds field or not. Python's cronsim
// (2.7) chose otherwise: it applies no transition rule to six-field
// expressions, so there the skipped run is lost.
//
// # Iterating
//
// [Schedule.Next] and [Schedule.Prev] give the run strictly after or
// before an instant, in that instant's location; [Schedule.All] and
// [Schedule.Backward] give the runs as range-over-func sequences. Next
// allocates nothing, a schedule that never runs answers at once, and
// every search is bounded. A Schedule is an immutable value, safe for
// concurrent use.
//
// # Other daemons
//
// Everything above is Debian's cron, the default. A [Daemon] value picks
// another: [Cronie] (Fedora, RHEL, Arch) or [BusyBox] crond (Alpine).
// [ParseOptions] with that Daemon and the Debian dialect reads a line
// with the daemon's own parser (in the Strict dialect, with cronsim's),
// and the schedule it returns follows the daemon's rules in Next,
// Prev, All, Backward and [Simulation] (whose Daemon field picks the
// loop simulated). The daemons differ in exactly the cases above:
// BusyBox walks real minutes, so a job in a spring gap is skipped and one
// in a repeated hour runs twice, whatever its fields; cronie re-reads the
// zone's offset only when the daylight saving flag flips, runs a job
// under CRON_TZ= in that zone, and starts a job under RANDOM_DELAY=N
// within a window of N minutes ([Schedule.RandomDelay]). Each rule is one
// row of one table per daemon, read by the iterator, the simulator and
// [Lint] alike; [LintOptions].Compare tells what changes when a crontab
// moves between daemons. The repository's DAEMONS.md has the matrix.
//
// # Simulating the daemon
//
// An iterator answers for one line with the daemon running steadily. A
// [Simulation] replays the daemon itself over a whole crontab (read line
// by line with [ParseOptions.Entry], comments and environment settings as Debian
// reads them): clock sets, late wake-ups and slow jobs included, it lists
// every job start, repeats kept, with the minute it was for and a
// [Reason]. Over a skipped hour, "0-59 1 * * *" starts 60 times at once.
// [Simulation.Starts] streams the starts in constant memory;
// [Simulation.Run] collects them. Inputs out of range (End before Start,
// times outside 1678-2262, spans over 20 years) are a [*SimulationError]
// naming the field, never a shortened result.
//
// # Monitoring
//
// A monitoring service that is pinged when a job starts asks when the
// silence means the job is late. [NextDue] answers from the schedule,
// the daemon's zone, the last observed start and a grace period: when
// the next start is due, the deadline after which the job is late, and a
// [DueNote] when the due time is unusual (a catch-up after a gap, a
// repeat that does not happen, a clock correction). [StartsBetween]
// counts the starts to expect between two instants, catch-up bursts as
// the daemon makes them. Replaying every recording of the conformance
// corpus as pings, no start comes after its deadline with a grace of a
// minute (where jobs are slow, plus the catch-up allowance NextDue
// describes), and removing a single start is noticed.
//
// The conformance corpus in the module's conformance directory holds
// what a real Debian cron did in QEMU, and the tests hold this package
// to it.
package cronsim
