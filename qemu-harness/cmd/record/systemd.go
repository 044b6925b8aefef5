package main

// systemd timers: a recording on a systemd-bookworm or systemd-trixie
// guest boots systemd as PID 1 (guestinit prepares the guest and execs
// it) into cronsim.target, which wants one timer per line,
// cronsim-jNNNN.timer, each starting the template service
// cronsim@jNNNN.service, whose only work is the guest init run as
// "/init stamp jNNNN": it reads CLOCK_REALTIME and writes "R <ns> jNNNN"
// to the console. Before booting, the guest root's own
// `systemd-analyze calendar` (in a chroot) checks every specification,
// gives its normalised form, and, from the window's start in the
// recording's zone, the elapses the generator's budget counts.

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cronsim-go/cronsim/qemu-harness/internal/plan"
	"github.com/cronsim-go/cronsim/qemu-harness/internal/sdanalyze"
)

// sdTimers is a recording's checked timers.
type sdTimers struct {
	lines    []plan.TimerLine
	norm     []string // systemd-analyze's normalised form
	est      []int    // systemd-analyze's elapses in the window
	rejected []string // generated specifications systemd-analyze rejected
	root     string
}

func (s *sdTimers) specs() []string {
	out := make([]string, len(s.lines))
	for i, l := range s.lines {
		out[i] = l.Spec
	}
	return out
}

// kernelArgs adds, for systemd guests, norandmaps (each service start is
// otherwise translated afresh under TCG; it changes no result) and
// systemd.clock_usec= (systemd moves a clock earlier than its build date
// forward to that date, 252.39 of bookworm too: the first try's clock read
// 2026-04-27 after boot; this sets it back to the planned time, the power-on
// time plus 2 s, about 0.4 s after the boot reached it, before any unit
// starts).
func (s *sdTimers) kernelArgs(rtc time.Time) string {
	if s == nil {
		return ""
	}
	return fmt.Sprintf(" norandmaps systemd.clock_usec=%d", rtc.Add(2*time.Second).UnixMicro())
}

// recordPowerOff records a systemd recording with a powered-off span: two
// boots, the second with the first one's Persistent= stamp files.
func (e *env) recordPowerOff(r *plan.Recording, slot int, base string, sd *sdTimers, lines []string, t0 time.Time) (string, error) {
	first, err := e.boot(r, slot, base, "", sd, lines, r.RTC, r.PowerOff.From, nil, t0)
	if err != nil {
		return "", fmt.Errorf("first boot: %v", err)
	}
	second, err := e.boot(r, slot, base, "", sd, lines, r.PowerOff.To, r.End, first.stamps, t0)
	if err != nil {
		return "", fmt.Errorf("second boot: %v", err)
	}
	for k, v := range second.versions {
		if first.versions[k] != v {
			return "", fmt.Errorf("boots differ in %s: %s, %s", k, first.versions[k], v)
		}
	}
	if first.active != second.active {
		return "", fmt.Errorf("boots differ in active timers: %d, %d", first.active, second.active)
	}
	merged := *second
	merged.start = first.start
	merged.runs = append(append([]runRec{}, first.runs...), second.runs...)
	merged.logs = append(append([]logRec{}, first.logs...), second.logs...)
	merged.boots = []bootRec{{first.start, first.end, first.stamps}, {second.start, second.end, second.stamps}}
	return e.writeTimers(r, sd, &merged, time.Since(t0))
}

type bootRec struct {
	start, end int64
	stamps     []logRec
}

// overlay adds the units to the recording's archive.
func (s *sdTimers) overlay(cp *cpioWriter) {
	var t strings.Builder
	t.WriteString("[Unit]\nDescription=cronsim recording\nDefaultDependencies=no\n")
	for i := range s.lines {
		fmt.Fprintf(&t, "Wants=cronsim-%s.timer\n", jobID(i))
	}
	cp.entry("etc/systemd/system/cronsim.target", 0o100644, []byte(t.String()))
	cp.entry("etc/systemd/system/cronsim@.service", 0o100644, []byte(
		"[Unit]\nDescription=cronsim job %i\nDefaultDependencies=no\n\n"+
			"[Service]\nType=oneshot\nExecStart=/init stamp %i\n"+
			"StandardInput=null\nStandardOutput=null\nStandardError=null\n"))
	for i, l := range s.lines {
		var u strings.Builder
		fmt.Fprintf(&u, "[Unit]\nDescription=cronsim timer %s\nDefaultDependencies=no\nPartOf=cronsim.target\n\n[Timer]\n", jobID(i))
		fmt.Fprintf(&u, "OnCalendar=%s\n", strings.ReplaceAll(l.Spec, "%", "%%"))
		if l.AccuracySec != "" {
			fmt.Fprintf(&u, "AccuracySec=%s\n", l.AccuracySec)
		}
		if l.RandomizedDelaySec != "" {
			fmt.Fprintf(&u, "RandomizedDelaySec=%s\n", l.RandomizedDelaySec)
		}
		if l.Persistent {
			u.WriteString("Persistent=true\n")
		}
		fmt.Fprintf(&u, "Unit=cronsim@%s.service\n", jobID(i))
		cp.entry("etc/systemd/system/cronsim-"+jobID(i)+".timer", 0o100644, []byte(u.String()))
	}
}

// timerCandidates lists the literal timers, then the generated ones.
func timerCandidates(r *plan.Recording) ([]plan.TimerLine, []int, error) {
	var out []plan.TimerLine
	var gen []int // index of the generator, -1 for literal lines
	seen := map[string]bool{}
	for _, t := range r.Timers {
		if !seen[t.Key()] {
			seen[t.Key()] = true
			out = append(out, t)
			gen = append(gen, -1)
		}
	}
	for gi, g := range r.TimerGenerators {
		if g.Name != "sd-v1" {
			return nil, nil, fmt.Errorf("%s: unknown timer generator %q", r.Name, g.Name)
		}
		for _, spec := range genCalendar(g, r.TZ) {
			t := plan.TimerLine{Spec: spec, AccuracySec: g.AccuracySec, RandomizedDelaySec: g.RandomizedDelaySec, Persistent: g.Persistent}
			if !seen[t.Key()] {
				seen[t.Key()] = true
				out = append(out, t)
				gen = append(gen, gi)
			}
		}
	}
	return out, gen, nil
}

// prepareTimers checks the candidates with the guest's systemd-analyze and
// applies the generators' budgets.
func (e *env) prepareTimers(r *plan.Recording) (*sdTimers, error) {
	cands, gen, err := timerCandidates(r)
	if err != nil {
		return nil, err
	}
	root := e.guestFile(r.Guest, "rootfs")
	if _, err := os.Stat(filepath.Join(root, "usr/bin/systemd-analyze")); err != nil {
		return nil, fmt.Errorf("no %s root: run qemu-harness/build-systemd.sh", r.Guest)
	}
	iters := 2
	for _, g := range r.TimerGenerators {
		iters = max(iters, g.PerLine+1)
	}
	iters = min(iters, 2000)
	uniq := map[string]*calResult{}
	var todo []string
	for _, c := range cands {
		if _, ok := uniq[c.Spec]; !ok {
			uniq[c.Spec] = nil
			todo = append(todo, c.Spec)
		}
	}
	for i := 0; i < len(todo); i += 100 {
		batch := todo[i:min(i+100, len(todo))]
		res, err := sdanalyze.Run(root, r.TZ, r.RTC, iters, batch, readCalendar)
		if err != nil {
			return nil, fmt.Errorf("%s: systemd-analyze: %v", r.Name, err)
		}
		for j, s := range batch {
			uniq[s] = res[j]
		}
	}
	sd := &sdTimers{root: root}
	used := make([]int, len(r.TimerGenerators))
	for i, c := range cands {
		res := uniq[c.Spec]
		if res.err != "" {
			if gen[i] < 0 {
				return nil, fmt.Errorf("%s: systemd-analyze rejects %q: %s", r.Name, c.Spec, res.err)
			}
			sd.rejected = append(sd.rejected, c.Spec)
			continue
		}
		n := 0
		for _, t := range res.next {
			if t.Before(r.End) {
				n++
			}
		}
		if gen[i] >= 0 {
			g := r.TimerGenerators[gen[i]]
			if n > g.PerLine || (g.Budget > 0 && used[gen[i]]+n > g.Budget) {
				continue
			}
			used[gen[i]] += n
		}
		sd.lines = append(sd.lines, c)
		sd.norm = append(sd.norm, res.norm)
		sd.est = append(sd.est, n)
	}
	if len(sd.lines) == 0 {
		return nil, fmt.Errorf("%s: no timers", r.Name)
	}
	return sd, nil
}

type calResult struct {
	err  string
	norm string
	next []time.Time
}

// readCalendar keeps what the recorder needs of a spec's table: the
// error, the normalised form, and the elapses (the "(in UTC)" lines, which
// count them; the zones' local forms are not needed).
func readCalendar(spec string, t sdanalyze.Table) (*calResult, error) {
	res := &calResult{err: t.Err}
	for _, f := range t.Fields {
		switch f.Key {
		case "Normalized form":
			res.norm = f.Value
		case "(in UTC)":
			tm, err := time.Parse("Mon 2006-01-02 15:04:05 MST", f.Value)
			if err != nil {
				return nil, fmt.Errorf("spec %q: time %q", spec, f.Value)
			}
			res.next = append(res.next, tm.UTC())
		}
	}
	return res, nil
}

// usec reads the simple systemd time spans the plans use ("1us", "30s",
// "1min", "2h", "0"); "" is def.
func usec(s string, def int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	units := []struct {
		suf string
		mul int64
	}{{"us", 1}, {"ms", 1000}, {"min", 60e6}, {"s", 1e6}, {"h", 3600e6}}
	for _, u := range units {
		if n, ok := strings.CutSuffix(s, u.suf); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err != nil {
				return 0, fmt.Errorf("time span %q", s)
			}
			return v * u.mul, nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 64) // plain seconds
	if err != nil {
		return 0, fmt.Errorf("time span %q", s)
	}
	return v * 1e6, nil
}

type jsonTimerLine struct {
	Expr               string   `json:"expr"`
	Normalized         string   `json:"normalized"`
	AccuracySec        string   `json:"accuracy_sec,omitempty"`
	AccuracyUS         int64    `json:"accuracy_us"`
	RandomizedDelaySec string   `json:"randomized_delay_sec,omitempty"`
	RandomizedDelayUS  int64    `json:"randomized_delay_us"`
	Persistent         bool     `json:"persistent"`
	Runs               []string `json:"runs"`
}

const methodSystemd = "QEMU TCG with -icount shift=0,align=off,sleep=off; a Go PID 1 sets the zone (the guest's tzdata), starts an agent and execs the guest's systemd as PID 1 into cronsim.target (DefaultDependencies=no throughout: no journald, udev or getty), which wants one timer per line (cronsim-jNNNN.timer: OnCalendar= the line's expr, AccuracySec=, RandomizedDelaySec=, Persistent= as in the line, Unit=cronsim@jNNNN.service); the service (Type=oneshot) runs the guest init as `stamp jNNNN`, which reads CLOCK_REALTIME first thing and writes it to the serial console: a run is that reading, a few guest milliseconds after systemd fired the timer; the agent makes the clock sets with settimeofday and the timer stops with `systemctl stop|start cronsim.target` (every timer is PartOf= it); every spec was checked before booting with the guest root's own `systemd-analyze calendar` (normalized is its form)"

func (e *env) writeTimers(r *plan.Recording, sd *sdTimers, res *vmResult, wall time.Duration) (string, error) {
	if res.active != len(sd.lines) {
		return "", fmt.Errorf("%d of %d timers active", res.active, len(sd.lines))
	}
	c, err := checkConsole(res, r, len(sd.lines), len(r.TimerStops), "timer stop")
	if err != nil {
		return "", err
	}
	type jsonStamp struct {
		Unit  string `json:"unit"`
		MTime string `json:"mtime"`
	}
	stamps := []jsonStamp{}
	for _, s := range res.stamps {
		stamps = append(stamps, jsonStamp{s.msg, rfc(s.ns)})
	}
	sort.Slice(stamps, func(i, j int) bool { return stamps[i].Unit < stamps[j].Unit })
	type jsonBoot struct {
		Start  string      `json:"start"`
		End    string      `json:"end"`
		Stamps []jsonStamp `json:"persistent_stamps"`
	}
	var boots []jsonBoot
	for _, b := range res.boots {
		jb := jsonBoot{Start: rfc(b.start), End: rfc(b.end), Stamps: []jsonStamp{}}
		for _, s := range b.stamps {
			jb.Stamps = append(jb.Stamps, jsonStamp{s.msg, rfc(s.ns)})
		}
		boots = append(boots, jb)
	}
	planPath, made := madeBy(e, r)
	suite := strings.TrimPrefix(r.Guest, "systemd-")
	head := slices.Concat(
		[]headField{{"daemon", "systemd"}, {"systemd", res.versions["systemd"]}},
		clockFields(r, res, c),
		[]headField{
			{"timer_stops", c.spans},
			{"made_by", made},
			{"guest", "Debian " + suite + " with systemd as PID 1"},
		},
		sourceFields(e, r, res, planPath),
		[]headField{
			{"timer_generators", r.TimerGenerators},
			{"rejected_by_systemd_analyze", append([]string{}, sd.rejected...)},
			{"method", methodSystemd},
		},
		hostFields(res, wall),
		[]headField{
			{"timers_active", res.active},
			{"persistent_stamps", stamps},
			{"boots", boots},
			{"daemon_log", daemonLog(res.logs)},
		},
	)
	if len(boots) == 0 {
		head = slices.DeleteFunc(head, func(f headField) bool { return f.k == "boots" })
	}
	out := make([]any, len(sd.lines))
	for i, l := range sd.lines {
		acc, err := usec(l.AccuracySec, 60e6)
		if err != nil {
			return "", err
		}
		rd, err := usec(l.RandomizedDelaySec, 0)
		if err != nil {
			return "", err
		}
		out[i] = jsonTimerLine{l.Spec, sd.norm[i], l.AccuracySec, acc, l.RandomizedDelaySec, rd, l.Persistent, c.runs[i]}
	}
	dst := filepath.Join(*flagOut, r.Name+".json")
	if err := writeCorpusFile(dst, head, out); err != nil {
		return "", err
	}
	s := fmt.Sprintf("%s: %s, %d timers (%d rejected), %d runs, systemd %s, tzdata %s, %s..%s, wall %.0fs", r.Name, dst,
		len(sd.lines), len(sd.rejected), len(res.runs), res.versions["systemd"], res.versions["tzdata"], rfc(res.start), rfc(res.end), wall.Seconds())
	logf("%s", s)
	return s, nil
}

// genCalendar writes OnCalendar= specifications aimed at the local hours,
// minutes and dates of a window, over systemd's grammar: weekdays (short,
// long, any case; lists and ranges), dates (fixed, wildcards, lists,
// ranges, repetitions, "~" from the month's end), times (lists, ranges,
// repetitions, seconds and fractions), shorthands and trailing zones.
// systemd-analyze decides afterwards what is valid and how often it runs.
func genCalendar(g *plan.TimerGen, tz string) []string {
	rng := rand.New(rand.NewPCG(g.Seed, 0x5d))
	pick := func(n int) int { return rng.IntN(n) }
	hours, minutes := g.Hours, g.Minutes
	if len(hours) == 0 {
		hours = []int{0}
	}
	if len(minutes) == 0 {
		minutes = []int{0, 30}
	}
	var dates []time.Time
	for _, d := range g.Dates {
		if t, err := time.Parse("2006-01-02", d); err == nil {
			dates = append(dates, t)
		}
	}
	if len(dates) == 0 {
		dates = []time.Time{time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
	two := func(n int) string {
		if pick(4) == 0 {
			return strconv.Itoa(n)
		}
		return fmt.Sprintf("%02d", n)
	}
	day := func() time.Time { return dates[pick(len(dates))] }
	wdNames := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	wdLong := []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	wd := func(i int) string {
		i = (i%7 + 7) % 7
		switch pick(4) {
		case 0:
			return wdLong[i]
		case 1:
			return strings.ToLower(wdNames[i])
		default:
			return wdNames[i]
		}
	}
	weekday := func() string {
		w := int(day().Weekday())
		switch pick(6) {
		case 0:
			return wd(w)
		case 1:
			return wd(w-1) + ".." + wd(w+1)
		case 2:
			return wd(w) + "," + wd(w+2)
		case 3:
			return "Mon..Fri"
		case 4:
			return "Sat,Sun"
		default:
			return wd(w+3) + ".." + wd(w+5) // may not contain the day
		}
	}
	date := func() string {
		d := day()
		switch pick(12) {
		case 0:
			return "*-*-*"
		case 1:
			return d.Format("2006-01-02")
		case 2:
			return fmt.Sprintf("*-%s-%s", two(int(d.Month())), two(d.Day()))
		case 3:
			return fmt.Sprintf("*-*-%s", two(d.Day()))
		case 4:
			return fmt.Sprintf("*-*-%d/2", 1+pick(2))
		case 5:
			return fmt.Sprintf("*-%02d-%02d..%02d", int(d.Month()), max(1, d.Day()-pick(5)), min(28, d.Day()+pick(5)))
		case 6:
			last := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
			return fmt.Sprintf("*-*~%02d", last-d.Day()+1)
		case 7:
			return fmt.Sprintf("*-*-%02d,%02d", d.Day(), min(31, d.Day()+1))
		case 8:
			return fmt.Sprintf("%d-*-*", d.Year())
		case 9:
			return fmt.Sprintf("*-%d-*", int(d.Month()))
		case 10:
			return fmt.Sprintf("*-*-%02d..%02d", max(1, d.Day()-1), min(31, d.Day()+1))
		default:
			return fmt.Sprintf("%d..%d-%02d-*", d.Year()-1, d.Year()+1, int(d.Month()))
		}
	}
	hour := func() string {
		h := hours[pick(len(hours))]
		switch pick(10) {
		case 0, 1, 2, 3:
			return two(h)
		case 4:
			return fmt.Sprintf("%02d,%02d", h, (h+1)%24)
		case 5:
			return fmt.Sprintf("%02d..%02d", h, min(23, h+1+pick(2)))
		case 6:
			return "*"
		case 7:
			return fmt.Sprintf("%02d/%d", h%(2+pick(3)), 2+pick(3))
		case 8:
			return fmt.Sprintf("%d/1", h)
		default:
			return fmt.Sprintf("%02d,%02d", max(0, h-1), h)
		}
	}
	minute := func() string {
		m := minutes[pick(len(minutes))]
		switch pick(10) {
		case 0, 1, 2, 3:
			return two(m)
		case 4:
			return fmt.Sprintf("%02d,%02d", m, (m+15)%60)
		case 5:
			return fmt.Sprintf("%d/%d", m%15, []int{10, 15, 20, 30}[pick(4)])
		case 6:
			return fmt.Sprintf("%02d..%02d", m, min(59, m+2+pick(5)))
		case 7:
			return "*"
		case 8:
			return fmt.Sprintf("00/%d", []int{15, 20, 30}[pick(3)])
		default:
			return fmt.Sprintf("%02d", (m+1+pick(58))%60)
		}
	}
	second := func() string {
		switch pick(8) {
		case 0:
			return ":00"
		case 1:
			return fmt.Sprintf(":%02d", pick(60))
		case 2:
			return fmt.Sprintf(":%02d.%d", pick(60), 1+pick(9))
		case 3:
			return ":0/30"
		case 4:
			return ":15,45"
		default:
			return ""
		}
	}
	shorthands := []string{"minutely", "hourly", "daily", "weekly", "monthly", "quarterly", "semiannually", "yearly", "annually"}
	zones := append([]string{"UTC", tz}, g.Zones...)
	seen := map[string]bool{}
	var out []string
	for tries := 0; len(out) < g.Count && tries < 50*g.Count; tries++ {
		var s string
		if pick(20) == 0 {
			s = shorthands[pick(len(shorthands))]
			if pick(2) == 0 {
				s = strings.ToUpper(s[:1]) + s[1:]
			}
		} else {
			var parts []string
			if pick(10) < 3 {
				parts = append(parts, weekday())
			}
			if pick(10) < 6 {
				parts = append(parts, date())
			}
			parts = append(parts, hour()+":"+minute()+second())
			s = strings.Join(parts, " ")
		}
		if pick(10) < 2 {
			s += " " + zones[pick(len(zones))]
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
