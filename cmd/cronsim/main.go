// Command cronsim answers when a crontab line runs, the way Debian's cron
// daemon runs it, daylight saving time included.
//
// Usage:
//
//	cronsim next [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
//	cronsim prev [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
//	cronsim explain [-dialect D] EXPR
//	cronsim check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] FILE|-
//	cronsim simulate ...
//	cronsim due -last TIME [-grace DURATION] [-tz ZONE] [-dialect D] [-key K] [-json] EXPR
//
// Every command that needs a zone defaults to $TZ, else the system's zone
// (/etc/localtime), and names the zone it assumed on standard error. TIME
// is RFC 3339, a date-time or a date read in the zone, or now. Output is
// streamed: the first run is printed at once, memory stays constant
// however large -n is, and the command stops when its reader goes away.
//
// next prints the next N runs strictly after -from (default: now), one
// RFC 3339 time per line in the zone, with its offset; prev prints the
// runs before it, latest first. A run that daylight saving time moved,
// repeated or kept from repeating carries a note after "  # ".
//
// explain prints the expression as an English sentence and how daylight
// saving time treats it.
//
// check reads a user crontab file as Debian's crontab reads it and reports
// lines Debian rejects, lines it accepts but reads differently, jobs that
// never run and fixed-time jobs with a run in a daylight saving time
// transition of the zone in the next 366 days (cronsim.Lint). It exits
// with status 1 when it reports anything.
//
// due prints when the next start after -last is due and the deadline
// (-grace later) after which a monitor should call the job late, one RFC
// 3339 time per line (cronsim.NextDue); an unusual due time, such as a
// catch-up after a spring-forward gap, is noted on standard error.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/cronsim-go/cronsim"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: cronsim COMMAND [flags] ARGS

commands:
  next     [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
             the next N runs after TIME, with daylight saving time notes
  prev     [-n N] [-tz ZONE] [-from TIME] [-dialect D] [-json] [-notes=false] EXPR
             the N runs before TIME, latest first
  next|prev -batch [-dialect D] [-tz ZONE]
             answer JSON Lines queries on stdin (see cronsim next -batch -h)
  explain  [-dialect D] EXPR
             the expression in English, and how daylight saving time treats it
  check    [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] FILE
             lint a user crontab file (- for standard input) the way Debian's
             crontab reads it; exit status 1 when it finds a problem
  simulate [flags]
             run the daemon's clock over a crontab (see cronsim simulate -h)
  due      -last TIME [-grace DURATION] [-tz ZONE] [-json] EXPR
             when the next start after TIME is due, and the deadline after
             which a monitor should call the job late
  serve    [-addr HOST:PORT] [-write DIR | -site DIR]
             the playground in a browser, computed there in WebAssembly
  help     this text

Flags may come before or after the arguments. ZONE is an IANA name
(Europe/Dublin); every command defaults to $TZ, else the system's zone,
and says so on standard error. TIME is RFC 3339 (2021-03-27T12:00:00Z), a
date-time in ZONE (2021-03-27T12:00), a date (2021-03-27) or now.
D is strict (default), debian or debian-bookworm. Quote EXPR: '30 1 * * *'.
Exit status: 0 success, 1 a bad expression, a problem found or output that
could not be written, 2 usage error.
`

// A command runs one subcommand with its arguments (after the command
// name) and returns the exit status.
type command func(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int

// commands is the subcommand table: a new subcommand is one entry here,
// one line in usage, and a file of its own using the helpers of flags.go.
var commands = map[string]command{
	"next":     runNextOrBatch,
	"prev":     runNextOrBatch,
	"explain":  runExplain,
	"check":    runCheck,
	"simulate": runSimulate,
	"due":      runDue,
	"serve":    runServe,
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(args[0], args[1:], stdin, stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if _, err := fmt.Fprint(stdout, usage); err != nil {
			fmt.Fprintf(stderr, "cronsim: writing output: %v\n", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "cronsim: unknown command %s\n%s", quoteArg(args[0]), usage)
	return 2
}

func parseDialect(name string) (cronsim.Dialect, error) {
	switch name {
	case "strict":
		return cronsim.Strict, nil
	case "debian":
		return cronsim.Debian, nil
	case "debian-bookworm":
		return cronsim.DebianBookworm, nil
	}
	return 0, fmt.Errorf("unknown dialect %s: want strict, debian or debian-bookworm", quoteArg(name))
}

// reportParseError prints a parse error: the expression, a caret under
// the offending character, and what is wrong. An expression followed by
// a command is a pasted crontab line, and it says so.
func reportParseError(cmd string, stderr io.Writer, err error, d cronsim.Dialect) {
	var pe *cronsim.ParseError
	if !errors.As(err, &pe) {
		fmt.Fprintln(stderr, display(err.Error()))
		return
	}
	if e, eerr := (cronsim.ParseOptions{Dialect: d}).Entry(pe.Expr); eerr == nil && e.Kind == cronsim.EntryJob && e.Command != "" && !fieldLike(e.Command) {
		fields := strings.TrimSpace(strings.TrimSuffix(pe.Expr, e.Command))
		fmt.Fprintf(stderr, "cronsim %s: %s: this looks like a crontab line; use check or drop the command: '%s'\n", cmd, quoteArg(pe.Expr), display(fields))
		return
	}
	if pe.Debian != "" {
		pe = sharpen(pe, func() error { _, err := cronsim.Parse(pe.Expr); return err })
		err = pe
	}
	fmt.Fprintf(stderr, "%s\n%s\n", caret(pe.Expr, pe.Column, ""), err)
	if pe.Debian != "" {
		fmt.Fprintf(stderr, "(Debian's crontab: %s)\n", pe.Debian)
	} else if errors.Is(err, cronsim.ErrMangled) {
		fmt.Fprintf(stderr, "(Debian's crontab accepts it; use -dialect debian to read it as Debian does)\n")
	}
}

// fieldLike reports whether the first word of what a crontab line would
// run looks like a schedule field rather than a command: a year
// (`0 0 1 1 * 2030`) or the rest of a six- or seven-field expression
// (`0 0 12 * * ? 2030`). The parser's own error names those; telling the
// user to drop them as a command would give the wrong schedule.
func fieldLike(command string) bool {
	word, _, _ := strings.Cut(strings.TrimLeft(command, " \t"), " ")
	word, _, _ = strings.Cut(word, "\t")
	if word == "" || word[0] == '/' {
		return false // a path: /bin/true
	}
	return strings.Trim(word, "0123456789*?,-/LW#") == ""
}

// sharpen returns a Debian-dialect parse error with the column and reason
// of the strict parser's error for the same field, when it has one: the
// Debian reader stops where Debian's parser gives up, which is sometimes
// past the offending value, while the strict parser names the value.
func sharpen(pe *cronsim.ParseError, strict func() error) *cronsim.ParseError {
	var spe *cronsim.ParseError
	if !errors.As(strict(), &spe) || spe.Field != pe.Field || pe.Field == cronsim.FieldNone || errors.Is(spe, cronsim.ErrExtension) {
		return pe
	}
	better := *pe
	better.Column, better.Text, better.Reason = spe.Column, spe.Text, spe.Reason
	return &better
}

// runNextOrBatch runs next or prev, or their JSON Lines batch mode
// (batch.go) when -batch is among the flags.
func runNextOrBatch(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if batchRequested(args) {
		return runBatch(name, args, stdin, stdout, stderr)
	}
	return runNext(name, args, stdin, stdout, stderr)
}
