package cronsim

import (
	"math/rand"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		expr    string
		dialect Dialect
		want    string
	}{
		{"30 1 * * *", Strict, "At 01:30 every day"},
		{"30 1 1-7 * 1", Strict, "At 01:30 on every day-of-month from 1 through 7, or on Monday"},
		{"*/15 9-17 * * 1-5", Strict, "Every 15 minutes, between 09:00 and 17:59, Monday through Friday"},
		{"0 */2 * * *", Strict, "At minute 0 past every 2nd hour"},
		{"0 0 L * *", Strict, "At 00:00 on the last day of the month"},
		{"0 0 * * 1#2", Strict, "At 00:00 on the second Monday of the month"},
		{"@reboot", Strict, "At daemon start (@reboot)"},
		{"0 0 1,15 * 5", Strict, "At 00:00 on day-of-month 1 and 15, or on Friday"},
		{"0 0 */2 * 5", Strict, "At 00:00 on odd days of the month that are Fridays"},
		{"0 0 */2 * 1-5", Strict, "At 00:00 on odd days of the month that fall on Monday through Friday"},
		{"0 0 1,15 * 1,5", Strict, "At 00:00 on day-of-month 1 and 15, or on Monday or Friday"},
		{"0 0 1 * */2", Strict, "At 00:00 on day-of-month 1 if it falls on Sunday, Tuesday, Thursday or Saturday"},
		{"0 0 13 * */7", Strict, "At 00:00 on day-of-month 13 if it is a Sunday"},
		{"* * * * *", Strict, "Every minute"},
		{"15 * * * *", Strict, "At minute 15 past every hour"},
		{"0 9,17 * * *", Strict, "At 09:00 and 17:00 every day"},
		{"0,30 9 * * *", Strict, "At 09:00 and 09:30 every day"},
		{"0 0 * * 0,6", Strict, "At 00:00 on Sunday and Saturday"},
		{"0 0 1 1 *", Strict, "At 00:00 on January 1"},
		{"@yearly", Strict, "At 00:00 on January 1 (@yearly)"},
		{"@annually", Strict, "At 00:00 on January 1 (@yearly)"},
		{"@hourly", Strict, "At minute 0 past every hour (@hourly)"},
		{"@weekly", Strict, "At 00:00 on Sunday (@weekly)"},
		{"@monthly", Strict, "At 00:00 on day-of-month 1 (@monthly)"},
		{"@daily", Strict, "At 00:00 every day (@daily)"},
		// Issue 11's syntax.
		{"0 0 * * MON-FRI#1", Strict, "At 00:00 on the first Monday through Friday of the month"},
		{"0 0 * * THU,FRI#L", Strict, "At 00:00 on Thursday and the last Friday of the month"},
		{"0 0 * * SAT-SUN#L,SUN#1", Strict, "At 00:00 on the first Sunday of the month and the last Sunday and Saturday of the month"},
		{"0 0 15W * *", Strict, "At 00:00 on the weekday nearest day 15 of the month"},
		{"0 0 L-1,L-3 * *", Strict, "At 00:00 on the day 3 days before the last day of the month and the day before the last day of the month"},
		{"0 0 ? * MON", Strict, "At 00:00 on Monday"},
		{"0 30 1 1 1 * 2030-2032", Strict, "At 01:30:00 on January 1 of 2030 through 2032"},
		{"0 0 0 * 6 * 2030,2040", Strict, "At 00:00:00 in June of 2030 and 2040"},
		{"CRON_TZ=Europe/Dublin 30 1 * * *", Strict, "At 01:30 every day, Europe/Dublin time"},
		{"0 0 0 * * * 2031", Strict, "At 00:00:00 every day in 2031"},
		{"*/10 * * * * *", Strict, "Every 10 seconds"},
		{"15 30 1 * * *", Strict, "At 01:30:15 every day"},
		{"15 */5 * * * *", Strict, "At second 15, every 5 minutes"},
		{"0 0 LW * *", Strict, "At 00:00 on the last weekday of the month"},
		{"0 0 * * 5L", Strict, "At 00:00 on the last Friday of the month"},
		{"0 12 * jan-mar mon", Strict, "At 12:00 on Monday in January through March"},
		{"0 12 1 1,7 *", Strict, "At 12:00 on day-of-month 1 in January and July"},
		{"5,10,20,50 * * * *", Strict, "At minutes 5, 10, 20 and 50 past every hour"},
		{"0-14 9 * * *", Strict, "At every minute from 0 through 14 past hour 9"},
		{"0 0-23/3 * * *", Strict, "At minute 0 past every 3rd hour from 0 through 21"},
		{"0 1,5,9,13,17 * * *", Strict, "At minute 0 past every 4th hour from 1 through 17"},
		{"0 1,2,5,7,8 * * *", Strict, "At minute 0 past hours 1, 2, 5, 7 and 8"},
		{"0 0 * * 1-5", Strict, "At 00:00 on Monday through Friday"},
		{"*/5 1,3 * * *", Strict, "Every 5 minutes, during hours 1 and 3"},
		{"* 1 * * *", Strict, "Every minute, between 01:00 and 01:59"},
		{"*/20 */6 * * *", Strict, "Every 20 minutes, during every 6th hour"},
		{"0 0 */3 * *", Strict, "At 00:00 on every 3rd day of the month from the 1st"},
		{"0 0 1-31 * 1", Strict, "At 00:00 every day"},
		{"0 0 L,15 * *", Strict, "At 00:00 on day-of-month 15 and the last day of the month"},
		{"0 0 L * 5", Strict, "At 00:00 on the last day of the month, or on Friday"},
		{"0 0 1 * 7", Debian, "At 00:00 on day-of-month 1, or on Sunday"},
		{"5;x * * * *", Debian, "At minute 5 past every hour"},
		{"*-5 * * * *", Debian, "Every minute"},
		{"5-3 * * * *", Debian, "Never runs: the minute field is empty (a descending range such as 5-3)"},
		{"0 0 30 2 *", Debian, "Never runs: at 00:00 on February 30 matches no date"},
		{"0 0 5-3 * 1", Debian, "At 00:00 on Monday"},
		{"0 0 5-3 * *", Debian, "Never runs: no day matches (a descending range such as 5-3)"},
	}
	for _, tt := range tests {
		s, err := ParseOptions{Dialect: tt.dialect}.Parse(tt.expr)
		if err != nil {
			t.Errorf("ParseDialect(%q, %v): %v", tt.expr, tt.dialect, err)
			continue
		}
		if diff := cmp.Diff(tt.want, s.Explain()); diff != "" {
			t.Errorf("%q.Explain() (-want +got):\n%s", tt.expr, diff)
		}
	}
}

func TestExplainDST(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"30 1 * * *", "Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once."},
		{"0-59 1 * * *", "Fixed-time job: a run skipped by a spring-forward transition happens at the first minute after it; a repeated time runs once."},
		{"30 * * * *", "Wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice."},
		{"@hourly", "Wildcard job: runs at every real minute whose wall time matches; skipped minutes are lost and repeated minutes run twice."},
		{"@reboot", "No clock schedule: daylight saving time does not affect it."},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, MustParse(tt.expr).ExplainDST()); diff != "" {
			t.Errorf("%q.ExplainDST() (-want +got):\n%s", tt.expr, diff)
		}
	}
	never, _ := ParseOptions{Dialect: Debian}.Parse("0 0 31 4 *")
	if got, want := never.ExplainDST(), "Never runs, so daylight saving time does not affect it."; got != want {
		t.Errorf("never: got %q, want %q", got, want)
	}
}

func TestExplainZero(t *testing.T) {
	var s Schedule
	if diff := cmp.Diff("Never runs (an empty schedule)", s.Explain()); diff != "" {
		t.Error(diff)
	}
	if s.ExplainDST() == "" {
		t.Error("empty ExplainDST")
	}
}

// TestExplainAnySchedule feeds Explain arbitrary field values, including
// ones no parser makes: it must neither panic nor return "".
func TestExplainAnySchedule(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	pick := func(full uint64) uint64 {
		switch r.Intn(4) {
		case 0:
			return 0
		case 1:
			return full
		case 2:
			return uint64(1) << uint(r.Intn(64))
		}
		return r.Uint64()
	}
	for i := 0; i < 20000; i++ {
		var s Schedule
		s.second = pick(1<<60 - 1)
		s.minute = pick(1<<60 - 1)
		s.hour = uint32(pick(1<<24 - 1))
		s.dom = uint32(pick(0xfffffffe))
		s.month = uint16(pick(0x1ffe))
		s.dow = uint8(pick(0x7f))
		s.domLast = r.Intn(4) == 0
		s.domLastWk = r.Intn(4) == 0
		s.domBefore = uint32(pick(0x7ffffffe))
		s.domNearWk = uint32(pick(0xfffffffe))
		for i := range s.years {
			s.years[i] = pick(1<<63 - 1)
		}
		s.dowLast = uint8(pick(0x7f))
		for w := range s.dowNth {
			s.dowNth[w] = uint8(pick(0x3e))
		}
		s.hasSeconds = r.Intn(2) == 0
		for f := range s.starStep {
			s.starStep[f] = uint8(r.Intn(70))
		}
		s.macro = macro(r.Intn(9))
		s.never = r.Intn(2) == 0
		if s.Explain() == "" || s.ExplainDST() == "" {
			t.Fatalf("empty explanation for %#v", s)
		}
	}
}

func TestOrdinal(t *testing.T) {
	got := []string{}
	for _, n := range []int{1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111} {
		got = append(got, exOrdinal(n))
	}
	want := []string{"1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}
