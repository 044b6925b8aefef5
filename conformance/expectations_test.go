package conformance

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestExpectationsFresh fails when the committed expectations differ from
// what the generator makes of the committed corpus.
func TestExpectationsFresh(t *testing.T) {
	want, err := Expectations("corpus")
	if err != nil {
		t.Fatal(err)
	}
	have, _ := filepath.Glob("expectations/*.jsonl")
	have = append(have, "expectations/index.json")
	stale := []string{}
	for _, p := range have {
		name := filepath.Base(p)
		b, err := os.ReadFile(p)
		if err != nil {
			stale = append(stale, name+" (missing)")
			continue
		}
		if w, ok := want[name]; !ok {
			stale = append(stale, name+" (no recording)")
		} else if !bytes.Equal(b, w) {
			stale = append(stale, name)
		}
	}
	for name := range want {
		if _, err := os.Stat(filepath.Join("expectations", name)); err != nil {
			stale = append(stale, name+" (missing)")
		}
	}
	if len(stale) > 0 {
		sort.Strings(stale)
		t.Fatalf("conformance/expectations is stale (%d files: %v); regenerate it from the repository's root with\n\t%s\nand commit the result", len(stale), stale, GenerateCommand)
	}
}

// TestExpectationsAgreeWithCorpus reads the committed expectations back the
// way a checker in another language would and holds them to the
// recordings through the package's own loader: same lines, same distinct
// minutes, same start counts.
func TestExpectationsAgreeWithCorpus(t *testing.T) {
	recs := corpusFiles(t)
	total := 0
	for path, rec := range recs {
		name := filepath.Base(path)
		f, err := os.Open(filepath.Join("expectations", name[:len(name)-len(".json")]+".jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		var exps []Expectation
		for sc.Scan() {
			var e Expectation
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			exps = append(exps, e)
		}
		f.Close()
		if len(exps) != len(rec.Lines) {
			t.Fatalf("%s: %d expectations for %d lines", name, len(exps), len(rec.Lines))
		}
		from, to := rec.Window()
		loc, err := time.LoadLocation(rec.TZ)
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range exps {
			l := rec.Lines[i]
			if e.Expr != l.Expr || e.Line != i+1 || e.TZ != rec.TZ {
				t.Errorf("%s line %d: expectation for %q in %s, recording has %q", name, i+1, e.Expr, e.TZ, l.Expr)
			}
			if diff := cmp.Diff(minutes(l.Runs, from, to, true), e.Runs, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s line %d %q: runs (-recording +expectations)\n%s", name, i+1, l.Expr, diff)
			}
			starts := 0
			for _, m := range e.Runs {
				if n, ok := e.Repeats[m]; ok {
					starts += n
				} else {
					starts++
				}
			}
			if n := len(minutes(l.Runs, from, to, false)); starts != n || e.Starts != n {
				t.Errorf("%s line %d %q: %d starts from repeats, %d in starts, %d recorded", name, i+1, l.Expr, starts, e.Starts, n)
			}
			iterOK, _ := rec.IterAppliesTo(loc, l)
			if e.NeverRuns != (len(e.Runs) == 0) || e.NeedsSimulator == iterOK {
				t.Errorf("%s line %d %q: never_runs %v needs_simulator %v", name, i+1, l.Expr, e.NeverRuns, e.NeedsSimulator)
			}
			total++
		}
	}
	t.Logf("%d expectations checked", total)
}

func TestFixedTime(t *testing.T) {
	for expr, want := range map[string]bool{
		"30 1 * * *":   true,
		"0-59 1 * * *": true,
		"* 1 * * *":    false,
		"15 */2 * * *": false,
		"*,5 1 * * *":  false,
		"5 *-3 * * *":  false,
		"@daily":       true,
		"@hourly":      false,
		"@weekly":      true,
	} {
		got, ok := FixedTime(expr)
		if !ok || got != want {
			t.Errorf("FixedTime(%q) = %v, %v; want %v", expr, got, ok, want)
		}
	}
	for _, expr := range []string{"@reboot", "1 2 3", "@Daily"} {
		if _, ok := FixedTime(expr); ok {
			t.Errorf("FixedTime(%q): ok, want no rule", expr)
		}
	}
}

func TestPortable(t *testing.T) {
	type res struct {
		Spelling   string
		DebianOnly bool
		Has        bool
	}
	for expr, want := range map[string]res{
		"30 1 * * *":                     {"30 1 * * *", false, true},
		"0 0 * * mon-fri":                {"0 0 * * mon-fri", false, true},
		"05 00-4 * * sun,7":              {"05 00-4 * * sun,7", false, true},
		"059 000-4 * * sun,7":            {"59 0-4 * * sun,7", true, true},
		"59 1;x * * *":                   {"59 1 * * *", true, true},
		"*-30 2 * * *":                   {"* 2 * * *", true, true},
		"0 0 * * 1#2":                    {"0 0 * * 1", true, true},
		"0-6/2 * 4 1-dec *":              {"0-6/2 * 4 1-12 *", true, true},
		"45 * * * fri-7":                 {"45 * * * 5-7", true, true},
		"14 4-2 3-6 * sun":               {"", true, false},
		"31-32,0 2-0 * may-12/2 *":       {"", true, false},
		"31-32,0 2,2-0 * * *":            {"31-32,0 2 * * *", true, true},
		"4294967355 * * * *":             {"59 * * * *", true, true},
		"* 0-8/5 * 2-jul/4 *":            {"* 0-8/5 * 2-7/4 *", true, true},
		"@hourly":                        {"@hourly", false, true},
		"0,1,48,31-33 0-023 * sep *":     {"0,1,48,31-33 0-23 * sep *", true, true},
		"1,30,30,059-59 0 18-21 1-MAR *": {"1,30,30,59-59 0 18-21 1-3 *", true, true},
	} {
		s, only, has := Portable(expr)
		if diff := cmp.Diff(want, res{s, only, has}); diff != "" {
			t.Errorf("Portable(%q) (-want +got):\n%s", expr, diff)
		}
	}
}

// TestPortableMeansTheSame holds the independent classifier to the
// library's Debian parser on every corpus line: a portable spelling reads
// as the same schedule, star rules included, and is accepted by the
// strict dialect; a Debian-only line without one never runs.
func TestPortableMeansTheSame(t *testing.T) {
	counts := map[string]int{}
	for f, rec := range corpusFiles(t) {
		if ok, why := Modelled(rec.Daemon); !ok {
			t.Logf("%s skipped: %s", f, why)
			continue
		}
		if d, _ := rec.Model(); d.Rules().TimerUnits {
			continue // calendar specifications: no crontab spelling
		}
		for _, l := range rec.Lines {
			orig, err := cronsim.ParseOptions{Dialect: rec.Dialect()}.Parse(l.Expr)
			if err != nil {
				t.Fatalf("%s %q: %v", f, l.Expr, err)
			}
			p, only, has := Portable(l.Expr)
			switch {
			case !only:
				counts["portable"]++
				continue
			case !has:
				counts["debian-only, no spelling"]++
				if !orig.Never() {
					t.Errorf("%s %q: no portable spelling, but it runs (%s)", f, l.Expr, orig)
				}
				continue
			}
			counts["debian-only, spelled"]++
			port, err := cronsim.ParseOptions{Dialect: cronsim.Strict}.Parse(p)
			if err != nil && orig.Never() && errors.Is(err, cronsim.ErrNever) {
				continue // both never run: Strict says so with ErrNever
			}
			if err != nil {
				t.Errorf("%s %q: portable spelling %q: %v", f, l.Expr, p, err)
				continue
			}
			if port.Wildcard() != orig.Wildcard() || !sameRuns(orig, port) {
				t.Errorf("%s %q (%s, wildcard %v) and its portable spelling %q (%s, wildcard %v) run differently",
					f, l.Expr, orig, orig.Wildcard(), p, port, port.Wildcard())
			}
		}
	}
	t.Log(counts)
}

// sameRuns compares the first runs of two schedules in UTC from a few
// starting points over 28 years (a full calendar cycle of weekdays).
func sameRuns(a, b cronsim.Schedule) bool {
	for _, y := range []int{2000, 2013, 2027} {
		ta := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		tb := ta
		for i := 0; i < 300; i++ {
			ta, tb = a.Next(ta), b.Next(tb)
			if !ta.Equal(tb) {
				return false
			}
			if ta.IsZero() {
				break
			}
		}
	}
	return true
}
