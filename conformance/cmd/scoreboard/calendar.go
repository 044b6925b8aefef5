package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// calendarAdapters are the implementations that answer calendar requests.
// No library that parses OnCalendar= could be installed here
// (calendarSearched): the section holds cronsim and the naive floor.
var calendarAdapters = []adapter{
	{"cronsim", "", "$BIN/cronsim next -batch", "", goTimeout, "this library, through `cronsim next -batch` (requests of kind `calendar`)"},
	{"naive", "", "$BIN/naive", "", goTimeout, "`conformance/adapters/naive`: cronsim's parser, elapses in the fixed offset the zone has at the window's start (no daylight saving time); the floor"},
}

// calendarSearched says which registries were searched for libraries
// that parse OnCalendar=, and for what, and what was found.
const calendarSearched = `No JavaScript, Go or Python library that parses ` + "`OnCalendar=`" + ` could be scored.
Searched on 2026-12-05:

- **npm** (the registry's search endpoint is not offered here, so by exact
  name): the list of npm package names available here, for "systemd",
  "oncalendar", "calendar event", "timer" (found only systemd bindings, sd-notify and
  journald modules, and timespan-parser, which reads systemd.time(7) time
  spans, not calendar events); ` + "`npm view oncalendar`" + ` and ` + "`npm view systemd-calendar`" + `: no such
  packages. The public code and documentation indexes name no npm package
  for calendar events (calev, the Scala library, is published for
  Scala.js, not on npm).
- **Go module proxy**: the two Go packages the code indexes show,
  github.com/synthesio/zcalendar ("CalendarSpec (almost) compliant") and
  the calendar package of github.com/creativeprojects/resticprofile, are
  refused by the proxy here ("This module version is not available").
  gitlab.com/allddd/go-systemd-time parses time spans only ("calendar
  events not yet supported").
- **PyPI** is not reachable from this machine: oncalendar (the parser
  Healthchecks uses), justnow and sysdtime-py exist there and are not scored.
`

// calendarHeading starts the systemd timers section of SCOREBOARD.md.
const calendarHeading = "## systemd timers: OnCalendar= elapses"

// calendarSection scores every calendar adapter on the parse corpora
// and the timer recordings and returns the section.
func calendarSection(bin, repo string) (string, error) {
	parse, _ := filepath.Glob(filepath.Join("conformance", "parse", "systemd-*.jsonl"))
	recs, _ := filepath.Glob(filepath.Join("conformance", "corpus", "systemd-*.json"))
	cases, skipped, err := conformance.CalendarCases(parse, recs, 0)
	if err != nil {
		return "", err
	}
	nParse, nTimer := 0, 0
	for _, c := range cases {
		if c.Group == "timer" {
			nTimer++
		} else {
			nParse++
		}
	}
	nSkipped := 0
	for _, n := range skipped {
		nSkipped += n
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", calendarHeading)
	fmt.Fprintf(&b, "Each implementation is asked, through the calendar request of the adapter\n"+
		"protocol (`conformance/README.md`, \"systemd timers: the calendar request\"),\n"+
		"for the elapses of an `OnCalendar=` specification, and its normalized form\n"+
		"or an error: %d requests from the systemd-analyze parse corpora\n"+
		"(`conformance/parse/systemd-252.jsonl`, `systemd-257.jsonl`: each\n"+
		"specification in UTC and America/New_York, the next 6 elapses after a base\n"+
		"time, compared to the second; a rejected specification agrees with any\n"+
		"error), and %d timer lines of the recordings with one boot and no clock\n"+
		"set or stop (`conformance/corpus/systemd-*.json`: the elapses from the\n"+
		"recording's start to its end, held to the recorded starts by the timer\n"+
		"rule). %d requests are not scored (systemd gave up on an elapse; a\n"+
		"trailing zone this machine has unlike the recording's root; recordings\n"+
		"that need a simulator). Columns: agree / mismatch / error / hang.\n\n", nParse, nTimer, nSkipped)
	b.WriteString("| implementation | version | parse corpora: agree | accepted | rejected | normalized form agrees | timer lines: agree | timer | what it gets wrong | how it is asked |\n")
	b.WriteString("|---|---|---:|---|---|---:|---:|---|---|---|\n")
	for _, a := range calendarAdapters {
		cmd, ver := a.resolve(bin, repo)
		fmt.Fprintf(os.Stderr, "scoreboard: calendar %s (%s)...\n", a.name, ver)
		var wrong []conformance.CalendarVerdict
		s := conformance.ScoreCalendar(&conformance.Runner{Command: cmd, Timeout: a.timeout, StartTimeout: 30 * time.Second}, cases, skipped, func(v conformance.CalendarVerdict) {
			if v.Outcome != conformance.Agree || v.Norm == "differ" {
				wrong = append(wrong, v)
			}
		})
		pa, pn := s.ParseShare()
		t := s.Total["timer"]
		norm := percentOf(s.Norm["agree"], s.Norm["agree"]+s.Norm["differ"]+s.Norm["absent"])
		fmt.Fprintf(&b, "| %s | %s | **%s** | %s | %s | %s | **%s** | %s | %s | %s |\n", a.name, ver, percentOf(pa, pn),
			tally(s.Total["accepted"]), tally(s.Total["rejected"]), norm, percentOf(t.Agree, t.Lines()), tally(t), calendarWrong(wrong), a.note)
	}
	b.WriteString("\n" + calendarSearched + "\n")
	return b.String(), nil
}

// calendarWrong sums up what an implementation gets wrong: the count by
// group and one example of each.
func calendarWrong(wrong []conformance.CalendarVerdict) string {
	if len(wrong) == 0 {
		return "nothing"
	}
	var parts []string
	seen := map[string]bool{}
	for _, v := range wrong {
		c := v.Case
		key := c.Group + string(v.Outcome)
		if seen[key] {
			continue
		}
		seen[key] = true
		n := 0
		for _, w := range wrong {
			if w.Case.Group == c.Group && w.Outcome == v.Outcome {
				n++
			}
		}
		ex := fmt.Sprintf("`%s` in %s after %s", c.Spec, c.TZ, c.After)
		switch {
		case c.Group == "accepted" && v.Outcome == conformance.Mismatch:
			ex += ": " + firstDiff(c.Elapses, v.Got)
		case v.Error != "":
			ex += ": " + shorten(strings.SplitN(v.Error, "\n", 2)[0])
		}
		parts = append(parts, fmt.Sprintf("%d %s %s, e.g. %s", n, c.Group, v.Outcome, ex))
	}
	return strings.Join(parts, "; ")
}

// firstDiff is the first elapse where two lists differ.
func firstDiff(want, got []string) string {
	for i := range max(len(want), len(got)) {
		w, g := "none", "none"
		if i < len(want) {
			w = want[i]
		}
		if i < len(got) {
			g = got[i]
		}
		if parse(w).Truncate(time.Second) != parse(g).Truncate(time.Second) {
			return fmt.Sprintf("elapse %d: systemd-analyze %s, answered %s", i+1, w, g)
		}
	}
	return "the same elapses"
}

// spliceCalendar replaces the systemd timers section of the file's text
// (or inserts it before "## By recording") and returns the new text.
func spliceCalendar(text []byte, section string) []byte {
	return spliceSection(text, calendarHeading, section)
}

// spliceSection replaces the section that starts with heading in the
// file's text (up to the next "## " heading), or inserts it before
// "## By recording", and returns the new text.
func spliceSection(text []byte, heading, section string) []byte {
	s := string(text)
	if i := strings.Index(s, heading); i >= 0 {
		end := len(s)
		if j := strings.Index(s[i+len(heading):], "\n## "); j >= 0 {
			end = i + len(heading) + j + 1
		}
		return []byte(s[:i] + section + s[end:])
	}
	if i := strings.Index(s, "\n## By recording"); i >= 0 {
		return []byte(s[:i+1] + section + s[i+1:])
	}
	return []byte(strings.TrimRight(s, "\n") + "\n\n" + section)
}
