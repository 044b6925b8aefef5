package cronsim

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestCaretQuotesHostileInput: ParseError.Caret is meant for terminals,
// so it must not carry escape sequences, invalid UTF-8 or a megabyte of
// text to one, and its caret must still point at the column.
func TestCaretQuotesHostileInput(t *testing.T) {
	osc := "\x1b]0;owned\x07"
	for _, tc := range []struct {
		name, expr string
		wantShown  string // what the caret points at, as shown
	}{
		{"OSC sequence", "0 0 * * " + osc, `\x1b`},
		{"C1 and invalid UTF-8", "0 0 1\xff\x9b * *", ""},
		{"long line", "0 0 * * 1 " + strings.Repeat("x", 1<<20), ""},
		{"long field", strings.Repeat("1,", 3000) + "99 * * * *", ""},
		{"tab before the fault", "0\t0\t*\t*\t8", "8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOptions{Dialect: Debian}.Parse(tc.expr)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			c := pe.Caret()
			lines := strings.Split(c, "\n")
			if len(lines) != 2 {
				t.Fatalf("Caret has %d lines: %q", len(lines), c)
			}
			for _, r := range c {
				if r == utf8.RuneError || (r < ' ' && r != '\n' && r != '\t') || (r >= 0x7f && r < 0xa0) {
					t.Fatalf("Caret carries %U: %q", r, c)
				}
			}
			if n := utf8.RuneCountInString(lines[0]); n > 200 {
				t.Errorf("Caret shows %d characters", n)
			}
			// The caret's column, in the shown line, holds the
			// offending text's first character.
			col := utf8.RuneCountInString(lines[1]) - 1
			shown := []rune(lines[0])
			if col >= len(shown) {
				if pe.Column <= utf8.RuneCountInString(pe.Expr) {
					t.Fatalf("caret at %d past the shown line %q (Column %d)", col, lines[0], pe.Column)
				}
				return
			}
			if tc.wantShown != "" && !strings.HasPrefix(string(shown[col:]), tc.wantShown) {
				t.Errorf("caret points at %q, want %q\n%s", string(shown[col:]), tc.wantShown, c)
			}
			if tc.wantShown == "" && pe.Text != "" && !strings.HasPrefix(string(shown[col:]), string([]rune(pe.Text)[:1])) {
				t.Errorf("caret points at %q, want the start of %q\n%s", string(shown[col:]), pe.Text, c)
			}
		})
	}
	// A made-up column does not pad the caret line without bound.
	pe := &ParseError{Expr: "0 0 * * 8", Column: 1 << 30}
	if c := pe.Caret(); len(c) > 100 {
		t.Errorf("Column 1<<30: Caret is %d bytes", len(c))
	}
}
