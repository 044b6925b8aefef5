package main

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// crontabLines returns the distinct time fields of a recording, in order.
func crontabLines(r *plan.Recording) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(e string) {
		if !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	for _, e := range r.Lines {
		add(e)
	}
	gens := r.Generators
	if r.Generator != nil {
		gens = append([]*plan.GenSpec{r.Generator}, gens...)
	}
	for _, g := range gens {
		var gen []string
		var err error
		// Expressions are distinct within a file whatever their zone.
		plain := map[string]bool{}
		for e := range seen {
			_, f := plan.SplitTZ(e)
			plain[f] = true
		}
		switch g.Name {
		case "dst-v1":
			w := r.End.Sub(r.RTC)
			if g.EstimateHours > 0 {
				w = time.Duration(g.EstimateHours * float64(time.Hour))
			}
			gen, err = genDST(g, w, plain)
		case "jump-v1":
			gen, err = genJump(g, plain)
		default:
			err = fmt.Errorf("unknown generator %q", g.Name)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", r.Name, err)
		}
		for _, e := range gen {
			if g.CronTZ != "" {
				e = plan.CronTZPrefix + g.CronTZ + " " + e
			}
			add(e)
		}
	}
	// A CRON_TZ= setting holds for every later line of a crontab, and an
	// empty CRON_TZ= is not the same as none in cronie (src/cron.c skips
	// zoned jobs while the system zone changes offset, testing only that
	// the variable is set): lines without a zone must come first.
	zoned := false
	for _, e := range out {
		z, _ := plan.SplitTZ(e)
		if z != "" {
			if r.Daemon() != "cronie" {
				return nil, fmt.Errorf("%s: CRON_TZ lines are for cronie only", r.Name)
			}
			zoned = true
		} else if zoned {
			return nil, fmt.Errorf("%s: a line without CRON_TZ after CRON_TZ lines", r.Name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no crontab lines", r.Name)
	}
	return out, nil
}
