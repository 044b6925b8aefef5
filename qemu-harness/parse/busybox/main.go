// Command busybox records BusyBox crond's own reading of every spec from
// gen (qemu-harness/parse/gen) and writes the BusyBox parse corpus JSON.
//
// BusyBox has no syntax check: its crontab installs anything, and crond,
// when it loads a crontab, logs "user root: parse error at TEXT" for a
// field it cannot read and keeps the line anyway with what it did read.
// At log level 5 with -L FILE (logging off syslog), crond also prints every
// field it read as a bitmap of the values selected, one line per field,
// in the order of the fields (miscutils/crond.c ParseField). This command
// runs `busybox crond -f -l 5 -L LOG -c DIR` in a chroot holding
// busybox-static, on one crontab holding all specs, each followed by a
// sentinel line (`59 23 31 12 6 x`) whose five bitmaps mark where a
// spec's output ends, and reads the log. The spec's line is `SPEC true`.
//
// Usage (as root):
//
//	go run ./qemu-harness/parse/busybox -root ROOTFS -out FILE <specs.jsonl
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/parse/internal/cases"
)

// sentinel selects minute 59, hour 23, day 31, December, Saturday: the
// bitmaps below, as crond prints them (days 0..31, months 0..11, days of
// week 0..6).
const sentinel = "59 23 31 12 6 x"

var sentinelMaps = []string{
	strings.Repeat("0", 59) + "1",
	strings.Repeat("0", 23) + "1",
	strings.Repeat("0", 31) + "1",
	strings.Repeat("0", 11) + "1",
	strings.Repeat("0", 6) + "1",
}

// A result is crond's reading of one spec.
type result struct {
	Spec string `json:"spec"`
	// OK: crond read the line as a job and logged no parse error.
	OK bool `json:"ok"`
	// Job: crond read the line as a job (five fields and a command),
	// even with parse errors: such a line stays in its table.
	Job bool `json:"job"`
	// Fields are crond's output for the five fields, in order: each
	// field's bitmap (one digit per value from the field's lowest, days
	// of month from 0, months from 0 = January, days of week from 0 =
	// Sunday) or "error: parse error at TEXT". Before FixDayDow.
	Fields []string `json:"fields,omitempty"`
	// Crash: crond died reading this line.
	Crash bool `json:"crash,omitempty"`
	// Other lines crond logged for the spec.
	Other []string `json:"other,omitempty"`
}

func isBitmap(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c != '0' && c != '1' {
			return false
		}
	}
	return true
}

// run loads one spec (then the sentinel, then a short last line) into
// a fresh crond in the chroot and returns what crond logged: its messages
// (written whole with write(2): entries, parse errors) and, apart, the
// bitmaps (printed through stdio, so a buffer flush can land in the
// middle of a message's line), and whether crond died.
func run(root string, worker int, specs []string) (msgs, maps []string, died bool, err error) {
	dir := fmt.Sprintf("/tmp/cronsim-bbparse-%d", worker)
	os.RemoveAll(filepath.Join(root, dir))
	if err := os.MkdirAll(filepath.Join(root, dir, "tabs"), 0o700); err != nil {
		return nil, nil, false, err
	}
	// The bitmaps are flushed when crond next logs: a last short line
	// (logged, then skipped) follows the sentinel.
	var text strings.Builder
	for _, spec := range specs {
		text.WriteString(spec + cases.Suffix + "\n" + sentinel + "\n")
	}
	text.WriteString("end\n")
	if err := os.WriteFile(filepath.Join(root, dir, "tabs", "root"), []byte(text.String()), 0o600); err != nil {
		return nil, nil, false, err
	}
	logPath := filepath.Join(root, dir, "log")
	cmd := exec.Command("/bin/busybox", "crond", "-f", "-l", "5", "-L", dir+"/log", "-c", dir+"/tabs")
	cmd.Path = "/bin/busybox"
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", "HOME=/root"}
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root}
	if err := cmd.Start(); err != nil {
		return nil, nil, false, err
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	deadline := time.Now().Add(90 * time.Second)
	for {
		select {
		case <-done:
			died = true
		case <-time.After(5 * time.Millisecond):
		}
		data, _ := os.ReadFile(logPath)
		msgs, maps = split(string(data))
		complete := len(maps) >= 5 && equal(maps[len(maps)-5:], sentinelMaps) && entries(msgs) >= len(specs)+1 && countS(maps) >= len(specs)
		if died || complete || time.Now().After(deadline) {
			break
		}
	}
	if !died {
		cmd.Process.Kill()
		<-done
	}
	os.RemoveAll(filepath.Join(root, dir))
	return msgs, maps, died, nil
}

// split separates crond's messages ("crond: ..." up to a newline) from
// the bitmap digits around them.
func split(log string) (msgs, maps []string) {
	var digits strings.Builder
	for len(log) > 0 {
		i := strings.Index(log, "crond: ")
		if i < 0 {
			digits.WriteString(log)
			break
		}
		digits.WriteString(log[:i])
		j := strings.IndexByte(log[i:], '\n')
		if j < 0 {
			msgs = append(msgs, log[i:])
			break
		}
		msgs = append(msgs, log[i:i+j])
		log = log[i+j+1:]
	}
	for _, l := range strings.Split(digits.String(), "\n") {
		if l != "" {
			maps = append(maps, l)
		}
	}
	return msgs, maps
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// entries counts crond's "entry" messages (one per line it read).
func entries(msgs []string) int {
	n := 0
	for _, m := range msgs {
		if strings.HasPrefix(m, "crond: user:root entry:") {
			n++
		}
	}
	return n
}

// countS counts the sentinel's bitmaps in the stream.
func countS(maps []string) int {
	n := 0
	for i := 0; i+5 <= len(maps); i++ {
		if equal(maps[i:i+5], sentinelMaps) {
			n++
			i += 4
		}
	}
	return n
}

// producesEntry: crond's config_read returns the line (and crond logs an
// entry) unless nothing is left once a comment ('#' anywhere) is cut and
// blanks are trimmed.
func producesEntry(spec string) bool {
	line := spec + cases.Suffix
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	return strings.Trim(line, " \t") != ""
}

// batch attributes one batch run's output to its specs: each spec's
// entry (if it gets one) and parse errors in the message stream, its
// bitmaps in the bitmap stream up to the sentinel's. It reports false on
// anything it cannot attribute for sure (a crash, a spec whose bitmaps
// equal the sentinel's, an unknown message); the caller then runs those
// specs one by one.
func batch(specs []string, msgs, maps []string, died bool) ([]result, bool) {
	if died {
		return nil, false
	}
	var out []result
	mi, bi := 0, 0
	for mi < len(msgs) && strings.HasPrefix(msgs[mi], "crond: crond (busybox") {
		mi++
	}
	isEntry := func(i int) bool { return i < len(msgs) && strings.HasPrefix(msgs[i], "crond: user:root entry:") }
	isErr := func(i int) bool {
		return i < len(msgs) && strings.HasPrefix(msgs[i], "crond: user root: parse error at ")
	}
	for _, spec := range specs {
		var own []string
		if producesEntry(spec) {
			if !isEntry(mi) {
				return nil, false
			}
			own = append(own, msgs[mi])
			mi++
			for isErr(mi) {
				own = append(own, msgs[mi])
				mi++
			}
		}
		// the sentinel's entry, without errors
		if !isEntry(mi) || isErr(mi+1) {
			return nil, false
		}
		own = append(own, msgs[mi])
		mi++
		j := bi
		for j+5 <= len(maps) && !equal(maps[j:j+5], sentinelMaps) {
			j++
		}
		if j+5 > len(maps) || j+10 <= len(maps) && equal(maps[j+5:j+10], sentinelMaps) {
			return nil, false
		}
		r, ok := verdict(spec, own, maps[bi:j+5], false)
		if !ok {
			return nil, false
		}
		out = append(out, r)
		bi = j + 5
	}
	if !isEntry(mi) || mi+1 != len(msgs) || bi != len(maps) {
		return nil, false
	}
	return out, true
}

func main() {
	root := flag.String("root", "", "root file system holding /bin/busybox (busybox-static)")
	hf := cases.NewFlags()
	out, seed, count, madeBy := hf.Out, hf.Seed, hf.Count, hf.MadeBy
	version := flag.String("version", "", "busybox-static's Debian version (recorded)")
	jobs := flag.Int("j", 2, "crond runs in parallel")
	flag.Parse()
	if *root == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: busybox -root ROOTFS -out FILE <specs.jsonl")
		os.Exit(2)
	}
	specs, err := cases.ReadSpecs(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "busybox:", err)
		os.Exit(2)
	}
	start := time.Now()
	results := make([]result, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < *jobs; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := range next {
				hi := min(i+batchSize, len(specs))
				msgs, maps, died, err := run(*root, w, specs[i:hi])
				if err != nil {
					fmt.Fprintln(os.Stderr, "busybox:", err)
					os.Exit(1)
				}
				rs, ok := batch(specs[i:hi], msgs, maps, died)
				if !ok {
					// one crond per spec
					rs = nil
					for _, spec := range specs[i:hi] {
						msgs, maps, died, err := run(*root, w, []string{spec})
						if err != nil {
							fmt.Fprintln(os.Stderr, "busybox:", err)
							os.Exit(1)
						}
						r, ok := verdict(spec, msgs, maps, died)
						if !ok {
							fmt.Fprintf(os.Stderr, "busybox: %q: output not understood: %q %q\n", spec, msgs, maps)
							os.Exit(1)
						}
						rs = append(rs, r)
					}
				}
				copy(results[i:hi], rs)
				mu.Lock()
				done += hi - i
				fmt.Fprintf(os.Stderr, "busybox %s: %d/%d done (batch at %d: %v), %.1fs\n", *version, done, len(specs), i, map[bool]string{true: "one run", false: "one run per spec"}[ok], time.Since(start).Seconds())
				mu.Unlock()
			}
		}(w)
	}
	for i := 0; i < len(specs); i += batchSize {
		next <- i
	}
	close(next)
	wg.Wait()
	write(*out, *version, *madeBy, *seed, *count, results)
}

// batchSize specs share one crond run (a batch crond dies in, or
// cannot be attributed for sure, is run again one spec per crond).
const batchSize = 250

// fieldLens are the bitmap lengths of the five fields: minutes 0-59,
// hours 0-23, days 0-31, months 0-11, days of week 0-6.
var fieldLens = []int{60, 24, 32, 12, 7}

// verdict reads one run's output: the spec's bitmaps are those before
// the sentinel's five; its parse errors are the error messages before
// the sentinel's entry. Each field gives a bitmap or an error, in order.
func verdict(spec string, msgs, maps []string, died bool) (result, bool) {
	r := result{Spec: spec}
	entries := 0
	var errs []string
	for _, m := range msgs {
		switch {
		case strings.HasPrefix(m, "crond: crond (busybox"):
		case strings.HasPrefix(m, "crond: user:root entry:"):
			entries++
		case strings.HasPrefix(m, "crond: user root: parse error at "):
			if entries <= 1 {
				errs = append(errs, "error: "+strings.TrimPrefix(m, "crond: user root: "))
			}
		default:
			r.Other = append(r.Other, m)
		}
	}
	if died {
		// crond died on the spec's line (the sentinel is never reached).
		r.Crash = true
		r.Other = append(r.Other, maps...)
		return r, len(maps) == 0 || !equal(maps[len(maps)-min(5, len(maps)):], sentinelMaps)
	}
	if len(maps) < 5 || !equal(maps[len(maps)-5:], sentinelMaps) {
		return r, false
	}
	own := maps[:len(maps)-5]
	if len(own) == 0 && len(errs) == 0 {
		return r, true // not a job: a comment, a setting, a short line
	}
	// Fields in order: a bitmap of the field's length, or the next error.
	k, e := 0, 0
	for _, n := range fieldLens {
		if k < len(own) && len(own[k]) == n {
			r.Fields = append(r.Fields, own[k])
			k++
		} else if e < len(errs) {
			r.Fields = append(r.Fields, errs[e])
			e++
		} else {
			return r, false
		}
	}
	if k != len(own) || e != len(errs) {
		return r, false
	}
	r.Job = true
	r.OK = len(errs) == 0 && len(r.Other) == 0
	return r, true
}

func write(path, version, madeBy string, seed uint64, count int, results []result) {
	h := map[string]any{"daemon": "busybox-crond", "cron": version, "made_by": madeBy,
		"command_suffix": cases.Suffix, "generator": map[string]any{"seed": seed, "count": count}}
	if err := cases.Write(path, h, results); err != nil {
		fmt.Fprintln(os.Stderr, "busybox:", err)
		os.Exit(1)
	}
	ok, crash := 0, 0
	for _, r := range results {
		if r.OK {
			ok++
		}
		if r.Crash {
			crash++
		}
	}
	fmt.Fprintf(os.Stderr, "busybox: wrote %s: %d cases, %d read without error, %d crashed crond\n", path, len(results), ok, crash)
}
