package main

import (
	"time"

	batchv1 "k8s.io/api/batch/v1"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func secs(n int64) *int64 { return &n }

// scenarios are the planned runs. Each zone scenario starts six hours
// before an offset change (the start's fraction of a second is the
// CronJob's creationTimestamp, as the API server stamps it) and lasts
// fourteen hours; the others run on a quiet June day.
func scenarios() []scenario {
	var out []scenario
	zone := func(name, tz, transition string, hot []int, seed uint64, fixed ...string) {
		out = append(out, scenario{
			Name: name, TZ: tz, Start: utc(transition).Add(-6*time.Hour + 1570*time.Millisecond),
			Hours: 14, Seed: seed, Count: 150, Hot: hot, Fixed: fixed,
			Policy: batchv1.AllowConcurrent,
		})
	}
	// 1-hour changes
	zone("newyork-2021-spring", "America/New_York", "2021-03-14T07:00:00Z", []int{0, 1, 2, 3, 4}, 2401,
		"30 2 * * *", "30 1 * * *", "30 3 * * *", "0 * * * *", "*/15 2 * * *", "0 2 * * ?", "@hourly", "@daily", "@every 1h", "0-59 2 * * *")
	zone("newyork-2021-fall", "America/New_York", "2021-11-07T06:00:00Z", []int{0, 1, 2, 3}, 2402,
		"30 1 * * *", "30 2 * * *", "0 * * * *", "*/20 1 * * *", "0 1 * * ?", "@hourly", "@every 1h", "59 0 * * *", "0 1,2 * * *")
	zone("dublin-2021-spring", "Europe/Dublin", "2021-03-28T01:00:00Z", []int{0, 1, 2, 3}, 2403,
		"30 1 * * *", "0 1 * * sun", "15 * * * *")
	// 30-minute change (Lord Howe)
	zone("lordhowe-2021-spring", "Australia/Lord_Howe", "2021-10-02T15:30:00Z", []int{0, 1, 2, 3, 4}, 2404,
		"15 2 * * *", "45 2 * * *", "45 1 * * *", "0 2 * * *", "*/10 2 * * *", "30 * * * *", "@hourly", "0 3 * * *")
	zone("lordhowe-2021-fall", "Australia/Lord_Howe", "2021-04-03T15:00:00Z", []int{0, 1, 2, 3}, 2405,
		"15 1 * * *", "45 1 * * *", "45 0 * * *", "0 2 * * *", "*/10 1 * * *", "30 * * * *", "@hourly")
	// 2-hour change (Antarctica/Troll)
	zone("troll-2021-spring", "Antarctica/Troll", "2021-03-28T01:00:00Z", []int{0, 1, 2, 3, 4}, 2406,
		"30 1 * * *", "30 2 * * *", "0 3 * * *", "0 * * * *", "@hourly")
	zone("troll-2021-fall", "Antarctica/Troll", "2021-10-31T01:00:00Z", []int{0, 1, 2, 3}, 2407,
		"30 1 * * *", "30 2 * * *", "0 * * * *", "@hourly", "59 2 * * *")
	// 45-minute zone, 1-hour change (Chatham)
	zone("chatham-2021-spring", "Pacific/Chatham", "2021-09-25T14:00:00Z", []int{1, 2, 3, 4}, 2408,
		"50 2 * * *", "15 3 * * *", "45 * * * *")
	// Chatham's fall: 03:45 +1345 back to 02:45 +1245, so 02:45-03:44
	// comes twice
	zone("chatham-2021-fall", "Pacific/Chatham", "2021-04-03T14:00:00Z", []int{1, 2, 3, 4}, 2440,
		"50 2 * * *", "15 3 * * *", "45 * * * *", "0 3 * * *", "45 2 * * *", "*/20 3 * * *", "@hourly")
	// Apia's lost day: 2011-12-30 never happened there. Daily and hourly
	// schedules only: for one whose day fields do not match 2011-12-29,
	// robfig's Next steps from that midnight to itself for ever (the
	// 30th's midnight is put on the 29th), so the controller's sync
	// never returns (bench/ TestRobfigApiaHangs); no driver gets past it.
	out = append(out, scenario{
		Name: "apia-2011-dateline", TZ: "Pacific/Apia", Start: utc("2011-12-30T10:00:00Z").Add(-6*time.Hour + 1570*time.Millisecond),
		Hours: 14, Seed: 2409, Policy: batchv1.AllowConcurrent,
		Fixed: []string{"0 0 * * *", "30 23 * * *", "0 * * * *", "@hourly", "@daily", "@midnight", "0 12 * * *", "59 23 * * *",
			"0 0,12 * * *", "*/30 0-3 * * *", "0 22-23,0-2 * * *", "15 * * * *", "*/10 23,0 * * *", "0 1 * * *", "30 0 * * *",
			"0-59 23 * * *", "0-59 0 * * *", "45 22 * * *", "0 */2 * * *", "5 4 * * *", "@every 1h", "@every 90m"},
	})

	day := utc("2021-06-01T08:00:01.57Z")
	quiet := func(sc scenario) {
		if sc.Start.IsZero() {
			sc.Start = day
		}
		if sc.Policy == "" {
			sc.Policy = batchv1.AllowConcurrent
		}
		if sc.Count == 0 {
			sc.Count = 80
		}
		out = append(out, sc)
	}
	jumpHot := []int{8, 9, 10, 11, 12, 13}
	fixedJump := []string{"* * * * *", "*/5 * * * *", "18 10 * * *", "30 10 * * *", "0 11 * * *", "0 * * * *", "15-19 10 * * *", "@every 30m"}
	set := func(at string, d time.Duration) []clockSet {
		t := utc(at)
		return []clockSet{{At: t, To: t.Add(d)}}
	}
	// clock sets of the controller's host
	quiet(scenario{Name: "utc-jump-plus-5m", TZ: "UTC", Hours: 6, Clock: set("2021-06-01T10:17:03Z", 5*time.Minute), Seed: 2410, Hot: jumpHot, Fixed: fixedJump})
	quiet(scenario{Name: "utc-jump-plus-2h", TZ: "UTC", Hours: 6, Clock: set("2021-06-01T10:17:03Z", 2*time.Hour), Seed: 2411, Hot: jumpHot, Fixed: fixedJump})
	quiet(scenario{Name: "utc-jump-minus-1m", TZ: "UTC", Hours: 6, Clock: set("2021-06-01T10:17:03Z", -time.Minute), Seed: 2412, Hot: jumpHot, Fixed: fixedJump})
	quiet(scenario{Name: "utc-jump-minus-2h", TZ: "UTC", Hours: 6, Clock: set("2021-06-01T10:17:03Z", -2*time.Hour), Seed: 2413, Hot: jumpHot, Fixed: fixedJump})
	quiet(scenario{Name: "newyork-jump-plus-30m", TZ: "America/New_York", Hours: 6, Clock: set("2021-06-01T10:17:03Z", 30*time.Minute), Seed: 2414, Hot: []int{4, 5, 6, 7, 8, 9}, Fixed: []string{"* * * * *", "30 6 * * *", "20 6 * * *", "*/7 * * * *"}})
	// controller outages (kube-controller-manager down), with and without a starting deadline
	outage := []span{{From: utc("2021-06-01T10:00:30Z"), To: utc("2021-06-01T13:20:30Z")}}
	fixedOut := []string{"* * * * *", "*/5 * * * *", "0 * * * *", "30 11 * * *", "0 10-12 * * *", "0 0,1 * * *", "0 11,12 * * *", "@every 45m"}
	quiet(scenario{Name: "utc-outage-3h20m", TZ: "UTC", Hours: 8, Pauses: outage, Seed: 2415, Hot: jumpHot, Fixed: fixedOut})
	quiet(scenario{Name: "utc-outage-3h20m-deadline-600", TZ: "UTC", Hours: 8, Pauses: outage, Deadline: secs(600), Seed: 2416, Hot: jumpHot, Fixed: fixedOut})
	quiet(scenario{Name: "utc-outage-3h20m-deadline-3h", TZ: "UTC", Hours: 8, Pauses: outage, Deadline: secs(3 * 3600), Seed: 2417, Hot: jumpHot, Fixed: fixedOut})
	quiet(scenario{Name: "newyork-outage-30h", TZ: "America/New_York", Hours: 40, Pauses: []span{{From: utc("2021-06-01T10:00:30Z"), To: utc("2021-06-02T16:00:30Z")}},
		Seed: 2418, Count: 40, Hot: []int{4, 5, 6}, Fixed: []string{"*/15 * * * *", "0 * * * *", "*/10 * * * *", "0 0,1 * * *", "30 5 * * *", "0 */2 * * *"}})
	// The controller's estimate of the most recent missed time
	// (mostRecentScheduleTime) steps back from now by the first gap of
	// the schedule: for "0 0,1 * * *" (gaps of 1 h and 23 h) a restart
	// more than an hour after the 01:00 slot starts nothing. The two
	// outages end 30 s either side of that hour.
	midnight := []string{"0 0,1 * * *", "0 0 * * *", "0 1 * * *", "0 0,2 * * *", "30 0,1 * * *", "0 23,0,1 * * *", "0 * * * *", "*/10 * * * *"}
	for _, o := range []struct {
		name string
		to   string
		seed uint64
	}{{"utc-outage-2350-0159", "2021-06-02T01:59:30Z", 2441}, {"utc-outage-2350-0200", "2021-06-02T02:00:30Z", 2442}} {
		quiet(scenario{Name: o.name, TZ: "UTC", Hours: 22, Pauses: []span{{From: utc("2021-06-01T23:50:00Z"), To: utc(o.to)}},
			Seed: o.seed, Count: 40, Hot: []int{22, 23, 0, 1, 2, 3}, Fixed: midnight})
	}
	quiet(scenario{Name: "utc-deadline-0", TZ: "UTC", Hours: 4, Deadline: secs(0), Seed: 2419, Count: 30, Hot: jumpHot, Fixed: []string{"* * * * *", "0 * * * *"}})
	// concurrency policies with slow jobs
	slow := []string{"* * * * *", "*/2 * * * *", "*/5 * * * *", "0 * * * *", "*/3 10 * * *"}
	for _, p := range []struct {
		name string
		pol  batchv1.ConcurrencyPolicy
		seed uint64
	}{{"allow", batchv1.AllowConcurrent, 2420}, {"forbid", batchv1.ForbidConcurrent, 2421}, {"replace", batchv1.ReplaceConcurrent, 2422}} {
		quiet(scenario{Name: "utc-" + p.name + "-150s", TZ: "UTC", Hours: 4, Policy: p.pol, Duration: 150, Seed: p.seed, Count: 60, Hot: jumpHot, Fixed: slow})
		quiet(scenario{Name: "utc-" + p.name + "-65m", TZ: "UTC", Hours: 6, Policy: p.pol, Duration: 3900, Seed: p.seed + 10, Count: 60, Hot: jumpHot, Fixed: slow})
	}
	// suspend, with and without a starting deadline
	susp := []span{{From: utc("2021-06-01T09:10:00Z"), To: utc("2021-06-01T11:40:30Z")}}
	quiet(scenario{Name: "utc-suspend", TZ: "UTC", Hours: 6, Suspend: susp, Seed: 2430, Hot: jumpHot, Fixed: fixedOut})
	quiet(scenario{Name: "utc-suspend-deadline-600", TZ: "UTC", Hours: 6, Suspend: susp, Deadline: secs(600), Seed: 2431, Hot: jumpHot, Fixed: fixedOut})
	return out
}
