package clock_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/clock"
)

// TestSpanShift: zero tails go, and only zero tails. The copies this
// replaced cut "0s" from every span, so a shift of 30 s read "+3" and
// one of 90 s "+1m3".
func TestSpanShift(t *testing.T) {
	tests := []struct {
		d           time.Duration
		span, shift string
	}{
		{time.Hour, "1h", "+1h"},
		{-30 * time.Minute, "-30m", "-30m"},
		{24 * time.Hour, "24h", "+24h"},
		{90 * time.Minute, "1h30m", "+1h30m"},
		{30 * time.Second, "30s", "+30s"},
		{-90 * time.Second, "-1m30s", "-1m30s"},
		{time.Hour + 30*time.Second, "1h0m30s", "+1h0m30s"},
		{10 * time.Minute, "10m", "+10m"},
	}
	for _, tt := range tests {
		if got := clock.Span(tt.d); got != tt.span {
			t.Errorf("Span(%v) = %q, want %q", tt.d, got, tt.span)
		}
		if got := clock.Shift(tt.d); got != tt.shift {
			t.Errorf("Shift(%v) = %q, want %q", tt.d, got, tt.shift)
		}
	}
}

// TestWall: Dublin's summer time reads an hour ahead of UTC.
func TestWall(t *testing.T) {
	dublin, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2021, 7, 1, 12, 0, 0, 0, time.UTC)
	if got, want := clock.Wall(at.In(dublin)), time.Date(2021, 7, 1, 13, 0, 0, 0, time.UTC); !got.Equal(want) || got.Location() != time.UTC {
		t.Errorf("Wall = %v, want %v", got, want)
	}
}

// TestShifts: Dublin's two changes of 2021 and none in between; the
// bound is inclusive.
func TestShifts(t *testing.T) {
	dublin, err := time.LoadLocation("Europe/Dublin")
	if err != nil {
		t.Fatal(err)
	}
	from := time.Date(2021, 1, 1, 0, 0, 0, 0, dublin)
	spring := time.Date(2021, 3, 28, 1, 0, 0, 0, time.UTC)
	fall := time.Date(2021, 10, 31, 1, 0, 0, 0, time.UTC)
	var got []time.Time
	for at := range clock.Shifts(from, fall) {
		got = append(got, at.UTC())
	}
	if diff := cmp.Diff([]time.Time{spring, fall}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for at := range clock.Shifts(spring, fall.Add(-time.Second)) {
		t.Errorf("a change at %v between the two", at)
	}
}

// TestWallMinutes: with a seconds field, any second of the minute
// counts; without, only second 0 is asked.
func TestWallMinutes(t *testing.T) {
	from := time.Date(2021, 3, 28, 1, 0, 0, 0, time.UTC)
	to := from.Add(time.Hour)
	tests := []struct {
		expr string
		want []string
	}{
		{"30 1 * * *", []string{"01:30"}},
		// The schedule's own zone does not move the readings.
		{"CRON_TZ=America/New_York 30 1 * * *", []string{"01:30"}},
		{"15 */20 1 * * *", []string{"01:00", "01:20", "01:40"}},
		{"*/20 1 * * *", []string{"01:00", "01:20", "01:40"}},
	}
	for _, tt := range tests {
		s := cronsim.MustParse(tt.expr)
		var got []string
		for _, w := range clock.WallMinutes(s.MatchWall, s.HasSeconds(), from, to, 400) {
			got = append(got, w.Format("15:04"))
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.expr, diff)
		}
	}
	every := cronsim.MustParse("* * * * *")
	if n := len(clock.WallMinutes(every.MatchWall, false, from, to, 7)); n != 7 {
		t.Errorf("max 7: %d walls", n)
	}
	asked := 0
	clock.WallMinutes(func(time.Time) bool { asked++; return false }, false, from, to, 400)
	if asked != 60 {
		t.Errorf("without seconds: asked %d times in an hour, want 60", asked)
	}
}
