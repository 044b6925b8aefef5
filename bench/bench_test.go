package bench

import (
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
)

// The expressions of the table, in the order of its rows.
var exprs = []string{
	"*/5 * * * *",
	"30 1 * * *",
	"0 9-17 * * 1-5",
	"15,45 */2 1,15 * *",
	"0 0 29 2 *",
}

var dublin = mustLoad("Europe/Dublin")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// The fixed start instant: a Sunday, four weeks before Dublin's spring
// transition. In Dublin (GMT in winter) it is the same instant.
var (
	startUTC    = time.Date(2026, 3, 1, 10, 7, 13, 0, time.UTC)
	startDublin = startUTC.In(dublin)
)

// nStarts start instants, 13 s apart (3.7 hours in all), are cycled
// through so that no library can profit from being asked the same
// question every iteration; every library gets the same sequence.
const nStarts = 1024

func starts(loc *time.Location) []time.Time {
	ts := make([]time.Time, nStarts)
	for i := range ts {
		ts[i] = startUTC.Add(time.Duration(i) * 13 * time.Second).In(loc)
	}
	return ts
}

var zones = []struct {
	name string
	loc  *time.Location
}{
	{"utc", time.UTC},
	{"dublin", dublin},
}

// exprName makes an expression usable in a benchmark name: "/" would
// split the name and spaces become "_" anyway. cmd/table reverses it.
func exprName(expr string) string {
	return "expr=" + strings.NewReplacer(" ", "_", "/", "~").Replace(expr)
}

// Sinks keep results alive so that nothing is optimized away.
var (
	sinkTime time.Time
	sinkAny  any
	sinkErr  error
	sinkInt  int64
)

func BenchmarkParse(b *testing.B) {
	for _, expr := range exprs {
		b.Run(exprName(expr), func(b *testing.B) {
			for _, l := range libs {
				if l.parseOnly == nil {
					continue
				}
				if _, err := l.parseOnly(expr); err != nil {
					b.Run("lib="+l.name, func(b *testing.B) { b.Skipf("%s: %v", l.name, err) })
					continue
				}
				b.Run("lib="+l.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						sinkAny, sinkErr = l.parseOnly(expr)
					}
				})
			}
		})
	}
}

func BenchmarkNext(b *testing.B) {
	for _, z := range zones {
		ts := starts(z.loc)
		b.Run(z.name, func(b *testing.B) {
			for _, expr := range exprs {
				b.Run(exprName(expr), func(b *testing.B) {
					for _, l := range libs {
						next, err := l.parse(expr, z.loc)
						if err != nil {
							b.Run("lib="+l.name, func(b *testing.B) { b.Skipf("%s: %v", l.name, err) })
							continue
						}
						b.Run("lib="+l.name, func(b *testing.B) {
							b.ReportAllocs()
							i := 0
							for b.Loop() {
								sinkTime = next(ts[i&(nStarts-1)])
								i++
							}
						})
					}
				})
			}
		})
	}
}

// BenchmarkNext1000 walks 1000 successive runs from the start instant;
// one op is the whole walk of 1000 steps (ns/op / 1000 = ns per step).
// A library that answers "no run" (zero time) or a time not after its
// input is restarted from the start instant so that the walk goes on;
// TestPeers reports where that happens.
func BenchmarkNext1000(b *testing.B) {
	for _, z := range zones {
		ts := starts(z.loc)
		b.Run(z.name, func(b *testing.B) {
			for _, expr := range exprs {
				b.Run(exprName(expr), func(b *testing.B) {
					for _, l := range libs {
						next, err := l.parse(expr, z.loc)
						if err != nil {
							b.Run("lib="+l.name, func(b *testing.B) { b.Skipf("%s: %v", l.name, err) })
							continue
						}
						b.Run("lib="+l.name, func(b *testing.B) {
							b.ReportAllocs()
							i := 0
							for b.Loop() {
								t0 := ts[i&(nStarts-1)]
								i++
								t := t0
								for range 1000 {
									r := next(t)
									if !r.After(t) {
										r = t0
									}
									t = r
								}
								sinkTime = t
							}
						})
					}
				})
			}
		})
	}
}

// BenchmarkWorst times cronsim's Next on schedules that run rarely or
// never: the slowest cases of its search.
func BenchmarkWorst(b *testing.B) {
	cases := []struct {
		expr    string
		dialect cronsim.Dialect
	}{
		{"0 0 29 2 1", cronsim.Strict},
		{"0 0 31 * 1", cronsim.Strict},
		{"0 0 * 2 1#5", cronsim.Strict},
		{"0 0 30 2 *", cronsim.Debian},
	}
	for _, z := range zones {
		ts := starts(z.loc)
		b.Run(z.name, func(b *testing.B) {
			for _, c := range cases {
				s, err := cronsim.ParseOptions{Dialect: c.dialect}.Parse(c.expr)
				if err != nil {
					b.Fatalf("%q: %v", c.expr, err)
				}
				b.Run(exprName(c.expr)+"/lib=cronsim", func(b *testing.B) {
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						sinkTime = s.Next(ts[i&(nStarts-1)])
						i++
					}
				})
			}
		})
	}
}
