// Command cronsim answers when a crontab line runs, the way a cron
// daemon runs it (Debian's cron by default, cronie or BusyBox crond with
// -daemon), daylight saving time included.
//
// Usage:
//
//	cronsim COMMAND [flags] ARGS
//	cronsim help [COMMAND]
//
// The commands are next, prev, explain, check, simulate, due, serve and
// version;
// "cronsim help" lists them with their flags' synopses and "cronsim help
// COMMAND" (or "cronsim COMMAND -h") describes one. Every command that
// needs a zone defaults to $TZ, else the system's zone (/etc/localtime),
// and names the zone it assumed on standard error. Output is streamed:
// the first run is printed at once, memory stays constant however large
// -n is, and the command stops when its reader goes away.
//
// Exit status: 0 success (and help asked for), 1 a bad expression, a
// problem found or output that could not be written, 2 a usage error.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/cronsim-go/cronsim/internal/kit"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// A command is one entry of the command table, as in cmd/go: the help
// texts, what it takes after its flags, and setup, which defines its
// flags on a fresh flag set and returns the function that runs it.
//
// A new command is a file that declares one *command and a line in
// commands below; the top-level help is generated from the table.
type command struct {
	// usageLine is the synopsis after "cronsim ": the command's name,
	// then its flags and arguments.
	usageLine string
	short     string // one line for the top-level help
	long      string // more text for "cronsim help COMMAND"; may be ""
	// arg is what the command takes after its flags: argExpr, argFile
	// or argNone.
	arg string
	// setup defines the command's flags on c.fs (with the shared
	// definitions of flags.go: zoneFlag, scheduleFlags, ...) and returns
	// the function that runs the command once they are parsed, with the
	// argument (or "" for argNone). It returns the exit status.
	setup func(c *call) func(arg string) int
	// variant, when set, picks another entry for these arguments (next
	// -batch); it returns nil to keep this one.
	variant func(args []string) *command
}

// What a command takes after its flags.
const (
	argExpr = "EXPR"
	argFile = "FILE"
	argNone = ""
)

// name is the command's name, the first word of its usage line.
func (cmd *command) name() string {
	name, _, _ := strings.Cut(cmd.usageLine, " ")
	return name
}

// commands is the command table, in the order of the top-level help.
var commands []*command

func init() {
	commands = []*command{cmdNext, cmdPrev, cmdBatch, cmdExplain, cmdCheck, cmdSimulate, cmdDue, cmdServe, cmdVersion}
}

// commandNames lists the names "cronsim NAME" takes.
func commandNames() []string {
	names := []string{"help"}
	for _, cmd := range commands {
		if !slices.Contains(names, cmd.name()) {
			names = append(names, cmd.name())
		}
	}
	return names
}

// lookup returns the command that runs "cronsim NAME ARGS", or nil.
func lookup(name string, args []string) *command {
	for _, cmd := range commands {
		if cmd.name() == name {
			if cmd.variant != nil {
				if v := cmd.variant(args); v != nil {
					return v
				}
			}
			return cmd
		}
	}
	return nil
}

// A call is one run of a command: its standard streams and its flag set.
type call struct {
	cmd            *command
	name           string // the name it was called by: "next" for next -batch
	fs             *flag.FlagSet
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errorf prints "cronsim NAME: message" on standard error.
func (c *call) errorf(format string, args ...any) {
	fmt.Fprintf(c.stderr, "cronsim %s: %s\n", c.name, fmt.Sprintf(format, args...))
}

// usagef reports a usage error and returns its exit status, 2.
func (c *call) usagef(format string, args ...any) int {
	c.errorf(format, args...)
	return 2
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, topUsage())
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return runHelp(args[1:], stdout, stderr)
	}
	cmd := lookup(args[0], args[1:])
	if cmd == nil {
		fmt.Fprintf(stderr, "cronsim: unknown command %s%s\n%s", kit.Quote(args[0]), didYouMean(closest(args[0], commandNames())), topUsage())
		return 2
	}
	c := &call{cmd: cmd, name: args[0], stdin: stdin, stdout: stdout, stderr: stderr}
	c.fs = newFlagSet(args[0], stderr)
	runCmd := cmd.setup(c)
	pos, err := parseArgs(c.fs, args[1:])
	switch {
	case err == flag.ErrHelp:
		return printHelp(cmd, c.fs, stdout, stderr)
	case err != nil:
		// The flag package has said what is wrong.
		fmt.Fprintf(stderr, "usage: cronsim %s\nRun 'cronsim help %s' for details.\n", cmd.usageLine, c.name)
		return 2
	}
	var arg string
	switch {
	case cmd.arg == argNone && len(pos) > 0:
		return c.usagef("unexpected argument %s", kit.Quote(pos[0]))
	case cmd.arg == argExpr:
		var code int
		var ok bool
		if arg, code, ok = oneArg(pos, c.name, "one expression (quote it)", stderr); !ok {
			return code
		}
	case cmd.arg == argFile:
		var code int
		var ok bool
		if arg, code, ok = oneArg(pos, c.name, "one crontab file (- for standard input)", stderr); !ok {
			return code
		}
	}
	return runCmd(arg)
}

// runHelp prints the top-level help, or one command's, on standard
// output: help asked for is not an error.
func runHelp(args []string, stdout, stderr io.Writer) int {
	switch len(args) {
	case 0:
		if _, err := fmt.Fprint(stdout, topUsage()); err != nil {
			fmt.Fprintf(stderr, "cronsim: writing output: %v\n", err)
			return 1
		}
		return 0
	case 1:
		cmd := lookup(args[0], nil)
		if cmd == nil {
			fmt.Fprintf(stderr, "cronsim help: unknown command %s%s; run 'cronsim help' for the list\n", kit.Quote(args[0]), didYouMean(closest(args[0], commandNames())))
			return 2
		}
		c := &call{cmd: cmd, name: args[0], stdin: strings.NewReader(""), stdout: stdout, stderr: stderr}
		c.fs = newFlagSet(args[0], stderr)
		cmd.setup(c)
		return printHelp(cmd, c.fs, stdout, stderr)
	}
	fmt.Fprintln(stderr, "usage: cronsim help [COMMAND]")
	return 2
}

// printHelp prints a command's usage line, its help and its flags.
func printHelp(cmd *command, fs *flag.FlagSet, stdout, stderr io.Writer) int {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: cronsim %s\n\n%s.\n", cmd.usageLine, upperFirst(cmd.short))
	if cmd.long != "" {
		fmt.Fprintf(&b, "\n%s", cmd.long)
	}
	b.WriteString("\nFlags:\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	if _, err := io.WriteString(stdout, b.String()); err != nil {
		fmt.Fprintf(stderr, "cronsim: writing output: %v\n", err)
		return 1
	}
	return 0
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// topUsage is the top-level help, generated from the command table.
func topUsage() string {
	var b strings.Builder
	b.WriteString("usage: cronsim COMMAND [flags] ARGS\n\ncommands:\n")
	for _, cmd := range commands {
		name, rest, _ := strings.Cut(cmd.usageLine, " ")
		if strings.HasPrefix(rest, "-batch") { // next|prev -batch
			name = "next|prev"
		}
		fmt.Fprintf(&b, "  %-8s %s\n", name, rest)
		fmt.Fprintf(&b, "             %s\n", cmd.short)
	}
	b.WriteString(`  help     [COMMAND]
             this text, or a command's help and flags (also: cronsim COMMAND -h)

Flags may come before or after the arguments. ZONE is an IANA name
(Europe/Dublin); every command defaults to $TZ, else the system's zone,
and says so on standard error. TIME is RFC 3339 (2021-03-27T12:00:00Z), a
date-time in ZONE (2021-03-27T12:00), a date (2021-03-27) or now; a wall
time the zone skips is an error, one it repeats is the first.
-daemon is the daemon whose parser and rules apply: debian (default),
cronie, busybox, systemd (EXPR is an OnCalendar= specification) or
kubernetes (a CronJob's .spec.schedule; -tz is its .spec.timeZone).
-dialect is Debian's grammar: strict, debian or debian-bookworm
(default: strict for an expression, debian for a crontab file); it goes
with -daemon debian only. Quote EXPR: '30 1 * * *'.
Exit status: 0 success, 1 a bad expression, a problem found or output that
could not be written, 2 usage error.
`)
	return b.String()
}
