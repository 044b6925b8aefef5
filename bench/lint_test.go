package bench

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
)

// lintLines is the length of the crontab BenchmarkLint checks.
const lintLines = 10000

// lintCrontab is a 10,000-line user crontab: mostly fixed-time jobs at
// minutes and hours spread over the day (so that many have a run inside
// a transition), some wildcard and weekday jobs, comments and settings.
// It is built from the line number alone, the same every run.
func lintCrontab() string {
	var b strings.Builder
	for i := 0; i < lintLines; i++ {
		m, h := (i*37)%60, (i*7)%24
		switch i % 10 {
		case 0:
			fmt.Fprintf(&b, "# job group %d\n", i/10)
		case 1:
			fmt.Fprintf(&b, "*/%d * * * * /usr/local/bin/poll --id %d\n", 5+i%20, i)
		case 2:
			fmt.Fprintf(&b, "%d %d * * 1-5 /usr/local/bin/weekday %d\n", m, h, i)
		case 3:
			fmt.Fprintf(&b, "MAILTO=ops%d@example.com\n", i)
		default:
			fmt.Fprintf(&b, "%d %d * * * /usr/local/bin/job %d >/dev/null 2>&1\n", m, h, i)
		}
	}
	return b.String()
}

// BenchmarkLint times cronsim.Lint (what `cronsim check` does) on the
// 10,000-line crontab with a year's daylight saving time check: in UTC
// (no transitions), Europe/Dublin (two one-hour transitions) and
// Pacific/Apia from 2011-06-01 (its DST changes and the 24-hour jump over
// 2011-12-30). The target is 100,000 lines/s in any zone.
func BenchmarkLint(b *testing.B) {
	crontab := lintCrontab()
	for _, z := range []struct {
		name string
		loc  *time.Location
		from time.Time
	}{
		{"utc", time.UTC, startUTC},
		{"dublin", dublin, startUTC},
		{"apia", mustLoad("Pacific/Apia"), time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC)},
	} {
		opts := cronsim.LintOptions{Dialect: cronsim.Debian, Location: z.loc, From: z.from}
		b.Run(z.name+"/expr=crontab_of_10000_lines/lib=cronsim", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rep := cronsim.Lint(crontab, opts)
				sinkInt = int64(len(rep.Problems))
			}
			b.ReportMetric(float64(lintLines)*float64(b.N)/b.Elapsed().Seconds(), "lines/s")
		})
	}
}

// TestLintWorkload checks that the benchmarked crontab exercises the
// DST check: problems in Dublin and Apia, none in UTC.
func TestLintWorkload(t *testing.T) {
	crontab := lintCrontab()
	for _, c := range []struct {
		loc  *time.Location
		from time.Time
		min  int
	}{
		{time.UTC, startUTC, 0},
		{dublin, startUTC, 100},
		{mustLoad("Pacific/Apia"), time.Date(2011, 6, 1, 0, 0, 0, 0, time.UTC), 5000},
	} {
		rep := cronsim.Lint(crontab, cronsim.LintOptions{Dialect: cronsim.Debian, Location: c.loc, From: c.from})
		t.Logf("%s: %d jobs, %d problems", c.loc, rep.Jobs, len(rep.Problems))
		if rep.Jobs != lintLines*8/10 || len(rep.Problems) < c.min || c.min == 0 && len(rep.Problems) != 0 {
			t.Errorf("%s: %d jobs, %d problems", c.loc, rep.Jobs, len(rep.Problems))
		}
	}
}
