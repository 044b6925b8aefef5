package cronsim

import (
	"math/rand"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

func formatTimes(ts []time.Time) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Format(time.RFC3339)
	}
	return out
}

// iterRuns collects the iterator's runs in (from, to] with Next, and the
// same span backward with Prev, reversed.
func iterRuns(s Schedule, from, to time.Time) (fwd, back []time.Time) {
	for t := range s.All(from) {
		if t.After(to) {
			break
		}
		fwd = append(fwd, t)
	}
	for t := range s.Backward(to.Truncate(time.Second).Add(time.Second)) {
		if !t.After(from) {
			break
		}
		back = append([]time.Time{t}, back...)
	}
	return fwd, back
}

// checkAgainstModel compares the iterator with the model for one
// expression, zone and window, and reports a go-cmp diff on failure.
func checkAgainstModel(t *testing.T, expr string, zone string, from, to time.Time) bool {
	t.Helper()
	s, err := Parse(expr)
	if err != nil {
		return true // the generator made something strict rejects
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatalf("zone %s: %v", zone, err)
	}
	if s.Location() != nil {
		loc = s.Location() // a CRON_TZ= prefix: the schedule's own zone
	}
	from, to = from.In(loc), to.In(loc)
	want, ok := modelRuns(s, loc, from, to)
	if !ok {
		return true // an offset with seconds: outside the model
	}
	fwd, back := iterRuns(s, from, to)
	if d := cmp.Diff(formatTimes(want), formatTimes(fwd)); d != "" {
		t.Errorf("%q in %s, (%s, %s], Next: (-model +iterator)\n%s", expr, zone, from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339), d)
		return false
	}
	if d := cmp.Diff(formatTimes(want), formatTimes(back)); d != "" {
		t.Errorf("%q in %s, (%s, %s], Prev: (-model +iterator)\n%s", expr, zone, from.UTC().Format(time.RFC3339), to.UTC().Format(time.RFC3339), d)
		return false
	}
	return true
}

// seedEnv names the environment variable that replays a randomized
// test: every such test logs the seed it used, and CRONSIM_SEED=<seed>
// go test -run <Test> runs it again with the same cases.
const seedEnv = "CRONSIM_SEED"

// testSeed returns the seed for a randomized test, from CRONSIM_SEED or
// the clock, and logs it with the command that replays the run.
func testSeed(t testing.TB) int64 {
	t.Helper()
	seed := time.Now().UnixNano()
	if v := os.Getenv(seedEnv); v != "" {
		var err error
		if seed, err = strconv.ParseInt(v, 10, 64); err != nil {
			t.Fatalf("%s=%q: %v", seedEnv, v, err)
		}
	}
	t.Logf("seed %d (replay: %s=%d go test -run '^%s$')", seed, seedEnv, seed, t.Name())
	return seed
}

// testRand is a generator seeded by testSeed.
func testRand(t testing.TB) *rand.Rand {
	t.Helper()
	return rand.New(rand.NewSource(testSeed(t)))
}

// gopterParams are the parameters of a property with n cases, seeded by
// testSeed: gopter draws every case from that seed (one worker), so the
// logged seed replays the run.
func gopterParams(t *testing.T, n int) *gopter.TestParameters {
	t.Helper()
	p := gopter.DefaultTestParametersWithSeed(testSeed(t))
	p.MinSuccessfulTests = n
	p.Workers = 1
	return p
}

// TestIteratorMatchesModel: over random expressions, every zone of the
// tz database, and windows around random transitions between 1970 and
// 2040, Next and Prev give exactly the runs the daemon model gives.
func TestIteratorMatchesModel(t *testing.T) {
	zones := allZones()
	perZone := 3
	if testing.Short() {
		perZone = 1
	}
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := 0
	props := gopter.NewProperties(gopterParams(t, len(zones)*perZone))
	props.Property("iterator equals model", prop.ForAll(func(seed int64, zi int) bool {
		r := rand.New(rand.NewSource(seed))
		zone := zones[zi%len(zones)]
		loc, _ := time.LoadLocation(zone)
		tr := transitions(loc, lo, hi)
		var from time.Time
		expr := randomExpr(r)
		if len(tr) > 0 && r.Intn(8) > 0 {
			at := tr[r.Intn(len(tr))]
			from = at.Add(-time.Duration(r.Intn(48*60)) * time.Minute)
			if r.Intn(4) > 0 {
				expr = transitionExpr(r, loc, at)
			}
		} else {
			from = lo.Add(time.Duration(r.Int63n(int64(hi.Sub(lo)))))
		}
		from = from.Add(time.Duration(r.Intn(60)) * time.Second)
		to := from.Add(time.Duration(24+r.Intn(72)) * time.Hour)
		cases++
		return checkAgainstModel(t, expr, zone, from, to)
	}, gen.Int64(), gen.IntRange(0, len(zones)-1)))
	props.TestingRun(t)
	t.Logf("%d zones, %d cases", len(zones), cases)
}

// TestNextPrevInvariants: Prev(Next(t)) <= t < Next(t), and Next(Prev(t)) >= t > Prev(t).
func TestNextPrevInvariants(t *testing.T) {
	zones := allZones()
	props := gopter.NewProperties(gopterParams(t, 2000))
	props.Property("next/prev bracket t", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		expr := randomExpr(r)
		s, err := Parse(expr)
		if err != nil {
			return true
		}
		loc, _ := time.LoadLocation(zones[r.Intn(len(zones))])
		lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
		tt := lo.Add(time.Duration(r.Int63n(int64(70 * 365 * 24 * time.Hour)))).In(loc)
		n := s.Next(tt)
		p := s.Prev(tt)
		if s.hasYears() {
			// A year field ends (or starts) the runs: no next or previous
			// run is an answer, but only past the last (or before the
			// first) year the field allows.
			if n.IsZero() {
				if y, ok := s.nextYear(int64(tt.Year()) - 1); ok && y > int64(tt.Year())+1 {
					t.Errorf("%q in %s: Next(%s) = zero, but year %d is allowed", expr, loc, tt, y)
					return false
				}
				n = tt.Add(time.Nanosecond)
			}
			if p.IsZero() {
				if y, ok := s.prevYear(int64(tt.Year()) + 1); ok && y < int64(tt.Year())-1 {
					t.Errorf("%q in %s: Prev(%s) = zero, but year %d is allowed", expr, loc, tt, y)
					return false
				}
				return true
			}
		}
		ok := true
		if !n.After(tt) {
			t.Errorf("%q in %s: Next(%s) = %s, not after", expr, loc, tt, n)
			ok = false
		}
		if !p.Before(tt) {
			t.Errorf("%q in %s: Prev(%s) = %s, not before", expr, loc, tt, p)
			ok = false
		}
		if pn := s.Prev(n); pn.After(tt) {
			t.Errorf("%q in %s: Prev(Next(%s)) = %s, after t", expr, loc, tt, pn)
			ok = false
		}
		if np := s.Next(p); np.Before(tt) && !(np.IsZero() && s.hasYears()) {
			t.Errorf("%q in %s: Next(Prev(%s)) = %s, before t", expr, loc, tt, np)
			ok = false
		}
		return ok
	}, gen.Int64()))
	props.TestingRun(t)
}

// TestCanonicalRoundTrip: the canonical text parses back to an equal
// schedule, in every dialect that accepted the original.
func TestCanonicalRoundTrip(t *testing.T) {
	props := gopter.NewProperties(gopterParams(t, 5000))
	props.Property("String parses back", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		expr := randomExpr(r)
		for _, d := range []Dialect{Strict, Debian, DebianBookworm} {
			s, err := ParseOptions{Dialect: d}.Parse(expr)
			if err != nil {
				continue
			}
			s2, err := ParseOptions{Dialect: d}.Parse(s.String())
			if err != nil || s2 != s {
				t.Errorf("%s: %q -> %q -> %v, %v", d, expr, s.String(), s2, err)
				return false
			}
		}
		return true
	}, gen.Int64()))
	props.TestingRun(t)
}

// TestSeedReplays: with CRONSIM_SEED set, a property and a plain
// generator draw the same cases on every run, so the seed a failing run
// logged replays it.
func TestSeedReplays(t *testing.T) {
	draw := func(seed string) (cases []int64, plain int64) {
		t.Setenv(seedEnv, seed)
		props := gopter.NewProperties(gopterParams(t, 20))
		props.Property("collect", prop.ForAll(func(v int64) bool {
			cases = append(cases, v)
			return true
		}, gen.Int64()))
		props.TestingRun(t)
		return cases, testRand(t).Int63()
	}
	a, pa := draw("12345")
	b, pb := draw("12345")
	c, _ := draw("54321")
	if d := cmp.Diff(a, b); d != "" || pa != pb {
		t.Errorf("the same seed drew different cases (-first +second)\n%s\nplain %d, %d", d, pa, pb)
	}
	if cmp.Equal(a, c) {
		t.Error("different seeds drew the same cases")
	}
}
