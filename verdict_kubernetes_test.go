package cronsim_test

import (
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// TestVerdictKubernetes holds the monitor's verdict for a Kubernetes
// CronJob to the controller's rules, as conformance/driven shows them:
// after an outage only the most recent missed time is started, late
// (k8s-utc-outage-3h20m: "0 * * * *" at 13:20:30 for 13:00), and not at
// all past the starting deadline (k8s-utc-outage-3h20m-deadline-600:
// nothing until 14:00); Forbid postpones a start to the end of the
// running Job (k8s-utc-forbid-65m); suspend starts nothing; a fixed time
// in a repeated hour runs twice and one in a spring gap not at all
// (k8s-newyork-2021-fall, -spring).
func TestVerdictKubernetes(t *testing.T) {
	type result struct {
		State, Reason, Slot, Due string
		Allowance                time.Duration
		Missed                   int
		Note                     string
	}
	secs := func(n int) *time.Duration { d := time.Duration(n) * time.Second; return &d }
	hourly := "0 * * * *"
	for _, tc := range []struct {
		name, expr, zone string
		check            cronsim.Check
		prev, start, now string
		want             result
	}{
		// Restart at 13:20:30 after an outage from 10:00:30: the one
		// start is 13:00's, 11:00 and 12:00 are missed.
		{"outage", hourly, "UTC", cronsim.Check{Grace: time.Minute},
			"2021-06-01T10:00:00.1Z", "2021-06-01T13:20:30Z", "2021-06-01T13:21:00Z",
			result{"missed", "starts_missed", "2021-06-01T13:00:00Z", "2021-06-01T14:00:00Z", time.Second, 2, "on_time"}},
		{"outage, deadline 3h", hourly, "UTC", cronsim.Check{Grace: time.Minute, StartingDeadline: secs(3 * 3600)},
			"2021-06-01T10:00:00.1Z", "2021-06-01T13:20:30Z", "2021-06-01T13:21:00Z",
			result{"missed", "starts_missed", "2021-06-01T13:00:00Z", "2021-06-01T14:00:00Z", time.Second, 2, "on_time"}},
		// 13:00 is 20 min 30 s before the restart, past a 600 s deadline:
		// the controller makes no start, so a ping then is a run by hand.
		{"outage, deadline 600 s", hourly, "UTC", cronsim.Check{Grace: time.Minute, StartingDeadline: secs(600)},
			"2021-06-01T10:00:00.1Z", "2021-06-01T13:20:30Z", "2021-06-01T13:21:00Z",
			result{"missed", "starts_missed", "", "2021-06-01T14:00:00Z", time.Second, 3, "on_time"}},
		{"outage, deadline 600 s, no ping", hourly, "UTC", cronsim.Check{Grace: time.Minute, StartingDeadline: secs(600)},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T13:25:00Z",
			result{"late", "start_overdue", "2021-06-01T10:00:00Z", "2021-06-01T11:00:00Z", time.Second, 3, "on_time"}},
		// Forbid: the 11:00 start waits for the 65-minute Job of 10:00
		// and comes at 11:05, due but not late at 11:03.
		{"forbid, postponed", hourly, "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 65 * time.Minute, Concurrency: cronsim.Forbid},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T11:03:00Z",
			result{"grace", "start_due", "2021-06-01T10:00:00Z", "2021-06-01T11:00:00Z", 5*time.Minute + 100*time.Millisecond + time.Second, 0, "on_time"}},
		{"allow, not postponed", hourly, "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 65 * time.Minute},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T11:03:00Z",
			result{"late", "start_overdue", "2021-06-01T10:00:00Z", "2021-06-01T11:00:00Z", time.Second, 1, "on_time"}},
		{"forbid, postponed start pinged", hourly, "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 65 * time.Minute, Concurrency: cronsim.Forbid},
			"2021-06-01T10:00:00.1Z", "2021-06-01T11:05:00.2Z", "2021-06-01T11:06:00Z",
			result{"up", "ping_on_time", "2021-06-01T11:00:00Z", "2021-06-01T12:00:00Z", 10*time.Minute + 200*time.Millisecond + time.Second, 0, "on_time"}},
		// Every 5 minutes with 65-minute Jobs: the starts due while a
		// Job runs are not made, only the last one, at its end.
		{"forbid, starts not made", "*/5 * * * *", "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 65 * time.Minute, Concurrency: cronsim.Forbid},
			"2021-06-01T10:00:00.1Z", "2021-06-01T11:05:00.2Z", "2021-06-01T11:06:00Z",
			result{"up", "ping_on_time", "2021-06-01T11:05:00Z", "2021-06-01T12:10:00Z", 200*time.Millisecond + time.Second, 0, "on_time"}},
		// The Job of 08:55 ends at 08:58:00.1, with 08:56 and 08:57 due
		// meanwhile: the controller's estimate of the most recent one
		// (two intervals of 1 min back from 08:58, then forward) passes
		// 08:57 and starts nothing until 09:18
		// (conformance/driven/k8s-utc-forbid-150s.json).
		{"forbid, postponed start lost by the estimate", "54-57,18-30/32,53 8-10,11 * * *", "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 150 * time.Second, Concurrency: cronsim.Forbid},
			"2021-06-01T08:53:00.1Z", "2021-06-01T08:55:30.1Z", "2021-06-01T08:59:30Z",
			result{"up", "ping_on_time", "2021-06-01T08:55:00Z", "2021-06-01T09:18:00Z", time.Second, 0, "on_time"}},
		// A 60 s deadline drops the postponed 11:00 start (5 min late).
		{"forbid, postponed past the deadline", hourly, "UTC", cronsim.Check{Grace: time.Minute, JobDuration: 65 * time.Minute, Concurrency: cronsim.Forbid, StartingDeadline: secs(60)},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T11:03:00Z",
			result{"up", "ping_on_time", "2021-06-01T10:00:00Z", "2021-06-01T12:00:00Z", time.Second, 0, "on_time"}},
		{"suspended", hourly, "UTC", cronsim.Check{Grace: time.Minute, Suspended: true},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T15:00:00Z",
			result{"never", "suspended", "2021-06-01T10:00:00Z", "", 0, 0, "on_time"}},
		{"not suspended", hourly, "UTC", cronsim.Check{Grace: time.Minute},
			"", "2021-06-01T10:00:00.1Z", "2021-06-01T15:00:00Z",
			result{"late", "start_overdue", "2021-06-01T10:00:00Z", "2021-06-01T11:00:00Z", time.Second, 4, "on_time"}},
		{"deadline 0", hourly, "UTC", cronsim.Check{Grace: time.Minute, StartingDeadline: secs(0)},
			"", "", "2021-06-01T15:00:00Z",
			result{"never", "never_runs", "", "", 0, 0, "on_time"}},
		// New York's fall-back: 01:30 EDT, then 01:30 EST is due.
		{"repeated hour", "30 1 * * *", "America/New_York", cronsim.Check{Grace: time.Minute},
			"", "2021-11-07T05:30:00.1Z", "2021-11-07T06:30:30Z",
			result{"grace", "start_due", "2021-11-07T01:30:00-04:00", "2021-11-07T01:30:00-05:00", time.Second, 0, "repeated_in_fall_back"}},
		// New York's spring gap: no 02:30 on 2021-03-14, and none missed.
		{"spring gap", "30 2 * * *", "America/New_York", cronsim.Check{Grace: time.Minute},
			"2021-03-13T07:30:00.1Z", "2021-03-15T06:30:00.1Z", "2021-03-15T06:31:00Z",
			result{"up", "ping_on_time", "2021-03-15T02:30:00-04:00", "2021-03-16T02:30:00-04:00", time.Second, 0, "on_time"}},
	} {
		s, err := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse(tc.expr)
		if err != nil {
			t.Fatal(err)
		}
		c := tc.check
		c.Schedule, c.Location = s, mustLoc(t, tc.zone)
		v := c.Verdict(cronsim.Pings{Start: mustTime(t, tc.start), Prev: mustTime(t, tc.prev)}, mustTime(t, tc.now))
		got := result{v.State.String(), v.Reason.String(), fmtTime(v.Slot), fmtTime(v.Due), v.Allowance, v.Missed, v.Note.Code()}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tc.name, diff)
		}
	}
}

// TestVerdictCronJobSettingsOtherDaemons: the CronJob settings are the
// Kubernetes row's; Debian's cron ignores them.
func TestVerdictCronJobSettingsOtherDaemons(t *testing.T) {
	s, err := cronsim.ParseOptions{Dialect: cronsim.Debian}.Parse("0 * * * *")
	if err != nil {
		t.Fatal(err)
	}
	zero := time.Duration(0)
	plain := cronsim.Check{Schedule: s, Grace: time.Minute, JobDuration: 65 * time.Minute}
	set := plain
	set.Suspended, set.Concurrency, set.StartingDeadline = true, cronsim.Forbid, &zero
	p := cronsim.Pings{Start: mustTime(t, "2021-06-01T10:00:01Z")}
	now := mustTime(t, "2021-06-01T11:03:00Z")
	if diff := cmp.Diff(plain.Verdict(p, now), set.Verdict(p, now)); diff != "" {
		t.Errorf("Debian's verdict changed by CronJob settings (-plain +set):\n%s", diff)
	}
}
