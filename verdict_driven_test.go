package cronsim_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/conformance"
)

// TestVerdictReplayDriven replays the Kubernetes files driven from the
// CronJob controller's code (conformance/driven/k8s-*.json) as the start
// pings a monitor receives, through Check.Verdict with each file's
// CronJob settings (starting deadline, concurrency policy, the longest
// job duration) and no grace:
//
//   - on the files without clock sets, outages or suspend, the verdict
//     just before each run (after the first) is neither late nor missed,
//     and the verdict at each run counts no missed start: the lost runs
//     of spring gaps, the second run in a repeated hour, Lord Howe's
//     runs at unnamed wall times and Forbid's postponed starts are all
//     expected;
//   - on every file, each run the controller made stands for a start of
//     the schedule (Verdict.Slot), never for a run by hand past the
//     starting deadline.
//
// @every lines are left out: their starts count from the CronJob's last
// scheduled time, which a monitor's Check does not know.
func TestVerdictReplayDriven(t *testing.T) {
	files, _ := filepath.Glob("conformance/driven/k8s-*.json")
	if len(files) == 0 {
		t.Fatal("no driven Kubernetes files")
	}
	pings, steady := 0, 0
	for _, f := range files {
		rec, err := conformance.Load(f)
		if err != nil {
			t.Fatal(err)
		}
		loc := mustLoc(t, rec.TZ)
		policy, err := cronsim.ParseConcurrencyPolicy(rec.ConcurrencyPolicy)
		if err != nil {
			t.Fatal(err)
		}
		var deadline *time.Duration
		if rec.StartingDeadlineSeconds != nil {
			d := time.Duration(*rec.StartingDeadlineSeconds) * time.Second
			deadline = &d
		}
		quiet := len(rec.Clock) == 0 && len(rec.Pauses) == 0 && len(rec.Suspend) == 0
		for _, line := range rec.Lines {
			s, err := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse(line.Expr)
			if err != nil {
				t.Fatalf("%s: %q: %v", f, line.Expr, err)
			}
			if s.Every() > 0 {
				continue
			}
			c := cronsim.Check{Schedule: s, Location: loc, JobDuration: recordedJobDuration(rec),
				Concurrency: policy, StartingDeadline: deadline}
			// Every run of a line with up to 12, an even sample of the
			// others (kubePrev walks from a day back: a minutely line's
			// verdicts are slow), and the runs after a gap longer than
			// the line's first.
			step := 1 + len(line.Runs)/12
			for i, r := range line.Runs {
				if i%step != 0 && !(i > 1 && r.Sub(line.Runs[i-1]) > line.Runs[1].Sub(line.Runs[0])) {
					continue
				}
				var p cronsim.Pings
				if i > 0 {
					p.Prev = line.Runs[i-1]
				}
				if i > 1 && quiet {
					before := c.Verdict(cronsim.Pings{Start: line.Runs[i-1], Prev: line.Runs[i-2]}, r.Add(-time.Millisecond))
					if before.State == cronsim.StateLate || before.State == cronsim.StateMissed {
						t.Errorf("%s: %q: just before the run at %s: %s %s, due %s", filepath.Base(f), line.Expr, r.Format(time.RFC3339Nano), before.State, before.Reason, before.Due.Format(time.RFC3339Nano))
					}
				}
				p.Start = r
				v := c.Verdict(p, r)
				pings++
				if v.Slot.IsZero() {
					t.Errorf("%s: %q: the run at %s stands for no start (%s %s)", filepath.Base(f), line.Expr, r.Format(time.RFC3339Nano), v.State, v.Reason)
				}
				if quiet && i > 0 {
					steady++
					if v.Missed != 0 {
						t.Errorf("%s: %q: at the run at %s after %s: %d missed (%s %s)", filepath.Base(f), line.Expr, r.Format(time.RFC3339Nano), p.Prev.Format(time.RFC3339Nano), v.Missed, v.State, v.Reason)
					}
				}
			}
		}
	}
	t.Logf("%d files, %d runs replayed, %d judged for false alarms", len(files), pings, steady)
}
