package browsertest_test

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	must(page.run(call(network.Enable, network.EnableParams{}), call(network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})))

	// A cold load: size and first render.
	must(page.navigate(srv.URL + "/"))
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
	must(page.navigate(srv.URL + "/?again" + hash))
	must(page.waitFor(`location.search === "?again" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	if diff := cmp.Diff(spring, pageRuns(t, page)); diff != "" {
		t.Errorf("the address %s did not reproduce the runs (-before +after):\n%s", hash, diff)
	}

	// Fall back, a wildcard job, from the address: runs twice.
	must(page.navigate(srv.URL + "/?fall#e=30+*+*+*+*&tz=Europe%2FDublin&from=2021-10-31T00:00&n=6"))
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
		must(page.run(chromedp.KeyEvent(kb.Tab)))
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
	must(page.navigate(srv.URL + "/?busybox#e=30+1+*+*+*&tz=Europe%2FDublin&from=2021-10-30T12:00&n=3&dm=busybox"))
	must(page.waitFor(`location.search === "?busybox" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	bb, err := cronsim.ParseOptions{Daemon: cronsim.BusyBox, Dialect: cronsim.Debian}.Parse("30 1 * * *")
	must(err)
	compareDaemonRuns(t, "busybox", pageRuns(t, page), bb, "30 1 * * *", "Europe/Dublin", "2021-10-30T12:00:00Z", 3)
	var dialectOff bool
	must(page.eval(`document.getElementById("dialect").disabled`, &dialectOff))
	if !dialectOff {
		t.Error("the dialect selector stays enabled for BusyBox")
	}

	// The daemon's name wherever the page speaks of it.
	var named struct {
		Names        []string
		Header, Pane string
		DialectWhere string
	}
	must(page.eval(`({Names: [...document.querySelectorAll(".daemonname")].map(n => n.textContent),
		Header: document.querySelector("header").textContent, Pane: document.querySelector("label[for=crontab]").textContent,
		DialectWhere: document.getElementById("dialectwhere").textContent})`, &named))
	for _, n := range named.Names {
		if n != "BusyBox crond" {
			t.Errorf("with BusyBox chosen the page names the daemon %q", n)
		}
	}
	if len(named.Names) < 2 || strings.Contains(named.Header, "Debian's cron") || strings.Contains(named.Pane, "Debian's cron") {
		t.Errorf("with BusyBox chosen the page still speaks of Debian's cron: %q / %q", named.Header, named.Pane)
	}

	// The daemon menu is the library's daemon table: systemd timers and
	// Kubernetes CronJobs are offered.
	var menu []string
	must(page.eval(`[...document.getElementById("daemon").options].map(o => o.value)`, &menu))
	if diff := cmp.Diff([]string{"debian", "cronie", "busybox", "systemd", "kubernetes"}, menu); diff != "" {
		t.Errorf("daemon menu (-want +got):\n%s", diff)
	}

	// A Kubernetes CronJob in its .spec.timeZone: two runs in New York's
	// repeated hour (kubernetes/kubernetes#121594).
	must(page.navigate(srv.URL + "/?k8s#e=30+1+*+*+*&tz=America%2FNew_York&from=2021-11-06T12:00&n=3&dm=kubernetes"))
	must(page.waitFor(`location.search === "?k8s" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	k8s, err := cronsim.ParseOptions{Daemon: cronsim.Kubernetes}.Parse("30 1 * * *")
	must(err)
	k8sRuns := pageRuns(t, page)
	compareDaemonRuns(t, "kubernetes", k8sRuns, k8s, "30 1 * * *", "America/New_York", "2021-11-06T16:00:00Z", 3)
	if len(k8sRuns) != 3 || !strings.HasPrefix(k8sRuns[0].Time, "2021-11-07T01:30") || !strings.HasPrefix(k8sRuns[1].Time, "2021-11-07T01:30") || k8sRuns[1].Kind != "repeat" {
		t.Errorf("kubernetes: want two runs at 01:30 on 2021-11-07, the second a repeat: %+v", k8sRuns)
	}
	var k8sPage struct {
		Zone, Name, DST string
		DialectOff      bool
		PaneHidden      bool
	}
	must(page.eval(`({Zone: document.getElementById("zonewhat").textContent, Name: document.querySelector(".daemonname").textContent,
		DST: document.getElementById("explaindst").textContent, DialectOff: document.getElementById("dialect").disabled,
		PaneHidden: document.getElementById("crontabpane").hidden})`, &k8sPage))
	if !strings.Contains(k8sPage.Zone, ".spec.timeZone") || k8sPage.Name != "Kubernetes" || !strings.Contains(k8sPage.DST, "Kubernetes CronJob") || !k8sPage.DialectOff || !k8sPage.PaneHidden {
		t.Errorf("kubernetes page: %+v", k8sPage)
	}
	typeInto(t, page, "expr", "30 1 * *")
	must(page.waitFor(`!document.getElementById("error").hidden`, 10*time.Second))
	must(page.eval(`document.getElementById("caret").textContent`, &caret))
	if caret != "30 1 * *\n^" {
		t.Errorf("kubernetes caret = %q", caret)
	}

	// systemd, chosen in the menu from Debian's cron: the example in the
	// box becomes an OnCalendar= expression, and its runs across New
	// York's spring change skip 02:30 on 2021-03-14.
	must(page.navigate(srv.URL + "/?systemd#e=30+1+*+*+*&tz=America%2FNew_York&from=2021-03-13T12:00&n=3"))
	must(page.waitFor(`location.search === "?systemd" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	must(page.eval(`(() => { const d = document.getElementById("daemon"); d.value = "systemd"; d.dispatchEvent(new Event("input", {bubbles: true})); })()`, nil))
	waitState(t, page, map[string]string{"dm": "systemd", "e": "*-*-* 01:30"})
	typeInto(t, page, "expr", "*-*-* 02:30")
	waitState(t, page, map[string]string{"dm": "systemd", "e": "*-*-* 02:30"})
	sd, err := cronsim.ParseOptions{Daemon: cronsim.Systemd}.Parse("*-*-* 02:30")
	must(err)
	sdRuns := pageRuns(t, page)
	compareDaemonRuns(t, "systemd", sdRuns, sd, "*-*-* 02:30", "America/New_York", "2021-03-13T17:00:00Z", 3)
	if len(sdRuns) == 0 || sdRuns[0].Time != "2021-03-15T02:30:00-04:00" {
		t.Errorf("systemd: want the first run on 2021-03-15, 02:30 of the 14th being skipped: %+v", sdRuns)
	}
	var sdPage struct {
		Input, Explain, Placeholder string
		Examples                    []string
		Lost                        int
	}
	must(page.eval(`({Input: document.getElementById("inputwhat").textContent, Explain: document.getElementById("explain").textContent,
		Placeholder: document.getElementById("expr").placeholder, Examples: [...document.querySelectorAll("#examples button")].map(b => b.textContent),
		Lost: document.querySelectorAll("#timeline svg g.mark.lost[data-kind]").length})`, &sdPage))
	if !strings.Contains(sdPage.Input, "OnCalendar=") || !strings.Contains(sdPage.Explain, "normalized form") || sdPage.Placeholder != "*-*-* 01:30" ||
		!slices.Contains(sdPage.Examples, "Mon..Fri 09:00") || sdPage.Lost != 1 {
		t.Errorf("systemd page: %+v", sdPage)
	}
	saveShot(t, "playground-systemd.png", screenshot(t, page, "main"))
	typeInto(t, page, "expr", "Mon..Fro 09:00")
	must(page.waitFor(`!document.getElementById("error").hidden`, 10*time.Second))
	must(page.eval(`document.getElementById("caret").textContent`, &caret))
	if caret != "Mon..Fro 09:00\n     ^" {
		t.Errorf("systemd caret = %q", caret)
	}

	// Menus show their whole text.
	must(page.navigate(srv.URL + "/?menus#e=30+1+*+*+*&tz=Europe%2FDublin"))
	must(page.waitFor(`location.search === "?menus" && window.cronsimFirstRender`, 60*time.Second))
	menusFit(t, page, "desktop")

	// The limit on runs is stated, not silently applied.
	must(page.navigate(srv.URL + "/?limit#e=*+*+*+*+*&tz=UTC&from=2021-01-01T00:00&n=100000"))
	must(page.waitFor(`location.search === "?limit" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	var limit struct {
		Runs   int
		Note   string
		Hidden bool
	}
	must(page.eval(`({Runs: document.querySelectorAll("#runs li[data-time]").length, Note: document.getElementById("runsnote").textContent, Hidden: document.getElementById("runsnote").hidden})`, &limit))
	if limit.Runs != 200 || limit.Hidden || !strings.Contains(limit.Note, "200") {
		t.Errorf("n=100000: %+v; want 200 runs and a visible note on the limit", limit)
	}

	// The picture is of the change the runs meet next: from 29 Nov 2026
	// in Dublin, March 2027, not the nearer October 2026.
	must(page.navigate(srv.URL + "/?next#e=30+1+*+*+*&tz=Europe%2FDublin&from=2026-11-29T00:00"))
	must(page.waitFor(`location.search === "?next" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	var caption string
	must(page.eval(`document.getElementById("caption").textContent`, &caption))
	if !strings.Contains(caption, "28 Mar 2027") {
		t.Errorf("from 2026-11-29 the picture shows %q, not the change of 28 Mar 2027", caption)
	}

	// Every mark and every shaded band of the picture is in its legend,
	// and the hollow marks are drawn dark enough to see.
	for _, u := range []string{"/?lgfall#e=30+1+*+*+*&tz=America%2FNew_York&from=2021-11-06T12:00", "/?lgspring#e=*%2F20+*+*+*+*&tz=Europe%2FDublin&from=2021-03-27T12:00"} {
		must(page.navigate(srv.URL + u))
		q := u[1:strings.Index(u, "#")]
		must(page.waitFor(`location.search === "`+q+`" && window.cronsimFirstRender && document.querySelector("#timeline svg")`, 60*time.Second))
		var lg struct {
			Drawn, Legend, Bands, Swatches []string
			Light                          []string
		}
		must(page.eval(`(() => {
			const svg = document.querySelector("#timeline svg");
			const inLegend = (e) => !!e.closest(".legend");
			const drawn = [...svg.querySelectorAll("g.mark[data-kind]")].filter(g => !inLegend(g)).map(g => g.dataset.kind);
			const legend = [...svg.querySelectorAll(".legend g.mark")].map(g => g.classList[1]);
			const bands = [...svg.querySelectorAll("rect.skipped, rect.repeated, rect.pass2")].filter(r => !inLegend(r)).map(r => r.getAttribute("class"));
			const swatches = [...svg.querySelectorAll(".legend rect")].map(r => r.getAttribute("class"));
			const lum = (c) => { const m = c.match(/\d+(\.\d+)?/g).map(Number); return (0.2126*m[0] + 0.7152*m[1] + 0.0722*m[2]) / 255; };
			const light = [...svg.querySelectorAll("g.mark.notrepeated *, g.mark.lost *, g.mark.caught *")].filter(e => e.tagName !== "title").map(e => getComputedStyle(e))
				.filter(st => lum(st.stroke) > 0.45 || parseFloat(st.strokeWidth) < 2).map(st => st.stroke + " " + st.strokeWidth);
			return {Drawn: [...new Set(drawn)], Legend: legend, Bands: [...new Set(bands)], Swatches: swatches, Light: light};
		})()`, &lg))
		for _, k := range lg.Drawn {
			if !slices.Contains(lg.Legend, k) {
				t.Errorf("%s: marks of kind %q drawn but not in the legend %q", q, k, lg.Legend)
			}
		}
		for _, b := range lg.Bands {
			if !slices.Contains(lg.Swatches, b) {
				t.Errorf("%s: a %q band shaded but not in the legend %q", q, b, lg.Swatches)
			}
		}
		if len(lg.Bands) == 0 || len(lg.Drawn) < 2 {
			t.Errorf("%s: the picture has %q bands and %q marks: not the case meant", q, lg.Bands, lg.Drawn)
		}
		if len(lg.Light) > 0 {
			t.Errorf("%s: hollow marks drawn too faint: %q", q, lg.Light)
		}
		saveShot(t, "playground-legend-"+q[1:]+".png", screenshot(t, page, "#timeline svg"))
	}

	// The start is typed as ISO 8601, 24-hour, whatever the browser's
	// locale: a text field, not the locale's date picker.
	var from struct{ Type, Placeholder string }
	must(page.eval(`({Type: document.getElementById("from").type, Placeholder: document.getElementById("from").placeholder})`, &from))
	if from.Type != "text" || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d$`).MatchString(from.Placeholder) {
		t.Errorf("the start field is %+v: want a text field with an ISO example", from)
	}

	// A browser in a zone without daylight saving time is offered a zone
	// with a change, and the offer works.
	must(page.run(call(emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "UTC"})))
	must(page.navigate(srv.URL + "/?utc"))
	must(page.waitFor(`location.search === "?utc" && window.cronsimFirstRender`, 60*time.Second))
	var offer struct {
		Hidden bool
		Zone   string
	}
	must(page.eval(`({Hidden: document.getElementById("dstoffer").hidden, Zone: document.getElementById("dstzone").textContent})`, &offer))
	if offer.Hidden || offer.Zone != "UTC" {
		t.Errorf("in UTC the page offers no example with a change of clock: %+v", offer)
	}
	must(page.eval(`document.getElementById("ex-spring").click()`, nil))
	must(page.waitFor(`document.getElementById("tz").value === "Europe/Dublin" && document.querySelector("#timeline svg") && document.getElementById("dstoffer").hidden`, 10*time.Second))
	must(page.run(call(emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Europe/Dublin"})))
	must(page.navigate(srv.URL + "/?dublin"))
	must(page.waitFor(`location.search === "?dublin" && window.cronsimFirstRender`, 60*time.Second))
	must(page.eval(`({Hidden: document.getElementById("dstoffer").hidden, Zone: document.getElementById("dstzone").textContent})`, &offer))
	if !offer.Hidden {
		t.Errorf("in Europe/Dublin the page offers another zone: %+v", offer)
	}

	// A phone: nothing wider than the screen.
	must(page.run(call(emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true})))
	must(page.navigate(srv.URL + "/?phone#e=30+1+*+*+*&tz=Europe%2FDublin&from=2021-03-27T12:00"))
	must(page.waitFor(`location.search === "?phone" && window.cronsimFirstRender && document.querySelector("#runs li")`, 60*time.Second))
	var widths struct{ Scroll, Client float64 }
	must(page.eval(`({Scroll: document.documentElement.scrollWidth, Client: document.documentElement.clientWidth})`, &widths))
	if widths.Scroll > widths.Client+1 {
		t.Errorf("on a 390 px wide phone the page is %v px wide", widths.Scroll)
	}
	menusFit(t, page, "phone")
	// The picture keeps a readable size and scrolls sideways, and says so.
	var fig struct {
		Scroll, Client float64
		Hint           bool
	}
	must(page.eval(`(() => { const f = document.getElementById("timeline"), h = document.getElementById("scrollhint");
		return {Scroll: f.scrollWidth, Client: f.clientWidth, Hint: !h.hidden && h.offsetHeight > 0}; })()`, &fig))
	if fig.Scroll > fig.Client+1 && !fig.Hint {
		t.Errorf("on a phone the picture scrolls sideways (%v of %v px) and the page does not say so", fig.Scroll, fig.Client)
	}
	saveShot(t, "playground-phone.png", screenshot(t, page, "main"))
}

// menusFit checks that each menu is wide enough for its longest choice.
func menusFit(t *testing.T, page *browserPage, what string) {
	t.Helper()
	var cut []string
	if err := page.eval(`(() => {
		const ctx = document.createElement("canvas").getContext("2d"), cut = [];
		for (const sel of document.querySelectorAll("select")) {
			const st = getComputedStyle(sel);
			ctx.font = st.font;
			const widest = Math.max(...[...sel.options].map(o => ctx.measureText(o.textContent).width));
			// The text box is the menu less its padding, border and arrow.
			const room = sel.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 24;
			if (widest > room) cut.push(sel.id + ": " + Math.round(widest) + " px of text in " + Math.round(room) + " px");
		}
		return cut; })()`, &cut); err != nil {
		t.Fatal(err)
	}
	for _, c := range cut {
		t.Errorf("%s: a menu cuts its text: %s", what, c)
	}
}

// A browserPage is the browser's page, driven by chromedp.
type browserPage struct{ ctx context.Context }

// run runs the steps in order.
func (p *browserPage) run(steps ...chromedp.Action[chromedp.Void]) error {
	return chromedp.Do(p.ctx, steps...)
}

// call is the protocol command c with its parameters, as a step.
func call[P, R any](c cdp.Command[P, R], params P) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, c, params)
		return chromedp.Void{}, err
	}
}

// navigate loads url and waits for its load event.
func (p *browserPage) navigate(url string) error { return p.run(chromedp.Navigate(url)) }

// eval evaluates a JavaScript expression and decodes its JSON value into
// out (nil: discarded).
func (p *browserPage) eval(expr string, out any) error {
	raw, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]byte](expr))
	if err != nil || out == nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

// waitFor waits until the expression is true.
func (p *browserPage) waitFor(expr string, d time.Duration) error {
	_, err := chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(d)))
	return err
}

// launch starts the browser headless, with a profile of its own and no
// network activity of its own, and returns its page.
func launch(t *testing.T, browser string) *browserPage {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 1400),
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true), chromedp.Flag("mute-audio", true), chromedp.Flag("hide-scrollbars", true),
	}
	if runtime.GOOS == "linux" && os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox) // Chromium's sandbox refuses root
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first step starts the browser (with no timeout of its own: it
	// would end the browser with it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("%s did not start: %v", browser, err)
	}
	return &browserPage{ctx: ctx}
}

// typeInto focuses the element, selects its text and types over it, as
// a person at a keyboard would.
func typeInto(t *testing.T, page *browserPage, id, text string) {
	t.Helper()
	if err := page.eval(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.focus(); e.select(); })()`, id), nil); err != nil {
		t.Fatal(err)
	}
	if err := page.run(call(input.InsertText, input.InsertTextParams{Text: text})); err != nil {
		t.Fatal(err)
	}
}

// waitState waits until the page has rendered the state want (address
// parameters).
func waitState(t *testing.T, page *browserPage, want map[string]string) {
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

func pageRuns(t *testing.T, page *browserPage) []pageRun {
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
func screenshot(t *testing.T, page *browserPage, selector string) []byte {
	t.Helper()
	var rect struct{ X, Y, W, H float64 }
	if err := page.eval(fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.left + scrollX, Y: r.top + scrollY, W: r.width, H: r.height}; })()`, selector), &rect); err != nil {
		t.Fatal(err)
	}
	var png []byte
	err := page.run(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		shot, err := cdp.Call(ctx, tg, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format: cdppage.CaptureScreenshotFormatPng, CaptureBeyondViewport: &yes,
			Clip: &cdppage.Viewport{X: rect.X, Y: rect.Y, Width: rect.W, Height: rect.H, Scale: 1}})
		png = shot.Data
		return chromedp.Void{}, err
	})
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

var yes = true
