package cronsim

import (
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// debianLive asks the host's own Debian crontab (crontab -n, through
// qemu-harness/parse/crontab-n.sh) for its verdict on spec + " true".
// It reports skip when no usable crontab is installed.
func debianLive(spec string) (ok bool, reason string, skip bool) {
	out, err := exec.Command("bash", "qemu-harness/parse/crontab-n.sh", spec).Output()
	text := strings.TrimSpace(string(out))
	var exit *exec.ExitError
	switch {
	case err == nil:
		return true, "", false
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		return false, text, false
	}
	return false, "", true
}

func liveAvailable(t testing.TB) {
	if _, err := exec.LookPath("crontab"); err != nil || os.Geteuid() != 0 {
		t.Skip("Debian's crontab is not installed (or not root): scripts/test.sh installs it")
	}
}

func checkLive(t testing.TB, spec string) {
	if strings.ContainsAny(spec, "\x00\n") {
		return
	}
	ok, reason, skip := debianLive(spec)
	if skip {
		return
	}
	_, err := ParseOptions{Dialect: DebianBookworm}.Entry(spec + " true")
	got := ""
	if err != nil {
		got = err.(*ParseError).Debian
	}
	if (err == nil) != ok || got != reason {
		t.Errorf("%q: crontab -n says ok=%v %q; cronsim says %q (%v)", spec, ok, reason, got, err)
	}
}

// TestDebianLive compares the Debian dialect with the installed crontab
// on a few hundred generated and mutated specifications.
func TestDebianLive(t *testing.T) {
	liveAvailable(t)
	r := testRand(t)
	const alphabet = "0123456789*/-,; \tLW#?@abcdefjmnorstuwyADFJMNOSTW\xff"
	n := 300
	if testing.Short() {
		n = 60
	}
	for i := 0; i < n; i++ {
		spec := randomExpr(r)
		for k := r.Intn(3); k > 0; k-- {
			b := []byte(spec)
			p := r.Intn(len(b) + 1)
			c := alphabet[r.Intn(len(alphabet))]
			switch r.Intn(3) {
			case 0:
				b = append(b[:p], append([]byte{c}, b[p:]...)...)
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			default:
				if p < len(b) {
					b[p] = c
				}
			}
			spec = string(b)
		}
		checkLive(t, spec)
	}
}

// FuzzDebianLive: for any line, the Debian dialect and the real crontab
// -n give the same verdict and reason.
func FuzzDebianLive(f *testing.F) {
	for _, s := range []string{"5;x * * * *", "*/0 * * * *", "1/20 * * * *", "A=B * * * *", "0 0 * * 5#3", "@daily", "* * * * * *"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		liveAvailable(t)
		checkLive(t, spec)
	})
}

var liveReason = regexp.MustCompile(`(?m)^"[^"]*":-?[0-9]*: (.*)$`)

// debianLiveLine asks the host's crontab -n for its verdict on a whole
// crontab line (any bytes but a newline), as the only line of a file.
// reason is Debian's message for a rejected line ("bad minute",
// "command too long"); skip reports a crontab that gave an answer of
// unknown shape.
func debianLiveLine(t testing.TB, line string) (ok bool, reason string, skip bool) {
	t.Helper()
	file := t.TempDir() + "/crontab"
	if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("crontab", "-n", file)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil && strings.Contains(string(out), "successfully checked"):
		return true, "", false
	case errors.As(err, &exit) && exit.ExitCode() == 1:
		// "<file>":<line>: <reason>
		if m := liveReason.FindStringSubmatch(string(out)); m != nil {
			return false, m[1], false
		}
	}
	return false, "", true
}

// debianLines are whole crontab lines around the limits Debian's crontab
// sets (or does not set) on a line, with the verdicts crontab -n of cron
// 3.0pl1-162 (Debian 12) gave for them. Debian's crontab has no line
// length limit; it keeps 998 bytes of an environment setting, rejects a
// command of 999 bytes or more ("command too long", entry.c), and ends a
// line at a NUL, reading the rest as a further line (get_string in
// misc.c stops at a NUL, as strchr finds the terminator of its list).
var debianLines = []struct {
	line   string
	debian string // Debian's message, "" when crontab -n accepts the line
}{
	{"#" + strings.Repeat("x", 5000), ""},
	{"A=" + strings.Repeat("x", 5000), ""},
	{strings.Repeat(" ", 5000) + "* * * * * true", ""},
	{strings.Repeat("\t", 5000) + "* * * * * true", ""},
	{strings.Repeat(" ", 5000) + "#comment", ""},
	{"* * * * * " + strings.Repeat("x", 998), ""},
	{"* * * * * " + strings.Repeat("x", 999), "command too long"},
	{"* * * * * " + strings.Repeat("x", 5000), "command too long"},
	{"* * * * * tr\x00ue", "bad minute"},
	{"* * * * * true\x00", ""},
	{"* * * * *\x00true", ""},
	{"# c\x00omment", ""},
	{"A=b\x00c", "bad minute"},
	{"A=b\x00* * * * * true", ""},
	{"\x00* * * * * true", "bad minute"},
	{"* * * * * " + strings.Repeat("x", 990) + "\x00" + strings.Repeat("y", 20), "bad minute"},
}

// TestParseEntryDebianLines (issue 9): ParseEntry in the Debian dialect
// gives crontab -n's verdict on each line of debianLines.
func TestParseEntryDebianLines(t *testing.T) {
	for _, c := range debianLines {
		for _, d := range []Dialect{Debian, DebianBookworm} {
			_, err := ParseOptions{Dialect: d}.Entry(c.line)
			got := ""
			if err != nil {
				var perr *ParseError
				if !errors.As(err, &perr) || perr.Debian == "" {
					t.Errorf("%s %.60q: error %v without Debian's message", d, c.line, err)
					continue
				}
				got = perr.Debian
			}
			if got != c.debian {
				t.Errorf("%s %.60q (%d bytes): cronsim says %q, crontab -n %q", d, c.line, len(c.line), got, c.debian)
			}
		}
		// Strict rejects what Debian rejects, with Debian's message, and
		// a NUL outside a comment.
		_, err := ParseOptions{Dialect: Strict}.Entry(c.line)
		var perr *ParseError
		switch {
		case c.debian != "" && (!errors.As(err, &perr) || perr.Debian != c.debian):
			t.Errorf("strict %.60q: %v, want Debian's %q", c.line, err, c.debian)
		case c.debian == "" && strings.Contains(strings.TrimLeft(c.line, " \t"), "\x00") && !strings.HasPrefix(c.line, "#") && !errors.Is(err, ErrMangled):
			t.Errorf("strict %.60q: %v, want ErrMangled for the NUL", c.line, err)
		case c.debian == "" && !strings.Contains(c.line, "\x00") && err != nil:
			t.Errorf("strict %.60q: %v", c.line, err)
		}
	}
}

// TestDebianLiveLines checks debianLines against the installed crontab,
// then random lines built around the same limits: blanks, comments,
// settings and commands of lengths near 998 and 4,096 bytes, NULs.
func TestDebianLiveLines(t *testing.T) {
	liveAvailable(t)
	check := func(line, want string, recorded bool) {
		ok, reason, skip := debianLiveLine(t, line)
		if skip {
			t.Fatalf("crontab -n gave no verdict on %.60q", line)
		}
		if recorded && reason != want {
			t.Errorf("%.60q: crontab -n now says %q, recorded %q", line, reason, want)
		}
		_, err := ParseOptions{Dialect: DebianBookworm}.Entry(line)
		got := ""
		if err != nil {
			got = err.(*ParseError).Debian
		}
		if (err == nil) != ok || got != reason {
			t.Errorf("%.60q (%d bytes): crontab -n says ok=%v %q; cronsim says %q (%v)", line, len(line), ok, reason, got, err)
		}
	}
	for _, c := range debianLines {
		check(c.line, c.debian, true)
	}
	r := testRand(t)
	n := 150
	if testing.Short() {
		n = 40
	}
	lengths := []int{0, 1, 500, 996, 997, 998, 999, 1000, 1001, 4000, 4096, 4097, 6000}
	for i := 0; i < n; i++ {
		length := lengths[r.Intn(len(lengths))]
		blanks := strings.Repeat(" \t"[r.Intn(2):][:1], lengths[r.Intn(len(lengths))])
		var line string
		switch r.Intn(4) {
		case 0:
			line = blanks + "#" + strings.Repeat("c", length)
		case 1:
			line = blanks + "NAME=" + strings.Repeat("v", length)
		default:
			line = blanks + randomExpr(r) + " " + strings.Repeat("x", length)
		}
		for k := r.Intn(3); k > 0 && len(line) > 0; k-- {
			p := r.Intn(len(line))
			line = line[:p] + "\x00" + line[p:]
		}
		check(line, "", false)
	}
}
