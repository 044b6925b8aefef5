package cronsim

import (
	"fmt"
	"strings"
)

// System crontabs (/etc/crontab and the files of /etc/cron.d) and the
// command conventions Lint checks in every crontab: the user field, a
// "%" in a command, the names of /etc/cron.d files.

// SystemCrontabSkipped says why daemon d does not read a file of
// /etc/cron.d with the given base name, or returns "" when it reads it
// (and for a daemon that reads no system crontab: see LintOptions.System).
func SystemCrontabSkipped(d Daemon, name string) string {
	r := daemonTableOf(d)
	if r.skipsCronD == nil {
		return ""
	}
	return r.skipsCronD(name)
}

// debianSkipsCronD: Debian's cron reads only the /etc/cron.d files whose
// names are run-parts names, letters, digits, "_" and "-" (cron(8) in
// Debian's cron package: "they cannot contain any dots"), so
// "backup.sh" and "job.dpkg-old" are ignored.
func debianSkipsCronD(name string) string {
	if name == "" {
		return "an empty name"
	}
	if i := strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-')
	}); i >= 0 {
		return fmt.Sprintf("Debian's cron reads only /etc/cron.d files named with letters, digits, _ and - (run-parts names): %s has %s", quoteEcho(name), quoteEcho(string([]rune(name[i:])[0])))
	}
	return ""
}

// cronieSkipsCronD: cronie skips names starting with "." or "#" and
// ending in "~", ".rpmsave", ".rpmorig" or ".rpmnew" (src/database.c,
// not_a_crontab).
func cronieSkipsCronD(name string) string {
	why := ""
	switch {
	case name == "":
		why = "an empty name"
	case strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#"):
		why = "a name starting with " + quoteEcho(name[:1])
	default:
		for _, suffix := range []string{"~", ".rpmsave", ".rpmorig", ".rpmnew"} {
			if strings.HasSuffix(name, suffix) {
				why = "a name ending in " + quoteEcho(suffix)
			}
		}
	}
	if why == "" {
		return ""
	}
	return "cronie skips /etc/cron.d files with " + why
}

// systemLine splits a job line of a system crontab into the line as a
// user crontab would have it (the user field cut out) and the user,
// with the byte offset of the user field and the width cut. ok is false
// for a line that is not a job as the daemon reads it; a job with no
// word after the time fields has user "".
func systemLine(d Daemon, line string) (user string, userAt, cut int, rest string, ok bool) {
	e, err := ParseOptions{Daemon: d, Dialect: Debian}.Entry(line)
	if e.Kind != EntryJob && err == nil {
		return "", 0, 0, line, false
	}
	cmd := e.Command
	if err != nil || !strings.HasSuffix(line, cmd) {
		return "", 0, 0, line, false
	}
	at := len(line) - len(cmd)
	word := cmd
	if i := strings.IndexAny(cmd, " \t"); i >= 0 {
		word = cmd[:i]
	}
	end := at + len(word)
	for end < len(line) && (line[end] == ' ' || line[end] == '\t') {
		end++
	}
	return word, at, end - at, line[:at] + line[end:], true
}

// validUser reports whether a word can be a user name as useradd and
// the daemons' getpwnam lookups take one: letters, digits, ".", "_",
// "-", a trailing "$", not starting with "-".
func validUser(u string) bool {
	if u == "" || u[0] == '-' {
		return false
	}
	for i, r := range u {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-' || r == '$' && i == len(u)-1
		if !ok {
			return false
		}
	}
	return true
}

// checkUser reports a system crontab job line whose user field is
// missing or not a user name, and says whether it did.
func (l *linter) checkUser(n int, line, user string, userAt int, hasCommand bool) bool {
	title := daemonTitle(l.daemon)
	switch {
	case user == "":
		l.add(Problem{Kind: LintUser, Line: n, Column: column(line, min(userAt, len(line))), Text: line,
			Message: "no user field: a system crontab line is time fields, a user name, then the command; " + title + " finds no user and does not run the job"})
	case !hasCommand:
		l.add(Problem{Kind: LintUser, Line: n, Column: column(line, userAt), Text: line,
			Message: fmt.Sprintf("no user field: a system crontab line is time fields, a user name, then the command; %s reads %s as the user name and runs no command (a user crontab line in a system crontab?)", title, quoteEcho(user))})
	case !validUser(user):
		l.add(Problem{Kind: LintUser, Line: n, Column: column(line, userAt), Text: line,
			Message: fmt.Sprintf("the user field %s is not a user name: %s looks it up as one and does not run the job (a user crontab line in a system crontab?)", quoteEcho(user), title)})
	default:
		return false
	}
	return true
}

// percent reports an unescaped % in the command of a job line (the
// command starts at byte cmdAt).
func (l *linter) percent(n int, line string, cmdAt int) {
	if cmdAt >= len(line) || !daemonTableOf(l.daemon).percentStdin {
		return
	}
	cmd := line[cmdAt:]
	escaped := false
	for i := 0; i < len(cmd); i++ {
		switch {
		case escaped:
			escaped = false
		case cmd[i] == '\\':
			escaped = true
		case cmd[i] == '%':
			runs := strings.TrimRight(cmd[:i], "\r")
			input := strings.ReplaceAll(strings.TrimRight(cmd[i+1:], "\r"), "%", "\n")
			l.add(Problem{Kind: LintPercent, Line: n, Column: column(line, cmdAt+i), Text: line,
				Message: fmt.Sprintf("unescaped %% in the command: %s ends the command there and feeds the rest to it as standard input, each further %% a newline: it runs %s with input %s; write \\%% for a literal %%",
					daemonTitle(l.daemon), quoteEcho(runs), quoteEcho(input))})
			return
		}
	}
}

// hashInCommand reports a "#" in the command of a job line on a daemon
// that starts a comment there (BusyBox): the rest of the command is cut.
func (l *linter) hashInCommand(n int, line string, cmdAt int) {
	if cmdAt >= len(line) || !daemonTableOf(l.daemon).hashComments {
		return
	}
	i := strings.IndexByte(line[cmdAt:], '#')
	if i < 0 {
		return
	}
	l.add(Problem{Kind: LintWarning, Line: n, Column: column(line, cmdAt+i), Text: line,
		Message: fmt.Sprintf("warning: %s starts a comment at a # anywhere on a line: it runs only %s", daemonTitle(l.daemon), quoteEcho(strings.TrimSpace(line[cmdAt:cmdAt+i])))})
}

// commandAt returns the byte offset of the command of a job line: after
// the five time fields, or after an @ word.
func commandAt(line string) int {
	words := 5
	if strings.HasPrefix(strings.TrimLeft(line, " \t"), "@") {
		words = 1
	}
	i := 0
	for w := 0; w <= words; w++ {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if w == words {
			break
		}
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
	}
	return i
}

// systemFile lints the file-wide conventions of a system crontab.
func (l *linter) systemFile() {
	if !daemonTableOf(l.daemon).systemCrontabs {
		l.add(Problem{Kind: LintNotRead, Line: 1,
			Message: daemonTitle(l.daemon) + " reads no system crontab (/etc/crontab, /etc/cron.d): only one file per user in its crontabs directory, named after the user, whose lines have no user field"})
	}
}

// systemJobLine lints line n of a system crontab: it checks the user
// field, lints the line without it, and gives the problems the line and
// columns as written.
func (l *linter) systemJobLine(n int, line string) {
	user, at, cut, rest, ok := systemLine(l.daemon, line)
	if !ok || !daemonTableOf(l.daemon).systemCrontabs {
		l.readLine(n, line)
		l.commandLine(n, line)
		return
	}
	hasCommand := strings.TrimSpace(rest[at:]) != ""
	if l.checkUser(n, line, user, at, hasCommand) {
		l.readLine(n, line) // the schedule, as written
		return
	}
	start := len(l.report.Problems)
	l.readLine(n, rest)
	l.commandLine(n, rest)
	shift := column(line, at+cut) - column(line, at)
	for i := start; i < len(l.report.Problems); i++ {
		p := &l.report.Problems[i]
		p.Text = line
		if p.Column > column(line, at) {
			p.Column += shift
		}
	}
}

// commandLine checks the command of a job line, if it is one.
func (l *linter) commandLine(n int, line string) {
	e, err := ParseOptions{Daemon: l.daemon, Dialect: Debian}.Entry(line)
	if e.Kind != EntryJob || err != nil {
		return
	}
	at := commandAt(line)
	l.percent(n, line, at)
	l.hashInCommand(n, line, at)
}

// A Severity ranks a Problem for a CI gate (`cronsim check -fail-on`).
type Severity uint8

const (
	// SeverityInfo: the daemon runs the job as written but a daylight
	// saving time transition moves, skips or repeats a run (LintDST).
	SeverityInfo Severity = iota
	// SeverityWarning: probably a mistake, but the daemon does what the
	// line says (LintWarning, LintPercent, LintDaemon).
	SeverityWarning
	// SeverityError: the daemon rejects the line or the file, runs
	// something other than what is written, or never runs the job.
	SeverityError
)

var severityNames = [...]string{"info", "warning", "error"}

// String returns "info", "warning" or "error".
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Severity returns how serious a problem of kind k is.
func (k LintKind) Severity() Severity {
	switch k {
	case LintDST:
		return SeverityInfo
	case LintWarning, LintPercent, LintDaemon:
		return SeverityWarning
	}
	return SeverityError
}
