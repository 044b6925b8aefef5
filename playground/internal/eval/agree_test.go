package eval

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStartAgreesWithCommand: the page and `cronsim next -from` read a
// wall time the zone skips or repeats the same way (both through
// kit.ParseTime; before, the command refused 01:30 in Dublin's spring
// gap and the page silently started at 02:00). Dublin's clocks went
// from 01:00 GMT to 02:00 IST on 2021-03-28 and from 02:00 IST back to
// 01:00 GMT on 2021-10-31.
func TestStartAgreesWithCommand(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build cronsim")
	}
	bin := filepath.Join(t.TempDir(), "cronsim")
	if out, err := exec.Command(goCmd, "build", "-o", bin, "../../../cmd/cronsim").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	now := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, from := range []string{"2021-03-28T01:30", "2021-10-31T01:30"} {
		cmd := exec.Command(bin, "next", "-n", "1", "-tz", "Europe/Dublin", "-from", from, "* * * * *")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.Run()
		resp := Evaluate(Request{Expr: "* * * * *", Zone: "Europe/Dublin", From: from, N: 1, Now: now.UnixMilli()})
		// The same message, but for the name of the field.
		page := strings.TrimPrefix(resp.FromError+resp.FromNote, "start ")
		_, cli, _ := strings.Cut(stderr.String(), "-from ")
		cli = strings.TrimSpace(cli)
		if page == "" || page != cli {
			t.Errorf("-from %s: command says %q, page says %q", from, stderr.String(), resp.FromError+resp.FromNote)
		}
		var first string
		if len(resp.Runs) > 0 && resp.FromError == "" {
			first = resp.Runs[0].Time + "\n"
		}
		if stdout.String() != first {
			t.Errorf("-from %s: command's first run %q, page's %q", from, stdout.String(), first)
		}
	}
}

// TestNewDaemonsAgreeWithCommand: for a systemd timer and a Kubernetes
// CronJob the page lists the runs `cronsim next -daemon` prints, and
// shows a bad expression as the command prints it, caret and all (both
// through internal/kit). New York sprang from 02:00 EST to 03:00 EDT on
// 2021-03-14 and fell back from 02:00 EDT to 01:00 EST on 2021-11-07.
func TestNewDaemonsAgreeWithCommand(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build cronsim")
	}
	bin := filepath.Join(t.TempDir(), "cronsim")
	if out, err := exec.Command(goCmd, "build", "-o", bin, "../../../cmd/cronsim").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, tc := range []struct {
		daemon, expr, from string
		runs               int // how many runs; 0: an error
	}{
		{"systemd", "*-*-* 02:30", "2021-03-13T12:00", 3},
		{"systemd", "Mon..Fri 09:00", "2021-11-05T12:00", 3},
		{"systemd", "*-*-* 02:30:00 Europe/Dublin", "2021-03-27T12:00", 2},
		{"kubernetes", "30 1 * * *", "2021-11-06T12:00", 3},
		{"kubernetes", "30 2 * * *", "2021-03-13T12:00", 2},
		{"systemd", "Mon..Fro 09:00", "2021-03-13T12:00", 0},
		{"systemd", "*-*-* 09:0é", "2021-03-13T12:00", 0},
		{"systemd", "*-*-* 25:00", "2021-03-13T12:00", 0},
		{"kubernetes", "30 1 * *", "2021-03-13T12:00", 0},
		{"kubernetes", "0 0 * * 7", "2021-03-13T12:00", 0},
	} {
		cmd := exec.Command(bin, "next", "-daemon", tc.daemon, "-n", fmt.Sprint(max(tc.runs, 1)), "-tz", "America/New_York", "-from", tc.from, tc.expr)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		resp := Evaluate(Request{Expr: tc.expr, Daemon: tc.daemon, Zone: "America/New_York", From: tc.from, N: max(tc.runs, 1)})
		what := tc.daemon + " " + tc.expr
		if resp.Daemon != tc.daemon {
			t.Errorf("%s: the page used %s", what, resp.Daemon)
		}
		if tc.runs == 0 {
			if resp.Error == nil || runErr == nil {
				t.Errorf("%s: page error %+v, command %v: want both to fail", what, resp.Error, runErr)
				continue
			}
			page := resp.Error.Caret + "\n" + resp.Error.Message + "\n"
			if resp.Error.Caret == "" || resp.Error.Column == 0 || stderr.String() != page {
				t.Errorf("%s: command says\n%s\npage says\n%s", what, stderr.String(), page)
			}
			continue
		}
		var page strings.Builder
		for _, r := range resp.Runs {
			page.WriteString(r.Time + "\n")
		}
		cli := strings.ReplaceAll(stdout.String(), "+00:00", "Z") // the command keeps +00:00 in a zone other than UTC
		if resp.Error != nil || len(resp.Runs) != tc.runs || cli != page.String() {
			t.Errorf("%s from %s: command printed\n%s(%s)\npage lists\n%s(%+v)", what, tc.from, stdout.String(), stderr.String(), page.String(), resp.Error)
		}
	}
}
