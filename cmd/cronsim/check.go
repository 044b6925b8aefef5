package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

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
	clean := filepath.ToSlash(filepath.Clean(path))
	return clean == "/etc/crontab" || filepath.Base(filepath.Dir(path)) == "cron.d"
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
func runCheck(cmd string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet(cmd, "usage: cronsim check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] [-daemon D] [-compare all|D,...] [-system] [-json] [-fail-on error|warning|dst|none] FILE|-", stderr)
	zone := zoneFlag(fs)
	from := fs.String("from", "", "look for daylight saving time transitions in the 366 days from this instant (default: now): "+timeForms)
	dialectName := fs.String("dialect", "debian", "how Debian reads the file: debian (13, trixie) or debian-bookworm (12)")
	daemon := daemonFlag(fs)
	compare := fs.String("compare", "", "also say what changes if the crontab moves to these daemons: all, or a comma-separated list of debian, cronie, busybox")
	system := fs.Bool("system", false, "a system crontab (/etc/crontab, /etc/cron.d/*): a user name between the time fields and the command (the default for those paths)")
	asJSON := fs.Bool("json", false, "one JSON object per finding, a line each: file, line, column, severity, code, message")
	failOn := fs.String("fail-on", "error", "exit status 1 for findings of this severity or worse: error, warning, dst (every finding) or none")
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	file, code, ok := oneArg(pos, cmd, "one crontab file (- for standard input)", stderr)
	if !ok {
		return code
	}
	failLevel, failNever := failLevels[*failOn], *failOn == "none"
	if _, known := failLevels[*failOn]; !known && !failNever {
		fmt.Fprintf(stderr, "cronsim check: -fail-on must be error, warning, dst or none, not %s\n", quoteArg(*failOn))
		return 2
	}
	systemSet := false
	fs.Visit(func(f *flag.Flag) { systemSet = systemSet || f.Name == "system" })
	if !systemSet {
		*system = isSystemCrontab(file)
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil || dialect == cronsim.Strict {
		fmt.Fprintf(stderr, "cronsim check: -dialect must be debian or debian-bookworm, not %s\n", quoteArg(*dialectName))
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
				fmt.Fprintf(stderr, "cronsim check: -compare: unknown daemon %s: want all, or debian, cronie, busybox\n", quoteArg(name))
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
	name := display(file)
	if file == "-" {
		name = "<stdin>"
	}
	rep := cronsim.Lint(string(data), cronsim.LintOptions{Dialect: dialect, Location: loc, From: start, Daemon: daemon.d, Compare: others, System: *system})
	if *system && filepath.Base(filepath.Dir(file)) == "cron.d" {
		if why := cronsim.SystemCrontabSkipped(daemon.d, filepath.Base(file)); why != "" {
			rep.Problems = append([]cronsim.Problem{{Kind: cronsim.LintNotRead, Line: 1, Message: why + ": it ignores the whole file"}}, rep.Problems...)
		}
	}
	out := newOutput(stdout)
	fail := false
	for _, p := range rep.Problems {
		fail = fail || !failNever && p.Kind.Severity() >= failLevel
	}
	code = 0
	if fail {
		code = 1
	}
	if *asJSON {
		for _, p := range rep.Problems {
			if !out.ok() {
				break
			}
			var b strings.Builder
			enc := json.NewEncoder(&b)
			enc.SetEscapeHTML(false)
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
			out.printf("%s:%d:%d: %s\n", name, p.Line, p.Column, escaped(p.Message))
		} else {
			out.printf("%s:%d: %s\n", name, p.Line, escaped(p.Message))
		}
		if p.Column > 0 {
			out.line(caret(p.Text, p.Column, "    "))
		}
	}
	problems := "no problems"
	if len(rep.Problems) > 0 {
		problems = plural(len(rep.Problems), "problem")
	}
	kind := ""
	if *system {
		kind = "system crontab, "
	}
	out.line(fmt.Sprintf("%s: %s, %s (%szone %s)", name, plural(rep.Jobs, "job"), problems, kind, loc))
	return out.finish(cmd, stderr, code)
}
