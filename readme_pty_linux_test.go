package cronsim_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"unsafe"
)

// withTerminal runs cmd with its standard output and error on a new
// pseudo-terminal and returns what it printed there.
func withTerminal(cmd *exec.Cmd) (string, error) {
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		return "", err
	}
	defer master.Close()
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		return "", errno
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		return "", errno
	}
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		return "", err
	}
	cmd.Stdout, cmd.Stderr = tty, tty
	if err := cmd.Start(); err != nil {
		tty.Close()
		return "", err
	}
	tty.Close() // the child holds it; reading ends (EIO) when the child exits
	var buf bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&buf, master)
		close(done)
	}()
	err = cmd.Wait()
	<-done
	return buf.String(), err
}
