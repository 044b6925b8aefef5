package main

import (
	"flag"
	"time"

	"github.com/cronsim-go/cronsim"
)

// cronJobFlags are a Kubernetes CronJob's settings beside its schedule,
// for the commands where they change the answer (due, simulate). They go
// with a daemon whose rules have them (cronsim.Rules.CronJob).
type cronJobFlags struct {
	deadline    *time.Duration
	concurrency *string
	suspend     *bool // due: .spec.suspend now; nil where -suspend takes spans
}

func addCronJobFlags(fs *flag.FlagSet, suspendNow bool) *cronJobFlags {
	f := &cronJobFlags{
		deadline:    fs.Duration("starting-deadline", -1, "-daemon kubernetes: .spec.startingDeadlineSeconds as a duration (negative: none; 0: the controller starts nothing)"),
		concurrency: fs.String("concurrency", "Allow", "-daemon kubernetes: .spec.concurrencyPolicy, Allow, Forbid or Replace"),
	}
	if suspendNow {
		f.suspend = fs.Bool("suspend", false, "-daemon kubernetes: .spec.suspend is true (no start is due)")
	}
	return f
}

// cronJobFlagNames are the flags of cronJobFlags and simulate's -suspend.
var cronJobFlagNames = map[string]bool{"starting-deadline": true, "concurrency": true, "suspend": true}

// read checks the flags against the daemon d and returns the settings:
// one given for a daemon without CronJobs is a usage error.
func (f *cronJobFlags) read(c *call, d cronsim.Daemon) (deadline *time.Duration, policy cronsim.ConcurrencyPolicy, code int, ok bool) {
	if !d.Rules().CronJob {
		set := ""
		c.fs.Visit(func(fl *flag.Flag) {
			if cronJobFlagNames[fl.Name] && set == "" {
				set = fl.Name
			}
		})
		if set != "" {
			return nil, 0, c.usagef("-%s is a Kubernetes CronJob's setting: it goes with -daemon kubernetes, not -daemon %s", set, d), false
		}
		return nil, 0, 0, true
	}
	if *f.deadline >= 0 {
		v := *f.deadline
		deadline = &v
	}
	policy, err := cronsim.ParseConcurrencyPolicy(*f.concurrency)
	if err != nil {
		return nil, 0, c.usagef("-concurrency: %v", err), false
	}
	return deadline, policy, 0, true
}
