// Package sdanalyze runs a Debian root's own `systemd-analyze calendar`
// on many OnCalendar= specifications at once and splits its output back
// into one table per specification. The timer recorder (cmd/record)
// checks and counts its timers with it, and the calendar parse corpus
// (systemd/calendar) records what it prints; each reads the tables its
// own way.
package sdanalyze

import (
	"bytes"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// Field is one "key: value" line of a table, the key without the
// table's leading blanks ("Normalized form", "Next elapse", "(in UTC)",
// "Iteration #2", ...).
type Field struct{ Key, Value string }

// Table is what systemd-analyze printed for one specification: its
// fields in order, or, for a specification it rejected (no table), the
// "Failed to ..." line it printed on stderr.
type Table struct {
	Err    string
	Fields []Field
}

// Run runs, in a chroot of root with TZ=tz and a clean environment,
//
//	systemd-analyze calendar --iterations=N --base-time=@T -- SPEC...
//
// and gives each specification's table to read, in order. One run prints
// the tables in the order of the specifications and the rejected ones'
// errors in the same order on stderr; when the two do not line up (or read
// finds a table that is not its specification's), the specifications are
// run again one at a time.
func Run[T any](root, tz string, base time.Time, iters int, specs []string, read func(spec string, t Table) (T, error)) ([]T, error) {
	bt := fmt.Sprintf("@%d", base.Unix())
	if us := base.Nanosecond() / 1000; us != 0 {
		bt += fmt.Sprintf(".%06d", us) // systemd takes microseconds after the point
	}
	args := []string{root, "env", "-i", "TZ=" + tz, "LC_ALL=C", "SYSTEMD_COLORS=0", "COLUMNS=1000", "SYSTEMD_PAGER=",
		"systemd-analyze", "calendar", fmt.Sprintf("--iterations=%d", iters), "--base-time=" + bt, "--"}
	cmd := exec.Command("chroot", append(args, specs...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // exit status 1 when any spec fails
	out, err := readAll(stdout.String(), stderr.String(), specs, read)
	if err == nil {
		return out, nil
	}
	if len(specs) == 1 {
		return nil, fmt.Errorf("%s %s %q: %v\nstdout:\n%s\nstderr:\n%s", tz, base.UTC().Format(time.RFC3339), specs[0], err, stdout.String(), stderr.String())
	}
	out = make([]T, len(specs))
	for i, s := range specs {
		one, err := Run(root, tz, base, iters, []string{s}, read)
		if err != nil {
			return nil, err
		}
		out[i] = one[0]
	}
	return out, nil
}

func readAll[T any](stdout, stderr string, specs []string, read func(string, Table) (T, error)) ([]T, error) {
	tables, err := Split(stdout, stderr, specs)
	if err != nil {
		return nil, err
	}
	out := make([]T, len(specs))
	for i, t := range tables {
		if out[i], err = read(specs[i], t); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Split reads the output of one run back into one table per spec: the
// tables are separated by blank lines (an empty one for a rejected
// specification), and each empty table takes the next "Failed to " line of
// stderr.
func Split(stdout, stderr string, specs []string) ([]Table, error) {
	var groups [][]string
	cur := []string{}
	for _, l := range strings.Split(strings.TrimSuffix(stdout, "\n"), "\n") {
		if strings.TrimSpace(l) == "" {
			groups = append(groups, cur)
			cur = []string{}
			continue
		}
		cur = append(cur, l)
	}
	groups = append(groups, cur)
	if stdout == "" {
		groups = [][]string{{}}
	}
	if len(groups) != len(specs) {
		return nil, fmt.Errorf("%d tables for %d specs", len(groups), len(specs))
	}
	var errs []string
	for _, l := range strings.Split(stderr, "\n") {
		if strings.HasPrefix(l, "Failed to ") {
			errs = append(errs, l)
		}
	}
	out := make([]Table, len(specs))
	for i, g := range groups {
		if len(g) == 0 {
			if len(errs) == 0 {
				return nil, fmt.Errorf("spec %q: no table and no error", specs[i])
			}
			out[i].Err, errs = errs[0], errs[1:]
			continue
		}
		for _, l := range g {
			k, v, ok := strings.Cut(strings.TrimLeft(l, " "), ": ")
			if !ok {
				return nil, fmt.Errorf("spec %q: line %q", specs[i], l)
			}
			out[i].Fields = append(out[i].Fields, Field{k, v})
		}
	}
	if len(errs) != 0 {
		return nil, fmt.Errorf("%d errors left over", len(errs))
	}
	return out, nil
}
