package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"time"
)

// runPeakRSS runs cmd and returns the peak resident memory of its
// program, in bytes: the last VmHWM (a high-water mark) read from
// /proc while it runs. (The rusage of a finished child is no use here:
// Linux counts in it the parent's memory at the fork.)
func runPeakRSS(cmd *exec.Cmd) (int64, bool, error) {
	if err := cmd.Start(); err != nil {
		return 0, false, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
	var peak int64
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return peak, peak > 0, err
		case <-tick.C:
			b, err := os.ReadFile(status)
			if err != nil {
				continue
			}
			if _, rest, ok := bytes.Cut(b, []byte("VmHWM:")); ok {
				f := bytes.Fields(rest)
				if len(f) > 0 {
					if kb, err := strconv.ParseInt(string(f[0]), 10, 64); err == nil && kb<<10 > peak {
						peak = kb << 10
					}
				}
			}
		}
	}
}
