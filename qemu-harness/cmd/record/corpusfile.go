package main

// The corpus file: what write (cron daemons) and writeTimers (systemd)
// share. Both check the console's records against the plan the same way
// and lay the file out the same way (the header one field a line, then one
// line of the file per crontab line or timer), so that the corpus reader
// and a diff see one format.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

type jsonClock struct {
	At string `json:"at"`
	To string `json:"to"`
}

type jsonLog struct {
	At  string `json:"at"`
	Msg string `json:"msg"`
}

type jsonPause struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func rfc(ns int64) string { return time.Unix(0, ns).UTC().Format(time.RFC3339Nano) }

// checked is what a corpus file takes from the console, checked against
// the plan: the runs of each line, the clock sets, the stop spans.
type checked struct {
	runs   [][]string
	clocks []jsonClock
	spans  []jsonPause
}

// checkConsole reads the console's runs (of n lines), clock sets and the STOP/CONT
// records of the planned number of spans (pauses of the cron process, or
// timer stops on systemd: what names them in errors).
func checkConsole(res *vmResult, r *plan.Recording, n, spans int, what string) (*checked, error) {
	var c checked
	var err error
	if c.runs, err = runsByLine(res.runs, n); err != nil {
		return nil, err
	}
	if c.clocks, err = clockRecords(res, r); err != nil {
		return nil, err
	}
	if c.spans, err = spanRecords(res.pauses, spans, what); err != nil {
		return nil, err
	}
	return &c, nil
}

// runsByLine sorts the runs the guest reported into the n lines (job ids
// jobID(0) .. jobID(n-1)), in order of arrival; a line that never ran has
// an empty list. Any other id is refused: the guest ran something the
// recording did not ask for.
func runsByLine(runs []runRec, n int) ([][]string, error) {
	idx := map[string]int{}
	out := make([][]string, n)
	for i := range out {
		idx[jobID(i)] = i
		out[i] = []string{}
	}
	for _, x := range runs {
		i, ok := idx[x.id]
		if !ok {
			return nil, fmt.Errorf("unknown job %q ran", x.id)
		}
		out[i] = append(out[i], rfc(x.ns))
	}
	return out, nil
}

// clockRecords returns the clock sets the guest made, refusing a recording
// that made another number than planned.
func clockRecords(res *vmResult, r *plan.Recording) ([]jsonClock, error) {
	clocks := []jsonClock{}
	for _, c := range res.clocks {
		clocks = append(clocks, jsonClock{rfc(c[0]), rfc(c[1])})
	}
	if len(clocks) != len(r.Clock) {
		return nil, fmt.Errorf("planned %d clock sets, guest made %d", len(r.Clock), len(clocks))
	}
	return clocks, nil
}

// spanRecords pairs the guest's STOP and CONT records (pauses of the cron
// process, or timer stops on systemd) into spans, refusing records out of
// order or another number of spans than planned.
func spanRecords(recs []pauseRec, planned int, what string) ([]jsonPause, error) {
	spans := []jsonPause{}
	for i := 0; i+1 < len(recs); i += 2 {
		if recs[i].what != "STOP" || recs[i+1].what != "CONT" {
			return nil, fmt.Errorf("%s records out of order: %v", what, recs)
		}
		spans = append(spans, jsonPause{rfc(recs[i].ns), rfc(recs[i+1].ns)})
	}
	if len(recs) != 2*planned {
		return nil, fmt.Errorf("planned %d %ss, guest made %d STOP/CONT records", planned, what, len(recs))
	}
	return spans, nil
}

// madeBy returns the plan's path and the command that records r again,
// both relative to the repository when they are inside it.
func madeBy(e *env, r *plan.Recording) (planPath, cmd string) {
	planPath = relRepo(e, *flagPlan)
	return planPath, fmt.Sprintf("go run ./qemu-harness/cmd/record -plan %s -only %s -out %s", planPath, r.Name, relRepo(e, *flagOut))
}

func relRepo(e *env, p string) string {
	if rel, err := filepath.Rel(e.repoRoot, mustAbs(p)); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// daemonLog lists the daemon's other syslog messages (start-up, BusyBox's
// "time disparity", cronie's notices), stamped on receipt; the guest
// forwards at most 500.
func daemonLog(logs []logRec) []jsonLog {
	out := []jsonLog{}
	for _, l := range logs {
		if l.ns <= 0 {
			continue // the guest init's own notes
		}
		out = append(out, jsonLog{rfc(l.ns), l.msg})
	}
	return out
}

// clockFields are the header fields, in every corpus file's order, that
// say what the guest's clock did: the zone (and its data), the first and
// last stamps, the clock sets.
func clockFields(r *plan.Recording, res *vmResult, c *checked) []headField {
	return []headField{
		{"tzdata", res.versions["tzdata"]},
		{"tz", r.TZ},
		{"start", rfc(res.start)},
		{"end", rfc(res.end)},
		{"clock", c.clocks},
	}
}

// sourceFields say which machine and which plan entry made the file.
func sourceFields(e *env, r *plan.Recording, res *vmResult, planPath string) []headField {
	return []headField{
		{"libc6", res.versions["libc6"]},
		{"kernel", e.kernel + " (" + res.versions["kernel"] + ")"},
		{"qemu", e.qemu},
		{"plan", planPath},
		{"entry", r.Name},
		{"window", r.Window},
		{"rtc_base", r.RTC.UTC().Format(time.RFC3339)},
	}
}

// hostFields say when the host recorded and how long it took (the fields
// a re-recording changes), and how many runs the file holds.
func hostFields(res *vmResult, wall time.Duration) []headField {
	return []headField{
		{"recorded_at", time.Now().UTC().Format(time.RFC3339)},
		{"host_wall_seconds", int(wall.Seconds())},
		{"total_runs", len(res.runs)},
	}
}

// headField is one header field of a corpus file, in the file's order.
type headField struct {
	k string
	v any
}

// writeCorpusFile writes the header fields one a line, then "lines" with
// one element a line, to dst atomically (a temporary file renamed), so an
// interrupted recorder never leaves half a corpus file.
func writeCorpusFile(dst string, head []headField, lines []any) error {
	var b bytes.Buffer
	b.WriteString("{\n")
	for _, kv := range head {
		v, err := json.Marshal(kv.v)
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "  %q: %s,\n", kv.k, v)
	}
	b.WriteString("  \"lines\": [\n")
	for i, l := range lines {
		v, err := json.Marshal(l)
		if err != nil {
			return err
		}
		b.WriteString("    ")
		b.Write(v)
		if i < len(lines)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("  ]\n}\n")
	var check map[string]any
	if err := json.Unmarshal(b.Bytes(), &check); err != nil {
		return fmt.Errorf("internal: bad JSON: %v", err)
	}
	tmp := dst + ".tmp"
	if err := os.WriteFile(tmp, b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, dst)
}
