// Package echo writes text a person typed back to them: the library's
// error messages and lint reports and the cronsim command and the
// playground's page all echo their input through it, so that a control
// character or a long line is handled the same way everywhere.
//
// That text may be hostile: a crontab line can hold escape sequences that
// retitle or reprogram a terminal, invalid UTF-8, or a megabyte of one
// word. Control characters and invalid UTF-8 are therefore escaped as
// strconv.Quote escapes them, and long text is cut with a marker saying
// how much was left out.
//
// It is internal, below both the library and its front ends (which
// import the library), so that they can share it without the library
// exporting it.
package echo

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Piece returns how the character at the start of s is shown and its
// length in bytes. A tab stays a tab, so that a caret under it lines up.
func Piece(s string) (string, int) {
	r, size := utf8.DecodeRuneInString(s)
	if r == '\t' || (r != utf8.RuneError && strconv.IsPrint(r)) {
		return s[:size], size
	}
	q := strconv.Quote(s[:size])
	return q[1 : len(q)-1], size
}

// MoreBytes says how much text was cut: "(1 more byte)", "(7 more bytes)".
func MoreBytes(n int) string {
	if n == 1 {
		return "(1 more byte)"
	}
	return "(" + strconv.Itoa(n) + " more bytes)"
}

// Quote returns s quoted as strconv.Quote quotes it, cut to max
// characters of s: `"abc"...(1234 more bytes)`.
func Quote(s string, max int) string {
	head, more := s, 0
	n := 0
	for i := range s {
		if n == max {
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

// A Tabs says whether Escape keeps a tab or escapes it.
type Tabs bool

const (
	EscapeTabs Tabs = false // a tab is written \t
	KeepTabs   Tabs = true  // a tab stays a tab (text shown above a caret)
)

// Escape returns s with control characters and invalid UTF-8 escaped as
// strconv.Quote escapes them, without adding quotes (for text that is
// not quoted, or that the library wrote and that keeps its own quotes),
// cut to max characters with a marker; max 0 does not cut.
func Escape(s string, max int, tabs Tabs) string {
	if clean(s, tabs) && (max == 0 || utf8.RuneCountInString(s) <= max) {
		return s
	}
	var b strings.Builder
	i := 0
	for off := 0; off < len(s); i++ {
		if i == max && max > 0 {
			b.WriteString("..." + MoreBytes(len(s)-off))
			break
		}
		text, size := Piece(s[off:])
		if text == "\t" && tabs == EscapeTabs {
			text = `\t`
		}
		b.WriteString(text)
		off += size
	}
	return b.String()
}

// clean reports whether Escape leaves every character of s as it is.
func clean(s string, tabs Tabs) bool {
	for _, r := range s {
		if r == utf8.RuneError || !(strconv.IsPrint(r) || r == '\t' && tabs == KeepTabs) {
			return false
		}
	}
	return true
}
