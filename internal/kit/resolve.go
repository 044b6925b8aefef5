package kit

import (
	"errors"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// DialectNames lists the names ParseDialect takes, in the order help
// texts give them.
const DialectNames = "strict, debian or debian-bookworm"

// ParseDialect returns the dialect named as the -dialect flag and the
// page's picker name it: strict, debian or debian-bookworm.
func ParseDialect(name string) (cronsim.Dialect, error) {
	var d cronsim.Dialect
	if err := d.UnmarshalText([]byte(name)); err != nil {
		return 0, fmt.Errorf("unknown dialect %s: want %s", Quote(name), DialectNames)
	}
	return d, nil
}

// A Query names a schedule: the expression and how to read it.
type Query struct {
	Expr string
	// Dialect is the grammar of Debian's cron that reads Expr; the other
	// daemons read it with their own parser (see DialectApplies).
	Dialect cronsim.Dialect
	Daemon  cronsim.Daemon
	HashKey string // for H values: the job's name
	// Zone is the zone the daemon runs in; an expression that names its
	// own (CRON_TZ=) runs in that one instead.
	Zone *time.Location
}

// DialectApplies reports whether d reads expressions in one of Debian's
// dialects, so that a dialect chosen for it means something. It asks the
// library's daemon table (cronsim.Daemon.Rules) rather than naming a
// daemon.
func DialectApplies(d cronsim.Daemon) bool { return d.Rules().DebianCrontab }

// Options are the parse options of q: q.Dialect for Debian's cron;
// another daemon's own parser (the Debian dialect), or, given a hash
// key, the Strict dialect, the only one with H values, run by that
// daemon's rules.
func (q Query) Options() cronsim.ParseOptions {
	o := cronsim.ParseOptions{Daemon: q.Daemon, Dialect: q.Dialect, HashKey: q.HashKey}
	if !DialectApplies(q.Daemon) {
		o.Dialect = cronsim.Debian
		if q.HashKey != "" {
			o.Dialect = cronsim.Strict
		}
	}
	return o
}

// Parse parses q.Expr as q.Daemon reads it.
func (q Query) Parse() (cronsim.Schedule, error) {
	return q.Options().Parse(q.Expr)
}

// Resolve parses q.Expr as q.Daemon reads it and returns the schedule
// and the zone its runs are computed in: the expression's own zone when
// it names one (a CRON_TZ= or TZ= prefix), else q.Zone.
func Resolve(q Query) (cronsim.Schedule, *time.Location, error) {
	s, err := q.Parse()
	if err != nil {
		return s, q.Zone, err
	}
	if l := s.Location(); l != nil {
		return s, l, nil
	}
	return s, q.Zone, nil
}

// A LineReader reads a crontab file line by line as one daemon's
// crontab does: Debian's cron in a dialect, the others with their own
// readers, which carry settings (cronie's CRON_TZ= and RANDOM_DELAY=) to
// the jobs after them.
type LineReader struct {
	Daemon  cronsim.Daemon
	Dialect cronsim.Dialect // for Debian's cron
	r       cronsim.CrontabReader
}

// Entry reads the next line. warning is a field the daemon logs and
// reads anyway (BusyBox's crond runs what it read of a mangled field):
// e is the job it runs, and err is nil.
func (lr *LineReader) Entry(line string) (e cronsim.Entry, warning, err error) {
	lr.r.Options = Query{Daemon: lr.Daemon, Dialect: lr.Dialect}.Options()
	e, err = lr.r.Entry(line)
	if err != nil && errors.Is(err, cronsim.ErrMangled) && e.Kind == cronsim.EntryJob {
		return e, err, nil
	}
	return e, nil, err
}
