package eval

import (
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
