//go:build !linux

package cronsim_test

import (
	"errors"
	"os/exec"
)

// withTerminal needs Linux's pseudo-terminals; elsewhere the README's
// terminal output cannot be reproduced.
func withTerminal(cmd *exec.Cmd) (string, error) {
	return "", errors.New("no pseudo-terminal support on this system")
}
