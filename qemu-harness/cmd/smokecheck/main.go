// Command smokecheck checks the CI smoke recording: in the file given, the
// line "30 1 * * *" must have run exactly once, in the minute
// 2021-03-28T01:00Z (02:00 Irish Summer Time, the first minute after
// Dublin's 2021 spring-forward gap), and the file must be well formed.
//
//	go run ./qemu-harness/cmd/smokecheck FILE.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

type corpusFile struct {
	Cron   string `json:"cron"`
	Tzdata string `json:"tzdata"`
	TZ     string `json:"tz"`
	Start  string `json:"start"`
	End    string `json:"end"`
	MadeBy string `json:"made_by"`
	Lines  []struct {
		Expr string   `json:"expr"`
		Runs []string `json:"runs"`
	} `json:"lines"`
}

func fail(format string, a ...any) {
	fmt.Fprintf(os.Stderr, "smokecheck: FAIL: "+format+"\n", a...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: smokecheck FILE.json")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("%v", err)
	}
	var f corpusFile
	if err := json.Unmarshal(data, &f); err != nil {
		fail("%s: %v", os.Args[1], err)
	}
	if f.Cron == "" || f.Tzdata == "" || f.MadeBy == "" || f.TZ != "Europe/Dublin" {
		fail("missing cron/tzdata/made_by or wrong tz: %q %q %q %q", f.Cron, f.Tzdata, f.MadeBy, f.TZ)
	}
	want := time.Date(2021, 3, 28, 1, 0, 0, 0, time.UTC)
	found := false
	for _, l := range f.Lines {
		if l.Expr != "30 1 * * *" {
			continue
		}
		found = true
		if len(l.Runs) != 1 {
			fail("30 1 * * * ran %d times, want 1: %v", len(l.Runs), l.Runs)
		}
		t, err := time.Parse(time.RFC3339Nano, l.Runs[0])
		if err != nil {
			fail("bad run time %q: %v", l.Runs[0], err)
		}
		if !t.Truncate(time.Minute).Equal(want) {
			fail("30 1 * * * ran at %s, want the minute %s", l.Runs[0], want.Format(time.RFC3339))
		}
		fmt.Printf("smokecheck: ok: cron %s (tzdata %s) ran 30 1 * * * once at %s (%s local)\n",
			f.Cron, f.Tzdata, l.Runs[0], t.In(time.FixedZone("IST", 3600)).Format("15:04:05"))
	}
	if !found {
		fail("no line 30 1 * * *")
	}
}
