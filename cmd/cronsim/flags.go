package main

// Helpers shared by every command, so that they agree on flags, zones,
// times, messages and output. A command's setup (see command in main.go)
// defines its flags with them and its run function uses them:
//
//	zone := zoneFlag(c.fs)                  // -tz, default $TZ or the system's zone
//	sf := scheduleFlags(c.fs, withKey)      // -dialect, -daemon (and -key)
//	last := c.fs.String("last", "", "..."+kit.TimeForms)
//	return func(expr string) int {
//		sched, loc, code, ok := sf.resolve(c, expr, zone) // kit.Resolve, errors reported
//		t, err := parseTime(*last, loc, time.Now(), "-last", c.stderr)
//		zone.announce(c.name, c.stderr)  // before the results: names a defaulted zone
//		out := newOutput(c.stdout)      // buffered; out.printf, out.line
//		return out.finish(c.name, c.stderr, 0) // flushes, reports a write error
//	}
//
// Every helper prints its own message and returns the exit status to use
// (1 for a bad expression or output that could not be written, 2 for a
// usage error).

import (
	"bufio"
	"bytes"
	"cmp"
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
	"github.com/cronsim-go/cronsim/internal/echo"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// newFlagSet returns a flag set that prints its errors to stderr; the
// dispatcher (run) prints the help or the usage line after them.
func newFlagSet(cmd string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	// The flag package echoes a bad flag's name and value as given.
	fs.SetOutput(escapeWriter{stderr})
	fs.Usage = func() {}
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
		text, size := echo.Piece(string(p[off:min(off+utf8.UTFMax, len(p))]))
		if n == escapeLineMax {
			end := bytes.IndexByte(p[off:], '\n')
			if end < 0 {
				end = len(p) - off
			}
			b.WriteString("..." + echo.MoreBytes(end))
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

// parseArgs parses a command's flags and returns its other arguments.
// Flags may come before or after them ("next '0 0 * * *' -n 3"); "--"
// ends the flags. The error is flag.ErrHelp after -h.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
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
		msg += fmt.Sprintf("; quote the expression, as in: cronsim %s '%s'", cmd, kit.Display(strings.Join(pos[:5], " ")))
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

// parseTime reads the value of a time flag (named by name, as "-from")
// with kit.ParseTime, whose policy for wall times in a gap or a repeat
// the playground shares; its note goes to stderr.
func parseTime(v string, loc *time.Location, now time.Time, name string, stderr io.Writer) (time.Time, error) {
	t, note, err := kit.ParseTime(name, v, loc, now)
	if note != "" {
		fmt.Fprintf(stderr, "cronsim: %s\n", note)
	}
	return t, err
}

// startTime reads the value v of -from in loc, or now when it is empty
// (status 2 for a bad one).
func (c *call) startTime(v string, loc *time.Location) (time.Time, int, bool) {
	if v == "" {
		return time.Now(), 0, true
	}
	t, err := parseTime(v, loc, time.Now(), "-from", c.stderr)
	if err != nil {
		return t, c.usagef("%v", err), false
	}
	return t, 0, true
}

// readCrontab reads the crontab file named on the command line ("-":
// standard input) and returns the name its messages use for it.
func (c *call) readCrontab(file string) (name string, data []byte, code int, ok bool) {
	if data, code, ok = readInput(file, c.name, c.stdin, c.stderr); !ok {
		return "", nil, code, false
	}
	if file == "-" {
		return "<stdin>", data, 0, true
	}
	return kit.Display(file), data, 0, true
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
	return &zoneChoice{name: fs.String("tz", "", fmt.Sprintf("IANA time zone the daemon runs in (default: $TZ, else the system's zone; here %s, from %s)", kit.Display(name), source))}
}

// load returns the chosen zone.
func (z *zoneChoice) load(cmd string, stderr io.Writer) (*time.Location, int, bool) {
	name, source := *z.name, "-tz"
	if name == "" {
		name, source = defaultZone()
		z.assumed = fmt.Sprintf("zone %s (from %s; -tz to choose)", kit.Display(name), source)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		hint := didYouMean(suggestZone(name))
		if hint == "" {
			hint = ": want an IANA name such as Europe/Dublin or UTC"
		}
		fmt.Fprintf(stderr, "cronsim %s: unknown time zone %s, from %s%s\n", cmd, kit.Quote(name), source, hint)
		return nil, 2, false
	}
	return loc, 0, true
}

// fromExpression records that the expression names its own zone (a
// CRON_TZ= or TZ= prefix), which wins over -tz and the default; a
// different -tz gets a warning.
func (z *zoneChoice) fromExpression(cmd string, loc *time.Location, stderr io.Writer) *time.Location {
	if *z.name != "" && *z.name != loc.String() {
		fmt.Fprintf(stderr, "cronsim %s: the expression's zone %s overrides -tz %s\n", cmd, kit.Display(loc.String()), kit.Display(*z.name))
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
			fmt.Fprintf(stderr, "cronsim %s: %s is a directory, not a crontab file\n", cmd, kit.Display(path))
			return nil, 2, false
		}
		f, oerr := os.Open(path)
		if oerr != nil {
			fmt.Fprintf(stderr, "cronsim %s: %s\n", cmd, kit.Display(oerr.Error()))
			return nil, 2, false
		}
		defer f.Close()
		in = f
	}
	// A crontab is read whole; /dev/zero or an endless pipe must get an
	// error, not all of memory.
	data, err = io.ReadAll(io.LimitReader(in, maxCrontab+1))
	if err != nil {
		fmt.Fprintf(stderr, "cronsim %s: %s\n", cmd, kit.Display(err.Error()))
		return nil, 2, false
	}
	if len(data) > maxCrontab {
		name := kit.Display(path)
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

// The flags that say how to read an expression or a crontab are
// defined here once, with one default each: -daemon (debian) and
// -dialect (strict for an expression, debian for a crontab file, as
// Debian's crontab reads files); with -key for the commands that take
// one.

// dialectChoice is the value of -dialect: a name kit.ParseDialect takes,
// or unset.
type dialectChoice struct{ name string }

func (d *dialectChoice) String() string { return d.name }

func (d *dialectChoice) Set(v string) error {
	if _, err := kit.ParseDialect(v); err != nil {
		return err
	}
	d.name = v
	return nil
}

// forExpression is the dialect of an expression: strict unless given.
func (d *dialectChoice) forExpression() cronsim.Dialect {
	v, _ := kit.ParseDialect(cmp.Or(d.name, "strict"))
	return v
}

// forCrontab is the dialect of a crontab file: Debian 13's unless
// given.
func (d *dialectChoice) forCrontab() cronsim.Dialect {
	v, _ := kit.ParseDialect(cmp.Or(d.name, "debian"))
	return v
}

// scheduleFlagSet holds -dialect, -daemon and -key.
type scheduleFlagSet struct {
	dialect dialectChoice
	daemon  cronsim.Daemon
	key     *string // nil when the command has no -key
}

// readsDifferently says how Debian's cron reads an expression that the
// command read in cronsim's syntax (the Strict dialect) with another
// meaning ("0 0 * * 5#3": the third Friday, but Debian's cron runs it
// every Friday), or returns "".
func readsDifferently(expr string, q kit.Query) string {
	if !kit.DialectApplies(q.Daemon) || q.Dialect != cronsim.Strict {
		return ""
	}
	for _, p := range cronsim.Lint(expr+" x\n", cronsim.LintOptions{Dialect: cronsim.Debian, Daemon: q.Daemon}).Problems {
		if p.Kind == cronsim.LintMangled && p.Err == nil {
			return p.Message + "; -dialect debian reads it as Debian does"
		}
	}
	return ""
}

// scheduleFlags adds -dialect and -daemon to fs, and -key withKey.
func scheduleFlags(fs *flag.FlagSet, withKey bool) *scheduleFlagSet {
	sf := &scheduleFlagSet{}
	fs.Var(&sf.dialect, "dialect", "Debian's `grammar`: "+kit.DialectNames+" (default: strict for an expression, debian for a crontab file); with -daemon debian only")
	fs.TextVar(&sf.daemon, "daemon", cronsim.DebianCron, "`daemon` whose parser and rules apply: "+kit.DaemonNames()+" (systemd: OnCalendar= specifications; kubernetes: a CronJob's .spec.schedule, -tz its .spec.timeZone)")
	if withKey {
		sf.key = fs.String("key", "", "hash key for H values (the job's name)")
	}
	return sf
}

// check reports a -dialect given with a daemon that reads expressions
// with its own parser (status 2).
func (sf *scheduleFlagSet) check(c *call) (int, bool) {
	if sf.dialect.name != "" && !kit.DialectApplies(sf.daemon) {
		return c.usagef("-dialect applies to -daemon debian only; %s reads crontabs with its own parser", sf.daemon), false
	}
	return 0, true
}

// query returns the flags as a kit.Query, without expression and zone.
func (sf *scheduleFlagSet) query(c *call) (kit.Query, int, bool) {
	if code, ok := sf.check(c); !ok {
		return kit.Query{}, code, false
	}
	q := kit.Query{Dialect: sf.dialect.forExpression(), Daemon: sf.daemon}
	if sf.key != nil {
		q.HashKey = *sf.key
	}
	return q, 0, true
}

// resolve reads expr with the flags in the zone of -tz (zone may be nil
// for a command without one): kit.Resolve, then the messages. A bad
// expression is reported with its caret (status 1); an expression that
// names its own zone wins over -tz, with a warning when they differ.
func (sf *scheduleFlagSet) resolve(c *call, expr string, zone *zoneChoice) (cronsim.Schedule, *time.Location, int, bool) {
	q, code, ok := sf.query(c)
	if !ok {
		return cronsim.Schedule{}, nil, code, false
	}
	q.Expr, q.Zone = expr, time.UTC
	if zone != nil {
		if q.Zone, code, ok = zone.load(c.name, c.stderr); !ok {
			return cronsim.Schedule{}, nil, code, false
		}
	}
	sched, loc, err := kit.Resolve(q)
	if err != nil {
		// A pasted crontab line: its schedule, with a note.
		if p := kit.DescribeParseError(err, q.Dialect, q.Daemon); p.Fields != "" {
			fq := q
			fq.Expr = p.Fields
			if s, l, ferr := kit.Resolve(fq); ferr == nil {
				fmt.Fprintf(c.stderr, "cronsim %s: note: %s is a crontab line: this is its schedule, %s (the command is not part of it)\n", c.name, kit.Quote(expr), kit.Quote(p.Fields))
				sched, loc, err, expr = s, l, nil, p.Fields
			}
		}
	}
	if err != nil {
		reportParseError(c.name, c.stderr, err, q.Dialect, q.Daemon)
		return sched, nil, 1, false
	}
	if note := readsDifferently(expr, q); note != "" {
		fmt.Fprintf(c.stderr, "cronsim %s: note: %s\n", c.name, note)
	}
	if zone != nil && sched.Location() != nil {
		zone.fromExpression(c.name, loc, c.stderr)
	}
	return sched, loc, 0, true
}

// lineReader returns a reader of crontab lines for the flags.
func (sf *scheduleFlagSet) lineReader() *kit.LineReader {
	return &kit.LineReader{Daemon: sf.daemon, Dialect: sf.dialect.forCrontab()}
}

// reportParseError prints a parse error: the expression, a caret under
// the offending character, and what is wrong (kit.DescribeParseError,
// as the playground shows it). An expression followed by a command is a
// pasted crontab line, and it says so.
func reportParseError(cmd string, stderr io.Writer, err error, d cronsim.Dialect, daemon cronsim.Daemon) {
	p := kit.DescribeParseError(err, d, daemon)
	var pe *cronsim.ParseError
	if errors.Is(err, cronsim.ErrHashKey) && errors.As(err, &pe) {
		// The library's reason names its API; the command's way to give a
		// key is a flag.
		fmt.Fprintf(stderr, "%s\ncronsim: bad %s %s at column %d: H (a hashed value) needs a key: give one with -key, such as the job's name\n", p.Caret, pe.Field, kit.Quote(pe.Text), pe.Column)
		return
	}
	switch {
	case p.Fields != "":
		fmt.Fprintf(stderr, "cronsim %s: %s: this looks like a crontab line; use check or drop the command: '%s'\n", cmd, kit.Quote(p.Expr), kit.Display(p.Fields))
		return
	case p.Caret == "":
		fmt.Fprintln(stderr, kit.Escaped(p.Err.Error()))
		return
	}
	fmt.Fprintf(stderr, "%s\n%s\n", p.Caret, p.Err)
	if p.Debian != "" {
		fmt.Fprintf(stderr, "(Debian's crontab: %s)\n", p.Debian)
	} else if p.Mangled {
		fmt.Fprintf(stderr, "(Debian's crontab accepts it; use -dialect debian to read it as Debian does)\n")
	}
}

// timerFlags are the settings of systemd timer units (-daemon systemd):
// AccuracySec=, RandomizedDelaySec=, Persistent=, for every timer.
type timerFlags struct {
	accuracy, delay *time.Duration
	persistent      *bool
}

// newTimerFlags registers -accuracy and -randomized-delay, and with
// persistent -persistent (which only a simulation's stops use).
func newTimerFlags(fs *flag.FlagSet, persistent bool) *timerFlags {
	tf := &timerFlags{
		accuracy: fs.Duration("accuracy", cronsim.DefaultAccuracy, "-daemon systemd: the timers' AccuracySec= (0 is sd-event's 250ms, as AccuracySec=0; 1us for starts on the elapse)"),
		delay:    fs.Duration("randomized-delay", 0, "-daemon systemd: the timers' RandomizedDelaySec="),
	}
	if persistent {
		tf.persistent = fs.Bool("persistent", false, "-daemon systemd: the timers have Persistent=true")
	} else {
		tf.persistent = new(bool)
	}
	return tf
}

// timer returns the settings, or a usage error when they are negative
// or set for a daemon without timer units.
func (tf *timerFlags) timer(c *call, fs *flag.FlagSet, d cronsim.Daemon) (cronsim.Timer, int, bool) {
	if !d.Rules().TimerUnits {
		for _, name := range []string{"accuracy", "randomized-delay", "persistent"} {
			if flagSet(fs, name) {
				return cronsim.Timer{}, c.usagef("-%s applies to -daemon systemd only", name), false
			}
		}
		return cronsim.Timer{}, 0, true
	}
	if *tf.accuracy < 0 || *tf.delay < 0 {
		return cronsim.Timer{}, c.usagef("-accuracy and -randomized-delay must not be negative"), false
	}
	t := cronsim.Timer{Accuracy: *tf.accuracy, RandomizedDelay: *tf.delay, Persistent: *tf.persistent}
	if t.Accuracy == 0 {
		t.Accuracy = 250 * time.Millisecond // AccuracySec=0: sd-event's DEFAULT_ACCURACY_USEC
	}
	return t, 0, true
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}
