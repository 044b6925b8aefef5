package cronsim

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/leanovate/gopter"
	"github.com/leanovate/gopter/gen"
	"github.com/leanovate/gopter/prop"
)

// randomDebianExpr builds a random expression of the kind only the Debian
// dialects accept, or accept differently: empty descending ranges,
// impossible dates, steps wider than their range, star ranges, names,
// numbers that wrap, characters Debian skips, a 7 for Sunday.
func randomDebianExpr(r *rand.Rand) string {
	pick := func(opts ...string) string { return opts[r.Intn(len(opts))] }
	field := func(lo, hi int) string {
		var items []string
		for n := 1 + r.Intn(3); n > 0; n-- {
			a, b := lo+r.Intn(hi-lo+1), lo+r.Intn(hi-lo+1)
			switch r.Intn(8) {
			case 0:
				items = append(items, fmt.Sprintf("%d-%d", max(a, b), min(a, b))) // empty unless equal
			case 1:
				items = append(items, fmt.Sprintf("*/%d", 1+r.Intn(300)))
			case 2:
				items = append(items, fmt.Sprintf("%d-%d/%d", min(a, b), max(a, b), 1+r.Intn(100)))
			case 3:
				items = append(items, fmt.Sprintf("%d", a+4294967296)) // wraps to a
			case 4:
				items = append(items, fmt.Sprintf("%d%s", a, pick(";x", "-", "abc", "/")))
			case 5:
				items = append(items, "*"+pick("", "-5", "/2", "x"))
			default:
				items = append(items, fmt.Sprint(a))
			}
		}
		return strings.Join(items, ",")
	}
	switch r.Intn(10) {
	case 0:
		return pick("@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly")
	case 1:
		return pick("5-3 * * * *", "0 0 30 2 *", "0 0 31 4,6,9,11 *", "*/60 * * * *", "* */24 * * *", "0 0 31 2 1-5", "0 0 0-0 * *")
	}
	dow := field(0, 7)
	if r.Intn(3) == 0 {
		dow = pick("sun", "Mon-fri", "SAT", "7", "0-7", "*/3", "5-1")
	}
	month := field(1, 12)
	if r.Intn(3) == 0 {
		month = pick("jan", "feb-apr", "DEC", "*/5", "feb", "2")
	}
	return strings.Join([]string{field(0, 59), field(0, 23), field(1, 31), month, dow}, pick(" ", "\t", "  "))
}

// textRoundTrips checks the MarshalText contract for one schedule: either
// an error, or text that UnmarshalText reads back as the same schedule.
func textRoundTrips(t *testing.T, how string, s Schedule) bool {
	t.Helper()
	b, err := s.MarshalText()
	if err != nil {
		return true
	}
	var back Schedule
	if err := back.UnmarshalText(b); err != nil {
		t.Errorf("%s: MarshalText gives %q, UnmarshalText: %v", how, b, err)
		return false
	}
	if back != s {
		t.Errorf("%s: MarshalText gives %q, which reads back as %q", how, b, back.String())
		return false
	}
	return true
}

// TestTextRoundTrip: for every schedule of every dialect, MarshalText
// either fails or writes text UnmarshalText reads back as the same
// schedule; the Debian-only schedules carry the "debian:" prefix.
func TestTextRoundTrip(t *testing.T) {
	for _, c := range []struct {
		expr string
		d    Dialect
		text string
	}{
		{"5-3 * * * *", Debian, "debian:59-0 * * * *"},
		{"0 0 30 2 *", DebianBookworm, "debian:0 0 30 2 *"},
		{"*/60 * * * *", Debian, "debian:*/60 * * * *"},
		{"5;x 1 * * *", Debian, "5 1 * * *"},
		{"30 1 * * 7", Strict, "30 1 * * 0"},
		{"0 */2 L * 5L", Strict, "0 */2 L * 5L"},
		{"@reboot", Debian, "@reboot"},
	} {
		s, err := ParseOptions{Dialect: c.d}.Parse(c.expr)
		if err != nil {
			t.Fatalf("%q: %v", c.expr, err)
		}
		if b, _ := s.MarshalText(); string(b) != c.text {
			t.Errorf("%s %q: MarshalText = %q, want %q", c.d, c.expr, b, c.text)
		}
		textRoundTrips(t, c.d.String()+" "+c.expr, s)
	}
	// The zero Schedule is the empty text, and back.
	if s := (Schedule{}).String(); s != "" {
		t.Errorf("zero Schedule prints %q", s)
	}
	textRoundTrips(t, "zero Schedule", Schedule{})
	// Through encoding/json, as a configuration file would hold it.
	in := map[string]Schedule{"a": MustParse("0 1 * * *")}
	in["b"], _ = ParseOptions{Dialect: Debian}.Parse("0 0 31 2 *")
	blob, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]Schedule
	if err := json.Unmarshal(blob, &out); err != nil || out["a"] != in["a"] || out["b"] != in["b"] || out["z"] != (Schedule{}) {
		t.Errorf("JSON %s reads back as %v, %v", blob, out, err)
	}

	checked, prefixed := 0, 0
	props := gopter.NewProperties(gopterParams(t, 5000))
	props.Property("MarshalText reads back", prop.ForAll(func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		exprs := []string{randomExpr(r), randomDebianExpr(r)}
		for _, expr := range exprs {
			for _, d := range []Dialect{Strict, Debian, DebianBookworm} {
				s, err := ParseOptions{Dialect: d}.Parse(expr)
				if err != nil {
					continue
				}
				checked++
				if b, _ := s.MarshalText(); strings.HasPrefix(string(b), "debian:") {
					prefixed++
				}
				if !textRoundTrips(t, fmt.Sprintf("%s %q", d, expr), s) {
					return false
				}
			}
		}
		return true
	}, gen.Int64()))
	props.TestingRun(t)
	t.Logf("%d schedules checked, %d of them Debian-only", checked, prefixed)
}
