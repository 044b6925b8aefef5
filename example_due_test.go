package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// A monitor pinged by "30 1 * * *" in Dublin at 01:30 on 2021-03-27
// expects the next start at 02:00 the next night, when the clocks have
// skipped 01:30: Debian's cron catches the job up at the first minute
// after the gap.
func ExampleNextDue() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	s := cronsim.MustParse("30 1 * * *")
	last := time.Date(2021, 3, 27, 1, 30, 1, 0, time.UTC)
	d := cronsim.NextDue(s, dublin, last, time.Minute)
	fmt.Println(d.At.Format(time.RFC3339), d.Note)
	fmt.Println(d.Deadline.Format(time.RFC3339))
	fmt.Println(d.Late(time.Date(2021, 3, 28, 1, 0, 30, 0, time.UTC)), d.Late(time.Date(2021, 3, 28, 1, 1, 30, 0, time.UTC)))
	// Output:
	// 2021-03-28T02:00:00+01:00 caught up after a gap
	// 2021-03-28T02:01:00+01:00
	// false true
}

// When the clocks skip 01:00-01:59, "0-59 1 * * *" starts 60 times in
// the first minute after the gap: a monitor should count 60 pings there.
func ExampleStartsBetween() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	s := cronsim.MustParse("0-59 1 * * *")
	from := time.Date(2021, 3, 28, 0, 0, 0, 0, time.UTC)
	fmt.Println(cronsim.StartsBetween(s, dublin, from, from.Add(2*time.Hour), 0))
	// Output: 60
}

// H picks a value from a key, croniter's way: the same key, the same
// minute and hour. Here crc32("nightly-backup") = 2146727064 (Python:
// binascii.crc32(b"nightly-backup")): minute 2146727064 mod 60 = 24, hour
// 0 + (2146727064 >> 1) mod 6 = 0.
func ExampleParseOptions() {
	s, err := cronsim.ParseOptions{HashKey: "nightly-backup"}.Parse("H H(0-5) * * *")
	if err != nil {
		panic(err)
	}
	fmt.Println(s)
	_, err = cronsim.Parse("H H(0-5) * * *")
	fmt.Println(err)
	// Output:
	// 24 0 * * *
	// cronsim: bad minute "H" at column 1: H (a hashed value) needs a key: parse with ParseOptions{HashKey: ...}, such as the job's name
}

// A CRON_TZ= prefix gives the schedule its own zone.
func ExampleSchedule_Location() {
	s := cronsim.MustParse("CRON_TZ=America/New_York 30 2 * * *")
	next := s.Next(time.Date(2021, 3, 13, 12, 0, 0, 0, time.UTC))
	fmt.Println(s.Location(), next.Format(time.RFC3339))
	fmt.Println(s.Explain())
	// Output:
	// America/New_York 2021-03-14T03:00:00-04:00
	// At 02:30 every day, America/New_York time
}
