package main

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// Everything the CLI echoes from its input (expressions, crontab lines,
// file names, flag values) goes through kit.Display or kit.Quote (see
// package kit): control characters and invalid UTF-8 are escaped, and
// long text is cut with a marker.

// jsonSafe escapes, in JSON text from encoding/json, the control
// characters it leaves raw: DEL and the C1 controls U+0080-U+009F (U+009B
// is a CSI, which some terminals obey as ESC [ does). The JSON means the
// same; only a terminal showing it sees the difference.
func jsonSafe(b []byte) []byte {
	if !bytes.ContainsAny(b, "\x7f\u0080\u0081\u0082\u0083\u0084\u0085\u0086\u0087\u0088\u0089\u008a\u008b\u008c\u008d\u008e\u008f\u0090\u0091\u0092\u0093\u0094\u0095\u0096\u0097\u0098\u0099\u009a\u009b\u009c\u009d\u009e\u009f") {
		return b // the common case: nothing to escape, nothing allocated
	}
	var out []byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = append(out, fmt.Sprintf(`\u%04x`, b[i+1])...)
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}

// maxYear is the last year RFC 3339 can write (four digits).
const maxYear = 9999

// errPastYear9999 is the error for a time RFC 3339 cannot write.
func errPastYear9999(t time.Time) error {
	return fmt.Errorf("the run falls in year %d, past %d: RFC 3339 has four-digit years", t.Year(), maxYear)
}

// timeText writes a run as RFC 3339 in its zone. In a zone other than
// UTC, an offset of zero is written +00:00, not Z: Dublin's 01:30 in
// winter is not a UTC time, and "Z" would say it is. A year past 9999 is
// an error: time.Format would write a five-digit year, which is not RFC
// 3339.
func timeText(t time.Time) (string, error) {
	if t.Year() > maxYear {
		return "", errPastYear9999(t)
	}
	return zonedText(t, time.RFC3339), nil
}

// zonedText formats t with an RFC 3339 layout, writing an offset of zero
// as +00:00 in a zone other than UTC (see timeText).
func zonedText(t time.Time, layout string) string {
	text := t.Format(layout)
	if strings.HasSuffix(text, "Z") && !isUTC(t.Location()) {
		text = strings.TrimSuffix(text, "Z") + "+00:00"
	}
	return text
}

// isUTC reports whether loc is UTC by name, not merely at offset 0.
func isUTC(loc *time.Location) bool {
	switch loc.String() {
	case "UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu", "Universal", "Zulu", "Etc/GMT", "GMT", "Etc/GMT+0", "Etc/GMT-0", "Etc/GMT0", "GMT0", "GMT+0", "GMT-0", "Etc/Greenwich", "Greenwich", "Etc/UCT", "UCT":
		return true
	}
	return false
}

// longTime writes a run for a person, as -long asks: weekday, date and
// wall time, the zone's abbreviation and offset, and how far it is from
// now ("Thu 2026-01-01 01:30:00 GMT +00:00, in 3 days").
func longTime(t, now time.Time) string {
	return t.Format("Mon 2006-01-02 15:04:05 MST -07:00") + ", " + relative(t.Sub(now))
}

// relative says a duration as systemd-analyze calendar does, roughly:
// "in 3 days", "2h 5min ago", "now".
func relative(d time.Duration) string {
	past := d < 0
	if past {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		return "now"
	case d < time.Hour:
		s = fmt.Sprintf("%dmin", int(d/time.Minute))
	case d < 48*time.Hour:
		s = fmt.Sprintf("%dh %dmin", int(d/time.Hour), int(d%time.Hour/time.Minute))
	case d < 2*365*24*time.Hour:
		s = fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	default:
		s = fmt.Sprintf("%d years", int(d/(365*24*time.Hour)))
	}
	if past {
		return s + " ago"
	}
	return "in " + s
}
