package cronsim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// CronSchedule is the Schedule interface as in github.com/robfig/cron/v3
// (cron.Schedule), which gocron's cron jobs build on too. It is declared
// here so that this module does not depend on them; a cronsim.Schedule
// satisfies theirs the same way. (It is not named Schedule here only
// because examples named ExampleSchedule_* must refer to
// cronsim.Schedule.)
type CronSchedule interface {
	// Next returns the next activation time, later than the given time.
	Next(time.Time) time.Time
}

// A cronsim.Schedule can drive a scheduler that takes a Next(time.Time)
// time.Time schedule, such as robfig/cron's Cron.Schedule(sched, job):
// the scheduler then runs the job when Debian's cron would, daylight
// saving time included. Pass times in the zone the jobs should follow.
func Example_scheduleInterface() {
	var _ CronSchedule = cronsim.MustParse("30 1 * * *") // compile-time check

	var sched CronSchedule = cronsim.MustParse("30 1 * * *")
	dublin, _ := time.LoadLocation("Europe/Dublin")
	// With robfig/cron v3: c := cron.New(cron.WithLocation(dublin)); c.Schedule(sched, job)
	t := time.Date(2021, 3, 27, 12, 0, 0, 0, dublin)
	for i := 0; i < 2; i++ {
		t = sched.Next(t)
		fmt.Println(t.Format(time.RFC3339))
	}
	// Output:
	// 2021-03-28T02:00:00+01:00
	// 2021-03-29T01:30:00+01:00
}

// A configuration file with schedules fails when it is loaded, not when
// the first job is due: Schedule implements encoding.TextUnmarshaler, and
// the error points at the offending field.
func Example_config() {
	type Job struct {
		Name     string           `json:"name"`
		Schedule cronsim.Schedule `json:"schedule"`
	}
	var config struct {
		Jobs []Job `json:"jobs"`
	}
	good := `{"jobs": [{"name": "backup", "schedule": "30 1 * * *"}, {"name": "poll", "schedule": "*/15 9-17 * * mon-fri"}]}`
	if err := json.Unmarshal([]byte(good), &config); err != nil {
		panic(err)
	}
	for _, j := range config.Jobs {
		fmt.Printf("%s: %s\n", j.Name, j.Schedule.Explain())
	}

	bad := `{"jobs": [{"name": "report", "schedule": "0 9 * * 1-5"}, {"name": "cleanup", "schedule": "0 0 31 2 *"}]}`
	err := json.Unmarshal([]byte(bad), &config)
	fmt.Println(err)
	var pe *cronsim.ParseError
	fmt.Println(errors.As(err, &pe), errors.Is(err, cronsim.ErrNever))
	// Output:
	// backup: At 01:30 every day
	// poll: Every 15 minutes, between 09:00 and 17:59, Monday through Friday
	// cronsim: at column 1: no date matches the day-of-month, month and day-of-week fields
	// true true
}

func ExampleSchedule_Explain() {
	for _, expr := range []string{"30 1 * * *", "0 0 1,15 * 5", "0 0 */2 * 5", "0 0 * * 1#2"} {
		s := cronsim.MustParse(expr)
		fmt.Printf("%-13s %s\n", expr, s.Explain())
	}
	// Output:
	// 30 1 * * *    At 01:30 every day
	// 0 0 1,15 * 5  At 00:00 on day-of-month 1 and 15, or on Friday
	// 0 0 */2 * 5   At 00:00 on odd days of the month that are Fridays
	// 0 0 * * 1#2   At 00:00 on the second Monday of the month
}

func ExampleSchedule_ExplainDST() {
	fmt.Println(cronsim.MustParse("30 1 * * *").ExplainDST())
	fmt.Println(cronsim.MustParse("30 * * * *").ExplainDST())
	// Output:
	// Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once.
	// Wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice.
}
