// Command kubernetes drives the CronJob controller of a pinned
// Kubernetes release (k8s.io/kubernetes pkg/controller/cronjob,
// ControllerV2) over planned scenarios on a clock of its own, with a fake
// clientset, and writes what the controller did as conformance corpus
// files ("daemon": "kubernetes-cronjob").
//
// Run it with run.sh (it adds the hook that sets the controller's clock):
//
//	cd conformance/drivers/kubernetes && ./run.sh -out ../../driven
//
// The files are driven from the controller's code, not recorded from a
// cluster: the driver plays the parts of the API server (a fake
// clientset), the informers (it refreshes the listers before each sync
// and enqueues the CronJob after every change a watch would report), the
// work queue (timers on elapsed time, as client-go's delaying queue
// measures them) and the Job controller (a Job completes after the
// scenario's duration).
package main

import (
	"container/heap"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/controller/cronjob"
)

// release is the pinned Kubernetes release (go.mod).
const release = "v1.34.2"

// A scenario is one corpus file: one controller, one CronJob per line.
type scenario struct {
	Name     string
	TZ       string // .spec.timeZone
	Start    time.Time
	Hours    float64 // window length
	Clock    []clockSet
	Pauses   []span // controller outages
	Suspend  []span // .spec.suspend true
	Deadline *int64 // .spec.startingDeadlineSeconds
	Policy   batchv1.ConcurrencyPolicy
	Duration float64 // job duration, seconds (0: completes at once)
	Seed     uint64
	Count    int      // generated lines
	Hot      []int    // hours the generator favours
	Fixed    []string // literal lines first
}

type clockSet struct {
	At time.Time `json:"at"`
	To time.Time `json:"to"`
}

type span struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

type line struct {
	Expr string      `json:"expr"`
	Runs []time.Time `json:"runs"`
}

type file struct {
	Daemon     string     `json:"daemon"`
	Cron       string     `json:"cron"`
	Tzdata     string     `json:"tzdata"`
	TZ         string     `json:"tz"`
	Start      time.Time  `json:"start"`
	End        time.Time  `json:"end"`
	Clock      []clockSet `json:"clock"`
	Pauses     []span     `json:"pauses,omitempty"`
	Suspend    []span     `json:"suspend,omitempty"`
	Deadline   *int64     `json:"starting_deadline_seconds,omitempty"`
	Policy     string     `json:"concurrency_policy"`
	JobDur     *float64   `json:"job_duration_s,omitempty"`
	MadeBy     string     `json:"made_by"`
	Controller string     `json:"controller"`
	Method     string     `json:"method"`
	Entry      string     `json:"entry"`
	Generator  any        `json:"generator,omitempty"`
	TotalRuns  int        `json:"total_runs"`
	Lines      []line     `json:"lines"`
}

const method = "driven, not recorded: the controller's own reconcile (ControllerV2.sync of pkg/controller/cronjob, built from the pinned release with a hook that only replaces its clock) run by a discrete-event driver: a fake clientset for the API server, listers refreshed before each sync, the CronJob enqueued at once after each change a watch would report (its status, its Jobs), requeues on elapsed time as client-go's delaying queue, a Job completed job_duration_s after its creation; clock sets move the controller's wall clock only; a pause is a controller outage (no syncs, timers lost, every CronJob enqueued at restart); suspend spans set .spec.suspend; runs are the controller clock's time when each Job was created"

func main() {
	out := flag.String("out", ".", "directory for the corpus files")
	only := flag.String("only", "", "drive only the scenario of this name")
	flag.Parse()
	klog.SetOutput(os.Stderr)
	klog.LogToStderr(false)
	tzdata := tzdataVersion()
	distinct := map[string]bool{}
	files := 0
	for _, sc := range scenarios() {
		if *only != "" && sc.Name != *only {
			continue
		}
		f, err := drive(sc)
		if err != nil {
			log.Fatalf("%s: %v", sc.Name, err)
		}
		f.Tzdata = tzdata
		for _, l := range f.Lines {
			distinct[l.Expr] = true
		}
		b, err := json.MarshalIndent(f, "", " ")
		if err != nil {
			log.Fatal(err)
		}
		b = compact(b)
		path := filepath.Join(*out, "k8s-"+sc.Name+".json")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			log.Fatal(err)
		}
		files++
		log.Printf("%s: %d lines, %d runs", path, len(f.Lines), f.TotalRuns)
	}
	log.Printf("%d files, %d distinct schedules", files, len(distinct))
}

// compact puts each line's object on one line, as the recorder's files.
func compact(b []byte) []byte {
	var f struct {
		Lines []json.RawMessage `json:"lines"`
	}
	var head map[string]json.RawMessage
	if json.Unmarshal(b, &head) != nil || json.Unmarshal(b, &f) != nil {
		return b
	}
	i := strings.Index(string(b), "\n \"lines\": [")
	if i < 0 {
		return b
	}
	var sb strings.Builder
	sb.Write(b[:i])
	sb.WriteString("\n \"lines\": [\n")
	for k, l := range f.Lines {
		var v any
		_ = json.Unmarshal(l, &v)
		one, _ := json.Marshal(v)
		// keep expr first
		var ln line
		_ = json.Unmarshal(l, &ln)
		one, _ = json.Marshal(ln)
		sb.WriteString("  ")
		sb.Write(one)
		if k < len(f.Lines)-1 {
			sb.WriteString(",")
		}
		sb.WriteString("\n")
	}
	sb.WriteString(" ]\n}\n")
	return []byte(sb.String())
}

func tzdataVersion() string {
	b, err := os.ReadFile("/usr/share/zoneinfo/tzdata.zi")
	if err == nil {
		first, _, _ := strings.Cut(string(b), "\n")
		if v, ok := strings.CutPrefix(first, "# version "); ok {
			return v + " (system zoneinfo)"
		}
	}
	return "unknown"
}

// An event of the driver's queue, on elapsed time.
type event struct {
	at   time.Duration
	seq  int
	kind int // evSync, evJobDone, evSuspend, evResume
	key  string
	job  string
	val  bool
}

const (
	evSync = iota
	evJobDone
	evSuspend
	evRestart
)

type queue []event

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *queue) Push(x any)   { *q = append(*q, x.(event)) }
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	*q = old[:len(old)-1]
	return e
}

// clock maps elapsed time to the controller's wall clock.
type clock struct {
	start time.Time
	sets  []clockSet // in order
	el    time.Duration
}

// wall is the wall clock at elapsed e: start+e, moved by every set made
// at or before e.
func (c *clock) wall(e time.Duration) time.Time {
	w := c.start.Add(e)
	for _, s := range c.sets {
		if !w.Before(s.At) {
			w = s.To.Add(w.Sub(s.At))
		} else {
			break
		}
	}
	return w
}

// elapsed is the first elapsed time whose wall time is w, after after.
// Used for wall-time plans (pauses, suspends, the end), which are stated
// in the wall time before any later set.
func (c *clock) elapsed(w time.Time) time.Duration {
	e := w.Sub(c.start)
	for _, s := range c.sets {
		if w.After(s.At) || w.Equal(s.At) {
			e -= s.To.Sub(s.At)
		}
	}
	return e
}

func drive(sc scenario) (*file, error) {
	ctx := context.Background()
	end := sc.Start.Add(time.Duration(sc.Hours * float64(time.Hour)))
	exprs, gen := expressions(sc)
	clk := &clock{start: sc.Start, sets: sc.Clock}
	client := fake.NewSimpleClientset()
	uid := 0
	client.PrependReactor("create", "jobs", func(a k8stesting.Action) (bool, runtime.Object, error) {
		j := a.(k8stesting.CreateAction).GetObject().(*batchv1.Job)
		uid++
		j.UID = types.UID(fmt.Sprintf("job-%d", uid))
		return false, nil, nil
	})
	factory := informers.NewSharedInformerFactory(client, 0)
	jobInf := factory.Batch().V1().Jobs()
	cjInf := factory.Batch().V1().CronJobs()
	ctl, err := cronjob.NewCronsimController(ctx, jobInf, cjInf, client, func() time.Time { return clk.wall(clk.el) })
	if err != nil {
		return nil, err
	}
	defer ctl.Shutdown()

	lines := make([]line, len(exprs))
	var q queue
	seq := 0
	push := func(e event) {
		seq++
		e.seq = seq
		heap.Push(&q, e)
	}
	keys := make([]string, len(exprs))
	for i, ex := range exprs {
		ns := fmt.Sprintf("l%04d", i)
		cj := &batchv1.CronJob{
			ObjectMeta: metav1.ObjectMeta{
				Name: "cj", Namespace: ns, UID: types.UID("cj-" + ns),
				CreationTimestamp: metav1.Time{Time: sc.Start},
			},
			Spec: batchv1.CronJobSpec{
				Schedule:                ex,
				TimeZone:                &sc.TZ,
				StartingDeadlineSeconds: sc.Deadline,
				ConcurrencyPolicy:       sc.Policy,
				Suspend:                 new(bool),
				JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{
					Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "c", Image: "busybox"}}},
				}}},
			},
		}
		if _, err := client.BatchV1().CronJobs(ns).Create(ctx, cj, metav1.CreateOptions{}); err != nil {
			return nil, err
		}
		keys[i] = ns + "/cj"
		lines[i].Expr = ex
		lines[i].Runs = []time.Time{}
		// the informer's initial list: AddFunc enqueues every CronJob
		push(event{at: 0, kind: evSync, key: keys[i]})
	}
	for _, s := range sc.Suspend {
		for _, k := range keys {
			push(event{at: clk.elapsed(s.From), kind: evSuspend, key: k, val: true})
			push(event{at: clk.elapsed(s.To), kind: evSuspend, key: k, val: false})
		}
	}
	type outage struct{ from, to time.Duration }
	var outages []outage
	for _, p := range sc.Pauses {
		o := outage{clk.elapsed(p.From), clk.elapsed(p.To)}
		outages = append(outages, o)
		push(event{at: o.to, kind: evRestart})
	}
	down := func(e time.Duration) bool {
		for _, o := range outages {
			if e >= o.from && e < o.to {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	jobIndexer := jobInf.Informer().GetIndexer()
	cjIndexer := cjInf.Informer().GetIndexer()
	refresh := func(ns string) error {
		cj, err := client.BatchV1().CronJobs(ns).Get(ctx, "cj", metav1.GetOptions{})
		if err != nil {
			return err
		}
		if err := cjIndexer.Update(cj); err != nil {
			return err
		}
		old, _ := jobIndexer.ByIndex("namespace", ns)
		for _, o := range old {
			_ = jobIndexer.Delete(o)
		}
		list, err := client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		for i := range list.Items {
			if err := jobIndexer.Add(&list.Items[i]); err != nil {
				return err
			}
		}
		return nil
	}
	// state a watch would report: CronJob resourceVersion and job names
	version := func(ns string) string {
		cj, _ := client.BatchV1().CronJobs(ns).Get(ctx, "cj", metav1.GetOptions{})
		list, _ := client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		var names []string
		for _, j := range list.Items {
			names = append(names, j.Name+"/"+j.ResourceVersion)
		}
		sort.Strings(names)
		return cj.ResourceVersion + "|" + strings.Join(names, ",")
	}
	endEl := clk.elapsed(end)
	syncs := 0
	pendingNow := map[string]time.Duration{} // immediate syncs queued, dedup like the work queue
	for q.Len() > 0 {
		ev := heap.Pop(&q).(event)
		if ev.at > endEl {
			break
		}
		clk.el = ev.at
		idx := 0
		ns := ""
		if ev.key != "" {
			ns, _, _ = strings.Cut(ev.key, "/")
			fmt.Sscanf(ns, "l%04d", &idx)
		}
		switch ev.kind {
		case evRestart:
			// kube-controller-manager starts again: the informers list
			// every CronJob, each is enqueued at once.
			for _, k := range keys {
				push(event{at: ev.at, kind: evSync, key: k})
			}
			continue
		case evJobDone:
			j, err := client.BatchV1().Jobs(ns).Get(ctx, ev.job, metav1.GetOptions{})
			if err != nil {
				continue // deleted (Replace)
			}
			now := metav1.NewTime(clk.wall(ev.at))
			j.Status.CompletionTime = &now
			j.Status.Conditions = append(j.Status.Conditions,
				batchv1.JobCondition{Type: batchv1.JobSuccessCriteriaMet, Status: corev1.ConditionTrue, LastTransitionTime: now},
				batchv1.JobCondition{Type: batchv1.JobComplete, Status: corev1.ConditionTrue, LastTransitionTime: now})
			bumpRV(j)
			if _, err := client.BatchV1().Jobs(ns).UpdateStatus(ctx, j, metav1.UpdateOptions{}); err != nil {
				return nil, err
			}
			if !down(ev.at) {
				push(event{at: ev.at, kind: evSync, key: ev.key})
			}
			continue
		case evSuspend:
			cj, err := client.BatchV1().CronJobs(ns).Get(ctx, "cj", metav1.GetOptions{})
			if err != nil {
				return nil, err
			}
			v := ev.val
			cj.Spec.Suspend = &v
			bumpRV(cj)
			if _, err := client.BatchV1().CronJobs(ns).Update(ctx, cj, metav1.UpdateOptions{}); err != nil {
				return nil, err
			}
			// updateCronJob: the schedule did not change, enqueue now
			if !down(ev.at) {
				push(event{at: ev.at, kind: evSync, key: ev.key})
			}
			continue
		}
		// evSync
		if down(ev.at) {
			continue // the outage lost the timer; the restart enqueues
		}
		if t, ok := pendingNow[ev.key]; ok && t == ev.at {
			continue
		}
		pendingNow[ev.key] = ev.at
		if err := refresh(ns); err != nil {
			return nil, err
		}
		before := version(ns)
		requeue, err := ctl.Sync(ctx, ev.key)
		syncs++
		if syncs > 5_000_000 {
			return nil, fmt.Errorf("too many syncs")
		}
		if err != nil {
			// processNextWorkItem: AddRateLimited (5 ms first)
			push(event{at: ev.at + 5*time.Millisecond, kind: evSync, key: ev.key})
			continue
		}
		list, err := client.BatchV1().Jobs(ns).List(ctx, metav1.ListOptions{})
		if err != nil {
			return nil, err
		}
		for i := range list.Items {
			j := &list.Items[i]
			if seen[ns+"/"+j.Name] {
				continue
			}
			seen[ns+"/"+j.Name] = true
			lines[idx].Runs = append(lines[idx].Runs, clk.wall(ev.at))
			done := ev.at + time.Duration(sc.Duration*float64(time.Second))
			push(event{at: done, kind: evJobDone, key: ev.key, job: j.Name})
		}
		if requeue != nil {
			d := *requeue
			if d < 0 {
				d = 0
			}
			push(event{at: ev.at + d, kind: evSync, key: ev.key})
		}
		if version(ns) != before {
			// the watch reports the change: updateCronJob or
			// addJob/deleteJob enqueue the CronJob at once
			delete(pendingNow, ev.key)
			push(event{at: ev.at + time.Millisecond, kind: evSync, key: ev.key})
		}
	}
	f := &file{
		Daemon: "kubernetes-cronjob", Cron: "kubernetes " + release,
		TZ: sc.TZ, Start: sc.Start, End: end, Clock: sc.Clock, Pauses: sc.Pauses,
		Suspend: sc.Suspend, Deadline: sc.Deadline, Policy: string(sc.Policy),
		MadeBy:     "cd conformance/drivers/kubernetes && ./run.sh -only " + sc.Name + " -out ../../driven",
		Controller: "k8s.io/kubernetes " + release + " pkg/controller/cronjob (ControllerV2.sync), k8s.io/client-go " + strings.Replace(release, "v1.", "v0.", 1) + " fake clientset",
		Method:     method,
		Entry:      sc.Name,
		Generator:  gen,
		Lines:      lines,
	}
	if sc.Duration > 0 {
		d := sc.Duration
		f.JobDur = &d
	}
	for _, l := range lines {
		f.TotalRuns += len(l.Runs)
	}
	return f, nil
}

var rvCounter = 1000

// bumpRV gives an object the new resourceVersion the API server would.
func bumpRV(o metav1.Object) {
	rvCounter++
	o.SetResourceVersion(fmt.Sprint(rvCounter))
}

// expressions gives the scenario's lines: its literal ones, then
// generated ones that robfig/cron's ParseStandard (the controller's
// parser) accepts, each distinct.
func expressions(sc scenario) ([]string, any) {
	seen := map[string]bool{}
	var out []string
	add := func(e string) bool {
		if seen[e] {
			return false
		}
		if _, err := cron.ParseStandard("TZ=" + sc.TZ + " " + e); err != nil {
			return false
		}
		seen[e] = true
		out = append(out, e)
		return true
	}
	for _, e := range sc.Fixed {
		if !add(e) {
			log.Fatalf("%s: literal line %q rejected or repeated", sc.Name, e)
		}
	}
	r := rand.New(rand.NewPCG(sc.Seed, 24))
	for n := 0; n < sc.Count; {
		if add(genExpr(r, sc.Hot)) {
			n++
		}
	}
	return out, map[string]any{"name": "k8s-v1", "seed": sc.Seed, "count": sc.Count, "hours": sc.Hot}
}

var monthNames = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}
var dayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func genExpr(r *rand.Rand, hot []int) string {
	switch r.IntN(40) {
	case 0:
		return []string{"@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually"}[r.IntN(7)]
	case 1:
		return fmt.Sprintf("@every %s", []string{"1h", "90m", "45m", "2h30m", "3h", "25m", "1h1m", "6h", "7m"}[r.IntN(9)])
	}
	minute := genField(r, 0, 59, nil, 3)
	var hour string
	if r.IntN(4) > 0 && len(hot) > 0 {
		// favour the hours around the scenario's events
		var parts []string
		for k := 0; k < 1+r.IntN(2); k++ {
			h := hot[r.IntN(len(hot))]
			switch r.IntN(4) {
			case 0:
				parts = append(parts, fmt.Sprintf("%d-%d", h, min(23, h+r.IntN(3))))
			default:
				parts = append(parts, fmt.Sprint(h))
			}
		}
		hour = strings.Join(parts, ",")
	} else {
		hour = genField(r, 0, 23, nil, 2)
	}
	dom, dow := "*", "*"
	switch r.IntN(8) {
	case 0:
		dom = genField(r, 1, 31, nil, 1)
	case 1:
		dow = genField(r, 0, 6, dayNames, 1)
	case 2:
		dom = "?"
	case 3:
		dow = "?"
	case 4:
		dom = genField(r, 1, 31, nil, 1)
		dow = genField(r, 0, 6, dayNames, 1)
	}
	month := "*"
	if r.IntN(6) == 0 {
		month = genField(r, 1, 12, monthNames, 1)
	}
	return strings.Join([]string{minute, hour, dom, month, dow}, " ")
}

// genField writes a robfig field: *, */s, n, a-b, a-b/s, a/s, lists.
func genField(r *rand.Rand, lo, hi int, names []string, sparse int) string {
	val := func() string {
		v := lo + r.IntN(hi-lo+1)
		if names != nil && r.IntN(3) == 0 {
			n := names[v-lo]
			if r.IntN(2) == 0 {
				n = strings.ToUpper(n[:1]) + n[1:]
			}
			return n
		}
		return fmt.Sprint(v)
	}
	one := func() string {
		switch r.IntN(8 + sparse*2) {
		case 0:
			return "*"
		case 1:
			return fmt.Sprintf("*/%d", 1+r.IntN(hi-lo+1))
		case 2:
			a := lo + r.IntN(hi-lo+1)
			b := a + r.IntN(hi-a+1)
			return fmt.Sprintf("%d-%d", a, b)
		case 3:
			a := lo + r.IntN(hi-lo+1)
			b := a + r.IntN(hi-a+1)
			return fmt.Sprintf("%d-%d/%d", a, b, 1+r.IntN(hi-lo+1))
		case 4:
			return fmt.Sprintf("%d/%d", lo+r.IntN(hi-lo+1), 1+r.IntN(hi-lo+1))
		default:
			return val()
		}
	}
	n := 1
	if r.IntN(4) == 0 {
		n = 2 + r.IntN(2)
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = one()
	}
	return strings.Join(parts, ",")
}
