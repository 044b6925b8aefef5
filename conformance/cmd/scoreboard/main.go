// Command scoreboard scores every adapter of conformance/adapters/ against
// the corpus and writes conformance/SCOREBOARD.md. It is run by
// conformance/adapters/scoreboard.sh, which builds the Go commands and
// installs the Node and Python libraries into caches outside the
// repository first:
//
//	bash conformance/adapters/scoreboard.sh
//
// Usage: scoreboard -bin DIR [-out FILE] [-only NAME,...] [-monitor-only] [-calendar-only]
//
// -monitor-only rescores only the monitors on the monitor vectors (a few
// seconds) and replaces that section of the file:
//
//	bash conformance/adapters/scoreboard.sh -monitor-only
//
// -calendar-only does the same for the systemd timers section (calendar
// requests on the systemd-analyze parse corpora and the timer
// recordings, about a minute; calendar.go):
//
//	bash conformance/adapters/scoreboard.sh -calendar-only
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// An adapter is one implementation on the scoreboard: a row of the main
// table (adapters), of the monitor section (monitorAdapters) or of the
// systemd timers section (calendarAdapters).
type adapter struct {
	name, lang string // lang: "" in the sections, which have no language column
	command    string // $BIN is the directory of the built Go commands
	version    string // command printing the version; "" for this repository
	timeout    time.Duration
	note       string // how it is asked
}

// resolve returns the adapter's command with $BIN filled in and its
// version: the version command's output, or repo for this repository.
func (a adapter) resolve(bin, repo string) (command, ver string) {
	ver = repo
	if a.version != "" {
		ver = version(strings.ReplaceAll(a.version, "$BIN", bin))
	}
	return strings.ReplaceAll(a.command, "$BIN", bin), ver
}

const (
	goTimeout     = conformance.CompiledTimeout
	scriptTimeout = conformance.ScriptTimeout
)

var adapters = []adapter{
	{"cronsim", "Go", "$BIN/cronsim next -batch -dialect debian", "", goTimeout, "this library, through `cronsim next -batch -dialect debian`"},
	{"robfig/cron", "Go", "$BIN/goadapters -lib robfig", "$BIN/goadapters -lib robfig -version", goTimeout, "ParseStandard, Next in the zone"},
	{"netresearch/go-cron", "Go", "$BIN/goadapters -lib netresearch", "$BIN/goadapters -lib netresearch -version", goTimeout, "ParseStandard, Next in the zone"},
	{"gocron", "Go", "$BIN/goadapters -lib gocron", "$BIN/goadapters -lib gocron -version", goTimeout, "NewDefaultCron (robfig/cron inside), Next"},
	{"gronx", "Go", "$BIN/goadapters -lib gronx", "$BIN/goadapters -lib gronx -version", goTimeout, "NextTickAfter"},
	{"gorhill/cronexpr", "Go", "$BIN/goadapters -lib gorhill", "$BIN/goadapters -lib gorhill -version", goTimeout, "Parse, Next"},
	{"hashicorp/cronexpr", "Go", "$BIN/goadapters -lib hashicorp", "$BIN/goadapters -lib hashicorp -version", goTimeout, "Parse, Next"},
	{"go-quartz", "Go", "$BIN/goadapters -lib quartz", "$BIN/goadapters -lib quartz -version", goTimeout, "the expression written in Quartz syntax (seconds first, `?` in one day field), NewCronTriggerWithLoc"},
	{"croniter", "Python", "sh conformance/adapters/python/run.sh croniter", "sh conformance/adapters/python/run.sh croniter --version", scriptTimeout, "Debian's python3-croniter, get_next from a datetime in a zoneinfo zone (with pytz zones its answers are no better: in Dublin `30 1 * * *` gets 4 runs in 2 days)"},
	{"cronsim (Python)", "Python", "sh conformance/adapters/python/run.sh cronsim", "sh conformance/adapters/python/run.sh cronsim --version", scriptTimeout, "from its public source, CronSim(expr, aware datetime); runs compared in UTC (the adapter once compared aware datetimes by wall clock, ignoring fold, and scored the second 01:30 of a fall-back night as an error: 75.2 % then)"},
	{"croner", "Node", "sh conformance/adapters/node/run.sh croner", "sh conformance/adapters/node/run.sh croner --version", scriptTimeout, "new Cron(expr, {timezone}), nextRun(date); default options"},
	{"croner no-wildcard", "Node", "sh conformance/adapters/node/run.sh croner-no-wildcard", "sh conformance/adapters/node/run.sh croner-no-wildcard --version", scriptTimeout, "croner with `fixedTimeRule: \"no-wildcard\"` (its README: closer to Vixie cron)"},
	{"cron-parser", "Node", "sh conformance/adapters/node/run.sh cron-parser", "sh conformance/adapters/node/run.sh cron-parser --version", scriptTimeout, "CronExpressionParser.parse(expr, {currentDate, tz}).next()"},
	{"cron (Node)", "Node", "sh conformance/adapters/node/run.sh cron", "sh conformance/adapters/node/run.sh cron --version", scriptTimeout, "CronTime(expr, tz), next date from a date"},
	{"naive", "Go", "$BIN/naive", "", goTimeout, "`conformance/adapters/naive`: local wall time matched minute by minute, no Debian rule; the floor"},
}

type result struct {
	adapter
	ver      string
	score    *conformance.Score
	verdicts []conformance.Verdict
	elapsed  time.Duration
	load     string // the load average when the row finished
	cached   bool   // taken from the cache (-reuse)
}

func main() {
	bin := flag.String("bin", "", "directory of the built Go commands (cronsim, goadapters, naive)")
	out := flag.String("out", filepath.Join("conformance", "SCOREBOARD.md"), "file to write")
	only := flag.String("only", "", "comma-separated adapter names to run (for trying one; the file then lists only those)")
	monitorOnly := flag.Bool("monitor-only", false, "rescore only the monitors on the monitor vectors and replace that section of the file")
	cacheDir := flag.String("cache", "", "directory where each finished row's verdicts are kept (outside the repository)")
	reuse := flag.Bool("reuse", false, "with -cache: take a row from the cache when its library version, budget, hang rule and lines are the same, instead of running it")
	calendarOnly := flag.Bool("calendar-only", false, "rescore only the systemd timers section (calendar requests) and replace that section of the file")
	flag.Parse()
	if *bin == "" {
		fmt.Fprintln(os.Stderr, "scoreboard: -bin is required (run conformance/adapters/scoreboard.sh)")
		os.Exit(2)
	}
	if *calendarOnly {
		rescoreSection(*bin, *out, "the systemd timers section", calendarSection, spliceCalendar)
		return
	}
	if *monitorOnly {
		rescoreSection(*bin, *out, "the monitor section", monitorSection, spliceMonitor)
		return
	}
	files, _ := filepath.Glob(filepath.Join("conformance", "corpus", "*.json"))
	exps, err := conformance.LoadExpectations(files)
	if err != nil {
		fmt.Fprintln(os.Stderr, "scoreboard:", err)
		os.Exit(1)
	}
	idx := changesByFile(files)
	conformance.KillAdaptersOnInterrupt()
	repo := version("") // once: commits made during the run must not show
	digest := linesDigest(exps)
	var results []result
	// With -only the rows run in its order (the quick ones first, say);
	// the board's order is that of adapters.
	order := adapters
	if *only != "" {
		order = nil
		for _, name := range strings.Split(*only, ",") {
			for _, a := range adapters {
				if a.name == name {
					order = append(order, a)
				}
			}
		}
	}
	for _, a := range order {
		var ver string
		a.command, ver = a.resolve(*bin, repo)
		r := result{adapter: a, ver: ver}
		if *reuse && *cacheDir != "" && loadRow(*cacheDir, &r, exps, digest) {
			r.cached = true
			fmt.Fprintf(os.Stderr, "scoreboard: %s (%s): from the cache (%v, load %s)\n", a.name, r.ver, r.elapsed.Round(time.Second), r.load)
			results = append(results, r)
			continue
		}
		fmt.Fprintf(os.Stderr, "scoreboard: %s (%s)...\n", a.name, r.ver)
		run := &conformance.Runner{Command: a.command, Timeout: a.timeout, StartTimeout: 30 * time.Second}
		start := time.Now()
		r.score = conformance.ScoreAdapter(run, exps, "debian-cron", func(v conformance.Verdict) {
			r.verdicts = append(r.verdicts, v)
		})
		r.elapsed = time.Since(start)
		if b, err := os.ReadFile("/proc/loadavg"); err == nil {
			r.load = strings.Fields(string(b))[0]
		}
		fmt.Fprintf(os.Stderr, "scoreboard: %s: %d lines in %v (load %s)\n", a.name, len(r.verdicts), r.elapsed.Round(time.Second), r.load)
		if *cacheDir != "" {
			if err := saveRow(*cacheDir, r, digest); err != nil {
				fmt.Fprintln(os.Stderr, "scoreboard:", err)
			}
		}
		results = append(results, r)
	}
	var b bytes.Buffer
	write(&b, results, exps, idx)
	text := b.Bytes()
	if *only == "" {
		section, err := monitorSection(*bin, repo)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scoreboard:", err)
			os.Exit(1)
		}
		text = spliceMonitor(text, section)
		if section, err = calendarSection(*bin, repo); err != nil {
			fmt.Fprintln(os.Stderr, "scoreboard:", err)
			os.Exit(1)
		}
		text = spliceCalendar(text, section)
	}
	if err := os.WriteFile(*out, text, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "scoreboard:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "scoreboard: wrote", *out)
}

// rescoreSection scores one section of the board (-calendar-only,
// -monitor-only) and replaces it in the file out, or exits 1.
func rescoreSection(bin, out, what string, score func(bin, repo string) (string, error), splice func([]byte, string) []byte) {
	section, err := score(bin, version(""))
	if err == nil {
		var cur []byte
		if cur, err = os.ReadFile(out); err == nil {
			err = os.WriteFile(out, splice(cur, section), 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "scoreboard:", err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "scoreboard: wrote "+what+" of", out)
}

func version(cmd string) string {
	if cmd == "" {
		out, err := exec.Command("git", "log", "-1", "--format=%h %cs").Output()
		if err != nil {
			return "this repository"
		}
		return "this repository, " + strings.TrimSpace(string(out))
	}
	out, err := exec.Command("sh", "-c", cmd).Output()
	if err != nil {
		return "unknown version"
	}
	return strings.TrimSpace(string(out))
}

// change is one offset change in a file's window.
type change struct {
	at      time.Time
	minutes int
}

// changesByFile reads the zone changes of each recording from the same
// computation as index.json.
func changesByFile(files []string) map[string][]change {
	m := map[string][]change{}
	all, err := conformance.Expectations(filepath.Dir(files[0]))
	if err != nil {
		return m
	}
	var idx conformance.Index
	if err := jsonUnmarshal(all["index.json"], &idx); err != nil {
		return m
	}
	for _, f := range idx.Files {
		for _, c := range f.Changes {
			t, _ := time.Parse(time.RFC3339, c.At)
			m[f.File] = append(m[f.File], change{t, c.Minutes})
		}
	}
	return m
}

// pattern sorts a mismatch: near a forward or a backward change of the
// zone or away from any, by the job's class, and whether the adapter
// missed runs of the daemon, added runs, or both.
func pattern(v conformance.Verdict, changes []change) string {
	want, got := set(v.Exp.Runs), set(v.Got)
	var missing, extra []time.Time
	for m := range want {
		if !got[m] {
			missing = append(missing, parse(m))
		}
	}
	for m := range got {
		if !want[m] {
			extra = append(extra, parse(m))
		}
	}
	class := "wildcard job"
	if v.Exp.FixedTime != nil && *v.Exp.FixedTime {
		class = "fixed-time job"
	}
	near := ""
	for _, t := range append(append([]time.Time{}, missing...), extra...) {
		n := ""
		for _, c := range changes {
			span := time.Duration(abs(c.minutes))*time.Minute + time.Hour
			if !t.Before(c.at.Add(-time.Hour)) && t.Before(c.at.Add(span)) {
				if c.minutes > 0 {
					n = "forward change"
				} else {
					n = "backward change"
				}
			}
		}
		if n == "" {
			return "more than an hour from any offset change"
		}
		near = n
	}
	what := ""
	switch {
	case len(missing) > 0 && len(extra) > 0:
		what = "runs moved"
	case len(missing) > 0:
		what = "runs missing"
	default:
		what = "runs added"
	}
	return fmt.Sprintf("%s, %s: %s", near, class, what)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func set(l []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range l {
		m[s] = true
	}
	return m
}

func parse(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

// diffText shows the minutes only the daemon or only the adapter has, in
// UTC and local time.
func diffText(v conformance.Verdict) string {
	loc, err := time.LoadLocation(v.Exp.TZ)
	if err != nil {
		loc = time.UTC
	}
	want, got := set(v.Exp.Runs), set(v.Got)
	var parts []string
	show := func(sign string, l []string, other map[string]bool) {
		n := 0
		for _, m := range l {
			if other[m] {
				continue
			}
			n++
			if n <= 3 {
				t := parse(m)
				parts = append(parts, fmt.Sprintf("%s%s (%s)", sign, t.Format("01-02 15:04Z"), t.In(loc).Format("15:04 MST")))
			}
		}
		if n > 3 {
			parts = append(parts, fmt.Sprintf("%s%d more", sign, n-3))
		}
	}
	show("-", v.Exp.Runs, got)
	show("+", v.Got, want)
	return strings.Join(parts, ", ")
}

func pct(a, n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f %%", 100*float64(a)/float64(n))
}

func tally(t *conformance.Tally) string {
	return fmt.Sprintf("%d / %d / %d / %d", t.Agree, t.Mismatch, t.Error, t.Hang)
}

func write(b *bytes.Buffer, results []result, exps []conformance.Expectation, changes map[string][]change) {
	scored, files := 0, map[string]bool{}
	for i := range exps {
		if conformance.Scorable(&exps[i], "debian-cron") {
			scored++
			files[exps[i].File] = true
		}
	}
	fmt.Fprintf(b, `# Scoreboard: cron libraries against the real Debian cron daemon

Made by `+"`bash conformance/adapters/scoreboard.sh`"+` (run from the repository's
root; it installs the Node and Python libraries into caches outside the
repository; the time each library took is at the end, most of it spent
in hangs). Generated %s. Do not edit by hand.

Every library is asked, through its adapter in `+"`conformance/adapters/`"+`
and the protocol of `+"`conformance/README.md`"+`, for its runs of each
recorded crontab line in the recording's zone and window; the answer is
compared at minute precision with the distinct minutes the daemon started
the line in. %d lines of %d recordings of Debian's cron (bookworm and
trixie) across offset changes of the zone; recordings with clock sets,
pauses or slow jobs need a simulator and are not scored here. A request
is a hang when the adapter spends more than its CPU budget on it without
answering (1 s of CPU time for Go, 3 s for Python and Node, after
start-up; or, spending none, waits out a far wall-clock backstop): CPU
time, so that the machine's load does not change the count
(`+"`conformance/README.md`"+`, "Hangs").

Columns: agree / mismatch / error / hang. *Portable* lines use syntax
common parsers share; *Debian-only* lines use syntax only Debian reads
that way (an error there is a parser's choice, not a wrong time);
*never runs* are the lines the daemon did not run in the window, where an
empty answer agrees, counted apart because they inflate any score.

`, time.Now().UTC().Format("2006-01-02"), scored, len(files))
	fmt.Fprintln(b, "| library | version | lines that run: agree | portable | Debian-only | never runs | all lines: agree |")
	fmt.Fprintln(b, "|---|---|---:|---|---|---|---:|")
	for _, r := range results {
		p, d, n := r.score.Total["portable"], r.score.Total["debian-only"], r.score.Total["never-runs"]
		run := p.Agree + d.Agree
		runN := p.Lines() + d.Lines()
		name := r.name
		if !strings.Contains(name, "(") {
			name += " (" + r.lang + ")"
		}
		fmt.Fprintf(b, "| %s | %s | **%s** | %s | %s | %s | %s |\n", name, r.ver, pct(run, runN),
			tally(p), tally(d), tally(n), pct(run+n.Agree, runN+n.Lines()))
	}
	fmt.Fprintln(b)
	fmt.Fprintln(b, "Portable lines only, the score a library can fairly be held to:")
	fmt.Fprintln(b)
	fmt.Fprintln(b, "| library | portable lines that run: agree | how it was asked |")
	fmt.Fprintln(b, "|---|---:|---|")
	for _, r := range results {
		p := r.score.Total["portable"]
		fmt.Fprintf(b, "| %s | %s | %s |\n", r.name, pct(p.Agree, p.Lines()), r.note)
	}

	// Per recording: agreement on lines that run.
	fmt.Fprint(b, "\n## By recording\n\nAgreement on the lines that run (portable and Debian-only), per recording.\n\n")
	var names []string
	for f := range files {
		names = append(names, f)
	}
	sort.Strings(names)
	fmt.Fprint(b, "| recording |")
	for _, r := range results {
		fmt.Fprintf(b, " %s |", r.name)
	}
	fmt.Fprint(b, "\n|---|")
	for range results {
		fmt.Fprint(b, "---:|")
	}
	fmt.Fprintln(b)
	for _, f := range names {
		fmt.Fprintf(b, "| %s |", strings.TrimSuffix(f, ".json"))
		for _, r := range results {
			t := r.score.ByFile[f]
			if t == nil {
				fmt.Fprint(b, " - |")
				continue
			}
			fmt.Fprintf(b, " %s |", strings.ReplaceAll(pct(t["portable"].Agree+t["debian-only"].Agree, t["portable"].Lines()+t["debian-only"].Lines()), " %", "%"))
		}
		fmt.Fprintln(b)
	}

	// Mismatch patterns.
	fmt.Fprintln(b, "\n## Mismatch patterns\n\nEach mismatching line (portable and Debian-only lines that run, and never-running lines with runs) sorted by where its runs differ from the daemon's: within an hour (plus the size of the change) of an offset change of the zone, or away from any. An example each: `-` a minute the daemon ran and the library did not, `+` the reverse, UTC and local.")
	for _, r := range results {
		counts := map[string]int{}
		example := map[string]conformance.Verdict{}
		for _, v := range r.verdicts {
			if v.Outcome != conformance.Mismatch {
				continue
			}
			p := pattern(v, changes[v.Exp.File])
			counts[p]++
			if _, ok := example[p]; !ok || (example[p].Exp.Group() != "portable" && v.Exp.Group() == "portable") {
				example[p] = v
			}
		}
		if len(counts) == 0 {
			fmt.Fprintf(b, "\n### %s\n\nNo mismatch.\n", r.name)
			continue
		}
		fmt.Fprintf(b, "\n### %s\n\n| lines | pattern | example |\n|---:|---|---|\n", r.name)
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			return counts[keys[i]] > counts[keys[j]] || counts[keys[i]] == counts[keys[j]] && keys[i] < keys[j]
		})
		for _, k := range keys {
			v := example[k]
			fmt.Fprintf(b, "| %d | %s | `%s` %s, %s: %s |\n", counts[k], k, v.Sent, v.Exp.TZ, strings.TrimSuffix(v.Exp.File, ".json"), diffText(v))
		}
		errs := map[string]int{}
		errEx := map[string]string{}
		for _, v := range r.verdicts {
			if v.Outcome == conformance.Failed && v.Exp.Group() == "portable" {
				k := shorten(v.Error)
				errs[k]++
				if _, ok := errEx[k]; !ok {
					errEx[k] = v.Sent
				}
			}
		}
		if len(errs) > 0 {
			fmt.Fprintf(b, "\nErrors on portable lines:\n\n")
			keys = keys[:0]
			for k := range errs {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool {
				return errs[keys[i]] > errs[keys[j]] || errs[keys[i]] == errs[keys[j]] && keys[i] < keys[j]
			})
			for i, k := range keys {
				if i == 5 {
					fmt.Fprintf(b, "- and %d more kinds\n", len(keys)-5)
					break
				}
				fmt.Fprintf(b, "- %d × %s (e.g. `%s`)\n", errs[k], k, errEx[k])
			}
		}
	}

	// Hangs and crashes.
	fmt.Fprintln(b, "\n## Hangs and crashes (facts for upstream reports)\n\nA hang: no answer within the CPU budget; the adapter process was killed and started again. A crash: the adapter process exited, or the library panicked (the Go adapter turns a panic into an error that says so). Each row can be reproduced with the adapter's command and the request shown.")
	any := false
	for _, r := range results {
		var rows []string
		hangs, crashes := 0, 0
		for _, v := range r.verdicts {
			isPanic := strings.HasPrefix(v.Error, "panic:")
			if v.Outcome != conformance.Hang && !v.Crash && !isPanic {
				continue
			}
			kind := "hang"
			if v.Outcome == conformance.Hang {
				hangs++
			} else {
				crashes++
				kind = "crash: " + shorten(v.Error)
			}
			if len(rows) < 8 {
				rows = append(rows, fmt.Sprintf("| %s | `%s` | %s | %s .. %s | %s |", kind, v.Sent, v.Exp.TZ, v.Exp.After, v.Exp.Before, strings.TrimSuffix(v.Exp.File, ".json")))
			}
		}
		if hangs+crashes == 0 {
			continue
		}
		any = true
		fmt.Fprintf(b, "\n### %s (%s): %d hangs, %d crashes\n\n| what | expression | zone | after .. before | recording |\n|---|---|---|---|---|\n%s\n", r.name, r.ver, hangs, crashes, strings.Join(rows, "\n"))
		if hangs+crashes > len(rows) {
			fmt.Fprintf(b, "\n(first %d of %d shown)\n", len(rows), hangs+crashes)
		}
	}
	if !any {
		fmt.Fprintln(b, "\nNone.")
	}
	fmt.Fprintln(b, "\n## Time taken\n\nOn the wall, and the machine's load average (1 minute) when the row finished: a hang costs its CPU budget, which takes longer on the wall on a loaded machine.\n\n| library | seconds | load |\n|---|---:|---:|")
	for _, r := range results {
		load := r.load
		if load == "" {
			load = "-"
		}
		fmt.Fprintf(b, "| %s | %.0f | %s |\n", r.name, r.elapsed.Seconds(), load)
	}
}

func shorten(s string) string {
	s = strings.ReplaceAll(s, "|", "/")
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 90 {
		s = s[:90] + "…"
	}
	return s
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
