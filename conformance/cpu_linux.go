//go:build linux

package conformance

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// clockTick is the unit of the CPU times in /proc/PID/stat (USER_HZ,
// sysconf(_SC_CLK_TCK)): 100 per second on every Linux ABI Go supports.
const clockTick = 10 * time.Millisecond

// A cpuMeter reads the CPU time (user and system) spent by the processes
// of an adapter's process group: each member's own time and that of its
// children it has waited for (utime+stime+cutime+cstime of proc(5)), so
// that an interpreter started by sh is counted whether sh execs it or
// waits for it.
type cpuMeter struct {
	pgid    int
	members []int // the group's processes at the last full scan
}

func newCPUMeter(pid int) *cpuMeter {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		return nil
	}
	return &cpuMeter{pgid: pid, members: []int{pid}}
}

// read returns the group's CPU time. With full it scans /proc for the
// group's processes first (a few milliseconds); without, it reads only
// the processes found by the last scan (microseconds), scanning when one
// of them has gone.
func (m *cpuMeter) read(full bool) time.Duration {
	if !full {
		var sum time.Duration
		for _, pid := range m.members {
			t, ok := m.stat(pid)
			if !ok {
				return m.read(true)
			}
			sum += t
		}
		return sum
	}
	d, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	m.members = m.members[:0]
	var sum time.Duration
	for _, e := range d {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if t, ok := m.stat(pid); ok {
			m.members = append(m.members, pid)
			sum += t
		}
	}
	return sum
}

// stat reads one process's CPU time; ok is false when it has gone or is
// not in the group.
func (m *cpuMeter) stat(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt
	// majflt cmajflt utime stime cutime cstime ...": comm may hold spaces
	// and parentheses, so fields are counted after the last ')'.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 15 {
		return 0, false
	}
	if pgrp, err := strconv.Atoi(string(f[2])); err != nil || pgrp != m.pgid {
		return 0, false
	}
	var ticks int64
	for _, s := range f[11:15] { // utime stime cutime cstime
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, false
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, true
}
