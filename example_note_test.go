package cronsim_test

import (
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

func ExampleSchedule_Note() {
	dublin, _ := time.LoadLocation("Europe/Dublin")
	from := time.Date(2021, 10, 31, 0, 0, 0, 0, time.UTC).In(dublin)
	for _, expr := range []string{"30 1 * * *", "30 * * * *"} {
		s := cronsim.MustParse(expr)
		t := from
		for i := 0; i < 2; i++ {
			t = s.Next(t)
			line := fmt.Sprintf("%-10s  %s", expr, t.Format("Jan 2 15:04 MST"))
			if note := s.Note(t); note != "" {
				line += "  # " + note
			}
			fmt.Println(line)
		}
	}
	// Output:
	// 30 1 * * *  Oct 31 01:30 IST  # not repeated: fixed-time job in the repeated hour
	// 30 1 * * *  Nov 1 01:30 GMT
	// 30 * * * *  Oct 31 01:30 IST  # runs twice: wildcard job in the repeated hour
	// 30 * * * *  Oct 31 01:30 GMT  # runs twice: wildcard job in the repeated hour
}
