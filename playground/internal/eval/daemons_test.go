package eval

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMenuOffersNewDaemons: the page's daemon menu is the library's
// daemon table, systemd timers and Kubernetes CronJobs included, and
// each entry's examples run on the page.
func TestMenuOffersNewDaemons(t *testing.T) {
	var names []string
	for _, c := range Daemons() {
		names = append(names, c.Name)
		for _, ex := range c.Examples {
			resp := Evaluate(Request{Expr: ex, Daemon: c.Name, Zone: "Europe/Dublin", From: "2021-03-27T12:00", N: 2})
			if resp.Error != nil || resp.Daemon != c.Name || len(resp.Runs) != 2 || resp.Explain == "" || resp.ExplainDST == "" {
				t.Errorf("%s example %q: %+v, %d runs", c.Name, ex, resp.Error, len(resp.Runs))
			}
		}
	}
	if diff := cmp.Diff([]string{"debian", "cronie", "busybox", "systemd", "kubernetes"}, names); diff != "" {
		t.Errorf("menu (-want +got):\n%s", diff)
	}
}

// TestSystemdOnThePage: an OnCalendar= expression, its normalised form,
// systemd's rules at New York's changes of clock (02:30 is skipped on
// the spring day; 01:30 runs once on the autumn day) and no crontab
// pane.
func TestSystemdOnThePage(t *testing.T) {
	resp := Evaluate(Request{Expr: "*-*-* 02:30", Daemon: "systemd", Zone: "America/New_York", From: "2021-03-13T12:00", N: 2,
		Crontab: "30 1 * * * /bin/true"})
	want := []string{"2021-03-15T02:30:00-04:00", "2021-03-16T02:30:00-04:00"}
	if resp.Error != nil || resp.Canonical != "*-*-* 02:30:00" || cmp.Diff(want, times(resp)) != "" {
		t.Errorf("spring: %+v %q %v", resp.Error, resp.Canonical, times(resp))
	}
	if !strings.HasPrefix(resp.ExplainDST, "systemd timer:") || !strings.Contains(resp.Explain, "OnCalendar=") {
		t.Errorf("explanations: %q / %q", resp.Explain, resp.ExplainDST)
	}
	if !strings.HasPrefix(resp.Runs[0].Note, "no run at 02:30 on 2021-03-14: lost in the spring transition (systemd") || resp.Timeline.Marks[Lost] != 1 {
		t.Errorf("spring note and marks: %q, %v", resp.Runs[0].Note, resp.Timeline.Marks)
	}
	if len(resp.Findings) != 0 || resp.Jobs != 0 {
		t.Errorf("systemd reads no crontab, yet the pane was checked: %+v", resp.Findings)
	}
	resp = Evaluate(Request{Expr: "*-*-* 01:30", Daemon: "systemd", Zone: "America/New_York", From: "2021-11-06T12:00", N: 2})
	if want := []string{"2021-11-07T01:30:00-04:00", "2021-11-08T01:30:00-05:00"}; cmp.Diff(want, times(resp)) != "" {
		t.Errorf("fall: %v", times(resp))
	}
	if !strings.HasPrefix(resp.Runs[0].Note, "not repeated: systemd") || resp.Timeline.Marks[NotRepeated] != 1 || resp.Timeline.Marks[Repeat] != 0 ||
		!strings.Contains(resp.Timeline.SVG, "no second run (systemd elapses once") {
		t.Errorf("fall note and marks: %q, %v", resp.Runs[0].Note, resp.Timeline.Marks)
	}
	// Seconds and fractions are shown.
	resp = Evaluate(Request{Expr: "*:*:7.5", Daemon: "systemd", Zone: "UTC", From: "2021-01-01T00:00", N: 1})
	if len(resp.Runs) != 1 || resp.Runs[0].Wall != "Fri 01 Jan 2021 00:00:07.5 UTC" {
		t.Errorf("seconds: %+v", resp.Runs)
	}
}

// TestKubernetesOnThePage: a CronJob's schedule in its .spec.timeZone:
// two runs in New York's repeated hour (kubernetes/kubernetes#121594),
// none on the spring day at 02:30, with the library's notes.
func TestKubernetesOnThePage(t *testing.T) {
	resp := Evaluate(Request{Expr: "30 1 * * *", Daemon: "kubernetes", Zone: "America/New_York", From: "2021-11-06T12:00", N: 3})
	want := []string{"2021-11-07T01:30:00-04:00", "2021-11-07T01:30:00-05:00", "2021-11-08T01:30:00-05:00"}
	if resp.Error != nil || cmp.Diff(want, times(resp)) != "" || resp.Runs[1].Kind != Repeat || !strings.Contains(resp.Runs[1].Note, "Kubernetes") {
		t.Errorf("fall: %+v %+v", resp.Error, resp.Runs)
	}
	if resp.Timeline == nil || resp.Timeline.Marks[Repeat] != 1 {
		t.Errorf("fall timeline: %+v", resp.Timeline)
	}
	resp = Evaluate(Request{Expr: "30 2 * * *", Daemon: "kubernetes", Zone: "America/New_York", From: "2021-03-13T12:00", N: 1})
	if len(resp.Runs) != 1 || resp.Runs[0].Time != "2021-03-15T02:30:00-04:00" || resp.Timeline.Marks[Lost] != 1 || !strings.Contains(resp.ExplainDST, "Kubernetes") {
		t.Errorf("spring: %+v %v", resp.Runs, resp.Timeline.Marks)
	}
}

// TestNewDaemonErrors: each new daemon's errors name the position and
// the reason, with a caret, and none is labelled Debian's; an empty box
// asks for the daemon's own kind of schedule.
func TestNewDaemonErrors(t *testing.T) {
	for _, tc := range []struct {
		daemon, expr, caret, message string
	}{
		{"systemd", "Mon..Fro 09:00", "Mon..Fro 09:00\n     ^", "column 6: expected a weekday name"},
		{"systemd", "30 1 * * *", "30 1 * * *\n  ^", "column 3: expected - or ~ in the date"},
		{"kubernetes", "0 0 * * 7", "0 0 * * 7\n        ^", `bad day-of-week "7" at column 9`},
		{"kubernetes", "TZ=UTC 0 0 * * *", "TZ=UTC 0 0 * * *\n^", ".spec.timeZone"},
	} {
		resp := Evaluate(Request{Expr: tc.expr, Daemon: tc.daemon, Zone: "UTC"})
		e := resp.Error
		if e == nil || e.Caret != tc.caret || !strings.Contains(e.Message, tc.message) || e.Debian != "" || strings.Contains(e.Hint, "Debian") {
			t.Errorf("%s %q: %+v", tc.daemon, tc.expr, e)
		}
	}
	// A crontab schedule given to systemd: the hint says what it wants.
	if e := Evaluate(Request{Expr: "30 1 * * *", Daemon: "systemd"}).Error; e == nil || !strings.Contains(e.Hint, "OnCalendar=") || !strings.Contains(e.Hint, "such as *-*-* 01:30") {
		t.Errorf("crontab schedule for systemd: %+v", e)
	}
	for daemon, want := range map[string]string{
		"systemd":    "type a timer's OnCalendar= calendar specification",
		"kubernetes": "type a CronJob's .spec.schedule",
		"debian":     "type a crontab line's five time fields",
	} {
		if resp := Evaluate(Request{Expr: " ", Daemon: daemon}); resp.Error == nil || !strings.HasPrefix(resp.Error.Message, want) {
			t.Errorf("%s, empty: %+v", daemon, resp.Error)
		}
	}
}

func times(resp Response) []string {
	var out []string
	for _, r := range resp.Runs {
		out = append(out, r.Time)
	}
	return out
}
