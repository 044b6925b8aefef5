package conformance

import (
	"strconv"
	"strings"
)

// This file classifies recorded expressions for the expectations. It is
// deliberately independent of the cronsim parser: a few lines that follow
// Debian's grammar (entry.c's get_list, get_range, get_number), so that
// the expectations say what the daemon's input was without asking the
// library under test.

// FixedTime applies Debian's first-character rule: a line is a wildcard
// job when its minute or its hour field starts with '*', a fixed-time job
// otherwise. Of the @ strings only @hourly is a wildcard job. ok is false
// for @reboot and for text that is not five fields or an @ string.
func FixedTime(expr string) (fixed, ok bool) {
	f := strings.FieldsFunc(expr, isBlank)
	if len(f) == 1 && strings.HasPrefix(f[0], "@") {
		switch f[0] {
		case "@hourly":
			return false, true
		case "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight":
			return true, true
		}
		return false, false
	}
	if len(f) != 5 {
		return false, false
	}
	return f[0][0] != '*' && f[1][0] != '*', true
}

func isBlank(r rune) bool { return r == ' ' || r == '\t' }

var fieldBounds = [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}}

var fieldNames = [5][]string{
	3: {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
	4: {"sun", "mon", "tue", "wed", "thu", "fri", "sat"},
}

// Portable reports whether expr (five fields or an @ string, as Debian's
// crontab accepted it) uses only syntax that common cron parsers read the
// same way, and if not, a spelling of the same schedule that does:
//
//   - characters after a field's list, which Debian skips ("5;x" is 5,
//     "*-5" is "*", "1#2" is 1): dropped;
//   - a range whose ends mix a name and a number ("1-mar", "sat-7"):
//     both ends as numbers;
//   - a number that C's atoi wraps ("4294967355" is 59) or that has more
//     than two digits ("030", "0001"): the number read;
//   - a range whose start is above its end ("5-3"), which Debian reads as
//     no value at all: dropped; when nothing is left in a day field the
//     other day field decides alone, which "*" says; when nothing is left
//     in another field the line never runs and there is no portable
//     spelling (has is false).
//
// Everything else, names in any case, "05", 7 for Sunday, steps
// wider than their range, is taken as portable. debianOnly is false and
// spelling is expr when expr is already portable.
func Portable(expr string) (spelling string, debianOnly, has bool) {
	f := strings.FieldsFunc(expr, isBlank)
	if len(f) == 1 && strings.HasPrefix(f[0], "@") {
		return expr, false, true
	}
	if len(f) != 5 {
		return "", false, false
	}
	out := make([]string, 5)
	empty := make([]bool, 5)
	for i, text := range f {
		p, only, e := portableField(text, i)
		out[i], empty[i] = p, e
		debianOnly = debianOnly || only
	}
	if !debianOnly {
		return expr, false, true
	}
	// An empty day field leaves the day to the other one (the OR rule),
	// unless that one starts with '*' (the AND rule: no day at all). "*"
	// in the empty one says the same in common syntax.
	switch {
	case empty[2] && !empty[4] && f[4][0] != '*':
		out[2], empty[2] = "*", false
	case empty[4] && !empty[2] && f[2][0] != '*':
		out[4], empty[4] = "*", false
	}
	for i := range f {
		if empty[i] {
			return "", true, false // the line never runs
		}
		// Dropping an element must not change a field's first
		// character from or to '*': the star rules read it (README,
		// "The daemon's rules"). No common spelling keeps both then.
		if i != 3 && !(f[i][0] != '*' && out[i] == "*" && (i == 2 || i == 4)) && (f[i][0] == '*') != (out[i][0] == '*') {
			return "", true, false
		}
	}
	return strings.Join(out, " "), true, true
}

// portableField reads one field the way Debian's get_list does.
func portableField(text string, field int) (spelling string, debianOnly, empty bool) {
	var elems []string
	i := 0
	for {
		elem, n, only, ok := readElement(text[i:], field)
		if n == 0 {
			break // not Debian syntax; callers only pass accepted lines
		}
		i += n
		debianOnly = debianOnly || only
		if ok {
			elems = append(elems, elem)
		}
		if i < len(text) && text[i] == ',' {
			i++
			continue
		}
		break
	}
	if i < len(text) {
		debianOnly = true // Debian skips the rest of the field
	}
	return strings.Join(elems, ","), debianOnly, len(elems) == 0
}

// readElement reads one range of a list: "*", "*/n", "a", "a-b", "a-b/n".
// n is the bytes used (0: not an element); ok is false for a range that
// selects nothing.
func readElement(s string, field int) (elem string, n int, debianOnly, ok bool) {
	if strings.HasPrefix(s, "*") {
		n = 1
		elem = "*"
		if step, m := readDigits(s[n:], "/"); m > 0 {
			elem += "/" + step
			n += m
		}
		return elem, n, false, true
	}
	lo, loName, m := readNumber(s, field)
	if m == 0 {
		return "", 0, false, false
	}
	n = m
	loText := s[:m]
	hi, hiName, hiText := lo, loName, ""
	if n < len(s) && s[n] == '-' {
		h, hn, m2 := readNumber(s[n+1:], field)
		if m2 == 0 {
			return "", 0, false, false
		}
		hi, hiName, hiText = h, hn, s[n+1:n+1+m2]
		n += 1 + m2
	}
	step, m := readDigits(s[n:], "/")
	n += m
	// A number that atoi wrapped, or written with more than two digits
	// ("030", "0001"), which several parsers reject.
	odd := func(text string, v int) bool {
		d, err := strconv.Atoi(text)
		return err == nil && (d != v || len(text) > 2)
	}
	switch {
	case !loName && odd(loText, lo), hiText != "" && !hiName && odd(hiText, hi):
		debianOnly = true
	case hiText != "" && loName != hiName:
		debianOnly = true // a name and a number
	}
	if lo > hi {
		return "", n, true, false
	}
	if debianOnly {
		loText = strconv.Itoa(lo)
		if hiText != "" {
			hiText = strconv.Itoa(hi)
		}
	}
	elem = loText
	if hiText != "" {
		elem += "-" + hiText
	}
	if step != "" {
		elem += "/" + step
	}
	return elem, n, debianOnly, true
}

// readNumber reads a run of letters and digits: a name of the field or
// a number, which Debian converts with atoi (a long, cut to a 32-bit int).
func readNumber(s string, field int) (v int, name bool, n int) {
	for n < len(s) && (isDigit(s[n]) || isLetter(s[n])) {
		n++
	}
	word := s[:n]
	if n == 0 {
		return 0, false, 0
	}
	for k, nm := range fieldNames[field] {
		if strings.EqualFold(word, nm) {
			return k + fieldBounds[field][0], true, n
		}
	}
	var x uint64
	for i := 0; i < n; i++ {
		if !isDigit(word[i]) {
			return 0, false, 0
		}
		if x <= (1<<63-1-9)/10 {
			x = x*10 + uint64(word[i]-'0')
		} else {
			x = 1<<63 - 1 // strtol saturates
		}
	}
	return int(int32(uint32(x))), false, n
}

// readDigits reads prefix followed by one or more digits.
func readDigits(s, prefix string) (digits string, n int) {
	if !strings.HasPrefix(s, prefix) {
		return "", 0
	}
	n = len(prefix)
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n == len(prefix) {
		return "", 0
	}
	return s[len(prefix):n], n
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
