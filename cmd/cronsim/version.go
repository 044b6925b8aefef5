package main

import (
	"encoding/json"
	"fmt"
	"runtime/debug"

	"github.com/cronsim-go/cronsim"
)

var cmdVersion = &command{
	usageLine: "version [-json]",
	short:     "cronsim's module version and the versions of the daemons its rules reproduce",
	arg:       argNone,
	setup: func(c *call) func(string) int {
		asJSON := c.fs.Bool("json", false, "one JSON object: module (the version) and daemons (name to version)")
		return func(string) int {
			out := newOutput(c.stdout)
			if *asJSON {
				v := struct {
					Module  string            `json:"module"`
					Daemons map[string]string `json:"daemons"`
				}{moduleVersion(), map[string]string{}}
				for _, d := range cronsim.Daemons {
					v.Daemons[d.String()] = d.Version()
				}
				b, _ := json.Marshal(v)
				out.line(string(b))
				return out.finish(c.name, c.stderr, 0)
			}
			out.line("cronsim " + moduleVersion())
			out.line("rules reproduce:")
			for _, d := range cronsim.Daemons {
				out.line(fmt.Sprintf("  %-8s %s", d, d.Version()))
			}
			return out.finish(c.name, c.stderr, 0)
		}
	},
}

// moduleVersion is the version of the module the binary was built from
// (go install ...@v1.2.3), or "(devel)" with the commit for a build from
// a checkout.
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: built without module information)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" && (v == "(devel)" || modified != "") {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " (commit " + rev + modified + ")"
	}
	return v + ", " + bi.GoVersion
}
