package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// checkHorizon is how far ahead check looks for daylight saving time
// transitions.
const checkHorizon = 366 * 24 * time.Hour

// defaultZone is the zone named by $TZ, or UTC.
func defaultZone() string {
	tz := strings.TrimPrefix(os.Getenv("TZ"), ":")
	if tz == "" {
		return "UTC"
	}
	return tz
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tz := fs.String("tz", defaultZone(), "IANA time zone the daemon runs in (default: $TZ, else UTC)")
	from := fs.String("from", "", "look for daylight saving time transitions from this instant, RFC 3339 (default: now)")
	dialectName := fs.String("dialect", "debian", "how Debian reads the file: debian (13, trixie) or debian-bookworm (12)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: cronsim check [-tz ZONE] [-from TIME] [-dialect debian|debian-bookworm] FILE")
		fs.PrintDefaults()
	}
	if code, ok := parseArgs(fs, args, "check", "one crontab file", stderr); !ok {
		return code
	}
	dialect, err := parseDialect(*dialectName)
	if err != nil || dialect == cronsim.Strict {
		fmt.Fprintf(stderr, "cronsim check: -dialect must be debian or debian-bookworm, not %q\n", *dialectName)
		return 2
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim check: unknown time zone %q: %v\n", *tz, err)
		return 2
	}
	start := time.Now()
	if *from != "" {
		if start, err = time.Parse(time.RFC3339, *from); err != nil {
			fmt.Fprintf(stderr, "cronsim check: -from: %v\n", err)
			return 2
		}
	}
	file := fs.Arg(0)
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "cronsim check: %v\n", err)
		return 2
	}
	c := checker{out: stdout, file: file, loc: loc, dialect: dialect, shifts: shiftsBetween(start.In(loc), start.Add(checkHorizon))}
	c.check(string(data))
	switch {
	case c.problems == 0:
		fmt.Fprintf(stdout, "%s: %d jobs, no problems\n", file, c.jobs)
		return 0
	case c.problems == 1:
		fmt.Fprintf(stdout, "%s: %d jobs, 1 problem\n", file, c.jobs)
	default:
		fmt.Fprintf(stdout, "%s: %d jobs, %d problems\n", file, c.jobs, c.problems)
	}
	return 1
}

type checker struct {
	out      io.Writer
	file     string
	loc      *time.Location
	dialect  cronsim.Dialect
	shifts   []shift
	jobs     int
	problems int
}

func (c *checker) report(line, col int, format string, args ...any) {
	c.problems++
	if col > 0 {
		fmt.Fprintf(c.out, "%s:%d:%d: ", c.file, line, col)
	} else {
		fmt.Fprintf(c.out, "%s:%d: ", c.file, line)
	}
	fmt.Fprintf(c.out, format+"\n", args...)
}

func (c *checker) check(data string) {
	if data == "" {
		return
	}
	lines := strings.Split(data, "\n")
	missingNewline := !strings.HasSuffix(data, "\n")
	if !missingNewline {
		lines = lines[:len(lines)-1]
	}
	for i, line := range lines {
		n := i + 1
		if missingNewline && n == len(lines) {
			c.report(n, len([]rune(line))+1, "missing newline before EOF: Debian's crontab rejects the file")
			fmt.Fprintln(c.out, caret(line, len([]rune(line))+1, "    "))
		}
		c.line(n, line)
	}
}

func (c *checker) line(n int, line string) {
	e, err := cronsim.ParseEntry(line, c.dialect)
	if err != nil {
		var pe *cronsim.ParseError
		if !errors.As(err, &pe) {
			c.report(n, 0, "%v", err)
			return
		}
		pe = sharpen(pe, func() error { _, err := cronsim.ParseEntry(line, cronsim.Strict); return err })
		verdict := pe.Debian
		if verdict == "" {
			verdict = "error"
		}
		c.report(n, pe.Column, "%s: %s", verdict, pe.Reason)
		fmt.Fprintln(c.out, caret(line, pe.Column, "    "))
		return
	}
	if e.Kind != cronsim.EntryJob {
		return
	}
	c.jobs++
	s := e.Schedule
	if s.Reboot() {
		return
	}
	if s.Never() {
		c.report(n, 0, "never runs: %s", strings.TrimPrefix(s.Explain(), "Never runs: "))
		return
	}
	if _, err := cronsim.ParseEntry(line, cronsim.Strict); err != nil {
		var pe *cronsim.ParseError
		switch {
		case !errors.As(err, &pe):
			c.report(n, 0, "warning: %v", err)
		case errors.Is(err, cronsim.ErrMangled):
			c.report(n, pe.Column, "Debian accepts this but reads it differently: %s; Debian runs it as %q: %s", pe.Reason, s.String(), s.Explain())
			fmt.Fprintln(c.out, caret(line, pe.Column, "    "))
		default:
			c.report(n, pe.Column, "warning: %s", pe.Reason)
			fmt.Fprintln(c.out, caret(line, pe.Column, "    "))
		}
	}
	if !s.Wildcard() {
		c.dst(n, s)
	}
}

// dst reports the daylight saving time transitions in which a fixed-time
// job has a run.
func (c *checker) dst(n int, s cronsim.Schedule) {
	for _, sh := range c.shifts {
		day := sh.wallNew.Format("2006-01-02")
		what := fmt.Sprintf("%q (%s)", s.String(), s.Explain())
		if sh.delta > 0 {
			ws := matchingWalls(s, sh.wallPrev, sh.wallNew)
			if len(ws) == 0 {
				continue
			}
			if sh.delta >= clockCorrection {
				c.report(n, 0, "dst: %s: %s on %s does not exist in %s (%s from %s to %s); Debian does not run it that day",
					what, describeWalls(ws), day, c.loc, transitionName(sh.delta), sh.wallPrev.Format("15:04"), sh.wallNew.Format("15:04"))
				continue
			}
			late := s.Next(sh.at.Add(-time.Second))
			c.report(n, 0, "dst: %s: %s on %s does not exist in %s (%s from %s to %s); Debian runs it late, at %s",
				what, describeWalls(ws), day, c.loc, transitionName(sh.delta), sh.wallPrev.Format("15:04"), sh.wallNew.Format("15:04"), late.Format(time.RFC3339))
			continue
		}
		ws := matchingWalls(s, sh.wallNew, sh.wallPrev)
		if len(ws) == 0 {
			continue
		}
		if sh.delta <= -clockCorrection-time.Minute {
			c.report(n, 0, "dst: %s: %s on %s happens twice in %s (%s from %s to %s); Debian runs it twice",
				what, describeWalls(ws), day, c.loc, transitionName(sh.delta), sh.wallPrev.Format("15:04"), sh.wallNew.Format("15:04"))
			continue
		}
		_, oldOff := sh.at.Add(-time.Second).Zone()
		first := ws[0].Add(-time.Duration(oldOff) * time.Second).In(c.loc)
		c.report(n, 0, "dst: %s: %s on %s happens twice in %s (%s from %s to %s); Debian runs it once, the first time (%s)",
			what, describeWalls(ws), day, c.loc, transitionName(sh.delta), sh.wallPrev.Format("15:04"), sh.wallNew.Format("15:04"), first.Format(time.RFC3339))
	}
}

// shiftsBetween lists the offset changes of t's location in (t, limit].
func shiftsBetween(t, limit time.Time) []shift {
	var out []shift
	for i := 0; i < 1000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() || end.After(limit) || !end.After(t) {
			break
		}
		if sh, ok := shiftAt(end); ok {
			out = append(out, sh)
		}
		t = end
	}
	return out
}

// sharpen returns a Debian-dialect parse error with the column and reason
// of the strict parser's error for the same field, when it has one: the
// Debian reader stops where Debian's parser gives up, which is sometimes
// past the offending value ("0 0 * * 8 cmd" fails at "cmd"), while the
// strict parser names the value ("8 is outside 0-7").
func sharpen(pe *cronsim.ParseError, strict func() error) *cronsim.ParseError {
	var spe *cronsim.ParseError
	if !errors.As(strict(), &spe) || spe.Field != pe.Field || pe.Field == cronsim.FieldNone || errors.Is(spe, cronsim.ErrExtension) {
		return pe
	}
	better := *pe
	better.Column, better.Text, better.Reason = spe.Column, spe.Text, spe.Reason
	return &better
}
