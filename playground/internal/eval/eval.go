// Package eval is what the playground computes, in the browser, from
// the state of its form: the schedule's runs with their daylight saving
// time notes, the error with its caret, the timeline picture of the
// zone's nearest transition and the findings on a pasted crontab. It
// has no knowledge of the browser: the WebAssembly entry point passes
// JSON in and out, and the tests call it directly.
package eval

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// A Request is the state of the page (and of its URL).
type Request struct {
	Expr    string `json:"expr"`
	Dialect string `json:"dialect"` // strict, debian or debian-bookworm
	Daemon  string `json:"daemon"`  // debian (default), cronie or busybox
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

// maxRuns bounds the runs listed.
const maxRuns = 200

// Evaluate computes the page for req. It never panics on any input: bad
// input comes back as the error fields of the Response.
func Evaluate(req Request) Response {
	resp := Response{Runs: []Run{}, Findings: []Finding{}}
	dialect, ok := dialects[req.Dialect]
	if !ok {
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
	from, fromNote, err := parseFrom(req.From, loc, now)
	if err != nil {
		resp.FromError = err.Error()
		from = now.In(loc)
	}
	resp.From = from.Format(time.RFC3339)
	resp.FromNote = fromNote
	daemon, err := cronsim.ParseDaemon(req.Daemon)
	if err != nil {
		daemon = cronsim.DebianCron
	}
	resp.Daemon = daemon.String()
	resp.Findings, resp.Jobs = Lint(req.Crontab, daemon, dialect, loc, from)

	// Debian's cron reads the expression in the chosen dialect; cronie
	// and BusyBox with their own parsers.
	var s cronsim.Schedule
	if daemon == cronsim.DebianCron {
		s, err = cronsim.ParseOptions{Dialect: dialect}.Parse(req.Expr)
	} else {
		s, err = cronsim.ParseOptions{Daemon: daemon, Dialect: cronsim.Debian}.Parse(req.Expr)
	}
	if err != nil {
		resp.Error = layoutError(err, req.Expr, dialect)
		return resp
	}
	if l := s.Location(); l != nil {
		// A CRON_TZ= prefix: the schedule runs in its own zone.
		from = from.In(l)
		resp.Zone = l.String()
		resp.From = from.Format(time.RFC3339)
	}
	resp.Canonical = s.String()
	resp.Explain = s.Explain()
	resp.ExplainDST = s.ExplainDST()
	resp.Wildcard = s.Wildcard()
	n := min(max(req.N, 1), maxRuns)
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

var dialects = map[string]cronsim.Dialect{
	"strict":          cronsim.Strict,
	"debian":          cronsim.Debian,
	"debian-bookworm": cronsim.DebianBookworm,
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

// parseFrom reads the start time. A wall time that the zone skips or
// repeats is resolved the way a person reading a clock would: the first
// instant showing it, or the end of the gap, with a note saying so.
func parseFrom(text string, loc *time.Location, now time.Time) (time.Time, string, error) {
	text = strings.TrimSpace(text)
	if text == "" || text == "now" {
		return now.In(loc).Truncate(time.Second), "", nil
	}
	if t, err := time.Parse(time.RFC3339, text); err == nil {
		return t.In(loc), "", nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02"} {
		w, err := time.Parse(layout, text)
		if err != nil {
			continue
		}
		t, note := resolveWall(w, loc)
		return t, note, nil
	}
	return time.Time{}, "", fmt.Errorf("start %q: want a date and time such as 2021-03-27T12:00 (wall clock in the zone) or an RFC 3339 instant such as 2021-03-27T12:00:00Z", text)
}

// resolveWall finds the first instant whose wall clock in loc reads w (w
// given as UTC). Offsets are looked up around the guess, not trusted to
// time.Date, which resolves gaps and repeats differently per zone.
func resolveWall(w time.Time, loc *time.Location) (time.Time, string) {
	var best time.Time
	for _, d := range []time.Duration{-48 * time.Hour, -24 * time.Hour, -6 * time.Hour, -2 * time.Hour, -time.Hour, 0, time.Hour, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour, 48 * time.Hour} {
		_, off := w.Add(d).In(loc).Zone()
		t := w.Add(-time.Duration(off) * time.Second).In(loc)
		if wallOf(t).Equal(w) && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if !best.IsZero() {
		return best, ""
	}
	// A wall time in a gap: start at the end of the gap.
	t := w.Add(-48 * time.Hour).In(loc)
	for i := 0; i < 8; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() {
			break
		}
		if !wallOf(end).Before(w) {
			return end, fmt.Sprintf("%s does not exist in %s (the clocks skip it); starting at %s", w.Format("2006-01-02 15:04"), loc, end.Format("15:04 MST"))
		}
		t = end
	}
	return w.In(loc), ""
}

func wallOf(t time.Time) time.Time {
	_, off := t.Zone()
	return t.UTC().Add(time.Duration(off) * time.Second)
}

func newRun(s cronsim.Schedule, t time.Time) Run {
	r := Run{Time: t.Format(time.RFC3339), Wall: t.Format("Mon 02 Jan 2006 15:04 MST"), Note: s.Note(t), Kind: Ordinary}
	if len(strings.Fields(s.String())) == 6 { // a seconds field
		r.Wall = t.Format("Mon 02 Jan 2006 15:04:05 MST")
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

func layoutError(err error, expr string, d cronsim.Dialect) *Error {
	var pe *cronsim.ParseError
	if !errors.As(err, &pe) {
		return &Error{Message: err.Error()}
	}
	e := &Error{Message: pe.Error(), Caret: pe.Caret(), Column: pe.Column, Debian: pe.Debian}
	switch {
	case strings.TrimSpace(expr) == "":
		e.Message, e.Caret, e.Column = "type a crontab expression, such as 30 1 * * *", "", 0
	case errors.Is(err, cronsim.ErrMangled) && d == cronsim.Strict:
		e.Hint = "Debian's crontab accepts it but reads it differently: choose the Debian dialect to see what Debian runs."
	case pe.Debian != "":
		e.Hint = "Debian's crontab says: " + pe.Debian
	}
	return e
}
