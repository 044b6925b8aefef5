package cronsim_test

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/conformance"
)

// replayTally counts one replay setting's verdicts.
type replayTally struct {
	pings, falseLate, falseMissed       int // steady and slow files
	setLate, setMissed                  int // across a clock set or pause: not false
	removals, detected                  int
	setUndetected                       int // removals across a clock set or pause
	nextDueLate, nextDueUnseen          int // NextDue with the same grace, for comparison
	firstFalse                          string
	slowPings, slowFalseLate, slowLater int // slow-job files; slowLater: pings after Due+start lag+grace, in time by CatchUp
}

// TestVerdictReplayCorpus replays every recording of every daemon in
// conformance/corpus as the pings a monitor receives (each logged start
// is a start ping), through Check.Verdict:
//
//   - every ping shifted 0, 1, 2 and 5 s early (a job host whose clock is
//     ahead), with a grace of 0, 1 and 5 minutes: the verdict just before
//     each ping must not be late, and the verdict just after it must
//     count no missed start (a false alarm either way);
//     The monitor starts watching as the daemon starts, as if pinged then.
//   - each run removed (every ping of one start time that is the only
//     start time between its neighbours' pings): the verdict after the
//     next ping must count it missed.
//
// The slow-job files use the recorded job duration (the longest of the
// crontab: any job's catch-up delays every line) as Check.JobDuration.
// A verdict whose span holds a clock set or a pause is counted apart: a
// monitor cannot see the recorded machine's clock jump, and a stopped
// daemon is late indeed. Recordings the iterator model does not cover
// (cronie across an offset change it does not see, cronie CRON_TZ= lines
// across a change of its own zone: Recording.OffsetsSeen, ZonedSkips)
// are skipped.
//
// The default run replays every 7th line of each file (the numbers in
// README.md are from the whole corpus): CRONSIM_REPLAY=full replays
// every line, and prints the table.
func TestVerdictReplayCorpus(t *testing.T) {
	full := os.Getenv("CRONSIM_REPLAY") == "full"
	stride := 7
	if full {
		stride = 1
	}
	shifts := []time.Duration{0, time.Second, 2 * time.Second, 5 * time.Second}
	graces := []time.Duration{0, time.Minute, 5 * time.Minute}
	tallies := map[[2]time.Duration]*replayTally{}
	for _, sh := range shifts {
		for _, g := range graces {
			tallies[[2]time.Duration{sh, g}] = &replayTally{}
		}
	}
	names := []string{}
	recs := corpus(t)
	for name := range recs {
		names = append(names, name)
	}
	sort.Strings(names)
	daemons := map[string]int{}
	files := 0
	for _, name := range names {
		rec := recs[name]
		loc := mustLoc(t, rec.TZ)
		if ok, _ := rec.OffsetsSeen(loc); !ok {
			continue
		}
		files++
		daemons[rec.Daemon]++
		jobDur := recordedJobDuration(rec)
		slow := jobDur > 0
		// disturbed reports whether the clock was set, or the daemon
		// stopped, between guest times a and b (b read after a).
		disturbed := func(a, b time.Time) bool {
			for _, c := range rec.Clock {
				if !c.At.Before(a) && !c.To.After(b) || !c.At.Before(a) && !c.At.After(b) {
					return true
				}
				// With slow jobs the catch-up after a forward set goes on
				// after it, up to 10 s per skipped minute (the catch-up
				// loop's sleep): still the set's doing, unseen by a monitor.
				if skipped := c.To.Sub(c.At); slow && skipped > 0 {
					if tail := skipped / time.Minute * 10 * time.Second; !c.To.Before(a.Add(-tail)) && !c.To.After(b) {
						return true
					}
				}
			}
			for _, p := range slices.Concat(rec.Pauses, rec.TimerStops, timerOffSpans(rec)) {
				if p.From.Before(b) && p.To.After(a) {
					return true
				}
			}
			return false
		}
		for li, line := range rec.Lines {
			if li%stride != 0 || rec.ZonedSkips(loc, line) || len(line.Runs) == 0 {
				continue
			}
			s, err := rec.Parse(line)
			if err != nil {
				t.Fatalf("%s: %q: %v", name, line.Expr, err)
			}
			for key, tl := range tallies {
				shift, grace := key[0], key[1]
				c := cronsim.Check{Schedule: s, Location: loc, Grace: grace, JobDuration: jobDur}
				if own := lineJobDuration(rec, line); own > 0 && s.Daemon().WithholdsRunning() {
					// BusyBox has no catch-up for the longest job to delay;
					// what counts is how long this line's own job runs.
					c.JobDuration = own
				}
				pings := make([]time.Time, len(line.Runs))
				for i, r := range line.Runs {
					pings[i] = r.Add(-shift)
				}
				// The clock sets and pauses are in the daemon's time.
				shifted := func(a, b time.Time) bool { return disturbed(a.Add(shift), b.Add(shift)) }
				replayLine(t, tl, c, name, line.Expr, pings, rec.Start, rec.End, shifted, slow)
			}
		}
	}
	if files == 0 {
		t.Fatal("no recordings replayed")
	}
	for _, d := range []string{conformance.DebianCron, conformance.Cronie, conformance.BusyboxCrond} {
		if daemons[d] == 0 {
			t.Errorf("no %s recording replayed", d)
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%d files (%v), every %d line(s)\n", files, daemons, stride)
	fmt.Fprintf(&out, "early  grace  pings    false-late  false-missed  set-late  set-missed  removed  detected  set-undet  | slow: pings late-in-catch-up false-late | NextDue: false-late unseen\n")
	for _, sh := range shifts {
		for _, g := range graces {
			tl := tallies[[2]time.Duration{sh, g}]
			fmt.Fprintf(&out, "%-6v %-6v %-8d %-11d %-13d %-9d %-11d %-8d %-9d %-10d | %d %d %d | %d %d\n", sh, g, tl.pings, tl.falseLate, tl.falseMissed, tl.setLate, tl.setMissed,
				tl.removals, tl.detected, tl.setUndetected, tl.slowPings, tl.slowLater, tl.slowFalseLate, tl.nextDueLate, tl.nextDueUnseen)
			if tl.falseLate+tl.falseMissed > 0 {
				t.Errorf("early %v, grace %v: %d false late, %d false missed verdicts; first: %s", sh, g, tl.falseLate, tl.falseMissed, tl.firstFalse)
			}
			if g >= time.Minute && tl.detected+tl.setUndetected != tl.removals {
				t.Errorf("early %v, grace %v: %d of %d removed runs detected (%d across a clock set or pause); first: %s", sh, g, tl.detected, tl.removals, tl.setUndetected, tl.firstFalse)
			}
		}
	}
	if full {
		fmt.Print(out.String())
	}
	t.Log("\n" + out.String())
}

// timerOffSpans are the spans in which a systemd recording's guest was
// powered off (between its boots): its timers were stopped, as in a
// timer stop.
func timerOffSpans(rec *conformance.Recording) []conformance.Pause {
	out := slices.Clone(rec.PowerOff)
	for i := 1; i < len(rec.Boots); i++ {
		out = append(out, conformance.Pause{From: rec.Boots[i-1].End, To: rec.Boots[i].Start})
	}
	return out
}

// denseTimer reports whether s is a systemd timer with two elapses in
// (start, end) closer together than its window (AccuracySec= plus
// RandomizedDelaySec=). A calendar without a zone of its own runs in
// start's location: give start in the recording's zone (in UTC, Dublin's
// "*-6-15 13:18..21:00" has no elapse before the end of
// systemd-bookworm-dublin-jump-plus-5m.json, whose default-accuracy runs
// then looked removable).
func denseTimer(s cronsim.Schedule, start, end time.Time) bool {
	if s.Calendar() == nil {
		return false
	}
	tm := s.Timer()
	w := tm.Accuracy + tm.RandomizedDelay
	if tm.Accuracy == 0 {
		w += cronsim.DefaultAccuracy
	}
	prev := time.Time{}
	for t := s.Next(start); !t.IsZero() && t.Before(end); t = s.Next(t) {
		if !prev.IsZero() && t.Sub(prev) <= w {
			return true
		}
		prev = t
	}
	return false
}

// recordedJobDuration is the longest job duration a recording gives.
// lineJobDuration is how long the jobs of one line ran.
func lineJobDuration(rec *conformance.Recording, line conformance.Line) time.Duration {
	d := rec.JobDurationS
	if line.JobDurationS != nil {
		d = line.JobDurationS
	}
	if d == nil {
		return 0
	}
	return time.Duration(*d * float64(time.Second))
}

func recordedJobDuration(rec *conformance.Recording) time.Duration {
	var d float64
	if rec.JobDurationS != nil {
		d = *rec.JobDurationS
	}
	for _, l := range rec.Lines {
		if l.JobDurationS != nil {
			d = max(d, *l.JobDurationS)
		}
	}
	return time.Duration(d * float64(time.Second))
}

// replayLine replays one line's pings through c.
// The monitor starts watching when the daemon starts, as if pinged
// then: so the first start is judged too.
func replayLine(t *testing.T, tl *replayTally, c cronsim.Check, file, expr string, pings []time.Time, start, end time.Time,
	disturbed func(a, b time.Time) bool, slow bool) {
	report := func(what string) {
		if tl.firstFalse == "" {
			tl.firstFalse = fmt.Sprintf("%s: %q: %s", file, expr, what)
		}
	}
	prev, last := time.Time{}, start
	for i := 0; i <= len(pings); i++ {
		now := end
		if i < len(pings) {
			now = pings[i].Add(-time.Nanosecond) // just before the ping
		}
		if !last.IsZero() {
			v := c.Verdict(cronsim.Pings{Start: last, Prev: prev}, now)
			if v.State == cronsim.StateLate {
				if disturbed(last, now) {
					tl.setLate++
				} else {
					tl.falseLate++
					if slow {
						tl.slowFalseLate++
					}
					report(fmt.Sprintf("late at %s: last ping %s, due %s, deadline %s", now.UTC().Format(time.RFC3339Nano), last.UTC().Format(time.RFC3339Nano), v.Due.UTC().Format(time.RFC3339), v.Deadline.UTC().Format(time.RFC3339)))
				}
			}
			if slow && !v.Due.IsZero() && now.After(v.Due.Add(v.Allowance-v.CatchUp+c.Grace)) && v.State != cronsim.StateLate {
				tl.slowLater++
			}
			if i < len(pings) {
				if d := cronsim.NextDue(c.Schedule, c.Location, last, c.Grace); d.Late(now) && !disturbed(last, now) {
					tl.nextDueLate++
				}
			}
		}
		if i == len(pings) {
			break
		}
		prev, last = last, pings[i]
		tl.pings++
		if slow {
			tl.slowPings++
		}
		if !prev.IsZero() {
			if v := c.Verdict(cronsim.Pings{Start: last, Prev: prev}, last); v.Missed > 0 {
				if disturbed(prev, last) {
					tl.setMissed++
				} else {
					tl.falseMissed++
					report(fmt.Sprintf("%d missed at ping %s after %s (slot %s)", v.Missed, last.UTC().Format(time.RFC3339Nano), prev.UTC().Format(time.RFC3339Nano), v.Slot.UTC().Format(time.RFC3339)))
				}
			}
		}
	}
	// Removed runs: the pings of one start time (a run, catch-up repeats
	// included), when the neighbouring pings stand for other start times.
	// Not for a systemd timer whose elapses come closer together than
	// its window: systemd arms each elapse after its last start, so a
	// start delayed inside the window skips the elapses before it, and
	// a run missing there cannot be told from one skipped.
	loc := c.Location
	if loc == nil {
		loc = time.UTC // Check.Location: nil is UTC
	}
	if denseTimer(c.Schedule, start.In(loc), end) {
		return
	}
	slot := func(p time.Time) time.Time {
		return c.Verdict(cronsim.Pings{Start: p}, p).Slot
	}
	slots := make([]time.Time, len(pings))
	for i, p := range pings {
		slots[i] = slot(p)
	}
	for i := 0; i < len(pings); {
		j := i
		for j < len(pings) && slots[j].Equal(slots[i]) {
			j++
		}
		// pings[i:j] are one run; remove it.
		if i > 0 && j < len(pings) && !slots[i].IsZero() {
			tl.removals++
			v := c.Verdict(cronsim.Pings{Start: pings[j], Prev: pings[i-1]}, pings[j])
			d := cronsim.NextDue(c.Schedule, c.Location, pings[i-1], c.Grace)
			if !d.Late(pings[j]) {
				tl.nextDueUnseen++
			}
			switch {
			case v.Missed > 0:
				tl.detected++
			case disturbed(pings[i-1], pings[j]):
				tl.setUndetected++
			default:
				report(fmt.Sprintf("removed run at %s unseen: pings %s and %s", slots[i].UTC().Format(time.RFC3339), pings[i-1].UTC().Format(time.RFC3339Nano), pings[j].UTC().Format(time.RFC3339Nano)))
			}
		}
		i = j
	}
}
