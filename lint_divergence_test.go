package cronsim

import (
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// TestLintReadsDiffer: the day-of-week extensions Debian's cron accepts
// with another meaning are reported, with both meanings in words, for
// Debian and cronie (cronie rejects them; the finding still gives
// cronsim's meaning) and BusyBox (which ends the line at the #).
func TestLintReadsDiffer(t *testing.T) {
	type finding struct {
		Kind   LintKind
		Column int
		Has    []string
	}
	tests := []struct {
		line   string
		daemon Daemon
		want   finding
	}{
		{"0 0 * * 5#3 /x", DebianCron, finding{LintMangled, 9, []string{`reads "5" and skips the rest of the word, "#3"`, "third Friday of the month", `runs it as "0 0 * * 5": at 00:00 on Friday`}}},
		{"0 0 * * MON-FRI#1 /x", DebianCron, finding{LintMangled, 9, []string{`reads "MON-FRI"`, "first Monday through Friday", "at 00:00 on Monday through Friday"}}},
		{"0 0 * * FRI#L /x", DebianCron, finding{LintMangled, 9, []string{`reads "FRI"`, "last Friday of the month", "at 00:00 on Friday"}}},
		// Found by a random seed: the two readings differ only on a Friday the 1st of a quarter month, which 2000-2003 has none of.
		{"30 0 */30 */3 THU,FRI#L /x", DebianCron, finding{LintMangled, 15, []string{`reads "THU,FRI"`, "last Friday"}}},
		{"0 0 * * 5#3 /x", Cronie, finding{LintRejected, 9, []string{"cronie's crontab rejects this", "third Friday of the month"}}},
		{"0 0 * * MON-FRI#1 /x", Cronie, finding{LintRejected, 9, []string{"rejects", "first Monday through Friday"}}},
		{"0 0 * * FRI#L /x", Cronie, finding{LintRejected, 9, []string{"rejects", "last Friday of the month"}}},
		{"0 0 * * 5#3 /x", BusyBox, finding{LintRejected, 10, []string{`a # starts a comment`, `reads only "0 0 * * 5"`, "third Friday"}}},
	}
	for _, tt := range tests {
		rep := Lint(tt.line+"\n", LintOptions{Dialect: Debian, Daemon: tt.daemon})
		if len(rep.Problems) != 1 {
			t.Errorf("%s %q: %d problems, want 1: %+v", tt.daemon, tt.line, len(rep.Problems), rep.Problems)
			continue
		}
		p := rep.Problems[0]
		got := finding{p.Kind, p.Column, nil}
		for _, s := range tt.want.Has {
			if strings.Contains(p.Message, s) {
				got.Has = append(got.Has, s)
			}
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s %q: %s\n(-want +got)\n%s", tt.daemon, tt.line, p.Message, d)
		}
	}
	// The same reading in both is no finding.
	for _, line := range []string{"0 0 * * 5 /x", "0 0 * * MON-FRI /x", "*/5 * * * * /x"} {
		for _, d := range Daemons {
			if daemonTableOf(d).noCrontab {
				continue // a daemon without crontabs (Kubernetes)
			}
			if rep := Lint(line+"\n", LintOptions{Dialect: Debian, Daemon: d}); len(rep.Problems) != 0 {
				t.Errorf("%s %q: %+v", d, line, rep.Problems)
			}
		}
	}
}

// mutateExpr puts text a daemon may read differently into a random
// field of expr: the extensions' characters, a stray separator, a name.
func mutateExpr(r *rand.Rand, expr string) string {
	words := strings.Fields(expr)
	if len(words) == 0 || strings.HasPrefix(words[0], "@") || strings.Contains(words[0], "=") || r.Intn(3) == 0 {
		return expr
	}
	i := r.Intn(len(words))
	bits := []string{"#1", "#3", "#L", "L", "W", "?", "#", "-L", "/2", ",L", ";x", "0"}
	words[i] += bits[r.Intn(len(bits))]
	return strings.Join(words, " ")
}

// runsDiffer compares two schedules by their runs, not their fields:
// the next run after the start of every day of four years (leap year
// included) and the next 60 runs after the first of each month of the
// first year, in UTC.
func runsDiffer(a, b Schedule) bool {
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := 0; d < 4*366; d++ {
		t := start.AddDate(0, 0, d).Add(-time.Second)
		if !a.Next(t).Equal(b.Next(t)) {
			return true
		}
	}
	for m := 0; m < 12; m++ {
		ta, tb := start.AddDate(0, m, 0), start.AddDate(0, m, 0)
		for i := 0; i < 60; i++ {
			ta, tb = a.Next(ta), b.Next(tb)
			if !ta.Equal(tb) {
				return true
			}
		}
	}
	return false
}

// TestLintReportsEveryDivergence: for random expressions that both
// cronsim's syntax (Strict) and a daemon accept, either the two run at
// the same times or Lint reports the line.
func TestLintReportsEveryDivergence(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 150
	}
	divergent := map[Daemon]int{}
	props := gopter.NewProperties(gopterParams(t, n))
	props.Property("divergent readings are reported", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		line := mutateExpr(r, randomExpr(r)) + " /x"
		strict, ok := strictReading(line)
		if !ok || strict.Location() != nil {
			return true
		}
		for _, d := range Daemons {
			e, err := ParseOptions{Daemon: d, Dialect: Debian}.Entry(line)
			if err != nil || e.Kind != EntryJob || e.Schedule.Reboot() {
				continue
			}
			if !runsDiffer(strict, e.Schedule.WithDaemon(DebianCron)) {
				continue
			}
			divergent[d]++
			reported := false
			for _, p := range Lint(line+"\n", LintOptions{Dialect: Debian, Daemon: d}).Problems {
				reported = reported || p.Line == 1 && (p.Kind == LintMangled || p.Kind == LintWarning || p.Kind == LintNever)
			}
			if !reported {
				t.Errorf("%s reads %q as %q, cronsim's syntax as %q, and Lint says nothing", d, line, e.Schedule, strict)
				return false
			}
		}
		return true
	}, gen.Int64()))
	props.TestingRun(t)
	t.Logf("divergent cases by daemon: %v", divergent)
	if divergent[DebianCron] == 0 {
		t.Error("the generator made no line Debian reads differently: the property tested nothing")
	}
}
