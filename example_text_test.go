package cronsim_test

import (
	"fmt"

	"github.com/cronsim-go/cronsim"
)

// MarshalText writes a schedule only the Debian dialects accept with a
// "debian:" prefix, so that UnmarshalText reads every written schedule
// back as itself; the zero Schedule is the empty text.
func ExampleSchedule_MarshalText() {
	for _, expr := range []string{"30 1 * * 7", "5-3 * * * *", "0 0 30 2 *"} {
		s, _ := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse(expr)
		text, _ := s.MarshalText()
		var back cronsim.Schedule
		err := back.UnmarshalText(text)
		fmt.Printf("%-12s -> %-22q same: %v %v\n", expr, text, back == s, err)
	}
	zero, _ := cronsim.Schedule{}.MarshalText()
	fmt.Printf("zero Schedule -> %q\n", zero)
	// Output:
	// 30 1 * * 7   -> "30 1 * * 0"           same: true <nil>
	// 5-3 * * * *  -> "debian:59-0 * * * *"  same: true <nil>
	// 0 0 30 2 *   -> "debian:0 0 30 2 *"    same: true <nil>
	// zero Schedule -> ""
}
