package kit

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
)

// TestDaemons: the menu is the library's daemon table, systemd's timers
// and Kubernetes CronJobs included, and each entry's examples are read
// by that daemon as the front ends read an expression (Resolve).
func TestDaemons(t *testing.T) {
	var names []string
	for i, c := range Daemons() {
		names = append(names, c.Name)
		if int(c.Daemon) != i || c.Title == "" || c.Input == "" || c.Zone == "" || c.Form == "" || len(c.Examples) == 0 {
			t.Errorf("entry %d: %+v", i, c)
		}
		if c.Dialect != DialectApplies(c.Daemon) || c.Crontab != c.Daemon.Rules().Crontab {
			t.Errorf("%s: dialect %v, crontab %v disagree with the table", c.Name, c.Dialect, c.Crontab)
		}
		for _, ex := range c.Examples {
			if _, _, err := Resolve(Query{Expr: ex, Daemon: c.Daemon, Zone: time.UTC}); err != nil {
				t.Errorf("%s: example %q: %v", c.Name, ex, err)
			}
		}
		if got := DaemonOf(c.Daemon); got.Name != c.Name {
			t.Errorf("DaemonOf(%v) = %s", c.Daemon, got.Name)
		}
	}
	if diff := cmp.Diff([]string{"debian", "cronie", "busybox", "systemd", "kubernetes"}, names); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	if got := DaemonNames(); got != "debian, cronie, busybox, systemd or kubernetes" {
		t.Errorf("DaemonNames() = %q", got)
	}
	if got := DaemonOf(cronsim.Daemon(200)).Name; got != "debian" {
		t.Errorf("DaemonOf(200) = %s", got)
	}
	// A systemd timer's input is no crontab line.
	if sd := DaemonOf(cronsim.Systemd); !strings.Contains(sd.Input, "OnCalendar=") || sd.Crontab || sd.Dialect || !strings.Contains(sd.Form, "normalized") {
		t.Errorf("systemd: %+v", sd)
	}
	if k := DaemonOf(cronsim.Kubernetes); !strings.Contains(k.Zone, ".spec.timeZone") || k.Crontab || k.Dialect {
		t.Errorf("kubernetes: %+v", k)
	}
}

// TestDescribeNewDaemonErrors: the errors of systemd's calendar parser
// and of a CronJob schedule get a caret under their column, drawn by
// Caret, as the command prints it and the page shows it.
func TestDescribeNewDaemonErrors(t *testing.T) {
	type laid struct {
		Column       int
		Caret, Error string
	}
	for _, tc := range []struct {
		daemon cronsim.Daemon
		expr   string
		want   laid
	}{
		{cronsim.Systemd, "Mon..Fro 09:00", laid{6, "Mon..Fro 09:00\n     ^",
			`cronsim: systemd calendar "Mon..Fro 09:00", column 6: expected a weekday name (systemd: invalid argument)`}},
		{cronsim.Systemd, "*-*-* 09:0é", laid{11, "*-*-* 09:0é\n          ^",
			`cronsim: systemd calendar "*-*-* 09:0é", column 11: unexpected "\xc3" (systemd: invalid argument)`}},
		// A value out of range, found after the parse.
		{cronsim.Systemd, "*-*-* 25:00", laid{7, "*-*-* 25:00\n      ^",
			`cronsim: systemd calendar "*-*-* 25:00", column 7: hour out of range (systemd: invalid argument)`}},
		{cronsim.Kubernetes, "30 1 * *", laid{1, "30 1 * *\n^",
			"cronsim: at column 1: 4 fields: a CronJob's schedule has exactly 5 (minute hour day-of-month month day-of-week), no seconds field"}},
		{cronsim.Kubernetes, "0 0 * * 7", laid{9, "0 0 * * 7\n        ^",
			`cronsim: bad day-of-week "7" at column 9: end of range (7) above maximum (6)`}},
	} {
		_, err := Query{Expr: tc.expr, Daemon: tc.daemon}.Parse()
		if err == nil {
			t.Errorf("%v %q: no error", tc.daemon, tc.expr)
			continue
		}
		p := DescribeParseError(err, cronsim.Strict, tc.daemon)
		if diff := cmp.Diff(tc.want, laid{p.Column, p.Caret, p.Err.Error()}); diff != "" {
			t.Errorf("%v %q (-want +got):\n%s", tc.daemon, tc.expr, diff)
		}
		if p.Debian != "" || p.Fields != "" || p.Mangled {
			t.Errorf("%v %q: Debian's words for another daemon's error: %+v", tc.daemon, tc.expr, p)
		}
	}
}
