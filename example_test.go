package cronsim_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

func ExampleParse() {
	s, err := cronsim.Parse("30 1 * * *")
	if err != nil {
		panic(err)
	}
	fmt.Println(s, s.Wildcard())
	// Output: 30 1 * * * false
}

func ExampleParse_error() {
	_, err := cronsim.Parse("30 1 * * 8")
	var pe *cronsim.ParseError
	if errors.As(err, &pe) {
		fmt.Println(pe.Caret())
		fmt.Println(pe.Field, pe.Column, pe.Reason)
		fmt.Println("Debian says:", pe.Debian)
		fmt.Println(errors.Is(err, cronsim.ErrRange))
	}
	// Output:
	// 30 1 * * 8
	//          ^
	// day-of-week 10 8 is outside 0-7
	// Debian says: bad day-of-week
	// true
}

func ExampleParseOptions_Parse() {
	// Debian's crontab accepts "5;x" and reads it as minute 5.
	s, err := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("5;x * * * *")
	fmt.Println(s, err)
	_, err = cronsim.Parse("5;x * * * *")
	fmt.Println(errors.Is(err, cronsim.ErrMangled))
	// Output:
	// 5 * * * * <nil>
	// true
}

func ExampleSchedule_Next() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	s := cronsim.MustParse("30 1 * * *")
	t := time.Date(2021, 3, 27, 12, 0, 0, 0, time.UTC).In(dublin)
	for i := 0; i < 3; i++ {
		t = s.Next(t)
		fmt.Println(t.Format(time.RFC3339))
	}
	// Output:
	// 2021-03-28T02:00:00+01:00
	// 2021-03-29T01:30:00+01:00
	// 2021-03-30T01:30:00+01:00
}

func ExampleSchedule_Prev() {
	s := cronsim.MustParse("0 0 29 2 *")
	fmt.Println(s.Prev(time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)))
	// Output: 2024-02-29 00:00:00 +0000 UTC
}

func ExampleSchedule_All() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	s := cronsim.MustParse("30 * * * *")
	from := time.Date(2021, 10, 30, 23, 0, 0, 0, time.UTC).In(dublin)
	n := 0
	for t := range s.All(from) {
		fmt.Println(t.Format(time.RFC3339))
		if n++; n == 4 {
			break
		}
	}
	// Output:
	// 2021-10-31T00:30:00+01:00
	// 2021-10-31T01:30:00+01:00
	// 2021-10-31T01:30:00Z
	// 2021-10-31T02:30:00Z
}

func ExampleSchedule_Backward() {
	s := cronsim.MustParse("0 9 * * mon-fri")
	from := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC) // a Monday
	n := 0
	for t := range s.Backward(from) {
		fmt.Println(t.Format("Mon 2006-01-02 15:04"))
		if n++; n == 2 {
			break
		}
	}
	// Output:
	// Fri 2026-11-27 09:00
	// Thu 2026-11-26 09:00
}

func ExampleSchedule_Match() {
	s := cronsim.MustParse("*/15 9-17 * * 1-5")
	fmt.Println(s.Match(time.Date(2026, 11, 27, 9, 45, 0, 0, time.UTC)))
	fmt.Println(s.Match(time.Date(2026, 11, 28, 9, 45, 0, 0, time.UTC))) // Saturday
	// Output:
	// true
	// false
}

func ExampleSchedule_Never() {
	s, _ := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("0 0 30 2 *")
	fmt.Println(s.Never(), s.Next(time.Now()).IsZero())
	// Output: true true
}

func ExampleSchedule_Wildcard() {
	for _, e := range []string{"*/10 * * * *", "15 */2 * * *", "0-59 1 * * *", "@daily", "@hourly"} {
		fmt.Println(e, cronsim.MustParse(e).Wildcard())
	}
	// Output:
	// */10 * * * * true
	// 15 */2 * * * true
	// 0-59 1 * * * false
	// @daily false
	// @hourly true
}

func ExampleSchedule_HasSeconds() {
	// A zone prefix is not a field: counting the words of String() would
	// take the second expression for one with seconds.
	for _, e := range []string{"*/20 * * * * *", "CRON_TZ=Asia/Tokyo 30 1 * * *", "@hourly"} {
		fmt.Println(cronsim.MustParse(e).HasSeconds())
	}
	// Output:
	// true
	// false
	// false
}

func ExampleSchedule_MatchWall() {
	// 02:30 never showed in New York on 2021-03-14 (the clocks went from
	// 02:00 to 03:00): MatchWall asks about the reading itself.
	s := cronsim.MustParse("CRON_TZ=America/New_York 30 2 * * *")
	fmt.Println(s.MatchWall(time.Date(2021, 3, 14, 2, 30, 0, 0, time.UTC)))
	fmt.Println(s.Match(time.Date(2021, 3, 14, 2, 30, 0, 0, time.UTC)))
	// Output:
	// true
	// false
}

func ExampleSchedule_DayAnd() {
	// Debian combines day-of-month and day-of-week with OR unless either
	// field starts with "*".
	fmt.Println(cronsim.MustParse("0 0 1,15 * 5").DayAnd())
	fmt.Println(cronsim.MustParse("0 0 */2 * 5").DayAnd())
	// Output:
	// false
	// true
}

func ExampleSchedule_UnmarshalText() {
	var cfg struct {
		Backup cronsim.Schedule `json:"backup"`
	}
	err := json.Unmarshal([]byte(`{"backup": "30 1 * * 8"}`), &cfg)
	fmt.Println(err)
	// Output: cronsim: bad day-of-week "8" at column 10: 8 is outside 0-7
}

func ExampleParseOptions_Entry() {
	e, err := cronsim.ParseOptions{Dialect: cronsim.Debian}.Entry("15 3 * * * /usr/local/bin/backup")
	fmt.Println(e.Kind == cronsim.EntryJob, e.Schedule, e.Command, err)
	e, _ = cronsim.ParseOptions{Dialect: cronsim.Debian}.Entry("MAILTO=ops")
	fmt.Println(e.Kind == cronsim.EntryEnv, e.Name, e.Value)
	// Output:
	// true 15 3 * * * /usr/local/bin/backup <nil>
	// true MAILTO ops
}
