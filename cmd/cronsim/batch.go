package main

// Batch mode of next and prev: an oracle for differential testing. Another
// implementation's test suite starts `cronsim next -batch -dialect debian`
// once and asks it any number of questions, one JSON object per line on
// stdin; each question gets one JSON line on stdout, in order. The shape
// is the adapter protocol of conformance/README.md, so the same program
// that scores an implementation against the corpus can score it against
// cronsim on random expressions.

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/internal/kit"
)

const (
	// maxBatchRuns bounds the answer to one query, so that a window of
	// centuries with `* * * * *` gets an error instead of gigabytes.
	maxBatchRuns = 100000
	// maxBatchLine bounds one query line.
	maxBatchLine = 1 << 20
	// maxBatchZones bounds the cache of loaded zones.
	maxBatchZones = 1024
)

// batchRequested reports whether the flags of next or prev ask for batch
// mode. It is the whole hook in the command dispatcher.
func batchRequested(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-batch", "--batch", "-batch=true", "--batch=true":
			return true
		}
	}
	return false
}

// A batchQuery is one line of input.
type batchQuery struct {
	ID   json.RawMessage `json:"id"`
	Expr *string         `json:"expr"`
	TZ   string          `json:"tz"`
	// SystemTZ, when given, is the daemon's zone and TZ the line's own
	// (cronie's CRON_TZ=): the line is read as "CRON_TZ=TZ EXPR" and run
	// by a daemon in SystemTZ.
	SystemTZ string `json:"system_tz"`
	After    string `json:"after"`
	Before   string `json:"before"`
	N        *int   `json:"n"`
	// Key is the hash key for H values (the job's name); default -key.
	Key *string `json:"key"`
	// Started is the daemon's history (simulate.go, startedAfter):
	// "running" (or empty), it has run all along; "after", it was
	// started in the minute of after.
	Started string `json:"started"`
}

// batchKeys names the keys of a query, for the error about another.
const batchKeys = "id, expr, tz, system_tz, after, before, n, key, started"

var cmdBatch = &command{
	usageLine: "next -batch [-dialect D] [-daemon D] [-key K] [-tz ZONE] [-n N] < QUERIES",
	short:     "answer JSON Lines queries on standard input (prev -batch: runs before)",
	long: `Reads one JSON object per line on stdin and answers each with one JSON
line on stdout, in order, flushed at once:

  {"id": 1, "expr": "30 1 * * *", "tz": "Europe/Dublin",
   "after": "2021-03-27T00:00:00Z", "before": "2021-03-29T00:00:00Z"}
  -> {"id":1,"runs":["2021-03-27T01:30:00Z","2021-03-28T01:00:00Z"]}
  -> {"id":1,"error":"..."} when the query or the expression is bad

after and before are RFC 3339 and exclusive; tz defaults to -tz, whose
default is every command's ($TZ, else the system's zone); key is the hash
key for H values (default -key). Any other key is an error. next
answers the runs after "after" (default: now), earliest first, up to
"before"; prev answers the runs before "before" (default: now), latest
first, down to "after". "n" caps the count; without "n" and without the
far bound, -n runs are given. An answer holds at most 100000 runs.
Runs are UTC. The flags apply to the whole batch.

A query with "kind": "calendar" asks for a systemd OnCalendar=
specification's elapses (conformance/README.md, "systemd timers: the
calendar request"), whatever -daemon says:

  {"id": 2, "kind": "calendar", "spec": "Mon..Fri 09:00", "tz": "America/New_York",
   "systemd_version": 252, "after": "2021-03-12T05:30:00Z", "count": 2}
  -> {"id":2,"normalized":"Mon..Fri *-*-* 09:00:00","elapses":["2021-03-12T14:00:00Z","2021-03-15T13:00:00Z"]}

It gives the first "count" elapses strictly after "after", or every
one before "before"; systemd_version (default 257) picks the parser.
`,
	arg:   argNone,
	setup: setupBatch,
}

// batchVariant is the variant hook of next and prev: -batch among their
// flags runs batch mode.
func batchVariant(args []string) *command {
	if batchRequested(args) {
		return cmdBatch
	}
	return nil
}

func setupBatch(c *call) func(string) int {
	c.fs.Bool("batch", true, "answer JSON Lines queries from stdin")
	n := c.fs.Int("n", 5, "runs per query that gives neither n nor its far bound")
	zone := zoneFlag(c.fs)
	sf := scheduleFlags(c.fs, true)
	return func(string) int {
		// Queries without tz run in the zone every other command uses:
		// -tz, else $TZ, else the system's zone.
		loc, code, ok := zone.load(c.name, c.stderr)
		if !ok {
			return code
		}
		return runBatch(c, *n, loc.String(), sf)
	}
}

// runBatch answers queries from stdin until it ends.
func runBatch(c *call, n int, tz string, sf *scheduleFlagSet) int {
	cmd, in, stdout, stderr := c.name, c.stdin, c.stdout, c.stderr
	if n < 0 {
		return c.usagef("-n must not be negative")
	}
	q, code, ok := sf.query(c)
	if !ok {
		return code
	}
	b := &batch{
		query:    q,
		backward: cmd == "prev",
		n:        n,
		tz:       tz,
		zones:    map[string]*time.Location{},
	}
	if _, err := b.zone(tz); err != nil {
		return c.usagef("unknown time zone %s", kit.Quote(tz))
	}
	br := bufio.NewReaderSize(in, 64<<10)
	bw := bufio.NewWriterSize(stdout, 64<<10)
	var out []byte
	for lineNo := 1; ; lineNo++ {
		line, err := readLine(br, maxBatchLine)
		if err == io.EOF && len(line) == 0 {
			break
		}
		if err != nil && err != io.EOF {
			if errors.Is(err, errLineTooLong) {
				out = b.errorAnswer(out[:0], nil, fmt.Sprintf("line %d: longer than %d bytes", lineNo, maxBatchLine))
			} else {
				fmt.Fprintf(stderr, "cronsim %s: reading stdin: %v\n", cmd, err)
				bw.Flush()
				return 1
			}
		} else if len(bytes.TrimSpace(line)) == 0 {
			continue
		} else {
			out = b.answer(out[:0], line, lineNo)
		}
		if _, err := bw.Write(jsonSafe(out)); err != nil {
			fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
			return 1
		}
		// A program asking one question at a time gets its answer at
		// once; a file of questions is answered in large writes.
		if br.Buffered() == 0 {
			if err := bw.Flush(); err != nil {
				fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
				return 1
			}
		}
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintf(stderr, "cronsim %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

var errLineTooLong = errors.New("line too long")

// readLine reads one line without its newline. A line longer than max is
// consumed and reported as errLineTooLong, holding no more than max bytes.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	tooLong := false
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(line)+len(chunk) > max+1 {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if tooLong {
			if err == io.EOF {
				err = nil
			}
			if err == nil {
				err = errLineTooLong
			}
			return nil, err
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

type batch struct {
	backward bool
	n        int
	tz       string
	query    kit.Query // the flags' dialect and daemon
	zones    map[string]*time.Location
}

func (b *batch) zone(name string) (*time.Location, error) {
	if loc, ok := b.zones[name]; ok {
		return loc, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	if len(b.zones) >= maxBatchZones {
		clear(b.zones)
	}
	b.zones[name] = loc
	return loc, nil
}

// answer appends the answer to one query line to out.
func (b *batch) answer(out, line []byte, lineNo int) []byte {
	if queryKind(line) == "calendar" {
		return b.calendarAnswer(out, line, lineNo)
	}
	var q batchQuery
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		// A mistyped key ("from" for "after") must not be ignored: the
		// query would silently answer something else.
		if key, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return b.errorAnswer(out, q.ID, fmt.Sprintf("line %d: unknown key %s: want %s", lineNo, key, batchKeys))
		}
		return b.errorAnswer(out, nil, fmt.Sprintf("line %d: not a JSON object: %v", lineNo, err))
	}
	if dec.More() {
		return b.errorAnswer(out, q.ID, fmt.Sprintf("line %d: more than one JSON value", lineNo))
	}
	if q.Expr == nil {
		return b.errorAnswer(out, q.ID, "missing expr")
	}
	name := cmp.Or(q.TZ, b.tz)
	expr := *q.Expr
	if q.SystemTZ != "" {
		if _, err := b.queryZone(name); err != nil {
			return b.errorAnswer(out, q.ID, err.Error())
		}
		expr = "CRON_TZ=" + name + " " + expr
		name = q.SystemTZ
	}
	loc, err := b.queryZone(name)
	if err != nil {
		return b.errorAnswer(out, q.ID, err.Error())
	}
	after, before, err := batchWindow(q.After, q.Before)
	if err != nil {
		return b.errorAnswer(out, q.ID, err.Error())
	}
	limit := b.n
	if q.N != nil {
		if *q.N < 0 || *q.N > maxBatchRuns {
			return b.errorAnswer(out, q.ID, fmt.Sprintf("n must be 0..%d", maxBatchRuns))
		}
		limit = *q.N
	} else if (!b.backward && !before.IsZero()) || (b.backward && !after.IsZero()) {
		limit = maxBatchRuns + 1 // the far bound decides; more is an error
	}
	read := b.query
	read.Expr = expr
	if q.Key != nil {
		read.HashKey = *q.Key
	}
	sched, err := read.Parse()
	if err != nil {
		if errors.Is(err, cronsim.ErrHashKey) {
			// The library's message names its API; a query gives the
			// key as "key" (or the batch as -key).
			return b.errorAnswer(out, q.ID, `H (a hashed value) needs a key: give "key" in the query, or -key, such as the job's name`)
		}
		return b.errorAnswer(out, q.ID, err.Error())
	}
	if q.Started != "" && q.Started != "running" {
		return b.startedAnswer(out, q, sched, loc, after, before, limit)
	}
	now := time.Now()
	start, stop := after, before
	if b.backward {
		start, stop = before, after
	}
	if start.IsZero() {
		start = now
	}
	seq := sched.All(start.In(loc))
	if b.backward {
		seq = sched.Backward(start.In(loc))
	}
	begin := len(out)
	out = append(out, `{"id":`...)
	out = appendID(out, q.ID)
	out = append(out, `,"runs":[`...)
	count := 0
	if limit > 0 {
		for t := range seq {
			if !stop.IsZero() && (!b.backward && !t.Before(stop) || b.backward && !t.After(stop)) {
				break
			}
			if count == maxBatchRuns {
				return b.errorAnswer(out[:begin], q.ID,
					fmt.Sprintf("more than %d runs in the window: narrow it or give n", maxBatchRuns))
			}
			if t.Year() > maxYear {
				return b.errorAnswer(out[:begin], q.ID, errPastYear9999(t).Error())
			}
			if count > 0 {
				out = append(out, ',')
			}
			out = append(out, '"')
			out = t.UTC().AppendFormat(out, time.RFC3339)
			out = append(out, '"')
			count++
			if count == limit {
				break
			}
		}
	}
	return append(out, "]}\n"...)
}

// appendID appends the query's id as given, or null.
func appendID(out []byte, id json.RawMessage) []byte {
	if len(id) == 0 {
		return append(out, "null"...)
	}
	var c bytes.Buffer
	if json.Compact(&c, id) != nil {
		return append(out, "null"...)
	}
	return append(out, c.Bytes()...)
}

func (b *batch) errorAnswer(out []byte, id json.RawMessage, msg string) []byte {
	out = append(out, `{"id":`...)
	out = appendID(out, id)
	out = append(out, `,"error":`...)
	m, _ := json.Marshal(strings.ToValidUTF8(msg, "\uFFFD"))
	out = append(out, m...)
	return append(out, "}\n"...)
}

// queryZone loads the zone a query names, with the error its answer
// gives for an unknown one.
func (b *batch) queryZone(name string) (*time.Location, error) {
	loc, err := b.zone(name)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q", name)
	}
	return loc, nil
}

// batchWindow reads a query's "after" and "before" (RFC 3339; the zero
// time when not given).
func batchWindow(after, before string) (a, b time.Time, err error) {
	if a, err = batchTime("after", after); err == nil {
		b, err = batchTime("before", before)
	}
	return a, b, err
}

func batchTime(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: not an RFC 3339 time: %q", field, s)
	}
	return t, nil
}
