package eval

import (
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

// A Finding is what cronsim check says of one line of a crontab: a
// cronsim.Problem laid out for the page.
type Finding struct {
	Line    int    `json:"line"`   // 1-based
	Column  int    `json:"column"` // 1-based, 0 for the whole line
	Kind    string `json:"kind"`   // cronsim.LintKind's name: "rejected", "mangled", "dst", ...
	Message string `json:"message"`
	Caret   string `json:"caret"` // the line and a caret under Column
}

// maxCrontab bounds the crontab text read, in bytes.
const maxCrontab = 1 << 20

// Lint runs cronsim.Lint on the crontab pane's text, read the way the
// daemon's crontab reads it (for Debian's cron, the bookworm dialect when
// d is DebianBookworm, else Debian 13's), with the daylight saving time
// check in loc for the year after from. A text area has no final
// newline, so one is added. It returns the findings and the number of
// jobs.
func Lint(text string, daemon cronsim.Daemon, d cronsim.Dialect, loc *time.Location, from time.Time) ([]Finding, int) {
	findings := []Finding{}
	if strings.TrimSpace(text) == "" {
		return findings, 0
	}
	if len(text) > maxCrontab {
		return append(findings, Finding{Line: 1, Kind: "rejected", Message: "crontab longer than 1 MiB: not checked"}), 0
	}
	if d != cronsim.DebianBookworm {
		d = cronsim.Debian
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	report := cronsim.Lint(text, cronsim.LintOptions{Daemon: daemon, Dialect: d, Location: loc, From: from})
	for _, p := range report.Problems {
		f := Finding{Line: p.Line, Column: p.Column, Kind: p.Kind.String(), Message: p.Message}
		if p.Column > 0 {
			f.Caret = kit.Caret(p.Text, p.Column, "")
		}
		findings = append(findings, f)
	}
	return findings, report.Jobs
}
