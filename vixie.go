package cronsim

import (
	"strconv"
	"time"
)

// Debian's cron and cronie are both Paul Vixie's cron of 1988-1994, and
// share its main loop with its virtual clock (cron.c, main()), which
// this file holds; each one's parser (debian.go, cronie.go) and rules
// (daemon.go) stand beside it. The lower-level parts they share stay
// with the parsers that call them: the reading of an environment setting
// (crontab.go, debianEnv) and the star flags of a field (debian.go,
// setStarStep).

// testHookForwardEndWild, set only by tests, puts back a wrong model:
// the forward catch-up's last step (virtualTime reaching timeRunning)
// queues the wildcard jobs of timeRunning a second time. The slow-job
// recordings with every-minute lines beside a long catch-up must fail
// it (TestOldSlowModelsFail).
var testHookForwardEndWild bool

// runVixie is Vixie cron's main loop (cron.c, main()): sleep to the next
// minute, read the clock, and classify the wake-up by timeDiff
// (daemonRules.classify): on time, late (every skipped minute), a
// forward jump (fixed-time jobs catch up), a backward jump (wildcard
// jobs only) or a clock correction.
func runVixie(sim *Simulation, d *daemon) error {
	loc := d.loc
	d.isDST = time.Unix(0, d.clock()).In(loc).IsDST()
	d.gmtOff = periodAt(loc, floorDiv(d.clock(), int64(time.Second))).offset // set_time(TRUE)
	d.setTime()
	d.timeRunning, d.virtualTime = d.clockTime, d.clockTime
	d.oldGMToff = d.gmtOff
	// Each loop handles at least one real minute or one clock set, so
	// this bounds the loop even for hostile clock traces.
	maxLoops := 4*int(d.span/time.Minute) + 4*len(d.sets) + 1000
	done := func() bool { return d.stopped || d.over() }
	for loop := 0; !done(); loop++ {
		if loop == maxLoops {
			return &SimulationError{Field: "Simulation", Reason: "the daemon did not reach End within " + strconv.Itoa(maxLoops) + " wake-ups"}
		}
		for spin := 0; spin < 1000; spin++ {
			d.cronSleep(d.timeRunning + 1)
			d.setTime()
			if d.clockTime != d.timeRunning || done() {
				break
			}
		}
		if done() {
			break
		}
		d.timeRunning = d.clockTime
		switch d.rules.classify(d.timeRunning - d.virtualTime) {
		case wakeOnTime:
			d.virtualTime = d.timeRunning
			d.oldGMToff = d.gmtOff
			d.findJobs(d.virtualTime, true, true, ReasonOnTime, d.oldGMToff)
		case wakeLate:
			for !d.stopped {
				if d.runQueue() {
					d.sleep(10 * int64(time.Second))
				}
				d.virtualTime++
				reason := ReasonLate
				if d.virtualTime == d.timeRunning {
					reason = ReasonOnTime
				}
				if d.virtualTime >= d.timeRunning {
					d.oldGMToff = d.gmtOff
				}
				d.findJobs(d.virtualTime, true, true, reason, d.oldGMToff)
				if d.virtualTime >= d.timeRunning {
					break
				}
			}
		case wakeForward:
			d.findJobs(d.timeRunning, true, false, ReasonOnTime, d.gmtOff)
			for !d.stopped {
				if d.runQueue() {
					d.sleep(10 * int64(time.Second))
				}
				d.virtualTime++
				reason := ReasonDSTCatchUp
				if d.virtualTime == d.timeRunning {
					reason = ReasonOnTime
				}
				if d.virtualTime >= d.timeRunning {
					d.oldGMToff = d.gmtOff
				}
				// find_jobs(virtualTime, FALSE, TRUE): fixed-time jobs
				// only, even for timeRunning itself, whose wildcard jobs
				// ran before the loop. (A model that ran them again
				// there, testHookForwardEndWild, starts every wildcard
				// line twice in the minute its catch-up ends; the
				// recordings of issue 21 show once.)
				d.findJobs(d.virtualTime, testHookForwardEndWild && d.virtualTime >= d.timeRunning, true, reason, d.oldGMToff)
				d.setTime()
				if d.virtualTime >= d.timeRunning || d.clockTime != d.timeRunning {
					break
				}
			}
		case wakeBackward:
			d.findJobs(d.timeRunning, true, false, ReasonRepeated, d.gmtOff)
		default:
			d.virtualTime = d.timeRunning
			d.oldGMToff = d.gmtOff
			d.findJobs(d.timeRunning, true, true, ReasonCorrection, d.gmtOff)
		}
		d.runQueue()
	}
	return nil
}
