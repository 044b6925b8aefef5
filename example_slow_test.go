package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// Per-line job durations: over Dublin's 2021 spring gap, the daemon
// catches up the skipped hour of "0-59 1 * * *". Its 15-second jobs make
// the catch-up take minutes: after a 10 s sleep that nothing cuts short,
// each job that ends cuts a later sleep(10) short, one end at a time. The
// every-minute job beside it is quick.
func ExampleSimulation_jobDurations() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	catchUp, _ := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("0-59 1 * * *")
	every, _ := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("* * * * *")
	sim := cronsim.Simulation{
		Lines:        []cronsim.Schedule{catchUp, every},
		JobDurations: []time.Duration{15 * time.Second, 0},
		Location:     dublin,
		Start:        time.Date(2021, 3, 28, 0, 50, 1, 0, time.UTC),
		End:          time.Date(2021, 3, 28, 1, 10, 0, 0, time.UTC),
	}
	perMinute := map[string]int{}
	var order []string
	for st, err := range sim.Starts() {
		if err != nil {
			panic(err)
		}
		if st.Line != 0 {
			continue
		}
		m := st.Time.In(dublin).Format("15:04")
		if perMinute[m] == 0 {
			order = append(order, m)
		}
		perMinute[m]++
	}
	for _, m := range order {
		fmt.Println(m, perMinute[m])
	}
	// Output:
	// 02:00 8
	// 02:01 12
	// 02:02 16
	// 02:03 17
	// 02:04 7
}
