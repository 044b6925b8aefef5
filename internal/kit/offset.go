package kit

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Signed writes a shift of the clock as "+1h", "-30m", "+24h", "+1h30m".
func Signed(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	text := strings.TrimSuffix(d.String(), "0s")
	if strings.HasSuffix(text, "h0m") {
		text = strings.TrimSuffix(text, "0m")
	}
	return sign + text
}

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
