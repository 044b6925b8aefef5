package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"time"

	"github.com/cronsim-go/cronsim"
)

// A calendarQuery is a batch line of kind "calendar" (conformance/README.md,
// "systemd timers: the calendar request"): a systemd OnCalendar=
// specification, read by the systemd of systemd_version (default 257),
// and its elapses strictly after after, the first count of them or every
// one before before. The answer adds the normalized form
// systemd-analyze calendar prints.
type calendarQuery struct {
	ID             json.RawMessage `json:"id"`
	Kind           string          `json:"kind"`
	Spec           *string         `json:"spec"`
	TZ             string          `json:"tz"`
	SystemdVersion int             `json:"systemd_version"`
	After          string          `json:"after"`
	Before         string          `json:"before"`
	Count          *int            `json:"count"`
}

const calendarKeys = "id, kind, spec, tz, systemd_version, after, before, count"

// queryKind is the "kind" of a batch line, "" when it has none or is no
// JSON object.
func queryKind(line []byte) string {
	var k struct {
		Kind string `json:"kind"`
	}
	json.Unmarshal(line, &k)
	return k.Kind
}

// calendarAnswer appends the answer to a calendar query to out.
func (b *batch) calendarAnswer(out, line []byte, lineNo int) []byte {
	var q calendarQuery
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return b.errorAnswer(out, q.ID, fmt.Sprintf("line %d: %v: want the keys %s", lineNo, err, calendarKeys))
	}
	if q.Spec == nil {
		return b.errorAnswer(out, q.ID, "missing spec")
	}
	loc, err := b.queryZone(cmp.Or(q.TZ, b.tz))
	if err != nil {
		return b.errorAnswer(out, q.ID, err.Error())
	}
	after, before, err := batchWindow(q.After, q.Before)
	if err != nil {
		return b.errorAnswer(out, q.ID, err.Error())
	}
	if after.IsZero() {
		after = time.Now()
	}
	limit := maxBatchRuns
	if q.Count != nil {
		if *q.Count < 0 || *q.Count > maxBatchRuns {
			return b.errorAnswer(out, q.ID, fmt.Sprintf("count must be 0..%d", maxBatchRuns))
		}
		limit = *q.Count
	} else if before.IsZero() {
		return b.errorAnswer(out, q.ID, "give before or count")
	}
	version := q.SystemdVersion
	if version == 0 {
		version = 257
	}
	cal, err := cronsim.ParseCalendarFor(*q.Spec, version)
	if err != nil {
		return b.errorAnswer(out, q.ID, err.Error())
	}
	norm, _ := json.Marshal(cal.String())
	begin := len(out)
	out = append(out, `{"id":`...)
	out = appendID(out, q.ID)
	out = append(out, `,"normalized":`...)
	out = append(out, norm...)
	out = append(out, `,"elapses":[`...)
	t := after.In(loc)
	for n := 0; n < limit; n++ {
		t = cal.Next(t)
		if t.IsZero() || !before.IsZero() && !t.Before(before) {
			break
		}
		if n == maxBatchRuns {
			return b.errorAnswer(out[:begin], q.ID, fmt.Sprintf("more than %d elapses in the window: narrow it or give count", maxBatchRuns))
		}
		if n > 0 {
			out = append(out, ',')
		}
		out = append(out, '"')
		out = t.UTC().AppendFormat(out, time.RFC3339Nano)
		out = append(out, '"')
	}
	return append(out, "]}\n"...)
}
