package bench

import (
	"fmt"
	"testing"
	"time"
)

// TestPeers does not judge the peers: it logs (with -v) where a peer's
// runs differ from cronsim's on the benchmarked inputs, where it answers
// "no run" or a time not after its input (the restarts of
// BenchmarkNext1000), and where it panics. Only cronsim failing to parse
// a benchmarked expression fails the test.
func TestPeers(t *testing.T) {
	for _, z := range zones {
		for _, expr := range exprs {
			ref := walk(t, libs[0], expr, z.loc, 1000)
			if ref.err != nil {
				t.Fatalf("cronsim %q: %v", expr, ref.err)
			}
			for _, l := range libs[1:] {
				got := walk(t, l, expr, z.loc, 1000)
				switch {
				case got.err != nil:
					t.Logf("%s %s %-20q: %v", z.name, l.name, expr, got.err)
					continue
				case got.bad >= 0:
					t.Logf("%s %s %-20q: step %d after %s answered %s (zero or not after input); %d of 1000 steps agree with cronsim before it",
						z.name, l.name, expr, got.bad, fmtT(got.badIn), fmtT(got.badOut), agree(ref.runs, got.runs))
					continue
				}
				if n := agree(ref.runs, got.runs); n < len(ref.runs) {
					t.Logf("%s %s %-20q: first difference at step %d: cronsim %s, %s %s",
						z.name, l.name, expr, n, fmtT(ref.runs[n]), l.name, fmtT(got.runs[n]))
				}
			}
		}
	}
}

type walked struct {
	runs          []time.Time
	err           error
	bad           int // first step answering zero or not after its input, or -1
	badIn, badOut time.Time
}

func walk(t *testing.T, l lib, expr string, loc *time.Location, n int) (w walked) {
	t.Helper()
	w.bad = -1
	defer func() {
		if r := recover(); r != nil {
			w.err = fmt.Errorf("panic: %v", r)
		}
	}()
	next, err := l.parse(expr, loc)
	if err != nil {
		w.err = err
		return w
	}
	cur := startUTC.In(loc)
	for i := range n {
		r := next(cur)
		if !r.After(cur) {
			w.bad, w.badIn, w.badOut = i, cur, r
			return w
		}
		w.runs = append(w.runs, r)
		cur = r
	}
	return w
}

func agree(a, b []time.Time) int {
	for i := range min(len(a), len(b)) {
		if !a[i].Equal(b[i]) {
			return i
		}
	}
	return min(len(a), len(b))
}

func fmtT(t time.Time) string {
	if t.IsZero() {
		return "zero time"
	}
	return t.In(dublin).Format("2006-01-02 15:04:05 MST") + " (" + t.UTC().Format("15:04Z") + ")"
}

// TestPeersOdd logs (with -v) what each library does with expressions
// that never run or that Debian reads oddly: its error, its first answer
// from the start instant and how long that took, or its panic.
func TestPeersOdd(t *testing.T) {
	for _, expr := range []string{"0 0 30 2 *", "0 0 31 4 *", "5-1 * * * *", "0 0 * 2 1#5"} {
		for _, l := range libs {
			t.Logf("%-11s %-14q %s", l.name, expr, probe(l, expr))
		}
	}
}

func probe(l lib, expr string) (res string) {
	defer func() {
		if r := recover(); r != nil {
			res = fmt.Sprintf("panic: %v", r)
		}
	}()
	next, err := l.parse(expr, dublin)
	if err != nil {
		return "error: " + err.Error()
	}
	t0 := time.Now()
	r := next(startDublin)
	return fmt.Sprintf("Next = %s in %v", fmtT(r), time.Since(t0).Round(time.Microsecond))
}
