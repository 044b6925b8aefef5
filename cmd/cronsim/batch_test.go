package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBatchAnswers(t *testing.T) {
	in := lines(
		`{"id":1,"expr":"30 1 * * *","tz":"Europe/Dublin","after":"2021-03-27T00:00:00Z","before":"2021-03-29T00:00:00Z"}`,
		``,
		`{"id":"b","expr":"0-59 1 * * *","tz":"Europe/Dublin","after":"2021-03-28T00:58:00Z","before":"2021-03-28T01:02:00Z"}`,
		`{"id":{"file":"x","line":2},"expr":"5;x 1 * * *","tz":"America/New_York","after":"2021-03-14T00:00:00.5Z","n":1}`,
		`{"id":4,"expr":"61 * * * *"}`,
		`not json`,
		`{"id":5,"expr":"* * * * *","after":"2021-01-01T00:00:00Z","before":"2031-01-01T00:00:00Z"}`,
		`{"id":6,"expr":"* * * * *","tz":"Mars/Olympus"}`,
		`{"id":7,"expr":"0 0 * * *","after":"yesterday"}`,
		`{"id":8,"tz":"UTC"}`,
		`{"id":9,"expr":"0 0 1 1 *","after":"2021-06-01T00:00:00Z"}`,
		`{"id":10,"expr":"5-3 * * * *","after":"2021-06-01T00:00:00Z","before":"2021-06-02T00:00:00Z"}`,
	)
	var stdout, stderr bytes.Buffer
	code := run([]string{"next", "-batch", "-dialect", "debian", "-n", "2"}, strings.NewReader(in), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	want := lines(
		// Dublin's spring gap: the fixed-time job runs at 02:00 IST.
		`{"id":1,"runs":["2021-03-27T01:30:00Z","2021-03-28T01:00:00Z"]}`,
		// A fixed-time job over the gap: 01:00..01:59 local all land at
		// 01:00Z (02:00 IST), one instant.
		`{"id":"b","runs":["2021-03-28T01:00:00Z"]}`,
		`{"id":{"file":"x","line":2},"runs":["2021-03-14T06:05:00Z"]}`,
		`{"id":4,"error":"cronsim: bad minute \"61\" at column 1: 61 is outside 0-59"}`,
		`{"id":null,"error":"line 6: not a JSON object: invalid character 'o' in literal null (expecting 'u')"}`,
		`{"id":5,"error":"more than 100000 runs in the window: narrow it or give n"}`,
		`{"id":6,"error":"unknown time zone \"Mars/Olympus\""}`,
		`{"id":7,"error":"after: not an RFC 3339 time: \"yesterday\""}`,
		`{"id":8,"error":"missing expr"}`,
		// Neither n nor before: -n runs.
		`{"id":9,"runs":["2022-01-01T00:00:00Z","2023-01-01T00:00:00Z"]}`,
		`{"id":10,"runs":[]}`,
	)
	if diff := cmp.Diff(want, stdout.String()); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestBatchPrev(t *testing.T) {
	in := lines(
		`{"id":1,"expr":"30 * * * *","tz":"Europe/Dublin","after":"2021-10-30T23:59:00Z","before":"2021-10-31T02:00:00Z"}`,
		`{"id":2,"expr":"30 1 * * *","tz":"Europe/Dublin","before":"2021-10-31T03:00:00Z","n":1}`,
	)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"prev", "-batch", "-dialect", "debian"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	want := lines(
		// Dublin's fall back: the wildcard job runs in both passes of 01:30.
		`{"id":1,"runs":["2021-10-31T01:30:00Z","2021-10-31T00:30:00Z"]}`,
		// The fixed-time job runs in the first pass only.
		`{"id":2,"runs":["2021-10-31T00:30:00Z"]}`,
	)
	if diff := cmp.Diff(want, stdout.String()); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

func TestBatchUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"-batch", "30 1 * * *"},
		{"-batch", "-dialect", "vixie"},
		{"-batch", "-tz", "Nowhere/Land"},
		{"-batch", "-n", "-1"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(append([]string{"next"}, args...), strings.NewReader(""), &stdout, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%q: exit %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

func TestBatchLongLine(t *testing.T) {
	in := `{"id":1,"expr":"` + strings.Repeat("1,", maxBatchLine) + `1 * * * *"}` + "\n" +
		`{"id":2,"expr":"0 0 * * *","after":"2021-01-01T00:00:00Z","n":1}` + "\n"
	var stdout, stderr bytes.Buffer
	if code := run([]string{"next", "-batch"}, strings.NewReader(in), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	want := lines(
		`{"id":null,"error":"line 1: longer than 1048576 bytes"}`,
		`{"id":2,"runs":["2021-01-02T00:00:00Z"]}`,
	)
	if diff := cmp.Diff(want, stdout.String()); diff != "" {
		t.Errorf("answers (-want +got):\n%s", diff)
	}
}

// TestBatchInteractive holds the binary to the adapter protocol: each
// answer arrives while stdin is still open, so a runner can ask one
// question at a time.
func TestBatchInteractive(t *testing.T) {
	cmd := exec.Command(binary(t), "next", "-batch", "-dialect", "debian")
	w, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	r, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer w.Close()
	br := bufio.NewReader(r)
	for i, q := range []string{
		`{"id":1,"expr":"@hourly","after":"2021-01-01T00:00:00Z","n":1}`,
		`{"id":2,"expr":"@daily","after":"2021-01-01T00:00:00Z","n":1}`,
	} {
		if _, err := io.WriteString(w, q+"\n"); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() { s, _ := br.ReadString('\n'); got <- s }()
		select {
		case s := <-got:
			if !strings.HasPrefix(s, `{"id":`+string(rune('1'+i))+`,"runs":["`) {
				t.Errorf("answer %d: %q", i+1, s)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no answer to query %d while stdin stays open", i+1)
		}
	}
}

func TestBatchRequested(t *testing.T) {
	for args, want := range map[string]bool{
		"-batch":                 true,
		"-dialect debian -batch": true,
		"--batch=true":           true,
		"-n 3 EXPR":              false,
		"-- -batch":              false,
	} {
		if got := batchRequested(strings.Fields(args)); got != want {
			t.Errorf("batchRequested(%q) = %v, want %v", args, got, want)
		}
	}
}

// TestBatchNoRawControls: an id holding DEL or a C1 control (valid raw in
// a JSON string) is echoed escaped, and still decodes to itself.
func TestBatchNoRawControls(t *testing.T) {
	var stdout, stderr bytes.Buffer
	in := "{\"id\":\"a\u009b31m\x7f\",\"expr\":\"0 0 * * *\",\"after\":\"2026-01-01T00:00:00Z\",\"n\":1}\n"
	code := run([]string{"next", "-batch", "-tz", "UTC"}, strings.NewReader(in), &stdout, &stderr)
	out := stdout.String()
	if code != 0 || strings.ContainsAny(out, "\x7f\u009b") {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	var a struct{ ID string }
	if err := json.Unmarshal([]byte(out), &a); err != nil || a.ID != "a\u009b31m\x7f" {
		t.Errorf("id decodes to %q, %v", a.ID, err)
	}
}
