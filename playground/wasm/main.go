//go:build js && wasm

// Command wasm is the playground's WebAssembly program: it registers
// cronsimEval(requestJSON) -> responseJSON and cronsimDaemons (the
// daemon menu, JSON) on the page's global object, tells the page it is
// ready, and waits. Everything the page shows is
// computed here, in the browser; see package eval.
//
// cronsim serve builds it (GOOS=js GOARCH=wasm go build) with the local
// Go toolchain; see package playground.
package main

import (
	"encoding/json"
	"syscall/js"

	// The browser has no zoneinfo files: embed Go's copy of the tz
	// database, the same zoneinfo.zip the zone list is read from.
	_ "time/tzdata"

	"github.com/cronsim-go/cronsim/playground/internal/eval"
)

func main() {
	js.Global().Set("cronsimEval", js.FuncOf(func(this js.Value, args []js.Value) any {
		var req eval.Request
		var resp eval.Response
		if len(args) != 1 || args[0].Type() != js.TypeString {
			resp.Error = &eval.Error{Message: "cronsimEval wants one JSON string"}
		} else if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
			resp.Error = &eval.Error{Message: "bad request: " + err.Error()}
		} else {
			resp = eval.Evaluate(req)
		}
		out, _ := json.Marshal(resp) // plain data: cannot fail
		return string(out)
	}))
	// The daemon menu, built from the library's daemon table.
	menu, _ := json.Marshal(eval.Daemons()) // plain data: cannot fail
	js.Global().Set("cronsimDaemons", string(menu))
	if ready := js.Global().Get("cronsimReady"); ready.Type() == js.TypeFunction {
		ready.Invoke()
	}
	select {}
}
