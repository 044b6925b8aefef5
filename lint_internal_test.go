package cronsim

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestWallMinutes compares the bitset walk Lint uses with matching every
// wall minute of the span, around every offset change from 2000 to 2030
// in zones with one-hour, half-hour, 15-minute and 24-hour changes.
func TestWallMinutes(t *testing.T) {
	var exprs []string
	for _, m := range []string{"30", "0-59", "*/7", "15,45", "59", "0"} {
		for _, h := range []string{"1", "0-3", "2", "23", "*/5"} {
			for _, d := range []string{"* * *", "31 * *", "1-7 * 0", "* 3,10 *", "29 2 *"} {
				exprs = append(exprs, m+" "+h+" "+d)
			}
		}
	}
	for _, zone := range []string{"Europe/Dublin", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Apia", "America/St_Johns"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		shifts := shiftsIn(time.Date(1985, 1, 1, 0, 0, 0, 0, loc), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
		if len(shifts) == 0 {
			t.Fatalf("%s: no offset changes", zone)
		}
		for _, expr := range exprs {
			s, err := Parse(expr)
			if err != nil {
				t.Fatal(err)
			}
			for _, sh := range shifts {
				from, to := sh.wallPrev, sh.wallNew
				if sh.delta < 0 {
					from, to = to, from
				}
				var want []int64
				for w := floor60(from); w < to; w += 60 {
					if s.Match(time.Unix(w, 0).UTC()) {
						want = append(want, w)
					}
				}
				got := s.wallMinutes(from, to)
				ok := got.n == len(want)
				for i := 0; ok && i < min(got.n, len(got.first)); i++ {
					ok = got.first[i] == want[i]
				}
				if ok && got.n > 0 {
					ok = got.last == want[len(want)-1]
				}
				if !ok {
					t.Errorf("%s in %s at %v: got %d runs (%v, last %d), want %d %v", expr, zone, sh.at, got.n, got.first, got.last, len(want), want)
				}
			}
		}
	}
}

// TestErrorEchoIsSafe: a parse error's message escapes control bytes
// and invalid UTF-8 and stays short, whatever the input.
func TestErrorEchoIsSafe(t *testing.T) {
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i*7 + 1)
		if binary[i] == ' ' || binary[i] == '\t' || binary[i] == '\n' {
			binary[i] = 0x1b // one field of 4 KB
		}
	}
	for name, expr := range map[string]string{
		"OSC title":  "\x1b]0;pwned\x07 * * * *",
		"binary 4KB": string(binary[:MaxLength-10]) + " * * * *",
		"1MB line":   strings.Repeat("x", 1<<20) + " * * * *",
		"1MB field":  "5 " + strings.Repeat("\x9b", 1<<20),
		"bidi":       "5\u202e * * * *",
	} {
		for _, d := range []Dialect{Strict, Debian} {
			_, err := ParseOptions{Dialect: d}.Parse(expr)
			if err == nil {
				if d == Strict {
					t.Fatalf("%s: no error", name)
				}
				continue // Debian skips what follows a number
			}
			msg := err.Error()
			if len(msg) > 600 {
				t.Errorf("%s, %v: message of %d bytes", name, d, len(msg))
			}
			if !utf8.ValidString(msg) {
				t.Errorf("%s, %v: invalid UTF-8 in %q", name, d, msg)
			}
			for _, r := range msg {
				if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u202e' {
					t.Errorf("%s, %v: raw %U in %q", name, d, r, msg)
					break
				}
			}
		}
		if _, err := (ParseOptions{Dialect: Debian}).Entry(expr); err != nil && len(err.Error()) > 600 {
			t.Errorf("%s: ParseEntry message of %d bytes", name, len(err.Error()))
		}
	}
	// The marker says how much was cut.
	_, err := Parse(strings.Repeat("1", 200) + " * * * *")
	if msg := err.Error(); !strings.Contains(msg, `"...(136 more bytes)`) {
		t.Errorf("no cut marker in %q", msg)
	}
}
