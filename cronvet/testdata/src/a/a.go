package a

import (
	"github.com/cronsim-go/cronsim"
)

const nightly = "30 1 * * *"

const badConst = "30 1 * * 8"

const prefix = "0 0 "

var (
	_ = cronsim.MustParse(nightly)
	_ = cronsim.MustParse("*/15 9-17 * * mon-fri")
	_ = cronsim.MustParse("@reboot")
	_ = cronsim.MustParse("0 0 L * 5#2")

	_ = cronsim.MustParse("30 1 * * 8")            // want `bad day-of-week "8" at column 10: 8 is outside 0-7`
	_ = cronsim.MustParse(badConst)                // want `bad day-of-week "8" at column 10: 8 is outside 0-7`
	_ = cronsim.MustParse(prefix + "30 2 *")       // want `no date matches`
	_ = cronsim.MustParse(`60 * * * *`)            // want `bad minute "60" at column 1: 60 is outside 0-59`
	_ = cronsim.MustParse("5;x * * * *")           // want `trailing characters`
	_ = cronsim.MustParse("* * * *")               // want `column`
	_ = cronsim.MustParse(("0 0 * * \x38"))        // want `bad day-of-week`
	_ = cronsim.MustParse("@Daily")                // want `@Daily`
	_ = cronsim.MustParse("0 0 1 13 *")            // want `bad month "13"`
	_ = cronsim.MustParse("0 0 31 2 *" + "")       // want `no date matches`
	_ = cronsim.MustParse("0 0 * * * * * *  *")    // want `fields`
	_ = cronsim.MustParse(string("1-2/0 * * * *")) // want `step`
)

func f(expr string, d cronsim.Dialect) {
	cronsim.Parse(expr)                                 // not a constant: not judged
	cronsim.ParseDialect("0 0 * * 8", d)                // want `8 is outside 0-7`
	cronsim.ParseDialect("5;x * * * *", d)              // want `trailing characters`
	cronsim.ParseDialect("5;x * * * *", cronsim.Debian) // Debian accepts it
	cronsim.ParseDialect("0 0 30 2 *", cronsim.DebianBookworm)
	cronsim.ParseDialect("0 0 L * *", cronsim.Debian) // want `bad day-of-month "L"`
	cronsim.ParseDialect("0 0 * * 8", 1)              // want `bad day-of-week`
	_, _ = cronsim.Parse("0 0 * * 5#6")               // want `day-of-week`
	cronsim.Schedule{}.Parse("not judged")
	cronsim.ParseEntry("not judged", cronsim.Strict)
	p := cronsim.MustParse
	p("not judged either")
}
