package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// The same line on three daemons across Dublin's 2021 spring gap, when
// 01:00 GMT became 02:00 IST: Debian's cron and cronie run the skipped
// 01:30 at 02:00; BusyBox crond loses it.
func ExampleDaemon() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	from := time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC).In(dublin)
	for _, d := range cronsim.Daemons {
		s, err := cronsim.ParseOptions{Daemon: d, Dialect: cronsim.Debian}.Parse("30 1 * * *")
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-10s %s\n", d, s.Next(from).Format(time.RFC3339))
	}
	// Output:
	// debian     2021-03-28T02:00:00+01:00
	// cronie     2021-03-28T02:00:00+01:00
	// busybox    2021-03-29T01:30:00+01:00
	// kubernetes 2021-03-29T01:30:00+01:00
}

// A crontab moving from Debian's cron to cronie and BusyBox crond.
func ExampleLintOptions_compare() {
	crontab := "CRON_TZ=Asia/Tokyo\n0 9 * * * /usr/local/bin/report\n0 0 * * 1#2 /usr/local/bin/monthly\n"
	rep := cronsim.Lint(crontab, cronsim.LintOptions{Dialect: cronsim.Debian, Compare: cronsim.Daemons})
	for _, p := range rep.Problems {
		if p.Kind == cronsim.LintDaemon {
			fmt.Printf("line %d: %s\n", p.Line, p.Message)
		}
	}
	// Output:
	// line 1: on cronie: cronie runs the jobs after this line in Asia/Tokyo, not in the daemon's zone
	// line 1: on busybox: BusyBox crond does not read this as a setting (it takes only MAILTO=, SHELL= and PATH= at the start of a line)
	// line 2: on cronie: cronie runs it in Asia/Tokyo (CRON_TZ), not in the daemon's zone (UTC)
	// line 3: on cronie: cronie rejects it: bad day-of-week
	// line 3: on busybox: BusyBox crond skips this line: it is not a job there
}
