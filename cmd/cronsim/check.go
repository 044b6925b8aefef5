package main

import (
	"fmt"
	"strings"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

var cmdCheck = &command{
	usageLine: "check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] [-daemon D] [-compare all|D,...] FILE",
	short:     "lint a crontab file (- for standard input) as the daemon's crontab reads it; exit 1 on a problem",
	long: `Reports lines the daemon's crontab rejects, lines it accepts but reads
differently, jobs that never run and fixed-time jobs with a run in a
daylight saving time transition of the zone in the next 366 days
(cronsim.Lint); with -compare, also what changes if the crontab moves to
other daemons.
`,
	arg:   argFile,
	setup: setupCheck,
}

// setupCheck defines check's flags.
func setupCheck(c *call) func(string) int {
	zone := zoneFlag(c.fs)
	from := c.fs.String("from", "", "look for daylight saving time transitions in the 366 days from this instant (default: now): "+kit.TimeForms)
	sf := scheduleFlags(c.fs, false)
	compare := c.fs.String("compare", "", "also say what changes if the crontab moves to these daemons: all, or a comma-separated list of debian, cronie, busybox")
	return func(file string) int { return runCheck(c, file, zone, *from, sf, *compare) }
}

// runCheck prints what cronsim.Lint finds in a user crontab file.
func runCheck(c *call, file string, zone *zoneChoice, from string, sf *scheduleFlagSet, compare string) int {
	cmd, stdout, stderr := c.name, c.stdout, c.stderr
	dialect := sf.dialect.forCrontab()
	if dialect == cronsim.Strict {
		return c.usagef("-dialect must be debian or debian-bookworm, not %s", kit.Quote(sf.dialect.name))
	}
	if code, ok := sf.check(c); !ok {
		return code
	}
	var others []cronsim.Daemon
	if compare == "all" {
		others = cronsim.Daemons
	} else if compare != "" {
		for _, name := range strings.Split(compare, ",") {
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
	start, code, ok := c.startTime(from, loc)
	if !ok {
		return code
	}
	name, data, code, ok := c.readCrontab(file)
	if !ok {
		return code
	}
	rep := cronsim.Lint(string(data), cronsim.LintOptions{Dialect: dialect, Location: loc, From: start, Daemon: sf.daemon, Compare: others})
	out := newOutput(stdout)
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
	out.line(fmt.Sprintf("%s: %s, %s (zone %s)", name, plural(rep.Jobs, "job"), problems, loc))
	code = 0
	if len(rep.Problems) > 0 {
		code = 1
	}
	return out.finish(cmd, stderr, code)
}
