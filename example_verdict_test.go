package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// A monitor of "30 1 * * *" in Dublin. The job's host runs 2 seconds
// ahead, so its ping for 2021-03-27 01:30 comes at 01:29:59: within the
// early tolerance, it stands for that start. The next start is the
// catch-up at 02:00 IST after the spring gap; a minute's grace on top of
// the daemon's start lag gives the deadline.
func ExampleCheck_Verdict() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	c := cronsim.Check{Schedule: cronsim.MustParse("30 1 * * *"), Location: dublin, Grace: time.Minute}
	pings := cronsim.Pings{Start: time.Date(2021, 3, 27, 1, 29, 59, 0, time.UTC)}
	for _, now := range []time.Time{
		time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC),
		time.Date(2021, 3, 28, 1, 0, 30, 0, time.UTC),
		time.Date(2021, 3, 28, 1, 2, 0, 0, time.UTC),
	} {
		v := c.Verdict(pings, now)
		fmt.Println(v.State, v.Reason, v.Due.Format(time.RFC3339), v.Deadline.Format(time.RFC3339), v.Note.Code(), v.Missed)
	}
	// Output:
	// up ping_early 2021-03-28T02:00:00+01:00 2021-03-28T02:01:10+01:00 caught_up_after_gap 0
	// grace start_due 2021-03-28T02:00:00+01:00 2021-03-28T02:01:10+01:00 caught_up_after_gap 0
	// late start_overdue 2021-03-28T02:00:00+01:00 2021-03-28T02:01:10+01:00 caught_up_after_gap 1
}

// Two pings of "*/5 * * * *" ten minutes apart: the 01:25 start is
// missing, though the job is pinging again.
func ExampleCheck_Verdict_missed() {
	c := cronsim.Check{Schedule: cronsim.MustParse("*/5 * * * *"), Grace: 5 * time.Minute}
	v := c.Verdict(cronsim.Pings{
		Prev:  time.Date(2021, 6, 1, 1, 20, 1, 0, time.UTC),
		Start: time.Date(2021, 6, 1, 1, 30, 1, 0, time.UTC),
	}, time.Date(2021, 6, 1, 1, 30, 2, 0, time.UTC))
	fmt.Println(v.State, v.Reason, v.Missed)
	// Output: missed starts_missed 1
}

// A Kubernetes CronJob, "0 * * * *" with .spec.concurrencyPolicy Forbid
// and Jobs that run 65 minutes: the 11:00 start waits for the 10:00
// Job, so at 11:03 it is due but not late. After a controller outage
// from 10:00:30 to 13:20:30 the controller starts only 13:00's run, at
// the restart: 11:00 and 12:00 are missed.
func ExampleCheck_Verdict_kubernetes() {
	s, _ := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse("0 * * * *")
	c := cronsim.Check{Schedule: s, Grace: time.Minute, JobDuration: 65 * time.Minute, Concurrency: cronsim.Forbid}
	at := func(h, m, sec int) time.Time { return time.Date(2021, 6, 1, h, m, sec, 100e6, time.UTC) }
	v := c.Verdict(cronsim.Pings{Start: at(10, 0, 0)}, at(11, 3, 0))
	fmt.Println(v.State, v.Due.Format(time.TimeOnly), v.Deadline.Format(time.TimeOnly))
	c = cronsim.Check{Schedule: s, Grace: time.Minute}
	v = c.Verdict(cronsim.Pings{Prev: at(10, 0, 0), Start: at(13, 20, 30)}, at(13, 21, 0))
	fmt.Println(v.State, v.Slot.Format(time.TimeOnly), v.Missed)
	// Output:
	// grace 11:00:00 11:06:01
	// missed 13:00:00 2
}
