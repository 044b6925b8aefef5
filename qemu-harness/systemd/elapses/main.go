// Command elapses holds the systemd timer recordings
// (conformance/corpus/systemd-*.json) to the elapses that the same
// guest root's `systemd-analyze calendar` computes (in a chroot of the
// root built by qemu-harness/build-systemd.sh), and measures how far
// behind its elapse each run came: the spread that AccuracySec= and
// RandomizedDelaySec= allow.
//
//	go run ./qemu-harness/systemd/elapses [-v] conformance/corpus/systemd-*.json
//
// Per line it takes the runs before the file's first clock set, timer
// stop or power-off (or its end), matches each run with the first
// elapse after the run before it (systemd computes the next elapse from
// the last trigger), checks that the run comes 0 .. accuracy +
// randomized delay + 1 s after that elapse (the second covers the stamp
// process's latency), and that no run is missing. Runs after a clock set, stop or power-off are not
// compared (that is the simulator's part). Nothing here uses cronsim.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/sdanalyze"
)

type line struct {
	Expr              string   `json:"expr"`
	Normalized        string   `json:"normalized"`
	AccuracyUS        int64    `json:"accuracy_us"`
	RandomizedDelayUS int64    `json:"randomized_delay_us"`
	Persistent        bool     `json:"persistent"`
	Runs              []string `json:"runs"`
}

type file struct {
	Systemd    string                    `json:"systemd"`
	TZ         string                    `json:"tz"`
	Start      string                    `json:"start"`
	End        string                    `json:"end"`
	Clock      []struct{ At, To string } `json:"clock"`
	TimerStops []struct{ From string }   `json:"timer_stops"`
	Boots      []struct{ End string }    `json:"boots"`
	Lines      []line                    `json:"lines"`
}

var (
	flagCache   = flag.String("cache", "", "cache directory (default $CRONSIM_QEMU_CACHE or /var/cache/cronsim-qemu)")
	flagVerbose = flag.Bool("v", false, "print every disagreeing line")
)

// class groups lines by the window they are compared with.
type class struct {
	n, agree, runs int
	min, max       time.Duration
}

func main() {
	flag.Parse()
	cache := *flagCache
	if cache == "" {
		cache = os.Getenv("CRONSIM_QEMU_CACHE")
	}
	if cache == "" {
		cache = "/var/cache/cronsim-qemu"
	}
	classes := map[string]*class{}
	bad := 0
	for _, path := range flag.Args() {
		var f file
		b, err := os.ReadFile(path)
		if err == nil {
			err = json.Unmarshal(b, &f)
		}
		if err != nil {
			fatal(fmt.Errorf("%s: %v", path, err))
		}
		suite := "bookworm"
		if strings.HasPrefix(f.Systemd, "257") {
			suite = "trixie"
		}
		root := filepath.Join(cache, "systemd-"+suite, "rootfs")
		start, end := mustTime(f.Start), mustTime(f.End)
		cut := end
		for _, c := range f.Clock {
			// After a set back the clock reads times before the set
			// again: only a time before both is surely before the set.
			cut = minTime(cut, minTime(mustTime(c.At), mustTime(c.To)))
		}
		for _, s := range f.TimerStops {
			cut = minTime(cut, mustTime(s.From))
		}
		if len(f.Boots) > 0 {
			cut = minTime(cut, mustTime(f.Boots[0].End))
		}
		fileBad := 0
		// One systemd-analyze run per 100 specifications; a line whose
		// list ends before cut asks again on its own, for more.
		iters := 20
		var specs []string
		seen := map[string]bool{}
		for _, l := range f.Lines {
			iters = max(iters, len(l.Runs)+5)
			if !seen[l.Expr] {
				seen[l.Expr] = true
				specs = append(specs, l.Expr)
			}
		}
		batch := map[string][]time.Time{}
		for j := 0; j < len(specs); j += 100 {
			part := specs[j:min(j+100, len(specs))]
			res, err := elapsesBatch(root, f.TZ, start, iters, part)
			if err != nil {
				fatal(fmt.Errorf("%s: %v", path, err))
			}
			for k, sp := range part {
				batch[sp] = res[k]
			}
		}
		for i, l := range f.Lines {
			w := time.Duration(l.AccuracyUS+l.RandomizedDelayUS)*time.Microsecond + time.Second
			next := batch[l.Expr]
			var err error
			if len(next) == iters && next[len(next)-1].Before(cut) {
				next, err = elapsesUntil(root, f.TZ, start, cut, 4*iters, l.Expr)
			}
			if err != nil {
				fatal(fmt.Errorf("%s line %d %q: %v", path, i, l.Expr, err))
			}
			var runs []time.Time
			for _, r := range l.Runs {
				if t := mustTime(r); t.Before(cut) {
					runs = append(runs, t)
				}
			}
			sort.Slice(runs, func(a, b int) bool { return runs[a].Before(runs[b]) })
			key := fmt.Sprintf("accuracy %s, randomized delay %s", time.Duration(l.AccuracyUS)*time.Microsecond,
				time.Duration(l.RandomizedDelayUS)*time.Microsecond)
			c := classes[key]
			if c == nil {
				c = &class{min: time.Hour, max: -time.Hour}
				classes[key] = c
			}
			c.n++
			// systemd computes a timer's next elapse from its last
			// trigger (timer.c, timer_enter_waiting): each run belongs to
			// the first elapse after the run before it (or after start).
			// systemd-analyze prints whole seconds: a spec with a fraction
			// of a second is compared but not measured.
			frac := strings.Contains(l.Normalized, ".")
			ok := true
			prev := start
			lo, hi, measured := time.Hour, -time.Hour, 0
			for _, r := range runs {
				e, found := firstAfter(next, prev)
				if !found {
					ok = false
					break
				}
				d := r.Sub(e)
				if d < 0 || d > w {
					ok = false
				}
				if !frac {
					lo, hi = min(lo, d), max(hi, d)
					measured++
				}
				prev = r
			}
			// No run missing: the next elapse after the last run must
			// be one whose run may fall after cut.
			if e, found := firstAfter(next, prev); found && e.Add(w).Before(cut) {
				ok = false
			}
			var shown []time.Time
			for _, e := range next {
				if e.Before(cut) {
					shown = append(shown, e)
				}
			}
			if ok {
				// Delays are measured on the lines that agree.
				if measured > 0 {
					c.min, c.max = min(c.min, lo), max(c.max, hi)
					c.runs += measured
				}
				c.agree++
			} else {
				fileBad++
				if *flagVerbose {
					fmt.Printf("%s line %d %q: runs %v, elapses %v (compared before %s)\n", filepath.Base(path), i+1,
						l.Expr, fmtTimes(runs), fmtTimes(shown), cut.Format(time.RFC3339))
				}
			}
		}
		bad += fileBad
		fmt.Printf("%s: %d lines, %d disagree (compared before %s)\n", filepath.Base(path), len(f.Lines), fileBad, cut.Format(time.RFC3339))
	}
	var keys []string
	for k := range classes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := classes[k]
		fmt.Printf("%s: %d lines, %d agree; %d runs measured (specs without fractions of a second), delay after the elapse %s .. %s\n",
			k, c.n, c.agree, c.runs, c.min, c.max)
	}
	if bad > 0 {
		os.Exit(1)
	}
}

func fmtTimes(ts []time.Time) string {
	var s []string
	for _, t := range ts {
		s = append(s, t.UTC().Format("01-02T15:04:05.000"))
	}
	return "[" + strings.Join(s, " ") + "]"
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		fatal(err)
	}
	return t
}

func firstAfter(ts []time.Time, t time.Time) (time.Time, bool) {
	for _, x := range ts {
		if x.After(t) {
			return x, true
		}
	}
	return time.Time{}, false
}

// elapsesUntil asks for at least n elapses and more until one is at or
// after cut (or 20000 were listed).
func elapsesUntil(root, tz string, base, cut time.Time, n int, spec string) ([]time.Time, error) {
	for n = max(n, 20); ; n *= 4 {
		ts, err := elapses(root, tz, base, n, spec)
		if err != nil || len(ts) < n || !ts[len(ts)-1].Before(cut) || n >= 20000 {
			return ts, err
		}
	}
}

// elapses asks the root's systemd-analyze for the next iters elapses of
// spec strictly after base, in zone tz.
func elapses(root, tz string, base time.Time, iters int, spec string) ([]time.Time, error) {
	res, err := elapsesBatch(root, tz, base, iters, []string{spec})
	if err != nil {
		return nil, err
	}
	return res[0], nil
}

// elapsesBatch asks for iters elapses of each of specs in one run (all
// were accepted when recorded: a rejection is an error).
func elapsesBatch(root, tz string, base time.Time, iters int, specs []string) ([][]time.Time, error) {
	return sdanalyze.Run(root, tz, base, iters, specs, readElapses)
}

// readElapses keeps a table's elapses in UTC (its "(in UTC)" lines).
func readElapses(spec string, t sdanalyze.Table) ([]time.Time, error) {
	if t.Err != "" {
		return nil, fmt.Errorf("spec %q: %s", spec, t.Err)
	}
	out := []time.Time{}
	for _, f := range t.Fields {
		if f.Key == "(in UTC)" {
			tm, err := time.Parse("Mon 2006-01-02 15:04:05 MST", f.Value)
			if err != nil {
				return nil, fmt.Errorf("time %q", f.Value)
			}
			out = append(out, tm)
		}
	}
	return out, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "elapses:", err)
	os.Exit(1)
}
