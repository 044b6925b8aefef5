package cronsim

import (
	"fmt"
	"io/fs"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// randomExpr builds a random strict-dialect expression biased toward the
// hard cases: hours around typical transition times, lists and ranges,
// steps, day-of-month/day-of-week AND and OR, extensions and seconds.
func randomExpr(r *rand.Rand) string {
	pick := func(opts ...string) string { return opts[r.Intn(len(opts))] }
	num := func(lo, hi int) int { return lo + r.Intn(hi-lo+1) }
	field := func(lo, hi int, hot []int) string {
		v := func() int {
			if len(hot) > 0 && r.Intn(3) > 0 {
				return hot[r.Intn(len(hot))]
			}
			return num(lo, hi)
		}
		var items []string
		for n := 1 + r.Intn(3); n > 0; n-- {
			switch r.Intn(6) {
			case 0:
				items = append(items, fmt.Sprint(v()))
			case 1:
				a := v()
				b := a + r.Intn(hi-a+1)
				items = append(items, fmt.Sprintf("%d-%d", a, b))
			case 2:
				a := v()
				b := a + r.Intn(hi-a+1)
				items = append(items, fmt.Sprintf("%d-%d/%d", a, b, 1+r.Intn(hi-lo)))
			case 3:
				if len(items) == 0 {
					return fmt.Sprintf("*/%d", 1+r.Intn(hi-lo))
				}
				items = append(items, fmt.Sprint(v()))
			default:
				items = append(items, fmt.Sprint(v()))
			}
		}
		return strings.Join(items, ",")
	}
	minute := pick("*", "0", "30", "15,45", "*/5", "*/15", "59", field(0, 59, []int{0, 1, 15, 29, 30, 31, 44, 45, 59}))
	hour := pick("*", "*", "1", "2", "3", "0", "*/2", "1-3", "0,2", field(0, 23, []int{0, 1, 2, 3, 4, 23, 22, 12}))
	dom := pick("*", "*", "*", "1", "15", "*/2", "L", "LW", "31", "?", "L-2", "15W", "1W,31W", "29-L", "1-L/8", "L-30,L", field(1, 31, []int{1, 2, 28, 29, 30, 31}))
	month := pick("*", "*", "*", "*", "jan-jun", "3,10", "*/3", field(1, 12, []int{2, 3, 4, 9, 10, 11, 12}))
	dow := pick("*", "*", "*", "1-5", "0", "7", "sun", "mon-fri", "5L", "1#2", "0#1,3#5", "?", "MON-FRI#1", "THU,FRI#L", "SAT-SUN#L,SUN#1", "MONL", field(0, 7, nil))
	expr := strings.Join([]string{minute, hour, dom, month, dow}, " ")
	if r.Intn(12) == 0 {
		expr = pick("0", "30", "*/20", "0,30") + " " + expr
		if r.Intn(3) == 0 {
			expr += " " + pick("*", "1971-2040/2", "2000-2099", "1980,1990,2000,2010,2020,2030", "1999-2001")
		}
	}
	if r.Intn(40) == 0 {
		expr = pick("@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually")
	}
	if r.Intn(30) == 0 {
		expr = pick("CRON_TZ=", "TZ=") + pick("Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "UTC") + " " + expr
	}
	return expr
}

// transitionExpr builds a random expression whose minute and hour fields
// sit on, inside and beside the wall times of the transition at tr, so
// that catch-up, repeated and skipped minutes are actually exercised.
func transitionExpr(r *rand.Rand, loc *time.Location, tr time.Time) string {
	before := tr.Add(-time.Minute).In(loc)
	after := tr.In(loc)
	hours := []int{before.Hour(), after.Hour(), (before.Hour() + 1) % 24, (after.Hour() + 23) % 24}
	mins := []int{before.Minute(), after.Minute(), (after.Minute() + 1) % 60, (before.Minute() + 59) % 60, 0, 15, 30, 45, 59}
	pick := func(opts ...string) string { return opts[r.Intn(len(opts))] }
	h := func() int { return hours[r.Intn(len(hours))] }
	m := func() int { return mins[r.Intn(len(mins))] }
	var minute, hour string
	switch r.Intn(7) {
	case 0:
		minute = "*"
	case 1:
		minute = pick("*/5", "*/15", "*/30", "*/7")
	case 2:
		a, b := m(), m()
		if a > b {
			a, b = b, a
		}
		minute = fmt.Sprintf("%d-%d", a, b)
	case 3:
		minute = fmt.Sprintf("%d,%d", m(), m())
	default:
		minute = fmt.Sprint(m())
	}
	switch r.Intn(6) {
	case 0:
		hour = "*"
	case 1:
		hour = pick("*/2", "*/3")
	case 2:
		a, b := h(), h()
		if a > b {
			a, b = b, a
		}
		hour = fmt.Sprintf("%d-%d", a, b)
	case 3:
		hour = fmt.Sprintf("%d,%d", h(), h())
	default:
		hour = fmt.Sprint(h())
	}
	day := pick("* * *", "* * *", "* * *", fmt.Sprintf("%d * *", after.Day()), fmt.Sprintf("* * %d", after.Weekday()),
		fmt.Sprintf("%d * %d", before.Day(), (after.Weekday()+1)%7), fmt.Sprintf("*/2 * %d", after.Weekday()), "L * *", "* * 0L")
	expr := minute + " " + hour + " " + day
	if r.Intn(10) == 0 {
		expr = pick("0", "30", "0,30") + " " + expr
	}
	return expr
}

var (
	zonesOnce sync.Once
	zoneNames []string
)

// allZones lists the zones of the system's tz database (the one Go loads
// from), or a handful of well-known ones when there is none.
func allZones() []string {
	zonesOnce.Do(func() {
		root := "/usr/share/zoneinfo"
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, path)
			if d.IsDir() {
				if rel == "posix" || rel == "right" || rel == "Etc" || rel == "SystemV" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.Contains(rel, "/") || strings.ContainsAny(rel, ".") {
				return nil
			}
			if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "TZif") {
				return nil
			}
			if _, err := time.LoadLocation(rel); err == nil {
				zoneNames = append(zoneNames, rel)
			}
			return nil
		})
		if len(zoneNames) == 0 {
			zoneNames = []string{"Europe/Dublin", "America/New_York", "Australia/Lord_Howe", "Antarctica/Troll",
				"Pacific/Chatham", "America/Havana", "America/Santiago", "Pacific/Apia", "Europe/Moscow"}
		}
		sort.Strings(zoneNames)
	})
	return zoneNames
}

// transitions returns the instants in [from, to) at which loc's offset
// changes.
func transitions(loc *time.Location, from, to time.Time) []time.Time {
	var out []time.Time
	t := from.In(loc)
	for i := 0; i < 10000; i++ {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			break
		}
		_, o1 := t.Zone()
		_, o2 := end.Zone()
		if o1 != o2 {
			out = append(out, end)
		}
		t = end
	}
	return out
}
