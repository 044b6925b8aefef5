package cronsim_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

func ExampleLint() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	crontab := "MAILTO=ops@example.com\n" +
		"30 1 * * * /usr/local/bin/backup\n" +
		"0 0 * * 8 /bin/true\n" +
		"*/15 * * * * /usr/local/bin/poll\r\n"
	rep := cronsim.Lint(crontab, cronsim.LintOptions{
		Dialect:  cronsim.Debian,
		Location: dublin,
		From:     time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	})
	fmt.Println(rep.Jobs, "jobs")
	for _, p := range rep.Problems {
		fmt.Printf("%d:%d [%s] %s\n", p.Line, p.Column, p.Kind, p.Message)
	}
	// Output:
	// 2 jobs
	// 2:0 [dst] dst: "30 1 * * *" (At 01:30 every day): 01:30 on 2026-03-29 does not exist in Europe/Dublin (spring transition from 01:00 to 02:00); Debian runs it late, at 2026-03-29T02:00:00+01:00
	// 2:0 [dst] dst: "30 1 * * *" (At 01:30 every day): 01:30 on 2026-10-25 happens twice in Europe/Dublin (fall transition from 02:00 to 01:00); Debian runs it once, the first time (2026-10-25T01:30:00+01:00)
	// 3:9 [rejected] bad day-of-week: 8 is outside 0-7
	// 4:33 [cr] line ends in a carriage return (CRLF line endings?): Debian keeps the \r as the last character of the command
}

// TestLint covers every kind of problem, with the line, column and
// schedule each one carries.
func TestLint(t *testing.T) {
	crontab := strings.Join([]string{
		"# header",                             // 1
		"SHELL=/bin/sh\r",                      // 2: a value loses its \r: no problem
		"5;x * * * * /bin/echo mangled",        // 3: mangled
		"0 0 30 2 * /bin/echo never",           // 4: never
		"*/60 * * * * /bin/step",               // 5: warning (strict rejects, Debian warns)
		"\t0\t0 L * * /bin/ext",                // 6: rejected, column after tabs
		"0 12 * * * /bin/noon\r",               // 7: CR
		"@reboot /bin/start",                   // 8: fine
		"0 9 * * 1-5 /bin/crlf\r",              // 9: CR
		"CRON_TZ=UTC",                          // 10: Debian has no CRON_TZ
		"TZ=Europe/Paris 0 9 * * * /bin/paris", // 11: a setting, not a job
		"30 2 * * * /bin/late",                 // 12: no newline, then dst
	}, "\n")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	rep := cronsim.Lint(crontab, cronsim.LintOptions{Dialect: cronsim.Debian, Location: ny, From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	type row struct {
		Kind         cronsim.LintKind
		Line, Column int
		Schedule     string
	}
	var got []row
	for _, p := range rep.Problems {
		s := ""
		if p.Schedule != (cronsim.Schedule{}) {
			s = p.Schedule.String()
		}
		got = append(got, row{p.Kind, p.Line, p.Column, s})
		if strings.ContainsAny(p.Message, "\r\x00\x1b") {
			t.Errorf("line %d: raw control character in %q", p.Line, p.Message)
		}
	}
	want := []row{
		{cronsim.LintMangled, 3, 2, "5 * * * *"},
		{cronsim.LintNever, 4, 0, "0 0 30 2 *"},
		{cronsim.LintWarning, 5, 3, "*/60 * * * *"},
		{cronsim.LintRejected, 6, 6, ""},
		{cronsim.LintCR, 7, 21, "0 12 * * *"},
		{cronsim.LintCR, 9, 22, "0 9 * * 1-5"},
		{cronsim.LintWarning, 10, 1, ""},
		{cronsim.LintWarning, 11, 1, ""},
		{cronsim.LintNoNewline, 12, 21, ""},
		{cronsim.LintDST, 12, 0, "30 2 * * *"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if rep.Jobs != 7 {
		t.Errorf("Jobs = %d, want 7", rep.Jobs)
	}
	last := rep.Problems[len(rep.Problems)-1]
	if want := time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC); !last.Transition.Equal(want) {
		t.Errorf("Transition = %v, want %v", last.Transition, want)
	}
	if !strings.Contains(last.Message, "Debian runs it late, at 2026-03-08T03:00:00-04:00") {
		t.Errorf("DST message: %s", last.Message)
	}
	if len(rep.Problems) != len(want) {
		return
	}
	for i, want := range map[int]string{
		6: "warning: Debian's cron has no CRON_TZ: every job runs in the daemon's zone (America/New_York)",
		7: `warning: Debian reads this line as the setting TZ="Europe/Paris 0 9 * * * /bin/paris", not as a job: the job never runs`,
	} {
		if got := rep.Problems[i].Message; !strings.HasPrefix(got, want) {
			t.Errorf("problem %d: %q, want %q...", i, got, want)
		}
	}
}

// TestLintMessagesQuoteHostileValues: every Message of every daemon's
// comparison escapes the control characters and invalid UTF-8 a crontab
// holds, and a long value is cut. Before, -compare echoed the values of
// CRON_TZ= and RANDOM_DELAY= raw.
func TestLintMessagesQuoteHostileValues(t *testing.T) {
	hostile := "\x1b]0;owned\x07\u009b31m\x7f\xff" + strings.Repeat("z", 5000)
	crontab := strings.Join([]string{
		"CRON_TZ=\u009b",
		"RANDOM_DELAY=\u009b31m\x1b[31m",
		"CRON_TZ=" + hostile,
		"RANDOM_DELAY=" + hostile,
		"MAILTO=" + hostile,
		"TZ=" + hostile,
		"0 0 * * * /bin/true " + hostile,
		"0 0 L * * " + hostile,
		"@bogus" + hostile,
		hostile + " 0 * * * x",
		"",
	}, "\n")
	for _, d := range []cronsim.Daemon{cronsim.DebianCron, cronsim.Cronie, cronsim.BusyBox} {
		rep := cronsim.Lint(crontab, cronsim.LintOptions{Dialect: cronsim.Debian, Location: time.UTC, Daemon: d,
			Compare: []cronsim.Daemon{cronsim.DebianCron, cronsim.Cronie, cronsim.BusyBox}, From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
		if len(rep.Problems) == 0 {
			t.Fatalf("%s: no problems", d)
		}
		for _, p := range rep.Problems {
			for _, r := range p.Message {
				if r < ' ' || (r >= 0x7f && r <= 0x9f) || r == utf8.RuneError {
					t.Errorf("%s, line %d: raw %U in %.120q", d, p.Line, r, p.Message)
					break
				}
			}
			if len(p.Message) > 1000 {
				t.Errorf("%s, line %d: message of %d bytes", d, p.Line, len(p.Message))
			}
		}
	}
}
