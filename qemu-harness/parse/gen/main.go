// Command gen writes a deterministic list of crontab time specs for the
// parse corpus: valid specs of every construct Debian's cron accepts, and
// invalid or quirky ones around each rule of Debian's entry.c.
//
// Each spec is the part of a crontab line before the command; the recorder
// appends " true" and asks Debian's own `crontab -n` for a verdict. The
// output is one JSON string per line (JSON because specs may hold tabs,
// control characters and non-ASCII text). The same -seed and -count always
// give the same list in the same order.
//
// Usage:
//
//	go run ./qemu-harness/parse/gen -seed 1 -count 12000 > specs.jsonl
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// field describes one of the five time fields as Debian's cron.h does.
type field struct {
	name      string
	low, high int
	names     []string // lower-case names; index+low is the value
}

var fields = []field{
	{"minute", 0, 59, nil},
	{"hour", 0, 23, nil},
	{"dom", 1, 31, nil},
	{"month", 1, 12, []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}},
	{"dow", 0, 7, []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}},
}

var fullMonths = []string{"january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december"}
var fullDays = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// specials are the @ strings Debian knows.
var specials = []string{"reboot", "yearly", "annually", "monthly", "weekly", "daily", "midnight", "hourly"}

// gen accumulates distinct specs in order.
type gen struct {
	r    *rand.Rand
	seen map[string]bool
	out  []string
	max  int
}

func (g *gen) add(s string) {
	if len(g.out) >= g.max || g.seen[s] {
		return
	}
	// A newline would start a second crontab line; invalid UTF-8 cannot
	// round-trip through JSON. Neither is generated on purpose.
	if strings.ContainsAny(s, "\n") || !utf8.ValidString(s) {
		return
	}
	g.seen[s] = true
	g.out = append(g.out, s)
}

func (g *gen) full() bool { return len(g.out) >= g.max }

// put returns the spec with value v in field position i and "*" elsewhere.
func put(i int, v string) string {
	f := []string{"*", "*", "*", "*", "*"}
	f[i] = v
	return strings.Join(f, " ")
}

// putFixed is like put but uses a fixed valid value elsewhere, so that the
// star flags of the other fields are not set.
func putFixed(i int, v string) string {
	f := []string{"0", "0", "1", "1", "0"}
	f[i] = v
	return strings.Join(f, " ")
}

func (g *gen) caseOf(s string) string {
	switch g.r.IntN(4) {
	case 0:
		return s
	case 1:
		return strings.ToUpper(s)
	case 2:
		return strings.ToUpper(s[:1]) + s[1:]
	default:
		b := []byte(s)
		for i := range b {
			if g.r.IntN(2) == 0 {
				b[i] = strings.ToUpper(string(b[i]))[0]
			}
		}
		return string(b)
	}
}

// num returns a valid number of field f, sometimes with leading zeros.
func (g *gen) num(f field, lo, hi int) string {
	v := lo + g.r.IntN(hi-lo+1)
	s := strconv.Itoa(v)
	if g.r.IntN(6) == 0 {
		s = strings.Repeat("0", 1+g.r.IntN(3)) + s
	}
	return s
}

// value returns a number or (if the field has names) a name.
func (g *gen) value(f field, lo, hi int) string {
	if f.names != nil && g.r.IntN(3) == 0 {
		v := lo + g.r.IntN(hi-lo+1)
		idx := v - f.low
		if idx >= 0 && idx < len(f.names) {
			return g.caseOf(f.names[idx])
		}
	}
	return g.num(f, lo, hi)
}

// element returns one valid list element of field f.
func (g *gen) element(f field) string {
	switch g.r.IntN(7) {
	case 0:
		return "*"
	case 1:
		return "*/" + strconv.Itoa(1+g.r.IntN(f.high-f.low))
	case 2, 3:
		a := f.low + g.r.IntN(f.high-f.low+1)
		b := a + g.r.IntN(f.high-a+1)
		s := g.value(f, a, a) + "-" + g.value(f, b, b)
		if g.r.IntN(2) == 0 && b > a {
			s += "/" + strconv.Itoa(1+g.r.IntN(b-a))
		}
		return s
	default:
		return g.value(f, f.low, f.high)
	}
}

func (g *gen) list(f field) string {
	n := 1
	if g.r.IntN(3) == 0 {
		n = 2 + g.r.IntN(3)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = g.element(f)
	}
	return strings.Join(parts, ",")
}

// validSpec returns a random spec built only from valid constructs.
func (g *gen) validSpec() string {
	if g.r.IntN(40) == 0 {
		return "@" + specials[g.r.IntN(len(specials))]
	}
	parts := make([]string, 5)
	for i, f := range fields {
		if g.r.IntN(3) == 0 {
			parts[i] = "*"
		} else {
			parts[i] = g.list(f)
		}
	}
	sep := " "
	switch g.r.IntN(10) {
	case 0:
		sep = "\t"
	case 1:
		sep = "  "
	}
	return strings.Join(parts, sep)
}

// alphabet for mutations: the characters cron cares about plus some
// letters, junk and blanks.
const alphabet = "0123456789*/-,@ \t*/-,LW#?HJjanMONsunFrIx;.=%_+~!"

func (g *gen) mutate(s string) string {
	b := []rune(s)
	n := 1 + g.r.IntN(3)
	al := []rune(alphabet)
	for k := 0; k < n; k++ {
		c := al[g.r.IntN(len(al))]
		switch op := g.r.IntN(3); {
		case op == 0 || len(b) == 0: // insert
			i := g.r.IntN(len(b) + 1)
			b = append(b[:i], append([]rune{c}, b[i:]...)...)
		case op == 1: // delete
			i := g.r.IntN(len(b))
			b = append(b[:i], b[i+1:]...)
		default: // replace
			b[g.r.IntN(len(b))] = c
		}
	}
	return string(b)
}

// systematic adds the hand-designed cases, in a fixed order.
func (g *gen) systematic() {
	// Plain valid forms.
	for _, s := range []string{
		"* * * * *", "0 0 * * *", "0 0 1 1 *", "0 0 1 * *", "0 0 * * 0", "0 * * * *",
		"*/15 * * * *", "0-59 * * * *", "0-23/2 * * * *", "1,15 * * * *",
		"0 0 1,15 * 5", "0 0 */2 * 5", "30 1 * * *", "15 */2 * * *", "* 1 * * *",
		"0 0 * * 7", "0 0 * * 0,7", "0 0 * * 7-7", "0 0 * * 0-7", "0 0 * * 1-7",
		"00 00 01 01 00", "007 007 007 007 007", "0000000000005 * * * *",
		"0 0 29 2 *", "0 0 30 2 *", "0 0 31 2 *", "0 0 31 4 *", "0 0 31 * *",
		"* * * jan *", "* * * JAN *", "* * * Jan *", "* * * jAn *", "* * * * mon", "* * * * MON",
		"* * * jan-dec *", "* * * jan-mar/2 *", "* * * * mon-fri", "* * * * sun-sat/2",
		"* * * * mon-5", "* * * * 1-fri", "* * * 1-dec *", "* * * jan-6/2 *",
		"* * * * sun,7", "* * * * 7,sun", "* * * * SUN-SAT", "* * * * sat-sun",
		"*,5 * * * *", "5,* * * * *", "*/10,5 * * * *", "1-5,10-15/2,30 * * * *",
		"*/1 */1 */1 */1 */1", "0-59/1 0-23/1 1-31/1 1-12/1 0-7/1",
	} {
		g.add(s)
	}

	// Quirks of entry.c in Debian's cron 3.0pl1 (see
	// conformance/parse/README.md), as whole lines.
	for _, s := range []string{
		"5-3 * * * *", "0 0 5-3 * *", "*/0 * * * *", "1/20 * * * *", "*/60 * * * *",
		"*/90 * * * *", "0-59/100 * * * *", "5;x * * * *", "*-5 * * * *", "5, * * * *",
		",5 * * * *", "5--6 * * * *", "-5 * * * *", "* * * * monday", "* * * * mon/2",
		"* * * * */mon", "* * * * mon-fri", "* * * * sun-sat/2", "* * * * 7-sun",
		"4294967296 * * * *", "2147483648 * * * *", "99999999999 * * * *",
		"0 0 L * *", "0 0 * * 5#3", "0 0 ? * *", "H * * * *", "0 0 LW * *", "0 0 15W * *",
		"@Daily", "@every 5m", "@daily x", "* * * *", "* * * * * *", "0 0 31 2 *",
		"5\t*\t*\t*\t*", "* * * * *\t", "5 * * * * %", "% * * * *",
	} {
		g.add(s)
	}

	// Every single value from low-2 to high+2 in each field, with "*" and
	// with fixed values elsewhere.
	for i, f := range fields {
		for v := f.low - 2; v <= f.high+2; v++ {
			g.add(put(i, strconv.Itoa(v)))
			g.add(putFixed(i, strconv.Itoa(v)))
		}
	}

	// Steps on *: every step from 0 to span+3, and some large ones.
	for i, f := range fields {
		span := f.high - f.low
		for s := 0; s <= span+3; s++ {
			g.add(put(i, "*/"+strconv.Itoa(s)))
		}
		for _, s := range []string{"100", "1000", "00", "01", "060", "2147483647", "2147483648", "4294967295", "4294967296", "4294967297", "4294967356", "99999999999", "9223372036854775807", "9223372036854775808", "18446744073709551617", "-1", "+1", " 5", "", "x", "1x", "mon", "jan", "*", "1-2", "1/2", "1,2"} {
			g.add(put(i, "*/"+s))
		}
	}

	// Steps on ranges: several ranges per field and every step from 0
	// to span+2 (the -177 check compares the step with num2-num1).
	for i, f := range fields {
		mid := (f.low + f.high) / 2
		pairs := [][2]int{
			{f.low, f.high}, {f.low + 1, f.high}, {f.low, f.high - 1}, {mid, f.high},
			{f.low, mid}, {mid, mid}, {mid, mid + 1}, {mid + 1, mid}, {f.high, f.low},
		}
		for _, p := range pairs {
			for s := 0; s <= f.high-f.low+2; s++ {
				g.add(put(i, fmt.Sprintf("%d-%d/%d", p[0], p[1], s)))
			}
		}
		// Bounds of ranges.
		ends := []int{f.low - 1, f.low, f.low + 1, f.high - 1, f.high, f.high + 1}
		for _, a := range ends {
			for _, b := range ends {
				g.add(put(i, fmt.Sprintf("%d-%d", a, b)))
				g.add(put(i, fmt.Sprintf("%d-%d/2", a, b)))
			}
		}
		// Step overflow: i += step wraps for a start above 0.
		for _, s := range []string{"2147483647", "2147483646", "2147483600", "1073741824", "4294967295", "4294967297", "99999999999"} {
			g.add(put(i, fmt.Sprintf("%d-%d/%s", f.low, f.high, s)))
			g.add(put(i, fmt.Sprintf("%d-%d/%s", f.low+1, f.high, s)))
			g.add(put(i, fmt.Sprintf("%d-%d/%s", f.high, f.high, s)))
		}
	}

	// Junk and malformed syntax, in every field position.
	junk := []string{
		"5;x", "*-5", "5,", ",5", "5--6", "-5", "5-", "*/", "/5", "5/", "5//2", "*/5/2",
		"1-5/2/3", "1-5-7", "1,,2", "1-", "*5", "**", "*,*", "5x", "x5", "5.0", "5.5",
		"1/20", "5/1", "0/1", "*/5x", "*/x5", "5:x", "5#", "5?", "5%", "5!", "5*", "*x",
		"*/2,", "*/2-3", "1-2,", "1-2-", "*-", "*/-1", "*/+1", "+5", "5+", "0x10", "1e2",
		"5 ", "\t5", "(5)", "[5]", "{5}", "'5'", "\"5\"", "5\\", "5_", "_5", "5~",
		"1,2,3,4,5,6,7,8,9,10", "1-2,3-4,5-6/1", "1-1", "*/1-2", "5,*/2", "5,mon",
		"5\r", "5\v", "5\f", "\v5", "\f5", "\r5", "5\x00", "5\x01", "5\x7f",
	}
	for i := range fields {
		for _, j := range junk {
			g.add(put(i, j))
		}
	}

	// Names: each name in each case in its own field and in the others,
	// full names, names in steps, name/number mixes.
	for i, f := range fields {
		for _, nf := range fields {
			for _, n := range nf.names {
				g.add(put(i, n))
				g.add(put(i, strings.ToUpper(n)))
				g.add(put(i, strings.ToUpper(n[:1])+n[1:]))
			}
		}
		for _, n := range append(append([]string{}, fullMonths...), fullDays...) {
			g.add(put(i, n))
		}
		if f.names != nil {
			first, last := f.names[0], f.names[len(f.names)-1]
			for _, s := range []string{
				"*/" + first, first + "/2", first + "-" + last + "/" + first,
				last + "-" + first, first + "-" + last, first + "-" + last + "/2",
				first + "x", first + "s", first[:2], first + "-", first + ",",
				first + "," + last, first + ";x", first + "-7", "0-" + last,
				first + "-99", strings.ToUpper(first) + "-" + last,
			} {
				g.add(put(i, s))
			}
		}
	}
	for _, s := range []string{"0 0 * * sun", "0 0 * * Sun-Sun", "0 0 * * 7-sun", "0 0 * * sun-7", "0 0 * * thu-sun", "0 0 * * sat-7", "0 0 * * 8", "0 0 * * 6-7", "0 0 * * sun-sat/7", "0 0 * * */7"} {
		g.add(s)
	}

	// Huge numbers: atoi wraps after the all-digits check.
	huge := []string{
		"4294967296", "4294967297", "4294967295", "4294967355", "4294967356", "4294967320",
		"2147483647", "2147483648", "2147483649", "99999999999", "9223372036854775807",
		"9223372036854775808", "18446744073709551615", "18446744073709551616",
		"18446744073709551617", "99999999999999999999999", "4294967296-4294967300",
		"4294967296-5", "1-4294967301", "00000000000000000000000000000005",
	}
	for i := range fields {
		for _, h := range huge {
			g.add(put(i, h))
		}
	}
	// Token length limit in get_number (MAX_TEMPSTR = 1000).
	for _, n := range []int{998, 999, 1000, 1001} {
		g.add(put(0, strings.Repeat("0", n)))
		g.add(put(0, strings.Repeat("0", n-1)+"5"))
	}

	// Syntax of other dialects.
	for i := range fields {
		for _, s := range []string{"L", "W", "#", "?", "H", "5L", "L-3", "LW", "15W", "W15", "5#3", "mon#2", "?", "H/5", "H(0-29)", "H(0-29)/10", "1L", "last", "*/5L", "R", "~", "0~30"} {
			g.add(put(i, s))
		}
	}

	// @ strings.
	for _, s := range specials {
		variants := []string{
			"@" + s, "@" + strings.ToUpper(s), "@" + strings.ToUpper(s[:1]) + s[1:],
			"@" + s + "x", "@" + s + ";", "@" + s + ",", "@" + s + "\t", "@" + s + " ",
			"@" + s + " *", "@" + s + " 5", "@" + s + " * * * * *", " @" + s, "\t@" + s,
			"@ " + s, "@@" + s, s, "@" + s[:len(s)-1], "@" + s + "/2", "@" + s + "\v",
			"@" + s + "\r",
		}
		for _, v := range variants {
			g.add(v)
		}
	}
	for _, s := range []string{
		"@", "@ ", "@every 5m", "@every", "@every 1h30m", "@daily@daily", "@reboot@",
		"@weekdays", "@minutely", "@secondly", "@quarterly", "@biannually", "@semiannually",
		"@yearly\t", "@annually\t*", "@hourly\t\t", "* @daily", "@5", "@*", "@*/5",
		"@1 * * * *", "0 0 @daily * *",
	} {
		g.add(s)
	}

	// Field counts from 0 to 8, with "*" and with numbers. With fewer than
	// five, the command word becomes a field.
	for n := 0; n <= 8; n++ {
		a := make([]string, n)
		b := make([]string, n)
		c := make([]string, n)
		for k := range a {
			a[k] = "*"
			b[k] = "1"
			c[k] = "0"
		}
		g.add(strings.Join(a, " "))
		g.add(strings.Join(b, " "))
		g.add(strings.Join(c, " "))
		g.add(strings.Join(a, "\t"))
	}
	for _, s := range []string{"* * * * * *", "* * * * * */5", "* * * * * 5", "* * * * * -", "* * * * * #", "* * * * * %", "* * * * * @daily", "1 2 3 4 5 6", "* * * * * ?", "0 0 0 * * *", "0 */5 * * * *", "* * * * true", "* * * *  "} {
		g.add(s)
	}

	// Blanks: tabs, runs, leading and trailing blanks, other whitespace.
	for _, sep := range []string{"\t", "  ", " \t ", "\t\t", "\v", "\f", "\r", "\u00a0", "\u3000", "\u2003"} {
		g.add(strings.Join([]string{"1", "2", "3", "4", "5"}, sep))
		g.add(strings.Join([]string{"*", "*", "*", "*", "*"}, sep))
	}
	for _, p := range []string{" ", "\t", "  \t", "\v", "\f", "\r", "\u00a0", "\ufeff"} {
		g.add(p + "* * * * *")
		g.add("* * * * *" + p)
		g.add(p + "5 * * * *")
	}
	g.add("* * * * *\t")
	g.add("* * * * * \t")

	// Unicode in fields.
	uni := []string{"５", "٥", "५", "é", "5é", "é5", "ñ", "ｍｏｎ", "mön", "😀", "5😀", "½", "²", "Ⅻ", "\u200b5", "5\u200b", "\u00a05", "5\u00a0", "ı", "İ"}
	for i := range fields {
		for _, u := range uni {
			g.add(put(i, u))
		}
	}

	// Comments, environment lines and things that look like them.
	for _, s := range []string{
		"#", "# * * * * *", "#* * * * *", " # * * * * *", "\t#5 * * * *",
		"5 # * * * *", "5 * * * * #", "* * * * *#", "5#x * * * *",
		"A=B", "A=B * * * *", "*=5", "*/5=x * * * *", "5 = * * * *", "5=", "5 =",
		"FOO=bar", "FOO = bar", "'A'=B", "\"A\"=B", "A='B'", "* * = * *", "=* * * * *",
		"SHELL=/bin/sh", "MAILTO=root", "MAILTO=", "MAILTO=-bad", "MAILTO=root@localhost",
		"MAILFROM=root", "CRON_TZ=UTC", "TZ=UTC", "CRON_TZ=UTC 0 0 * * *",
		"'", "\"", "''", "\"* * * * *\"", "'* * * * *'",
	} {
		g.add(s)
	}

	// The empty spec and blank ones.
	for _, s := range []string{"", " ", "\t", "  ", "*", "* *", "* * *", "* * * *"} {
		g.add(s)
	}
}

func main() {
	seed := flag.Uint64("seed", 1, "random seed")
	count := flag.Int("count", 12000, "number of distinct specs")
	flag.Parse()

	g := &gen{
		r:    rand.New(rand.NewPCG(*seed, 0x6372_6f6e_7369_6d31)),
		seen: map[string]bool{},
		max:  *count,
	}
	g.systematic()
	fmt.Fprintf(os.Stderr, "gen: %d systematic specs, filling to %d\n", len(g.out), g.max)
	// Fill up: two random valid specs for every random mutation of one.
	for tries := 0; !g.full() && tries < 100*g.max; tries++ {
		s := g.validSpec()
		if tries%3 == 2 {
			s = g.mutate(s)
		}
		g.add(s)
	}
	if !g.full() {
		fmt.Fprintf(os.Stderr, "gen: only %d distinct specs\n", len(g.out))
		os.Exit(1)
	}

	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range g.out {
		if err := enc.Encode(s); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
