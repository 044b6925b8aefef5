package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/robfig/cron/v3"
)

// TestKubernetesAgainstRobfig is the differential test of cronsim's
// Kubernetes daemon (kubernetes.go) against robfig/cron v3.0.1 itself,
// the library the CronJob controller calls: on random schedules, the
// same text must be accepted or refused by both, and on random zones
// and times, Next must give the same instants, twenty in a row.
func TestKubernetesAgainstRobfig(t *testing.T) {
	zones := []string{"UTC", "America/New_York", "Europe/Dublin", "Australia/Lord_Howe", "Antarctica/Troll",
		"Pacific/Apia", "Pacific/Chatham", "America/Sao_Paulo", "America/Havana", "Asia/Tehran",
		"Asia/Kathmandu", "Antarctica/Casey", "Europe/Moscow", "America/Santiago", "Africa/Casablanca", "Pacific/Kiritimati"}
	n := 4000
	if testing.Short() {
		n = 600
	}
	r := rand.New(rand.NewPCG(17, 24))
	accepted, refused, nexts := 0, 0, 0
	for i := 0; i < n; i++ {
		expr := randomRobfig(r)
		want, werr := cron.ParseStandard(expr)
		got, gerr := cronsim.Kubernetes.Parse(expr)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%q: robfig error %v, cronsim error %v", expr, werr, gerr)
			continue
		}
		if werr != nil {
			refused++
			continue
		}
		accepted++
		loc, err := time.LoadLocation(zones[r.IntN(len(zones))])
		if err != nil {
			t.Fatal(err)
		}
		from := time.Unix(r.Int64N(time.Date(2035, 1, 1, 0, 0, 0, 0, time.UTC).Unix()-631152000)+631152000, r.Int64N(1e9)).In(loc)
		a, b := from, from
		for k := 0; k < 20; k++ {
			a, b = controllerNext(want, a), got.Next(b)
			nexts++
			if !a.Equal(b) {
				t.Errorf("%q in %s, Next #%d from %s: robfig %s, cronsim %s", expr, loc, k+1, from.Format(time.RFC3339Nano), a, b)
				break
			}
			if a.IsZero() {
				break
			}
		}
	}
	t.Logf("%d schedules accepted by both, %d refused by both, %d Next calls agree", accepted, refused, nexts)
}

// controllerNext is robfig's Next as the CronJob controller can use it:
// a time whose own Next is less than a second later (robfig's walk can
// stand still or go back across a fall-back, as in Chatham's) makes the
// controller report InvalidSchedule and never run the CronJob again, so
// cronsim's Next gives the zero Time there (kubernetes.go, kubeNext).
func controllerNext(s cron.Schedule, t time.Time) time.Time {
	u := s.Next(t)
	if u.IsZero() {
		return u
	}
	if _, every := s.(cron.ConstantDelaySchedule); every {
		return u
	}
	if w := s.Next(u); !w.IsZero() && w.Sub(u).Round(time.Second) < time.Second {
		return time.Time{}
	}
	return u
}

// TestRobfigStandsStill: robfig/cron v3.0.1's Next itself gives the time
// it was given across Chatham's 2021 fall-back, the case controllerNext
// handles.
func TestRobfigStandsStill(t *testing.T) {
	s, err := cron.ParseStandard("TZ=Pacific/Chatham 57 3 * * *")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2021, 4, 3, 14, 12, 0, 0, time.UTC)
	if got := s.Next(at); !got.Equal(at) {
		t.Errorf("robfig Next(%s) = %s, want the same instant", at, got)
	}
	k, err := cronsim.Kubernetes.Parse("57 3 * * *")
	if err != nil {
		t.Fatal(err)
	}
	chatham, _ := time.LoadLocation("Pacific/Chatham")
	if got := k.Next(at.Add(-time.Hour).In(chatham)); !got.IsZero() {
		t.Errorf("cronsim Next = %s, want none", got)
	}
}

// randomRobfig writes a five-field schedule in robfig's syntax, with
// some text robfig refuses.
func randomRobfig(r *rand.Rand) string {
	if r.IntN(30) == 0 {
		return []string{"@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every 90m", "@every 1h1s", "@reboot", "@Daily", "@every"}[r.IntN(12)]
	}
	bounds := [5][2]int{{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}}
	names := [5][]string{nil, nil, nil, {"jan", "Feb", "MAR", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}, {"sun", "Mon", "TUE", "wed", "thu", "fri", "sat"}}
	fields := make([]string, 5)
	for f := range fields {
		lo, hi := bounds[f][0], bounds[f][1]
		val := func() string {
			v := lo + r.IntN(hi-lo+1)
			if r.IntN(25) == 0 {
				v = hi + 1 + r.IntN(3) // out of range (7 for Sunday)
			}
			if names[f] != nil && r.IntN(3) == 0 && v-lo < len(names[f]) {
				return names[f][v-lo]
			}
			return fmt.Sprint(v)
		}
		var items []string
		for k := 0; k < 1+r.IntN(3)/2+r.IntN(2)*r.IntN(2); k++ {
			var it string
			switch r.IntN(9) {
			case 0:
				it = "*"
			case 1:
				it = "?"
			case 2:
				it = "*/" + fmt.Sprint(r.IntN(hi-lo+3))
			case 3:
				it = val() + "-" + val()
			case 4:
				it = val() + "-" + val() + "/" + fmt.Sprint(1+r.IntN(hi-lo+1))
			case 5:
				it = val() + "/" + fmt.Sprint(1+r.IntN(10))
			default:
				it = val()
			}
			items = append(items, it)
		}
		fields[f] = strings.Join(items, ",")
		if f >= 2 && r.IntN(3) > 0 {
			fields[f] = "*"
		}
	}
	return strings.Join(fields, " ")
}

// TestRobfigApiaHangs: robfig/cron v3.0.1's Next does not return for a
// schedule whose day fields do not match 2011-12-29 in Pacific/Apia,
// which skipped 2011-12-30: its walk steps a day with AddDate from the
// 29th's midnight, and time.Date puts the 30th's midnight on the 29th.
// The CronJob controller's sync of such a CronJob hangs. robfig's Next
// runs in a child process, killed after a few seconds; cronsim's Next
// gives no time (kubernetes.go, robfigNext).
func TestRobfigApiaHangs(t *testing.T) {
	const expr = "TZ=Pacific/Apia 0 12 30 * *"
	from := time.Date(2011, 12, 29, 18, 0, 1, 0, time.UTC)
	if os.Getenv("CRONSIM_ROBFIG_APIA") == "1" {
		s, err := cron.ParseStandard(expr)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("returned", s.Next(from))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestRobfigApiaHangs$")
	cmd.Env = append(os.Environ(), "CRONSIM_ROBFIG_APIA=1")
	out, _ := cmd.CombinedOutput()
	if ctx.Err() == nil {
		t.Errorf("robfig's Next returned: %s", out)
	}
	s, err := cronsim.Kubernetes.Parse("0 12 30 * *")
	if err != nil {
		t.Fatal(err)
	}
	apia, _ := time.LoadLocation("Pacific/Apia")
	if got := s.Next(from.In(apia)); !got.IsZero() {
		t.Errorf("cronsim Next = %s, want none", got)
	}
}
