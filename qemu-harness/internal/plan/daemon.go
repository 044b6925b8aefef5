package plan

// guests maps each guest to the daemon it runs (corpus field "daemon").
var guests = map[string]string{
	"bookworm":       "debian-cron",
	"trixie":         "debian-cron",
	"trixie-cronie":  "cronie",
	"trixie-busybox": "busybox-crond",
	// systemd as PID 1 in a root built by build-systemd.sh (timers).
	"systemd-bookworm": "systemd",
	"systemd-trixie":   "systemd",
}

// Daemon returns the daemon of a recording's guest ("" for an unknown
// guest, which Load refuses).
func (r *Recording) Daemon() string { return guests[r.Guest] }
