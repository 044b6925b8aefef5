package cronsim

import (
	"errors"
	"math/rand"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
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
	_, err := ParseEntry(spec+" true", DebianBookworm)
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
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
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
