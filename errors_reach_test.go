package cronsim

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"strings"
	"testing"
	"time"
)

// TestSentinelsReachable: every exported Err sentinel of the package is
// returned for some input, and each case gets the sentinel it should.
// The list of sentinels is read from the source, so a new one without a
// case here fails the test.
func TestSentinelsReachable(t *testing.T) {
	parse := func(expr string, d Dialect) func() error {
		return func() error { _, err := ParseOptions{Dialect: d}.Parse(expr); return err }
	}
	entry := func(line string, d Dialect) func() error {
		return func() error { _, err := ParseOptions{Dialect: d}.Entry(line); return err }
	}
	cases := []struct {
		sentinel string
		err      func() error
	}{
		{"ErrSyntax", parse("x * * * *", Strict)},
		{"ErrSyntax", parse("x * * * *", Debian)},
		{"ErrRange", parse("61 * * * *", Strict)},
		{"ErrRange", parse("61 * * * *", Debian)},
		{"ErrStep", parse("*/0 * * * *", Strict)},
		{"ErrFieldCount", parse("* * * *", Strict)},
		{"ErrFieldCount", parse("0 0 1 * * * extra", Debian)},
		{"ErrTooLong", parse(strings.Repeat("1,", 3000)+"1 * * * *", Strict)},
		{"ErrTooLong", entry("* * * * * "+strings.Repeat("x", 1000), Debian)},
		{"ErrNever", parse("0 0 30 2 *", Strict)},
		{"ErrMangled", parse("5;x * * * *", Strict)},
		{"ErrExtension", parse("0 0 L * *", Debian)},
		{"ErrExtension", parse("0 0 LW * *", DebianBookworm)},
		{"ErrExtension", parse("0 0 * * 5L", Debian)},
		{"ErrExtension", parse("0 0 15W * *", Debian)},
		{"ErrExtension", parse("0 30 1 * * *", Debian)},
		{"ErrExtension", parse("0 0 1 * * *", Debian)},
		{"ErrExtension", entry("0 0 L * * true", Debian)},
		{"ErrHashKey", parse("H * * * *", Strict)},
		{"ErrRandom", func() error { _, err := ParseOptions{Daemon: Cronie, Dialect: Debian}.Parse("~ * * * *"); return err }},
		{"ErrSimulation", func() error { _, err := (Simulation{End: time.Unix(-1, 0)}).Run(); return err }},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		err := c.err()
		target := sentinels[c.sentinel]
		if target == nil {
			t.Fatalf("no sentinel %s", c.sentinel)
		}
		if !errors.Is(err, target) {
			t.Errorf("%s: got %v", c.sentinel, err)
		}
		covered[c.sentinel] = true
	}
	// Every Err variable declared in the package's non-test files.
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, ".", func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range pkgs["cronsim"].Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if vs, ok := n.(*ast.ValueSpec); ok {
				for _, name := range vs.Names {
					if strings.HasPrefix(name.Name, "Err") && name.IsExported() && !covered[name.Name] {
						t.Errorf("sentinel %s has no case that returns it", name.Name)
					}
				}
			}
			return true
		})
	}
}

var sentinels = map[string]error{
	"ErrSyntax": ErrSyntax, "ErrRange": ErrRange, "ErrStep": ErrStep, "ErrFieldCount": ErrFieldCount,
	"ErrTooLong": ErrTooLong, "ErrNever": ErrNever, "ErrMangled": ErrMangled, "ErrExtension": ErrExtension,
	"ErrHashKey": ErrHashKey, "ErrSimulation": ErrSimulation, "ErrRandom": ErrRandom,
}
