// Command calendar records the parse corpus of systemd's calendar
// specifications (OnCalendar=): for each generated specification, what
// the real `systemd-analyze calendar` of a Debian release prints, in
// several zones, from a fixed base time.
//
// It runs systemd-analyze in a chroot of a Debian root file system with
// systemd (qemu-harness/build-systemd.sh), many specifications per run:
//
//	systemd-analyze calendar --iterations=N [--base-time=@T] -- SPEC...
//
// systemd-analyze prints one table per specification, separated by a
// blank line (an empty table for a specification it rejects, whose
// error goes to stderr), so a run's output splits back into one result
// per specification. Both systemd 252 (Debian 12) and 257 (Debian 13)
// take --base-time, so no clock needs faking.
//
// Usage (as root):
//
//	go run ./qemu-harness/systemd/calendar -suite bookworm -out conformance/parse/systemd-252.jsonl
//	go run ./qemu-harness/systemd/calendar -list | head   # the specifications only
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/sdanalyze"
)

const iterations = 6

// A result is what one systemd-analyze said about one specification in
// one zone.
type result struct {
	Norm  string   `json:"norm,omitempty"`
	Error string   `json:"error,omitempty"`
	Next  []string `json:"next,omitempty"`
}

// A record is one line of the corpus.
type record struct {
	Spec  string             `json:"spec"`
	Base  string             `json:"base"`
	Zones map[string]*result `json:"zones"`
}

type header struct {
	MadeBy     string   `json:"made_by"`
	Systemd    string   `json:"systemd"`
	OS         string   `json:"os"`
	Tzdata     string   `json:"tzdata"`
	Method     string   `json:"method"`
	Iterations int      `json:"iterations"`
	Zones      []string `json:"zones"`
	Bases      []string `json:"bases"`
	Seed       uint64   `json:"seed"`
	Count      int      `json:"count"`
	Specs      int      `json:"specs"`
	// ZoneFiles: for each last word of a specification spelled like a
	// zone name, whether the root file system has that zone file
	// (systemd accepts a zone suffix only then; the model's test uses
	// this, not the test machine's zones).
	ZoneFiles map[string]bool `json:"zone_files"`
}

func main() {
	suite := flag.String("suite", "bookworm", "bookworm or trixie: the chroot systemd-<suite> in the cache")
	cache := flag.String("cache", envOr("CRONSIM_QEMU_CACHE", "/var/cache/cronsim-qemu"), "harness cache directory")
	out := flag.String("out", "", "corpus file to write (.jsonl or .jsonl.gz)")
	seed := flag.Uint64("seed", 1, "generator seed")
	count := flag.Int("count", 20000, "number of specifications")
	jobs := flag.Int("j", 2, "systemd-analyze runs in parallel")
	zoneList := flag.String("zones", strings.Join(zones, ","), "values of TZ each specification is run under")
	batch := flag.Int("batch", 100, "specifications per systemd-analyze run")
	list := flag.Bool("list", false, "print the specifications and exit")
	annotate := flag.String("annotate", "", "add zone_files to the header of this corpus file (made before the field existed) and exit")
	rootFlag := flag.String("root", "", "root file system to chroot into (default: the suite's in the cache)")
	flag.Parse()

	zones = strings.Split(*zoneList, ",")
	specs := generate(*seed, *count)
	if *list {
		w := bufio.NewWriter(os.Stdout)
		for _, s := range specs {
			b, _ := json.Marshal(s.Text)
			fmt.Fprintf(w, "%s %s\n", bases[s.Base], b)
		}
		w.Flush()
		return
	}
	root := filepath.Join(*cache, "systemd-"+*suite, "rootfs")
	if *rootFlag != "" {
		root = *rootFlag
	}
	r := &runner{root: root}
	if err := r.probe(); err != nil {
		fatal(err)
	}
	if *annotate != "" {
		if err := annotateFile(*annotate, root, specs); err != nil {
			fatal(err)
		}
		return
	}
	if *out == "" {
		fatal(fmt.Errorf("-out is required"))
	}

	recs := make([]record, len(specs))
	for i, s := range specs {
		recs[i] = record{Spec: s.Text, Base: bases[s.Base], Zones: map[string]*result{}}
	}
	type task struct {
		zone string
		base int
		idx  []int
	}
	var tasks []task
	for _, z := range zones {
		for b := range bases {
			var idx []int
			for i, s := range specs {
				if s.Base == b {
					idx = append(idx, i)
				}
			}
			for len(idx) > 0 {
				n := min(*batch, len(idx))
				tasks = append(tasks, task{z, b, idx[:n]})
				idx = idx[n:]
			}
		}
	}
	start := time.Now()
	var mu sync.Mutex
	ch := make(chan task)
	var wg sync.WaitGroup
	var firstErr error
	done := 0
	for range *jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range ch {
				texts := make([]string, len(t.idx))
				for k, i := range t.idx {
					texts[k] = specs[i].Text
				}
				res, err := r.runBatch(t.zone, bases[t.base], texts)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				for k, i := range t.idx {
					if res != nil {
						recs[i].Zones[t.zone] = res[k]
					}
				}
				done++
				if done%50 == 0 {
					fmt.Fprintf(os.Stderr, "calendar: %d/%d runs, %s\n", done, len(tasks), time.Since(start).Round(time.Second))
				}
				mu.Unlock()
			}
		}()
	}
	for _, t := range tasks {
		ch <- t
	}
	close(ch)
	wg.Wait()
	if firstErr != nil {
		fatal(firstErr)
	}

	h := header{
		MadeBy: "go run ./qemu-harness/systemd/calendar -suite " + *suite + fmt.Sprintf(" -seed %d -count %d -zones %s", *seed, *count, *zoneList) +
			" (systemd-analyze calendar of the Debian package in a chroot built by qemu-harness/build-systemd.sh; nothing here is computed by cronsim)",
		Systemd: r.version, OS: r.os, Tzdata: r.tzdata, Method: r.method(),
		Iterations: iterations, Zones: zones, Bases: bases, Seed: *seed, Count: *count, Specs: len(specs),
		ZoneFiles: zoneFiles(root, specs),
	}
	if err := write(*out, h, recs); err != nil {
		fatal(err)
	}
	ok := 0
	for _, rec := range recs {
		if rec.Zones["UTC"].Error == "" {
			ok++
		}
	}
	fmt.Fprintf(os.Stderr, "calendar: %d specs (%d valid in UTC) x %d zones in %s -> %s\n", len(specs), ok, len(zones), time.Since(start).Round(time.Second), *out)
}

func write(path string, h header, recs []record) error {
	var buf bytes.Buffer
	var w io.Writer = &buf
	var gz *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		gz, _ = gzip.NewWriterLevel(&buf, gzip.BestCompression)
		w = gz
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return err
	}
	for i := range recs {
		if err := enc.Encode(&recs[i]); err != nil {
			return err
		}
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return err
		}
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

type runner struct {
	root                string
	version, os, tzdata string
	fakeLib             string
}

func (r *runner) method() string {
	return "chroot ROOT env -i TZ=ZONE LC_ALL=C SYSTEMD_COLORS=0 COLUMNS=1000 systemd-analyze calendar --iterations=6 --base-time=@UNIX -- SPEC... (100 specs a run, one table each)"
}

func (r *runner) probe() error {
	if _, err := os.Stat(filepath.Join(r.root, "usr/bin/systemd-analyze")); err != nil {
		return fmt.Errorf("no systemd-analyze in %s: run qemu-harness/build-systemd.sh first", r.root)
	}
	q := func(pkg string) string {
		b, err := exec.Command("chroot", r.root, "dpkg-query", "-W", "-f=${Version}", pkg).Output()
		if err != nil {
			return ""
		}
		return string(b)
	}
	r.version, r.tzdata = q("systemd"), q("tzdata")
	if b, err := os.ReadFile(filepath.Join(r.root, "etc/os-release")); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "PRETTY_NAME="); ok {
				r.os = strings.Trim(v, `"`)
			}
		}
	}
	help, _ := exec.Command("chroot", r.root, "systemd-analyze", "--help").CombinedOutput()
	if !bytes.Contains(help, []byte("--base-time")) {
		return fmt.Errorf("%s: systemd-analyze has no --base-time", r.root)
	}
	return nil
}

// runBatch runs one systemd-analyze over specs in zone tz from base.
func (r *runner) runBatch(tz, base string, specs []string) ([]*result, error) {
	bt, err := time.Parse(time.RFC3339Nano, base)
	if err != nil {
		return nil, err
	}
	return sdanalyze.Run(r.root, tz, bt, iterations, specs, read)
}

// read turns one spec's table into a result: the normalised form, the
// elapses in UTC, or the error without systemd's prefix. It refuses a
// table or an error that is not the spec's own, so that a run whose
// tables and errors did not line up is run again spec by spec.
func read(spec string, t sdanalyze.Table) (*result, error) {
	res := &result{}
	if t.Err != "" {
		parse := "Failed to parse calendar specification '" + spec + "': "
		next := "Failed to determine next elapse for '" + spec + "': "
		switch {
		case strings.HasPrefix(t.Err, parse):
			res.Error = strings.TrimPrefix(t.Err, parse)
		case strings.HasPrefix(t.Err, next):
			// systemd prints no table at all then.
			res.Error = "next elapse: " + strings.TrimPrefix(t.Err, next)
		default:
			return nil, fmt.Errorf("spec %q: error %q", spec, t.Err)
		}
		return res, nil
	}
	var local []string
	orig := ""
	for _, f := range t.Fields {
		k, v := f.Key, f.Value
		switch {
		case k == "Original form":
			orig = v
		case k == "Normalized form":
			res.Norm = v
		case k == "Next elapse" || strings.HasPrefix(k, "Iteration #") || strings.HasPrefix(k, "Iter. #"):
			if v == "never" {
				continue
			}
			local = append(local, v)
		case k == "(in UTC)":
			if len(local) == 0 {
				return nil, fmt.Errorf("spec %q: (in UTC) first", spec)
			}
			local[len(local)-1] = v
		case k == "From now":
		default:
			return nil, fmt.Errorf("spec %q: unknown field %q", spec, k)
		}
	}
	if orig == "" {
		orig = res.Norm
	}
	// The table drops trailing blanks of the original form.
	if orig != spec && orig != strings.TrimRight(spec, " ") {
		return nil, fmt.Errorf("table of %q for spec %q", orig, spec)
	}
	for _, v := range local {
		tm, err := time.Parse("Mon 2006-01-02 15:04:05 MST", v)
		if err != nil || !strings.HasSuffix(v, " UTC") {
			return nil, fmt.Errorf("spec %q: time %q", spec, v)
		}
		res.Next = append(res.Next, tm.UTC().Format(time.RFC3339))
	}
	return res, nil
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "calendar:", err)
	os.Exit(1)
}

// zoneFiles checks, for every last word of the specifications that is
// spelled like a zone name (systemd's verify_timezone), whether root has
// /usr/share/zoneinfo/WORD as a regular file starting "TZif".
func zoneFiles(root string, specs []spec) map[string]bool {
	m := map[string]bool{}
	for _, s := range specs {
		i := strings.LastIndexByte(s.Text, ' ')
		if i < 0 {
			continue
		}
		w := s.Text[i+1:]
		if _, done := m[w]; done || !zoneSpelling(w) {
			continue
		}
		ok := false
		p := filepath.Join(root, "usr/share/zoneinfo", w)
		if fi, err := os.Lstat(p); err == nil {
			if fi.Mode()&os.ModeSymlink != 0 {
				fi, err = os.Stat(p)
				if err != nil {
					// An absolute link points outside the chroot: resolve it inside.
					if t, err := os.Readlink(p); err == nil && filepath.IsAbs(t) {
						fi, err = os.Stat(filepath.Join(root, t))
					}
					if err != nil {
						fi = nil
					}
				}
			}
			if fi != nil && fi.Mode().IsRegular() {
				if f, err := os.Open(p); err == nil {
					b := make([]byte, 4)
					n, _ := io.ReadFull(f, b)
					f.Close()
					ok = n == 4 && string(b) == "TZif"
				}
			}
		}
		m[w] = ok
	}
	return m
}

func zoneSpelling(w string) bool {
	if w == "" || w[0] == '/' || w[len(w)-1] == '/' || strings.Contains(w, "//") {
		return false
	}
	for _, r := range w {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_' || r == '+' || r == '/') {
			return false
		}
	}
	return true
}

// annotateFile adds zone_files to a corpus file's header.
func annotateFile(path, root string, specs []spec) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var r io.Reader = bytes.NewReader(b)
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return err
		}
		r = gz
	}
	dec := json.NewDecoder(r)
	var h header
	if err := dec.Decode(&h); err != nil {
		return err
	}
	var recs []record
	for dec.More() {
		var rec record
		if err := dec.Decode(&rec); err != nil {
			return err
		}
		recs = append(recs, rec)
	}
	if len(recs) != len(specs) {
		return fmt.Errorf("%s: %d records, the generator gives %d", path, len(recs), len(specs))
	}
	h.ZoneFiles = zoneFiles(root, specs)
	h.MadeBy += "; zone_files added by the same command with -annotate"
	return write(path, h, recs)
}
