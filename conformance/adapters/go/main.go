// Command goadapters scores the Go cron libraries of bench/ against the
// corpus through the adapter protocol of conformance/README.md:
//
//	cd conformance/adapters/go && go build -o "$CACHE/goadapters" .
//	go run ./conformance/cmd/conform -cmd "$CACHE/goadapters -lib robfig"
//
// Each request is answered by calling the library's Next from "after", in
// the request's zone, until "before". A Next that does not move forward
// is answered as an error; one that never returns is the runner's hang.
// This module is outside the root module, so the libraries are never
// dependencies of cronsim.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/adhocore/gronx"
	gocron "github.com/go-co-op/gocron/v2"
	gorhill "github.com/gorhill/cronexpr"
	hashicorp "github.com/hashicorp/cronexpr"
	netresearch "github.com/netresearch/go-cron"
	"github.com/reugn/go-quartz/quartz"
	robfig "github.com/robfig/cron/v3"
)

// next gives the first run strictly after t; the zero time means none.
type next func(t time.Time) (time.Time, error)

// libs parse an expression for a zone. Libraries without a zone argument
// compute in the zone of the time they are given.
var libs = map[string]struct {
	module string
	parse  func(expr string, loc *time.Location) (next, error)
}{
	"robfig": {"github.com/robfig/cron/v3", func(expr string, _ *time.Location) (next, error) {
		s, err := robfig.ParseStandard(expr)
		if err != nil {
			return nil, err
		}
		return plain(s.Next), nil
	}},
	"netresearch": {"github.com/netresearch/go-cron", func(expr string, _ *time.Location) (next, error) {
		s, err := netresearch.ParseStandard(expr)
		if err != nil {
			return nil, err
		}
		return plain(s.Next), nil
	}},
	"gronx": {"github.com/adhocore/gronx", func(expr string, _ *time.Location) (next, error) {
		if !gronx.IsValid(expr) {
			return nil, fmt.Errorf("gronx: invalid expression")
		}
		return func(t time.Time) (time.Time, error) { return gronx.NextTickAfter(expr, t, false) }, nil
	}},
	"gorhill": {"github.com/gorhill/cronexpr", func(expr string, _ *time.Location) (next, error) {
		e, err := gorhill.Parse(expr)
		if err != nil {
			return nil, err
		}
		return plain(e.Next), nil
	}},
	"hashicorp": {"github.com/hashicorp/cronexpr", func(expr string, _ *time.Location) (next, error) {
		e, err := hashicorp.Parse(expr)
		if err != nil {
			return nil, err
		}
		return plain(e.Next), nil
	}},
	"quartz": {"github.com/reugn/go-quartz", func(expr string, loc *time.Location) (next, error) {
		tr, err := quartz.NewCronTriggerWithLoc(quartzExpr(expr), loc)
		if err != nil {
			return nil, err
		}
		return func(t time.Time) (time.Time, error) {
			n, err := tr.NextFireTime(t.UnixNano())
			if err != nil {
				return time.Time{}, err
			}
			return time.Unix(0, n), nil
		}, nil
	}},
	"gocron": {"github.com/go-co-op/gocron/v2", func(expr string, loc *time.Location) (next, error) {
		c := gocron.NewDefaultCron(false)
		if err := c.IsValid(expr, loc, time.Now()); err != nil {
			return nil, err
		}
		return plain(c.Next), nil
	}},
}

func plain(f func(time.Time) time.Time) next {
	return func(t time.Time) (time.Time, error) { return f(t), nil }
}

// maxRuns bounds one answer.
const maxRuns = 200000

type request struct {
	ID     json.RawMessage `json:"id"`
	Expr   string          `json:"expr"`
	TZ     string          `json:"tz"`
	After  time.Time       `json:"after"`
	Before time.Time       `json:"before"`
	// Replay is read by -lib replay only (conformance's
	// TestAdapterPlumbing): the times its Next gives.
	Replay []time.Time `json:"replay"`
}

// replay is no library: its Next is the first time of the request's
// replay field after t, in the request's zone. Fed the daemon's own runs,
// it checks that ask turns no correct answer into an error.
func replay(q request) func(string, *time.Location) (next, error) {
	return func(_ string, loc *time.Location) (next, error) {
		i := 0
		return func(t time.Time) (time.Time, error) {
			for i < len(q.Replay) && !q.Replay[i].After(t) {
				i++
			}
			if i == len(q.Replay) {
				return time.Time{}, nil
			}
			return q.Replay[i].In(loc), nil
		}, nil
	}
}

type answer struct {
	ID    json.RawMessage `json:"id"`
	Runs  *[]string       `json:"runs,omitempty"`
	Error string          `json:"error,omitempty"`
}

func main() {
	name := flag.String("lib", "", "library: robfig, netresearch, gronx, gorhill, hashicorp, quartz or gocron (or replay, for the plumbing check)")
	version := flag.Bool("version", false, "print the library's module version and exit")
	flag.Parse()
	lib, ok := libs[*name]
	if *name == "replay" {
		lib.module, ok = "replay", true
	}
	if !ok {
		fmt.Fprintf(os.Stderr, "goadapters: unknown -lib %q\n", *name)
		os.Exit(2)
	}
	if *version {
		fmt.Println(moduleVersion(lib.module))
		return
	}
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(nil, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	for in.Scan() {
		var q request
		a := answer{}
		if err := json.Unmarshal(in.Bytes(), &q); err != nil {
			a.Error = err.Error()
		} else {
			a.ID = q.ID
			parse := lib.parse
			if *name == "replay" {
				parse = replay(q)
			}
			runs, err := ask(parse, q)
			if err != nil {
				a.Error = err.Error()
			} else {
				a.Runs = &runs
			}
		}
		b, _ := json.Marshal(a)
		out.Write(append(b, '\n'))
		out.Flush()
	}
}

// ask answers one request; a panic of the library is an error answer
// that says so.
func ask(parse func(string, *time.Location) (next, error), q request) (runs []string, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	loc, err := time.LoadLocation(q.TZ)
	if err != nil {
		return nil, err
	}
	nx, err := parse(q.Expr, loc)
	if err != nil {
		return nil, err
	}
	runs = []string{}
	t := q.After.In(loc)
	for len(runs) < maxRuns {
		n, err := nx(t)
		if err != nil || n.IsZero() || !n.Before(q.Before) {
			break // no further run (quartz and gronx say so with an error)
		}
		if !n.After(t) {
			return nil, fmt.Errorf("Next(%s) = %s, not after its argument", t.Format(time.RFC3339), n.Format(time.RFC3339))
		}
		runs = append(runs, n.UTC().Format(time.RFC3339))
		t = n.In(loc)
	}
	return runs, nil
}

func moduleVersion(path string) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == path {
				return path + " " + d.Version
			}
		}
	}
	return path + " (unknown version)"
}

// quartzExpr writes a five-field expression in Quartz syntax: seconds
// first, "?" in one day field, days of week by name (Quartz counts 1-7
// from Sunday).
func quartzExpr(expr string) string {
	f := strings.Fields(expr)
	if len(f) != 5 {
		return expr
	}
	dom, dow := f[2], f[4]
	switch {
	case dow == "*":
		dow = "?"
	case dom == "*":
		dom = "?"
	}
	if dow != "?" && dow != "*" {
		names := []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"}
		var b strings.Builder
		for i := 0; i < len(dow); i++ {
			c := dow[i]
			alone := (i == 0 || !isDigit(dow[i-1])) && (i+1 == len(dow) || !isDigit(dow[i+1]))
			if c >= '0' && c <= '7' && alone && (i == 0 || dow[i-1] != '/' && dow[i-1] != '#') {
				b.WriteString(names[c-'0'])
				continue
			}
			b.WriteByte(c)
		}
		dow = b.String()
	}
	return strings.Join([]string{"0", f[0], f[1], dom, f[3], dow}, " ")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
