package main

import (
	"syscall"
	"time"
)

// spanEvent is one end of a stop span: stop (SIGSTOP to cron, or the
// timers stopped on systemd) at a span's from, and the restart at its to.
type spanEvent struct {
	at   int64
	stop bool
}

// schedule runs a recording's guest-time plan, for the cron daemons (PID 1)
// and the systemd agent alike: the clock sets (settimeofday, "C") and the
// stop spans (act, then "P ... STOP|CONT", stamped just before act) in time
// order, a progress line ("T", with starts()) each guest hour, until the end
// time. Timers run on the monotonic clock, which a clock set does not move,
// so the wall clock is read again after sleeps of at most 30 s; wait does
// the sleeping (and may give up on a dead daemon).
func schedule(end int64, clocks []clockSet, spans []pause, act func(stop bool), starts func() int, wait func(time.Duration)) {
	var evs []spanEvent
	for _, p := range spans {
		evs = append(evs, spanEvent{p.from, true}, spanEvent{p.to, false})
	}
	next, nextEv := 0, 0
	lastProgress := time.Now().UnixNano()
	for {
		now := time.Now().UnixNano()
		target := end
		if next < len(clocks) && clocks[next].at < target {
			target = clocks[next].at
		}
		if nextEv < len(evs) && evs[nextEv].at < target {
			target = evs[nextEv].at
		}
		if now >= target {
			if nextEv < len(evs) && evs[nextEv].at == target {
				ev := evs[nextEv]
				before := time.Now().UnixNano()
				act(ev.stop)
				name := "CONT"
				if ev.stop {
					name = "STOP"
				}
				emit("P %d %s", before, name)
				nextEv++
				continue
			}
			if next < len(clocks) && clocks[next].at == target {
				cs := clocks[next]
				before := time.Now().UnixNano()
				tv := syscall.NsecToTimeval(cs.to)
				if err := syscall.Settimeofday(&tv); err != nil {
					fatal("settimeofday: %v", err)
				}
				emit("C %d %d", before, cs.to)
				next++
				continue
			}
			break
		}
		if now-lastProgress >= int64(time.Hour) || now < lastProgress {
			emit("T %d %d", now, starts())
			lastProgress = now
		}
		wait(min(time.Duration(target-now), 30*time.Second))
	}
	if nextEv < len(evs) {
		fatal("recording ended with %d stop events not made", len(evs)-nextEv)
	}
}
