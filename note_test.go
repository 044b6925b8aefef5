package cronsim_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
)

// TestNote holds the notes to hand-worked runs: the times are the
// daemon's (the conformance corpus records Dublin's 2021 transitions),
// the wording is what the CLI has always printed.
func TestNote(t *testing.T) {
	tests := []struct {
		expr, zone, from string
		n                int // the n-th run after from (1-based)
		run, note        string
	}{
		{"30 1 * * *", "Europe/Dublin", "2021-03-27T12:00:00Z", 1, "2021-03-28T02:00:00+01:00", "moved from 01:30: skipped by the spring transition"},
		{"30 1 * * *", "Europe/Dublin", "2021-03-27T12:00:00Z", 2, "2021-03-29T01:30:00+01:00", ""},
		{"0-59 1 * * *", "Europe/Dublin", "2021-03-28T00:30:00Z", 1, "2021-03-28T02:00:00+01:00", "stands for 60 runs from 01:00 through 01:59, skipped by the spring transition: started 60 times at this minute"},
		{"0,30 1,2 * * *", "Europe/Dublin", "2021-03-28T00:30:00Z", 1, "2021-03-28T02:00:00+01:00", "stands for 01:00 and 01:30, skipped by the spring transition: started 3 times at this minute"},
		{"30 * * * *", "Europe/Dublin", "2021-03-28T00:40:00Z", 1, "2021-03-28T02:30:00+01:00", "no run at 01:30: lost in the spring transition (wildcard job)"},
		{"30 * * * *", "Europe/Dublin", "2021-10-31T00:00:00Z", 1, "2021-10-31T01:30:00+01:00", "runs twice: wildcard job in the repeated hour"},
		{"30 * * * *", "Europe/Dublin", "2021-10-31T00:00:00Z", 2, "2021-10-31T01:30:00Z", "runs twice: wildcard job in the repeated hour"},
		{"30 * * * *", "Europe/Dublin", "2021-10-31T00:00:00Z", 3, "2021-10-31T02:30:00Z", ""},
		{"30 1 * * *", "America/New_York", "2021-11-07T04:00:00Z", 1, "2021-11-07T01:30:00-04:00", "not repeated: fixed-time job in the repeated hour"},
		{"30 1 * * *", "America/New_York", "2021-11-07T04:00:00Z", 2, "2021-11-08T01:30:00-05:00", ""},
		{"15 2 * * *", "Australia/Lord_Howe", "2021-10-02T12:00:00Z", 1, "2021-10-03T02:30:00+11:00", "moved from 02:15: skipped by the spring transition"},
		{"45 1 * * *", "Australia/Lord_Howe", "2021-04-03T12:00:00Z", 1, "2021-04-04T01:45:00+11:00", "not repeated: fixed-time job in the repeated 30 minutes"},
		{"30 12 * * *", "Pacific/Apia", "2011-12-29T12:00:00Z", 2, "2011-12-31T12:30:00+14:00", "no run at 12:30 on 2011-12-30: lost in the clock correction of +24h (no catch-up)"},
	}
	for _, tt := range tests {
		loc, err := time.LoadLocation(tt.zone)
		if err != nil {
			t.Fatal(err)
		}
		s := cronsim.MustParse(tt.expr)
		from, _ := time.Parse(time.RFC3339, tt.from)
		run := from.In(loc)
		for i := 0; i < tt.n; i++ {
			run = s.Next(run)
		}
		if got := run.Format(time.RFC3339); got != tt.run {
			t.Errorf("%q in %s from %s: run %d is %s, want %s", tt.expr, tt.zone, tt.from, tt.n, got, tt.run)
			continue
		}
		if got := s.Note(run); got != tt.note {
			t.Errorf("%q in %s: Note(%s) = %q, want %q", tt.expr, tt.zone, tt.run, got, tt.note)
		}
	}
}

// TestNoteDaemons: the notes follow the schedule's daemon. BusyBox crond
// matches wall time at every real minute (read from its source,
// miscutils/crond.c; the iterator's BusyBox rules): a fixed-time job
// loses a skipped time and runs twice in a repeated hour.
func TestNoteDaemons(t *testing.T) {
	dublin, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		daemon cronsim.Daemon
		expr   string
		from   time.Time
		runs   []string // run, "  # ", note
	}{
		{cronsim.BusyBox, "30 1 * * *", time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC), []string{
			"2021-03-29T01:30:00+01:00  # no run at 01:30 on 2021-03-28: lost in the spring transition (BusyBox crond matches wall time)",
		}},
		{cronsim.BusyBox, "30 1 * * *", time.Date(2021, 10, 30, 12, 0, 0, 0, time.UTC), []string{
			"2021-10-31T01:30:00+01:00  # runs twice: BusyBox crond matches wall time in the repeated hour",
			"2021-10-31T01:30:00Z  # runs twice: BusyBox crond matches wall time in the repeated hour",
			"2021-11-01T01:30:00Z",
		}},
		{cronsim.Cronie, "30 1 * * *", time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC), []string{
			"2021-03-28T02:00:00+01:00  # moved from 01:30: skipped by the spring transition",
		}},
	}
	for _, tt := range tests {
		s, err := cronsim.ParseOptions{Daemon: tt.daemon, Dialect: cronsim.Debian}.Parse(tt.expr)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for r := range s.All(tt.from.In(dublin)) {
			line := r.Format(time.RFC3339)
			if note := s.Note(r); note != "" {
				line += "  # " + note
			}
			got = append(got, line)
			if len(got) == len(tt.runs) {
				break
			}
		}
		if diff := cmp.Diff(tt.runs, got); diff != "" {
			t.Errorf("%v %q (-want +got):\n%s", tt.daemon, tt.expr, diff)
		}
	}
}
