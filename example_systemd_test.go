package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// A systemd timer with Persistent=true and the default AccuracySec=,
// replayed over a forward clock set and a span in which its timers were
// stopped (the machine off). Each start is the earliest moment systemd
// may start the service; it comes within the window after it.
func ExampleSchedule_WithTimer() {
	s, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse("*-*-* *:00:00")
	if err != nil {
		panic(err)
	}
	timer := s.WithTimer(cronsim.Timer{Persistent: true})
	at := func(v string) time.Time { t, _ := time.Parse(time.RFC3339, v); return t }
	sim := cronsim.Simulation{
		Daemon: cronsim.Systemd,
		Lines:  []cronsim.Schedule{timer},
		Start:  at("2021-06-01T09:30:00Z"),
		End:    at("2021-06-01T16:30:00Z"),
		// 10:20 is set to 12:40: the 11:00 elapse starts once, at once.
		ClockSets: []cronsim.ClockSet{{At: at("2021-06-01T10:20:00Z"), To: at("2021-06-01T12:40:00Z")}},
		// Off from 13:10 to 15:45: Persistent= starts 14:00 once at 15:45.
		Stopped: []cronsim.Pause{{From: at("2021-06-01T13:10:00Z"), To: at("2021-06-01T15:45:00Z")}},
	}
	starts, err := sim.Run()
	if err != nil {
		panic(err)
	}
	for _, st := range starts {
		fmt.Printf("%s within %v (%s)\n", st.Time.Format("15:04"), st.Window, st.Reason)
	}
	// Output:
	// 10:00 within 1m0s (on time)
	// 12:40 within 1m0s (late catch-up)
	// 13:00 within 1m0s (on time)
	// 15:45 within 1m0s (late catch-up)
	// 16:00 within 1m0s (on time)
}
