// Command table runs the benchmarks of this module (or reads the output of
// an earlier run) and prints a Markdown table of medians: cronsim against
// the fastest peer on every row.
//
// Run it from the bench directory:
//
//	go run ./cmd/table -count 5 -benchtime 200ms
//
// The raw output of go test is saved in results/, headed by the date, the
// Go version, the CPU model and the module versions used. With -in FILE it
// only reads FILE (raw go test output) and prints the table.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	count := flag.Int("count", 5, "go test -count")
	benchtime := flag.String("benchtime", "200ms", "go test -benchtime")
	bench := flag.String("bench", ".", "go test -bench")
	in := flag.String("in", "", "read this raw go test output instead of running the benchmarks")
	outDir := flag.String("out", "results", "directory for the raw output")
	flag.Parse()

	var raw []byte
	if *in != "" {
		var err error
		if raw, err = os.ReadFile(*in); err != nil {
			log.Fatal(err)
		}
	} else {
		raw = run(*count, *benchtime, *bench, *outDir)
	}
	rows := parse(raw)
	if len(rows) == 0 {
		log.Fatal("no benchmark results found")
	}
	printTable(os.Stdout, rows)
}

// run runs the benchmarks, streaming their output to stderr, and saves it
// with a header in outDir.
func run(count int, benchtime, bench, outDir string) []byte {
	args := []string{"test", "-run", "^$", "-timeout", "30m", "-bench", bench, "-benchmem",
		"-count", strconv.Itoa(count), "-benchtime", benchtime, "."}
	var hdr bytes.Buffer
	now := time.Now().UTC()
	fmt.Fprintf(&hdr, "date: %s\n", now.Format(time.RFC3339))
	fmt.Fprintf(&hdr, "command: go %s\n", strings.Join(args, " "))
	fmt.Fprintf(&hdr, "go: %s\n", strings.TrimSpace(output("go", "version")))
	fmt.Fprintf(&hdr, "cpu: %s (%d logical CPUs, GOMAXPROCS %d)\n", cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Fprintf(&hdr, "cronsim: %s\n", cronsimState())
	fmt.Fprintf(&hdr, "loadavg at start: %s\n", loadavg())
	for _, m := range strings.Split(strings.TrimSpace(output("go", "list", "-m", "all")), "\n") {
		fmt.Fprintf(&hdr, "module: %s\n", m)
	}
	hdr.WriteString("\n")

	if err := os.MkdirAll(outDir, 0o755); err != nil {
		log.Fatal(err)
	}
	name := filepath.Join(outDir, now.Format("2006-01-02T1504Z")+".txt")
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(hdr.Bytes()); err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command("go", args...)
	cmd.Stdout = io.MultiWriter(&out, f, os.Stderr)
	cmd.Stderr = io.MultiWriter(f, os.Stderr)
	if err := cmd.Run(); err != nil {
		log.Fatalf("go test: %v (partial output in %s)", err, name)
	}
	fmt.Fprintf(f, "\nloadavg at end: %s\n", loadavg())
	log.Printf("raw output saved in %s", name)
	return out.Bytes()
}

func output(name string, args ...string) string {
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		log.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// cronsimState names the commit of the cronsim checkout in .. and the
// Go files changed in its work tree, since the benchmark builds whatever
// is there.
func cronsimState() string {
	head, err := exec.Command("git", "-C", "..", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown (not a git checkout)"
	}
	st, _ := exec.Command("git", "-C", "..", "status", "--porcelain", "--", "*.go").Output()
	var changed []string
	for _, line := range strings.Split(string(st), "\n") {
		if f := strings.Fields(line); len(f) == 2 && !strings.HasPrefix(f[1], "bench/") && !strings.Contains(f[1], "/") {
			changed = append(changed, f[1])
		}
	}
	s := "commit " + strings.TrimSpace(string(head))
	if len(changed) > 0 {
		s += " with uncommitted changes to " + strings.Join(changed, " ")
	}
	return s
}

// loadavg is /proc/loadavg: the CPU is shared, so it says how busy the
// machine was.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

// A sample is one result line: ns/op and allocs/op.
type sample struct{ ns, allocs float64 }

// row is one line of the table: an operation on an expression, with the
// samples of every library.
type row struct {
	name     string // e.g. "Next/utc/expr=*~5_*_*_*_*"
	libs     map[string][]sample
	libOrder []string
}

var lineRE = regexp.MustCompile(`^Benchmark(\S+)/lib=([^\s/]+?)(?:-\d+)?\s+\d+\s+(.*)$`)

func parse(raw []byte) []*row {
	var rows []*row
	byName := map[string]*row{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		m := lineRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		name, lib, rest := m[1], m[2], m[3]
		s := sample{ns: -1, allocs: -1}
		f := strings.Fields(rest)
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = v
			case "allocs/op":
				s.allocs = v
			}
		}
		if s.ns < 0 {
			continue
		}
		r := byName[name]
		if r == nil {
			r = &row{name: name, libs: map[string][]sample{}}
			byName[name] = r
			rows = append(rows, r)
		}
		if _, ok := r.libs[lib]; !ok {
			r.libOrder = append(r.libOrder, lib)
		}
		r.libs[lib] = append(r.libs[lib], s)
	}
	return rows
}

func median(xs []float64) float64 {
	xs = slices.Clone(xs)
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// spread is (max-min)/median of the ns/op samples, a rough noise figure.
func spread(ss []sample) float64 {
	lo, hi := ss[0].ns, ss[0].ns
	for _, s := range ss {
		lo, hi = min(lo, s.ns), max(hi, s.ns)
	}
	m, _ := medians(ss)
	return (hi - lo) / m
}

func medians(ss []sample) (ns, allocs float64) {
	var a, b []float64
	for _, s := range ss {
		a = append(a, s.ns)
		b = append(b, s.allocs)
	}
	return median(a), median(b)
}

// notComparable lists, per operation, libraries left out of "fastest
// peer" because they do not do the same work there.
var notComparable = map[string][]string{
	"Parse": {"gronx"}, // gronx has no parsed form: IsValid only validates
}

func prettyName(name string) (op, expr string) {
	i := strings.Index(name, "/expr=")
	if i < 0 {
		return name, ""
	}
	op = name[:i]
	expr = strings.NewReplacer("_", " ", "~", "/").Replace(name[i+len("/expr="):])
	return op, expr
}

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e4:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	case ns >= 100:
		return fmt.Sprintf("%.0f ns", ns)
	default:
		return fmt.Sprintf("%.1f ns", ns)
	}
}

func fmtAllocs(a float64) string {
	return strconv.FormatFloat(a, 'f', -1, 64)
}

// target says whether cronsim meets the project's goal on the row.
func target(op string, ns, allocs, ratio float64, hasPeer bool) string {
	switch {
	case strings.HasPrefix(op, "Worst"):
		return yes(ns < 2000) + " (< 2 µs)"
	case strings.HasPrefix(op, "Lint"):
		// One op lints the benchmark's crontab of lintLines lines.
		rate := lintLines / ns * 1e9
		return yes(rate >= 100000) + fmt.Sprintf(" (%s lines/s; ≥ 100,000)", thousands(rate))
	case !hasPeer:
		return "—"
	case op == "Parse":
		return yes(ratio >= 3 && allocs <= 1) + " (≥ 3x, ≤ 1 alloc)"
	default:
		return yes(ratio >= 5 && allocs == 0) + " (≥ 5x, 0 allocs)"
	}
}

// lintLines is the length of the crontab BenchmarkLint checks per op
// (lint_test.go).
const lintLines = 10000

// thousands writes n rounded, with commas: 435,767.
func thousands(n float64) string {
	s := strconv.FormatInt(int64(n+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func yes(ok bool) string {
	if ok {
		return "yes"
	}
	return "**NO**"
}

func printTable(w io.Writer, rows []*row) {
	fmt.Fprintln(w, "| op | expression | cronsim ns/op | spread | cronsim allocs/op | fastest peer | peer ns/op | peer allocs/op | ratio (peer/cronsim) | target met |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|---:|---:|---:|---|")
	for _, r := range rows {
		op, expr := prettyName(r.name)
		cs, ok := r.libs["cronsim"]
		if !ok {
			continue
		}
		cns, calloc := medians(cs)
		best, bns, balloc := "", 0.0, 0.0
		for _, lib := range r.libOrder {
			if lib == "cronsim" || slices.Contains(notComparable[op], lib) {
				continue
			}
			ns, a := medians(r.libs[lib])
			if best == "" || ns < bns {
				best, bns, balloc = lib, ns, a
			}
		}
		ratio := 0.0
		if best != "" {
			ratio = bns / cns
		}
		peerCols := "— | — | — | —"
		if best != "" {
			peerCols = fmt.Sprintf("%s | %s | %s | %.2fx", best, fmtNs(bns), fmtAllocs(balloc), ratio)
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | ±%.0f%% | %s | %s | %s |\n", op, expr, fmtNs(cns), 100*spread(cs)/2, fmtAllocs(calloc), peerCols, target(op, cns, calloc, ratio, best != ""))
	}
}
