package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// Monitor vectors (README.md, "Monitor vectors"): ping sequences a
// monitoring service could receive from a job, cut from the recordings,
// each with the verdict the recorded starts call for. Only the
// recordings go in: the expected verdict is computed from the recorded
// start times alone, never by a cron library.

// A MonitorVector is one question to a monitor: the pings it has seen of
// a job and the moment it is asked.
type MonitorVector struct {
	ID     string `json:"id"`   // file:line:kind
	File   string `json:"file"` // the recording
	Line   int    `json:"line"` // 1-based crontab line
	Kind   string `json:"kind"` // how the pings were cut (MonitorKinds)
	Daemon string `json:"daemon"`
	TZ     string `json:"tz"`
	CronTZ string `json:"cron_tz,omitempty"` // cronie: the line's CRON_TZ= zone
	Expr   string `json:"expr"`
	// JobDurationS is the longest job duration of the recording's
	// crontab, in seconds (0: quick jobs): a slow catch-up's allowance
	// depends on it.
	JobDurationS float64 `json:"job_duration_s"`
	GraceS       float64 `json:"grace_s"`
	// Pings are the start pings, in order of arrival (RFC 3339 UTC).
	Pings []string    `json:"pings"`
	Now   string      `json:"now"` // when the monitor is asked
	Want  MonitorWant `json:"want"`
}

// MonitorWant is the verdict the recording calls for.
type MonitorWant struct {
	// State: new (no ping), up, grace (a start is due, not past its
	// grace), late (a recorded start came more than the grace before now
	// with no ping for it, after the last ping), missed (the job pings
	// again, but a recorded start between pings has none).
	State string `json:"state"`
	// Alert: late or missed, what a monitor pages for.
	Alert bool `json:"alert"`
	// Missed counts the recorded start minutes with no ping: those
	// before the last ping, and those after it more than the grace
	// before now.
	Missed int `json:"missed"`
	// Starts is how many starts the daemon made in the minute of the
	// last ping (a catch-up burst: more than one).
	Starts int `json:"starts"`
}

// MonitorKinds are the ways vectors cut pings from a line's recorded
// starts, around one chosen start k (the first at or after the zone's
// first offset change in the window, else the middle one):
//
//	first_ping       the line's first start alone, asked before its second
//	on_time          starts k-2..k, asked 20 s before start k+1
//	early            the same pings 3 s early (the job's clock is ahead)
//	duplicate        starts k-2..k and start k again 3 s later
//	burst            a minute with several starts (a catch-up) and the one before, asked before the next
//	late_in_grace    starts k-2..k, asked half a 5-minute grace after start k+1
//	late_past_grace  starts k-2..k, asked 40 s after start k+1 plus a 1-minute grace
//	removed          starts k-2, k-1 and k+1 (k removed), with a 5-minute grace, asked 20 s after k+1
var MonitorKinds = []string{"first_ping", "on_time", "early", "duplicate", "burst", "late_in_grace", "late_past_grace", "removed"}

// monitorLinesPerFile bounds the lines of one recording that give
// vectors, spread evenly over its crontab.
const monitorLinesPerFile = 6

// monitorMargin is the least distance between the moment a vector asks
// and any recorded start, or any start's deadline: closer, the verdict
// would hinge on a start's second, which no schedule gives.
const monitorMargin = 15 * time.Second

// startMinute is one minute of a line's recorded starts.
type startMinute struct {
	first time.Time   // the first start in the minute
	all   []time.Time // every start in it
}

// MonitorVectors cuts the vectors of one recording. Recordings with
// clock sets or pauses give none (no monitor can see the machine's clock
// jump or the daemon stop), nor do cronie recordings across an offset
// change cronie does not see, nor cronie CRON_TZ= lines across a change
// of its own zone (Recording.OffsetsSeen, ZonedSkips): what the daemon
// did there depends on its state, not on the schedule.
func MonitorVectors(name string, r *Recording) ([]MonitorVector, error) {
	if len(r.Clock) > 0 || len(r.Pauses) > 0 {
		return nil, nil
	}
	loc, err := time.LoadLocation(r.TZ)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if ok, _ := r.OffsetsSeen(loc); !ok {
		return nil, nil
	}
	from, to := r.Window()
	change := firstChange(loc, from, to)
	var jobDur float64
	for _, d := range r.durations() {
		jobDur = max(jobDur, d.Seconds())
	}
	slow := jobDur > 0
	var eligible []int
	for i, l := range r.Lines {
		if r.ZonedSkips(loc, l) {
			continue
		}
		if len(minutesOf(l.Runs, from, to)) >= 5 {
			eligible = append(eligible, i)
		}
	}
	var out []MonitorVector
	step := max(1, (len(eligible)+monitorLinesPerFile-1)/monitorLinesPerFile)
	for j := 0; j < len(eligible); j += step {
		i := eligible[j]
		l := r.Lines[i]
		ms := minutesOf(l.Runs, from, to)
		k := len(ms) / 2
		for x := range ms {
			if !ms[x].first.Before(change) {
				k = x
				break
			}
		}
		k = min(max(k, 2), len(ms)-2)
		base := MonitorVector{File: name, Line: i + 1, Daemon: r.Daemon, TZ: r.TZ, CronTZ: l.CronTZ, Expr: l.Expr, JobDurationS: jobDur}
		add := func(kind string, grace time.Duration, pings []time.Time, now time.Time) {
			w, ok := monitorWant(ms, pings, now, grace, slow)
			if !ok {
				return
			}
			v := base
			v.ID = fmt.Sprintf("%s:%d:%s", name, i+1, kind)
			v.Kind, v.GraceS, v.Now, v.Want = kind, grace.Seconds(), stamp(now), w
			v.Pings = make([]string, len(pings))
			for x, p := range pings {
				v.Pings[x] = stamp(p)
			}
			out = append(out, v)
		}
		all := func(a, b int) []time.Time { // the pings of minutes a..b
			var ps []time.Time
			for x := a; x <= b; x++ {
				ps = append(ps, ms[x].all...)
			}
			return ps
		}
		next := ms[k+1].first
		add("first_ping", time.Minute, all(0, 0), ms[1].first.Add(-20*time.Second))
		add("on_time", time.Minute, all(k-2, k), next.Add(-20*time.Second))
		early := all(k-2, k)
		for x := range early {
			early[x] = early[x].Add(-3 * time.Second)
		}
		add("early", time.Minute, early, next.Add(-20*time.Second))
		add("duplicate", time.Minute, append(all(k-2, k), ms[k].all[len(ms[k].all)-1].Add(3*time.Second)), next.Add(-20*time.Second))
		for x := 1; x+1 < len(ms); x++ {
			if len(ms[x].all) > 1 {
				add("burst", time.Minute, all(x-1, x), ms[x+1].first.Add(-20*time.Second))
				break
			}
		}
		add("late_in_grace", 5*time.Minute, all(k-2, k), next.Add(150*time.Second))
		if !slow {
			// A slow daemon's late starts are its own: the recorded
			// start is no deadline a monitor could know.
			add("late_past_grace", time.Minute, all(k-2, k), next.Add(time.Minute+40*time.Second))
			add("removed", 5*time.Minute, append(all(k-2, k-1), ms[k+1].all...), next.Add(20*time.Second))
		}
	}
	return out, nil
}

// monitorWant is the verdict the recorded starts ms call for on pings
// (each one of a recorded start, perhaps shifted by seconds, or a
// repeat) at now. ok is false when now lies within monitorMargin of a
// start or of an unpinged start's deadline, or when pings follow now.
func monitorWant(ms []startMinute, pings []time.Time, now time.Time, grace time.Duration, slow bool) (MonitorWant, bool) {
	if len(pings) == 0 || pings[len(pings)-1].After(now) {
		return MonitorWant{}, false
	}
	near := func(t time.Time) bool { d := now.Sub(t); return d > -monitorMargin && d < monitorMargin }
	// Which recorded minutes were pinged: a ping within 10 s of a start.
	pinged := make([]bool, len(ms))
	lastIdx := -1
	for _, p := range pings {
		for x := range ms {
			for _, s := range ms[x].all {
				if d := p.Sub(s); d > -10*time.Second && d < 10*time.Second {
					pinged[x] = true
					lastIdx = max(lastIdx, x)
				}
			}
		}
	}
	firstIdx := -1
	for x := range ms {
		if pinged[x] {
			firstIdx = x
			break
		}
	}
	if firstIdx < 0 {
		return MonitorWant{}, false
	}
	w := MonitorWant{State: "up", Starts: len(ms[lastIdx].all)}
	late, due := false, false
	for x := firstIdx + 1; x < len(ms); x++ {
		s := ms[x].first
		if pinged[x] {
			continue
		}
		if near(s) || near(s.Add(grace)) {
			return MonitorWant{}, false
		}
		if s.After(now) {
			break
		}
		switch {
		case x < lastIdx:
			w.Missed++ // a later start was pinged
		case now.Sub(s) > grace:
			w.Missed++
			late = true
		default:
			due = true
		}
	}
	switch {
	case late:
		w.State = "late"
	case w.Missed > 0:
		w.State = "missed"
	case due:
		w.State = "grace"
	}
	w.Alert = late || w.Missed > 0
	return w, true
}

// minutesOf groups a line's starts strictly inside the window by UTC
// minute, in order.
func minutesOf(runs []time.Time, from, to time.Time) []startMinute {
	sorted := append([]time.Time(nil), runs...)
	sort.Slice(sorted, func(a, b int) bool { return sorted[a].Before(sorted[b]) })
	var out []startMinute
	for _, t := range sorted {
		m := t.Truncate(time.Minute)
		if m.Before(from) || !m.Before(to) {
			continue
		}
		if n := len(out); n > 0 && out[n-1].first.Truncate(time.Minute).Equal(m) {
			out[n-1].all = append(out[n-1].all, t)
			continue
		}
		out = append(out, startMinute{first: t, all: []time.Time{t}})
	}
	return out
}

// firstChange is the first change of loc's offset in [from, to), or to.
func firstChange(loc *time.Location, from, to time.Time) time.Time {
	_, end := from.In(loc).ZoneBounds()
	if end.IsZero() || !end.Before(to) {
		return to
	}
	return end
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// AllMonitorVectors cuts the vectors of every recording in dir, in file
// order.
func AllMonitorVectors(dir string) ([]MonitorVector, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var all []MonitorVector
	for _, f := range files {
		r, err := Load(f)
		if err != nil {
			return nil, err
		}
		if d, err := r.Model(); err == nil && d.Rules().TimerUnits {
			// A timer's starts spread over its accuracy window: the
			// vectors' minute rule does not hold them (README.md,
			// "systemd timers").
			continue
		}
		vs, err := MonitorVectors(filepath.Base(f), r)
		if err != nil {
			return nil, err
		}
		all = append(all, vs...)
	}
	return all, nil
}

// EncodeMonitorVectors writes vectors as JSON Lines.
func EncodeMonitorVectors(vs []MonitorVector) []byte {
	var b []byte
	for _, v := range vs {
		line, _ := json.Marshal(v)
		b = append(b, line...)
		b = append(b, '\n')
	}
	return b
}

// MonitorIndex is monitor/index.json: how the vectors were made, and
// their counts.
func MonitorIndex(vs []MonitorVector) []byte {
	byDaemon := map[string]map[string]int{}
	for _, v := range vs {
		if byDaemon[v.Daemon] == nil {
			byDaemon[v.Daemon] = map[string]int{}
		}
		byDaemon[v.Daemon][v.Kind]++
	}
	b, _ := json.MarshalIndent(struct {
		Comment  string                    `json:"comment"`
		MadeBy   string                    `json:"made_by"`
		Vectors  int                       `json:"vectors"`
		Kinds    []string                  `json:"kinds"`
		ByDaemon map[string]map[string]int `json:"by_daemon"`
	}{
		Comment: "vectors.jsonl is derived from the recordings in conformance/corpus only: ping sequences cut from the recorded starts, each with the verdict the recorded starts call for; never edit by hand. Format: conformance/README.md, \"Monitor vectors\".",
		MadeBy:  "go run ./conformance/cmd/monitorvectors",
		Vectors: len(vs), Kinds: MonitorKinds, ByDaemon: byDaemon,
	}, "", "  ")
	return append(b, '\n')
}

// LoadMonitorVectors reads a JSON Lines file of vectors.
func LoadMonitorVectors(path string) ([]MonitorVector, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []MonitorVector
	dec := json.NewDecoder(bytes.NewReader(b))
	for dec.More() {
		var v MonitorVector
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s: vector %d: %v", path, len(out)+1, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// The monitor request of the adapter protocol (README.md, "Monitor
// vectors"): one vector, without its verdict.
type monitorRequest struct {
	ID           int      `json:"id"`
	Kind         string   `json:"kind"` // "monitor"
	Expr         string   `json:"expr"`
	TZ           string   `json:"tz"`
	SystemTZ     string   `json:"system_tz,omitempty"`
	Daemon       string   `json:"daemon"`
	Pings        []string `json:"pings"`
	Now          string   `json:"now"`
	GraceS       float64  `json:"grace_s"`
	JobDurationS float64  `json:"job_duration_s"`
}

type monitorAnswer struct {
	State  *string `json:"state"`
	Missed *int    `json:"missed"`
	Error  *string `json:"error"`
}

// A MonitorResult is the outcome of one vector.
type MonitorResult struct {
	Vector  *MonitorVector
	Outcome string // agree, false_alarm, silent, missed_count, error, hang
	State   string // the state answered
	Missed  int    // the count answered
	Error   string
}

// MonitorOutcomes in the order they are reported: agree (the alert, and
// the missed count when there is one, as wanted), false_alarm (an alert
// where the recording has none), silent (no alert where it has one),
// missed_count (an alert with another count), error, hang.
var MonitorOutcomes = []string{"agree", "false_alarm", "silent", "missed_count", "error", "hang"}

// AskMonitor sends one vector to the adapter and judges the answer.
func (r *Runner) AskMonitor(v *MonitorVector) MonitorResult {
	res := MonitorResult{Vector: v}
	tz, system := v.TZ, ""
	if v.CronTZ != "" {
		tz, system = v.CronTZ, v.TZ
	}
	a, outcome, why, _ := askAnswer[monitorAnswer](r, r.Timeout, func(id int) any {
		return monitorRequest{ID: id, Kind: "monitor", Expr: v.Expr, TZ: tz, SystemTZ: system, Daemon: v.Daemon,
			Pings: v.Pings, Now: v.Now, GraceS: v.GraceS, JobDurationS: v.JobDurationS}
	})
	switch {
	case outcome == Hang:
		res.Outcome, res.Error = "hang", why
		return res
	case outcome != "": // Failed, an unreadable answer too
		res.Outcome, res.Error = "error", why
		return res
	}
	switch {
	case a.Error != nil:
		res.Outcome, res.Error = "error", *a.Error
		return res
	case a.State == nil || a.Missed == nil:
		res.Outcome, res.Error = "error", "answer has no state and missed, nor an error"
		return res
	}
	res.State, res.Missed = *a.State, *a.Missed
	alert := res.State == "late" || res.State == "missed"
	switch {
	case alert && !v.Want.Alert:
		res.Outcome = "false_alarm"
	case !alert && v.Want.Alert:
		res.Outcome = "silent"
	case alert && res.Missed != v.Want.Missed:
		res.Outcome = "missed_count"
	default:
		res.Outcome = "agree"
	}
	return res
}

// A MonitorScore counts outcomes by daemon and kind.
type MonitorScore struct {
	ByDaemon map[string]map[string]int // daemon -> outcome -> count
	ByKind   map[string]map[string]int // kind -> outcome -> count
	Total    map[string]int
}

// ScoreMonitor runs every vector through r.
func ScoreMonitor(r *Runner, vs []MonitorVector, each func(MonitorResult)) *MonitorScore {
	s := &MonitorScore{ByDaemon: map[string]map[string]int{}, ByKind: map[string]map[string]int{}, Total: map[string]int{}}
	defer r.Close()
	for i := range vs {
		res := r.AskMonitor(&vs[i])
		count(s.ByDaemon, vs[i].Daemon, res.Outcome)
		count(s.ByKind, vs[i].Kind, res.Outcome)
		s.Total[res.Outcome]++
		if each != nil {
			each(res)
		}
	}
	return s
}

func count(m map[string]map[string]int, key, outcome string) {
	if m[key] == nil {
		m[key] = map[string]int{}
	}
	m[key][outcome]++
}
