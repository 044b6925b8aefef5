package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// runAdapter scores the command on the files and prints the table.
// With sim it sends simulator requests, one per recording: of the
// recordings that need a simulator, or of all files when simAll.
func runAdapter(command string, timeout, startTimeout time.Duration, portable bool, daemon, jsonOut string, show int, files []string, sim, simAll bool, simTimeout time.Duration, started string) int {
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "conform: no corpus files (run from the repository's root or name them)")
		return 2
	}
	var exps []conformance.Expectation
	if !sim {
		var err error
		if exps, err = conformance.LoadExpectations(files); err != nil {
			fmt.Fprintln(os.Stderr, "conform:", err)
			return 2
		}
	}
	var js *bufio.Writer
	if jsonOut != "" {
		f, err := os.Create(jsonOut)
		if err != nil {
			fmt.Fprintln(os.Stderr, "conform:", err)
			return 2
		}
		defer f.Close()
		js = bufio.NewWriter(f)
		defer js.Flush()
	}
	conformance.KillAdaptersOnInterrupt()
	if timeout <= 0 {
		timeout = conformance.DefaultTimeout(command)
	}
	fmt.Fprintf(os.Stderr, "conform: a hang is %v of the adapter's CPU time without an answer (after start-up)\n", timeout)
	r := &conformance.Runner{Command: command, Timeout: timeout, StartTimeout: startTimeout, Portable: portable, Started: started, Stderr: os.Stderr}
	shown := 0
	start := time.Now()
	done := 0
	each := func(v conformance.Verdict) {
		done++
		if done%1000 == 0 {
			fmt.Fprintf(os.Stderr, "conform: %d lines, %v\n", done, time.Since(start).Round(time.Second))
		}
		if js != nil {
			b, _ := json.Marshal(VerdictJSON(v))
			js.Write(b)
			js.WriteByte('\n')
		}
		if v.Outcome != conformance.Agree && shown < show {
			shown++
			fmt.Printf("%s %s line %d %q (%s, %s):", strings.ToUpper(string(v.Outcome)), v.Exp.File, v.Exp.Line, v.Sent, v.Exp.TZ, v.Exp.Group())
			if v.Error != "" {
				fmt.Printf(" %s\n", v.Error)
			} else {
				fmt.Printf("\n%s", v.Explain(4))
			}
		}
	}
	var score *conformance.Score
	if sim {
		fmt.Fprintf(os.Stderr, "conform: simulator requests, %v per recording\n", simTimeout)
		var err error
		if score, err = conformance.ScoreSimulator(r, files, daemon, simAll, simTimeout, each); err != nil {
			fmt.Fprintln(os.Stderr, "conform:", err)
			return 2
		}
	} else {
		score = conformance.ScoreAdapter(r, exps, daemon, each)
	}
	if score.Total["portable"].Lines()+score.Total["debian-only"].Lines()+score.Total["never-runs"].Lines() == 0 {
		if sim {
			fmt.Fprintln(os.Stderr, "conform: no recording of", daemon, "in these files needs a simulator (name files to score them all)")
		} else {
			fmt.Fprintln(os.Stderr, "conform: no line an iterator can score in these files")
		}
		return 2
	}
	PrintScore(os.Stdout, score)
	fmt.Fprintf(os.Stderr, "conform: %d lines in %v\n", done, time.Since(start).Round(time.Millisecond))
	return 0
}

// A verdictJSON is one line of -json output.
type verdictJSON struct {
	File    string   `json:"file"`
	Line    int      `json:"line"`
	Expr    string   `json:"expr"`
	Sent    string   `json:"sent"`
	TZ      string   `json:"tz"`
	Group   string   `json:"group"`
	Outcome string   `json:"outcome"`
	Want    []string `json:"want"`
	Got     []string `json:"got,omitempty"`
	Error   string   `json:"error,omitempty"`
	Crash   bool     `json:"crash,omitempty"`
}

// VerdictJSON is the -json form of a verdict.
func VerdictJSON(v conformance.Verdict) verdictJSON {
	return verdictJSON{v.Exp.File, v.Exp.Line, v.Exp.Expr, v.Sent, v.Exp.TZ, v.Exp.Group(), string(v.Outcome), v.Exp.Runs, v.Got, v.Error, v.Crash}
}

// PrintScore prints one row per file and the totals.
func PrintScore(w io.Writer, s *conformance.Score) {
	printTallies(w, "file\tportable a/m/e/h\tdebian-only a/m/e/h\tnever-runs a/m/e/h\tlines that run: agree",
		s.Files, s.ByFile, s.Total, conformance.Groups, runPct)
	for _, g := range conformance.Groups {
		t := s.Total[g]
		fmt.Fprintf(w, "%-12s %5d lines: %5d agree, %5d mismatch, %5d error, %5d hang (%s)\n", g, t.Lines(), t.Agree, t.Mismatch, t.Error, t.Hang, percent(t.Agree, t.Lines()))
	}
	run := conformance.Tally{}
	for _, g := range []string{"portable", "debian-only"} {
		t := s.Total[g]
		run.Agree, run.Mismatch, run.Error, run.Hang = run.Agree+t.Agree, run.Mismatch+t.Mismatch, run.Error+t.Error, run.Hang+t.Hang
	}
	fmt.Fprintf(w, "lines that run: %d of %d agree (%s); with never-running lines: %s\n", run.Agree, run.Lines(), percent(run.Agree, run.Lines()), pct(s.Total))
	skipped := 0
	for _, n := range s.Skipped {
		skipped += n
	}
	if skipped > 0 {
		fmt.Fprintf(w, "skipped: %d lines in %d files (another daemon's; or, for an iterator, needing a simulator; for a simulator, needing none)\n", skipped, len(s.Skipped))
	}
}

// printTallies writes a table with the columns of header: a row for
// each key, in order, with an agree/mismatch/error/hang cell for each
// group and share last, and a row of the totals.
func printTallies(w io.Writer, header string, keys []string, by map[string]map[string]*conformance.Tally, total map[string]*conformance.Tally, groups []string, share func(map[string]*conformance.Tally) string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, header+"\t")
	row := func(name string, g map[string]*conformance.Tally) {
		fmt.Fprintf(tw, "%s\t", name)
		for _, k := range groups {
			t := g[k]
			fmt.Fprintf(tw, "%d/%d/%d/%d\t", t.Agree, t.Mismatch, t.Error, t.Hang)
		}
		fmt.Fprintf(tw, "%s\t\n", share(g))
	}
	for _, k := range keys {
		row(k, by[k])
	}
	row("total", total)
	tw.Flush()
}

// agreeShare returns the share of the tallies of groups that agree.
func agreeShare(groups []string) func(map[string]*conformance.Tally) string {
	return func(g map[string]*conformance.Tally) string {
		a, n := 0, 0
		for _, k := range groups {
			a += g[k].Agree
			n += g[k].Lines()
		}
		return percent(a, n)
	}
}

// runPct is the published metric (SCOREBOARD.md): the share of the lines
// that run (portable and Debian-only) that agree.
var runPct = agreeShare([]string{"portable", "debian-only"})

// pct is the share of agreeing lines over all groups.
func pct(g map[string]*conformance.Tally) string {
	a, n := 0, 0
	for _, t := range g {
		a += t.Agree
		n += t.Lines()
	}
	return percent(a, n)
}

func percent(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(a)/float64(n))
}
