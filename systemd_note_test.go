package cronsim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// TestSystemdNotes: a systemd timer's runs carry notes where daylight
// saving time changed them, as cron's do (they had none). Hand-worked
// from New York's changes (02:00 EST to 03:00 EDT on 2021-03-14, 02:00
// EDT back to 01:00 EST on 2021-11-07) and Dublin's (01:00 GMT to 02:00
// IST on 2021-03-28) and systemd's rules: a time in the gap elapses not
// at all that day (issue 5595), a time shown twice once, in its first
// pass (issue 8647).
func TestSystemdNotes(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	lost := func(what string) string {
		return "no run at " + what + ": lost in the spring transition (systemd elapses only at wall times the clock shows)"
	}
	const once = "not repeated: systemd elapses once at a wall time the clock shows twice, in its first pass"
	type run struct{ Time, Note string }
	for _, tc := range []struct {
		spec string
		from time.Time
		want []run
	}{
		{"*-*-* 02:30", time.Date(2021, 3, 13, 12, 0, 0, 0, ny), []run{
			{"2021-03-15T02:30:00-04:00", lost("02:30 on 2021-03-14")}, {"2021-03-16T02:30:00-04:00", ""}}},
		{"*:0/30", time.Date(2021, 3, 14, 1, 10, 0, 0, ny), []run{
			{"2021-03-14T01:30:00-05:00", ""}, {"2021-03-14T03:00:00-04:00", lost("02:00 and 02:30")}, {"2021-03-14T03:30:00-04:00", ""}}},
		{"*-*-* 01:30", time.Date(2021, 11, 6, 12, 0, 0, 0, ny), []run{
			{"2021-11-07T01:30:00-04:00", once}, {"2021-11-08T01:30:00-05:00", ""}}},
		{"*:0/30", time.Date(2021, 11, 7, 0, 50, 0, 0, ny), []run{
			{"2021-11-07T01:00:00-04:00", once}, {"2021-11-07T01:30:00-04:00", once}, {"2021-11-07T02:00:00-05:00", ""}}},
		// The specification's own zone, whatever the zone of the start.
		{"*-*-* 01:30 Europe/Dublin", time.Date(2021, 3, 27, 12, 0, 0, 0, ny), []run{
			{"2021-03-28T20:30:00-04:00", lost("01:30 on 2021-03-28")}}}, // 01:30 IST on the 29th
	} {
		s, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		var got []run
		for r := range s.All(tc.from) {
			got = append(got, run{r.Format(time.RFC3339), s.Note(r)})
			if len(got) == len(tc.want) {
				break
			}
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%q from %v (-want +got):\n%s", tc.spec, tc.from, diff)
		}
	}
}

// TestSystemdMatchWall: MatchWall asks a timer about a wall reading,
// one the clock skips included, and ignores the zone the specification
// names (as it ignores a CRON_TZ= zone).
func TestSystemdMatchWall(t *testing.T) {
	for _, tc := range []struct {
		spec string
		wall time.Time
		want bool
	}{
		{"*-*-* 02:30", time.Date(2021, 3, 14, 2, 30, 0, 0, time.UTC), true},
		{"*-*-* 02:30", time.Date(2021, 3, 14, 2, 31, 0, 0, time.UTC), false},
		{"*-*-* 02:30:15", time.Date(2021, 3, 14, 2, 30, 15, 0, time.UTC), true},
		{"*-*-* 02:30:15", time.Date(2021, 3, 14, 2, 30, 0, 0, time.UTC), false},
		{"Sat *-*-* 02:30", time.Date(2021, 3, 14, 2, 30, 0, 0, time.UTC), false}, // a Sunday
		{"*-*-* 01:30 Asia/Tokyo", time.Date(2021, 3, 28, 1, 30, 0, 0, time.UTC), true},
		{"*-*-* 01:30 UTC", time.Date(2021, 3, 28, 1, 30, 0, 0, time.FixedZone("X", 3600)), true},
	} {
		s, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse(tc.spec)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.MatchWall(tc.wall); got != tc.want {
			t.Errorf("%q MatchWall(%v) = %v, want %v", tc.spec, tc.wall, got, tc.want)
		}
	}
}

// TestSystemdRepeatNotesHold: wherever the clock shows a wall time
// twice, a timer's note says what its own elapses do: "not repeated"
// only when the second occurrence is not among them, "runs once, in
// the second pass" only when the first is not, "runs twice" only when
// both are; every run in a repeated period has one of them. Moscow's
// change of 2014 kept the daylight saving flag, where systemd elapses
// differently (DAEMONS.md); Lord Howe's is 30 minutes.
func TestSystemdRepeatNotesHold(t *testing.T) {
	days := []struct {
		zone string
		day  time.Time // a UTC instant some hours before the change
	}{
		{"America/New_York", time.Date(2021, 11, 7, 0, 0, 0, 0, time.UTC)},
		{"Europe/Dublin", time.Date(2021, 10, 30, 20, 0, 0, 0, time.UTC)},
		{"Europe/Moscow", time.Date(2014, 10, 25, 16, 0, 0, 0, time.UTC)},
		{"Australia/Lord_Howe", time.Date(2021, 4, 3, 8, 0, 0, 0, time.UTC)},
	}
	checked := 0
	for _, d := range days {
		loc, err := time.LoadLocation(d.zone)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range []string{"*-*-* 01:30", "*:0/20", "*:*", "*-*-* 01:15,45", "*-*-* 00..03:00/10"} {
			s, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse(spec)
			if err != nil {
				t.Fatal(err)
			}
			var runs []time.Time
			in := map[int64]bool{}
			for r := range s.All(d.day.In(loc)) {
				if r.Sub(d.day) > 12*time.Hour {
					break
				}
				runs = append(runs, r)
				in[r.UnixMicro()] = true
			}
			for _, r := range runs {
				_, end := r.ZoneBounds()
				start, _ := r.ZoneBounds()
				note := s.Note(r)
				var other time.Time // the same wall time's other occurrence
				if _, o1 := end.Zone(); !end.IsZero() && o1 < offsetOf(r) && end.Sub(r) <= time.Duration(offsetOf(r)-o1)*time.Second {
					other = r.Add(time.Duration(offsetOf(r)-o1) * time.Second)
				}
				if prev := start.Add(-time.Nanosecond); !start.IsZero() && offsetOf(prev) > offsetOf(r) && r.Sub(start) < time.Duration(offsetOf(prev)-offsetOf(r))*time.Second {
					other = r.Add(-time.Duration(offsetOf(prev)-offsetOf(r)) * time.Second)
				}
				if other.IsZero() {
					continue
				}
				checked++
				twice := in[other.UnixMicro()]
				ok := twice && strings.HasPrefix(note, "runs twice") ||
					!twice && other.After(r) && strings.HasPrefix(note, "not repeated") ||
					!twice && other.Before(r) && strings.HasPrefix(note, "runs once, in the second pass")
				if !ok {
					t.Errorf("%s %q: run %v (other occurrence %v, a run: %v): note %q", d.zone, spec, r, other.Format(time.RFC3339), twice, note)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d runs in repeated periods checked", checked)
	}
}

func offsetOf(t time.Time) int { _, off := t.Zone(); return off }
