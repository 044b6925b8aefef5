package kit

import (
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/cronsim-go/cronsim"
)

// A ParseProblem is a parse error laid out for a person: what the
// command prints on standard error and the page shows under the
// expression box.
type ParseProblem struct {
	// Err is the error, sharpened (see Sharpen) when the parser that
	// failed was Debian's.
	Err  error
	Expr string // the expression; "" when the error is not a cronsim.ParseError
	// Caret is the expression and a caret under Column; "" when the
	// error is not a cronsim.ParseError.
	Caret  string
	Column int // 1-based; 0 when unknown
	// Debian is Debian's crontab's own word for the error ("bad
	// minute"); "" when Debian's crontab accepts the expression.
	Debian string
	// Mangled is set when Debian's crontab accepts the expression but
	// reads it differently (cronsim.ErrMangled).
	Mangled bool
	// Fields is set when the expression is a pasted crontab line: the
	// schedule without the command, the part to keep.
	Fields string
}

// DescribeParseError lays out err, an error of parsing expr in dialect
// d (Debian's cron) or as daemon reads it.
func DescribeParseError(err error, d cronsim.Dialect, daemon cronsim.Daemon) ParseProblem {
	var ce *cronsim.CalendarError
	if errors.As(err, &ce) {
		return describeCalendarError(err, ce)
	}
	var pe *cronsim.ParseError
	if !errors.As(err, &pe) {
		return ParseProblem{Err: err}
	}
	if e, eerr := (Query{Daemon: daemon, Dialect: d}).Options().Entry(pe.Expr); eerr == nil && e.Kind == cronsim.EntryJob && e.Command != "" && !fieldLike(e.Command) && strings.HasSuffix(pe.Expr, e.Command) {
		return ParseProblem{Err: err, Expr: pe.Expr, Fields: strings.TrimSpace(strings.TrimSuffix(pe.Expr, e.Command))}
	}
	if !DialectApplies(daemon) {
		// The daemon's own parser failed: Debian's crontab's word, and
		// a -dialect to try, do not apply (a BusyBox crash is not
		// Debian's crontab's verdict).
		return ParseProblem{Err: err, Expr: pe.Expr, Caret: pe.Caret(), Column: pe.Column}
	}
	if pe.Debian != "" {
		pe = Sharpen(pe, func() error { _, err := cronsim.Parse(pe.Expr); return err })
		err = pe
	}
	return ParseProblem{
		Err:     err,
		Expr:    pe.Expr,
		Caret:   pe.Caret(),
		Column:  pe.Column,
		Debian:  pe.Debian,
		Mangled: pe.Debian == "" && errors.Is(err, cronsim.ErrMangled),
	}
}

// fieldLike reports whether the first word of what a crontab line would
// run looks like a schedule field rather than a command: a year
// (`0 0 1 1 * 2030`) or the rest of a six- or seven-field expression
// (`0 0 12 * * ? 2030`). The parser's own error names those; telling the
// user to drop them as a command would give the wrong schedule.
func fieldLike(command string) bool {
	word, _, _ := strings.Cut(strings.TrimLeft(command, " \t"), " ")
	word, _, _ = strings.Cut(word, "\t")
	if word == "" || word[0] == '/' {
		return false // a path: /bin/true
	}
	return strings.Trim(word, "0123456789*?,-/LW#") == ""
}

// Sharpen returns a Debian-dialect parse error with the column and
// reason of the strict parser's error for the same field, when it has
// one: the Debian reader stops where Debian's parser gives up, which is
// sometimes past the offending value, while the strict parser names the
// value.
func Sharpen(pe *cronsim.ParseError, strict func() error) *cronsim.ParseError {
	var spe *cronsim.ParseError
	if !errors.As(strict(), &spe) || spe.Field != pe.Field || pe.Field == cronsim.FieldNone || errors.Is(spe, cronsim.ErrExtension) {
		return pe
	}
	better := *pe
	better.Column, better.Text, better.Reason = spe.Column, spe.Text, spe.Reason
	return &better
}

// describeCalendarError lays out an error of systemd's calendar parser:
// the caret under the character where systemd stopped reading, or under
// the component out of range (its Column counts bytes, the caret
// characters), or no caret when the error has no column (a
// specification too long).
func describeCalendarError(err error, ce *cronsim.CalendarError) ParseProblem {
	p := ParseProblem{Err: err, Expr: ce.Spec}
	if ce.Column < 1 || ce.Column > len(ce.Spec)+1 {
		return p
	}
	p.Column = utf8.RuneCountInString(ce.Spec[:ce.Column-1]) + 1
	p.Caret = Caret(ce.Spec, p.Column, "")
	return p
}
