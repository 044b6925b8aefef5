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

// The method forms: a daemon's Parse and ParseOptions' Parse.
func methods(d cronsim.Dialect, key string) {
	cronsim.Cronie.Parse("0 0 * * 8")         // want `day-of-week`
	cronsim.DebianCron.Parse("5;x * * * *")   // Debian's crontab accepts it
	cronsim.BusyBox.Parse("0 0 * * * * *")    // want `5 fields`
	cronsim.BusyBox.Parse("*/15 * * * *")     // fine
	cronsim.ParseOptions{}.Parse("H 3 * * *") // want `key`
	cronsim.ParseOptions{HashKey: "job"}.Parse("H 3 * * *")
	cronsim.ParseOptions{Daemon: cronsim.Cronie, Dialect: cronsim.Debian}.Parse("61 * * * *")         // want `bad minute "61" at column 1`
	cronsim.ParseOptions{Daemon: cronsim.BusyBox}.Parse("0 0 L * *")                                  // strict syntax, BusyBox's rules: fine
	cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("5;x * * * *")                                // fine
	(cronsim.ParseOptions{cronsim.Cronie, cronsim.Strict, "job"}).Parse("0 0 1 13 *")                 // want `bad month "13"`
	cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect: cronsim.DebianBookworm}.Parse("* * * * *") // want `debian-bookworm`
	cronsim.ParseOptions{Dialect: d}.Parse("0 0 * * 8")                                               // not a constant dialect: not judged
	cronsim.ParseOptions{HashKey: key}.Parse("61 * * * *")                                            // not a constant key: not judged
	opts := cronsim.ParseOptions{}
	opts.Parse("not judged: a variable")
}
