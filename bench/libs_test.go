package bench

import (
	"fmt"
	"strings"
	"time"

	"github.com/adhocore/gronx"
	"github.com/cronsim-go/cronsim"
	gocron "github.com/go-co-op/gocron/v2"
	gorhill "github.com/gorhill/cronexpr"
	hashicorp "github.com/hashicorp/cronexpr"
	netresearch "github.com/netresearch/go-cron"
	"github.com/reugn/go-quartz/quartz"
	robfig "github.com/robfig/cron/v3"
)

// nextFunc computes the first run strictly after t. A zero result means
// "no run" (or an error).
type nextFunc func(t time.Time) time.Time

// lib is one library under test. parse turns a standard five-field
// expression into a nextFunc for schedules evaluated in loc. For
// libraries that do not take a zone per schedule, loc is ignored and the
// time passed to Next carries the zone (they compute in t's location).
type lib struct {
	name string
	// parse parses expr for use in loc. Its result is what a user of the
	// library keeps between calls.
	parse func(expr string, loc *time.Location) (nextFunc, error)
	// parseOnly is the bare parse call benchmarked in the Parse row; nil
	// if the library has no separate parse step.
	parseOnly func(expr string) (any, error)
}

var libs = []lib{
	{
		name: "cronsim",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			s, err := cronsim.Parse(expr)
			if err != nil {
				return nil, err
			}
			return s.Next, nil
		},
		parseOnly: func(expr string) (any, error) { return cronsim.Parse(expr) },
	},
	{
		name: "robfig",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			s, err := robfig.ParseStandard(expr)
			if err != nil {
				return nil, err
			}
			return s.Next, nil
		},
		parseOnly: func(expr string) (any, error) { return robfig.ParseStandard(expr) },
	},
	{
		name: "netresearch",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			s, err := netresearch.ParseStandard(expr)
			if err != nil {
				return nil, err
			}
			return s.Next, nil
		},
		parseOnly: func(expr string) (any, error) { return netresearch.ParseStandard(expr) },
	},
	{
		// gronx has no parsed form: NextTickAfter takes the expression
		// string and re-parses it on every call, so its Next rows include
		// parsing. Its Parse row is IsValid (validation only).
		name: "gronx",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			if !gronx.IsValid(expr) {
				return nil, fmt.Errorf("gronx: invalid %q", expr)
			}
			return func(t time.Time) time.Time {
				r, err := gronx.NextTickAfter(expr, t, false)
				if err != nil {
					return time.Time{}
				}
				return r
			}, nil
		},
		parseOnly: func(expr string) (any, error) {
			if !gronx.IsValid(expr) {
				return nil, fmt.Errorf("gronx: invalid %q", expr)
			}
			return nil, nil
		},
	},
	{
		name: "gorhill",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			e, err := gorhill.Parse(expr)
			if err != nil {
				return nil, err
			}
			return e.Next, nil
		},
		parseOnly: func(expr string) (any, error) { return gorhill.Parse(expr) },
	},
	{
		name: "hashicorp",
		parse: func(expr string, _ *time.Location) (nextFunc, error) {
			e, err := hashicorp.Parse(expr)
			if err != nil {
				return nil, err
			}
			return e.Next, nil
		},
		parseOnly: func(expr string) (any, error) { return hashicorp.Parse(expr) },
	},
	{
		// go-quartz takes Quartz syntax (seconds first, day of week 1-7
		// from Sunday, "?" in one day field) and a zone per trigger; its
		// NextFireTime works on Unix nanoseconds.
		name: "quartz",
		parse: func(expr string, loc *time.Location) (nextFunc, error) {
			tr, err := quartz.NewCronTriggerWithLoc(quartzExpr(expr), loc)
			if err != nil {
				return nil, err
			}
			return func(t time.Time) time.Time {
				n, err := tr.NextFireTime(t.UnixNano())
				if err != nil {
					return time.Time{}
				}
				return time.Unix(0, n)
			}, nil
		},
		parseOnly: func(expr string) (any, error) { return quartz.NewCronTrigger(quartzExpr(expr)) },
	},
	{
		// gocron v2 computes cron runs with robfig/cron/v3: its exported
		// NewDefaultCron wraps cron.ParseStandard("CRON_TZ=<zone> "+expr)
		// and Next is robfig's SpecSchedule.Next in that zone. IsValid is
		// its parse step; it also computes one Next to reject schedules
		// that never run.
		name: "gocron",
		parse: func(expr string, loc *time.Location) (nextFunc, error) {
			c := gocron.NewDefaultCron(false)
			if err := c.IsValid(expr, loc, startUTC); err != nil {
				return nil, err
			}
			return c.Next, nil
		},
		parseOnly: func(expr string) (any, error) {
			c := gocron.NewDefaultCron(false)
			return c, c.IsValid(expr, time.UTC, startUTC)
		},
	},
}

// quartzExpr translates a standard five-field expression into Quartz
// syntax for the expressions benchmarked here.
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
	// Quartz numbers days of week 1-7 from Sunday; use names instead.
	names := []string{"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"}
	if dow != "?" && dow != "*" {
		var b strings.Builder
		for i := 0; i < len(dow); i++ {
			c := dow[i]
			if c >= '0' && c <= '7' && (i == 0 || !isDigit(dow[i-1])) && (i+1 == len(dow) || !isDigit(dow[i+1])) && (i == 0 || dow[i-1] != '/' && dow[i-1] != '#') {
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
