package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

var cmdCheck = &command{
	usageLine: "check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] [-daemon D] [-compare all|D,...] [-system] [-json] [-fail-on error|warning|dst|none] FILE",
	short:     "lint a crontab file (- for standard input) as the daemon's crontab reads it; exit 1 on an error",
	long: `Reports lines the daemon's crontab rejects, lines it accepts but reads
differently (from how they are written, or from cronsim's syntax:
0 0 * * 5#3 is the third Friday there but every Friday to Debian's cron),
jobs that never run, unescaped % in commands and fixed-time jobs with a
run in a daylight saving time transition of the zone in the next 366
days (cronsim.Lint); with -compare, also what changes if the crontab
moves to other daemons.

/etc/crontab and the files of a cron.d directory are system crontabs
(-system for any other path, -system=false to read one as a user
crontab): a user name comes between the time fields and the command.

Every finding has a severity: error, warning or info (DST). -fail-on
chooses what makes the exit status 1: error (the default), warning
(errors and warnings), dst (every finding) or none. -json prints one
JSON object per line and finding: file, line, column (0: the whole
line), severity, code (the finding's kind) and message.
`,
	arg:   argFile,
	setup: setupCheck,
}

// checkFlags are check's own flags.
type checkFlags struct {
	from, compare, failOn string
	system, asJSON        bool
}

// setupCheck defines check's flags.
func setupCheck(c *call) func(string) int {
	zone := zoneFlag(c.fs)
	var f checkFlags
	c.fs.StringVar(&f.from, "from", "", "look for daylight saving time transitions in the 366 days from this instant (default: now): "+kit.TimeForms)
	sf := scheduleFlags(c.fs, false)
	c.fs.StringVar(&f.compare, "compare", "", "also say what changes if the crontab moves to these daemons: all, or a comma-separated list of debian, cronie, busybox")
	c.fs.BoolVar(&f.system, "system", false, "a system crontab (/etc/crontab, /etc/cron.d/*): a user name between the time fields and the command (the default for those paths)")
	c.fs.BoolVar(&f.asJSON, "json", false, "one JSON object per finding, a line each: file, line, column, severity, code, message")
	c.fs.StringVar(&f.failOn, "fail-on", "error", "exit status 1 for findings of this severity or worse: error, warning, dst (every finding) or none")
	return func(file string) int { return runCheck(c, file, zone, sf, &f) }
}

// failLevels are the values of check -fail-on: the least severe finding
// that makes the exit status 1.
var failLevels = map[string]cronsim.Severity{
	"error":   cronsim.SeverityError,
	"warning": cronsim.SeverityWarning,
	"dst":     cronsim.SeverityInfo,
}

// isSystemCrontab reports whether a path names a system crontab:
// /etc/crontab, or a file in a directory named cron.d.
func isSystemCrontab(path string) bool {
	if path == "-" {
		return false
	}
	return filepath.ToSlash(filepath.Clean(path)) == "/etc/crontab" || filepath.Base(filepath.Dir(path)) == "cron.d"
}

// A jsonFinding is one line of check -json.
type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Message  string `json:"message"`
}

// runCheck prints what cronsim.Lint finds in a crontab file.
func runCheck(c *call, file string, zone *zoneChoice, sf *scheduleFlagSet, f *checkFlags) int {
	cmd, stdout, stderr := c.name, c.stdout, c.stderr
	dialect := sf.dialect.forCrontab()
	if dialect == cronsim.Strict {
		return c.usagef("-dialect must be debian or debian-bookworm, not %s", kit.Quote(sf.dialect.name))
	}
	if code, ok := sf.check(c); !ok {
		return code
	}
	failLevel, known := failLevels[f.failOn]
	failNever := f.failOn == "none"
	if !known && !failNever {
		return c.usagef("-fail-on must be error, warning, dst or none, not %s", kit.Quote(f.failOn))
	}
	systemSet := false
	c.fs.Visit(func(fl *flag.Flag) { systemSet = systemSet || fl.Name == "system" })
	system := f.system
	if !systemSet {
		system = isSystemCrontab(file)
	}
	var others []cronsim.Daemon
	if f.compare == "all" {
		others = cronsim.Daemons
	} else if f.compare != "" {
		for _, name := range strings.Split(f.compare, ",") {
			d, err := cronsim.ParseDaemon(strings.TrimSpace(name))
			if err != nil {
				fmt.Fprintf(stderr, "cronsim check: -compare: unknown daemon %s: want all, or debian, cronie, busybox\n", kit.Quote(name))
				return 2
			}
			others = append(others, d)
		}
	}
	loc, code, ok := zone.load(cmd, stderr)
	if !ok {
		return code
	}
	start, code, ok := c.startTime(f.from, loc)
	if !ok {
		return code
	}
	name, data, code, ok := c.readCrontab(file)
	if !ok {
		return code
	}
	rep := cronsim.Lint(string(data), cronsim.LintOptions{Dialect: dialect, Location: loc, From: start, Daemon: sf.daemon, Compare: others, System: system})
	if system && filepath.Base(filepath.Dir(file)) == "cron.d" {
		if why := cronsim.SystemCrontabSkipped(sf.daemon, filepath.Base(file)); why != "" {
			rep.Problems = append([]cronsim.Problem{{Kind: cronsim.LintNotRead, Line: 1, Message: why + ": it ignores the whole file"}}, rep.Problems...)
		}
	}
	code = 0
	for _, p := range rep.Problems {
		if !failNever && p.Kind.Severity() >= failLevel {
			code = 1
		}
	}
	out := newOutput(stdout)
	if f.asJSON {
		for _, p := range rep.Problems {
			if !out.ok() {
				break
			}
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false) // "<stdin>" as it is
			enc.Encode(jsonFinding{File: name, Line: p.Line, Column: p.Column, Severity: p.Kind.Severity().String(), Code: p.Kind.String(), Message: p.Message})
			out.line(string(jsonSafe([]byte(strings.TrimSuffix(b.String(), "\n")))))
		}
		return out.finish(cmd, stderr, code)
	}
	for _, p := range rep.Problems {
		if !out.ok() {
			break
		}
		if p.Column > 0 {
			out.printf("%s:%d:%d: %s\n", name, p.Line, p.Column, kit.Escaped(p.Message))
		} else {
			out.printf("%s:%d: %s\n", name, p.Line, kit.Escaped(p.Message))
		}
		if p.Column > 0 {
			out.line(kit.Caret(p.Text, p.Column, "    "))
		}
	}
	problems := "no problems"
	if len(rep.Problems) > 0 {
		problems = plural(len(rep.Problems), "problem")
	}
	kind := ""
	if system {
		kind = "system crontab, "
	}
	out.line(fmt.Sprintf("%s: %s, %s (%szone %s)", name, plural(rep.Jobs, "job"), problems, kind, loc))
	return out.finish(cmd, stderr, code)
}
