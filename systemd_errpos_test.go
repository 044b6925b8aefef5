package cronsim_test

import (
	"errors"
	"testing"

	"github.com/cronsim-go/cronsim"
	"github.com/google/go-cmp/cmp"
)

// TestCalendarRangeErrorColumn: a component out of range, which systemd
// finds after the parse (calendar_spec_valid), is pointed at by its
// column (before, the error had none: "hour out of range" with no
// position and no caret).
func TestCalendarRangeErrorColumn(t *testing.T) {
	type got struct {
		Column int
		Error  string
	}
	for _, tc := range []struct {
		spec string
		want got
	}{
		{"*-*-* 25:00", got{7, `cronsim: systemd calendar "*-*-* 25:00", column 7: hour out of range (systemd: invalid argument)`}},
		{"Mon *-*-* 0,25:00", got{11, `cronsim: systemd calendar "Mon *-*-* 0,25:00", column 11: hour out of range (systemd: invalid argument)`}},
		{"2021-13-01", got{6, `cronsim: systemd calendar "2021-13-01", column 6: month out of range (systemd: invalid argument)`}},
		{"02-30..32", got{4, `cronsim: systemd calendar "02-30..32", column 4: day out of range (systemd: invalid argument)`}},
		{"*-*-* 10:61", got{10, `cronsim: systemd calendar "*-*-* 10:61", column 10: minute out of range (systemd: invalid argument)`}},
		{"10:00:61", got{7, `cronsim: systemd calendar "10:00:61", column 7: second out of range (systemd: invalid argument)`}},
		{"1969-01-01", got{1, `cronsim: systemd calendar "1969-01-01", column 1: year out of range (systemd: invalid argument)`}},
		{"*-*~29", got{5, `cronsim: systemd calendar "*-*~29", column 5: day out of range (systemd: invalid argument)`}},
	} {
		_, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse(tc.spec)
		var ce *cronsim.CalendarError
		if !errors.As(err, &ce) {
			t.Errorf("%q: %v, want a *CalendarError", tc.spec, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got{ce.Column, ce.Error()}); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.spec, diff)
		}
	}
}
