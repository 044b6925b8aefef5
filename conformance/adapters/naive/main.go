// Command naive is a deliberately naive cron implementation that speaks
// the adapter protocol of conformance/README.md. It walks the minutes
// between after and before and starts a line in every minute whose local
// wall time matches the five fields: no catch-up after a forward change,
// no rule for repeated local times, the day rule read from "*" alone.
// That is what most cron libraries do; the corpus shows where it goes
// wrong. It exists to prove that the scoring has teeth:
//
//	go run ./conformance/cmd/conform -cmd 'go run ./conformance/adapters/naive'
//
// It reads only the common syntax: numbers, names, "*", ranges, steps and
// lists, and the @ strings other than @reboot.
//
// With -replay it matches the minutes of the request's "replay" field
// instead of the expression, through the same walk: conformance's
// TestAdapterPlumbing sends it the daemon's own runs.
//
// It also answers the monitor requests of the monitor vectors
// (conformance/README.md, "Monitor vectors") with the formula a
// monitoring service such as Healthchecks uses: the next run strictly
// after the last ping, found by the same wall-time walk, plus the grace;
// past that the job is down ("late", one start missed), before it up or,
// once the run is due, in its grace. No early tolerance, no count of
// missed runs between pings, no daemon rule:
//
//	go run ./conformance/cmd/conform -cmd 'go run ./conformance/adapters/naive' -monitor conformance/monitor/vectors.jsonl
//
// And simulator requests (kind "simulate"), each line walked the same way
// from start to end, clock sets, pauses and job durations ignored.
//
// And calendar requests (kind "calendar", systemd OnCalendar=
// specifications; calendar.go): parsed by cronsim, their elapses
// computed in the fixed offset the zone has at the window's start.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

type request struct {
	ID     json.RawMessage `json:"id"`
	Kind   string          `json:"kind"` // "monitor" for a monitor request
	Expr   string          `json:"expr"`
	TZ     string          `json:"tz"`
	After  time.Time       `json:"after"`
	Before time.Time       `json:"before"`
	Replay []time.Time     `json:"replay"` // -replay only
	// A simulator request (kind "simulate"): the whole crontab, run from
	// start to end. The naive answer ignores clock sets, pauses and job
	// durations: each line starts once in every minute of the span whose
	// local wall time matches.
	Crontab []string  `json:"crontab"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	// Monitor requests.
	Pings  []time.Time `json:"pings"`
	Now    time.Time   `json:"now"`
	GraceS float64     `json:"grace_s"`
}

var replayFlag = flag.Bool("replay", false, "match the request's replay times instead of its expression (the plumbing check)")

type answer struct {
	ID     json.RawMessage `json:"id"`
	Runs   *[]string       `json:"runs,omitempty"`
	Starts [][]string      `json:"starts,omitempty"`
	State  string          `json:"state,omitempty"`
	Missed *int            `json:"missed,omitempty"`
	Error  string          `json:"error,omitempty"`
}

func main() {
	flag.Parse()
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		if isCalendar(in.Bytes()) {
			// Its replay field is an object, not a list of times.
			b, _ := json.Marshal(calendar(in.Bytes()))
			out.Write(append(b, '\n'))
			out.Flush()
			continue
		}
		var q request
		var a answer
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			a.Error = err.Error()
		} else {
			a.ID = q.ID
			if q.Kind == "monitor" || q.Kind == "simulate" {
				if q.Kind == "monitor" {
					a = monitor(q)
				} else {
					a.Starts, a.Error = simulate(q)
				}
				b, _ := json.Marshal(a)
				out.Write(append(b, '\n'))
				out.Flush()
				continue
			}
			runs, err := walk(q)
			if err != nil {
				a.Error = err.Error()
			} else {
				if runs == nil {
					runs = []string{}
				}
				a.Runs = &runs
			}
		}
		b, _ := json.Marshal(a)
		out.Write(append(b, '\n'))
		out.Flush()
	}
}

var macros = map[string]string{
	"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
	"@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
}

func walk(q request) ([]string, error) {
	loc, err := time.LoadLocation(q.TZ)
	if err != nil {
		return nil, err
	}
	match, err := matcher(q)
	if err != nil {
		return nil, err
	}
	var runs []string
	for t := q.After.Truncate(time.Minute).Add(time.Minute); t.Before(q.Before); t = t.Add(time.Minute) {
		if match(t, t.In(loc)) {
			runs = append(runs, t.UTC().Format(time.RFC3339))
		}
	}
	return runs, nil
}

// simulate answers a simulator request line by line, minute by minute.
func simulate(q request) ([][]string, string) {
	starts := [][]string{}
	for i, expr := range q.Crontab {
		l := q
		l.Expr, l.After, l.Before = expr, q.Start, q.End
		runs, err := walk(l)
		if err != nil {
			return nil, fmt.Sprintf("crontab line %d: %v", i+1, err)
		}
		if runs == nil {
			runs = []string{}
		}
		starts = append(starts, runs)
	}
	return starts, ""
}

// matcher reports whether a minute (UTC and local) is a run.
func matcher(q request) (func(utc, local time.Time) bool, error) {
	if *replayFlag {
		set := map[time.Time]bool{}
		for _, t := range q.Replay {
			set[t.UTC().Truncate(time.Minute)] = true
		}
		return func(utc, _ time.Time) bool { return set[utc.UTC()] }, nil
	}
	expr := q.Expr
	if m, ok := macros[expr]; ok {
		expr = m
	}
	f := strings.Fields(expr)
	if len(f) != 5 {
		return nil, fmt.Errorf("want 5 fields, got %d", len(f))
	}
	bounds := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}
	var sets [5][64]bool
	for i := range f {
		if err := field(f[i], i, bounds[i][0], bounds[i][1], &sets[i]); err != nil {
			return nil, fmt.Errorf("field %d %q: %v", i+1, f[i], err)
		}
	}
	if sets[4][7] {
		sets[4][0] = true
	}
	domStar, dowStar := f[2] == "*", f[4] == "*"
	return func(_, l time.Time) bool {
		if !sets[0][l.Minute()] || !sets[1][l.Hour()] || !sets[3][int(l.Month())] {
			return false
		}
		dom, dow := sets[2][l.Day()], sets[4][int(l.Weekday())]
		if !domStar && !dowStar {
			return dom || dow
		}
		return dom && dow
	}, nil
}

var names = [5][]string{3: {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
	4: {"sun", "mon", "tue", "wed", "thu", "fri", "sat"}}

func field(s string, i, lo, hi int, set *[64]bool) error {
	for _, part := range strings.Split(s, ",") {
		step := 1
		if r, st, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(st)
			if err != nil || n < 1 {
				return fmt.Errorf("bad step %q", st)
			}
			part, step = r, n
		}
		a, b := lo, hi
		if part != "*" {
			x, y, isRange := strings.Cut(part, "-")
			var err error
			if a, err = number(x, i, lo, hi); err != nil {
				return err
			}
			b = a
			if isRange {
				if b, err = number(y, i, lo, hi); err != nil {
					return err
				}
			} else if step > 1 {
				b = hi
			}
		}
		if a > b {
			return fmt.Errorf("range %d-%d runs backwards", a, b)
		}
		for v := a; v <= b; v += step {
			set[v] = true
		}
	}
	return nil
}

func number(s string, i, lo, hi int) (int, error) {
	for k, n := range names[i] {
		if strings.EqualFold(s, n) {
			return k + lo, nil
		}
	}
	v, err := strconv.Atoi(s)
	if err != nil || v < lo || v > hi {
		return 0, fmt.Errorf("bad value %q", s)
	}
	return v, nil
}

// monitor judges a monitor request by the Healthchecks formula.
func monitor(q request) answer {
	a := answer{ID: q.ID}
	missed := 0
	a.Missed = &missed
	if len(q.Pings) == 0 {
		a.State = "new"
		return a
	}
	last := q.Pings[len(q.Pings)-1]
	// The next run strictly after the last ping, within a year and a
	// day, looked for a day at a time.
	var runs []string
	for from := last; len(runs) == 0 && from.Before(last.Add(367*24*time.Hour)); from = from.Add(24 * time.Hour) {
		var err error
		if runs, err = walk(request{Expr: q.Expr, TZ: q.TZ, After: from, Before: from.Add(24*time.Hour + time.Minute)}); err != nil {
			return answer{ID: q.ID, Error: err.Error()}
		}
	}
	if len(runs) == 0 {
		a.State = "up"
		return a
	}
	next, _ := time.Parse(time.RFC3339, runs[0])
	switch deadline := next.Add(time.Duration(q.GraceS * float64(time.Second))); {
	case q.Now.After(deadline):
		a.State, missed = "late", 1
	case !q.Now.Before(next):
		a.State = "grace"
	default:
		a.State = "up"
	}
	return a
}
