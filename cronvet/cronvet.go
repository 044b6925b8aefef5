// Package cronvet defines an Analyzer that reports invalid crontab
// expressions passed as constants to cronsim.Parse, cronsim.MustParse and
// cronsim.ParseDialect.
//
// The analyzer judges each constant expression with cronsim's own parser,
// in the strict dialect for Parse and MustParse, and for ParseDialect in
// the dialect given when that argument is a constant (else strict). The
// diagnostic is the parser's error, positioned at the offending character
// inside the string literal when the literal is written without escapes.
//
// Run it with go vet, from anywhere:
//
//	go install github.com/cronsim-go/cronsim/cmd/cronvet@latest
//	go vet -vettool=$(which cronvet) ./...
//
// or on its own, without installing (the @version makes the go command
// resolve the analyzer's own dependencies, not your module's):
//
//	go run github.com/cronsim-go/cronsim/cmd/cronvet@latest ./...
//
// or as a tool of your module (Go 1.24 and later), which records
// golang.org/x/tools in your go.mod and go.sum:
//
//	go get -tool github.com/cronsim-go/cronsim/cmd/cronvet@latest
//	go tool cronvet ./...
//	go vet -vettool=$(go tool -n cronvet) ./...
//
// Plain "go run github.com/cronsim-go/cronsim/cmd/cronvet" (no @version)
// inside a module that only requires the library fails with "missing
// go.sum entry" for x/tools: that module's go.sum has no reason to list it.
//
// # One module
//
// The analyzer lives in the library's module rather than a module of its
// own. A program that imports the library does not download x/tools: with
// the pruned module graphs of Go 1.17 and later, go get and go build of
// the library fetch only the library, and go mod tidy adds the library's
// test dependencies (go-cmp, gopter) to go.sum but not x/tools, which
// only cronvet imports. The x/tools requirement raises no floor either:
// v0.49.0 needs go 1.25.0, the module's own minimum (the oldest Go release
// still supported upstream). A module of its own would need a replace
// directive to build against the library in this repository, which go
// install pkg@version rejects, or a tag per module per release.
// TestUserModule checks all of this from a scratch module.
package cronvet

import (
	"errors"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/cronsim-go/cronsim"
)

// Analyzer reports crontab expression constants that cronsim cannot parse.
var Analyzer = &analysis.Analyzer{
	Name:     "cronvet",
	Doc:      "report invalid crontab expressions passed to cronsim.Parse, cronsim.MustParse and cronsim.ParseDialect\n\nThe constant first argument of these calls is parsed with cronsim's own parser (in the dialect of a constant second argument of ParseDialect, else strict); what it rejects is reported at the offending character.",
	URL:      "https://pkg.go.dev/github.com/cronsim-go/cronsim/cronvet",
	Requires: []*analysis.Analyzer{inspect.Analyzer},
	Run:      run,
}

const pkgPath = "github.com/cronsim-go/cronsim"

func run(pass *analysis.Pass) (any, error) {
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	ins.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != pkgPath || len(call.Args) == 0 {
			return
		}
		if sig, ok := fn.Type().(*types.Signature); !ok || sig.Recv() != nil {
			return
		}
		dialect := cronsim.Strict
		switch fn.Name() {
		case "Parse", "MustParse":
		case "ParseDialect":
			if len(call.Args) < 2 {
				return
			}
			if tv, ok := pass.TypesInfo.Types[call.Args[1]]; ok && tv.Value != nil {
				v, exact := constant.Uint64Val(constant.ToInt(tv.Value))
				if !exact || v > 255 {
					return
				}
				dialect = cronsim.Dialect(v)
				if dialect != cronsim.Strict && dialect != cronsim.Debian && dialect != cronsim.DebianBookworm {
					return
				}
			}
		default:
			return
		}
		arg := call.Args[0]
		tv, ok := pass.TypesInfo.Types[arg]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return
		}
		expr := constant.StringVal(tv.Value)
		_, err := cronsim.ParseOptions{Dialect: dialect}.Parse(expr)
		if err == nil {
			return
		}
		pos := arg.Pos()
		var pe *cronsim.ParseError
		if errors.As(err, &pe) {
			pos = position(arg, expr, pe.Column)
		}
		pass.Report(analysis.Diagnostic{Pos: pos, Message: err.Error()})
	})
	return nil, nil
}

// position returns the position of the 1-based character column col of
// expr inside the literal arg, or the literal's own position when the
// literal's text is not expr written plainly (escapes, a constant name, a
// concatenation).
func position(arg ast.Expr, expr string, col int) token.Pos {
	lit, ok := ast.Unparen(arg).(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING || len(lit.Value) < 2 || col < 1 {
		return arg.Pos()
	}
	body := lit.Value[1 : len(lit.Value)-1]
	if lit.Value[0] == '`' {
		if strings.ContainsRune(body, '\r') {
			return arg.Pos()
		}
	} else if s, err := strconv.Unquote(lit.Value); err != nil || s != body {
		return arg.Pos()
	}
	if body != expr {
		return arg.Pos()
	}
	offset := 0
	for i := 1; i < col && offset < len(expr); i++ {
		_, size := utf8.DecodeRuneInString(expr[offset:])
		offset += size
	}
	return lit.Pos() + 1 + token.Pos(offset)
}
