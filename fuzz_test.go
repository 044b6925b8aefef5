package cronsim

import (
	"testing"
	"time"
)

// FuzzParse: no input panics or hangs; every accepted expression's
// canonical text parses back to the same schedule; the strict dialect
// never accepts (without extensions) what Debian's crontab rejects.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{
		"30 1 * * *", "*/5 * * * *", "0-59 1 * * *", "5;x * * * *", "*-5 * * * *", "5-3 * * * *",
		"1/20 * * * *", "4294967296 * * * *", "0 0 L * *", "0 0 * * 5L", "0 0 * * 1#2", "@daily", "@Daily",
		"0 0 30 2 *", "30 0 0 * * *", "*/20,7 * 1,15 jan-jun mon-fri", "\t1\t2 3 4 5", "* * * * * * *",
		"99999999999999999999 * * * *", "0-59/4294967295 * * * *", "5-3/4294967295 * * * *",
		// Issue 11's extensions.
		"0 0 ? * *", "0 0 1 * ?", "0 0 15W * *", "0 0 1W,31W * *", "0 0 L-3 * *", "0 0 29-L * *", "0 0 1-L/8 * *",
		"0 0 * * MON-FRI#1", "0 0 * * THU,FRI#L", "0 0 * * SAT-SUN#L,SUN#1", "0 0 * * MONL", "0 0 * * L5",
		"H 3 * * *", "H(0-29)/10 * * * *", "H H H H H * H/2", "CRON_TZ=Europe/Dublin 30 1 * * *",
		"TZ=America/New_York @daily", "CRON_TZ= * * * * *", "TZ=../../etc/passwd * * * * *",
		"0 30 1 * * * 2030", "0 0 0 29 2 * 2025,2028", "0 0 0 1 1 * *", "0 0 1 1 * 2026",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		// H needs a key: with one, the canonical text (H resolved to
		// numbers) parses back without it.
		if s, err := (ParseOptions{HashKey: "fuzz"}).Parse(expr); err == nil {
			if s2, err := Parse(s.String()); err != nil || s2 != s {
				t.Fatalf("hashed: %q -> %q -> %+v, %v", expr, s.String(), s2, err)
			}
		} else if _, ok := err.(*ParseError); !ok {
			t.Fatalf("hashed: error of type %T: %v", err, err)
		}
		for _, d := range []Dialect{Strict, Debian, DebianBookworm} {
			s, err := ParseOptions{Dialect: d}.Parse(expr)
			if err != nil {
				if _, ok := err.(*ParseError); !ok {
					t.Fatalf("%v: error of type %T: %v", d, err, err)
				}
				continue
			}
			s2, err := ParseOptions{Dialect: d}.Parse(s.String())
			if err != nil || s2 != s {
				t.Fatalf("%v: %q -> %q -> %+v, %v", d, expr, s.String(), s2, err)
			}
			if d == Strict && !usesExtensions(expr) {
				if _, err := (ParseOptions{Dialect: Debian}).Parse(expr); err != nil {
					t.Fatalf("strict accepts %q, Debian rejects it: %v", expr, err)
				}
			}
		}
	})
}

// usesExtensions reports whether the strict parse of expr used syntax
// that Debian's crontab does not have (? is a bare * to the schedule, so
// the parser, not the Schedule, knows).
func usesExtensions(expr string) bool {
	_, ext, _ := parseStrict(expr, "")
	return ext
}

var fuzzZones = []string{"Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "Antarctica/Troll",
	"Pacific/Chatham", "America/Havana", "Pacific/Apia", "Europe/Moscow", "UTC", "Asia/Kolkata"}

// FuzzNextPrev: Next and Prev agree with the reference model of the daemon
// for any expression either dialect accepts, in zones with unusual
// transitions, over two days around any instant between 1970 and 2040.
func FuzzNextPrev(f *testing.F) {
	f.Add("30 1 * * *", uint8(0), int64(1616893200))
	f.Add("*/7 * * * *", uint8(2), int64(1633190400))
	f.Add("0-59 2 * * *", uint8(3), int64(1616889600))
	f.Add("0 12 * * *", uint8(6), int64(1325156400))
	f.Add("30 1 15W,L-2 * ?", uint8(0), int64(1616893200))
	f.Add("CRON_TZ=America/New_York 30 2 * * MON-FRI#2,SUN#L", uint8(0), int64(1615687200))
	f.Add("0 30 1 * * * 2021", uint8(1), int64(1636264800))
	f.Fuzz(func(t *testing.T, expr string, zone uint8, unix int64) {
		s, err := ParseOptions{Dialect: Strict}.Parse(expr)
		if err != nil {
			if s, err = (ParseOptions{Dialect: Debian}).Parse(expr); err != nil {
				return
			}
			expr = s.String()
			if _, err := Parse(expr); err != nil {
				return // a Debian-only reading: the model check below parses strictly
			}
		}
		const lo, span = 0, 70 * 365 * 86400
		unix = lo + ((unix%span)+span)%span
		from := time.Unix(unix, 0)
		window := 48 * time.Hour
		if s, _ := Parse(expr); s.hasSeconds {
			window = 2 * time.Hour // up to 7,200 runs instead of 172,800
		}
		checkAgainstModel(t, expr, fuzzZones[int(zone)%len(fuzzZones)], from, from.Add(window))
	})
}

// TestFuzzSeedsRandom runs the fuzz properties over generated inputs, so
// a plain "go test" exercises them beyond the seed corpus.
func TestFuzzSeedsRandom(t *testing.T) {
	r := testRand(t)
	for i := 0; i < 300; i++ {
		expr := randomExpr(r)
		from := time.Unix(r.Int63n(70*365*86400), 0)
		checkAgainstModel(t, expr, fuzzZones[r.Intn(len(fuzzZones))], from, from.Add(48*time.Hour))
	}
}
