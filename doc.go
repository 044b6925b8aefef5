// Package cronsim tells when a crontab line runs: exactly when Debian's
// cron daemon runs it, daylight saving time transitions included.
//
// # Parsing
//
// [Parse] reads the five fields of a crontab time specification (minute,
// hour, day of month, month, day of week) or one of Debian's @ strings, in
// the Strict dialect: Debian's syntax plus cronsim's extensions (L and LW
// in day of month, 5L and 5#2 in day of week, an optional leading seconds
// field), rejecting what Debian rejects, what Debian silently reads
// differently ("5;x" is minute 5 to Debian) and schedules that never run.
// [ParseDialect] with [Debian] accepts exactly what Debian's crontab
// accepts and means what its daemon means, quirks included. Errors are
// [*ParseError] values naming the field, the column and the reason, and
// wrapping sentinels such as [ErrRange] for [errors.Is].
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
// # Iterating
//
// [Schedule.Next] and [Schedule.Prev] give the run strictly after or
// before an instant, in that instant's location; [Schedule.All] and
// [Schedule.Backward] give the runs as range-over-func sequences. Next
// allocates nothing, a schedule that never runs answers at once, and
// every search is bounded. A Schedule is an immutable value, safe for
// concurrent use.
//
// # Simulating the daemon
//
// An iterator answers for one line with the daemon running steadily. A
// [Simulation] replays the daemon itself over a whole crontab (read line
// by line with [ParseEntry], comments and environment settings as Debian
// reads them): clock sets, late wake-ups and slow jobs included, it lists
// every job start, repeats kept, with the minute it was for and a
// [Reason]. Over a skipped hour, "0-59 1 * * *" starts 60 times at once.
// [Simulation.Starts] streams the starts in constant memory;
// [Simulation.Run] collects them. Inputs out of range (End before Start,
// times outside 1678-2262, spans over 20 years) are a [*SimulationError]
// naming the field, never a shortened result.
//
// The conformance corpus in the module's conformance directory holds
// what a real Debian cron did in QEMU, and the tests hold this package
// to it.
package cronsim
