package main

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// This file generates Debian-valid crontab time fields, deterministically
// from a seed. It knows only Debian's syntax (entry.c of Debian's cron
// 3.0pl1-162, as the root package's Debian dialect reads it), enough to
// estimate how often a line would start so that a recording's job volume
// stays sane.
// It never decides when a line runs: the daemon does.

type field struct {
	name   string
	lo, hi int
	names  []string
	maxStp int
}

var (
	fMin   = field{"minute", 0, 59, nil, 30}
	fHour  = field{"hour", 0, 23, nil, 12}
	fDom   = field{"dom", 1, 31, nil, 15}
	fMonth = field{"month", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}, 6}
	fDow   = field{"dow", 0, 7, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, 3}
	// BusyBox's ParseField (miscutils/crond.c) fills day of week modulo 7
	// and rejects 7: its generator stops at 6.
	fDowBusybox = field{"dow", 0, 6, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}, 3}
)

// part is one generated field: its text, the set it selects and whether it
// starts with '*'.
type part struct {
	text string
	set  []bool // indexed by value; dow 7 folded into 0
	star bool
}

func (p part) count() int {
	n := 0
	for _, b := range p.set {
		if b {
			n++
		}
	}
	return n
}

type gen struct {
	r *rand.Rand
	// noQuirks: the dialect has none of Debian's accepted oddities
	// ("5-3", "*-5", "5;x"); cronie rejects them or reads them otherwise,
	// BusyBox reads a reversed range as wrapping around.
	noQuirks bool
	dow      field
}

func (g *gen) pick(xs []int) int { return xs[g.r.IntN(len(xs))] }

func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

func newSet(f field) []bool { return make([]bool, f.hi+1) }

func setRange(f field, s []bool, a, b, step int) {
	for v := a; v <= b; v += step {
		if f.name == "dow" && v == 7 {
			s[0] = true
		} else {
			s[v] = true
		}
	}
}

// num writes a value, sometimes as a name or with leading zeros.
func (g *gen) num(f field, v int) string {
	if f.names != nil && !(f.name == "dow" && v == 7) && g.chance(0.3) {
		idx := v - f.lo
		if f.name == "dow" {
			idx = v % 7
		}
		n := f.names[idx]
		switch g.r.IntN(4) {
		case 0:
			n = strings.ToUpper(n)
		case 1:
			n = strings.ToUpper(n[:1]) + n[1:]
		}
		return n
	}
	s := strconv.Itoa(v)
	if g.chance(0.04) {
		s = "0" + s
	}
	if g.chance(0.01) {
		s = "00" + s
	}
	return s
}

func (g *gen) near(f field, interest []int) int {
	if len(interest) == 0 || g.chance(0.2) {
		return f.lo + g.r.IntN(f.hi-f.lo+1)
	}
	v := g.pick(interest)
	if g.chance(0.3) {
		v += g.r.IntN(3) - 1
	}
	if v < f.lo {
		v = f.lo
	}
	if v > f.hi {
		v = f.hi
	}
	return v
}

// fixed makes a non-star field (single, range, step range or list).
func (g *gen) fixed(f field, interest []int) part {
	s := newSet(f)
	switch k := g.r.IntN(10); {
	case k < 4:
		v := g.near(f, interest)
		setRange(f, s, v, v, 1)
		return part{g.num(f, v), s, false}
	case k < 6:
		a := g.near(f, interest)
		b := min(f.hi, a+1+g.r.IntN(4))
		if g.chance(0.5) && a > f.lo {
			a, b = max(f.lo, a-1-g.r.IntN(2)), a
		}
		setRange(f, s, a, b, 1)
		return part{g.num(f, a) + "-" + g.num(f, b), s, false}
	case k < 7:
		a := g.near(f, interest)
		a = max(f.lo, a-g.r.IntN(3))
		b := min(f.hi, a+2+g.r.IntN(10))
		st := 2 + g.r.IntN(max(1, min(f.maxStp, b-a)-1))
		if st > b-a {
			st = max(1, b-a)
		}
		setRange(f, s, a, b, st)
		return part{g.num(f, a) + "-" + g.num(f, b) + "/" + strconv.Itoa(st), s, false}
	case k < 8:
		// the whole range written out: not a star
		setRange(f, s, f.lo, f.hi, 1)
		if f.name == "dow" && g.chance(0.5) {
			return part{"0-6", s, false}
		}
		return part{g.num(f, f.lo) + "-" + g.num(f, f.hi), s, false}
	default:
		n := 2 + g.r.IntN(3)
		items := make([]string, 0, n)
		for i := 0; i < n; i++ {
			if g.chance(0.25) {
				a := g.near(f, interest)
				b := min(f.hi, a+1+g.r.IntN(3))
				setRange(f, s, a, b, 1)
				items = append(items, g.num(f, a)+"-"+g.num(f, b))
			} else {
				v := g.near(f, interest)
				setRange(f, s, v, v, 1)
				items = append(items, g.num(f, v))
			}
		}
		return part{strings.Join(items, ","), s, false}
	}
}

// starry makes a field that starts with '*'.
func (g *gen) starry(f field, interest []int) part {
	s := newSet(f)
	switch k := g.r.IntN(10); {
	case k < 5:
		setRange(f, s, f.lo, f.hi, 1)
		return part{"*", s, true}
	case k < 9:
		st := 2 + g.r.IntN(f.maxStp-1)
		setRange(f, s, f.lo, f.hi, st)
		return part{"*/" + strconv.Itoa(st), s, true}
	default:
		// "*,5": a list that starts with a star is still a star
		setRange(f, s, f.lo, f.hi, 1)
		return part{"*," + g.num(f, g.near(f, interest)), s, true}
	}
}

// quirk makes a still-valid Debian oddity (a plain field in other dialects).
func (g *gen) quirk(f field, interest []int) part {
	if g.noQuirks {
		return g.fixed(f, interest)
	}
	s := newSet(f)
	v := g.near(f, interest)
	switch g.r.IntN(3) {
	case 0:
		// a reversed range: accepted, selects nothing
		a := min(f.hi, v+1+g.r.IntN(3))
		return part{strconv.Itoa(a) + "-" + strconv.Itoa(v), s, false}
	case 1:
		// trailing junk after the list is skipped: "*-5" is "*"
		setRange(f, s, f.lo, f.hi, 1)
		return part{"*-" + strconv.Itoa(v), s, true}
	default:
		// "5;x" is 5
		setRange(f, s, v, v, 1)
		return part{strconv.Itoa(v) + ";x", s, false}
	}
}

type dateInfo struct{ dom, month, dow int }

func parseDates(ds []string) ([]dateInfo, error) {
	var out []dateInfo
	for _, d := range ds {
		t, err := time.Parse("2006-01-02", d)
		if err != nil {
			return nil, err
		}
		out = append(out, dateInfo{t.Day(), int(t.Month()), int(t.Weekday())})
	}
	return out, nil
}

// dayFraction is the share of the window's local dates on which the day
// fields match (Debian's rule: AND when either day field starts with '*').
func dayFraction(dom, mon, dow part, dates []dateInfo) float64 {
	if len(dates) == 0 {
		return 1
	}
	n := 0
	for _, d := range dates {
		if !mon.set[d.month] {
			continue
		}
		var ok bool
		if dom.star || dow.star {
			ok = dom.set[d.dom] && dow.set[d.dow]
		} else {
			ok = dom.set[d.dom] || dow.set[d.dow]
		}
		if ok {
			n++
		}
	}
	return float64(n) / float64(len(dates))
}

var atStrings = []struct {
	s       string
	perHour float64 // upper estimate of starts per hour
}{
	{"@hourly", 1}, {"@daily", 1.0 / 12}, {"@midnight", 1.0 / 12}, {"@weekly", 1.0 / 24},
	{"@monthly", 1.0 / 24}, {"@yearly", 1.0 / 24}, {"@annually", 1.0 / 24},
}

// genDST generates count distinct expressions aimed at a transition.
func genDST(spec *plan.GenSpec, window time.Duration, seen map[string]bool) ([]string, error) {
	dates, err := parseDates(spec.Dates)
	if err != nil {
		return nil, err
	}
	g := &gen{r: rand.New(rand.NewPCG(spec.Seed, 0x63726f6e73696d)), dow: fDow}
	switch spec.Dialect {
	case "":
	case "cronie":
		g.noQuirks = true
	case "busybox":
		g.noQuirks, g.dow = true, fDowBusybox
	default:
		return nil, fmt.Errorf("unknown dialect %q", spec.Dialect)
	}
	minutes := spec.Minutes
	if len(minutes) == 0 {
		minutes = []int{0, 1, 2, 5, 15, 29, 30, 31, 44, 45, 46, 58, 59}
	}
	hours := spec.Hours
	var doms, months, dows []int
	for _, d := range dates {
		doms = append(doms, d.dom)
		months = append(months, d.month)
		dows = append(dows, d.dow)
		if d.dow == 0 && g.dow.hi == 7 {
			dows = append(dows, 7)
		}
	}
	budget := spec.Budget
	if budget == 0 {
		budget = 7000
	}
	perLine := spec.PerLine
	if perLine == 0 {
		perLine = 300
	}
	winMin := window.Minutes()
	var out []string
	total := 0.0
	local := map[string]bool{}
	for attempts := 0; len(out) < spec.Count && attempts < spec.Count*200; attempts++ {
		var expr string
		var est float64
		if g.chance(0.03) {
			if spec.Dialect == "busybox" {
				continue // see noAtStrings
			}
			a := atStrings[g.r.IntN(len(atStrings))]
			expr, est = a.s, a.perHour*winMin/60
		} else {
			var mi, hr part
			switch k := g.r.IntN(10); {
			case k < 5: // fixed-time
				mi, hr = g.fixed(fMin, minutes), g.fixed(fHour, hours)
			case k < 7: // wildcard minute, hour aimed
				mi, hr = g.starry(fMin, minutes), g.fixed(fHour, hours)
			case k < 9: // wildcard hour
				mi, hr = g.fixed(fMin, minutes), g.starry(fHour, hours)
			default: // quirks in one of the two
				if g.chance(0.5) {
					mi, hr = g.quirk(fMin, minutes), g.fixed(fHour, hours)
				} else {
					mi, hr = g.fixed(fMin, minutes), g.quirk(fHour, hours)
				}
			}
			dom, mon, dow := g.dayFields(doms, months, dows)
			expr = strings.Join([]string{mi.text, hr.text, dom.text, mon.text, dow.text}, " ")
			est = winMin * float64(mi.count()) / 60 * float64(hr.count()) / 24 * dayFraction(dom, mon, dow, dates)
			// a day's worth of one hour can still fall in the window
			if est < 1 && hr.count() > 0 && mi.count() > 0 && dayFraction(dom, mon, dow, dates) > 0 {
				est = 1
			}
		}
		if seen[expr] || local[expr] || est > float64(perLine) || total+est > float64(budget) {
			continue
		}
		local[expr] = true
		total += est
		out = append(out, expr)
	}
	if len(out) < spec.Count {
		return out, fmt.Errorf("generator made only %d of %d lines within budget %d", len(out), spec.Count, budget)
	}
	return out, nil
}

func (g *gen) dayFields(doms, months, dows []int) (dom, mon, dow part) {
	pickField := func(f field, interest []int, pStar float64) part {
		switch {
		case g.chance(pStar):
			s := newSet(f)
			setRange(f, s, f.lo, f.hi, 1)
			return part{"*", s, true}
		case g.chance(0.2):
			return g.starry(f, interest)
		case g.chance(0.03):
			return g.quirk(f, interest)
		default:
			return g.fixed(f, interest)
		}
	}
	dom = pickField(fDom, doms, 0.6)
	mon = pickField(fMonth, months, 0.75)
	dow = pickField(g.dow, dows, 0.6)
	return
}

// noAtStrings: BusyBox crond as Debian builds it (busybox-static 1.37)
// dies of a NULL pointer on any "@" line: its special-times code reads
// the parser's copy of the line, which is only kept in builds with crond's
// -d option (PARSE_KEEP_COPY is 0 without FEATURE_CROND_D), and Debian's
// has none. The busybox dialect therefore never writes one; the parse
// corpus records the crash (conformance/parse/README.md).

// genJump makes a modest crontab around a clock set: every-minute and step
// lines, hourly lines, and fixed-time lines at the given local times.
func genJump(spec *plan.GenSpec, seen map[string]bool) ([]string, error) {
	g := &gen{r: rand.New(rand.NewPCG(spec.Seed, 0x6a756d70))}
	var out []string
	local := map[string]bool{}
	add := func(e string) {
		if spec.Dialect == "busybox" && strings.HasPrefix(e, "@") {
			return // see noAtStrings
		}
		if !seen[e] && !local[e] {
			local[e] = true
			out = append(out, e)
		}
	}
	for _, e := range []string{"* * * * *", "*/2 * * * *", "*/5 * * * *", "*/10 * * * *",
		"*/15 * * * *", "@hourly", "0 * * * *", "30 * * * *", "0-59/10 * * * *", "@daily"} {
		add(e)
	}
	for _, h := range spec.Hours {
		add(fmt.Sprintf("0-59 %d * * *", h))
		add(fmt.Sprintf("* %d * * *", h))
		add(fmt.Sprintf("*/7 %d * * *", h))
		add(fmt.Sprintf("0,15,30,45 %d * * *", h))
	}
	var hm [][2]int
	for _, t := range spec.Times {
		var h, m int
		if _, err := fmt.Sscanf(t, "%d:%d", &h, &m); err != nil {
			return nil, fmt.Errorf("bad time %q", t)
		}
		hm = append(hm, [2]int{h, m})
		add(fmt.Sprintf("%d %d * * *", m, h))
		add(fmt.Sprintf("%d * * * *", m))
	}
	for tries := 0; len(out) < spec.Count && tries < 1000 && len(hm) > 0; tries++ {
		a, b := hm[g.r.IntN(len(hm))], hm[g.r.IntN(len(hm))]
		switch g.r.IntN(3) {
		case 0:
			if a[0] == b[0] && a[1] < b[1] {
				add(fmt.Sprintf("%d-%d %d * * *", a[1], b[1], a[0]))
			}
		case 1:
			if a[1] != b[1] {
				add(fmt.Sprintf("%d,%d %d,%d * * *", min(a[1], b[1]), max(a[1], b[1]), min(a[0], b[0]), max(a[0], b[0])))
			}
		default:
			add(fmt.Sprintf("%d %d-%d * * *", a[1], min(a[0], b[0]), max(a[0], b[0])))
		}
	}
	return out, nil
}
