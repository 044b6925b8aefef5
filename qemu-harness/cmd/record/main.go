// Command record boots the real Debian cron daemon in QEMU with an
// accelerated clock, once per recording of a plan, and writes one corpus
// file per recording.
//
//	go run ./qemu-harness/cmd/record -plan qemu-harness/plans/seed.json -out conformance/corpus [-j 2] [-only NAME,...]
//
// The guests must have been built first (qemu-harness/build-guest.sh).
// Nothing here knows when a cron line should run: every run in the output
// is a "(root) CMD" line that the guest's cron daemon logged.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

var (
	flagPlan    = flag.String("plan", "", "plan file (JSON)")
	flagOut     = flag.String("out", "conformance/corpus", "output directory")
	flagJobs    = flag.Int("j", 2, "VMs run in parallel (each pinned to one core)")
	flagOnly    = flag.String("only", "", "comma-separated recording names to run (default: all)")
	flagSkip    = flag.Bool("skip-existing", false, "skip recordings whose output file exists")
	flagList    = flag.Bool("list", false, "print each recording's crontab lines and estimated size, record nothing")
	flagKeep    = flag.Bool("keep", false, "keep the serial console logs in the cache's work directory")
	flagCache   = flag.String("cache", "", "cache directory (default $CRONSIM_QEMU_CACHE or /var/cache/cronsim-qemu)")
	flagCore    = flag.Int("core", 0, "first core to pin VMs to (VM slot s runs on core (core+s) mod ncpu); lets two recorders share a machine")
	flagTimeout = flag.Duration("timeout", 0, "host-side timeout per VM (default: estimated per recording)")
)

var printMu sync.Mutex

func logf(format string, a ...any) {
	printMu.Lock()
	defer printMu.Unlock()
	fmt.Printf("%s %s\n", time.Now().UTC().Format("15:04:05"), fmt.Sprintf(format, a...))
}

func main() {
	flag.Parse()
	if *flagPlan == "" {
		fmt.Fprintln(os.Stderr, "usage: record -plan PLAN.json [-out DIR] [-j N] [-only NAME,...]")
		os.Exit(2)
	}
	cache := *flagCache
	if cache == "" {
		cache = os.Getenv("CRONSIM_QEMU_CACHE")
	}
	if cache == "" {
		cache = "/var/cache/cronsim-qemu"
	}
	p, err := plan.Load(*flagPlan)
	if err != nil {
		fatal(err)
	}
	var todo []*plan.Recording
	only := map[string]bool{}
	for _, n := range strings.Split(*flagOnly, ",") {
		if n != "" {
			only[n] = true
		}
	}
	selectAll := len(only) == 0
	for i := range p.Recordings {
		r := &p.Recordings[i]
		if !selectAll && !only[r.Name] {
			continue
		}
		delete(only, r.Name)
		if *flagSkip && !*flagList {
			if _, err := os.Stat(filepath.Join(*flagOut, r.Name+".json")); err == nil {
				logf("%s: exists, skipped", r.Name)
				continue
			}
		}
		todo = append(todo, r)
	}
	for n := range only {
		fatal(fmt.Errorf("no recording %q in %s", n, *flagPlan))
	}
	if *flagList {
		for _, r := range todo {
			if r.Daemon() == "systemd" {
				// The candidates, before systemd-analyze's checks and budgets.
				cands, _, err := timerCandidates(r)
				if err != nil {
					fatal(err)
				}
				fmt.Printf("# %s: %s %s %s .. %s, %d candidate timers\n", r.Name, r.Guest, r.TZ,
					r.RTC.Format(time.RFC3339), r.End.Format(time.RFC3339), len(cands))
				for _, c := range cands {
					fmt.Printf("%s\tAccuracySec=%s RandomizedDelaySec=%s Persistent=%v\n", c.Spec, c.AccuracySec, c.RandomizedDelaySec, c.Persistent)
				}
				continue
			}
			lines, err := crontabLines(r)
			if err != nil {
				fatal(err)
			}
			fmt.Printf("# %s: %s %s %s .. %s, %d lines\n", r.Name, r.Guest, r.TZ,
				r.RTC.Format(time.RFC3339), r.End.Format(time.RFC3339), len(lines))
			for _, l := range lines {
				fmt.Println(l)
			}
		}
		return
	}
	env, err := newEnv(cache)
	if err != nil {
		fatal(err)
	}
	if err := os.MkdirAll(*flagOut, 0o755); err != nil {
		fatal(err)
	}
	t0 := time.Now()
	jobs := make(chan *plan.Recording)
	var wg sync.WaitGroup
	var failMu sync.Mutex
	var failed []string
	var summary []string
	for w := 0; w < max(1, *flagJobs); w++ {
		wg.Add(1)
		go func(slot int) {
			defer wg.Done()
			for r := range jobs {
				s, err := env.record(r, slot)
				failMu.Lock()
				if err != nil {
					logf("%s: FAILED: %v", r.Name, err)
					failed = append(failed, r.Name)
				} else {
					summary = append(summary, s)
				}
				failMu.Unlock()
			}
		}(w)
	}
	for _, r := range todo {
		jobs <- r
	}
	close(jobs)
	wg.Wait()
	sort.Strings(summary)
	for _, s := range summary {
		logf("done %s", s)
	}
	logf("%d recordings, %d failed, wall %.0fs", len(todo), len(failed), time.Since(t0).Seconds())
	if len(failed) > 0 {
		logf("failed: %s", strings.Join(failed, " "))
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "record:", err)
	os.Exit(1)
}

// env holds what every recording shares.
type env struct {
	cache    string
	work     string
	vmlinux  string
	kernel   string
	qemu     string
	initBin  []byte // the guest init, built from this checkout at start
	repoRoot string
}

func newEnv(cache string) (*env, error) {
	e := &env{cache: cache, work: filepath.Join(cache, "work"), vmlinux: filepath.Join(cache, "kernel", "vmlinux")}
	if _, err := os.Stat(e.vmlinux); err != nil {
		return nil, fmt.Errorf("no kernel in %s: run qemu-harness/build-guest.sh first", cache)
	}
	if b, err := os.ReadFile(filepath.Join(cache, "kernel", "version")); err == nil {
		e.kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command("qemu-system-x86_64", "--version").Output(); err == nil {
		e.qemu = strings.TrimSpace(strings.SplitN(string(out), "\n", 2)[0])
	} else {
		return nil, fmt.Errorf("qemu-system-x86_64: %v (run qemu-harness/setup.sh)", err)
	}
	if err := os.MkdirAll(e.work, 0o755); err != nil {
		return nil, err
	}
	// Build the guest init (static, no cgo) from this repository.
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}").Output()
	if err != nil {
		return nil, fmt.Errorf("go list -m: %v", err)
	}
	e.repoRoot = strings.TrimSpace(string(root))
	// A name of this process's own: recorders of other checkouts may share
	// the cache, and each must boot its own init.
	initPath := filepath.Join(e.work, fmt.Sprintf("guestinit-%d", os.Getpid()))
	defer os.Remove(initPath)
	cmd := exec.Command("go", "build", "-trimpath", "-o", initPath, "./qemu-harness/guestinit")
	cmd.Dir = e.repoRoot
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH=amd64")
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building guestinit: %v\n%s", err, out)
	}
	if e.initBin, err = os.ReadFile(initPath); err != nil {
		return nil, err
	}
	return e, nil
}

// guestVersions reads the versions file written by build-guest.sh.
func (e *env) guestFile(guest, name string) string { return filepath.Join(e.cache, guest, name) }

// noopELF is a 129-byte static x86-64 program that exits 0: the SHELL of
// every job, so that a job start costs one exec and nothing else.
func noopELF() []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	const base = 0x400000
	code := []byte{0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05} // mov eax,60; xor edi,edi; syscall
	size := uint64(64 + 56 + len(code))
	b.Write([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	binary.Write(&b, le, uint16(2))        // ET_EXEC
	binary.Write(&b, le, uint16(0x3e))     // x86-64
	binary.Write(&b, le, uint32(1))        // version
	binary.Write(&b, le, uint64(base+120)) // entry
	binary.Write(&b, le, uint64(64))       // phoff
	binary.Write(&b, le, uint64(0))        // shoff
	binary.Write(&b, le, uint32(0))        // flags
	binary.Write(&b, le, uint16(64))       // ehsize
	binary.Write(&b, le, uint16(56))       // phentsize
	binary.Write(&b, le, uint16(1))        // phnum
	binary.Write(&b, le, uint16(0))        // shentsize
	binary.Write(&b, le, uint16(0))        // shnum
	binary.Write(&b, le, uint16(0))        // shstrndx
	binary.Write(&b, le, uint32(1))        // PT_LOAD
	binary.Write(&b, le, uint32(5))        // R+X
	binary.Write(&b, le, uint64(0))        // offset
	binary.Write(&b, le, uint64(base))     // vaddr
	binary.Write(&b, le, uint64(base))     // paddr
	binary.Write(&b, le, size)             // filesz
	binary.Write(&b, le, size)             // memsz
	binary.Write(&b, le, uint64(0x1000))   // align
	b.Write(code)
	return b.Bytes()
}

// cpioWriter writes a newc archive.
type cpioWriter struct {
	b   bytes.Buffer
	ino int
}

func (c *cpioWriter) entry(name string, mode uint32, data []byte) {
	c.ino++
	fmt.Fprintf(&c.b, "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		c.ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name)+1, 0)
	c.b.WriteString(name)
	c.b.WriteByte(0)
	c.pad()
	c.b.Write(data)
	c.pad()
}

func (c *cpioWriter) pad() {
	for c.b.Len()%4 != 0 {
		c.b.WriteByte(0)
	}
}

func jobID(i int) string { return fmt.Sprintf("j%04d", i) }

func crontabText(r *plan.Recording, lines []string) string {
	var b strings.Builder
	shell := "/cronsim/noop"
	if r.Slow() {
		shell = "/cronsim/slow"
	}
	// BusyBox crond takes MAILTO's value literally (quotes included) and
	// would mail to it: an empty value there means no mail.
	mailto := `""`
	if r.Daemon() == "busybox-crond" {
		mailto = ""
	}
	fmt.Fprintf(&b, "# cronsim recording %s\nSHELL=%s\nMAILTO=%s\nPATH=/usr/bin:/bin\n", r.Name, shell, mailto)
	durs := r.Durations(len(lines))
	zone := ""
	for i, l := range lines {
		z, f := plan.SplitTZ(l)
		if z != zone {
			fmt.Fprintf(&b, "%s%s\n", plan.CronTZPrefix, z)
			zone = z
		}
		l = f
		if r.Slow() {
			// The slow helper sleeps for the number after the job id.
			fmt.Fprintf(&b, "%s : %s %s\n", l, jobID(i), strconv.FormatFloat(durs[i], 'f', -1, 64))
		} else {
			fmt.Fprintf(&b, "%s : %s\n", l, jobID(i))
		}
	}
	return b.String()
}

// precheck runs the guest's own syntax check on the crontab in the guest's
// root filesystem (chroot), so a bad line fails before a VM is booted:
// Debian's `crontab -n`, cronie's `crontab -T`. BusyBox has no check mode
// (its crontab installs anything; crond logs "parse error" when loading):
// its recordings are refused afterwards if the daemon logged a parse error.
func (e *env) precheck(r *plan.Recording, text string) error {
	flag := "-n"
	switch r.Daemon() {
	case "cronie":
		flag = "-T"
	case "busybox-crond":
		return nil
	}
	rootfs := e.guestFile(r.Guest, "rootfs")
	if _, err := os.Stat(filepath.Join(rootfs, "usr/bin/crontab")); err != nil {
		return nil // no rootfs kept: the guest checks at install time
	}
	name := fmt.Sprintf("cronsim-check-%d-%s", os.Getpid(), r.Name)
	p := filepath.Join(rootfs, "tmp", name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		return err
	}
	defer os.Remove(p)
	out, err := exec.Command("chroot", rootfs, "/usr/bin/crontab", flag, "/tmp/"+name).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s crontab %s rejects the crontab: %v: %s", r.Guest, flag, err, out)
	}
	return nil
}

type pauseRec struct {
	ns   int64
	what string // STOP or CONT
}

type logRec struct {
	ns  int64
	msg string
}

type runRec struct {
	ns int64
	id string
}

// vmResult is what the serial console said.
type vmResult struct {
	versions map[string]string
	start    int64
	end      int64
	clocks   [][2]int64
	pauses   []pauseRec
	runs     []runRec
	logs     []logRec
	errs     []string
	ended    bool
	active   int       // systemd: timers active after boot (A)
	stamps   []logRec  // systemd: Persistent= stamp files at the end (M)
	boots    []bootRec // systemd with a powered-off span: each boot
}

// stripTerminal removes the terminal control sequences at the start of a
// console line: systemd 257 resets the console when it starts (ESC [ ! p,
// ESC ] 104 BEL, ESC [ ? 7 h), and the next record follows them on the
// same line.
func stripTerminal(line string) string {
	for len(line) > 0 {
		switch {
		case line[0] == 0x1b && len(line) > 1 && line[1] == '[':
			i := 2
			for i < len(line) && (line[i] < 0x40 || line[i] > 0x7e) {
				i++
			}
			line = line[min(i+1, len(line)):]
		case line[0] == 0x1b && len(line) > 1 && line[1] == ']':
			i := 2
			for i < len(line) && line[i] != 0x07 && line[i] != 0x1b {
				i++
			}
			if i < len(line) && line[i] == 0x1b {
				i++ // ESC \ ends it
			}
			line = line[min(i+1, len(line)):]
		case line[0] == 0x1b:
			line = line[min(2, len(line)):]
		case line[0] < 0x20:
			line = line[1:]
		default:
			return line
		}
	}
	return line
}

func parseConsole(data []byte, res *vmResult) {
	for _, line := range strings.Split(string(data), "\n") {
		line = stripTerminal(strings.TrimRight(line, "\r"))
		f := strings.SplitN(line, " ", 3)
		if len(f) < 2 || len(f[0]) != 1 {
			continue
		}
		ns, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "V":
			if len(f) == 3 {
				res.versions[f[1]] = f[2]
			}
		case "S":
			res.start = ns
		case "R":
			if len(f) == 3 {
				res.runs = append(res.runs, runRec{ns, strings.TrimSpace(f[2])})
			}
		case "C":
			if len(f) == 3 {
				to, _ := strconv.ParseInt(f[2], 10, 64)
				res.clocks = append(res.clocks, [2]int64{ns, to})
			}
		case "P":
			if len(f) == 3 {
				res.pauses = append(res.pauses, pauseRec{ns, strings.TrimSpace(f[2])})
			}
		case "A":
			if len(f) == 3 {
				res.active, _ = strconv.Atoi(strings.TrimSpace(f[2]))
			}
		case "M":
			if len(f) == 3 {
				res.stamps = append(res.stamps, logRec{ns, strings.TrimSpace(f[2])})
			}
		case "E":
			res.end = ns
			res.ended = true
		case "L":
			if len(f) == 3 {
				res.logs = append(res.logs, logRec{ns, f[2]})
			}
		case "X":
			res.errs = append(res.errs, strings.Join(f[1:], " "))
		}
	}
}

func (e *env) record(r *plan.Recording, slot int) (string, error) {
	t0 := time.Now()
	var (
		lines []string
		text  string
		sd    *sdTimers // systemd guests: the timers, checked by systemd-analyze
		err   error
	)
	if r.Daemon() == "systemd" {
		if sd, err = e.prepareTimers(r); err != nil {
			return "", err
		}
		lines = sd.specs()
	} else {
		if lines, err = crontabLines(r); err != nil {
			return "", err
		}
		text = crontabText(r, lines)
		if err := e.precheck(r, text); err != nil {
			return "", err
		}
	}
	base := e.guestFile(r.Guest, "base.cpio")
	if _, err := os.Stat(base); err != nil {
		if sd != nil {
			return "", fmt.Errorf("no %s guest: run qemu-harness/build-systemd.sh %s", r.Guest, strings.TrimPrefix(r.Guest, "systemd-"))
		}
		return "", fmt.Errorf("no %s guest: run qemu-harness/build-guest.sh %s", r.Guest, r.Guest)
	}
	if sd != nil && r.PowerOff != nil {
		return e.recordPowerOff(r, slot, base, sd, lines, t0)
	}
	res, err := e.boot(r, slot, base, text, sd, lines, r.RTC, r.End, nil, t0)
	if err != nil {
		return "", err
	}
	if sd != nil {
		return e.writeTimers(r, sd, res, time.Since(t0))
	}
	return e.write(r, lines, res, time.Since(t0))
}

// boot runs one VM of a recording from power-on at rtc to the guest time
// end and returns what its console said. stamps (systemd) are Persistent=
// stamp files to restore: unit file name -> mtime (unix ns).
func (e *env) boot(r *plan.Recording, slot int, base, text string, sd *sdTimers, lines []string, rtc, end time.Time, stamps []logRec, t0 time.Time) (*vmResult, error) {
	initBin := e.initBin
	var cfg strings.Builder
	fmt.Fprintf(&cfg, "daemon %s\ntz %s\nend %d\n", r.Daemon(), r.TZ, end.UnixNano())
	for _, c := range r.Clock {
		fmt.Fprintf(&cfg, "clock %d %d\n", c.At.UnixNano(), c.To.UnixNano())
	}
	for _, p := range r.Pauses {
		fmt.Fprintf(&cfg, "pause %d %d\n", p.From.UnixNano(), p.To.UnixNano())
	}
	for _, st := range stamps {
		fmt.Fprintf(&cfg, "stamp %d %s\n", st.ns, st.msg)
	}
	if sd != nil {
		fmt.Fprintf(&cfg, "timers %d\n", len(sd.lines))
		for _, p := range r.TimerStops {
			fmt.Fprintf(&cfg, "stop %d %d\n", p.From.UnixNano(), p.To.UnixNano())
		}
	}
	var cp cpioWriter
	cp.entry("init", 0o100755, initBin)
	cp.entry("cronsim", 0o040755, nil)
	cp.entry("cronsim/config", 0o100644, []byte(cfg.String()))
	if sd != nil {
		sd.overlay(&cp)
	} else {
		cp.entry("cronsim/crontab", 0o100644, []byte(text))
		cp.entry("cronsim/noop", 0o100755, noopELF())
		cp.entry("cronsim/slow", 0o100755, initBin) // guestinit doubles as the slow-job SHELL
	}
	cp.entry("TRAILER!!!", 0, nil)

	dir, err := os.MkdirTemp(e.work, r.Name+"-")
	if err != nil {
		return nil, err
	}
	if !*flagKeep {
		defer os.RemoveAll(dir)
	}
	initrd := filepath.Join(dir, "initrd")
	if err := concat(initrd, base, cp.b.Bytes()); err != nil {
		return nil, err
	}
	serial := filepath.Join(dir, "console")
	guestHours := end.Sub(rtc).Hours()
	timeout := *flagTimeout
	if timeout == 0 {
		if r.TimeoutSec > 0 {
			timeout = time.Duration(r.TimeoutSec) * time.Second
		} else {
			// boot + idle time + a generous allowance for job starts
			timeout = time.Duration(180+guestHours*30+float64(len(lines))*2) * time.Second
		}
	}
	core := (*flagCore + slot) % runtime.NumCPU()
	args := []string{"-c", strconv.Itoa(core), "qemu-system-x86_64",
		"-machine", "pc", "-m", "1G", "-smp", "1", "-nodefaults", "-no-user-config", "-display", "none",
		"-icount", "shift=0,align=off,sleep=off",
		"-rtc", "base=" + rtc.UTC().Format("2006-01-02T15:04:05") + ",clock=vm",
		"-serial", "file:" + serial, "-no-reboot",
		"-bios", "/usr/share/qemu/qboot.rom",
		"-kernel", e.vmlinux, "-initrd", initrd,
		"-append", "console=ttyS0 rdinit=/init quiet loglevel=3 mitigations=off tsc=reliable nowatchdog nmi_watchdog=0 psi=0" + sd.kernelArgs(rtc),
	}
	logf("%s: start on core %d: %s %s %s..%s, %d lines, timeout %s", r.Name, core, r.Guest, r.TZ,
		rtc.Format(time.RFC3339), end.Format(time.RFC3339), len(lines), timeout)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "taskset", args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	tick := time.NewTicker(20 * time.Second)
	defer tick.Stop()
	var waitErr error
loop:
	for {
		select {
		case waitErr = <-done:
			break loop
		case <-tick.C:
			data, _ := os.ReadFile(serial)
			progress(r, data, t0)
		}
	}
	data, err := os.ReadFile(serial)
	if err != nil {
		return nil, err
	}
	if *flagKeep {
		logf("%s: console log kept in %s", r.Name, serial)
	}
	res := &vmResult{versions: map[string]string{}}
	parseConsole(data, res)
	if ctx.Err() != nil {
		return nil, fmt.Errorf("host timeout %s (guest reached %s)", timeout, lastGuestTime(data))
	}
	if len(res.errs) > 0 {
		return nil, fmt.Errorf("guest: %s", strings.Join(res.errs, "; "))
	}
	if waitErr != nil || !res.ended || res.start == 0 {
		return nil, fmt.Errorf("qemu: %v, ended=%v, started=%v: %s", waitErr, res.ended, res.start != 0, stderr.String())
	}
	if r.Daemon() == "busybox-crond" {
		for _, l := range res.logs {
			if strings.Contains(l.msg, "parse error") {
				return nil, fmt.Errorf("busybox crond: %s", l.msg)
			}
		}
	}
	return res, nil
}

func concat(dst, base string, extra []byte) error {
	in, err := os.Open(base)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		out.Close()
		return err
	}
	// The base archive is padded to 512 bytes; the kernel skips zero padding
	// between archives, but keep the overlay 4-byte aligned anyway.
	if _, err := out.Write(extra); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func lastGuestTime(data []byte) string {
	var last int64
	runs := 0
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 3)
		if len(f) >= 2 && len(f[0]) == 1 && strings.Contains("SRCTE", f[0]) {
			if ns, err := strconv.ParseInt(f[1], 10, 64); err == nil && ns > 0 {
				last = ns
			}
			if f[0] == "R" {
				runs++
			}
		}
	}
	if last == 0 {
		return "boot"
	}
	return fmt.Sprintf("%s, %d starts", time.Unix(0, last).UTC().Format("2006-01-02T15:04:05Z"), runs)
}

func progress(r *plan.Recording, data []byte, t0 time.Time) {
	logf("%s: guest %s, %.0fs", r.Name, lastGuestTime(data), time.Since(t0).Seconds())
}

type jsonLine struct {
	// CronTZ is the line's CRON_TZ zone (cronie), when it has one.
	CronTZ string `json:"cron_tz,omitempty"`
	Expr   string `json:"expr"`
	// JobDurationS is written only for lines whose duration differs
	// from the file's job_duration_s.
	JobDurationS *float64 `json:"job_duration_s,omitempty"`
	Runs         []string `json:"runs"`
}

func (e *env) write(r *plan.Recording, lines []string, res *vmResult, wall time.Duration) (string, error) {
	c, err := checkConsole(res, r, len(lines), len(r.Pauses), "pause")
	if err != nil {
		return "", err
	}
	durs := r.Durations(len(lines))
	planPath, made := madeBy(e, r)
	head := slices.Concat(
		[]headField{{"daemon", r.Daemon()}, {"cron", res.versions["cron"]}},
		clockFields(r, res, c),
		[]headField{
			{"job_duration_s", r.JobDurationS},
			{"pauses", c.spans},
			{"made_by", made},
			{"guest", "Debian " + r.Guest},
		},
		sourceFields(e, r, res, planPath),
		[]headField{
			{"generator", r.Generator},
			{"method", methodText(r.Daemon())},
			{"method_slow", "slow jobs: SHELL is the guest init binary run as `/cronsim/slow -c ': jNNNN SECONDS'`, which sleeps SECONDS on the guest clock and exits 0; pauses: the guest init sends SIGSTOP and SIGCONT to the cron process at the planned guest times and reports the guest UTC time just before each kill(2)"},
		},
		hostFields(res, wall),
		[]headField{{"daemon_log", daemonLog(res.logs)}},
	)
	kept := head[:0]
	for _, kv := range head {
		switch {
		case kv.k == "method_slow" && !r.Slow() && len(r.Pauses) == 0:
		case kv.k == "generator" && r.Generator == nil:
		// Debian files keep the original format: no daemon log.
		case kv.k == "daemon_log" && r.Daemon() == "debian-cron":
		// Quick-job files without pauses keep the original format.
		case kv.k == "job_duration_s" && !r.Slow(), kv.k == "pauses" && len(r.Pauses) == 0:
		default:
			kept = append(kept, kv)
		}
	}
	out := make([]any, len(lines))
	for i, l := range lines {
		z, f := plan.SplitTZ(l)
		jl := jsonLine{CronTZ: z, Expr: f, Runs: c.runs[i]}
		if r.Slow() && durs[i] != r.JobDurationS {
			jl.JobDurationS = &durs[i]
		}
		out[i] = jl
	}
	dst := filepath.Join(*flagOut, r.Name+".json")
	if err := writeCorpusFile(dst, kept, out); err != nil {
		return "", err
	}
	s := fmt.Sprintf("%s: %s, %d lines, %d runs, cron %s, tzdata %s, %s..%s, wall %.0fs", r.Name, dst, len(lines),
		len(res.runs), res.versions["cron"], res.versions["tzdata"], rfc(res.start), rfc(res.end), wall.Seconds())
	logf("%s", s)
	return s, nil
}

// methods says for each daemon how a job start was recorded (the
// file's "method"); the Debian text is that of the first corpus files.
var methods = map[string]string{
	"cronie":        "QEMU TCG with -icount shift=0,align=off,sleep=off; a Go PID 1 in the guest installs the crontab with the guest's crontab(1) (cronie's), runs the guest's `crond -n`, and stamps each syslog `(root) CMD (...)` line (logged by the job's process just before exec, as in Debian's cron) with the guest's UTC clock on receipt; jobs are `: jNNNN` run by a no-op SHELL with a permit-only PAM stack; runs are listed per line in order of arrival, repeats kept",
	"busybox-crond": "QEMU TCG with -icount shift=0,align=off,sleep=off; a Go PID 1 in the guest installs the crontab with `busybox crontab`, runs `busybox crond -f -l 8` (busybox-static), and stamps each syslog `USER root pid N cmd : jNNNN` line (logged by crond right after it forked the job) with the guest's UTC clock on receipt; jobs are `: jNNNN` run by a no-op SHELL; runs are listed per line in order of arrival, repeats kept",
}

func methodText(daemon string) string {
	if m, ok := methods[daemon]; ok {
		return m
	}
	return "QEMU TCG with -icount shift=0,align=off,sleep=off; a Go PID 1 in the guest installs the crontab with the guest's crontab(1), runs the guest's `cron -f`, and stamps each syslog `(root) CMD (...)` line with the guest's UTC clock on receipt; jobs are `: jNNNN` run by a no-op SHELL; runs are listed per line in order of arrival, repeats kept"
}
