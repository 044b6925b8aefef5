package main

import "testing"

// TestSplice: a section replaces its old text up to the next heading, or
// goes before "## By recording", or at the end; the monitor and the
// systemd timers sections are spliced alike.
func TestSplice(t *testing.T) {
	tests := []struct {
		text, want string
		splice     func([]byte, string) []byte
		section    string
	}{
		{"# Board\n\n" + monitorHeading + "\n\nold\n\n## By recording\n", "# Board\n\n" + monitorHeading + "\n\nnew\n\n## By recording\n", spliceMonitor, monitorHeading + "\n\nnew\n\n"},
		{"# Board\n\n## By recording\n", "# Board\n\n" + calendarHeading + "\n\nnew\n\n## By recording\n", spliceCalendar, calendarHeading + "\n\nnew\n\n"},
		{"# Board\n\n", "# Board\n\n" + monitorHeading + "\n", spliceMonitor, monitorHeading + "\n"},
		{"# Board\n\n" + calendarHeading + "\n\nold\n", "# Board\n\n" + calendarHeading + "\n\nnew\n", spliceCalendar, calendarHeading + "\n\nnew\n"},
	}
	for i, tt := range tests {
		if got := string(tt.splice([]byte(tt.text), tt.section)); got != tt.want {
			t.Errorf("%d: got\n%q\nwant\n%q", i, got, tt.want)
		}
	}
}

// TestResolve: $BIN is filled in, and the version is the repository's
// unless the adapter has a version command.
func TestResolve(t *testing.T) {
	cmd, ver := adapter{command: "$BIN/naive"}.resolve("/b", "this repository")
	if cmd != "/b/naive" || ver != "this repository" {
		t.Errorf("got %q, %q", cmd, ver)
	}
	cmd, ver = adapter{command: "$BIN/x -lib y", version: "echo 1.2"}.resolve("/b", "this repository")
	if cmd != "/b/x -lib y" || ver != "1.2" {
		t.Errorf("got %q, %q", cmd, ver)
	}
}
