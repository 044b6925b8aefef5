package eval

import (
	"errors"
	"strings"

	"github.com/cronsim-go/cronsim"
)

// A Finding is what check says of one line of a crontab.
type Finding struct {
	Line    int    `json:"line"`   // 1-based
	Column  int    `json:"column"` // 1-based, 0 for the whole line
	Kind    string `json:"kind"`   // "error", "differs", "never"
	Message string `json:"message"`
	Caret   string `json:"caret"` // the line and a caret under Column
}

// maxCrontab bounds the crontab text read, in bytes.
const maxCrontab = 1 << 20

// Lint reads a user crontab the way Debian's crontab reads it (the
// bookworm dialect when d is DebianBookworm, else Debian 13's) and
// reports lines it rejects, lines it accepts but reads differently and
// jobs that never run. It returns the findings and the number of jobs.
func Lint(text string, d cronsim.Dialect) ([]Finding, int) {
	findings := []Finding{}
	if d != cronsim.DebianBookworm {
		d = cronsim.Debian
	}
	if len(text) > maxCrontab {
		return append(findings, Finding{Line: 1, Kind: "error", Message: "crontab longer than 1 MiB: not checked"}), 0
	}
	jobs := 0
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSuffix(line, "\r")
		e, err := cronsim.ParseEntry(line, d)
		if err != nil {
			findings = append(findings, finding(i+1, "error", err, ""))
			continue
		}
		if e.Kind != cronsim.EntryJob {
			continue
		}
		jobs++
		if _, err := cronsim.ParseEntry(line, cronsim.Strict); err != nil {
			switch {
			case errors.Is(err, cronsim.ErrMangled):
				findings = append(findings, finding(i+1, "differs", err, "Debian accepts this but reads it differently, as \""+e.Schedule.String()+"\": "))
				continue
			case errors.Is(err, cronsim.ErrNever):
				findings = append(findings, finding(i+1, "never", err, "never runs: "))
				continue
			}
		}
		if e.Schedule.Never() {
			findings = append(findings, Finding{Line: i + 1, Kind: "never", Message: "never runs: " + e.Schedule.Explain()})
		}
	}
	return findings, jobs
}

func finding(line int, kind string, err error, prefix string) Finding {
	f := Finding{Line: line, Kind: kind, Message: prefix + err.Error()}
	var pe *cronsim.ParseError
	if errors.As(err, &pe) {
		f.Message = prefix + strings.TrimPrefix(pe.Error(), "cronsim: ")
		if pe.Debian != "" && kind == "error" {
			f.Message += " (Debian's crontab: " + pe.Debian + ")"
		}
		f.Column = pe.Column
		f.Caret = pe.Caret()
	}
	return f
}
