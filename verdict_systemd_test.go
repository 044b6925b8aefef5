package cronsim

import (
	"testing"
	"time"
)

// TestVerdictSystemdTimer: a monitor of a systemd timer expects each
// start up to the timer's AccuracySec= plus RandomizedDelaySec= (and the
// daemon's start lag) after its elapse, no later and no sooner.
func TestVerdictSystemdTimer(t *testing.T) {
	ts := func(s string) time.Time { return sdTime(t, s) }
	hourly := func(tm Timer) Schedule { return timerOf(t, "hourly", tm) }
	lag := daemonTableOf(Systemd).startLag
	cases := []struct {
		name      string
		s         Schedule
		ping, now string
		state     State
		reason    VerdictReason
		allowance time.Duration
	}{
		// The default accuracy: a start 40 s after the elapse is on
		// time, and the next is due at 11:00 but late only after
		// 11:01 plus the lag.
		{"default accuracy, start inside it", hourly(Timer{}), "2021-06-01T10:00:40Z", "2021-06-01T10:30:00Z", StateUp, VerdictPingOnTime, time.Minute + lag},
		{"default accuracy, due", hourly(Timer{}), "2021-06-01T10:00:40Z", "2021-06-01T11:00:50Z", StateGrace, VerdictStartDue, time.Minute + lag},
		{"default accuracy, late", hourly(Timer{}), "2021-06-01T10:00:40Z", "2021-06-01T11:01:10Z", StateLate, VerdictStartOverdue, time.Minute + lag},
		// AccuracySec=1us: the same start 40 s after its elapse is late.
		{"exact, a start 40 s late", hourly(exact), "2021-06-01T10:00:40Z", "2021-06-01T10:30:00Z", StateUp, VerdictPingLate, time.Microsecond + lag},
		{"exact, late at 11:00:10", hourly(exact), "2021-06-01T10:00:00.03Z", "2021-06-01T11:00:10Z", StateLate, VerdictStartOverdue, time.Microsecond + lag},
		// RandomizedDelaySec=10min widens the window by ten minutes.
		{"randomized delay, start 7 min after", hourly(Timer{Accuracy: time.Microsecond, RandomizedDelay: 10 * time.Minute}), "2021-06-01T10:07:00Z", "2021-06-01T11:09:00Z", StateGrace, VerdictStartDue, 10*time.Minute + time.Microsecond + lag},
	}
	for _, c := range cases {
		v := Check{Schedule: c.s}.Verdict(Pings{Start: ts(c.ping)}, ts(c.now))
		if v.State != c.state || v.Reason != c.reason || v.Allowance != c.allowance {
			t.Errorf("%s: state %v, reason %v, allowance %v; want %v, %v, %v", c.name, v.State, v.Reason, v.Allowance, c.state, c.reason, c.allowance)
		}
	}
}
