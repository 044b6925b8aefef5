package conformance

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// calendarSample is the number of specifications of each parse corpus the
// tests score (of 20,000): enough for every group, quick.
const calendarSample = 400

func calendarCases(t *testing.T) ([]CalendarCase, map[string]int) {
	t.Helper()
	parse, _ := filepath.Glob("parse/systemd-*.jsonl")
	recs, _ := filepath.Glob("corpus/systemd-*.json")
	if len(parse) == 0 || len(recs) == 0 {
		t.Fatal("no parse/systemd-*.jsonl or corpus/systemd-*.json")
	}
	cases, skipped, err := CalendarCases(parse, recs, calendarSample)
	if err != nil {
		t.Fatal(err)
	}
	return cases, skipped
}

// TestAdapterCalendar holds cronsim's answer to calendar requests
// (cronsim next -batch) to the systemd-analyze parse corpora and the
// timer recordings, every case, and checks that the scoring has teeth:
// the naive adapter, which reads the specification right but ignores
// daylight saving time, fails on both sources (README.md, "systemd
// timers: the calendar request").
func TestAdapterCalendar(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two commands")
	}
	dir := t.TempDir()
	cronsimBin := buildTool(t, dir, "../cmd/cronsim")
	naiveBin := buildTool(t, dir, "./adapters/naive")
	cases, _ := calendarCases(t)
	// The timer lines cronsim's own iterator check fails (conform -mode
	// iter), and the known failures of the corpus tests
	// (knownLineFailures): the protocol's answer can be no better there.
	// Every other case must agree.
	iterFails := map[string]bool{}
	for k := range knownLineFailures {
		file, idx, _ := strings.Cut(k, " lines[")
		n, _ := strconv.Atoi(strings.TrimSuffix(idx, "]"))
		iterFails[fmt.Sprintf("%s:%d", file, n+1)] = true
	}
	recs, _ := filepath.Glob("corpus/systemd-*.json")
	for _, p := range recs {
		rec, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, res := range Check(rec, ModeIter) {
			if !res.OK && !res.Skipped {
				iterFails[fmt.Sprintf("%s:%d", filepath.Base(p), i+1)] = true
			}
		}
	}
	excused := 0
	s := ScoreCalendar(&Runner{Command: cronsimBin + " next -batch", Timeout: 20 * time.Second}, cases, nil, func(v CalendarVerdict) {
		if v.Case.Group == "timer" && v.Outcome == Mismatch && iterFails[fmt.Sprintf("%s:%d", v.Case.Source, v.Case.Line)] {
			excused++
			t.Logf("cronsim %s line %d %q: mismatch, a known failure of the iterator: %s", v.Case.Source, v.Case.Line, v.Case.Spec, v.Error)
			return
		}
		if v.Outcome != Agree || v.Norm == "differ" {
			t.Errorf("cronsim %s line %d %q (%s, %s): %s, normalized %s: %s", v.Case.Source, v.Case.Line, v.Case.Spec, v.Case.TZ, v.Case.Group, v.Outcome, v.Norm, v.Error)
		}
	})
	for _, g := range CalendarGroups {
		if s.Total[g].Lines() < 100 {
			t.Errorf("cronsim: %d %s cases: the sample should give hundreds of each", s.Total[g].Lines(), g)
		}
	}
	if excused > len(iterFails) {
		t.Errorf("%d timer lines excused, %d fail conform -mode iter", excused, len(iterFails))
	}
	if s.Norm["agree"] != s.Total["accepted"].Lines() {
		t.Errorf("cronsim answered %d normalized forms for %d accepted specifications", s.Norm["agree"], s.Total["accepted"].Lines())
	}

	n := ScoreCalendar(&Runner{Command: naiveBin, Timeout: 20 * time.Second}, cases, nil, nil)
	pa, pn := n.ParseShare()
	ta, tn := n.Total["timer"].Agree, n.Total["timer"].Lines()
	t.Logf("naive: parse corpora %d of %d agree, timer lines %d of %d (accepted %+v, rejected %+v, timer %+v)",
		pa, pn, ta, tn, *n.Total["accepted"], *n.Total["rejected"], *n.Total["timer"])
	if n.Total["accepted"].Mismatch == 0 || float64(pa) > 0.97*float64(pn) {
		t.Errorf("the naive adapter agrees on %d of %d parse cases: the scoring has no teeth", pa, pn)
	}
	if float64(ta) > 0.75*float64(tn) {
		t.Errorf("the naive adapter agrees on %d of %d timer lines: the timer scoring has no teeth", ta, tn)
	}
	if n.Total["rejected"].Agree != n.Total["rejected"].Lines() {
		t.Errorf("the naive adapter reads specifications with cronsim's parser, yet %+v of the rejected ones", *n.Total["rejected"])
	}
}

// TestCalendarPlumbing sends the naive adapter's replay mode what systemd
// did (systemd-analyze's elapses, normalized form or error; a timer
// line's recorded starts) and requires every case to agree: the adapter's
// own loop (the window, the count, the time format) must not turn a
// correct answer into an error or a mismatch.
func TestCalendarPlumbing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a command")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the adapter's command uses sh")
	}
	naiveBin := buildTool(t, t.TempDir(), "./adapters/naive")
	cases, _ := calendarCases(t)
	r := &Runner{Command: naiveBin + " -replay", Timeout: 20 * time.Second, replay: true}
	s := ScoreCalendar(r, cases, nil, func(v CalendarVerdict) {
		if v.Outcome != Agree || v.Norm == "differ" {
			t.Errorf("naive -replay %s line %d %q (%s, %s): %s, normalized %s: %s", v.Case.Source, v.Case.Line, v.Case.Spec, v.Case.TZ, v.Case.Group, v.Outcome, v.Norm, v.Error)
		}
	})
	for _, g := range CalendarGroups {
		if s.Total[g].Lines() == 0 {
			t.Errorf("no %s case replayed", g)
		}
	}
}

// TestCalendarJudge holds the judge to its rules on answers made up for
// one case of each group.
func TestCalendarJudge(t *testing.T) {
	end := time.Date(2021, 3, 14, 10, 0, 0, 0, time.UTC)
	run := time.Date(2021, 3, 14, 8, 0, 0, 25e6, time.UTC)
	timer := &CalendarCase{Group: "timer", After: "2021-03-14T05:00:01.5Z", End: end, Runs: []time.Time{run}}
	timer.Timer.Accuracy = time.Microsecond
	accepted := &CalendarCase{Group: "accepted", Normalized: "*-*-* 08:00:00", Elapses: []string{"2021-03-14T08:00:00Z"}}
	rejected := &CalendarCase{Group: "rejected", WantError: "Invalid argument"}
	str := func(s string) *string { return &s }
	list := func(l ...string) *[]string { return &l }
	for _, tc := range []struct {
		name string
		c    *CalendarCase
		a    calendarAnswer
		want Outcome
		norm string
	}{
		{"rejected, error", rejected, calendarAnswer{Error: str("bad")}, Agree, ""},
		{"rejected, accepted", rejected, calendarAnswer{Elapses: list()}, Mismatch, ""},
		{"accepted, same second", accepted, calendarAnswer{Normalized: str("*-*-* 08:00:00"), Elapses: list("2021-03-14T03:00:00.4-05:00")}, Agree, "agree"},
		{"accepted, next second", accepted, calendarAnswer{Elapses: list("2021-03-14T08:00:01Z")}, Mismatch, ""},
		{"accepted, one more", accepted, calendarAnswer{Elapses: list("2021-03-14T08:00:00Z", "2021-03-15T08:00:00Z")}, Mismatch, ""},
		{"accepted, other form", accepted, calendarAnswer{Normalized: str("08:00"), Elapses: list("2021-03-14T08:00:00Z")}, Agree, "differ"},
		{"accepted, error", accepted, calendarAnswer{Error: str("bad")}, Failed, ""},
		{"no elapses", accepted, calendarAnswer{}, Failed, ""},
		{"timer, on the elapse", timer, calendarAnswer{Elapses: list("2021-03-14T08:00:00Z")}, Agree, ""},
		{"timer, half a second before", timer, calendarAnswer{Elapses: list("2021-03-14T07:59:59.5Z")}, Agree, ""},
		{"timer, two seconds early", timer, calendarAnswer{Elapses: list("2021-03-14T07:59:58Z")}, Mismatch, ""},
		{"timer, after the start", timer, calendarAnswer{Elapses: list("2021-03-14T08:00:01Z")}, Mismatch, ""},
		{"timer, an hour off", timer, calendarAnswer{Elapses: list("2021-03-14T07:00:00Z")}, Mismatch, ""},
		{"timer, one more", timer, calendarAnswer{Elapses: list("2021-03-14T08:00:00Z", "2021-03-14T09:00:00Z")}, Mismatch, ""},
		{"timer, an elapse before the timers were active", timer, calendarAnswer{Elapses: list("2021-03-14T05:00:02Z", "2021-03-14T08:00:00Z")}, Agree, ""},
		{"timer, an elapse after they were", timer, calendarAnswer{Elapses: list("2021-03-14T05:00:10Z", "2021-03-14T08:00:00Z")}, Mismatch, ""},
		{"timer, dense, follows", timer, calendarAnswer{Elapses: list("2021-03-14T07:59:59.9Z", "2021-03-14T08:00:00Z", "2021-03-14T09:59:59.5Z")}, Agree, ""},
	} {
		v := judgeCalendar(CalendarVerdict{Case: tc.c}, tc.a)
		if v.Outcome != tc.want || v.Norm != tc.norm {
			t.Errorf("%s: %s, normalized %q (%s); want %s, %q", tc.name, v.Outcome, v.Norm, v.Error, tc.want, tc.norm)
		}
	}
}
