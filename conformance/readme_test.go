package conformance

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEParseRules: every spec the implementer's page of README.md
// gives as accepted or rejected by crontab is in the parse corpus with
// that verdict, from both recorded versions of Debian's crontab -n.
func TestREADMEParseRules(t *testing.T) {
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "**What `crontab` accepts.**")
	j := strings.Index(text, "**Star flags, day rule, job class.**")
	if i < 0 || j < i {
		t.Fatal("README.md: the parse rules table is gone")
	}
	verdicts := map[string]map[string]bool{} // file -> spec -> ok
	for _, f := range []string{"parse/bookworm-3.0pl1-162.json", "parse/trixie-3.0pl1-197.json"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var c struct {
			Cases []struct {
				Spec string `json:"spec"`
				OK   bool   `json:"ok"`
			} `json:"cases"`
		}
		if err := json.Unmarshal(raw, &c); err != nil {
			t.Fatal(err)
		}
		verdicts[f] = map[string]bool{}
		for _, k := range c.Cases {
			verdicts[f][k.Spec] = k.OK
		}
	}
	code := regexp.MustCompile("`([^`]+)`")
	checked := 0
	for _, row := range strings.Split(text[i:j], "\n") {
		cells := strings.Split(row, "|")
		if len(cells) != 5 || strings.HasPrefix(strings.TrimSpace(cells[1]), "---") || strings.TrimSpace(cells[1]) == "rule" {
			continue
		}
		for col, want := range map[int]bool{2: true, 3: false} {
			for _, m := range code.FindAllStringSubmatch(cells[col], -1) {
				spec := m[1]
				for f, v := range verdicts {
					got, ok := v[spec]
					switch {
					case !ok:
						t.Errorf("README.md gives %q as evidence; it is not in %s", spec, f)
					case got != want:
						t.Errorf("README.md says %q is accepted=%v; %s says %v", spec, want, f, got)
					}
				}
				checked++
			}
		}
	}
	if checked < 30 {
		t.Errorf("only %d specs checked: the table should hold the evidence of every rule", checked)
	}
}
