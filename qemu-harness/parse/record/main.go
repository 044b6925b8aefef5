// Command record asks Debian's own `crontab -n` (the dry-run syntax check)
// for a verdict on every spec from gen, one crontab file per spec, and
// writes the parse corpus JSON. With -daemon cronie it asks cronie's
// `crontab -T` (cronie's test mode; its -n names a cluster host) in a
// chroot holding cronie (the trixie-cronie guest's root file system).
//
// Each file holds one line: the spec, then " true", then a newline.
// `crontab -n` stops at the first bad line, so one run per spec is the only
// way to get a verdict per spec. The host's crontab is used unless -root
// names a chroot (the trixie one from setup.sh), which is entered with
// chroot(2) before exec.
//
// Usage (as root):
//
//	go run ./qemu-harness/parse/gen -seed 1 -count 12000 >specs.jsonl
//	go run ./qemu-harness/parse/record -seed 1 -count 12000 \
//	    -root /var/cache/cronsim-parse/trixie -out trixie.json <specs.jsonl
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/parse/internal/cases"
)

// A checker is one daemon's crontab syntax check and what it prints.
type checker struct {
	pkg      string // the Debian package whose version is recorded
	flag     string // crontab's check option
	success  string // the line printed when the file is accepted
	failLine string // the last line printed when it is rejected
}

var checkers = map[string]checker{
	"debian-cron": {"cron", "-n", "The syntax of the crontab file was successfully checked.", "errors in crontab file, can't install."},
	"cronie":      {"cronie", "-T", "No syntax issues were found in the crontab file.", "Invalid crontab file. Syntax issues were found."},
}

var check = checkers["debian-cron"]

// errLine is crontab's check_error line: "FILE":LINE: MESSAGE.
var errLine = regexp.MustCompile(`^"crontab":(-?[0-9]+): (.*)$`)

type result struct {
	Spec     string   `json:"spec"`
	OK       bool     `json:"ok"`
	Error    string   `json:"error,omitempty"`
	Raw      string   `json:"raw,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	// Unexpected is set when the output did not have a known shape.
	Unexpected string `json:"unexpected,omitempty"`
}

type header struct {
	Daemon        string `json:"daemon,omitempty"`
	Cron          string `json:"cron"`
	OS            string `json:"os"`
	MadeBy        string `json:"made_by"`
	CommandSuffix string `json:"command_suffix"`
	Generator     struct {
		Seed  uint64 `json:"seed"`
		Count int    `json:"count"`
	} `json:"generator"`
}

type runner struct {
	root string // "" for the host
}

// command builds the crontab -n command for a worker directory given as a
// path inside the root.
func (r runner) command(ctx context.Context, dir string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "/usr/bin/crontab", check.flag, "crontab")
	cmd.Path = "/usr/bin/crontab"
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LC_ALL=C", "HOME=/root"}
	if r.root != "" {
		cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: r.root}
	}
	return cmd
}

// hostPath maps a path inside the root to a host path.
func (r runner) hostPath(p string) string {
	if r.root == "" {
		return p
	}
	return filepath.Join(r.root, p)
}

func (r runner) verdict(dir, spec string) result {
	res := result{Spec: spec}
	if err := os.WriteFile(r.hostPath(filepath.Join(dir, "crontab")), []byte(spec+cases.Suffix+"\n"), 0o644); err != nil {
		res.Unexpected = "write: " + err.Error()
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := r.command(ctx, dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			res.Unexpected = "run: " + err.Error()
			return res
		}
		code = ee.ExitCode()
	}
	var other []string
	success := false
	for _, line := range strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n") {
		switch {
		case line == "":
		case line == check.success:
			success = true
		case strings.HasPrefix(line, "Warning: "):
			res.Warnings = append(res.Warnings, line)
		case errLine.MatchString(line) && res.Raw == "":
			res.Raw = line
			res.Error = errLine.FindStringSubmatch(line)[2]
		case line == check.failLine:
		default:
			other = append(other, line)
		}
	}
	switch {
	case code == 0 && success && res.Raw == "":
		res.OK = true
	case code == 1 && !success && res.Raw != "":
		res.OK = false
	default:
		res.Unexpected = fmt.Sprintf("exit %d", code)
	}
	if len(other) > 0 || stdout.Len() > 0 {
		res.Unexpected = strings.TrimSpace(res.Unexpected + " other output: " + strings.Join(other, " | ") + stdout.String())
	}
	return res
}

// osName returns e.g. "Debian 12 (bookworm)" from the root's os-release.
func osName(r runner) string {
	b, err := os.ReadFile(r.hostPath("/etc/os-release"))
	if err != nil {
		return "unknown"
	}
	kv := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			kv[k] = strings.Trim(v, `"`)
		}
	}
	return fmt.Sprintf("Debian %s (%s)", kv["VERSION_ID"], kv["VERSION_CODENAME"])
}

func cronVersion(r runner) string {
	args := []string{"-W", "-f=${Version}", check.pkg}
	var cmd *exec.Cmd
	if r.root == "" {
		cmd = exec.Command("dpkg-query", args...)
	} else {
		cmd = exec.Command("chroot", append([]string{r.root, "dpkg-query"}, args...)...)
	}
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

func main() {
	root := flag.String("root", "", "chroot holding the crontab to use (empty: the host's)")
	hf := cases.NewFlags()
	out, seed, count, madeBy := hf.Out, hf.Seed, hf.Count, hf.MadeBy
	jobs := flag.Int("j", 2, "parallel crontab runs")
	daemon := flag.String("daemon", "debian-cron", "whose crontab check: debian-cron (crontab -n) or cronie (crontab -T)")
	flag.Parse()
	c, ok := checkers[*daemon]
	if !ok {
		fmt.Fprintln(os.Stderr, "record: unknown -daemon", *daemon)
		os.Exit(2)
	}
	check = c
	if *out == "" {
		fmt.Fprintln(os.Stderr, "record: -out is required")
		os.Exit(2)
	}
	r := runner{root: *root}
	if _, err := os.Stat(r.hostPath("/usr/bin/crontab")); err != nil {
		fmt.Fprintln(os.Stderr, "record: no crontab:", err)
		os.Exit(2)
	}

	specs, err := cases.ReadSpecs(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(2)
	}

	h := header{Cron: cronVersion(r), OS: osName(r), MadeBy: *madeBy, CommandSuffix: cases.Suffix}
	if *daemon != "debian-cron" {
		h.Daemon = *daemon // Debian's files keep their original header
	}
	h.Generator.Seed = *seed
	h.Generator.Count = *count
	label := h.Cron

	results := make([]result, len(specs))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done, accepted := 0, 0
	start := time.Now()
	var dirs []string
	for w := 0; w < *jobs; w++ {
		dir := fmt.Sprintf("/tmp/cronsim-parse-w%d-%d", w, os.Getpid())
		if err := os.MkdirAll(r.hostPath(dir), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "record:", err)
			os.Exit(2)
		}
		dirs = append(dirs, r.hostPath(dir))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				res := r.verdict(dir, specs[i])
				results[i] = res
				mu.Lock()
				done++
				if res.OK {
					accepted++
				}
				if done%1000 == 0 || done == len(specs) {
					fmt.Fprintf(os.Stderr, "%s: %d/%d done, %d accepted, %.1fs\n", label, done, len(specs), accepted, time.Since(start).Seconds())
				}
				mu.Unlock()
			}
		}()
	}
	for i := range specs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, d := range dirs {
		os.RemoveAll(d)
	}

	unexpected := 0
	for _, res := range results {
		if res.Unexpected != "" {
			unexpected++
			fmt.Fprintf(os.Stderr, "record: unexpected output for %q: %s\n", res.Spec, res.Unexpected)
		}
	}
	if err := cases.Write(*out, h, results); err != nil {
		fmt.Fprintln(os.Stderr, "record:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%s: wrote %s: %d cases, %d accepted, %d rejected, %d unexpected, %.1fs\n",
		label, *out, len(results), accepted, len(results)-accepted, unexpected, time.Since(start).Seconds())
	if unexpected > 0 {
		os.Exit(1)
	}
}
