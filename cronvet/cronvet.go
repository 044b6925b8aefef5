// Package cronvet defines an Analyzer that reports invalid crontab
// expressions passed as constants to cronsim.Parse, cronsim.MustParse,
// cronsim.ParseDialect and the method forms: a daemon's Parse
// (cronsim.Cronie.Parse) and ParseOptions' Parse on a literal with
// constant fields (cronsim.ParseOptions{Daemon: cronsim.BusyBox,
// Dialect: cronsim.Debian}.Parse).
//
// The analyzer judges each constant expression with cronsim's own parser,
// with the options the call parses with: the strict dialect for Parse and
// MustParse, for ParseDialect the dialect given when that argument is a
// constant (else strict), the daemon's own parser for Daemon.Parse, the
// literal's daemon, dialect and hash key for ParseOptions.Parse. The
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
	Doc:      "report invalid crontab expressions passed to cronsim.Parse, cronsim.MustParse, cronsim.ParseDialect, a daemon's Parse and ParseOptions' Parse\n\nThe constant first argument of these calls is parsed with cronsim's own parser, with the options the call parses with (strict for Parse and MustParse, a constant dialect of ParseDialect, the daemon's own parser for cronsim.Cronie.Parse, the fields of a ParseOptions literal with constant fields); what it rejects is reported at the offending character.",
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
		opts, ok := options(pass, call, fn)
		if !ok {
			return
		}
		arg := call.Args[0]
		tv, ok := pass.TypesInfo.Types[arg]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return
		}
		expr := constant.StringVal(tv.Value)
		_, err := opts.Parse(expr)
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

// options returns the parse options a call of fn parses its first
// argument with, when they are known at compile time: Parse and
// MustParse (the zero options), ParseDialect with a constant dialect,
// the method Daemon.Parse on a constant daemon (cronsim.Cronie.Parse),
// and ParseOptions.Parse on a composite literal whose fields are
// constants (cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect:
// cronsim.Debian}.Parse).
func options(pass *analysis.Pass, call *ast.CallExpr, fn *types.Func) (cronsim.ParseOptions, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return cronsim.ParseOptions{}, false
	}
	if recv := sig.Recv(); recv != nil {
		named, ok := types.Unalias(recv.Type()).(*types.Named)
		sel, isSel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !isSel || fn.Name() != "Parse" {
			return cronsim.ParseOptions{}, false
		}
		switch named.Obj().Name() {
		case "Daemon":
			d, ok := daemonConst(pass, sel.X)
			return cronsim.ParseOptions{Daemon: d, Dialect: cronsim.Debian}, ok
		case "ParseOptions":
			return literalOptions(pass, sel.X)
		}
		return cronsim.ParseOptions{}, false
	}
	switch fn.Name() {
	case "Parse", "MustParse":
		return cronsim.ParseOptions{}, true
	case "ParseDialect":
		if len(call.Args) < 2 {
			return cronsim.ParseOptions{}, false
		}
		if _, isConst := constValue(pass, call.Args[1]); !isConst {
			return cronsim.ParseOptions{}, true // strict: what every dialect's error shares
		}
		d, ok := dialectConst(pass, call.Args[1])
		return cronsim.ParseOptions{Dialect: d}, ok
	}
	return cronsim.ParseOptions{}, false
}

// literalOptions reads a ParseOptions composite literal whose fields are
// all constants.
func literalOptions(pass *analysis.Pass, x ast.Expr) (cronsim.ParseOptions, bool) {
	lit, ok := ast.Unparen(x).(*ast.CompositeLit)
	if !ok {
		return cronsim.ParseOptions{}, false
	}
	st, ok := pass.TypesInfo.TypeOf(lit).Underlying().(*types.Struct)
	if !ok {
		return cronsim.ParseOptions{}, false
	}
	var o cronsim.ParseOptions
	for i, elt := range lit.Elts {
		name, value := "", elt
		if kv, isKV := elt.(*ast.KeyValueExpr); isKV {
			id, isID := kv.Key.(*ast.Ident)
			if !isID {
				return o, false
			}
			name, value = id.Name, kv.Value
		} else if i < st.NumFields() {
			name = st.Field(i).Name()
		}
		switch name {
		case "Daemon":
			if o.Daemon, ok = daemonConst(pass, value); !ok {
				return o, false
			}
		case "Dialect":
			if o.Dialect, ok = dialectConst(pass, value); !ok {
				return o, false
			}
		case "HashKey":
			v, isConst := constValue(pass, value)
			if !isConst || v.Kind() != constant.String {
				return o, false
			}
			o.HashKey = constant.StringVal(v)
		default:
			return o, false
		}
	}
	return o, true
}

// constValue returns the constant value of x, if it has one.
func constValue(pass *analysis.Pass, x ast.Expr) (constant.Value, bool) {
	tv, ok := pass.TypesInfo.Types[x]
	return tv.Value, ok && tv.Value != nil
}

// smallConst returns a constant integer below limit.
func smallConst(pass *analysis.Pass, x ast.Expr, limit int) (int, bool) {
	v, ok := constValue(pass, x)
	if !ok {
		return 0, false
	}
	n, exact := constant.Uint64Val(constant.ToInt(v))
	if !exact || n >= uint64(limit) {
		return 0, false
	}
	return int(n), true
}

// daemonConst returns a constant daemon cronsim models.
func daemonConst(pass *analysis.Pass, x ast.Expr) (cronsim.Daemon, bool) {
	n, ok := smallConst(pass, x, len(cronsim.Daemons))
	return cronsim.Daemon(n), ok
}

// dialectConst returns a constant dialect cronsim knows (one with a
// name).
func dialectConst(pass *analysis.Pass, x ast.Expr) (cronsim.Dialect, bool) {
	n, ok := smallConst(pass, x, 256)
	if !ok {
		return 0, false
	}
	d := cronsim.Dialect(n)
	if _, err := d.MarshalText(); err != nil {
		return 0, false
	}
	return d, true
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
