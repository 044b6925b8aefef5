package cronsim

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zone files the recording machine had and this one may lack
)

// systemdCorpus is one file of conformance/parse/systemd-*.jsonl:
// what a real systemd-analyze calendar printed.
type systemdCorpus struct {
	Header struct {
		Systemd    string          `json:"systemd"`
		Version    int             `json:"-"`
		Iterations int             `json:"iterations"`
		Zones      []string        `json:"zones"`
		ZoneFiles  map[string]bool `json:"zone_files"`
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
	m, _ := filepath.Glob("conformance/parse/systemd-*.jsonl")
	if len(m) == 0 {
		t.Fatal("no conformance/parse/systemd-*.jsonl")
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
			if _, err := fmt.Sscanf(c.Header.Systemd, "%d", &c.Header.Version); err != nil {
				t.Fatalf("systemd version %q: %v", c.Header.Systemd, err)
			}
			if c.Header.ZoneFiles == nil {
				t.Fatal("no zone_files in the header")
			}
			// A zone suffix is valid where the recording's root file
			// system had the zone file, whatever this machine has.
			defer func(f func(string) bool) { calZoneFile = f }(calZoneFile)
			calZoneFile = func(name string) bool {
				if !c.Header.ZoneFiles[name] {
					return false
				}
				_, err := loadZone(name)
				if err != nil {
					t.Errorf("zone %s: the recording had it, this machine cannot load it: %v", name, err)
				}
				return err == nil
			}
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
					if msg := checkSystemdRecord(rec.Spec, c.Header.Version, base.In(loc), c.Header.Iterations, want.Norm, want.Error, want.Next); msg != "" {
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
func checkSystemdRecord(spec string, version int, base time.Time, iterations int, norm, errText string, next []string) string {
	cal, err := ParseCalendarFor(spec, version)
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

// Elapses across transitions as systemd-analyze calendar 252.38
// (Debian 12) printed them with --base-time and TZ set; they are
// independent of the corpus files.
func TestCalendarTransitions(t *testing.T) {
	cases := []struct {
		zone, spec, base string
		want             []string
	}{
		// New York's spring gap: 02:30 does not exist on 2021-03-14 and
		// is not run that day (systemd issue 5595).
		{"America/New_York", "*-*-* 02:30", "2021-03-14T05:30:00Z", []string{"2021-03-15T06:30:00Z", "2021-03-16T06:30:00Z"}},
		// New York's fall: 01:30 runs once, in its first occurrence.
		{"America/New_York", "*-*-* 01:30", "2021-11-07T04:30:00Z", []string{"2021-11-07T05:30:00Z", "2021-11-08T06:30:00Z"}},
		// A repetition every 20 minutes skips the whole repeated hour
		// (systemd issue 8647).
		{"America/New_York", "*:0/20", "2021-11-07T04:30:00Z", []string{
			"2021-11-07T04:40:00Z", "2021-11-07T05:00:00Z", "2021-11-07T05:20:00Z", "2021-11-07T05:40:00Z",
			"2021-11-07T07:00:00Z", "2021-11-07T07:20:00Z", "2021-11-07T07:40:00Z", "2021-11-07T08:00:00Z", "2021-11-07T08:20:00Z"}},
		// Dublin's spring gap (01:00-02:00 on 2021-03-28).
		{"Europe/Dublin", "*-*-* 01:30", "2021-03-27T23:30:00Z", []string{"2021-03-29T00:30:00Z", "2021-03-30T00:30:00Z"}},
		// Lord Howe's 30-minute changes: 02:15 skipped in the spring,
		// 01:45 once (its first occurrence, +11) in the fall.
		{"Australia/Lord_Howe", "*-*-* 02:15", "2021-10-02T14:30:00Z", []string{"2021-10-03T15:15:00Z", "2021-10-04T15:15:00Z"}},
		{"Australia/Lord_Howe", "*-*-* 01:45", "2021-04-03T13:00:00Z", []string{"2021-04-03T14:45:00Z", "2021-04-04T15:15:00Z"}},
		// Troll's 2-hour spring gap (01:00-03:00 on 2021-03-28).
		{"Antarctica/Troll", "*-*-* 02:30", "2021-03-28T00:00:00Z", []string{"2021-03-29T00:30:00Z", "2021-03-30T00:30:00Z"}},
		// Apia skipped 2011-12-30: day 30 runs next in January.
		{"Pacific/Apia", "*-*-30 09:00", "2011-12-29T10:00:00Z", []string{"2012-01-29T19:00:00Z", "2012-03-29T19:00:00Z"}},
		{"Pacific/Apia", "*-*-* 12:00", "2011-12-29T10:00:00Z", []string{"2011-12-29T22:00:00Z", "2011-12-30T22:00:00Z"}},
		// Moscow 2014-10-26 (+04 to +03, no daylight saving flag on
		// either side): 01:30 runs once, in the second occurrence
		// (glibc's mktime keeps the offset of its previous call).
		{"Europe/Moscow", "*-*-* 01:30", "2014-10-25T21:00:00Z", []string{"2014-10-25T22:30:00Z", "2014-10-26T22:30:00Z"}},
	}
	for _, c := range cases {
		cal, err := ParseCalendarFor(c.spec, 252)
		if err != nil {
			t.Fatal(err)
		}
		loc, _ := time.LoadLocation(c.zone)
		base, _ := time.Parse(time.RFC3339, c.base)
		var got []string
		x := base.In(loc)
		for range c.want {
			x = cal.Next(x)
			got = append(got, x.UTC().Format(time.RFC3339))
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("%s %q from %s: got %v, systemd %v", c.zone, c.spec, c.base, got, c.want)
		}
	}
}

// Prev walks back over what Next gives, Match agrees with both, and a
// Schedule from ParseOptions{Daemon: Systemd}.Parse answers as its Calendar does.
func TestCalendarPrevMatch(t *testing.T) {
	s, err := ParseOptions{Daemon: Systemd}.Parse("Mon..Fri *-*-* 09:00,17:30")
	if err != nil {
		t.Fatal(err)
	}
	// Not 09:00 and 17:30: systemd reads hour 9, minutes 0 and 17,
	// second 30 (systemd-analyze calendar 252.38 prints this form and
	// "Next elapse: ... 09:00:30").
	if got := s.String(); got != "Mon..Fri *-*-* 09:00,17:30" {
		t.Errorf("String %q", got)
	}
	loc, _ := time.LoadLocation("Europe/Berlin")
	from := time.Date(2026, 3, 20, 12, 0, 0, 0, loc)
	var fwd []time.Time
	for x := range s.All(from) {
		fwd = append(fwd, x)
		if len(fwd) == 20 {
			break
		}
	}
	end := fwd[len(fwd)-1].Add(time.Second)
	var back []time.Time
	for x := range s.Backward(end) {
		back = append(back, x)
		if len(back) == 20 {
			break
		}
	}
	slices.Reverse(back)
	if !slices.EqualFunc(fwd, back, time.Time.Equal) {
		t.Errorf("All %v\nBackward reversed %v", fwd, back)
	}
	for _, x := range fwd {
		if !s.Match(x) || s.Match(x.Add(time.Second)) {
			t.Errorf("Match around %v", x)
		}
		if x.Weekday() == time.Saturday || x.Weekday() == time.Sunday {
			t.Errorf("weekend run %v", x)
		}
	}
	if _, err := (ParseOptions{Daemon: Systemd, Dialect: Debian}).Entry("* * * * * true"); err == nil {
		t.Error("ParseEntry accepts a crontab line for systemd")
	}
}
