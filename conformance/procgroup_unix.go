//go:build unix && !linux

package conformance

import (
	"os/exec"
	"syscall"
)

// setProcessGroup starts the adapter in a process group of its own, so
// that a hang kills the shell and what it started (an interpreter).
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Process.Kill()
	}
}
