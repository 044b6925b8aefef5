package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/conformance"
)

// A row's verdicts are kept in a cache outside the repository
// (-cache DIR, one file per library) as each row finishes, so that a
// regeneration that does not fit in one sitting can be finished later:
// -reuse takes a row from the cache instead of running it again when the
// library's version, its CPU budget, the hang rule and the lines asked
// are the same.

// hangRule names the runner's rule for hangs; a cached row made under
// another rule is run again.
const hangRule = "cpu-budget-1"

type cachedRow struct {
	Name     string          `json:"name"`
	Version  string          `json:"version"`
	Rule     string          `json:"rule"`
	Timeout  string          `json:"timeout"`
	Lines    string          `json:"lines"` // digest of the lines asked and their expectations
	Elapsed  float64         `json:"elapsed_s"`
	Load     string          `json:"load,omitempty"` // /proc/loadavg when the row finished
	Finished string          `json:"finished"`
	Verdicts []cachedVerdict `json:"verdicts"`
}

type cachedVerdict struct {
	File    string   `json:"file"`
	Line    int      `json:"line"`
	Sent    string   `json:"sent"`
	Outcome string   `json:"outcome"`
	Got     []string `json:"got,omitempty"`
	Error   string   `json:"error,omitempty"`
	Crash   bool     `json:"crash,omitempty"`
}

// linesDigest identifies the lines a row is asked and what the daemon did.
func linesDigest(exps []conformance.Expectation) string {
	h := sha256.New()
	for i := range exps {
		e := &exps[i]
		if conformance.Scorable(e, "debian-cron") {
			fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00%s\x00%s\x00%s\n", e.File, e.Line, e.Expr, e.TZ, e.After, e.Before, strings.Join(e.Runs, ","))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func cachePath(dir, name string) string {
	return filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_", "(", "", ")", "").Replace(name)+".json")
}

// saveRow writes a finished row to the cache.
func saveRow(dir string, r result, digest string) error {
	c := cachedRow{Name: r.name, Version: r.ver, Rule: hangRule, Timeout: r.timeout.String(), Lines: digest,
		Elapsed: r.elapsed.Seconds(), Finished: time.Now().UTC().Format(time.RFC3339)}
	c.Load = r.load
	for _, v := range r.verdicts {
		c.Verdicts = append(c.Verdicts, cachedVerdict{v.Exp.File, v.Exp.Line, v.Sent, string(v.Outcome), v.Got, v.Error, v.Crash})
	}
	b, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp := cachePath(dir, r.name) + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, cachePath(dir, r.name))
}

// loadRow fills r from the cache when a row of the same library version,
// budget, rule and lines is there.
func loadRow(dir string, r *result, exps []conformance.Expectation, digest string) bool {
	b, err := os.ReadFile(cachePath(dir, r.name))
	if err != nil {
		return false
	}
	var c cachedRow
	if json.Unmarshal(b, &c) != nil || c.Name != r.name || c.Version != r.ver || c.Rule != hangRule || c.Timeout != r.timeout.String() || c.Lines != digest {
		return false
	}
	byLine := map[string]*conformance.Expectation{}
	for i := range exps {
		byLine[fmt.Sprintf("%s:%d", exps[i].File, exps[i].Line)] = &exps[i]
	}
	r.score = conformance.NewScore()
	r.verdicts = nil
	for _, cv := range c.Verdicts {
		e := byLine[fmt.Sprintf("%s:%d", cv.File, cv.Line)]
		if e == nil {
			return false
		}
		v := conformance.Verdict{Exp: e, Sent: cv.Sent, Outcome: conformance.Outcome(cv.Outcome), Got: cv.Got, Error: cv.Error, Crash: cv.Crash}
		r.verdicts = append(r.verdicts, v)
		r.score.Add(v)
	}
	for i := range exps {
		if !conformance.Scorable(&exps[i], "debian-cron") {
			r.score.Skipped[exps[i].File]++
		}
	}
	r.elapsed = time.Duration(c.Elapsed * float64(time.Second))
	r.load = c.Load
	return true
}
