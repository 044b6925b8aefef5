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

// TestSecondsFieldDST pins the choice documented in the package doc
// ("Seconds"): a six-field schedule lives through DST transitions by
// the same rules as its minute and hour fields would give a five-field
// line. Python's cronsim 2.7 chose otherwise (tests/test_cronsim.py,
// test_no_tz_fixup_*: no fix-up for six fields); its three cases, from
// 2021-03-28T01:31 in Europe/Riga (03:00 EET became 04:00 EEST), are
// here with the answers that differ from it: the 03:30 run skipped by the
// transition is made up at 04:00, at the seconds the field gives.
func TestSecondsFieldDST(t *testing.T) {
	riga, err := time.LoadLocation("Europe/Riga")
	if err != nil {
		t.Skip(err)
	}
	from := time.Date(2021, 3, 28, 1, 31, 0, 0, riga)
	for _, c := range []struct {
		expr string
		want []string // Python's cronsim gives the same without the 04:00 runs
	}{
		{"11,22 30 1,2,3,4 * * *", []string{"2021-03-28T02:30:11+02:00", "2021-03-28T02:30:22+02:00", "2021-03-28T04:00:11+03:00", "2021-03-28T04:00:22+03:00", "2021-03-28T04:30:11+03:00", "2021-03-28T04:30:22+03:00"}},
		{"33 30 1-10 * * *", []string{"2021-03-28T02:30:33+02:00", "2021-03-28T04:00:33+03:00", "2021-03-28T04:30:33+03:00", "2021-03-28T05:30:33+03:00"}},
		{"0 30 1-10 * * *", []string{"2021-03-28T02:30:00+02:00", "2021-03-28T04:00:00+03:00", "2021-03-28T04:30:00+03:00", "2021-03-28T05:30:00+03:00"}},
		// A wildcard hour: the skipped 03:30 is lost, as for "30 * * * *".
		{"11 30 * * * *", []string{"2021-03-28T02:30:11+02:00", "2021-03-28T04:30:11+03:00", "2021-03-28T05:30:11+03:00"}},
	} {
		var got []string
		for r := range MustParse(c.expr).All(from) {
			if got = append(got, r.Format(time.RFC3339)); len(got) == len(c.want) {
				break
			}
		}
		if d := cmp.Diff(c.want, got); d != "" {
			t.Errorf("%q from %s: (-want +got)\n%s", c.expr, from.Format(time.RFC3339), d)
		}
	}

	// The rule in general: "0 " + a five-field line runs exactly when
	// the line does, across transitions in zones of every kind.
	zones := []string{"Europe/Riga", "America/New_York", "Australia/Lord_Howe", "Antarctica/Troll", "Pacific/Chatham", "Pacific/Apia"}
	lo := time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)
	hi := time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC)
	props := gopter.NewProperties(gopterParams(t, 300))
	props.Property("seconds field 0 changes nothing", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		loc, _ := time.LoadLocation(zones[r.Intn(len(zones))])
		tr := transitions(loc, lo, hi)
		if len(tr) == 0 {
			return true
		}
		at := tr[r.Intn(len(tr))]
		expr := transitionExpr(r, loc, at)
		if r.Intn(3) == 0 {
			expr = randomExpr(r)
		}
		if strings.Contains(expr, "=") || strings.HasPrefix(expr, "@") || len(strings.Fields(expr)) != 5 {
			return true
		}
		five, err := Parse(expr)
		if err != nil {
			return true
		}
		six := MustParse("0 " + expr)
		from := at.Add(-time.Duration(r.Intn(26*60)) * time.Minute).In(loc)
		a, b := five.Next(from), six.Next(from)
		for i := 0; i < 6 && a.Equal(b) && !a.IsZero(); i++ {
			a, b = five.Next(a), six.Next(b)
		}
		if !a.Equal(b) {
			t.Errorf("%q in %s from %s: five fields %s, with seconds %s", expr, loc, from.Format(time.RFC3339), a, b)
			return false
		}
		return true
	}, gen.Int64()))
	props.TestingRun(t)
}
