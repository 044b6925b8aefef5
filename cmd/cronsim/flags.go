package main

// Helpers shared by every subcommand, so that they agree on flags, zones,
// times, messages and output. A new subcommand (next/prev -batch, due,
// serve) should use them:
//
//	fs := newFlagSet("due", "usage: cronsim due [flags] EXPR", stderr)
//	zone := zoneFlag(fs)                 // -tz, default $TZ or the system's zone
//	last := fs.String("last", "", "..."+timeForms) // then parseTime below
//	pos, code, ok := parseArgs(fs, args)  // flags may follow EXPR
//	expr, code, ok := oneArg(pos, "due", "one expression (quote it)", stderr)
//	loc, code, ok := zone.load("due", stderr)
//	loc = zone.fromExpression("due", sched.Location(), stderr) // if not nil: CRON_TZ= wins
//	zone.announce("due", stderr)       // before the results: names a defaulted zone
//	t, err := parseTime(*last, loc, time.Now(), "-last", stderr)
//	out := newOutput(stdout)             // buffered; out.printf, out.line
//	return out.finish("due", stderr, 0)  // flushes, reports a write error
//
// Every helper prints its own message and returns the exit status to use
// (0 after -h, 1 for a bad expression or output that could not be
// written, 2 for a usage error).

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/cronsim-go/cronsim"
)

// newFlagSet returns a flag set that prints errors to stderr and the
// usage line then the flags for -h.
func newFlagSet(cmd, usageLine string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	// The flag package echoes a bad flag's name and value as given.
	fs.SetOutput(escapeWriter{stderr})
	fs.Usage = func() {
		fmt.Fprintln(stderr, usageLine)
		fs.PrintDefaults()
	}
	return fs
}

// escapeWriter escapes control characters (but newlines and tabs) and
// invalid UTF-8 in what is written through it, and cuts each line to
// escapeLineMax characters: it carries the flag package's messages,
// which echo a mistyped flag ("-x\x1b]0;title\a") as it was given.
type escapeWriter struct{ w io.Writer }

const escapeLineMax = 1000

func (e escapeWriter) Write(p []byte) (int, error) {
	var b strings.Builder
	n := 0
	for off := 0; off < len(p); {
		if c := p[off]; c == '\n' || c == '\t' {
			b.WriteByte(c)
			if c == '\n' {
				n = 0
			}
			off++
			continue
		}
		text, size := piece(string(p[off:min(off+utf8.UTFMax, len(p))]))
		if n == escapeLineMax {
			end := bytes.IndexByte(p[off:], '\n')
			if end < 0 {
				end = len(p) - off
			}
			b.WriteString("..." + moreBytes(end))
			off += end
			continue
		}
		b.WriteString(text)
		n++
		off += size
	}
	if _, err := io.WriteString(e.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

// parseArgs parses a subcommand's flags and returns its other arguments.
// Flags may come before or after them ("next '0 0 * * *' -n 3"); "--"
// ends the flags. When it fails it returns the exit status: 0 after -h,
// 2 for a usage error.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, int, bool) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return nil, 0, false
			}
			return nil, 2, false
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), 0, true
		}
		if len(rest) == 0 {
			return pos, 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// oneArg wants exactly one argument, described by what. Five or more
// arguments are an unquoted expression or crontab line: it says so.
func oneArg(pos []string, cmd, what string, stderr io.Writer) (string, int, bool) {
	if len(pos) == 1 {
		return pos[0], 0, true
	}
	msg := fmt.Sprintf("cronsim %s: want exactly %s, got %s", cmd, what, plural(len(pos), "argument"))
	if len(pos) >= 5 && strings.Contains(what, "expression") {
		msg += fmt.Sprintf("; quote the expression, as in: cronsim %s '%s'", cmd, display(strings.Join(pos[:5], " ")))
	}
	fmt.Fprintln(stderr, msg)
	return "", 2, false
}

// plural writes "1 job", "0 jobs", "3 jobs".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// timeForms lists what parseTime accepts, for flag help and errors.
const timeForms = "RFC 3339 (2021-03-27T12:00:00Z, 2021-03-27T13:00:00+01:00), " +
	"a date-time in -tz (2021-03-27T12:00, 2021-03-27 12:00:00), a date (2021-03-27, its first instant in -tz), or now"

// localLayouts are the date-times without an offset parseTime reads in
// the zone; a bare date is its first instant.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"}

// parseTime reads the value of a time flag (named by name, as "-from"):
// RFC 3339, a wall date-time or a date in loc, or "now". A wall time
// that does not exist in loc is an error; one that exists twice is read
// as the first, and a note on stderr says so.
func parseTime(v string, loc *time.Location, now time.Time, name string, stderr io.Writer) (time.Time, error) {
	if v == "now" {
		return now, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	for _, layout := range localLayouts {
		w, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		ts := wallInstants(w, loc)
		bareDate := len(layout) == len("2006-01-02")
		switch {
		case len(ts) == 0 && bareDate:
			// Midnight skipped by a transition: the day starts after it.
			t := firstAfterGap(w, loc)
			fmt.Fprintf(stderr, "cronsim: %s %s: 00:00 does not exist in %s; using the day's first instant, %s\n", name, v, loc, t.Format(time.RFC3339))
			return t, nil
		case len(ts) == 0:
			gap := firstAfterGap(w, loc)
			_, off := gap.Add(-time.Second).Zone()
			before := gap.Add(time.Duration(off) * time.Second).UTC()
			return time.Time{}, fmt.Errorf("%s %s: no such time in %s: the clock jumps from %s to %s that day; give an offset (RFC 3339) for the instant you mean",
				name, display(v), loc, before.Format("15:04"), wall(gap).Format("15:04"))
		case len(ts) > 1:
			fmt.Fprintf(stderr, "cronsim: %s %s happens twice in %s; using the first, %s (the second is %s)\n",
				name, v, loc, ts[0].Format(time.RFC3339), ts[1].Format(time.RFC3339))
		}
		return ts[0], nil
	}
	return time.Time{}, fmt.Errorf("%s %s: want %s", name, quoteArg(v), timeForms)
}

// wallInstants returns the instants, earliest first, at which loc's
// clocks read the wall time w (given as UTC). It tries each offset the
// zone has within two days of w and keeps those that read back as w,
// rather than trusting time.Date for a time that is skipped or repeated.
func wallInstants(w time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	seen := map[int]bool{}
	for _, probe := range []time.Duration{-50 * time.Hour, -26 * time.Hour, 0, 26 * time.Hour, 50 * time.Hour} {
		_, off := w.Add(probe).In(loc).Zone()
		if seen[off] {
			continue
		}
		seen[off] = true
		t := w.Add(-time.Duration(off) * time.Second).In(loc)
		if _, o := t.Zone(); o == off && wall(t).Equal(w) {
			out = append(out, t)
		}
	}
	for i := 1; i < len(out); i++ { // at most three: insertion sort
		for j := i; j > 0 && out[j].Before(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// firstAfterGap returns the first instant after the forward transition
// that skips the wall time w in loc.
func firstAfterGap(w time.Time, loc *time.Location) time.Time {
	_, off := w.Add(-26 * time.Hour).In(loc).Zone()
	start, _ := w.Add(-time.Duration(off) * time.Second).In(loc).ZoneBounds()
	return start
}

// A zoneChoice is the value of a -tz flag and what it defaults to.
type zoneChoice struct {
	name    *string
	assumed string // after load: the defaulted zone and where it came from
}

// zoneFlag adds -tz to fs. Every subcommand has the same default: $TZ,
// else the system's zone (the one the cron daemon on this machine runs
// in), else UTC.
func zoneFlag(fs *flag.FlagSet) *zoneChoice {
	name, source := defaultZone()
	return &zoneChoice{name: fs.String("tz", "", fmt.Sprintf("IANA time zone the daemon runs in (default: $TZ, else the system's zone; here %s, from %s)", display(name), source))}
}

// load returns the chosen zone.
func (z *zoneChoice) load(cmd string, stderr io.Writer) (*time.Location, int, bool) {
	name, source := *z.name, "-tz"
	if name == "" {
		name, source = defaultZone()
		z.assumed = fmt.Sprintf("zone %s (from %s; -tz to choose)", display(name), source)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: unknown time zone %s (from %s): want an IANA name such as Europe/Dublin or UTC\n", cmd, quoteArg(name), source)
		return nil, 2, false
	}
	return loc, 0, true
}

// fromExpression records that the expression names its own zone (a
// CRON_TZ= or TZ= prefix), which wins over -tz and the default; a
// different -tz gets a warning.
func (z *zoneChoice) fromExpression(cmd string, loc *time.Location, stderr io.Writer) *time.Location {
	if *z.name != "" && *z.name != loc.String() {
		fmt.Fprintf(stderr, "cronsim %s: the expression's zone %s overrides -tz %s\n", cmd, display(loc.String()), display(*z.name))
	}
	z.assumed = ""
	return loc
}

// announce names a defaulted zone on stderr, so that every result says
// which zone it assumed; a zone given with -tz is not repeated.
func (z *zoneChoice) announce(cmd string, stderr io.Writer) {
	if z.assumed != "" {
		fmt.Fprintf(stderr, "cronsim %s: %s\n", cmd, z.assumed)
	}
}

// defaultZone names the zone the daemon would run in: $TZ (as the C
// library reads it: empty is UTC, a leading ':' is dropped), else the
// zone /etc/localtime links to, else /etc/timezone, else UTC.
func defaultZone() (name, source string) {
	if tz, ok := os.LookupEnv("TZ"); ok {
		tz = strings.TrimPrefix(tz, ":")
		if i := strings.Index(tz, "zoneinfo/"); i >= 0 {
			tz = tz[i+len("zoneinfo/"):]
		}
		if tz == "" {
			return "UTC", "an empty $TZ"
		}
		return tz, "$TZ"
	}
	if target, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if i := strings.Index(target, "zoneinfo/"); i >= 0 {
			return target[i+len("zoneinfo/"):], "/etc/localtime"
		}
	}
	if b, err := os.ReadFile("/etc/timezone"); err == nil {
		if tz := strings.TrimSpace(string(b)); tz != "" {
			return tz, "/etc/timezone"
		}
	}
	return "UTC", "no $TZ or /etc/localtime"
}

// readInput reads a file named on the command line, or standard input
// for "-". A directory is a usage error (status 2) in every subcommand.
// maxCrontab is the most bytes check and simulate read: some 600,000
// lines of a typical crontab (real ones are a few kilobytes).
const maxCrontab = 16 << 20

func readInput(path, cmd string, stdin io.Reader, stderr io.Writer) ([]byte, int, bool) {
	var data []byte
	var err error
	in := stdin
	if path != "-" {
		if fi, serr := os.Stat(path); serr == nil && fi.IsDir() {
			fmt.Fprintf(stderr, "cronsim %s: %s is a directory, not a crontab file\n", cmd, display(path))
			return nil, 2, false
		}
		f, oerr := os.Open(path)
		if oerr != nil {
			fmt.Fprintf(stderr, "cronsim %s: %s\n", cmd, display(oerr.Error()))
			return nil, 2, false
		}
		defer f.Close()
		in = f
	}
	// A crontab is read whole; /dev/zero or an endless pipe must get an
	// error, not all of memory.
	data, err = io.ReadAll(io.LimitReader(in, maxCrontab+1))
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: %s\n", cmd, display(err.Error()))
		return nil, 2, false
	}
	if len(data) > maxCrontab {
		name := display(path)
		if path == "-" {
			name = "standard input"
		}
		fmt.Fprintf(stderr, "cronsim %s: %s is longer than %d MiB: not a crontab\n", cmd, name, maxCrontab>>20)
		return nil, 2, false
	}
	return data, 0, true
}

// output buffers a subcommand's standard output, flushing the first line
// at once and then whenever a line follows a pause, so that a reader sees
// results as they come while a fast stream is written in large blocks.
// It keeps the first write error: the subcommand stops producing output
// and finish reports it.
type output struct {
	w         *bufio.Writer
	err       error
	lines     int
	tty       bool
	lastFlush time.Time
}

// flushPause is how long output may sit in the buffer.
const flushPause = 50 * time.Millisecond

func newOutput(w io.Writer) *output {
	return &output{w: bufio.NewWriterSize(w, 32<<10), tty: isTerminal(w), lastFlush: time.Now()}
}

// ok reports whether output can still be written.
func (o *output) ok() bool { return o.err == nil }

func (o *output) printf(format string, args ...any) {
	if o.err == nil {
		_, o.err = fmt.Fprintf(o.w, format, args...)
	}
}

// line writes s and a newline, and ends the item.
func (o *output) line(s string) {
	if o.err != nil {
		return
	}
	o.w.WriteString(s)
	if o.err = o.w.WriteByte('\n'); o.err == nil {
		o.item()
	}
}

// item ends one result (a line, or a run inside a JSON array): the
// first is flushed at once, later ones at a terminal or after a pause.
func (o *output) item() {
	o.lines++
	if o.err == nil && (o.tty || o.lines == 1 || time.Since(o.lastFlush) > flushPause) {
		o.err = o.w.Flush()
		o.lastFlush = time.Now()
	}
}

// finish flushes the output and returns code, or 1 after a write error,
// which it reports on stderr. A reader that went away (EPIPE) is not
// reported: the program just stops, as `head` expects.
func (o *output) finish(cmd string, stderr io.Writer, code int) int {
	if o.err == nil {
		o.err = o.w.Flush()
	}
	if o.err == nil {
		return code
	}
	if !errors.Is(o.err, syscall.EPIPE) {
		fmt.Fprintf(stderr, "cronsim %s: writing output: %v\n", cmd, o.err)
	}
	return 1
}

// isTerminal reports whether w is a character device, such as a
// terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// wall returns the wall clock time of t as a UTC time.
func wall(t time.Time) time.Time {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
}

// daemonChoice is the -daemon flag of every subcommand: the cron daemon
// whose parser and rules apply (debian, the default; cronie; busybox).
// -dialect picks among Debian's grammars, so it goes with -daemon debian
// only:
//
//	daemon := daemonFlag(fs)
//	...
//	if code, ok := daemon.check(cmd, stderr); !ok { return code }
//	sched, err := daemon.parse(expr, dialect)
type daemonChoice struct {
	d  cronsim.Daemon
	fs *flag.FlagSet
}

func daemonFlag(fs *flag.FlagSet) *daemonChoice {
	c := &daemonChoice{fs: fs}
	fs.TextVar(&c.d, "daemon", cronsim.DebianCron, "cron daemon whose parser and rules apply: debian, cronie, busybox or systemd (OnCalendar= specifications)")
	return c
}

// check reports a -dialect given with a daemon other than Debian's.
func (c *daemonChoice) check(cmd string, stderr io.Writer) (int, bool) {
	if c.d == cronsim.DebianCron {
		return 0, true
	}
	dialectSet := false
	c.fs.Visit(func(f *flag.Flag) { dialectSet = dialectSet || f.Name == "dialect" })
	if dialectSet {
		fmt.Fprintf(stderr, "cronsim %s: -dialect applies to -daemon debian only; %s reads crontabs with its own parser\n", cmd, c.d)
		return 2, false
	}
	return 0, true
}

// parse reads an expression: in the dialect for Debian's cron, with the
// daemon's own parser for the others.
func (c *daemonChoice) parse(expr string, dialect cronsim.Dialect) (cronsim.Schedule, error) {
	if c.d == cronsim.DebianCron {
		return cronsim.ParseDialect(expr, dialect)
	}
	return c.d.Parse(expr)
}

// reader returns a crontab reader for the daemon; Debian's lines are
// read in the dialect by readEntry.
func (c *daemonChoice) readEntry(r *cronsim.CrontabReader, line string, dialect cronsim.Dialect) (cronsim.Entry, error) {
	if c.d == cronsim.DebianCron {
		return cronsim.ParseEntry(line, dialect)
	}
	r.Daemon = c.d
	return r.Entry(line)
}
