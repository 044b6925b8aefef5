package cronsim

import (
	"testing"
	"time"
)

// PutBackOldSlowModel restores, until the test ends, one behaviour of
// the simulator that a slow-job recording of issue 21 proved wrong, so
// that a test can show the recordings fail it:
//
//   - "busybox-no-rescan": BusyBox crond never re-reads its crontab, so
//     a line whose job runs is never started beside it;
//   - "cronie-8ms-fork": a fork in cronie's catch-up costs 8 ms (the
//     step timing fitted to one +30 min recording; the daemon's steps
//     came as close as 0.2 ms apart);
//   - "debian-double-start": the forward catch-up's last step queues the
//     wildcard jobs of the current minute again, so every-minute lines
//     start twice in the minute a long catch-up ends.
//   - "debian-uncapped-clumps": every end of a burst of slow jobs cuts
//     a sleep of the catch-up (no clumpCuts): the clumps grow and a
//     long catch-up runs away from the daemon's pace.
//
// Tests that call it must not run in parallel: it edits the daemon
// table.
func PutBackOldSlowModel(t testing.TB, model string) {
	switch model {
	case "busybox-no-rescan":
		old := daemonTable[BusyBox].rescanWakeups
		daemonTable[BusyBox].rescanWakeups = 0
		t.Cleanup(func() { daemonTable[BusyBox].rescanWakeups = old })
	case "cronie-8ms-fork":
		old := daemonTable[Cronie].forkCost
		daemonTable[Cronie].forkCost = 8 * time.Millisecond
		t.Cleanup(func() { daemonTable[Cronie].forkCost = old })
	case "debian-uncapped-clumps":
		testHookClumpCuts = 1 << 30
		t.Cleanup(func() { testHookClumpCuts = 0 })
	case "debian-double-start":
		testHookForwardEndWild = true
		t.Cleanup(func() { testHookForwardEndWild = false })
	default:
		t.Fatalf("no old model %q", model)
	}
}

// SetJitterSeed draws the simulator's slow-job lags from another
// sequence until the test ends (see jitterSeed).
func SetJitterSeed(t testing.TB, seed uint64) {
	old := jitterSeed
	jitterSeed = seed
	t.Cleanup(func() { jitterSeed = old })
}
