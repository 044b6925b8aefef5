package echo

import (
	"strings"
	"testing"
)

// TestEscape: control characters and invalid UTF-8 are escaped as
// strconv.Quote escapes them, a tab as the caller asks, and long text is
// cut with the number of bytes left out.
func TestEscape(t *testing.T) {
	tests := []struct {
		s    string
		max  int
		tabs Tabs
		want string
	}{
		{"0 0 * * *", 10, EscapeTabs, "0 0 * * *"},
		{"a\tb", 0, EscapeTabs, `a\tb`},
		{"a\tb", 0, KeepTabs, "a\tb"},
		{"\x1b]0;pwned\a", 0, EscapeTabs, `\x1b]0;pwned\a`},
		{"bad \xff byte", 0, KeepTabs, `bad \xff byte`},
		{"\ufffd is printable", 0, EscapeTabs, "\ufffd is printable"},
		{"héllo", 2, EscapeTabs, "hé...(3 more bytes)"},
		{"abc", 2, EscapeTabs, "ab...(1 more byte)"},
		{"abc", 3, EscapeTabs, "abc"},
		{"a\x00c", 2, EscapeTabs, `a\x00...(1 more byte)`},
		{strings.Repeat("x", 300), 0, EscapeTabs, strings.Repeat("x", 300)},
	}
	for _, tt := range tests {
		if got := Escape(tt.s, tt.max, tt.tabs); got != tt.want {
			t.Errorf("Escape(%q, %d, %v) = %q, want %q", tt.s, tt.max, tt.tabs, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct {
		s    string
		max  int
		want string
	}{
		{"abc", 3, `"abc"`},
		{"abcd", 3, `"abc"...(1 more byte)`},
		{"\x1b[2J" + strings.Repeat("é", 5), 5, `"\x1b[2Jé"...(8 more bytes)`},
	}
	for _, tt := range tests {
		if got := Quote(tt.s, tt.max); got != tt.want {
			t.Errorf("Quote(%q, %d) = %q, want %q", tt.s, tt.max, got, tt.want)
		}
	}
}
