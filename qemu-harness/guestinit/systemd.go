package main

// systemd guests (config "daemon systemd"): this program prepares the
// guest as for the cron daemons (pseudo file systems, zone, versions),
// starts a copy of itself as the agent, and execs systemd as PID 1. The
// timers, their service and the target come from the recorder's overlay
// archive (/etc/systemd/system/cronsim*.{target,timer,service}).
//
//	A <unixnano> <n>             the agent saw n cronsim timers active
//	M <unixnano> <name>          a Persistent= stamp file and its mtime, at the end
//
// A boot after a powered-off span gets the stamp files of the boot before
// ("stamp <unixnano> <name>" in the config): they are written, with that
// mtime, before systemd starts.
//
// The service of every timer runs this program as "stamp jNNNN": it reads
// CLOCK_REALTIME first thing and writes "R <unixnano> jNNNN" to the
// console in one write(2) (a tty write is not interleaved with another).
//
// systemd as PID 1 ignores SIGSTOP (the kernel sends init only the signals
// it handles), so a systemd guest has no pauses; instead "stop" spans stop
// the timers (systemctl stop cronsim.target: every timer is PartOf= it)
// and start them again, which is where Persistent= acts.

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

const systemdBin = "/lib/systemd/systemd"

// stamp is the whole work of a timer's service.
func stamp(id string) {
	now := time.Now().UnixNano()
	fd, err := syscall.Open("/dev/console", syscall.O_WRONLY|syscall.O_NOCTTY, 0)
	if err != nil {
		os.Exit(1)
	}
	syscall.Write(fd, []byte(fmt.Sprintf("R %d %s\n", now, id)))
	os.Exit(0)
}

// startSystemd runs in PID 1 once the zone is in place; it does not return.
func startSystemd(cfg config) {
	const stampDir = "/var/lib/systemd/timers"
	for _, st := range cfg.stamps {
		os.MkdirAll(stampDir, 0o755)
		p := filepath.Join(stampDir, st.name)
		if err := os.WriteFile(p, nil, 0o644); err != nil {
			fatal("stamp %s: %v", p, err)
		}
		t := time.Unix(0, st.mtime)
		if err := os.Chtimes(p, t, t); err != nil {
			fatal("stamp %s: %v", p, err)
		}
	}
	emit("V daemon systemd")
	v := dpkgVersion("systemd")
	emit("V cron %s", v) // the daemon package's version, as for the cron guests
	emit("V systemd %s", v)
	for _, p := range []string{"tzdata", "libc6"} {
		emit("V %s %s", p, dpkgVersion(p))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		emit("V kernel %s", strings.TrimSpace(string(b)))
	}
	env := []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C"}
	attr := &syscall.ProcAttr{Env: env, Files: []uintptr{0, 1, 2}}
	if _, err := syscall.ForkExec("/init", []string{"/init", "agent"}, attr); err != nil {
		fatal("start agent: %v", err)
	}
	// --unit: only the recording's target (DefaultDependencies=no all
	// through: no journald, udev, getty); logging to kmsg, which the
	// kernel's loglevel=3 keeps off the console except for errors.
	argv := []string{systemdBin, "--system", "--unit=cronsim.target", "--log-level=notice",
		"--log-target=kmsg", "--show-status=no"}
	emit("S %d", time.Now().UnixNano())
	if err := syscall.Exec(systemdBin, argv, env); err != nil {
		fatal("exec systemd: %v", err)
	}
}

func systemctl(args ...string) (string, error) {
	cmd := exec.Command("/usr/bin/systemctl", append([]string{"--no-pager", "--no-legend", "--plain"}, args...)...)
	cmd.Env = []string{"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C", "SYSTEMD_COLORS=0", "COLUMNS=1000"}
	b, err := cmd.CombinedOutput()
	return string(b), err
}

// agent makes the clock sets and timer stops of a systemd recording,
// reports progress and powers the machine off at the end time.
func agent() {
	out = newConsole()
	cfg, err := readConfig("/cronsim/config")
	if err != nil {
		fatal("config: %v", err)
	}
	// Wait for systemd's private socket, then for the timers to be active.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat("/run/systemd/private"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			fatal("systemd did not come up")
		}
		time.Sleep(20 * time.Millisecond)
	}
	n := 0
	for {
		o, err := systemctl("list-units", "--type=timer", "--state=active", "cronsim-*")
		n = 0
		for _, l := range strings.Split(o, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "cronsim-") {
				n++
			}
		}
		if err == nil && n >= cfg.timers || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	emit("A %d %d", time.Now().UnixNano(), n)
	if n != cfg.timers {
		o, _ := systemctl("list-units", "--all", "--type=timer", "cronsim-*")
		fatal("%d of %d timers active: %s", n, cfg.timers, strings.ReplaceAll(o, "\n", " | "))
	}

	type event struct {
		at   int64
		stop bool
	}
	var evs []event
	for _, p := range cfg.stops {
		evs = append(evs, event{p.from, true}, event{p.to, false})
	}
	next, nextEv := 0, 0
	lastProgress := time.Now().UnixNano()
	for {
		now := time.Now().UnixNano()
		target := cfg.end
		if next < len(cfg.clocks) && cfg.clocks[next].at < target {
			target = cfg.clocks[next].at
		}
		if nextEv < len(evs) && evs[nextEv].at < target {
			target = evs[nextEv].at
		}
		if now >= target {
			if nextEv < len(evs) && evs[nextEv].at == target {
				ev := evs[nextEv]
				before := time.Now().UnixNano()
				verb, name := "start", "CONT"
				if ev.stop {
					verb, name = "stop", "STOP"
				}
				if o, err := systemctl(verb, "cronsim.target"); err != nil {
					fatal("systemctl %s cronsim.target: %v: %s", verb, err, o)
				}
				emit("P %d %s", before, name)
				nextEv++
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
			emit("T %d 0", now)
			lastProgress = now
		}
		d := time.Duration(target - now)
		if d > 30*time.Second {
			d = 30 * time.Second
		}
		time.Sleep(d)
	}
	// Let services already started write their line.
	time.Sleep(200 * time.Millisecond)
	stamps, _ := filepath.Glob("/var/lib/systemd/timers/stamp-cronsim-*")
	for _, p := range stamps {
		if st, err := os.Stat(p); err == nil {
			emit("M %d %s", st.ModTime().UnixNano(), filepath.Base(p))
		}
	}
	emit("E %d 0", time.Now().UnixNano())
	syscall.Sync()
	syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	select {}
}

func newConsole() *bufio.Writer {
	if c, err := os.OpenFile("/dev/console", os.O_WRONLY, 0); err == nil {
		return bufio.NewWriterSize(c, 4096)
	}
	return bufio.NewWriterSize(os.Stdout, 4096)
}
