package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// The rule that sets Debian's cron apart, on Dublin's 2021 transitions: a
// fixed-time job whose time the spring change skips runs at the first
// minute after it, and runs once in the repeated hour of the fall; a
// wildcard job runs at every real minute whose wall time matches, so it
// loses the skipped time and runs twice in the repeated hour.
func Example() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	for _, day := range []struct {
		from time.Time
		span time.Duration
	}{
		{time.Date(2021, 3, 28, 0, 0, 0, 0, time.UTC), 2 * time.Hour},                  // 01:00 GMT -> 02:00 IST
		{time.Date(2021, 10, 30, 23, 0, 0, 0, time.UTC), 2*time.Hour + 30*time.Minute}, // 02:00 IST -> 01:00 GMT
	} {
		for _, expr := range []string{"30 1 * * *", "30 * * * *"} {
			s := cronsim.MustParse(expr)
			for t := range s.All(day.from.In(dublin)) {
				if t.Sub(day.from) > day.span {
					break
				}
				line := fmt.Sprintf("%-10s  %s", expr, t.Format("Jan 2 15:04 MST"))
				if note := s.Note(t); note != "" {
					line += "  # " + note
				}
				fmt.Println(line)
			}
		}
	}
	// Output:
	// 30 1 * * *  Mar 28 02:00 IST  # moved from 01:30: skipped by the spring transition
	// 30 * * * *  Mar 28 00:30 GMT
	// 30 * * * *  Mar 28 02:30 IST  # no run at 01:30: lost in the spring transition (wildcard job)
	// 30 1 * * *  Oct 31 01:30 IST  # not repeated: fixed-time job in the repeated hour
	// 30 * * * *  Oct 31 00:30 IST
	// 30 * * * *  Oct 31 01:30 IST  # runs twice: wildcard job in the repeated hour
	// 30 * * * *  Oct 31 01:30 GMT  # runs twice: wildcard job in the repeated hour
}

func ExampleMustParse() {
	// For expressions fixed in the program; cmd/cronvet checks them at
	// vet time.
	nightly := cronsim.MustParse("@daily")
	fmt.Println(nightly, nightly.Explain())
	// Output: @daily At 00:00 every day (@daily)
}

func ExampleSchedule_String() {
	s, _ := cronsim.Parse("0-59/15 9-17 * * mon-fri")
	fmt.Println(s)
	// Output: 0,15,30,45 9-17 * * 1-5
}

// The daemon over a whole crontab across Dublin's spring gap: the
// fixed-time line 1 catches up, the wildcard line 0 loses 01:30.
func ExampleSimulation_Run() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	sim := cronsim.Simulation{
		Lines:    []cronsim.Schedule{cronsim.MustParse("30 * * * *"), cronsim.MustParse("30 1 * * *")},
		Location: dublin,
		Start:    time.Date(2021, 3, 28, 0, 0, 0, 0, time.UTC),
		End:      time.Date(2021, 3, 28, 2, 0, 0, 0, time.UTC),
	}
	starts, err := sim.Run()
	if err != nil {
		panic(err)
	}
	for _, st := range starts {
		fmt.Println(st.Time.In(dublin).Format("15:04:05 MST"), "line", st.Line, "for", st.Minute.Format("15:04"), st.Reason)
	}
	// Output:
	// 00:30:01 GMT line 0 for 00:30 on time
	// 02:00:01 IST line 1 for 01:30 DST catch-up
	// 02:30:01 IST line 0 for 02:30 on time
}

// Starts streams the same starts without collecting them: stop whenever
// you have seen enough.
func ExampleSimulation_Starts() {
	sim := cronsim.Simulation{
		Lines: []cronsim.Schedule{cronsim.MustParse("*/10 * * * *")},
		Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		End:   time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	n := 0
	for st, err := range sim.Starts() {
		if err != nil {
			panic(err)
		}
		fmt.Println(st.Time.Format(time.RFC3339), st.Reason)
		if n++; n == 2 {
			break
		}
	}
	// Output:
	// 2026-01-01T00:10:01Z on time
	// 2026-01-01T00:20:01Z on time
}
