package main

import (
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
