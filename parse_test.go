package cronsim

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	tests := []struct {
		expr      string
		dialect   Dialect
		canonical string // when accepted
		wildcard  bool
		never     bool
		// when rejected:
		err    error
		field  Field
		column int
		debian string
	}{
		{expr: "30 1 * * *", canonical: "30 1 * * *"},
		{expr: "*/15 * * * *", canonical: "*/15 * * * *", wildcard: true},
		{expr: "0-59 1 * * *", canonical: "0-59 1 * * *"},
		{expr: "* 1 * * *", canonical: "* 1 * * *", wildcard: true},
		{expr: "15 */2 * * *", canonical: "15 */2 * * *", wildcard: true},
		{expr: "0 9-17 * * mon-fri", canonical: "0 9-17 * * 1-5"},
		{expr: "0 0 * JAN,jul SUN", canonical: "0 0 * 1,7 0"},
		{expr: "0 0 * * 7", canonical: "0 0 * * 0"},
		{expr: "007 00 01 * *", canonical: "7 0 1 * *"},
		{expr: "0 0 L * *", canonical: "0 0 L * *"},
		{expr: "0 0 LW * *", canonical: "0 0 LW * *"},
		{expr: "0 0 * * 5L", canonical: "0 0 * * 5L"},
		{expr: "0 0 * * 1#2,fri#5", canonical: "0 0 * * 1#2,5#5"},
		{expr: "30 0 0 * * *", canonical: "30 0 0 * * *", wildcard: false},
		{expr: "@hourly", canonical: "@hourly", wildcard: true},
		{expr: "@annually", canonical: "@yearly"},
		{expr: "@reboot", canonical: "@reboot", never: true},
		{expr: "*/20,7 * * * *", canonical: "*/20,7 * * * *", wildcard: true},
		{expr: "0 0 29 2 *", canonical: "0 0 29 2 *"},
		// Strict rejections, with Debian's verdict on the same text.
		{expr: "60 * * * *", err: ErrRange, field: FieldMinute, column: 1, debian: "bad minute"},
		{expr: "30 1 * * 8", err: ErrRange, field: FieldDayOfWeek, column: 10, debian: "bad day-of-week"},
		{expr: "5;x * * * *", err: ErrMangled, field: FieldMinute, column: 2},
		{expr: "*-5 * * * *", err: ErrMangled, field: FieldMinute, column: 2},
		{expr: "5-3 * * * *", err: ErrMangled, field: FieldMinute, column: 1},
		{expr: "1/20 * * * *", err: ErrStep, field: FieldMinute, column: 2, debian: "bad minute"},
		{expr: "*/0 * * * *", err: ErrStep, field: FieldMinute, column: 3, debian: "bad minute"},
		{expr: "0 0 30 2 *", err: ErrNever},
		{expr: "4294967296 * * * *", err: ErrRange, field: FieldMinute, column: 1},
		{expr: "@Daily", err: ErrSyntax, column: 1, debian: "bad time specifier"},
		{expr: "1 2 3 4", err: ErrFieldCount, debian: "bad day-of-week"},
		{expr: "0 0 * * monday", err: ErrSyntax, field: FieldDayOfWeek, column: 9, debian: "bad day-of-week"},
		{expr: "5, * * * *", err: ErrSyntax, field: FieldMinute, column: 3, debian: "bad minute"},
		// Debian dialect: quirks accepted and read as the daemon reads them.
		{expr: "5;x * * * *", dialect: Debian, canonical: "5 * * * *", wildcard: true},
		{expr: "*-5 * * * *", dialect: Debian, canonical: "* * * * *", wildcard: true},
		{expr: "5-3 * * * *", dialect: Debian, canonical: "59-0 * * * *", wildcard: true, never: true},
		{expr: "0 0 30 2 *", dialect: Debian, canonical: "0 0 30 2 *", never: true},
		{expr: "4294967296 * * * *", dialect: Debian, canonical: "0 * * * *", wildcard: true},
		{expr: "*/5/2 * * * *", dialect: Debian, canonical: "*/5 * * * *", wildcard: true},
		{expr: "0 0 L * *", dialect: Debian, err: ErrExtension, field: FieldDayOfMonth, column: 5, debian: "bad day-of-month"},
		{expr: "1/20 * * * *", dialect: Debian, err: ErrStep, field: FieldMinute, column: 2, debian: "bad minute"},
		{expr: "1 2 3 4 5 6", dialect: Debian, err: ErrFieldCount, column: 11},
		{expr: "1 2 3 4 5 6", dialect: Debian, err: ErrExtension, column: 11}, // a seconds field: both
		{expr: "0 0 * * 1#2", dialect: Debian, canonical: "0 0 * * 1"},        // Debian skips "#2": every Monday
		// Issue 11's extensions: canonical text and errors.
		{expr: "0 0 ? * *", canonical: "0 0 * * *"},
		{expr: "0 0 1 * ?", canonical: "0 0 1 * *"}, // ? is a star: AND with every weekday
		{expr: "0 0 15w,L-3,l-1 * *", canonical: "0 0 15W,L-3,L-1 * *"},
		{expr: "0 0 29-L * *", canonical: "0 0 29-31 * *"},
		{expr: "0 0 1-L/8 * *", canonical: "0 0 1,9,17,25 * *"},
		{expr: "0 0 * * MON-FRI#1", canonical: "0 0 * * 1#1,2#1,3#1,4#1,5#1"},
		{expr: "0 0 * * THU,FRI#L", canonical: "0 0 * * 4,5L"},
		{expr: "0 0 * * sat-sun#l", canonical: "0 0 * * 0L,6L"},
		{expr: "0 0 * * monl", canonical: "0 0 * * 1L"},
		{expr: "TZ=Europe/Dublin 30 1 * * *", canonical: "CRON_TZ=Europe/Dublin 30 1 * * *"},
		{expr: "CRON_TZ=UTC @hourly", canonical: "CRON_TZ=UTC @hourly", wildcard: true},
		{expr: "0 30 1 * * * 2030-2032,2040", canonical: "0 30 1 * * * 2030-2032,2040"},
		{expr: "0 0 0 1 1 * *", canonical: "0 0 0 1 1 *"},
		{expr: "0 0 0 1 1 * */50", canonical: "0 0 0 1 1 * 1970,2020,2070"},
		{expr: "? * * * *", err: ErrSyntax, field: FieldMinute, column: 1, debian: "bad minute"},
		{expr: "* * ?,* * *", err: ErrSyntax, field: FieldDayOfMonth, column: 5, debian: "bad day-of-month"},
		{expr: "H 3 * * *", err: ErrHashKey, field: FieldMinute, column: 1, debian: "bad minute"},
		{expr: "0 0 L-31 * *", err: ErrRange, field: FieldDayOfMonth, column: 7, debian: "bad day-of-month"},
		{expr: "0 0 32W * *", err: ErrRange, field: FieldDayOfMonth, column: 5, debian: "bad day-of-month"},
		{expr: "0 0 * * MON#6", err: ErrRange, field: FieldDayOfWeek, column: 13}, // Debian skips "#6"
		{expr: "0 0 * * L5", err: ErrSyntax, field: FieldDayOfWeek, column: 9, debian: "bad day-of-week"},
		{expr: "CRON_TZ=Nowhere/Zone 0 0 * * *", err: ErrSyntax, column: 9, debian: "bad minute"},
		{expr: "CRON_TZ= 0 0 * * *", err: ErrSyntax, column: 9, debian: "bad minute"},
		{expr: "0 0 1 1 * 2026", err: ErrRange, field: FieldDayOfWeek, column: 11},
		{expr: "0 0 0 1 1 * 1969", err: ErrRange, field: FieldYear, column: 13, debian: "bad day-of-month"},
		{expr: "0 0 0 29 2 * 2025", err: ErrNever, debian: "bad day-of-month"},
		{expr: "CRON_TZ=Europe/Dublin 30 1 * * *", dialect: Debian, err: ErrExtension, column: 1, debian: "bad minute"},
		{expr: "0 0 1 1 * 2026", dialect: Debian, err: ErrExtension, column: 11},
		{expr: "0 0 0 1 1 * 2026", dialect: Debian, err: ErrExtension, column: 13, debian: "bad day-of-month"},
	}
	type result struct {
		Canonical      string
		Wildcard       bool
		Never          bool
		Err            string
		Field          Field
		Column         int
		Debian         string
		IsParseErr     bool
		WrapsSentinel  bool
		CaretLineCount int
	}
	for _, tc := range tests {
		t.Run(tc.dialect.String()+"/"+tc.expr, func(t *testing.T) {
			s, err := ParseOptions{Dialect: tc.dialect}.Parse(tc.expr)
			var got, want result
			if tc.err == nil {
				want = result{Canonical: tc.canonical, Wildcard: tc.wildcard, Never: tc.never}
			} else {
				want = result{Err: tc.err.Error(), Field: tc.field, Column: tc.column, Debian: tc.debian, IsParseErr: true, WrapsSentinel: true, CaretLineCount: 2}
			}
			if err == nil {
				got = result{Canonical: s.String(), Wildcard: s.Wildcard(), Never: s.Never()}
			} else {
				var pe *ParseError
				got.IsParseErr = errors.As(err, &pe)
				if got.IsParseErr {
					got.Err = pe.Err.Error()
					if tc.err != nil && errors.Is(pe.Err, tc.err) {
						got.Err = tc.err.Error() // one of the sentinels it wraps
					}
					got.Field, got.Debian = pe.Field, pe.Debian
					if tc.column != 0 {
						got.Column = pe.Column
					}
					got.CaretLineCount = len(splitLines(pe.Caret()))
				}
				got.WrapsSentinel = tc.err != nil && errors.Is(err, tc.err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("ParseDialect(%q, %v): (-want +got)\n%s\nerror: %v", tc.expr, tc.dialect, d, err)
			}
		})
	}
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestParseTooLong(t *testing.T) {
	long := make([]byte, MaxLength+1)
	for i := range long {
		long[i] = '1'
	}
	for _, d := range []Dialect{Strict, Debian} {
		if _, err := (ParseOptions{Dialect: d}).Parse(string(long)); !errors.Is(err, ErrTooLong) {
			t.Errorf("%v: got %v, want ErrTooLong", d, err)
		}
	}
}

func TestUnmarshalText(t *testing.T) {
	var s Schedule
	if err := s.UnmarshalText([]byte("30 1 * * *")); err != nil {
		t.Fatal(err)
	}
	b, _ := s.MarshalText()
	if string(b) != "30 1 * * *" {
		t.Errorf("MarshalText = %q", b)
	}
	if err := s.UnmarshalText([]byte("61 * * * *")); !errors.Is(err, ErrRange) {
		t.Errorf("UnmarshalText(61 ...) = %v, want ErrRange", err)
	}
}
