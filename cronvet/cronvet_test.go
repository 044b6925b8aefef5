package cronvet_test

import (
	"os"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/cronsim-go/cronsim/cronvet"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), cronvet.Analyzer, "a")
}

// TestColumns checks that diagnostics point inside the literal, at the
// offending character.
func TestColumns(t *testing.T) {
	results := analysistest.Run(&discard{T: t}, analysistest.TestData(), cronvet.Analyzer, "a")
	want := map[string]string{ // message prefix -> text at the position
		`cronsim: bad day-of-week "8" at column 10`: "8",
		`cronsim: bad minute "60" at column 1`:      "60",
		`cronsim: bad month "13"`:                   "13",
		`cronsim: bad minute "61" at column 1`:      "61", // cronie's parser, a method form
	}
	found := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			for prefix, text := range want {
				if !strings.HasPrefix(d.Message, prefix) {
					continue
				}
				if got := textAt(r.Pass, d); strings.HasPrefix(got, text) {
					found++
				} else if !strings.HasPrefix(got, "badConst") {
					t.Errorf("%s: at %q, want %q", d.Message, got, text)
				}
			}
		}
	}
	if found < 4 {
		t.Errorf("found %d diagnostics at their column, want at least 4", found)
	}
}

func textAt(pass *analysis.Pass, d analysis.Diagnostic) string {
	pos := pass.Fset.Position(d.Pos)
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		if tf == nil || tf.Name() != pos.Filename {
			continue
		}
		src, err := os.ReadFile(tf.Name())
		if err != nil {
			return ""
		}
		return string(src[pos.Offset:min(pos.Offset+10, len(src))])
	}
	return ""
}

// discard is a testing.T-like value that lets analysistest.Run return
// results without failing the test twice.
type discard struct{ *testing.T }

func (d *discard) Errorf(format string, args ...any) {}
