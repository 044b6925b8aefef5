package conformance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
)

// The calendar request (README.md, "systemd timers: the calendar
// request"): a systemd OnCalendar= specification, a zone and a window,
//
//	{"id": 5, "kind": "calendar", "spec": "Mon..Fri 09:00", "tz": "America/New_York",
//	 "systemd_version": 252, "after": "2021-03-14T05:30:00Z", "count": 6}
//	{"id": 6, "kind": "calendar", "spec": "*:0/5", "tz": "America/New_York",
//	 "systemd_version": 252, "after": "2021-03-14T05:00:01.56Z", "before": "2021-03-14T10:00:00.2Z"}
//
// answered with the elapses strictly after after (the first count, or
// every one before before) and, when the implementation has one, the
// normalized form systemd-analyze calendar prints:
//
//	{"id": 5, "normalized": "Mon..Fri *-*-* 09:00:00", "elapses": ["2021-03-15T13:00:00Z", ...]}
//	{"id": 5, "error": "bad weekday"}
//
// It is scored against the systemd-analyze parse corpora (parse/systemd-*.jsonl)
// and the timer recordings (corpus/systemd-*.json) by ScoreCalendar.

// CalendarKind is the "kind" of a calendar request.
const CalendarKind = "calendar"

// CalendarGroups are the groups of calendar cases in the order they are
// reported: specifications systemd-analyze accepted (elapses compared
// to the second) and rejected (an error agrees), from the parse corpora, and
// the timer lines of the recordings (elapses compared with the recorded
// starts by the timer rule).
var CalendarGroups = []string{"accepted", "rejected", "timer"}

// A CalendarCase is one calendar question with what systemd did.
type CalendarCase struct {
	Source         string // the parse corpus or recording, a file name
	Line           int    // its 1-based line (parse corpus) or timer line (recording)
	Spec           string
	TZ             string
	SystemdVersion int    // the major version of the systemd that answered
	After          string // RFC 3339, exclusive
	Before         string // RFC 3339, exclusive; empty for a count
	Count          int    // the number of elapses asked for; 0 with Before
	Group          string // one of CalendarGroups
	// WantError is systemd-analyze's error (group rejected).
	WantError string
	// Normalized and Elapses are systemd-analyze's normalized form and
	// next elapses, RFC 3339 UTC (group accepted).
	Normalized string
	Elapses    []string
	// A timer line (group timer): the recorded starts, the unit's
	// settings and the recording's end.
	Runs  []time.Time
	Timer cronsim.Timer
	End   time.Time
}

// A CalendarVerdict is the outcome of one calendar case.
type CalendarVerdict struct {
	Case    *CalendarCase
	Outcome Outcome
	// Norm is "agree", "differ" or "" (no normalized form answered, or
	// none to compare with).
	Norm       string
	Normalized string   // the normalized form answered
	Got        []string // the elapses answered, UTC, sorted
	Error      string   // the adapter's error, or what differs
	Crash      bool
}

type calendarRequest struct {
	ID             int             `json:"id"`
	Kind           string          `json:"kind"`
	Spec           string          `json:"spec"`
	TZ             string          `json:"tz"`
	SystemdVersion int             `json:"systemd_version,omitempty"`
	After          string          `json:"after"`
	Before         string          `json:"before,omitempty"`
	Count          int             `json:"count,omitempty"`
	Replay         *calendarReplay `json:"replay,omitempty"`
}

// calendarReplay is sent to an adapter's replay mode: the answer systemd
// gave, to be handed back through the adapter's own loop.
type calendarReplay struct {
	Normalized string   `json:"normalized,omitempty"`
	Elapses    []string `json:"elapses"`
	Error      string   `json:"error,omitempty"`
}

type calendarAnswer struct {
	Normalized *string   `json:"normalized"`
	Elapses    *[]string `json:"elapses"`
	Error      *string   `json:"error"`
}

// AskCalendar sends one calendar case and judges the answer.
func (r *Runner) AskCalendar(c *CalendarCase) CalendarVerdict {
	v := CalendarVerdict{Case: c}
	a, outcome, why, crash := askAnswer[calendarAnswer](r, r.Timeout, func(id int) any {
		q := calendarRequest{ID: id, Kind: CalendarKind, Spec: c.Spec, TZ: c.TZ, SystemdVersion: c.SystemdVersion,
			After: c.After, Before: c.Before, Count: c.Count}
		if r.replay {
			q.Replay = c.replay()
		}
		return q
	})
	if outcome != "" {
		v.Outcome, v.Error, v.Crash = outcome, why, crash
		return v
	}
	return judgeCalendar(v, a)
}

// replay is what systemd did, as an answer: the parse corpus's, or the
// recorded starts for a timer line (which agree with themselves under
// the timer rule).
func (c *CalendarCase) replay() *calendarReplay {
	switch c.Group {
	case "rejected":
		return &calendarReplay{Error: c.WantError, Elapses: []string{}}
	case "timer":
		el := make([]string, len(c.Runs))
		for i, t := range c.Runs {
			el[i] = t.UTC().Format(time.RFC3339Nano)
		}
		return &calendarReplay{Elapses: el}
	}
	return &calendarReplay{Normalized: c.Normalized, Elapses: c.Elapses}
}

func judgeCalendar(v CalendarVerdict, a calendarAnswer) CalendarVerdict {
	c := v.Case
	if a.Error != nil {
		v.Error = *a.Error
		v.Outcome = Failed
		if c.Group == "rejected" {
			v.Outcome = Agree
		}
		return v
	}
	if a.Elapses == nil {
		v.Outcome, v.Error = Failed, "answer has neither elapses nor error"
		return v
	}
	var got []time.Time
	for _, s := range *a.Elapses {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			v.Outcome, v.Error = Failed, fmt.Sprintf("bad time %q in elapses", s)
			return v
		}
		got = append(got, t.UTC())
	}
	slices.SortFunc(got, time.Time.Compare)
	for _, t := range got {
		v.Got = append(v.Got, t.Format(time.RFC3339Nano))
	}
	if a.Normalized != nil {
		v.Normalized = *a.Normalized
	}
	switch c.Group {
	case "rejected":
		v.Outcome, v.Error = Mismatch, "systemd-analyze rejects it ("+c.WantError+"), the answer accepts it"
		return v
	case "timer":
		v.Outcome = Agree
		if d := calendarTimerDiff(c, got); d != "" {
			v.Outcome, v.Error = Mismatch, d
		}
		return v
	}
	if a.Normalized != nil {
		v.Norm = "agree"
		if *a.Normalized != c.Normalized {
			v.Norm = "differ"
		}
	}
	v.Outcome = Agree
	if len(got) != len(c.Elapses) {
		v.Outcome = Mismatch
	} else {
		// systemd-analyze prints elapses to the second.
		for i, s := range c.Elapses {
			w, _ := time.Parse(time.RFC3339Nano, s)
			if !got[i].Truncate(time.Second).Equal(w.Truncate(time.Second)) {
				v.Outcome = Mismatch
				break
			}
		}
	}
	if v.Outcome == Mismatch {
		v.Error = fmt.Sprintf("systemd-analyze %v, answer %v", c.Elapses, v.Got)
	}
	return v
}

// calendarTimerDiff holds answered elapses to a timer line's recorded
// starts: by the timer rule (TimerDiff), an elapse in the first
// TimerStartLatency of the recording not required, or, where two answered elapses
// come within the timer's window, by the follow rule over the answered
// list (FollowDiff's rule with the answer's elapses for the calendar).
func calendarTimerDiff(c *CalendarCase, elapses []time.Time) string {
	w := timerWindow(c.Timer) + TimerLatency
	start, _ := time.Parse(time.RFC3339Nano, c.After)
	runs := slices.Clone(c.Runs)
	slices.SortFunc(runs, time.Time.Compare)
	// The recording's start is read just before systemd is executed; the
	// timers become active up to TimerStartLatency later, and an elapse
	// before that passes unseen (systemd arms the next one). Such an
	// elapse is dropped unless the first start answers it.
	for len(elapses) > 0 && !elapses[0].After(start.Add(TimerStartLatency)) &&
		(len(runs) == 0 || runs[0].Before(elapses[0]) || runs[0].Sub(elapses[0]) > w) {
		elapses = elapses[1:]
	}
	dense := false
	for i := 1; i < len(elapses); i++ {
		if elapses[i].Sub(elapses[i-1]) <= w {
			dense = true
			break
		}
	}
	if !dense {
		return TimerDiff(c.Runs, modelStarts(elapses, c.Timer), c.End)
	}
	after := func(t time.Time) (time.Time, bool) {
		for _, e := range elapses {
			if e.After(t) {
				return e, true
			}
		}
		return time.Time{}, false
	}
	prev := start
	for k, run := range runs {
		e, ok := after(prev)
		if !ok || run.Before(e) || run.Sub(e) > w {
			return fmt.Sprintf("start %d of %d: systemd %s, the answered elapse after %s is %s: want a start 0 to %v after it", k+1, len(runs), stamp(run), stamp(prev), stamp(e), w)
		}
		prev = run
	}
	if e, ok := after(prev); ok && e.Add(w).Before(c.End) {
		return fmt.Sprintf("a start missing: the answered elapse after %s is %s, its window closes before the end %s", stamp(prev), stamp(e), stamp(c.End))
	}
	return ""
}

// A CalendarScore holds the tallies of one calendar run.
type CalendarScore struct {
	Sources  []string                     // in order
	BySource map[string]map[string]*Tally // source -> group -> tally
	Total    map[string]*Tally            // group -> tally
	// Norm counts the normalized forms answered for accepted
	// specifications: "agree", "differ", "absent".
	Norm    map[string]int
	Skipped map[string]int // source -> cases not scored (CalendarCases says why)
}

// NewCalendarScore returns an empty score.
func NewCalendarScore() *CalendarScore {
	return &CalendarScore{BySource: map[string]map[string]*Tally{}, Total: newTallies(CalendarGroups), Norm: map[string]int{}, Skipped: map[string]int{}}
}

// Add counts a verdict.
func (s *CalendarScore) Add(v CalendarVerdict) {
	talliesOf(s.BySource, &s.Sources, v.Case.Source, CalendarGroups)[v.Case.Group].Add(v.Outcome)
	s.Total[v.Case.Group].Add(v.Outcome)
	if v.Case.Group == "accepted" && v.Outcome != Hang && v.Outcome != Failed {
		n := v.Norm
		if n == "" {
			n = "absent"
		}
		s.Norm[n]++
	}
}

// ParseShare is the share of the parse corpora's cases (accepted and
// rejected) that agree; TimerShare that of the timer lines.
func (s *CalendarScore) ParseShare() (agree, n int) {
	for _, g := range []string{"accepted", "rejected"} {
		agree += s.Total[g].Agree
		n += s.Total[g].Lines()
	}
	return agree, n
}

// ScoreCalendar runs every case through r, calling each (when not nil)
// with every verdict.
func ScoreCalendar(r *Runner, cases []CalendarCase, skipped map[string]int, each func(CalendarVerdict)) *CalendarScore {
	s := NewCalendarScore()
	for k, n := range skipped {
		s.Skipped[k] = n
	}
	defer r.Close()
	for i := range cases {
		v := r.AskCalendar(&cases[i])
		s.Add(v)
		if each != nil {
			each(v)
		}
	}
	return s
}

// CalendarCases reads the calendar cases of parse corpora
// (parse/systemd-*.jsonl: each specification in each zone, the next
// elapses after its base, compared to the second as systemd-analyze
// prints them) and of timer recordings (corpus/systemd-*.json:
// each line's elapses from the recording's start to its end, in files
// without clock sets, timer stops or power-offs: one boot). With sample > 0 it keeps
// about sample specifications of each parse corpus, evenly spread. Not
// scored, and counted in skipped: specifications where systemd-analyze
// parsed but gave up looking for an elapse ("next elapse: ..."), those
// whose trailing zone this machine has or lacks unlike the recording's
// root (Debian 13 moved EST, CET and the like to tzdata-legacy), the
// recordings' lines an iterator cannot follow, and lines whose next
// elapse depends on where in its window a start came.
func CalendarCases(parseFiles, recordings []string, sample int) (cases []CalendarCase, skipped map[string]int, err error) {
	skipped = map[string]int{}
	for _, p := range parseFiles {
		cs, skip, err := parseCorpusCases(p, sample)
		if err != nil {
			return nil, nil, err
		}
		cases = append(cases, cs...)
		if skip > 0 {
			skipped[filepath.Base(p)] += skip
		}
	}
	for _, p := range recordings {
		rec, err := Load(p)
		if err != nil {
			return nil, nil, err
		}
		d, err := rec.Model()
		if err != nil || !d.Rules().TimerUnits {
			continue // not a timer recording
		}
		name := filepath.Base(p)
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", p, err)
		}
		if ok, _ := rec.IterApplies(loc); !ok || len(rec.poweredOff()) > 0 {
			skipped[name] += len(rec.Lines)
			continue
		}
		version := majorVersion(rec.Systemd)
		for i, l := range rec.Lines {
			if _, dense, err := iterElapses(rec, l, loc); err == nil && strings.HasPrefix(dense, placementDependent) {
				// A list of elapses cannot say which elapse a start late
				// in its window arms next (conform's follow rule needs the
				// calendar itself): not scored.
				skipped[name]++
				continue
			}
			cases = append(cases, CalendarCase{
				Source: name, Line: i + 1, Spec: l.Expr, TZ: rec.TZ, SystemdVersion: version,
				After: rec.Start.UTC().Format(time.RFC3339Nano), Before: rec.End.UTC().Format(time.RFC3339Nano),
				Group: "timer", Runs: l.Runs, Timer: l.Timer(), End: rec.End,
			})
		}
	}
	return cases, skipped, nil
}

func majorVersion(v string) int {
	n, _ := strconv.Atoi(v[:len(v)-len(strings.TrimLeft(v, "0123456789"))])
	return n
}

type parseHeader struct {
	Systemd    string          `json:"systemd"`
	Iterations int             `json:"iterations"`
	Zones      []string        `json:"zones"`
	ZoneFiles  map[string]bool `json:"zone_files"`
}

type parseRecord struct {
	Spec  string `json:"spec"`
	Base  string `json:"base"`
	Zones map[string]struct {
		Norm  string   `json:"norm"`
		Error string   `json:"error"`
		Next  []string `json:"next"`
	} `json:"zones"`
}

func parseCorpusCases(path string, sample int) ([]CalendarCase, int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	var h parseHeader
	var recs []parseRecord
	for first := true; sc.Scan(); first = false {
		if first {
			if err := json.Unmarshal(sc.Bytes(), &h); err != nil {
				return nil, 0, fmt.Errorf("%s: header: %v", path, err)
			}
			continue
		}
		var r parseRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, 0, fmt.Errorf("%s: %v", path, err)
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, 0, err
	}
	// Zone names whose verdict this machine cannot reproduce.
	var unlike []string
	for name, had := range h.ZoneFiles {
		if _, err := time.LoadLocation(name); (err == nil) != had && name != "" && !strings.ContainsAny(name, " ") {
			unlike = append(unlike, name)
		}
	}
	name, version := filepath.Base(path), majorVersion(h.Systemd)
	step := 1
	if sample > 0 && len(recs) > sample {
		step = len(recs) / sample
	}
	var out []CalendarCase
	skipped := 0
	for i, r := range recs {
		if i%step != 0 {
			continue
		}
		for _, zone := range h.Zones {
			z, ok := r.Zones[zone]
			if !ok {
				continue
			}
			if strings.HasPrefix(z.Error, "next elapse: ") || endsWithZone(r.Spec, unlike) {
				skipped++
				continue
			}
			c := CalendarCase{Source: name, Line: i + 2, Spec: r.Spec, TZ: zone, SystemdVersion: version,
				After: r.Base, Count: h.Iterations}
			if z.Error != "" {
				c.Group, c.WantError = "rejected", z.Error
			} else {
				c.Group, c.Normalized, c.Elapses = "accepted", z.Norm, z.Next
				if c.Elapses == nil {
					c.Elapses = []string{}
				}
			}
			out = append(out, c)
		}
	}
	return out, skipped, nil
}

// endsWithZone reports whether the specification's last word is one of
// the names.
func endsWithZone(spec string, names []string) bool {
	f := strings.Fields(spec)
	return len(f) > 0 && slices.Contains(names, f[len(f)-1])
}
