//go:build !linux

package conformance

import "time"

// cpuMeter is Linux only (proc(5)); elsewhere the CPU budget is a
// wall-clock timeout.
type cpuMeter struct{}

func newCPUMeter(pid int) *cpuMeter { return nil }

func (m *cpuMeter) read(full bool) time.Duration { return 0 }
