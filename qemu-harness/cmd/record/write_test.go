package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
	"github.com/google/go-cmp/cmp"
)

// corpusFile is what the writers' input can be rebuilt from in a corpus
// file (both kinds: cron lines and timers).
type corpusFile struct {
	Daemon     string `json:"daemon"`
	Cron       string `json:"cron"`
	Systemd    string `json:"systemd"`
	Tzdata     string `json:"tzdata"`
	Start      string `json:"start"`
	End        string `json:"end"`
	Clock      []struct{ At, To string }
	Pauses     []struct{ From, To string }
	TimerStops []struct{ From, To string }    `json:"timer_stops"`
	Libc6      string                         `json:"libc6"`
	Kernel     string                         `json:"kernel"`
	Qemu       string                         `json:"qemu"`
	Plan       string                         `json:"plan"`
	Entry      string                         `json:"entry"`
	Wall       int                            `json:"host_wall_seconds"`
	DaemonLog  []struct{ At, Msg string }     `json:"daemon_log"`
	Rejected   []string                       `json:"rejected_by_systemd_analyze"`
	Active     int                            `json:"timers_active"`
	Stamps     []struct{ Unit, MTime string } `json:"persistent_stamps"`
	Boots      []struct {
		Start, End string
		Stamps     []struct{ Unit, MTime string } `json:"persistent_stamps"`
	} `json:"boots"`
	Lines []struct {
		CronTZ             string   `json:"cron_tz"`
		Expr               string   `json:"expr"`
		Normalized         string   `json:"normalized"`
		AccuracySec        string   `json:"accuracy_sec"`
		RandomizedDelaySec string   `json:"randomized_delay_sec"`
		Persistent         bool     `json:"persistent"`
		Runs               []string `json:"runs"`
	} `json:"lines"`
}

// The writers must lay a recording out exactly as the committed corpus
// files are: each file below is rebuilt from its own data (what the
// console said, the plan entry) and written again, and must come out the
// same byte for byte but for recorded_at. One file per kind the writers
// tell apart: Debian with slow jobs, BusyBox with a clock set and a daemon
// log, BusyBox with per-line durations and a pause, cronie with CRON_TZ=
// lines, systemd timers, and systemd over a powered-off span (two boots).
// (Debian's first files predate the "daemon" field.)
func TestWriteReproducesCorpus(t *testing.T) {
	for _, name := range []string{
		"bookworm-dublin-2021-spring-catchup-slow-15-c",
		"busybox-dublin-jump-minus-1m",
		"busybox-dublin-2021-fall-pause-slow-mix-a",
		"cronie-utc-crontz-dublin-2021-spring",
		"systemd-bookworm-dublin-accuracy-a",
		"systemd-bookworm-dublin-poweroff-persistent",
	} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("../../../conformance/corpus", name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var f corpusFile
			if err := json.Unmarshal(want, &f); err != nil {
				t.Fatal(err)
			}
			got := rewrite(t, &f)
			recorded := regexp.MustCompile(`(?m)^  "recorded_at": .*$`)
			if d := cmp.Diff(string(recorded.ReplaceAll(want, nil)), string(recorded.ReplaceAll(got, nil))); d != "" {
				t.Errorf("written again (-committed +written):\n%s", d)
			}
		})
	}
}

// rewrite rebuilds the writer's input from f and returns what it writes.
func rewrite(t *testing.T, f *corpusFile) []byte {
	ns := func(s string) int64 {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.UnixNano()
	}
	p, err := plan.Load(filepath.Join("../../..", f.Plan))
	if err != nil {
		t.Fatal(err)
	}
	var r *plan.Recording
	for i := range p.Recordings {
		if p.Recordings[i].Name == f.Entry {
			r = &p.Recordings[i]
		}
	}
	if r == nil {
		t.Fatalf("no entry %s in %s", f.Entry, f.Plan)
	}
	kernel, kver, _ := strings.Cut(strings.TrimSuffix(f.Kernel, ")"), " (")
	root := t.TempDir()
	e := &env{kernel: kernel, qemu: f.Qemu, repoRoot: root}
	res := &vmResult{
		versions: map[string]string{"cron": f.Cron, "systemd": f.Systemd, "tzdata": f.Tzdata, "libc6": f.Libc6, "kernel": kver},
		start:    ns(f.Start), end: ns(f.End), active: f.Active,
	}
	for _, c := range f.Clock {
		res.clocks = append(res.clocks, [2]int64{ns(c.At), ns(c.To)})
	}
	for _, p := range append(f.Pauses, f.TimerStops...) {
		res.pauses = append(res.pauses, pauseRec{ns(p.From), "STOP"}, pauseRec{ns(p.To), "CONT"})
	}
	for _, l := range f.DaemonLog {
		res.logs = append(res.logs, logRec{ns(l.At), l.Msg})
	}
	for _, s := range f.Stamps {
		res.stamps = append(res.stamps, logRec{ns(s.MTime), s.Unit})
	}
	for _, b := range f.Boots {
		br := bootRec{start: ns(b.Start), end: ns(b.End)}
		for _, s := range b.Stamps {
			br.stamps = append(br.stamps, logRec{ns(s.MTime), s.Unit})
		}
		res.boots = append(res.boots, br)
	}
	var lines []string
	sd := &sdTimers{rejected: f.Rejected}
	for i, l := range f.Lines {
		for _, run := range l.Runs {
			res.runs = append(res.runs, runRec{ns(run), jobID(i)})
		}
		if l.CronTZ != "" {
			lines = append(lines, plan.CronTZPrefix+l.CronTZ+" "+l.Expr)
		} else {
			lines = append(lines, l.Expr)
		}
		sd.lines = append(sd.lines, plan.TimerLine{Spec: l.Expr, AccuracySec: l.AccuracySec,
			RandomizedDelaySec: l.RandomizedDelaySec, Persistent: l.Persistent})
		sd.norm = append(sd.norm, l.Normalized)
	}
	// The flags name where the file goes and which plan made it; both are
	// taken relative to the repository in made_by and plan.
	out := filepath.Join(root, "conformance/corpus")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	defer func(o, p string) { *flagOut, *flagPlan = o, p }(*flagOut, *flagPlan)
	*flagOut, *flagPlan = out, filepath.Join(root, f.Plan)
	wall := time.Duration(f.Wall) * time.Second
	if f.Daemon == "systemd" {
		_, err = e.writeTimers(r, sd, res, wall)
	} else {
		_, err = e.write(r, lines, res, wall)
	}
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(out, r.Name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return got
}
