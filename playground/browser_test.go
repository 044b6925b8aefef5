package playground_test

import (
	"archive/zip"
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/cronsim-go/cronsim"
	"github.com/cronsim-go/cronsim/playground"
)

// browsers are the commands tried for a headless browser, after
// $CRONSIM_BROWSER. scripts/test.sh installs Debian's chromium.
var browsers = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

func findBrowser() string {
	if b := os.Getenv("CRONSIM_BROWSER"); b != "" {
		return b
	}
	for _, b := range browsers {
		if p, err := exec.LookPath(b); err == nil {
			return p
		}
	}
	return ""
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// TestBrowser loads the playground in a real headless browser, driven
// over the DevTools protocol: it types an expression and a zone, and
// compares the runs the page lists (and their notes) with the library's,
// across Dublin's spring and fall transitions; checks the error caret,
// the crontab pane, the state in the address, that the page requests
// nothing outside its site, keyboard reach and a phone-sized layout; and
// measures the page's size and its first render. The timeline picture is
// saved into the test's output directory (go test -artifacts -outputdir
// DIR keeps it), and to $CRONSIM_SCREENSHOT when set (how the README's
// picture is made). Without a browser it is skipped, except under CI
// (CI set), where that is a failure.
func TestBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" && os.Getenv("CI") != "" {
		t.Fatal("CI is set and no headless browser is installed: scripts/test.sh installs Debian's chromium; set CRONSIM_BROWSER to another Chromium-based browser")
	}
	if browser == "" {
		t.Skip("no headless browser found (tried $CRONSIM_BROWSER, " + strings.Join(browsers, ", ") + "): install Debian's chromium (apt-get install chromium; scripts/test.sh does) to run the playground's browser test")
	}
	if testing.Short() {
		t.Skip("-short: skipping the browser test")
	}
	site := t.TempDir()
	if err := playground.Build(site, logWriter{t}); err != nil {
		t.Fatal(err)
	}
	h, err := playground.Handler(site)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	page := launch(t, browser)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(page.call("Page.enable", nil, nil))
	must(page.call("Network.enable", nil, nil))
	must(page.call("Network.setCacheDisabled", map[string]any{"cacheDisabled": true}, nil))

	// A cold load: size and first render.
	must(page.call("Page.navigate", map[string]any{"url": srv.URL + "/"}, nil))
	must(page.waitFor("window.cronsimFirstRender", 60*time.Second))
	var m struct {
		First, FCP, DOMContentLoaded          float64
		Transfer, Encoded, Decoded, Resources float64
		Names                                 []string
	}
	must(page.eval(`(() => {
		const nav = performance.getEntriesByType("navigation")[0];
		const res = performance.getEntriesByType("resource");
		const all = [nav, ...res];
		const sum = (k) => all.reduce((a, e) => a + (e[k] || 0), 0);
		const fcp = performance.getEntriesByName("first-contentful-paint")[0];
		return {First: window.cronsimFirstRender, FCP: fcp ? fcp.startTime : 0, DOMContentLoaded: nav.domContentLoadedEventEnd,
			Transfer: sum("transferSize"), Encoded: sum("encodedBodySize"), Decoded: sum("decodedBodySize"),
			Resources: all.length, Names: all.map(e => e.name)};
	})()`, &m))
	t.Logf("page: %d resources, %.0f KB transferred (%.0f KB of bodies, %.0f KB uncompressed); first contentful paint %.0f ms, first render of results %.0f ms after navigation start",
		int(m.Resources), m.Transfer/1024, m.Encoded/1024, m.Decoded/1024, m.FCP, m.First)
	for _, name := range m.Names {
		if !strings.HasPrefix(name, srv.URL+"/") {
			t.Errorf("the page requested %s, outside its site", name)
		}
	}
	if m.Resources < 6 || m.Decoded < 1<<20 {
		t.Errorf("resource timing looks wrong: %+v", m)
	}

	// Type an expression and a zone; set the start.
	typeInto(t, page, "expr", "30 1 * * *")
	typeInto(t, page, "tz", "Europe/Dublin")
	must(page.eval(`(() => { const f = document.getElementById("from"); f.value = "2021-03-27T12:00"; f.dispatchEvent(new Event("input", {bubbles: true})); })()`, nil))
	waitState(t, page, map[string]string{"e": "30 1 * * *", "tz": "Europe/Dublin", "from": "2021-03-27T12:00"})
	spring := pageRuns(t, page)
	compareRuns(t, "spring", spring, "30 1 * * *", "Europe/Dublin", "2021-03-27T12:00:00Z", 10)
	if len(spring) == 0 || spring[0].Kind != "catchup" {
		t.Errorf("the first run should be a catch-up: %+v", spring)
	}
	var marks map[string]int
	must(page.eval(`(() => { const m = {}; for (const g of document.querySelectorAll("#timeline svg g.mark[data-kind]")) m[g.dataset.kind] = (m[g.dataset.kind] || 0) + 1; return m; })()`, &marks))
	if marks["catchup"] != 1 {
		t.Errorf("timeline marks %v: want one catch-up", marks)
	}
	png := screenshot(t, page, "#timeline svg")
	saveShot(t, "playground-timeline.png", png)
	if p := os.Getenv("CRONSIM_SCREENSHOT"); p != "" {
		must(os.WriteFile(p, png, 0o644))
		t.Logf("wrote %s (%d bytes)", p, len(png))
	}

	// The address holds the state: loading it elsewhere shows the same.
	var hash string
	must(page.eval(`location.hash`, &hash))
	must(page.call("Page.navigate", map[string]any{"url": srv.URL + "/?again" + hash}, nil))
	must(page.waitFor(`location.search === "?again" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	if diff := cmp.Diff(spring, pageRuns(t, page)); diff != "" {
		t.Errorf("the address %s did not reproduce the runs (-before +after):\n%s", hash, diff)
	}

	// Fall back, a wildcard job, from the address: runs twice.
	must(page.call("Page.navigate", map[string]any{"url": srv.URL + "/?fall#e=30+*+*+*+*&tz=Europe%2FDublin&from=2021-10-31T00:00&n=6"}, nil))
	must(page.waitFor(`location.search === "?fall" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	fall := pageRuns(t, page)
	compareRuns(t, "fall", fall, "30 * * * *", "Europe/Dublin", "2021-10-30T23:00:00Z", 6)
	must(page.eval(`(() => { const m = {}; for (const g of document.querySelectorAll("#timeline svg g.mark[data-kind]")) m[g.dataset.kind] = (m[g.dataset.kind] || 0) + 1; return m; })()`, &marks))
	if marks["repeat"] != 1 {
		t.Errorf("fall timeline marks %v: want one wildcard repeat", marks)
	}
	saveShot(t, "playground-timeline-fall.png", screenshot(t, page, "#timeline svg"))

	// An error gets its caret.
	typeInto(t, page, "expr", "30 1 * * 8")
	must(page.waitFor(`!document.getElementById("error").hidden`, 10*time.Second))
	var caret string
	must(page.eval(`document.getElementById("caret").textContent`, &caret))
	if caret != "30 1 * * 8\n         ^" {
		t.Errorf("caret = %q", caret)
	}

	// The crontab pane: check's findings per line.
	typeInto(t, page, "crontab", "MAILTO=root\n0 0 * * 8 /bin/true\n5;x * * * * echo mangled\n30 1 * * * /bin/backup")
	must(page.waitFor(`document.querySelectorAll("#findings li").length >= 2`, 10*time.Second))
	var findings []map[string]string
	must(page.eval(`[...document.querySelectorAll("#findings li")].map(li => ({line: li.dataset.line, kind: li.dataset.kind, text: li.textContent}))`, &findings))
	if len(findings) < 3 || findings[0]["line"] != "2" || findings[0]["kind"] != "rejected" || findings[1]["line"] != "3" || findings[1]["kind"] != "mangled" ||
		findings[2]["line"] != "4" || findings[2]["kind"] != "dst" || !strings.Contains(findings[0]["text"], "0 0 * * 8 /bin/true\n        ^") {
		t.Errorf("findings: %q", findings)
	}

	// Keyboard: every control has a label, and Tab reaches the crontab
	// pane from the expression.
	var labelled bool
	must(page.eval(`[...document.querySelectorAll("input, select, textarea")].every(e => e.labels && e.labels.length > 0)`, &labelled))
	if !labelled {
		t.Error("a form control has no label")
	}
	must(page.eval(`document.getElementById("expr").focus()`, nil))
	var seen []string
	for i := 0; i < 30; i++ {
		for _, typ := range []string{"keyDown", "keyUp"} {
			must(page.call("Input.dispatchKeyEvent", map[string]any{"type": typ, "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}, nil))
		}
		var id string
		must(page.eval(`document.activeElement ? document.activeElement.id : ""`, &id))
		if len(seen) == 0 || seen[len(seen)-1] != id {
			seen = append(seen, id)
		}
		if id == "crontab" {
			break
		}
	}
	if len(seen) == 0 || seen[len(seen)-1] != "crontab" || !strings.Contains(strings.Join(seen, " "), "tz") {
		t.Errorf("Tab from the expression went through %q, not reaching the zone and the crontab", seen)
	}

	// The daemon selector: BusyBox runs a fixed-time job twice in the
	// repeated hour, and the dialect no longer applies.
	must(page.call("Page.navigate", map[string]any{"url": srv.URL + "/?busybox#e=30+1+*+*+*&tz=Europe%2FDublin&from=2021-10-30T12:00&n=3&dm=busybox"}, nil))
	must(page.waitFor(`location.search === "?busybox" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	bb, err := cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect: cronsim.Debian}.Parse("30 1 * * *")
	must(err)
	compareDaemonRuns(t, "busybox", pageRuns(t, page), bb, "30 1 * * *", "Europe/Dublin", "2021-10-30T12:00:00Z", 3)
	var dialectOff bool
	must(page.eval(`document.getElementById("dialect").disabled`, &dialectOff))
	if !dialectOff {
		t.Error("the dialect selector stays enabled for BusyBox")
	}

	// A phone: nothing wider than the screen.
	must(page.call("Emulation.setDeviceMetricsOverride", map[string]any{"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": true}, nil))
	must(page.call("Page.navigate", map[string]any{"url": srv.URL + "/?phone#e=30+1+*+*+*&tz=Europe%2FDublin&from=2021-03-27T12:00"}, nil))
	must(page.waitFor(`location.search === "?phone" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	var widths struct{ Scroll, Client float64 }
	must(page.eval(`({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`, &widths))
	if widths.Scroll > widths.Client+1 {
		t.Errorf("on a 390 px wide phone the page is %v px wide", widths.Scroll)
	}
	saveShot(t, "playground-phone.png", screenshot(t, page, "main"))
}

// launch starts the browser headless and connects to its page.
func launch(t *testing.T, browser string) *cdp {
	t.Helper()
	profile := t.TempDir()
	args := []string{"--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
		"--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--window-size=1000,1400",
		"--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank"}
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		args = append([]string{"--no-sandbox"}, args...) // Chromium's sandbox refuses root
	}
	cmd := exec.Command(browser, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	browserWS := ""
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		// Browser.close ends the browser's helper processes too, before
		// the profile directory is removed; killing is the fallback.
		if ws, err := dialWS(browserWS); err == nil {
			c := newCDP(ws)
			c.call("Browser.close", nil, nil)
			ws.c.Close()
		}
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case browserWS = <-found:
	case <-time.After(60 * time.Second):
		t.Fatalf("%s did not start its DevTools endpoint within 60 s", browser)
	}
	host := strings.TrimPrefix(browserWS, "ws://")
	host = host[:strings.Index(host, "/")]
	var targets []struct{ Type, WebSocketDebuggerURL string }
	for i := 0; i < 50; i++ {
		resp, err := http.Get("http://" + host + "/json/list")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&targets)
			resp.Body.Close()
		}
		for _, tg := range targets {
			if tg.Type == "page" && tg.WebSocketDebuggerURL != "" {
				ws, err := dialWS(tg.WebSocketDebuggerURL)
				if err != nil {
					t.Fatal(err)
				}
				c := newCDP(ws)
				t.Cleanup(func() { ws.c.Close(); <-c.done })
				return c
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the browser has no page target")
	return nil
}

// typeInto focuses the element, selects its text and types over it, as
// a person at a keyboard would.
func typeInto(t *testing.T, page *cdp, id, text string) {
	t.Helper()
	if err := page.eval(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.focus(); e.select(); })()`, id), nil); err != nil {
		t.Fatal(err)
	}
	if err := page.call("Input.insertText", map[string]any{"text": text}, nil); err != nil {
		t.Fatal(err)
	}
}

// waitState waits until the page has rendered the state want (address
// parameters).
func waitState(t *testing.T, page *cdp, want map[string]string) {
	t.Helper()
	var conds []string
	for k, v := range want {
		conds = append(conds, fmt.Sprintf("p.get(%q) === %q", k, v))
	}
	cond := fmt.Sprintf(`(() => { const p = new URLSearchParams(location.hash.slice(1)); return %s && document.body.dataset.state === location.hash; })()`, strings.Join(conds, " && "))
	if err := page.waitFor(cond, 20*time.Second); err != nil {
		t.Fatal(err)
	}
}

type pageRun struct{ Time, Note, Kind string }

func pageRuns(t *testing.T, page *cdp) []pageRun {
	t.Helper()
	var runs []pageRun
	if err := page.eval(`[...document.querySelectorAll("#runs li[data-time]")].map(li => ({Time: li.dataset.time, Note: li.dataset.note, Kind: li.dataset.kind}))`, &runs); err != nil {
		t.Fatal(err)
	}
	return runs
}

// compareRuns holds the page's runs to the library's, computed here with
// the same tz database as the page's (the toolchain's zoneinfo.zip).
func compareRuns(t *testing.T, what string, got []pageRun, expr, zone, from string, n int) {
	t.Helper()
	compareDaemonRuns(t, what, got, cronsim.MustParse(expr), expr, zone, from, n)
}

func compareDaemonRuns(t *testing.T, what string, got []pageRun, s cronsim.Schedule, expr, zone, from string, n int) {
	t.Helper()
	loc := goZone(t, zone)
	start, err := time.Parse(time.RFC3339, from)
	if err != nil {
		t.Fatal(err)
	}
	var want []pageRun
	for r := range s.All(start.In(loc)) {
		want = append(want, pageRun{Time: r.Format(time.RFC3339), Note: s.Note(r)})
		if len(want) == n {
			break
		}
	}
	plain := make([]pageRun, len(got))
	for i, r := range got {
		plain[i] = pageRun{Time: r.Time, Note: r.Note}
	}
	if diff := cmp.Diff(want, plain); diff != "" {
		t.Errorf("%s: the page's runs of %q in %s from %s differ from the library's (-library +page):\n%s", what, expr, zone, from, diff)
	}
	noted := false
	for _, r := range want {
		noted = noted || r.Note != ""
	}
	if !noted {
		t.Errorf("%s: not a DST case: no run has a note", what)
	}
}

func goZone(t *testing.T, name string) *time.Location {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	r, err := zip.OpenReader(filepath.Join(strings.TrimSpace(string(out)), "lib", "time", "zoneinfo.zip"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, f := range r.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			loc, err := time.LoadLocationFromTZData(name, data)
			if err != nil {
				t.Fatal(err)
			}
			return loc
		}
	}
	t.Fatalf("no %s in the toolchain's zoneinfo.zip", name)
	return nil
}

// screenshot captures the element matched by selector as PNG.
func screenshot(t *testing.T, page *cdp, selector string) []byte {
	t.Helper()
	var rect struct{ X, Y, W, H float64 }
	if err := page.eval(fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; })()`, selector), &rect); err != nil {
		t.Fatal(err)
	}
	var shot struct{ Data string }
	err := page.call("Page.captureScreenshot", map[string]any{"format": "png", "captureBeyondViewport": true,
		"clip": map[string]any{"x": rect.X, "y": rect.Y, "width": rect.W, "height": rect.H, "scale": 1}}, &shot)
	if err != nil {
		t.Fatal(err)
	}
	png, err := base64.StdEncoding.DecodeString(shot.Data)
	if err != nil || len(png) < 1000 {
		t.Fatalf("screenshot of %s: %d bytes, %v", selector, len(png), err)
	}
	return png
}

func saveShot(t *testing.T, name string, png []byte) {
	t.Helper()
	p := filepath.Join(artifactDir(t), name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", p, len(png))
}
