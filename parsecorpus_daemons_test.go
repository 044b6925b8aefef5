package cronsim

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// checkCronieCorpus: cronie's parser (cronie.go) agrees with every
// verdict of cronie's own "crontab -T" in the corpus: accept or reject,
// and its message. A "~" random value is accepted by cronie; cronsim's
// Parse reports it as ErrRandom, which counts as accepted here.
func checkCronieCorpus(t *testing.T, file string, b []byte) {
	var c struct {
		Cron          string `json:"cron"`
		CommandSuffix string `json:"command_suffix"`
		Cases         []struct {
			Spec  string `json:"spec"`
			OK    bool   `json:"ok"`
			Error string `json:"error"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	agree, random, either := 0, 0, 0
	for _, tc := range c.Cases {
		_, err := ParseOptions{Daemon: Cronie, Dialect: Debian}.Entry(tc.Spec + c.CommandSuffix)
		got := ""
		if errors.Is(err, ErrRandom) {
			random++
			if !tc.OK && strings.Contains(err.Error(), "outside") {
				agree++ // a draw outside the field: cronie's verdict is random
				either++
				continue
			}
			err = nil
		}
		if err != nil {
			var pe *ParseError
			if errors.As(err, &pe) {
				got = pe.Debian
			}
			if got == "" {
				got = "(rejected: " + err.Error() + ")"
			}
		}
		if (err == nil) != tc.OK || got != tc.Error {
			t.Errorf("cronie %s: %q: cronie says ok=%v %q, cronsim %q", c.Cron, tc.Spec, tc.OK, tc.Error, got)
			continue
		}
		agree++
	}
	t.Logf("%s (%s): %d/%d verdicts agree (%d with a ~ random value, of which %d rejected by a draw outside the field)", filepath.Base(file), c.Cron, agree, len(c.Cases), random, either)
}

// checkBusyBoxCorpus: BusyBox's parser (busybox.go) agrees with what
// crond -l 5 printed for every spec in the corpus: whether it made a job
// of the line, and each field's array or its "parse error".
func checkBusyBoxCorpus(t *testing.T, file string, b []byte) {
	var c struct {
		Cron          string `json:"cron"`
		CommandSuffix string `json:"command_suffix"`
		Cases         []struct {
			Spec   string   `json:"spec"`
			OK     bool     `json:"ok"`
			Job    bool     `json:"job"`
			Fields []string `json:"fields"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	fields := [...]struct {
		base, mod int
		off       int32
		names     []string
	}{{bbMins, 60, 0, nil}, {bbHrs, 24, 0, nil}, {bbDays, 32, 0, nil}, {bbMons, 12, -1, bbMonNames}, {bbDow, 7, 0, bbDowNames}}
	agree, bad := 0, 0
	for _, tc := range c.Cases {
		line := tc.Spec + c.CommandSuffix
		e, err := ParseOptions{Daemon: BusyBox, Dialect: Debian}.Entry(line)
		job := e.Kind == EntryJob
		if job != tc.Job || (err == nil) != tc.OK && job {
			t.Errorf("busybox %s: %q: crond job=%v ok=%v, cronsim job=%v err=%v", c.Cron, tc.Spec, tc.Job, tc.OK, job, err)
			bad++
			continue
		}
		tokens := busyBoxTokens(line)
		if !job || strings.HasPrefix(tokens[0], "@") || len(tc.Fields) != 5 {
			agree++
			continue
		}
		var l busyBoxLine
		same := true
		var got [5]string
		for k := range fields {
			fd := fields[k]
			if !l.parseField(fd.base, fd.mod, fd.off, fd.names, tokens[k]) {
				got[k] = "error"
			} else {
				var sb strings.Builder
				for j := range fd.mod {
					sb.WriteByte('0' + l[fd.base+j])
				}
				got[k] = sb.String()
			}
			want := tc.Fields[k]
			if strings.HasPrefix(want, "error") {
				want = "error"
			}
			same = same && got[k] == want
		}
		if !same {
			bad++
			if bad <= 20 {
				t.Errorf("busybox %s: %q: crond %v, cronsim %v", c.Cron, tc.Spec, tc.Fields, got)
			}
			continue
		}
		agree++
	}
	t.Logf("%s (%s): %d/%d lines agree", filepath.Base(file), c.Cron, agree, len(c.Cases))
}
