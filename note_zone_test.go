package cronsim_test

import (
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
)

// TestNoteOwnZone: a schedule with its own zone (CRON_TZ=) gets the
// same notes as the same fields run in that zone without the prefix.
// New York's clocks went from 02:00 EST to 03:00 EDT on 2021-03-14, so
// 02:30 never showed: Debian's cron runs the fixed-time job at 03:00,
// BusyBox crond loses it (DAEMONS.md). The notes looked for the skipped
// wall times with Match, which reads a time in the schedule's own zone,
// so a CRON_TZ= schedule found none and had no note.
func TestNoteOwnZone(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2021, 3, 14, 6, 50, 0, 0, time.UTC).In(ny)
	for _, d := range []cronsim.Daemon{cronsim.DebianCron, cronsim.BusyBox} {
		for _, fields := range []string{"30 2 * * *", "*/15 2 * * *"} {
			plain := cronsim.MustParse(fields).WithDaemon(d)
			own := cronsim.MustParse("CRON_TZ=America/New_York " + fields).WithDaemon(d)
			p, o := plain.Next(from), own.Next(from)
			if !p.Equal(o) || plain.Note(p) == "" || !strings.Contains(plain.Note(p), "02:") || own.Note(o) != plain.Note(p) {
				t.Errorf("%v %q: run %v, note %q; with CRON_TZ= run %v, note %q", d, fields, p, plain.Note(p), o, own.Note(o))
			}
		}
	}
}
