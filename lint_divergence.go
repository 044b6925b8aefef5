package cronsim

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lines a daemon accepts but reads differently from cronsim's own
// syntax (the Strict dialect). The Strict parser refuses most text a
// daemon misreads ("5;x" is ErrMangled), but some of its extensions are
// text a daemon accepts with another meaning: Debian's cron reads the
// "5" of "5#3" and skips the rest of the word (entry.c, get_list: after
// the list, Skip_Nonblanks), so "0 0 * * 5#3" runs every Friday, not on
// the third. Comparing the two schedules catches every such line, not
// only the extensions known today.

// strictReading returns the job line as the Strict dialect reads it, if
// it does.
func strictReading(line string) (Schedule, bool) {
	e, err := ParseOptions{Dialect: Strict}.Entry(line)
	if err != nil || e.Kind != EntryJob {
		return Schedule{}, false
	}
	return e.Schedule, true
}

// readsDiffer returns the problem for a job line that the daemon d runs
// as own while cronsim's syntax reads it as strict, and false when both
// readings run at the same wall minutes.
func readsDiffer(n int, line string, d Daemon, strict, own Schedule) (Problem, bool) {
	if sameRuns(strict, own) {
		return Problem{}, false
	}
	col, word := divergentWord(line, strict, own)
	how := ""
	if i := unknownChar(word); i > 0 && daemonTableOf(d).skipsWordRest {
		how = fmt.Sprintf(" (it reads %s and skips the rest of the word, %s)", quoteEcho(word[:i]), quoteEcho(word[i:]))
	}
	title := daemonTitle(d)
	msg := fmt.Sprintf("%s reads this differently from cronsim's syntax%s: in cronsim's syntax it means %s; %s runs it as %s: %s",
		title, how, lowerFirst(strict.Explain()), title, quoteEcho(bare(own).String()), lowerFirst(own.Explain()))
	return Problem{Kind: LintMangled, Line: n, Column: col, Text: line, Schedule: own, Message: msg}, true
}

// strictNote says what cronsim's syntax makes of a line a daemon rejects
// or skips, so the finding carries both readings: "" when the Strict
// dialect rejects it too.
func strictNote(line string) string {
	s, ok := strictReading(line)
	if !ok {
		return ""
	}
	return " (in cronsim's syntax it means " + lowerFirst(s.Explain()) + ")"
}

// divergentWord returns the 1-based column and the text of the first
// time field the two readings disagree on (the whole line, column 1,
// when it cannot tell).
func divergentWord(line string, a, b Schedule) (int, string) {
	field := -1
	switch {
	case a.minute != b.minute:
		field = 0
	case a.hour != b.hour:
		field = 1
	case a.month != b.month:
		field = 3
	case a.dow != b.dow || a.dowLast != b.dowLast || a.dowNth != b.dowNth:
		field = 4
	default:
		field = 2
	}
	if a.macro != 0 || b.macro != 0 {
		field = 0
	}
	i := 0
	for w := 0; ; w++ {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		start := i
		for i < len(line) && line[i] != ' ' && line[i] != '\t' {
			i++
		}
		if w == field || i == len(line) {
			return column(line, start), line[start:i]
		}
	}
}

// unknownChar returns the index of the first byte of a field word that
// is not part of Debian's syntax (digits, letters of names, *, -, / and
// ,), or -1.
func unknownChar(word string) int {
	return strings.IndexFunc(word, func(r rune) bool {
		return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || strings.ContainsRune("*-/,", r))
	})
}

// lowerFirst makes an Explain sentence fit after a colon.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}
