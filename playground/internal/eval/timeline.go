package eval

import (
	"fmt"
	"html"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/clock"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// A Timeline is the picture of a zone's next change of UTC offset after
// the start: real time across, the wall clock up, the wall times that
// are skipped or shown twice shaded, and the schedule's runs marked by
// kind.
type Timeline struct {
	At      string         `json:"at"`      // the instant of the change, RFC 3339
	Delta   string         `json:"delta"`   // "+1h", "-30m"
	Caption string         `json:"caption"` // one sentence
	SVG     string         `json:"svg"`     // "" when the zone has no change near the start
	Marks   map[Kind]int   `json:"marks"`   // how many marks of each kind are drawn
	Window  [2]string      `json:"window"`  // the real-time span drawn, RFC 3339
	kinds   map[int64]Kind // run instant (Unix s) -> kind, for tests
}

// searchSpan is how far from the start a change of offset is looked for.
const searchSpan = 2 * 366 * 24 * time.Hour

// maxMarks bounds the marks of one kind drawn in a picture.
const maxMarks = 400

// NewTimeline draws the change of offset of from's location that the
// runs after from meet first (the last one before from when none comes
// within two years), with the runs of s around it.
func NewTimeline(s cronsim.Schedule, from time.Time) *Timeline {
	loc := from.Location()
	at, ok := nearestShift(from)
	if !ok {
		return &Timeline{Caption: fmt.Sprintf("%s has no change of UTC offset within two years of the start: every run is an ordinary one.", loc)}
	}
	oldOff, newOff := offsetBefore(at), offsetAt(at)
	delta := time.Duration(newOff-oldOff) * time.Second
	abs := delta
	if abs < 0 {
		abs = -abs
	}
	w := max(2*time.Hour, abs*3/2)
	w = w.Round(time.Hour)
	lo, hi := at.Add(-w), at.Add(w)
	tl := &Timeline{
		At:     at.Format(time.RFC3339),
		Delta:  clock.Shift(delta),
		Marks:  map[Kind]int{},
		Window: [2]string{lo.Format(time.RFC3339), hi.Format(time.RFC3339)},
		kinds:  map[int64]Kind{},
	}
	wallPrev := at.UTC().Add(time.Duration(oldOff) * time.Second)
	wallNew := at.UTC().Add(time.Duration(newOff) * time.Second)
	before := at.Add(-time.Second).In(loc)
	direction := "forward"
	if delta < 0 {
		direction = "back"
	}
	tl.Caption = fmt.Sprintf("%s, %s: at %s %s the clocks went %s to %s %s (%s).",
		loc, at.In(loc).Format("Mon 2 Jan 2006"), wallPrev.Format("15:04"), zoneName(before),
		direction, wallNew.Format("15:04"), zoneName(at.In(loc)), tl.Delta)
	if at.After(from) {
		tl.Caption = strings.Replace(tl.Caption, "the clocks went", "the clocks go", 1)
	}

	p := plot{lo: lo.Unix(), hi: hi.Unix(), wlo: lo.Unix() + int64(oldOff), whi: hi.Unix() + int64(newOff)}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" role="img" aria-labelledby="tl-title tl-desc" class="timeline">`, width, height)
	fmt.Fprintf(&b, `<title id="tl-title">Wall clock against real time in %s</title><desc id="tl-desc">%s</desc>`, esc(loc.String()), esc(tl.Caption))
	fmt.Fprintf(&b, `<rect class="bg" x="%d" y="%d" width="%d" height="%d"/>`, left, top, width-left-right, height-top-bottom)

	// The skipped or repeated wall times, across the whole plot; for a
	// repeat, also the real time of the second pass.
	y1, y2 := p.y(wallPrev.Unix()), p.y(wallNew.Unix())
	if y1 > y2 {
		y1, y2 = y2, y1
	}
	band, label := "skipped", fmt.Sprintf("skipped: %s–%s never shows on the clock", fmtWall(wallPrev), fmtWall(wallNew))
	if delta < 0 {
		band, label = "repeated", fmt.Sprintf("repeated: %s–%s shows twice", fmtWall(wallNew), fmtWall(wallPrev))
		fmt.Fprintf(&b, `<rect class="pass2" x="%.1f" y="%d" width="%.1f" height="%d"/>`, p.x(at.Unix()), top, p.x(at.Unix()-int64(delta/time.Second))-p.x(at.Unix()), height-top-bottom)
	}
	fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%.1f" width="%d" height="%.1f"/>`, band, left, y1, width-left-right, max(y2-y1, 1))
	fmt.Fprintf(&b, `<text class="bandlabel" x="%d" y="%.1f">%s</text>`, left+6, y1+min(15, max((y2-y1)/2+4, 10)), esc(label))

	p.axes(&b, loc, at)

	// The wall clock: two straight pieces and the jump between them.
	fmt.Fprintf(&b, `<path class="clock" d="M%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f"/>`,
		p.x(p.lo), p.y(p.wlo), p.x(at.Unix()), p.y(wallPrev.Unix()), p.x(at.Unix()), p.y(wallNew.Unix()), p.x(p.hi), p.y(p.whi))
	fmt.Fprintf(&b, `<path class="jump" d="M%.1f %.1f L%.1f %.1f"/>`, p.x(at.Unix()), p.y(wallPrev.Unix()), p.x(at.Unix()), p.y(wallNew.Unix()))

	// Missed times first, runs on top.
	if delta > 0 {
		caught := false
		for t := range s.All(at.Add(-time.Nanosecond)) {
			caught = t.Sub(at) < time.Minute && strings.Contains(s.Note(t.In(loc)), "skipped by the")
			break
		}
		why := lostWhy(s, at)
		for _, wt := range clock.WallMinutes(s.MatchWall, s.HasSeconds(), wallPrev, wallNew, maxMarks) {
			if caught {
				tl.mark(&b, Caught, at.Unix(), wt.Unix(), p, fmt.Sprintf("%s: skipped, run at the catch-up at %s", fmtWall(wt), fmtWall(wallNew)))
			} else {
				tl.mark(&b, Lost, at.Unix(), wt.Unix(), p, fmt.Sprintf("%s: skipped, no run: %s", fmtWall(wt), why))
			}
		}
	}
	var runs []time.Time
	for t := range s.All(lo.Add(-time.Nanosecond)) {
		if t.After(hi) || len(runs) == 4*maxMarks {
			break
		}
		runs = append(runs, t)
	}
	for _, t := range runs {
		r := newRun(s, t)
		if delta < 0 && strings.HasPrefix(r.Note, "not repeated") {
			again := t.Add(-delta)
			// The note's words say why: a fixed-time job of cron, any
			// timer of systemd.
			why := strings.TrimPrefix(r.Note, "not repeated: ")
			tl.mark(&b, NotRepeated, again.Unix(), clock.Wall(t).Unix(), p, fmt.Sprintf("%s: %s shows again, no second run (%s)", again.In(loc).Format("15:04 MST"), fmtWall(clock.Wall(t)), why))
		}
	}
	for _, t := range runs {
		r := newRun(s, t)
		title := r.Wall
		if r.Note != "" {
			title += ": " + r.Note
		}
		tl.mark(&b, r.Kind, t.Unix(), clock.Wall(t).Unix(), p, title)
	}
	legend(&b, tl.Marks, band)
	b.WriteString(`</svg>`)
	tl.SVG = b.String()
	return tl
}

// nearestShift finds the first change of from's offset after from within
// searchSpan, or else the last one before it.
func nearestShift(from time.Time) (time.Time, bool) {
	var next, prev time.Time
	for at := range clock.Shifts(from, from.Add(searchSpan)) {
		next = at
		break
	}
	t := from
	for i := 0; i < 1000 && from.Sub(t) < searchSpan; i++ {
		start, _ := t.ZoneBounds()
		if start.IsZero() || start.After(t) {
			break
		}
		if from.Sub(start) > searchSpan {
			break
		}
		if offsetAt(start) != offsetBefore(start) {
			prev = start
			break
		}
		t = start.Add(-time.Nanosecond)
	}
	// The runs listed start at from, and the crontab pane's findings look
	// a year ahead: a change to come is the one they meet, however near
	// the last one was.
	switch {
	case !next.IsZero():
		return next, true
	case !prev.IsZero():
		return prev, true
	}
	return time.Time{}, false
}

// lostWhy is the library's own word for the runs a forward change of
// offset at `at` loses: the note (Schedule.Note) of the schedule's first
// run after it, "lost in the spring transition (wildcard job)".
func lostWhy(s cronsim.Schedule, at time.Time) string {
	for t := range s.All(at.Add(-time.Nanosecond)) {
		if _, why, ok := strings.Cut(s.Note(t), ": lost in "); ok {
			return "lost in " + why
		}
		break
	}
	return "no run stands for it"
}

// Picture geometry, in SVG user units.
const (
	width, height            = 760, 430
	left, right, top, bottom = 64, 26, 56, 58
)

// A plot maps real time (x, Unix seconds) and wall time (y, seconds of
// the wall clock read as UTC) into the picture.
type plot struct{ lo, hi, wlo, whi int64 }

func (p plot) x(t int64) float64 {
	return left + float64(t-p.lo)/float64(p.hi-p.lo)*float64(width-left-right)
}

func (p plot) y(w int64) float64 {
	return float64(height-bottom) - float64(w-p.wlo)/float64(p.whi-p.wlo)*float64(height-top-bottom)
}

var tickSteps = []int64{15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600}

func tickStep(span int64) int64 {
	for _, s := range tickSteps {
		if span/s <= 8 {
			return s
		}
	}
	return tickSteps[len(tickSteps)-1]
}

func (p plot) axes(b *strings.Builder, loc *time.Location, at time.Time) {
	step := tickStep(p.hi - p.lo)
	for t := (p.lo + step - 1) / step * step; t <= p.hi; t += step {
		x := p.x(t)
		fmt.Fprintf(b, `<line class="grid" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, top, x, height-bottom)
		fmt.Fprintf(b, `<text class="tick" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x, height-bottom+16, time.Unix(t, 0).UTC().Format("15:04"))
	}
	fmt.Fprintf(b, `<text class="axis" x="%d" y="%d" text-anchor="middle">real time, UTC (%s)</text>`, (width+left-right)/2, height-bottom+36, at.UTC().Format("2 Jan 2006"))
	step = tickStep(p.whi - p.wlo)
	for w := (p.wlo + step - 1) / step * step; w <= p.whi; w += step {
		y := p.y(w)
		fmt.Fprintf(b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y, width-right, y)
		fmt.Fprintf(b, `<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>`, left-6, y+4, time.Unix(w, 0).UTC().Format("15:04"))
	}
	fmt.Fprintf(b, `<text class="axis" x="14" y="%d" text-anchor="middle" transform="rotate(-90 14 %d)">wall clock, %s</text>`, (height+top-bottom)/2, (height+top-bottom)/2, esc(loc.String()))
}

// mark draws one mark of kind k at real time t and wall time w.
func (tl *Timeline) mark(b *strings.Builder, k Kind, t, w int64, p plot, title string) {
	if tl.Marks[k] >= maxMarks {
		return
	}
	tl.Marks[k]++
	if k != Lost && k != NotRepeated && k != Caught {
		tl.kinds[t] = k
	}
	x, y := p.x(t), p.y(w)
	fmt.Fprintf(b, `<g class="mark %s" data-kind="%s" data-t="%d">%s<title>%s</title></g>`, k, k, t, shape(k, x, y), esc(title))
}

func shape(k Kind, x, y float64) string {
	switch k {
	case CatchUp:
		return fmt.Sprintf(`<path d="M%.1f %.1f l7 7 l-7 7 l-7 -7 z"/>`, x, y-7)
	case Repeat:
		return fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="9" height="9"/>`, x-4.5, y-4.5)
	case Caught:
		return fmt.Sprintf(`<path d="M%.1f %.1f l5 5 l-5 5 l-5 -5 z"/>`, x, y-5)
	case Lost, NotRepeated:
		return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="4.5"/>`, x, y)
	}
	return fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="3.5"/>`, x, y)
}

var legendText = []struct {
	k    Kind
	text string
}{
	{Ordinary, "run"},
	{CatchUp, "fixed-time catch-up"},
	{Repeat, "run again, repeated time"},
	{Caught, "skipped, caught up"},
	{Lost, "skipped, no run"},
	{NotRepeated, "shown again, not repeated"},
}

// legend explains every mark drawn and every shaded band: band is
// "skipped" or "repeated" (the latter with the second pass's real
// time). Entries wrap onto a second row rather than leave the picture.
func legend(b *strings.Builder, marks map[Kind]int, band string) {
	type entry struct{ swatch, text string }
	var entries []entry
	switch band {
	case "skipped":
		entries = append(entries, entry{`<rect class="skipped" x="%.1f" y="%.1f" width="12" height="10"/>`, "wall times skipped"})
	case "repeated":
		entries = append(entries,
			entry{`<rect class="repeated" x="%.1f" y="%.1f" width="12" height="10"/>`, "wall times shown twice"},
			entry{`<rect class="pass2" x="%.1f" y="%.1f" width="12" height="10"/>`, "their second pass (real time)"})
	}
	b.WriteString(`<g class="legend">`)
	x, y := float64(left), 14.0
	place := func(text string) {
		w := 22 + 6.6*float64(len(text))
		if x+w > width-right && x > left {
			x, y = left, y+18
		}
	}
	for _, l := range legendText {
		if l.k != Ordinary && marks[l.k] == 0 {
			continue
		}
		place(l.text)
		fmt.Fprintf(b, `<g class="mark %s">%s</g><text class="tick" x="%.1f" y="%.1f">%s</text>`, l.k, shape(l.k, x+5, y-4), x+14, y, esc(l.text))
		x += 22 + 6.6*float64(len(l.text))
	}
	for _, e := range entries {
		place(e.text)
		fmt.Fprintf(b, `<g class="band">`+e.swatch+`</g><text class="tick" x="%.1f" y="%.1f">%s</text>`, x, y-9, x+16, y, esc(e.text))
		x += 22 + 6.6*float64(len(e.text))
	}
	b.WriteString(`</g>`)
}

func fmtWall(w time.Time) string { return w.Format("15:04") }

func zoneName(t time.Time) string {
	name, off := t.Zone()
	if name == "" || name[0] == '+' || name[0] == '-' {
		return "(UTC" + kit.SignedOffset(off) + ")"
	}
	return name
}

func esc(s string) string { return html.EscapeString(s) }
