package main

import (
	"encoding/json"
	"time"

	"github.com/cronsim-go/cronsim"
)

// Calendar requests (kind "calendar", conformance/README.md, "systemd
// timers: the calendar request"): the naive answer reads the OnCalendar=
// specification with cronsim's parser, so the spelling and the normalized
// form are systemd's, and then computes the elapses the way a library
// that ignores daylight saving time does: in a fixed zone, the offset the
// request's zone has at after, for the whole window. It is the floor of
// the calendar score, right wherever the offset does not change.

type calendarQuery struct {
	ID             json.RawMessage `json:"id"`
	Spec           string          `json:"spec"`
	TZ             string          `json:"tz"`
	SystemdVersion int             `json:"systemd_version"`
	After          time.Time       `json:"after"`
	Before         time.Time       `json:"before"`
	Count          int             `json:"count"`
	// Replay (-replay only): the answer to give back through the same
	// loop.
	Replay *struct {
		Normalized string      `json:"normalized"`
		Elapses    []time.Time `json:"elapses"`
		Error      string      `json:"error"`
	} `json:"replay"`
}

type calendarReply struct {
	ID         json.RawMessage `json:"id"`
	Normalized string          `json:"normalized,omitempty"`
	Elapses    *[]string       `json:"elapses,omitempty"`
	Error      string          `json:"error,omitempty"`
}

// isCalendar reports whether the request line is of kind "calendar".
func isCalendar(line []byte) bool {
	var k struct {
		Kind string `json:"kind"`
	}
	return json.Unmarshal(line, &k) == nil && k.Kind == "calendar"
}

// maxElapses bounds one answer.
const maxElapses = 100000

func calendar(line []byte) calendarReply {
	var q calendarQuery
	if err := json.Unmarshal(line, &q); err != nil {
		return calendarReply{Error: err.Error()}
	}
	a := calendarReply{ID: q.ID}
	loc, err := time.LoadLocation(q.TZ)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	_, off := q.After.In(loc).Zone()
	fixed := time.FixedZone("", off) // no daylight saving time: the floor's mistake
	var next func(time.Time) time.Time
	if q.Replay != nil {
		if q.Replay.Error != "" {
			a.Error = q.Replay.Error
			return a
		}
		a.Normalized = q.Replay.Normalized
		next = func(t time.Time) time.Time {
			for _, e := range q.Replay.Elapses {
				if e.After(t) {
					return e
				}
			}
			return time.Time{}
		}
	} else {
		version := q.SystemdVersion
		if version == 0 {
			version = 257
		}
		cal, err := cronsim.ParseCalendarFor(q.Spec, version)
		if err != nil {
			a.Error = err.Error()
			return a
		}
		a.Normalized = cal.String()
		next = func(t time.Time) time.Time { return cal.Next(t.In(fixed)) }
	}
	limit := q.Count
	if limit <= 0 || limit > maxElapses {
		limit = maxElapses
	}
	elapses := []string{}
	for t := q.After; len(elapses) < limit; {
		t = next(t)
		if t.IsZero() || !q.Before.IsZero() && !t.Before(q.Before) {
			break
		}
		elapses = append(elapses, t.UTC().Format(time.RFC3339Nano))
	}
	a.Elapses = &elapses
	return a
}
