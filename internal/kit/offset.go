package kit

import (
	"fmt"
	"strconv"
)

// SignedOffset writes a UTC offset in seconds east as "+1", "-5",
// "+5:30", "+0".
func SignedOffset(off int) string {
	sign := "+"
	if off < 0 {
		sign, off = "-", -off
	}
	s := sign + strconv.Itoa(off/3600)
	if off%3600 != 0 {
		s += fmt.Sprintf(":%02d", off%3600/60)
	}
	return s
}
