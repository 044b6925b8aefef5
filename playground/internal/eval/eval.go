// Package eval is what the playground computes, in the browser, from
// the state of its form: the schedule's runs with their daylight saving
// time notes, the error with its caret, the timeline picture of the
// zone's nearest transition and the findings on a pasted crontab. It
// has no knowledge of the browser: the WebAssembly entry point passes
// JSON in and out, and the tests call it directly.
package eval

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// A Request is the state of the page (and of its URL).
type Request struct {
	Expr    string `json:"expr"`
	Dialect string `json:"dialect"` // strict, debian or debian-bookworm
	Daemon  string `json:"daemon"`  // a name of Daemons: debian (default), cronie, busybox, systemd, kubernetes
	Zone    string `json:"tz"`
	// From is the start: a wall time in Zone ("2021-03-27T12:00", seconds
	// optional), an RFC 3339 instant, or "" for Now.
	From    string `json:"from"`
	N       int    `json:"n"`       // how many runs to list
	Crontab string `json:"crontab"` // the crontab pane's text
	Now     int64  `json:"now"`     // the browser's clock, Unix milliseconds
}

// A Response is everything the page shows.
type Response struct {
	Error      *Error    `json:"error,omitempty"`
	Canonical  string    `json:"canonical,omitempty"`
	Explain    string    `json:"explain,omitempty"`
	ExplainDST string    `json:"explainDST,omitempty"`
	Wildcard   bool      `json:"wildcard"`
	Daemon     string    `json:"daemon"` // the daemon whose rules apply
	Zone       string    `json:"tz"`
	From       string    `json:"from"`           // the resolved start, RFC 3339
	FromNote   string    `json:"fromNote"`       // when the start wall time was adjusted
	Runs       []Run     `json:"runs"`           // next runs after From
	Timeline   *Timeline `json:"timeline"`       // nil when there is nothing to draw
	Findings   []Finding `json:"findings"`       // for Crontab
	Jobs       int       `json:"jobs"`           // job lines in Crontab
	ZoneError  string    `json:"zoneError"`      // an unknown zone
	FromError  string    `json:"fromError"`      // an unreadable start
	Never      bool      `json:"never,omitzero"` // the schedule never runs (again)
	// RunsNote says when fewer runs are listed than asked for: the page
	// lists at most MaxRuns.
	RunsNote string `json:"runsNote,omitempty"`
}

// An Error is a parse error, laid out for the page.
type Error struct {
	Message string `json:"message"`
	Caret   string `json:"caret"`  // the expression and a caret under the column
	Column  int    `json:"column"` // 1-based, 0 when unknown
	Debian  string `json:"debian"` // Debian's own word, "" when Debian accepts it
	Hint    string `json:"hint"`
}

// A Run is one run of the schedule.
type Run struct {
	Time string `json:"time"` // RFC 3339 with the zone's offset
	Wall string `json:"wall"` // "Sun 28 Mar 2021 02:00 IST"
	Note string `json:"note"` // Schedule.Note: the CLI's daylight saving time note
	Kind Kind   `json:"kind"`
}

// Kind classifies a run for the marks of the timeline.
type Kind string

// The kinds of runs and of missed runs the timeline marks.
const (
	Ordinary    Kind = "run"         // an ordinary run
	CatchUp     Kind = "catchup"     // a fixed-time job run late for times a forward shift skipped
	Repeat      Kind = "repeat"      // a run in the second pass of a repeated period
	Caught      Kind = "caught"      // a skipped wall time that a catch-up run stands for (a mark, not a run)
	Lost        Kind = "lost"        // a skipped wall time that no run stands for (a mark, not a run)
	NotRepeated Kind = "notrepeated" // a fixed-time job's time in the second pass (a mark, not a run)
)

// Daemons is the page's daemon menu: every row of the library's daemon
// table with the texts the page shows for it (kit.Daemons, which also
// gives the command's -daemon its names).
func Daemons() []kit.DaemonChoice { return kit.Daemons() }

// MaxRuns bounds the runs the page lists.
const MaxRuns = 200

// Evaluate computes the page for req. It never panics on any input: bad
// input comes back as the error fields of the Response.
func Evaluate(req Request) Response {
	resp := Response{Runs: []Run{}, Findings: []Finding{}}
	dialect, err := kit.ParseDialect(req.Dialect)
	if err != nil {
		dialect = cronsim.Strict
	}
	loc, err := loadZone(req.Zone)
	if err != nil {
		resp.ZoneError = err.Error()
		loc = time.UTC
	}
	resp.Zone = loc.String()
	now := time.UnixMilli(req.Now)
	if req.Now == 0 {
		now = time.Now()
	}
	now = now.In(loc).Truncate(time.Second)
	from := now
	if text := strings.TrimSpace(req.From); text != "" {
		// The command's -from: the same forms, the same answer for a wall
		// time the zone skips or repeats (kit.ParseTime).
		if from, resp.FromNote, err = kit.ParseTime("start", text, loc, now); err != nil {
			resp.FromError = err.Error()
			from = now
		}
		from = from.In(loc)
	}
	resp.From = from.Format(time.RFC3339)
	daemon, err := cronsim.ParseDaemon(req.Daemon)
	if err != nil {
		daemon = cronsim.DebianCron
	}
	resp.Daemon = daemon.String()
	if daemon.Rules().Crontab {
		// systemd and Kubernetes read no crontab file: the page hides
		// the pane.
		resp.Findings, resp.Jobs = Lint(req.Crontab, daemon, dialect, loc, from)
	}

	s, runLoc, err := kit.Resolve(kit.Query{Expr: req.Expr, Dialect: dialect, Daemon: daemon, Zone: loc})
	if err != nil {
		resp.Error = layoutError(err, req.Expr, dialect, daemon)
		return resp
	}
	if s.Location() != nil {
		// A CRON_TZ= prefix: the schedule runs in its own zone.
		from = from.In(runLoc)
		resp.Zone = runLoc.String()
		resp.From = from.Format(time.RFC3339)
	}
	resp.Canonical = s.String()
	resp.Explain = s.Explain()
	resp.ExplainDST = s.ExplainDST()
	resp.Wildcard = s.Wildcard()
	n := min(max(req.N, 1), MaxRuns)
	if req.N > MaxRuns {
		resp.RunsNote = fmt.Sprintf("Showing the first %d runs, the page's limit (%d asked for); cronsim next -n %d lists them all.", MaxRuns, req.N, req.N)
	}
	for t := range s.All(from) {
		resp.Runs = append(resp.Runs, newRun(s, t))
		if len(resp.Runs) == n {
			break
		}
	}
	resp.Never = len(resp.Runs) < n
	resp.Timeline = NewTimeline(s, from)
	return resp
}

func loadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return time.UTC, nil
	}
	// LoadLocation also reads files by relative path; a zone name is
	// letters, digits and _+-/ only.
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_+-/", r)) || strings.Contains(name, "..") {
			return nil, fmt.Errorf("unknown time zone %q", name)
		}
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

func newRun(s cronsim.Schedule, t time.Time) Run {
	r := Run{Time: t.Format(time.RFC3339), Wall: t.Format("Mon 02 Jan 2006 15:04 MST"), Note: s.Note(t), Kind: Ordinary}
	if s.HasSeconds() || t.Second() != 0 || t.Nanosecond() != 0 {
		// A seconds field, or a systemd timer's seconds.
		r.Wall = t.Format("Mon 02 Jan 2006 15:04:05.999999 MST")
	}
	switch {
	case r.Note == "":
	case strings.Contains(r.Note, "skipped by the"):
		r.Kind = CatchUp
	case strings.HasPrefix(r.Note, "runs twice") || strings.HasPrefix(r.Note, "runs again"):
		if start, _ := t.ZoneBounds(); !start.IsZero() && offsetBefore(start) > offsetAt(start) && t.Sub(start) < time.Duration(offsetBefore(start)-offsetAt(start))*time.Second {
			r.Kind = Repeat
		}
	}
	return r
}

func offsetAt(t time.Time) int     { _, off := t.Zone(); return off }
func offsetBefore(t time.Time) int { return offsetAt(t.Add(-time.Nanosecond)) }

// layoutError lays out a parse error as the command prints it
// (kit.DescribeParseError), with the page's words for the hints.
func layoutError(err error, expr string, d cronsim.Dialect, daemon cronsim.Daemon) *Error {
	if strings.TrimSpace(expr) == "" {
		c := kit.DaemonOf(daemon)
		return &Error{Message: "type " + c.Input + ", such as " + c.Examples[0]}
	}
	p := kit.DescribeParseError(err, d, daemon)
	e := &Error{Message: p.Err.Error(), Caret: p.Caret, Column: p.Column, Debian: p.Debian}
	switch {
	case p.Fields != "":
		e.Hint = "This looks like a crontab line: keep the schedule, " + p.Fields + ", or paste the whole line into the crontab pane."
	case p.Mangled && d == cronsim.Strict:
		e.Hint = "Debian's crontab accepts it but reads it differently: choose the Debian dialect to see what Debian runs."
	case p.Debian != "":
		e.Hint = "Debian's crontab says: " + p.Debian
	case !daemon.Rules().Crontab && crontabSchedule(expr):
		// A crontab schedule given to systemd, say: say what it wants.
		c := kit.DaemonOf(daemon)
		e.Hint = "This is a crontab schedule, which " + c.Title + " does not read: it wants " + c.Input + ", such as " + c.Examples[0] + "."
	}
	return e
}

// crontabSchedule reports whether expr is a schedule of a crontab line,
// as cronsim's own syntax reads it (the zero ParseOptions).
func crontabSchedule(expr string) bool {
	_, err := cronsim.ParseOptions{}.Parse(expr)
	return err == nil
}
