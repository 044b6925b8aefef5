package main

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Everything the CLI echoes from its input (expressions, crontab lines,
// file names, flag values) goes through display or quoteArg: control
// characters and invalid UTF-8 are escaped as strconv.Quote escapes them
// (an escape sequence in a crontab must not retitle or reprogram the
// terminal), and long text is cut with a marker.

// echoWidth is the most characters of one echoed text.
const echoWidth = 100

// piece returns how the rune r at the start of s is shown and its length
// in s. A tab stays a tab, so that a caret under it lines up.
func piece(s string) (string, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == '\t' || (r != utf8.RuneError && strconv.IsPrint(r)) {
		return s[:size], size
	}
	q := strconv.Quote(s[:size])
	return q[1 : len(q)-1], size
}

// display returns s escaped and cut to echoWidth characters.
func display(s string) string {
	shown, _ := window(s, 1)
	return shown
}

// quoteArg returns s quoted as strconv.Quote does, cut to echoWidth.
func quoteArg(s string) string {
	head, more := s, 0
	n := 0
	for i := range s {
		if n == echoWidth {
			head, more = s[:i], len(s)-i
			break
		}
		n++
	}
	q := strconv.Quote(head)
	if more > 0 {
		q += "..." + moreBytes(more)
	}
	return q
}

func moreBytes(n int) string {
	if n == 1 {
		return "(1 more byte)"
	}
	return "(" + strconv.Itoa(n) + " more bytes)"
}

// window shows at most echoWidth characters of line around the 1-based
// character column col, escaped, with "..." where text is cut, and
// returns the padding that puts a caret under col.
func window(line string, col int) (shown, pad string) {
	if col < 1 {
		col = 1
	}
	// Character index range [first, last) to show.
	first := 0
	if col-1 > echoWidth/2 {
		first = col - 1 - echoWidth/2
	}
	last := first + echoWidth
	var b, p strings.Builder
	if first > 0 {
		b.WriteString("...")
		p.WriteString("   ")
	}
	i, off := 0, 0
	for off < len(line) {
		if i == last {
			b.WriteString("..." + moreBytes(len(line)-off))
			break
		}
		text, size := piece(line[off:])
		if i >= first {
			b.WriteString(text)
			if i < col-1 {
				if text == "\t" {
					p.WriteByte('\t')
				} else {
					p.WriteString(strings.Repeat(" ", utf8.RuneCountInString(text)))
				}
			}
		}
		off += size
		i++
	}
	for ; i < col-1; i++ { // a column past the end of the line
		p.WriteByte(' ')
	}
	return b.String(), p.String()
}

// caret returns line (escaped and cut) and, below it, a caret under the
// 1-based character column col, each line prefixed by indent.
func caret(line string, col int, indent string) string {
	shown, pad := window(line, col)
	return indent + shown + "\n" + indent + pad + "^"
}

// jsonSafe escapes, in JSON text from encoding/json, the control
// characters it leaves raw: DEL and the C1 controls U+0080-U+009F (U+009B
// is a CSI, which some terminals obey as ESC [ does). The JSON means the
// same; only a terminal showing it sees the difference.
func jsonSafe(b []byte) []byte {
	if !bytes.ContainsAny(b, "\x7f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f") {
		return b // the common case: nothing to escape, nothing allocated
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = append(out, fmt.Sprintf(`\u%04x`, b[i+1])...)
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

// escaped returns s with control characters and invalid UTF-8 escaped,
// uncut: for messages the library wrote, which quote and cut the input
// they echo themselves (this is the second line of defence).
func escaped(s string) string {
	var b strings.Builder
	for off := 0; off < len(s); {
		text, size := piece(s[off:])
		if text == "\t" {
			text = `\t`
		}
		b.WriteString(text)
		off += size
	}
	return b.String()
}
