package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A spec is one generated calendar specification and the base time its
// next elapses are computed from.
type spec struct {
	Text string
	Base int // index into bases
}

// bases are the times the next elapses are computed from: a plain date,
// and an instant shortly before each daylight saving transition of the
// recorded zones (New York, Dublin, Lord Howe, in 2021), a leap day,
// and the turn of a century (whole seconds: libfaketime takes no fraction).
var bases = []string{
	"2026-12-05T17:00:00Z",
	"2021-03-14T05:30:00Z", // New York spring: 07:00Z
	"2021-11-07T04:30:00Z", // New York fall: 06:00Z
	"2021-03-27T23:30:00Z", // Dublin spring: 01:00Z
	"2021-10-30T23:30:00Z", // Dublin fall: 01:00Z
	"2021-10-02T14:30:00Z", // Lord Howe spring: 15:30Z
	"2021-04-03T14:00:00Z", // Lord Howe fall: 15:00Z
	"2024-02-28T12:34:56Z",
	"1999-12-31T23:59:59Z",
}

// zones are the values of TZ each spec is run under.
var zones = []string{"UTC", "America/New_York"}

type gen struct {
	r    *rand.Rand
	seen map[string]bool
	out  []spec
	max  int
}

// localAbbrevs are the zone abbreviations glibc gives tzname in the
// recorded zones. systemd reads a specification ending in one of them
// as "local time, daylight saving on (or off)", but which names count
// depends on the last localtime() call of the process (glibc's
// __tzfile_compute sets tzname), so the verdict on such a specification
// is not a function of the specification: none is generated.
var localAbbrevs = []string{"UTC", "EST", "EDT", "GMT", "IST", "+1030", "+11"}

func (g *gen) add(s string) {
	if len(g.out) >= g.max || g.seen[s] || strings.ContainsAny(s, "\n\x00") || s == "" {
		return
	}
	for _, a := range localAbbrevs {
		if a != "UTC" && len(s) > len(a) && strings.EqualFold(s[len(s)-len(a)-1:], " "+a) {
			return
		}
	}
	g.seen[s] = true
	g.out = append(g.out, spec{Text: s, Base: g.r.IntN(len(bases))})
}

func (g *gen) full() bool { return len(g.out) >= g.max }

func (g *gen) pick(xs ...string) string { return xs[g.r.IntN(len(xs))] }

var weekdayNames = [][2]string{
	{"Mon", "Monday"}, {"Tue", "Tuesday"}, {"Wed", "Wednesday"}, {"Thu", "Thursday"},
	{"Fri", "Friday"}, {"Sat", "Saturday"}, {"Sun", "Sunday"},
}

var shorthands = []string{"minutely", "hourly", "daily", "monthly", "weekly", "yearly", "annually", "quarterly", "semiannually"}

var tzSuffixes = []string{"UTC", "utc", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Lord_Howe",
	"Pacific/Apia", "Asia/Kolkata", "Etc/GMT+5", "CET", "Europe/Dublin", "Nowhere/Zone", "Z", "AEST", "Etc/UTC", "Europe/London"}

// casing writes a name in one of a few casings.
func (g *gen) casing(s string) string {
	switch g.r.IntN(6) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	return s
}

func (g *gen) weekday() string {
	w := weekdayNames[g.r.IntN(7)]
	return g.casing(w[g.r.IntN(2)*boolInt(g.r.IntN(4) == 0)])
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (g *gen) weekdays() string {
	n := 1 + g.r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		switch g.r.IntN(4) {
		case 0, 1:
			parts[i] = g.weekday()
		default:
			a, b := g.r.IntN(7), g.r.IntN(7)
			if a > b && g.r.IntN(7) > 0 {
				a, b = b, a
			}
			sep := ".."
			if g.r.IntN(3) == 0 {
				sep = "-"
			}
			parts[i] = g.dayName(a) + sep + g.dayName(b)
		}
	}
	s := strings.Join(parts, ",")
	if g.r.IntN(30) == 0 {
		s += ","
	}
	return s
}

func (g *gen) dayName(d int) string {
	return g.casing(weekdayNames[d][boolInt(g.r.IntN(4) == 0)])
}

// num writes v, sometimes with leading zeros.
func (g *gen) num(v int) string {
	s := strconv.Itoa(v)
	switch g.r.IntN(8) {
	case 0:
		s = "0" + s
	case 1:
		if len(s) == 1 {
			s = "0" + s
		}
	}
	return s
}

// value picks a number in [lo, hi], now and then just outside.
func (g *gen) value(lo, hi int) int {
	switch g.r.IntN(60) {
	case 0:
		return hi + 1 + g.r.IntN(3)
	case 1:
		return lo - 1
	case 2, 3:
		return hi
	case 4, 5:
		return lo
	}
	return lo + g.r.IntN(hi-lo+1)
}

// component writes one date or time component: *, or a list of values,
// ranges, repetitions.
func (g *gen) component(lo, hi int) string {
	switch g.r.IntN(40) {
	case 0:
		return "*/" + g.num(1+g.r.IntN(max(1, (hi-lo)/2+1)))
	case 1, 2, 3, 4, 5:
		return "*"
	}
	n := 1
	if g.r.IntN(5) == 0 {
		n = 2 + g.r.IntN(2)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.item(lo, hi)
	}
	if g.r.IntN(60) == 0 {
		parts = append(parts, "*")
	}
	return strings.Join(parts, ",")
}

func (g *gen) item(lo, hi int) string {
	switch g.r.IntN(10) {
	case 0, 1, 2, 3, 4:
		return g.num(g.value(lo, hi))
	case 5, 6:
		a := g.value(lo, hi)
		b := g.value(lo, hi)
		if a > b && g.r.IntN(10) > 0 {
			a, b = b, a
		}
		return g.num(a) + ".." + g.num(b)
	case 7, 8:
		return g.num(g.value(lo, hi)) + "/" + g.num(1+g.r.IntN(max(1, (hi-lo)/2+2)))
	default:
		a := g.value(lo, hi)
		b := g.value(lo, hi)
		if a > b {
			a, b = b, a
		}
		return g.num(a) + ".." + g.num(b) + "/" + g.num(1+g.r.IntN(max(1, (b-a)+2)))
	}
}

func (g *gen) year() string {
	switch g.r.IntN(8) {
	case 0:
		return strconv.Itoa(g.r.IntN(100)) // two digits: 19xx/20xx
	case 1:
		return strconv.Itoa(1960 + g.r.IntN(260))
	case 2:
		return g.component(2020, 2040)
	}
	return strconv.Itoa(2020 + g.r.IntN(12))
}

func (g *gen) date() string {
	sep := "-"
	if g.r.IntN(5) == 0 {
		sep = "~"
	}
	var day string
	if sep == "~" {
		day = g.component(1, 7)
	} else {
		day = g.component(1, 31)
	}
	md := g.component(1, 12) + sep + day
	switch g.r.IntN(4) {
	case 0:
		return md
	case 1:
		return "*-" + md
	}
	return g.year() + "-" + md
}

func (g *gen) seconds() string {
	switch g.r.IntN(8) {
	case 0:
		return g.num(g.r.IntN(60)) + "." + g.frac()
	case 1:
		return g.num(g.r.IntN(60)) + "/" + g.num(1+g.r.IntN(30)) + "." + g.frac()
	case 2:
		return "*/" + g.num(1+g.r.IntN(20)) + "." + g.frac()
	case 3:
		return g.num(g.r.IntN(60)) + "." + g.frac() + ".." + g.num(g.r.IntN(60))
	}
	return g.component(0, 59)
}

func (g *gen) frac() string {
	n := 1 + g.r.IntN(8)
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + g.r.IntN(10)))
	}
	return b.String()
}

func (g *gen) timeOfDay() string {
	switch g.r.IntN(5) {
	case 0:
		return g.component(0, 23) + ":" + g.component(0, 59)
	case 1:
		return g.num(g.r.IntN(24)) + ":" + g.num(g.r.IntN(60))
	}
	return g.component(0, 23) + ":" + g.component(0, 59) + ":" + g.seconds()
}

// structured writes [weekdays] [date] [time] [zone].
func (g *gen) structured() string {
	var parts []string
	if g.r.IntN(3) == 0 {
		parts = append(parts, g.weekdays())
	}
	hasDate := g.r.IntN(3) > 0
	hasTime := g.r.IntN(4) > 0
	if !hasDate && !hasTime && len(parts) == 0 {
		hasTime = true
	}
	if hasDate {
		parts = append(parts, g.date())
	}
	if hasTime {
		parts = append(parts, g.timeOfDay())
	}
	if g.r.IntN(6) == 0 {
		parts = append(parts, g.pick(tzSuffixes...))
	}
	sep := " "
	if g.r.IntN(25) == 0 {
		sep = "  "
	}
	return strings.Join(parts, sep)
}

// mutate changes one to three characters of s.
func (g *gen) mutate(s string) string {
	const alphabet = "0123456789*-~:.,/ @abcMonFriUTC+_xZ"
	b := []byte(s)
	for range 1 + g.r.IntN(3) {
		if len(b) == 0 {
			b = append(b, alphabet[g.r.IntN(len(alphabet))])
			continue
		}
		i := g.r.IntN(len(b))
		switch g.r.IntN(3) {
		case 0:
			b = append(b[:i], b[i+1:]...)
		case 1:
			b = append(b[:i], append([]byte{alphabet[g.r.IntN(len(alphabet))]}, b[i:]...)...)
		default:
			b[i] = alphabet[g.r.IntN(len(alphabet))]
		}
	}
	return string(b)
}

// handWritten are the cases of systemd.time(7)'s examples and the
// corners of the grammar, written once.
var handWritten = []string{
	"Sat,Thu,Mon..Wed,Sat..Sun", "Mon,Sun 12-*-* 2,1:23", "Wed *-1", "Wed..Wed,Wed *-1", "Wed, 17:48",
	"Wed..Sat,Tue 12-10-15 1:2:3", "*-*-7 0:0:0", "10-15", "monday *-12-* 17:00", "Mon,Fri *-*-3,1,2 *:30:45",
	"12,14,13,12:20,10,30", "12..14:10,20,30", "mon,fri *-1/2-1,3 *:30:45", "03-05 08:05:40", "08:05:40",
	"05:40", "Sat,Sun 12-05 08:05:40", "Sat,Sun 08:05:40", "2003-03-05 05:40", "05:40:23.4200004/3.1700005",
	"2003-02..04-05", "2003-03-05 05:40 UTC", "2003-03-05", "03-05", "hourly", "daily", "daily UTC",
	"monthly", "weekly", "yearly", "annually", "*:2/3", "minutely", "quarterly", "semiannually",
	"*-*-* *:*:*", "*:*:*", "*:*", "*-*-~1", "*-02~03", "Mon *-05~07/1", "*-*-8..15 12:00", "2026-*-~1..3",
	"*-*-* 00:00:00.000001", "*:*:0.5", "*:*:*.5", "*-*-1/2", "*-*-*/2", "0/15", "*:0/15", "*:0/15:0",
	"Mon..Fri 09:00", "Mon-Fri 09:00", "Mon..Fri,Sun", "Fri..Mon", "Mon..", "Mon,,Tue", "Mon,", "Mon.Tue",
	"@0", "@1395716396", "@-1", "@", "@1e3", "@99999999999", "now", "today", "tomorrow", "",
	"*-*-* 24:00", "*-*-* 23:60", "*-*-* 23:59:60", "*-*-* 23:59:59.999999", "*-*-* 23:59:59.9999999",
	"*-13-1", "*-0-1", "*-1-0", "*-2-30", "*-2-29", "2024-2-29", "2023-2-29", "*-*-32", "*-*~29", "*-*~28", "*-*~0",
	"1969-1-1", "1970-1-1", "2199-12-31", "2200-1-1", "69-1-1", "70-1-1", "99-1-1", "100-1-1",
	"*-*-* 1,2,3:4", "*-*-* 1..3:4", "*-*-* 01..03/2:04", "*-*-* */5:*/5", "*-*-* 5/0:0", "*-*-*/0",
	"Mon 2026-01-05", "Tue 2026-01-05", "Sun *-*-1 00:00", "mOnDaY 9:00", "Monday..Friday 9:00", "Mo 9:00",
	"*-*-* 9:00 Europe/Berlin", "*-*-* 9:00 Nowhere/Zone", "*-*-* 9:00 EST", "9:00 UTC", "9:00 utc",
	"9:00 America/New_York", "Mon 9:00 Asia/Tokyo", "daily Europe/Berlin", "hourly UTC", "weekly Asia/Tokyo",
	"2026-03-29 02:30 Europe/Dublin", "2026-03-08 02:30 America/New_York", "2026-11-01 01:30 America/New_York",
	"*-*-* 02:30", "*-*-* 01:30", "*-*-* 01:*", "*-*-* 02:*:*", "Sun *-*-* 02:00",
	"1 2", "1-2-3-4", "1:2:3:4", "1-2 3:4 5", "9:00 9:00", "Mon Mon", "*", "**", "*/*", "*/1", "1..2..3",
	"4294967296:00", "2147483647:00", "*:*:4294", "*:*:2147", "*:*:2148", "*-*-* *:*:59.9999995",
	"00:00:00.0000001", "0:0:0.", "0:0:.5", "0:0:0..5", "0:0:0.5..0.7", "0:0:0.5..1.7/0.3",
}

// generate returns count distinct specifications, a pure function of
// seed and count.
func generate(seed uint64, count int) []spec {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x5973746d64)), seen: map[string]bool{}, max: count}
	for _, s := range handWritten {
		g.add(s)
	}
	for _, s := range shorthands {
		g.add(s)
		g.add(strings.ToUpper(s))
		g.add(strings.ToUpper(s[:1]) + s[1:])
		g.add(s + " UTC")
		g.add(s + "x")
		g.add(s[:len(s)-1])
		g.add(" " + s)
		g.add(s + " ")
	}
	for !g.full() {
		switch k := g.r.IntN(20); {
		case k < 15:
			g.add(g.structured())
		case k < 18:
			g.add(g.mutate(g.structured()))
		case k < 19:
			s := g.pick(shorthands...)
			if g.r.IntN(2) == 0 {
				s = g.mutate(s)
			}
			if g.r.IntN(2) == 0 {
				s += " " + g.pick(tzSuffixes...)
			}
			g.add(s)
		default:
			g.add(fmt.Sprintf("@%d", g.r.Int64N(8000000000)-1000))
		}
	}
	return g.out
}
