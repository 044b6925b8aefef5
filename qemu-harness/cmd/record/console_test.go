package main

import "testing"

// systemd 257 resets the console as it starts; the record after the reset
// shares its line (seen on the first systemd-trixie boot).
func TestStripTerminal(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"\x1b[!p\x1b]104\x07\x1b[?7hA 1615704002083586546 3", "A 1615704002083586546 3"},
		{"\x1b]104\x1b\\R 1 j0001", "R 1 j0001"},
		{"R 1 j0001", "R 1 j0001"},
		{"\x1b[", ""},
		{"\x1b", ""},
	} {
		if got := stripTerminal(c.in); got != c.want {
			t.Errorf("stripTerminal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	var res vmResult
	res.versions = map[string]string{}
	parseConsole([]byte("S 10\n\x1b[!p\x1b]104\x07\x1b[?7hA 20 3\r\nR 30 j0000\n"), &res)
	if res.active != 3 || len(res.runs) != 1 {
		t.Errorf("parseConsole: active %d, runs %d; want 3, 1", res.active, len(res.runs))
	}
}
