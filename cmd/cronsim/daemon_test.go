package main

import (
	"strings"
	"testing"
)

// Every subcommand that reads a schedule takes -daemon, and the daemon's
// rules change the answer (worked from the daemons' sources: BusyBox
// crond matches real minutes, so Dublin's 2021-03-28 gap loses 01:30;
// Debian's and cronie's cron run it at 02:00).
func TestDaemonFlag(t *testing.T) {
	env := []string{"TZ=Europe/Dublin"}
	from := "2021-03-27T12:00:00Z"
	cases := []struct {
		args []string
		want string // a substring of standard output
		code int
	}{
		{[]string{"next", "-n", "1", "-from", from, "30 1 * * *"}, "2021-03-28T02:00:00+01:00", 0},
		{[]string{"next", "-daemon", "cronie", "-n", "1", "-from", from, "30 1 * * *"}, "2021-03-28T02:00:00+01:00", 0},
		{[]string{"next", "-daemon", "busybox", "-n", "1", "-from", from, "30 1 * * *"}, "2021-03-29T01:30:00+01:00", 0},
		{[]string{"prev", "-daemon", "busybox", "-n", "1", "-from", "2021-03-29T00:00:00Z", "30 1 * * *"}, "2021-03-27T01:30:00+00:00", 0},
		{[]string{"explain", "-daemon", "busybox", "30 1 * * *"}, "BusyBox crond runs every job at each real minute", 0},
		{[]string{"due", "-daemon", "busybox", "-last", "2021-03-27T01:30:01Z", "-now", "2021-03-27T12:00:00Z", "30 1 * * *"}, "2021-03-29T01:30:00+01:00", 0},
		{[]string{"due", "-last", "2021-03-27T01:30:01Z", "-now", "2021-03-27T12:00:00Z", "30 1 * * *"}, "2021-03-28T02:00:00+01:00", 0},
		// cronie's parser: "5;x" is an error there, a mangled minute to Debian.
		{[]string{"explain", "-daemon", "cronie", "5;x * * * *"}, "", 1},
		{[]string{"explain", "-dialect", "debian", "5;x * * * *"}, "At minute 5", 0},
		// -dialect is Debian's; with another daemon it is a usage error.
		{[]string{"next", "-daemon", "cronie", "-dialect", "debian", "* * * * *"}, "", 2},
		{[]string{"next", "-daemon", "vixie", "* * * * *"}, "", 2},
	}
	for _, c := range cases {
		out, errOut, code := runCLI(t, env, c.args...)
		if code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("cronsim %s: exit %d, want %d; stdout %q (want %q); stderr %q", strings.Join(c.args, " "), code, c.code, out, c.want, errOut)
		}
	}
}

func TestSimulateDaemon(t *testing.T) {
	tab := "RANDOM_DELAY=10\n30 1 * * * job\n"
	args := []string{"simulate", "-tz", "Europe/Dublin", "-from", "2021-03-28T00:00:00Z", "-to", "2021-03-28T03:00:00Z", "-"}
	out, _, code := runCLIStdin(t, tab, nil, append([]string{"simulate", "-daemon", "cronie"}, args[1:]...)...)
	if code != 0 || !strings.Contains(out, "2021-03-28T02:00:00+01:00  line 2") || !strings.Contains(out, "within 10m") {
		t.Errorf("cronie: exit %d\n%s", code, out)
	}
	out, _, code = runCLIStdin(t, tab, nil, append([]string{"simulate", "-daemon", "busybox"}, args[1:]...)...)
	if code != 0 || strings.TrimSpace(out) != "" {
		t.Errorf("busybox: the 01:30 run is lost in the gap; exit %d\n%s", code, out)
	}
}

// TestSimulateWindowText: a start's window is written as a span without
// zero tails, and only zero tails: the old writer cut "0s" from every
// window, so a window of 1m30s read "within 1m3", and RANDOM_DELAY=60
// read "within 1h0m".
func TestSimulateWindowText(t *testing.T) {
	span := []string{"-tz", "UTC", "-from", "2021-03-28T00:00:00Z", "-to", "2021-03-28T03:00:00Z", "-"}
	tests := []struct {
		tab  string
		args []string
		want string
	}{
		{"RANDOM_DELAY=60\n30 1 * * * job\n", []string{"-daemon", "cronie"}, "(RANDOM_DELAY: within 1h)"},
		{"*-*-* 01:30:00\n", []string{"-daemon", "systemd", "-randomized-delay", "30s", "-accuracy", "1m"}, "(timer window: within 1m30s)"},
		{"*-*-* 01:30:00\n", []string{"-daemon", "systemd", "-randomized-delay", "2m", "-accuracy", "1m"}, "(timer window: within 3m)"},
	}
	for _, tt := range tests {
		args := append(append([]string{"simulate"}, tt.args...), span...)
		out, errOut, code := runCLIStdin(t, tt.tab, nil, args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("cronsim %s: exit %d, want %q in\n%s%s", strings.Join(args, " "), code, tt.want, out, errOut)
		}
	}
}

func TestCheckCompare(t *testing.T) {
	tab := "CRON_TZ=Asia/Tokyo\n30 1 * * * a\n0 0 * * 1#2 b\n"
	out, errOut, code := runCLIStdin(t, tab, nil, "check", "-tz", "Europe/Dublin", "-from", "2021-01-01", "-compare", "all", "-")
	for _, want := range []string{
		"<stdin>:1: on cronie: cronie runs the jobs after this line in Asia/Tokyo",
		"<stdin>:2: on cronie: cronie runs it in Asia/Tokyo (CRON_TZ)",
		"<stdin>:2: on busybox: spring transition on 2021-03-28",
		"<stdin>:3: on cronie: cronie rejects it: bad day-of-week",
		"<stdin>:3: on busybox: BusyBox crond skips this line",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("check -compare all: no %q in\n%s%s", want, out, errOut)
		}
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if _, errOut, code := runCLIStdin(t, tab, nil, "check", "-compare", "solaris", "-"); code != 2 || !strings.Contains(errOut, "unknown daemon") {
		t.Errorf("-compare solaris: exit %d %q", code, errOut)
	}
}
