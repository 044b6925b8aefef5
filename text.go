package cronsim

import (
	"errors"
	"strconv"
	"strings"
)

// debianTextPrefix marks, in MarshalText's output, a schedule that only
// the Debian dialects read back: the dialect travels with the text.
// Debian and DebianBookworm read every time specification alike, so one
// prefix serves both.
const debianTextPrefix = "debian:"

func marshalSchedule(s Schedule) ([]byte, error) {
	text := s.String()
	if text == "" {
		return nil, nil
	}
	if v, err := Parse(text); err == nil && v == s {
		return []byte(text), nil
	}
	if v, err := (ParseOptions{Dialect: Debian}).Parse(text); err == nil && v == s {
		return []byte(debianTextPrefix + text), nil
	}
	// A zone prefix loaded past the cache of zone names (parse.go) reads
	// back as another Location, and so another Schedule; say so rather
	// than write text that reads back as something else.
	return nil, errors.New("cronsim: MarshalText: no dialect reads " + strconv.Quote(text) + " back as the same schedule")
}

func unmarshalSchedule(text string) (Schedule, error) {
	if text == "" {
		return Schedule{}, nil
	}
	if rest, ok := strings.CutPrefix(text, debianTextPrefix); ok {
		s, err := ParseOptions{Dialect: Debian}.Parse(rest)
		if perr, ok := err.(*ParseError); ok {
			// Point into the text as given.
			perr.Expr = text
			if perr.Column > 0 {
				perr.Column += len(debianTextPrefix)
			}
		}
		return s, err
	}
	return Parse(text)
}

// writeSet writes the canonical text of one field: "*" or "*/n" first when
// the field started with a star (Debian's flags depend on it), then the
// remaining values as ascending ranges and single values.
func writeSet(b *strings.Builder, set uint64, low, high int, starStep uint8, pattern func(step int) uint64) {
	if starStep == 0 && low == 1 && high == 12 && set == 0x1ffe {
		b.WriteByte('*') // month has no star flag: every month reads best as *
		return
	}
	rest := set
	items := 0
	if starStep != 0 {
		b.WriteByte('*')
		if starStep > 1 {
			b.WriteByte('/')
			b.WriteString(strconv.Itoa(int(starStep)))
		}
		if pattern == nil {
			pattern = func(step int) uint64 { return stepSet(low, high, step) }
		}
		rest &^= pattern(int(starStep))
		items++
	}
	for v := low; v <= high; v++ {
		if rest&(1<<v) == 0 {
			continue
		}
		end := v
		for end < high && rest&(1<<(end+1)) != 0 {
			end++
		}
		if items > 0 {
			b.WriteByte(',')
		}
		items++
		b.WriteString(strconv.Itoa(v))
		switch {
		case end == v+1:
			b.WriteByte(',')
			b.WriteString(strconv.Itoa(end))
		case end > v+1:
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(end))
		}
		v = end
	}
	if items == 0 && set == 0 {
		// An empty field: only Debian's descending ranges make one.
		b.WriteString(strconv.Itoa(high))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(low))
	}
}

// stepSet is the set low, low+step, ... up to high.
func stepSet(low, high, step int) uint64 {
	var set uint64
	for v := low; v <= high; v += step {
		set |= 1 << v
	}
	return set
}

// dowStepSet is the set "*/step" makes in day-of-week: Debian counts 0-7
// and then folds 7 (Sunday) into 0.
func dowStepSet(step int) uint64 {
	set := stepSet(0, 7, step)
	if set&(1<<7) != 0 {
		set = set&^(1<<7) | 1
	}
	return set
}

// writeDayField writes a day field: its plain values (writeSet) and, when
// ext, the extensions (L, W, #) that more writes, each after a call of
// sep, which puts the commas between items. A field of extensions only
// has no plain values to write.
func writeDayField(b *strings.Builder, set uint64, low, high int, starStep uint8, pattern func(step int) uint64, ext bool, more func(sep func())) {
	if !(set == 0 && starStep == 0 && ext) {
		writeSet(b, set, low, high, starStep, pattern)
		if !ext {
			return
		}
		b.WriteByte(',')
	}
	first := true
	more(func() {
		if !first {
			b.WriteByte(',')
		}
		first = false
	})
}

func writeDom(b *strings.Builder, s Schedule) {
	ext := s.domLast || s.domLastWk || s.domBefore != 0 || s.domNearWk != 0
	writeDayField(b, uint64(s.dom), 1, 31, s.starStep[starDom], nil, ext, func(sep func()) { writeDomExtensions(b, s, sep) })
}

func writeDomExtensions(b *strings.Builder, s Schedule, sep func()) {
	for d := 1; d <= 31; d++ {
		if s.domNearWk&(1<<d) != 0 {
			sep()
			b.WriteString(strconv.Itoa(d))
			b.WriteByte('W')
		}
	}
	for k := 30; k >= 1; k-- {
		if s.domBefore&(1<<k) != 0 {
			sep()
			b.WriteString("L-")
			b.WriteString(strconv.Itoa(k))
		}
	}
	if s.domLast {
		sep()
		b.WriteByte('L')
	}
	if s.domLastWk {
		sep()
		b.WriteString("LW")
	}
}

// writeYears writes the year field as ranges and single years.
func writeYears(b *strings.Builder, years *[yearWords]uint64) {
	in := func(y int) bool { return years[(y-minYear)/64]&(1<<((y-minYear)%64)) != 0 }
	items := 0
	for y := minYear; y <= maxYear; y++ {
		if !in(y) {
			continue
		}
		end := y
		for end < maxYear && in(end+1) {
			end++
		}
		if items > 0 {
			b.WriteByte(',')
		}
		items++
		b.WriteString(strconv.Itoa(y))
		if end > y {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(end))
		}
		y = end
	}
}

func writeDow(b *strings.Builder, s Schedule) {
	ext := s.dowLast != 0 || s.dowNthAny() != 0
	writeDayField(b, uint64(s.dow), 0, 6, s.starStep[starDow], dowStepSet, ext, func(sep func()) { writeDowExtensions(b, s, sep) })
}

func writeDowExtensions(b *strings.Builder, s Schedule, sep func()) {
	for w := 0; w < 7; w++ {
		if s.dowLast&(1<<w) != 0 {
			sep()
			b.WriteString(strconv.Itoa(w))
			b.WriteByte('L')
		}
		for k := 1; k <= 5; k++ {
			if s.dowNth[w]&(1<<k) != 0 {
				sep()
				b.WriteString(strconv.Itoa(w))
				b.WriteByte('#')
				b.WriteString(strconv.Itoa(k))
			}
		}
	}
}
