package cronsim

import (
	"errors"
	"fmt"
	"strings"
)

// A Field names one field of a crontab time specification.
type Field uint8

// The fields, in the order they are written. FieldNone marks an error
// about the expression as a whole.
const (
	FieldNone Field = iota
	FieldSecond
	FieldMinute
	FieldHour
	FieldDayOfMonth
	FieldMonth
	FieldDayOfWeek
	FieldYear // the seventh field of the Strict dialect
)

var fieldNames = [...]string{"expression", "second", "minute", "hour", "day-of-month", "month", "day-of-week", "year"}

// String returns the field's name as errors give it: "minute", "day-of-week".
func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// Sentinel errors, wrapped by *ParseError: test with errors.Is.
var (
	ErrSyntax     = errors.New("syntax error")
	ErrRange      = errors.New("value out of range")
	ErrStep       = errors.New("bad step")
	ErrFieldCount = errors.New("wrong number of fields")
	ErrTooLong    = errors.New("expression too long")
	ErrNever      = errors.New("schedule never runs")
	// ErrMangled marks text that Debian's crontab accepts but reads
	// differently from how it is written (trailing characters it skips,
	// an empty descending range, a number that wraps around).
	ErrMangled = errors.New("Debian accepts it but reads it differently")
	// ErrExtension marks Strict-dialect syntax used in the Debian
	// dialects: L, LW, nL, nW, L-n, ?, H, a leading seconds field, a
	// year field, a CRON_TZ= or TZ= prefix. ("5#2" is not among them:
	// Debian's crontab accepts it and reads 5.)
	ErrExtension = errors.New("not Debian syntax")
	// ErrHashKey marks an H (hashed) value parsed without a key
	// (ParseOptions.HashKey).
	ErrHashKey = errors.New("H needs a hash key")
)

// MaxLength is the longest expression Parse accepts, in bytes.
const MaxLength = 4096

// A ParseError describes why an expression was rejected.
type ParseError struct {
	Expr   string // the expression as given
	Field  Field  // the field at fault, or FieldNone
	Column int    // 1-based column (in characters) of Text within Expr
	Text   string // the offending text
	Reason string // what is wrong, in English
	// Debian is what Debian's crontab says of the same expression:
	// its own message ("bad minute", "bad day-of-week", ...), or "" when
	// Debian accepts it.
	Debian string
	Err    error // one of the Err sentinels
}

// Error describes the error on one line: the field, the offending text,
// its column and the reason. Text and Reason are echoed with control characters and invalid UTF-8
// escaped as strconv.Quote escapes them, and cut to a terminal's width
// with a marker, so that hostile input cannot reach a terminal raw.
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("cronsim: ")
	if e.Field != FieldNone {
		b.WriteString("bad ")
		b.WriteString(e.Field.String())
		b.WriteString(" ")
	}
	if e.Text != "" {
		b.WriteString(quoteEcho(e.Text))
		b.WriteString(" ")
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, "at column %d", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(escapeEcho(e.Reason))
	return b.String()
}

// Unwrap returns the sentinel error, for errors.Is.
func (e *ParseError) Unwrap() error { return e.Err }

// Caret returns the expression and, below it, a caret under the column
// of the error: a two-line picture for terminals. Like Error, it never
// shows the expression raw: control characters (but tabs, which keep the
// caret aligned) and invalid UTF-8 are escaped as strconv.Quote escapes
// them, and a long expression is cut to a window of caretWidth
// characters around the column, with markers where text is left out.
func (e *ParseError) Caret() string {
	shown, pad := caretWindow(e.Expr, e.Column)
	return shown + "\n" + pad + "^"
}

// column converts a byte offset in expr to a 1-based character column.
func column(expr string, offset int) int {
	if offset > len(expr) {
		offset = len(expr)
	}
	return len([]rune(expr[:offset])) + 1
}
