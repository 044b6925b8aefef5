// Command guestinit is PID 1 of the cronsim recording guest.
//
// It mounts the pseudo file systems, collects syslog on /dev/log, installs
// the recording's crontab with the guest's own crontab(1), starts the real
// Debian cron daemon in the foreground, stamps every "(root) CMD (...)" line
// with the guest's UTC clock, performs the scheduled clock sets and powers
// the machine off at the end time. Everything it learns goes to the serial
// console as one record per line:
//
//	V <package> <version>        a dpkg version read in the guest
//	S <unixnano>                 cron started (guest UTC, just before exec)
//	R <unixnano> <job id>        a job start logged by cron
//	C <unixnano> <unixnano>      clock set: guest time just before, time set
//	P <unixnano> STOP|CONT       pause: SIGSTOP / SIGCONT sent to cron (guest UTC just before)
//	T <unixnano> <runs>          progress: guest time reached, starts so far
//	L <unixnano> <text>          any other syslog message (capped)
//	E <unixnano>                 end of recording
//	X <text>                     fatal error
//
// Its settings come from /cronsim/config (plain "key value" lines) that the
// recorder appends to the initrd together with /cronsim/crontab.
//
// The same binary is also the SHELL of slow-job recordings (installed as
// /cronsim/slow): run as "slow -c ': jNNNN SECONDS'", it sleeps SECONDS
// (decimal, guest clock) and exits 0, so that the job's process really
// runs that long and its parent's exit reaches cron as a SIGCHLD then.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

type clockSet struct {
	at, to int64 // unix nanoseconds
}

// pause is a span in which the cron process is stopped (SIGSTOP at from,
// SIGCONT at to; guest UTC nanoseconds).
type pause struct {
	from, to int64
}

type config struct {
	daemon string // debian-cron (default), cronie, busybox-crond or systemd
	tz     string
	end    int64
	clocks []clockSet
	pauses []pause
	// systemd guests: the number of timer units (cronsim-jNNNN.timer)
	// the target pulls in, and spans in which they are stopped.
	timers int
	stops  []pause
	// Persistent= stamp files to restore before systemd starts (a boot
	// after a powered-off span): file name, mtime.
	stamps []stampFile
}

type stampFile struct {
	name  string
	mtime int64
}

var (
	outMu sync.Mutex
	out   *bufio.Writer
)

func emit(format string, a ...any) {
	outMu.Lock()
	fmt.Fprintf(out, format+"\n", a...)
	out.Flush()
	outMu.Unlock()
}

func fatal(format string, a ...any) {
	emit("X "+format, a...)
	halt()
}

func halt() {
	syscall.Sync()
	// -no-reboot makes QEMU exit on reboot; power-off is tried first.
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_RESTART)
	select {}
}

func readConfig(path string) (config, error) {
	var c config
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 {
			continue
		}
		switch fields[0] {
		case "tz":
			c.tz = fields[1]
		case "daemon":
			c.daemon = fields[1]
		case "end":
			c.end, err = strconv.ParseInt(fields[1], 10, 64)
		case "clock":
			var cs clockSet
			cs.at, err = strconv.ParseInt(fields[1], 10, 64)
			if err == nil {
				cs.to, err = strconv.ParseInt(fields[2], 10, 64)
			}
			c.clocks = append(c.clocks, cs)
		case "stamp":
			var st stampFile
			st.mtime, err = strconv.ParseInt(fields[1], 10, 64)
			if err == nil && len(fields) == 3 && !strings.Contains(fields[2], "/") {
				st.name = fields[2]
			} else if err == nil {
				err = fmt.Errorf("bad stamp line")
			}
			c.stamps = append(c.stamps, st)
		case "timers":
			c.timers, err = strconv.Atoi(fields[1])
		case "stop":
			var p pause
			p.from, err = strconv.ParseInt(fields[1], 10, 64)
			if err == nil {
				p.to, err = strconv.ParseInt(fields[2], 10, 64)
			}
			c.stops = append(c.stops, p)
		case "pause":
			var p pause
			p.from, err = strconv.ParseInt(fields[1], 10, 64)
			if err == nil {
				p.to, err = strconv.ParseInt(fields[2], 10, 64)
			}
			c.pauses = append(c.pauses, p)
		}
		if err != nil {
			return c, fmt.Errorf("config line %q: %v", sc.Text(), err)
		}
	}
	return c, sc.Err()
}

func mounts() {
	type m struct{ src, dst, fs string }
	for _, x := range []m{{"proc", "/proc", "proc"}, {"sysfs", "/sys", "sysfs"},
		{"devtmpfs", "/dev", "devtmpfs"}, {"tmpfs", "/run", "tmpfs"}} {
		os.MkdirAll(x.dst, 0o755)
		if err := syscall.Mount(x.src, x.dst, x.fs, 0, ""); err != nil && err != syscall.EBUSY {
			emit("L 0 mount %s: %v", x.dst, err)
		}
	}
	os.MkdirAll("/run/lock", 0o1777)
}

// dpkgVersion reads a package's version from the guest's dpkg database.
func dpkgVersion(pkg string) string {
	data, err := os.ReadFile("/var/lib/dpkg/status")
	if err != nil {
		return "unknown"
	}
	for _, para := range strings.Split(string(data), "\n\n") {
		if !strings.HasPrefix(para, "Package: "+pkg+"\n") {
			continue
		}
		for _, line := range strings.Split(para, "\n") {
			if v, ok := strings.CutPrefix(line, "Version: "); ok {
				return v
			}
		}
	}
	return "unknown"
}

var (
	runsMu sync.Mutex
	runs   int
)

// syslogLoop stamps and forwards every datagram sent to /dev/log.
func syslogLoop(conn *net.UnixConn) {
	buf := make([]byte, 65536)
	others := 0
	for {
		n, err := conn.Read(buf)
		now := time.Now().UnixNano()
		if err != nil {
			emit("L %d syslog read: %v", now, err)
			return
		}
		msg := strings.TrimRight(string(buf[:n]), "\n\x00")
		if cmd, ok := jobStart(msg); ok {
			cmd = strings.TrimSpace(strings.TrimPrefix(cmd, ":"))
			if f := strings.Fields(cmd); len(f) > 0 {
				cmd = f[0] // the job id; a slow job's duration follows it
			}
			runsMu.Lock()
			runs++
			runsMu.Unlock()
			emit("R %d %s", now, cmd)
			continue
		}
		if strings.Contains(msg, ") CMDEND (") {
			continue // cronie's job-end line: one per start, not news
		}
		if others < 500 {
			others++
			emit("L %d %s", now, strings.ReplaceAll(msg, "\n", " "))
		}
	}
}

// jobStart recognises the syslog line by which the daemon reports a job
// start and returns the job's command. Debian's cron and cronie log
// "(root) CMD (COMMAND)" from the job's own process just before exec
// (Debian: do_command.c child_process; cronie: src/do_command.c);
// BusyBox crond logs "USER root pid N cmd COMMAND" from the daemon right
// after it forked the job (miscutils/crond.c start_jobs, at log level 8,
// which the default level 8 prints). The other messages of BusyBox crond
// at that level ("time disparity", "process already running", parse
// errors) contain neither pattern.
func jobStart(msg string) (string, bool) {
	if i := strings.Index(msg, "(root) CMD ("); i >= 0 {
		return strings.TrimSuffix(msg[i+len("(root) CMD ("):], ")"), true
	}
	if i := strings.Index(msg, "USER root pid "); i >= 0 {
		rest := msg[i+len("USER root pid "):]
		if j := strings.Index(rest, " cmd "); j >= 0 {
			return rest[j+len(" cmd "):], true
		}
	}
	return "", false
}

// daemonSpec says how the guest's daemon is installed and started.
type daemonSpec struct {
	pkg     string   // dpkg package whose version is reported as "daemon"
	install []string // installs /cronsim/crontab as root's crontab
	argv    []string // runs the daemon in the foreground, logging to syslog
}

var daemons = map[string]daemonSpec{
	"debian-cron": {"cron", []string{"/usr/bin/crontab", "/cronsim/crontab"}, []string{"/usr/sbin/cron", "-f"}},
	// cronie: -n stays in the foreground; it logs to syslog (src/misc.c log_it).
	"cronie": {"cronie", []string{"/usr/bin/crontab", "/cronsim/crontab"}, []string{"/usr/sbin/crond", "-n"}},
	// BusyBox crond: -f foreground; without -L it logs to syslog; -l 8
	// (its default, written out) prints job starts and time disparities
	// but not the per-minute debugging of levels 5-7.
	"busybox-crond": {"busybox-static", []string{"/bin/busybox", "crontab", "/cronsim/crontab"},
		[]string{"/bin/busybox", "crond", "-f", "-l", "8", "-c", "/var/spool/cron/crontabs"}},
}

func copyFile(src, dst string, mode os.FileMode) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	os.Remove(dst)
	return os.WriteFile(dst, data, mode)
}

// slowJob is the SHELL of slow-job recordings: cron runs it as
// "SHELL -c COMMAND" with COMMAND ": jNNNN SECONDS".
func slowJob(command string) {
	f := strings.Fields(command)
	if len(f) == 3 {
		if s, err := strconv.ParseFloat(f[2], 64); err == nil && s > 0 {
			time.Sleep(time.Duration(s * float64(time.Second)))
		}
	}
	os.Exit(0)
}

func main() {
	if os.Getpid() != 1 && len(os.Args) == 3 && os.Args[1] == "stamp" {
		stamp(os.Args[2])
	}
	if os.Getpid() != 1 && len(os.Args) == 3 && os.Args[1] == "-c" {
		slowJob(os.Args[2])
	}
	if os.Getpid() != 1 && len(os.Args) == 2 && os.Args[1] == "agent" {
		agent()
	}
	out = bufio.NewWriterSize(os.Stdout, 4096)
	if c, err := os.OpenFile("/dev/console", os.O_WRONLY, 0); err == nil {
		out = bufio.NewWriterSize(c, 4096)
	}
	mounts()
	if c, err := os.OpenFile("/dev/console", os.O_WRONLY, 0); err == nil {
		out = bufio.NewWriterSize(c, 4096)
	}
	cfg, err := readConfig("/cronsim/config")
	if err != nil {
		fatal("config: %v", err)
	}
	env := []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C"}
	os.Setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")

	// The zone comes from the guest's own tzdata.
	if err := copyFile("/usr/share/zoneinfo/"+cfg.tz, "/etc/localtime", 0o644); err != nil {
		fatal("zone %s: %v", cfg.tz, err)
	}
	os.WriteFile("/etc/timezone", []byte(cfg.tz+"\n"), 0o644)
	if cfg.daemon == "" {
		cfg.daemon = "debian-cron"
	}
	if cfg.daemon == "systemd" {
		startSystemd(cfg)
	}
	dm, ok := daemons[cfg.daemon]
	if !ok {
		fatal("unknown daemon %q", cfg.daemon)
	}
	emit("V daemon %s", cfg.daemon)
	// "cron" carries the daemon package's version (the corpus field of that name).
	emit("V cron %s", dpkgVersion(dm.pkg))
	for _, p := range []string{"tzdata", "libc6"} {
		emit("V %s %s", p, dpkgVersion(p))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		emit("V kernel %s", strings.TrimSpace(string(b)))
	}

	os.Remove("/dev/log")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: "/dev/log", Net: "unixgram"})
	if err != nil {
		fatal("listen /dev/log: %v", err)
	}
	os.Chmod("/dev/log", 0o666)
	conn.SetReadBuffer(4 << 20)
	go syslogLoop(conn)

	os.MkdirAll("/var/spool/cron/crontabs", 0o700)
	inst := exec.Command(dm.install[0], dm.install[1:]...)
	inst.Env = env
	if b, err := inst.CombinedOutput(); err != nil {
		fatal("crontab install: %v: %s", err, strings.ReplaceAll(string(b), "\n", " | "))
	}

	// Reap every child (jobs are re-parented to PID 1 once cron's child exits).
	cronDone := make(chan struct{})
	var cronPid int
	go func() {
		for {
			var ws syscall.WaitStatus
			pid, err := syscall.Wait4(-1, &ws, 0, nil)
			if err == syscall.ECHILD {
				time.Sleep(100 * time.Millisecond)
				continue
			}
			if pid == cronPid && pid != 0 {
				close(cronDone)
			}
		}
	}()

	start := time.Now().UnixNano()
	// Start through the raw syscall so that the reaper above sees its exit.
	attr := &syscall.ProcAttr{Env: env, Files: []uintptr{0, 1, 2}}
	pid, err := syscall.ForkExec(dm.argv[0], dm.argv, attr)
	if err != nil {
		fatal("start %s: %v", cfg.daemon, err)
	}
	cronPid = pid
	emit("S %d", start)

	// Scheduler: clock sets, pauses, progress, end. Timers run on the
	// monotonic clock, so the wall clock is re-read after each short sleep.
	type stopEvent struct {
		at   int64
		sig  syscall.Signal
		name string
	}
	var stops []stopEvent
	for _, p := range cfg.pauses {
		stops = append(stops, stopEvent{p.from, syscall.SIGSTOP, "STOP"}, stopEvent{p.to, syscall.SIGCONT, "CONT"})
	}
	next, nextStop := 0, 0
	lastProgress := time.Now().UnixNano()
	for {
		now := time.Now().UnixNano()
		target := cfg.end
		if next < len(cfg.clocks) && cfg.clocks[next].at < target {
			target = cfg.clocks[next].at
		}
		if nextStop < len(stops) && stops[nextStop].at < target {
			target = stops[nextStop].at
		}
		if now >= target {
			if nextStop < len(stops) && stops[nextStop].at == target {
				ev := stops[nextStop]
				before := time.Now().UnixNano()
				if err := syscall.Kill(cronPid, ev.sig); err != nil {
					fatal("kill %s: %v", ev.name, err)
				}
				emit("P %d %s", before, ev.name)
				nextStop++
				continue
			}
			if next < len(cfg.clocks) && cfg.clocks[next].at == target {
				cs := cfg.clocks[next]
				before := time.Now().UnixNano()
				tv := syscall.NsecToTimeval(cs.to)
				if err := syscall.Settimeofday(&tv); err != nil {
					fatal("settimeofday: %v", err)
				}
				emit("C %d %d", before, cs.to)
				next++
				continue
			}
			break
		}
		if now-lastProgress >= int64(time.Hour) || now < lastProgress {
			runsMu.Lock()
			n := runs
			runsMu.Unlock()
			emit("T %d %d", now, n)
			lastProgress = now
		}
		d := time.Duration(target - now)
		if d > 30*time.Second {
			d = 30 * time.Second
		}
		select {
		case <-time.After(d):
		case <-cronDone:
			fatal("cron exited")
		}
	}
	if nextStop < len(stops) {
		fatal("recording ended with %d pause events not made", len(stops)-nextStop)
	}
	// Let log lines already sent be read before the end mark.
	time.Sleep(50 * time.Millisecond)
	runsMu.Lock()
	n := runs
	runsMu.Unlock()
	emit("E %d %d", time.Now().UnixNano(), n)
	halt()
}
