package kit

import (
	"strings"

	"github.com/cronsim-go/cronsim"
)

// A DaemonChoice is one daemon as the front ends offer it: the value of
// the command's -daemon flag and an entry of the page's daemon menu,
// with the texts of its row of the library's daemon table
// (cronsim.Daemon.Rules).
type DaemonChoice struct {
	Daemon cronsim.Daemon `json:"-"`
	Name   string         `json:"name"`  // the -daemon flag's value: debian, systemd, ...
	Title  string         `json:"title"` // "Debian's cron"
	Where  string         `json:"where"` // "Debian, Ubuntu"
	Input  string         `json:"input"` // what a schedule of the daemon is
	Zone   string         `json:"zone"`  // which zone a schedule runs in
	Form   string         `json:"form"`  // what the schedule's String is called
	// Examples are schedules the daemon reads, the first a daily run at
	// 01:30.
	Examples []string `json:"examples"`
	Dialect  bool     `json:"dialect"` // DialectApplies: a -dialect means something
	Crontab  bool     `json:"crontab"` // the daemon reads crontab files
	Version  string   `json:"version"` // the version its rules reproduce, "" when unstated
}

// Daemons lists every daemon of the library's daemon table, in the
// order of their values: the cron daemons of cronsim.Daemons and those
// with schedules of their own grammar (systemd's timers).
func Daemons() []DaemonChoice {
	var out []DaemonChoice
	for d := cronsim.Daemon(0); d < 255; d++ {
		// A value names a daemon when its name reads back as it.
		if v, err := cronsim.ParseDaemon(d.String()); err != nil || v != d {
			break
		}
		r := d.Rules()
		out = append(out, DaemonChoice{Daemon: d, Name: d.String(), Title: r.Title, Where: r.Where, Input: r.Input,
			Zone: r.Zone, Form: r.Form, Examples: r.Examples, Dialect: DialectApplies(d), Crontab: r.Crontab, Version: d.Version()})
	}
	return out
}

// DaemonNames lists the names the -daemon flag and the page take, for
// help texts: "debian, cronie, busybox, systemd or kubernetes".
func DaemonNames() string {
	var names []string
	for _, c := range Daemons() {
		names = append(names, c.Name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// DaemonOf returns d's entry of Daemons (the first, Debian's cron, for
// a value that names no daemon).
func DaemonOf(d cronsim.Daemon) DaemonChoice {
	cs := Daemons()
	if int(d) < len(cs) {
		return cs[d]
	}
	return cs[0]
}
