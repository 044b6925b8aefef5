package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestNextStreamsToClosingReader: `next -n 100000000 '* * * * *' | head -3`
// prints its first line at once and stops when the reader goes away,
// without an error message. Before streaming it computed every run
// first and printed nothing for minutes.
func TestNextStreamsToClosingReader(t *testing.T) {
	for _, args := range [][]string{
		{"next", "-n", "100000000", "* * * * *"},
		{"prev", "-n", "100000000", "* * * * *"},
		{"next", "-json", "-n", "100000000", "* * * * *"},
		{"next", "-n", "2147483647", "0 0 29 2 1"},
		// Ten years of ten every-minute jobs: 52 million starts.
		{"simulate", "-from", "2026-01-01", "-to", "2036-01-01", tenEveryMinute(t)},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, binary(t), args...)
		cmd.Env = append(os.Environ(), "TZ=UTC")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		pipe, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		r := bufio.NewReader(pipe)
		var got string
		var first time.Duration
		if args[1] == "-json" {
			// One object on one line: its start must come at once.
			buf := make([]byte, 100)
			n, _ := io.ReadFull(r, buf)
			got, first = string(buf[:n]), time.Since(start)
			if !strings.HasPrefix(got, `{"expr":"* * * * *","tz":"UTC",`) || !strings.Contains(got, `"runs":[{"time":"`) {
				t.Errorf("%v: output starts %q", args, got)
			}
		} else {
			for i := 0; i < 3; i++ {
				line, err := r.ReadString('\n')
				if i == 0 {
					first = time.Since(start)
				}
				stamp, _, _ := strings.Cut(strings.TrimSpace(line), " ")
				if _, perr := time.Parse(time.RFC3339, stamp); err != nil || perr != nil {
					t.Errorf("%v: line %d %q: %v %v", args, i+1, line, err, perr)
					break
				}
			}
		}
		pipe.Close()
		err = cmd.Wait()
		timedOut := ctx.Err() == context.DeadlineExceeded
		cancel()
		if timedOut {
			t.Errorf("%v: still running 60 s after its reader went away", args)
			continue
		}
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Errorf("%v: %v", args, err)
		}
		t.Logf("%v: first output after %v, stopped %v after start", args, first, time.Since(start))
		if s := stderr.String(); strings.Contains(s, "broken pipe") || strings.Contains(s, "writing output") {
			t.Errorf("%v: error spam on stderr: %q", args, s)
		}
	}
}

// TestWriteErrorReported: output that cannot be written is an error
// (before, `cronsim next ... > /dev/full` exited 0).
func TestWriteErrorReported(t *testing.T) {
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full:", err)
	}
	defer full.Close()
	crontab := writeFile(t, "30 1 * * * /bin/true\n")
	for _, args := range [][]string{
		{"next", "-tz", "UTC", "-from", "2026-01-01T00:00:00Z", "* * * * *"},
		{"next", "-tz", "UTC", "-json", "-n", "1", "* * * * *"},
		{"prev", "-tz", "UTC", "-n", "1", "* * * * *"},
		{"explain", "* * * * *"},
		{"help"},
		{"due", "-tz", "UTC", "-last", "2026-01-01T00:00:00Z", "* * * * *"},
		{"check", "-tz", "Europe/Dublin", "-from", "2026-01-01T00:00:00Z", crontab},
		{"simulate", "-tz", "UTC", "-from", "2026-01-01T00:00:00Z", "-to", "2026-01-03T00:00:00Z", crontab},
	} {
		cmd := exec.Command(binary(t), args...)
		cmd.Stdout = full
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		if err == nil || !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v > /dev/full: err %v, stderr %q: want a failure that says why", args, err, stderr.String())
		}
	}
}

// tenEveryMinute writes a crontab of ten "* * * * *" jobs.
func tenEveryMinute(t *testing.T) string {
	return writeFile(t, strings.Repeat("* * * * * /bin/true\n", 10))
}

// TestMemoryBounded: printing a million runs or half a million starts
// keeps memory small. Before, everything was kept until the end: next
// peaked at 134 MB for the million runs here, simulate at 231 MB for 59
// days of ten every-minute jobs.
func TestMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, args := range [][]string{
		{"next", "-tz", "Europe/Dublin", "-n", "1000000", "-from", "2026-01-01T00:00:00Z", "* * * * *"},
		{"simulate", "-tz", "Europe/Dublin", "-from", "2026-01-01", "-to", "2026-01-31", tenEveryMinute(t)}, // 432,000 starts
	} {
		cmd := exec.Command(binary(t), args...)
		devnull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stdout = devnull
		rss, ok, err := runPeakRSS(cmd)
		devnull.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Skip("no peak memory figure on this system")
		}
		t.Logf("%s: peak RSS %d MB", args[0], rss>>20)
		if rss > 40<<20 {
			t.Errorf("%v: peak RSS %d MB: output is not streamed", args, rss>>20)
		}
	}
}
