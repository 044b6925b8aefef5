package conformance

import (
	"fmt"

	"github.com/cronsim-go/cronsim"
)

// The daemons a corpus file can record (its "daemon" field; README.md,
// "Daemons"). A file without the field is DebianCron.
const (
	DebianCron   = "debian-cron"   // Debian's cron 3.0pl1 (bookworm, trixie)
	Cronie       = "cronie"        // cronie (Fedora, RHEL; Debian 13's cronie package)
	BusyboxCrond = "busybox-crond" // BusyBox crond (Alpine; Debian's busybox-static)
	// KubernetesCronJob files were driven from the Kubernetes CronJob
	// controller's code (drivers/kubernetes), not recorded.
	KubernetesCronJob = "kubernetes-cronjob"
	// Systemd files recorded systemd's timer units (one per line) with
	// systemd as the guest's PID 1.
	Systemd = "systemd"
)

// CorpusName returns the name a corpus file gives daemon d in its
// "daemon" field: DebianCron, Cronie, BusyboxCrond, KubernetesCronJob or
// Systemd. The library's
// table (cronsim.ParseDaemon) maps each of these names to its daemon.
func CorpusName(d cronsim.Daemon) string {
	for _, name := range []string{DebianCron, Cronie, BusyboxCrond, KubernetesCronJob, Systemd} {
		if v, err := cronsim.ParseDaemon(name); err == nil && v == d {
			return name
		}
	}
	return d.String()
}

// Modelled reports whether cronsim models the given daemon, so that its
// recordings can be checked. When it does not, why is the message every
// checker (go test, conform) prints for that daemon's files, which are
// then skipped: never failed, never counted as passed.
//
// This is the one place that decides it: every daemon cronsim.Daemons
// lists has a model (cronsim.Daemon), so only an unknown name is
// skipped.
func Modelled(daemon string) (ok bool, why string) {
	if _, err := cronsim.ParseDaemon(daemon); err != nil {
		return false, fmt.Sprintf("daemon %s is not modelled by cronsim: its recordings are skipped", daemon)
	}
	return true, ""
}
