package cronsim_test

import (
	"strings"
	"testing"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// TestLintSystemCrontab: a cron.d line without a user field, a user
// field that is not a name, an unescaped %, and the file conventions of
// each daemon.
func TestLintSystemCrontab(t *testing.T) {
	crontab := strings.Join([]string{
		"SHELL=/bin/sh",
		"30 2 * * * /usr/local/bin/backup",
		"0 3 * * * root /usr/bin/date +%F > /tmp/x",
		"@daily root run-parts /etc/cron.daily",
		"17 * * * * root cd / && run-parts --report /etc/cron.hourly",
		"0 4 * * * /bin/sh -c true",
		"0 5 * * * root printf 'a\\%b'",
		"",
	}, "\n")
	type finding struct {
		Line, Column int
		Kind         string
	}
	get := func(d cronsim.Daemon, system bool) []finding {
		var out []finding
		for _, p := range cronsim.Lint(crontab, cronsim.LintOptions{Dialect: cronsim.Debian, Daemon: d, System: system}).Problems {
			out = append(out, finding{p.Line, p.Column, p.Kind.String()})
		}
		return out
	}
	sys := []finding{{2, 12, "user"}, {3, 31, "percent"}, {6, 11, "user"}}
	for _, d := range []cronsim.Daemon{cronsim.DebianCron, cronsim.Cronie} {
		if diff := cmp.Diff(sys, get(d, true)); diff != "" {
			t.Errorf("%s, system crontab (-want +got)\n%s", d, diff)
		}
	}
	// As a user crontab, "root" is part of the command; the % still is
	// standard input.
	if diff := cmp.Diff([]finding{{3, 31, "percent"}}, get(cronsim.DebianCron, false)); diff != "" {
		t.Errorf("debian, user crontab (-want +got)\n%s", diff)
	}
	// BusyBox reads no system crontab; its @daily crash is a finding
	// already; it has no % convention.
	bb := get(cronsim.BusyBox, true)
	if len(bb) == 0 || bb[0] != (finding{1, 0, "not-read"}) {
		t.Errorf("busybox, system crontab: %v, want not-read first", bb)
	}
	for _, f := range bb {
		if f.Kind == "percent" || f.Kind == "user" {
			t.Errorf("busybox: %v", f)
		}
	}
	rep := cronsim.Lint("30 2 * * * /usr/local/bin/backup\n", cronsim.LintOptions{Dialect: cronsim.Debian, System: true})
	if len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0].Message, `reads "/usr/local/bin/backup" as the user name`) {
		t.Errorf("cron.d line without a user: %+v", rep.Problems)
	}
}

// TestLintBusyBoxHashInCommand: BusyBox cuts a command at a #.
func TestLintBusyBoxHashInCommand(t *testing.T) {
	rep := cronsim.Lint("0 1 * * * curl http://x/#frag\n", cronsim.LintOptions{Daemon: cronsim.BusyBox})
	if len(rep.Problems) != 1 || rep.Problems[0].Column != 25 || !strings.Contains(rep.Problems[0].Message, `it runs only "curl http://x/"`) {
		t.Errorf("%+v", rep.Problems)
	}
	if rep := cronsim.Lint("0 1 * * * curl http://x/#frag\n", cronsim.LintOptions{Dialect: cronsim.Debian}); len(rep.Problems) != 0 {
		t.Errorf("debian: %+v", rep.Problems)
	}
}

func TestSystemCrontabSkipped(t *testing.T) {
	tests := []struct {
		d    cronsim.Daemon
		name string
		skip bool
	}{
		{cronsim.DebianCron, "backup", false},
		{cronsim.DebianCron, "php-sessions_clean", false},
		{cronsim.DebianCron, "backup.sh", true},
		{cronsim.DebianCron, "backup.dpkg-old", true},
		{cronsim.Cronie, "backup.sh", false},
		{cronsim.Cronie, ".backup", true},
		{cronsim.Cronie, "backup~", true},
		{cronsim.Cronie, "backup.rpmnew", true},
		{cronsim.BusyBox, "backup.sh", false},
	}
	for _, tt := range tests {
		if got := cronsim.SystemCrontabSkipped(tt.d, tt.name); (got != "") != tt.skip {
			t.Errorf("%s %q: %q, want skipped %v", tt.d, tt.name, got, tt.skip)
		}
	}
}
