package cronsim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error messages and lint reports echo what the user wrote, and that text
// may be hostile: a crontab line can hold escape sequences that retitle
// or reprogram a terminal, invalid UTF-8, or a megabyte of one word.
// Echoed text is therefore escaped the way strconv.Quote escapes it and
// cut to echoMax characters, with a marker saying how much was left out.

// echoMax is the most characters of user text one message echoes.
const echoMax = 64

// quoteEcho returns s as strconv.Quote would, cut to echoMax characters
// of s: `"abc"...(1234 more bytes)`.
func quoteEcho(s string) string {
	head, more := cutEcho(s)
	q := strconv.Quote(head)
	if more > 0 {
		q += "..." + moreBytes(more)
	}
	return q
}

// escapeEcho escapes control characters and invalid UTF-8 in s as
// strconv.Quote does, without adding quotes (text the library wrote, such
// as a Reason, keeps its own quotes), and cuts it to 4*echoMax characters.
func escapeEcho(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean && utf8.RuneCountInString(s) <= 4*echoMax {
		return s
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if n == 4*echoMax {
			b.WriteString("..." + moreBytes(len(s)-i))
			break
		}
		n++
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			q := strconv.Quote(s[i : i+utf8.RuneLen(r)])
			if r == utf8.RuneError {
				_, size := utf8.DecodeRuneInString(s[i:])
				q = strconv.Quote(s[i : i+size])
			}
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cutEcho returns the first echoMax characters of s and how many bytes
// follow them.
func cutEcho(s string) (string, int) {
	n := 0
	for i := range s {
		if n == echoMax {
			return s[:i], len(s) - i
		}
		n++
	}
	return s, 0
}

func moreBytes(n int) string {
	if n == 1 {
		return "(1 more byte)"
	}
	return "(" + strconv.Itoa(n) + " more bytes)"
}

// caretWidth is the most characters of the expression ParseError.Caret
// shows.
const caretWidth = 100

// echoPiece returns how the character at the start of s is shown and its
// length in bytes. A tab stays a tab, so that a caret under it lines up.
func echoPiece(s string) (string, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == '\t' || (r != utf8.RuneError && strconv.IsPrint(r)) {
		return s[:size], size
	}
	q := strconv.Quote(s[:size])
	return q[1 : len(q)-1], size
}

// caretWindow shows at most caretWidth characters of expr around the
// 1-based character column col, escaped, with markers where text is cut,
// and returns the padding that puts a caret under col.
func caretWindow(expr string, col int) (shown, pad string) {
	if n := utf8.RuneCountInString(expr); col < 1 || col > n+1 {
		col = min(max(col, 1), n+1) // a made-up column stays on the line
	}
	first := 0 // character index range [first, last) to show
	if col-1 > caretWidth/2 {
		first = col - 1 - caretWidth/2
	}
	last := first + caretWidth
	var b, p strings.Builder
	i, off := 0, 0
	for off < len(expr) {
		if i == last {
			b.WriteString("..." + moreBytes(len(expr)-off))
			break
		}
		text, size := echoPiece(expr[off:])
		if i == first && first > 0 {
			b.WriteString(moreBytes(off) + "...")
			p.WriteString(strings.Repeat(" ", utf8.RuneCountInString(b.String())))
		}
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
	for ; i < col-1; i++ { // a column past the end of the expression
		p.WriteByte(' ')
	}
	return b.String(), p.String()
}
