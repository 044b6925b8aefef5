package cronsim

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// systemdCorpus is one file of conformance/parse/systemd-*.jsonl.gz:
// what a real systemd-analyze calendar printed.
type systemdCorpus struct {
	Header struct {
		Systemd    string   `json:"systemd"`
		Iterations int      `json:"iterations"`
		Zones      []string `json:"zones"`
	}
	Records []systemdRecord
}

type systemdRecord struct {
	Spec  string `json:"spec"`
	Base  string `json:"base"`
	Zones map[string]struct {
		Norm  string   `json:"norm"`
		Error string   `json:"error"`
		Next  []string `json:"next"`
	} `json:"zones"`
}

func readSystemdCorpus(t *testing.T, path string) *systemdCorpus {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = gz
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	c := &systemdCorpus{}
	first := true
	for sc.Scan() {
		if first {
			first = false
			if err := json.Unmarshal(sc.Bytes(), &c.Header); err != nil {
				t.Fatal(err)
			}
			continue
		}
		var rec systemdRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		c.Records = append(c.Records, rec)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// systemdCorpusFiles are the committed corpus files, or the one file
// named by CRONSIM_SYSTEMD_CORPUS.
func systemdCorpusFiles(t *testing.T) []string {
	if p := os.Getenv("CRONSIM_SYSTEMD_CORPUS"); p != "" {
		return []string{p}
	}
	m, _ := filepath.Glob("conformance/parse/systemd-*.jsonl.gz")
	if len(m) == 0 {
		t.Fatal("no conformance/parse/systemd-*.jsonl.gz")
	}
	return m
}

// TestSystemdCalendarCorpus holds ParseCalendar, Calendar.String and
// Calendar.Next to every specification of the systemd parse corpus, in
// every recorded zone: the same verdict (and errno), the same normalised
// form, the same next elapses (systemd prints them to the second).
func TestSystemdCalendarCorpus(t *testing.T) {
	for _, path := range systemdCorpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c := readSystemdCorpus(t, path)
			checked, bad := 0, 0
			for _, rec := range c.Records {
				base, err := time.Parse(time.RFC3339, rec.Base)
				if err != nil {
					t.Fatal(err)
				}
				for _, zone := range c.Header.Zones {
					want, ok := rec.Zones[zone]
					if !ok {
						t.Fatalf("%q: no result in %s", rec.Spec, zone)
					}
					loc, err := time.LoadLocation(zone)
					if err != nil {
						t.Fatal(err)
					}
					checked++
					if msg := checkSystemdRecord(rec.Spec, base.In(loc), c.Header.Iterations, want.Norm, want.Error, want.Next); msg != "" {
						bad++
						if bad <= 40 {
							t.Errorf("%s %s base %s: %s", zone, quoteSpec(rec.Spec), rec.Base, msg)
						}
					}
				}
			}
			t.Logf("systemd %s: %d of %d (spec, zone) results agree", c.Header.Systemd, checked-bad, checked)
		})
	}
}

func quoteSpec(s string) string { b, _ := json.Marshal(s); return string(b) }

// checkSystemdRecord compares the model with one recorded result; ""
// when they agree.
func checkSystemdRecord(spec string, base time.Time, iterations int, norm, errText string, next []string) string {
	cal, err := ParseCalendar(spec)
	if strings.HasPrefix(errText, "next elapse: ") {
		// systemd parsed it but gave up on an elapse (its iteration
		// guard) before printing anything.
		if err != nil {
			return "model rejects it: " + err.Error()
		}
		u := base.Unix() * usecPerSec
		for range iterations {
			n, r := cal.next(u, base.Location())
			if r == calStuck {
				return ""
			}
			if r != calFound {
				return "model: never, systemd: " + errText
			}
			u = n
		}
		return "model finds every elapse, systemd: " + errText
	}
	if errText != "" {
		if err == nil {
			return "model accepts it as " + cal.String() + ", systemd: " + errText
		}
		var ce *CalendarError
		if !errors.As(err, &ce) {
			return "model error is not a *CalendarError: " + err.Error()
		}
		if !strings.EqualFold(ce.Errno.Error(), errText) {
			return "model: " + ce.Errno.Error() + ", systemd: " + errText
		}
		return ""
	}
	if err != nil {
		return "model rejects it (" + err.Error() + "), systemd: " + norm
	}
	if got := cal.String(); got != norm {
		return "normalised " + got + ", systemd " + norm
	}
	var got []string
	u := base.Unix() * usecPerSec
	for range iterations {
		n, r := cal.next(u, base.Location())
		if r == calStuck {
			return "model gives up (iteration guard), systemd does not"
		}
		if r != calFound {
			break
		}
		got = append(got, time.Unix(n/usecPerSec, 0).UTC().Format(time.RFC3339))
		u = n
	}
	if strings.Join(got, " ") != strings.Join(next, " ") {
		return "next " + strings.Join(got, " ") + ", systemd " + strings.Join(next, " ")
	}
	return ""
}
