package cronsim

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBusyBoxParseLive holds the BusyBox parser (busybox.go) to the real
// crond: at log level 5, crond prints each field's array after reading
// it, or "parse error at FIELD". It runs where a busybox binary with the
// crond applet is installed (Debian's busybox-static) and the test runs
// as root (crond reads only crontabs owned by root), and skips elsewhere.
func TestBusyBoxParseLive(t *testing.T) {
	bb, err := exec.LookPath("busybox")
	if err != nil || os.Geteuid() != 0 {
		t.Skip("needs root and a busybox with crond (Debian: busybox-static)")
	}
	if out, _ := exec.Command(bb, "crond", "--help").CombinedOutput(); !bytes.Contains(out, []byte("-c DIR")) {
		t.Skip("this busybox has no crond applet")
	}
	r := rand.New(rand.NewPCG(12, uint64(testSeed(t)))) // logged; CRONSIM_SEED replays it
	n := 3000
	if testing.Short() {
		n = 500
	}
	var lines [][5]string
	for range n {
		var f [5]string
		for i := range f {
			f[i] = busyBoxFieldText(r, i)
		}
		lines = append(lines, f)
	}
	got := runBusyBoxCrond(t, bb, lines)
	fields := [...]struct {
		base, mod int
		off       int32
		names     []string
	}{{bbMins, 60, 0, nil}, {bbHrs, 24, 0, nil}, {bbDays, 32, 0, nil}, {bbMons, 12, -1, bbMonNames}, {bbDow, 7, 0, bbDowNames}}
	mismatches := 0
	for i, f := range lines {
		// One line's arrays, filled in crond's order: a write before an
		// array lands in the one before it, which is read later.
		var l busyBoxLine
		for k, text := range f {
			fd := fields[k]
			ok := l.parseField(fd.base, fd.mod, fd.off, fd.names, text)
			want := got[i][k]
			have := "parse error"
			if ok {
				var b strings.Builder
				for j := range fd.mod {
					b.WriteByte('0' + l[fd.base+j])
				}
				have = b.String()
			}
			if have != want {
				mismatches++
				if mismatches <= 20 {
					t.Errorf("line %d field %d %q: busybox %s, cronsim %s", i, k, text, want, have)
				}
			}
		}
	}
	t.Logf("%d fields compared with %s crond, %d mismatches", 5*len(lines), bb, mismatches)
}

// busyBoxFieldText makes a field from the pieces BusyBox's parser reads
// and some it does not.
func busyBoxFieldText(r *rand.Rand, field int) string {
	hi := [...]int{70, 30, 35, 14, 9}[field]
	num := func() string {
		switch r.IntN(12) {
		case 0:
			return "0" + fmt.Sprint(r.IntN(hi))
		case 1:
			if field == 3 {
				return bbMonNames[r.IntN(12)]
			}
			if field == 4 {
				return strings.ToUpper(bbDowNames[r.IntN(7)])
			}
		}
		return fmt.Sprint(r.IntN(hi))
	}
	item := func() string {
		switch r.IntN(8) {
		case 0:
			return "*"
		case 1:
			return "*/" + fmt.Sprint(r.IntN(15))
		case 2, 3:
			return num() + "-" + num()
		case 4:
			return num() + "-" + num() + "/" + fmt.Sprint(r.IntN(9))
		case 5:
			return num() + string("x;/-*~L"[r.IntN(7)])
		}
		return num()
	}
	var parts []string
	for range 1 + r.IntN(3) {
		parts = append(parts, item())
	}
	return strings.Join(parts, ",")
}

// runBusyBoxCrond lets crond read the lines and returns, for each, what
// it printed for each field: the array as digits, or "parse error".
func runBusyBoxCrond(t *testing.T, bb string, lines [][5]string) [][5]string {
	dir := t.TempDir()
	var b strings.Builder
	for _, f := range lines {
		b.WriteString(strings.Join(f[:], " ") + " true\n")
	}
	// crond reads at most 65535 lines of root's crontab.
	if err := os.WriteFile(filepath.Join(dir, "root"), []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bb, "crond", "-f", "-l", "5", "-L", "/dev/stderr", "-c", dir)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	out := make([][5]string, len(lines))
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	i, k := 0, 0
	for i < len(lines) && sc.Scan() {
		text := sc.Text()
		switch {
		case strings.Contains(text, "parse error at"):
			out[i][k] = "parse error"
		case len(text) > 0 && strings.Trim(text, "01") == "":
			out[i][k] = text
		default:
			continue
		}
		if k++; k == 5 {
			i, k = i+1, 0
		}
	}
	if i < len(lines) {
		t.Fatalf("crond printed the fields of %d of %d lines", i, len(lines))
	}
	return out
}
