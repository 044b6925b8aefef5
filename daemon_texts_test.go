package cronsim

import (
	"strings"
	"testing"
	"time"
)

// TestRulesTexts: every row of the daemon table has the texts a front
// end shows (the playground builds its daemon menu from them), and its
// examples are schedules the daemon's own parser reads, the first a
// daily run at 01:30.
func TestRulesTexts(t *testing.T) {
	from := time.Date(2021, 6, 1, 12, 0, 0, 0, time.UTC)
	for i := range daemonTable {
		d := Daemon(i)
		r := d.Rules()
		if r.Title == "" || r.Where == "" || r.Input == "" || r.Zone == "" || r.Form == "" || len(r.Examples) < 3 {
			t.Errorf("%v: texts missing: %+v", d, r)
			continue
		}
		for j, ex := range r.Examples {
			s, err := ParseOptions{Daemon: d, Dialect: Debian}.Parse(ex) // the daemon's own parser
			if err != nil {
				t.Errorf("%v: example %q: %v", d, ex, err)
				continue
			}
			if j == 0 {
				next := s.Next(from)
				if got := next.Format("15:04:05"); got != "01:30:00" || s.Next(next).Sub(next) != 24*time.Hour {
					t.Errorf("%v: first example %q runs at %v then %v, want daily at 01:30", d, ex, next, s.Next(next))
				}
			}
		}
		if r.Crontab != strings.Contains(r.Input, "crontab line") {
			t.Errorf("%v: Crontab %v, but the input is %q", d, r.Crontab, r.Input)
		}
	}
	// The slice is a copy: a caller cannot change the table.
	Systemd.Rules().Examples[0] = "x"
	if Systemd.Rules().Examples[0] == "x" {
		t.Error("Rules().Examples shares the table's slice")
	}
}
