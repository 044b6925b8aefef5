package cronsim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

type parseCorpus struct {
	Daemon        string `json:"daemon"` // absent: debian-cron
	Cron          string `json:"cron"`
	MadeBy        string `json:"made_by"`
	CommandSuffix string `json:"command_suffix"`
	Cases         []struct {
		Spec  string `json:"spec"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	} `json:"cases"`
}

// TestParseCorpus: the Debian dialects agree with every verdict Debian's
// own crontab -n gave in conformance/parse/ (accept or reject, and the
// reason), and the strict dialect never accepts a job Debian rejects.
func TestParseCorpus(t *testing.T) {
	files, _ := filepath.Glob("conformance/parse/*.json")
	if len(files) == 0 {
		t.Fatal("no parse corpus in conformance/parse")
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var c parseCorpus
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		switch c.Daemon {
		case "cronie":
			t.Run("daemon=cronie", func(t *testing.T) { checkCronieCorpus(t, file, b) })
			continue
		case "busybox-crond":
			t.Run("daemon=busybox-crond", func(t *testing.T) { checkBusyBoxCorpus(t, file, b) })
			continue
		}
		d := Debian
		if c.Cron == "3.0pl1-162" {
			d = DebianBookworm
		}
		agree, strictChecked := 0, 0
		for _, tc := range c.Cases {
			line := tc.Spec + c.CommandSuffix
			e, err := ParseOptions{Dialect: d}.Entry(line)
			got := ""
			if err != nil {
				got = err.(*ParseError).Debian
				if got == "" {
					got = "(rejected: " + err.Error() + ")"
				}
			}
			if (err == nil) != tc.OK || got != tc.Error {
				t.Errorf("%s: %q: Debian says ok=%v %q, %v says %q (entry %+v)", c.Cron, tc.Spec, tc.OK, tc.Error, d, got, e.Kind)
				continue
			}
			agree++
			if se, err := (ParseOptions{Dialect: Strict}).Entry(line); err == nil && se.Kind == EntryJob && !usesExtensions(line[:timeFieldsEnd(line)]) && !tc.OK {
				t.Errorf("strict accepts %q, Debian %s rejects it: %s", tc.Spec, c.Cron, tc.Error)
			} else if err == nil {
				strictChecked++
			}
		}
		t.Logf("%s (%s): %d/%d verdicts agree; strict accepted %d of them", filepath.Base(file), c.Cron, agree, len(c.Cases), strictChecked)
	}
}
