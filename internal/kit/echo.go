package kit

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Everything the front ends echo from their input (expressions, crontab
// lines, file names, flag values) goes through Display or Quote: control
// characters and invalid UTF-8 are escaped as strconv.Quote escapes them
// (an escape sequence in a crontab must not retitle or reprogram the
// terminal), and long text is cut with a marker.

// EchoWidth is the most characters of one echoed text.
const EchoWidth = 100

// Piece returns how the rune at the start of s is shown and its length
// in s. A tab stays a tab, so that a caret under it lines up.
func Piece(s string) (string, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == '\t' || (r != utf8.RuneError && strconv.IsPrint(r)) {
		return s[:size], size
	}
	q := strconv.Quote(s[:size])
	return q[1 : len(q)-1], size
}

// Display returns s escaped and cut to EchoWidth characters.
func Display(s string) string {
	var b strings.Builder
	i := 0
	for off := 0; off < len(s); i++ {
		if i == EchoWidth {
			b.WriteString("..." + MoreBytes(len(s)-off))
			break
		}
		text, size := Piece(s[off:])
		b.WriteString(text)
		off += size
	}
	return b.String()
}

// Quote returns s quoted as strconv.Quote does, cut to EchoWidth.
func Quote(s string) string {
	head, more := s, 0
	n := 0
	for i := range s {
		if n == EchoWidth {
			head, more = s[:i], len(s)-i
			break
		}
		n++
	}
	q := strconv.Quote(head)
	if more > 0 {
		q += "..." + MoreBytes(more)
	}
	return q
}

// MoreBytes says how much text was cut: "(1 more byte)", "(7 more bytes)".
func MoreBytes(n int) string {
	if n == 1 {
		return "(1 more byte)"
	}
	return "(" + strconv.Itoa(n) + " more bytes)"
}

// Escaped returns s with control characters and invalid UTF-8 escaped,
// uncut: for messages the library wrote, which quote and cut the input
// they echo themselves (this is the second line of defence).
func Escaped(s string) string {
	var b strings.Builder
	for off := 0; off < len(s); {
		text, size := Piece(s[off:])
		if text == "\t" {
			text = `\t`
		}
		b.WriteString(text)
		off += size
	}
	return b.String()
}
