package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
)

// More repeats of the slow-job catch-ups (issue 21). slow-daemons.json
// records each case twice (-a, and -b powered on repeatShift = 7 s
// earlier); two runs are too few to know a daemon's spread where its pace
// depends on races between job ends and its forks (Debian's 15 s
// catch-up). slow-repeats.json records the same crontabs again with other
// power-on shifts, so that every later event falls at yet another point
// of its second. The shifts (3, 13, 19, 29 s) are all different from
// each other, from -b's 7 s and from whole multiples of the daemon's
// 10 s sleep, and stay below a minute so the window is unchanged.

// slowRepeat is one more repeat: its suffix and how much earlier than -a
// the guest powers on.
type slowRepeat struct {
	suffix string
	shift  time.Duration
}

var slowRepeats = []slowRepeat{
	{"c", 3 * time.Second},
	{"d", 13 * time.Second},
	{"e", 19 * time.Second},
	{"f", 29 * time.Second},
}

// slowRepeatCases lists the cases repeated, in order of priority, and how
// many of slowRepeats each gets.
var slowRepeatCases = []struct {
	name string
	n    int
}{
	{"bookworm-dublin-2021-spring-catchup-slow-15", 4},
	{"bookworm-dublin-2021-spring-everyminute-slow-15", 4},
	{"bookworm-newyork-2021-spring-everyminute-slow-15", 4},
	{"bookworm-dublin-2021-spring-catchup-slow-40", 4},
	{"cronie-utc-jump-plus-30m-slow-75", 2},
	{"cronie-utc-jump-plus-60m-slow-75", 2},
	// Added after the clump model (sim.go) was fitted, to test it and
	// the BusyBox rescan on runs it has not seen.
	{"bookworm-dublin-2021-fall-catchup-slow-40", 2},
	{"cronie-utc-jump-plus-5m-slow-75", 2},
	{"cronie-utc-jump-plus-10m-slow-75", 2},
	{"cronie-utc-jump-plus-25m-slow-75", 2},
	{"busybox-newyork-2021-spring-slow-mix", 2},
	{"busybox-dublin-2021-fall-pause-slow-mix", 2},
	{"busybox-chicago-jump-plus-minus-10m-slow-mix", 2},
}

func slowRepeatsPlan() plan.Plan {
	var shifts []string
	for _, r := range slowRepeats {
		shifts = append(shifts, fmt.Sprintf("-%s %s", r.suffix, r.shift))
	}
	p := plan.Plan{Comment: "More repeats of slow-daemons.json's catch-up cases (issue 21), same crontabs and windows, to measure each daemon's spread: " +
		"the guest powers on earlier than the case's -a by " + strings.Join(shifts, ", ") +
		" (slow-daemons.json's -b: 7 s), so the races between job ends and the daemon's forks are drawn again. " +
		"In order of priority: Debian's 15 s catch-up and every-minute cases, its 40 s catch-up, then cronie's +30 and +60 min sets (-c and -d only); " +
		"then, -c and -d each, recorded after the simulator's clump model was fitted: Debian's 40 s fall catch-up, cronie's +5, +10 and +25 min sets and the three BusyBox cases."}
	byName := map[string]slowDaemonCase{}
	for _, c := range slowDaemonCases() {
		byName[c.name] = c
	}
	for _, rc := range slowRepeatCases {
		c, ok := byName[rc.name]
		if !ok {
			panic("slow-repeats: no case " + rc.name)
		}
		for _, rep := range slowRepeats[:rc.n] {
			p.Recordings = append(p.Recordings, repeat(slowDaemonRecording(c), rep.suffix, rep.shift))
		}
	}
	return p
}
