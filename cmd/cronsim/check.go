package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// runCheck prints what cronsim.Lint finds in a user crontab file.
func runCheck(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] [-daemon D] [-compare all|D,...] FILE|-", stderr)
	zone := zoneFlag(fs)
	from := fs.String("from", "", "look for daylight saving time transitions in the 366 days from this instant (default: now): "+kit.TimeForms)
	dialectName := fs.String("dialect", "debian", "how Debian reads the file: debian (13, trixie) or debian-bookworm (12)")
	daemon := daemonFlag(fs)
	compare := fs.String("compare", "", "also say what changes if the crontab moves to these daemons: all, or a comma-separated list of debian, cronie, busybox")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	file, code, ok := oneArg(pos, cmd, "one crontab file (- for standard input)", stderr)
	if !ok {
		return code
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil || dialect == cronsim.Strict {
		fmt.Fprintf(stderr, "cronsim check: -dialect must be debian or debian-bookworm, not %s\n", kit.Quote(*dialectName))
		return 2
	}
	if code, ok := daemon.check(cmd, stderr); !ok {
		return code
	}
	var others []cronsim.Daemon
	if *compare == "all" {
		others = cronsim.Daemons
	} else if *compare != "" {
		for _, name := range strings.Split(*compare, ",") {
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
	start := time.Now()
	if *from != "" {
		if start, err = parseTime(*from, loc, start, "-from", stderr); err != nil {
			fmt.Fprintf(stderr, "cronsim check: %v\n", err)
			return 2
		}
	}
	data, code, ok := readInput(file, cmd, stdin, stderr)
	if !ok {
		return code
	}
	name := kit.Display(file)
	if file == "-" {
		name = "<stdin>"
	}
	rep := cronsim.Lint(string(data), cronsim.LintOptions{Dialect: dialect, Location: loc, From: start, Daemon: daemon.d, Compare: others})
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
