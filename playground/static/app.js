// The playground's page logic: read the form (and the address), ask the
// WebAssembly module (cronsimEval) for the answer, draw it, and keep the
// state in the address so that a link reproduces the page.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const fields = { e: $("expr"), tz: $("tz"), from: $("from"), dm: $("daemon"), d: $("dialect"), n: $("n"), c: $("crontab") };
  const defaults = { e: "30 1 * * *", tz: "", from: "", dm: "debian", d: "strict", n: "10", c: "" };

  function localZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }
  defaults.tz = localZone();

  function readHash() {
    const p = new URLSearchParams(location.hash.replace(/^#/, ""));
    for (const k in fields) fields[k].value = p.has(k) ? p.get(k) : defaults[k];
    if (fields.dm.selectedIndex < 0 && fields.dm.options.length) fields.dm.value = defaults.dm; // a name the menu lacks
    lastDaemon = fields.dm.value;
  }

  // The daemon menu comes from the library's daemon table (cronsimDaemons,
  // set by the WebAssembly module): its names, where one meets each
  // daemon, what its schedules are, which zone they run in, examples.
  let menu = [], lastDaemon = defaults.dm;
  function buildMenu() {
    try { menu = JSON.parse(globalThis.cronsimDaemons || "[]"); } catch (e) { menu = []; }
    fields.dm.replaceChildren();
    for (const c of menu) {
      const o = new Option(c.title, c.name);
      o.dataset.where = c.where;
      fields.dm.append(o);
    }
  }
  function choice(name) {
    return menu.find((c) => c.name === (name === undefined ? fields.dm.value : name)) || menu[0] ||
      { name: "", title: "", where: "", input: "", zone: "", form: "canonical form", examples: [defaults.e], dialect: true, crontab: true };
  }
  function writeHash() {
    const p = new URLSearchParams();
    for (const k in fields) if (fields[k].value !== defaults[k] || k === "e" || k === "tz") p.set(k, fields[k].value);
    const h = "#" + p.toString();
    if (h !== location.hash) history.replaceState(null, "", h);
  }

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function render(r) {
    const err = r.error;
    $("error").hidden = !err;
    $("caret").textContent = err ? err.caret : "";
    $("errmsg").textContent = err ? err.message + (err.hint ? " — " + err.hint : "") : "";
    const c = choice(r.daemon);
    $("explain").textContent = err ? "" : r.explain + (r.canonical && r.canonical !== fields.e.value.trim() ? "  (" + c.form + ": " + r.canonical + ")" : "");
    $("explaindst").textContent = err ? "" : r.explainDST;
    fields.tz.setCustomValidity(r.zoneError || "");
    fields.from.setCustomValidity(r.fromError || "");
    const notes = [r.zoneError, r.fromError, r.fromNote].filter(Boolean);
    $("fromnote").hidden = notes.length === 0;
    $("fromnote").textContent = notes.join(" ");
    $("zonename").textContent = "in " + r.tz + " after " + r.from;

    const runs = $("runs");
    runs.replaceChildren();
    for (const run of r.runs || []) {
      const li = el("li", run.kind);
      li.dataset.time = run.time;
      li.dataset.note = run.note;
      li.dataset.kind = run.kind;
      const t = el("span", "t", run.time);
      t.title = run.wall;
      li.append(t, " ", el("span", "wall hint", run.wall));
      if (run.note) li.append(el("span", "note", run.note));
      runs.append(li);
    }
    if (!err && r.never) runs.append(el("li", "hint", r.runs.length ? "… and never again" : "never runs"));

    $("runsnote").hidden = !r.runsNote;
    $("runsnote").textContent = r.runsNote || "";

    const tl = r.timeline;
    $("caption").textContent = tl ? tl.caption : "";
    $("timeline").innerHTML = tl && tl.svg ? tl.svg : ""; // built by cronsim's own code, text escaped
    fitHint();
    // A first visit from a zone without a change of clock: offer one.
    if (offerDST) {
      $("dstzone").textContent = r.tz;
      $("dstoffer").hidden = !!(tl && tl.svg);
    }

    const f = $("findings");
    f.replaceChildren();
    for (const x of r.findings || []) {
      const li = el("li", x.kind);
      li.dataset.line = x.line;
      li.dataset.kind = x.kind;
      li.append(el("strong", "", "line " + x.line + (x.column ? ", column " + x.column : "") + ": "), x.message);
      if (x.caret) li.append(el("pre", "", x.caret));
      f.append(li);
    }
    const text = fields.c.value.trim();
    $("lintsummary").textContent = !text ? "" : r.jobs + (r.jobs === 1 ? " job, " : " jobs, ") +
      (r.findings.length === 0 ? "no problems" : r.findings.length + (r.findings.length === 1 ? " problem" : " problems"));
  }

  // The picture keeps a readable size: on a narrow screen it scrolls
  // sideways, and says so.
  function fitHint() {
    const fig = $("timeline");
    $("scrollhint").hidden = !(fig.firstElementChild && fig.scrollWidth > fig.clientWidth + 1);
  }
  window.addEventListener("resize", fitHint);

  // The daemon's name wherever the page speaks of it, and what each menu
  // choice means under its menu.
  function names() {
    const c = choice(), d = fields.d.selectedOptions[0];
    const withDialect = menu.find((x) => x.dialect);
    for (const n of document.querySelectorAll(".daemonname")) n.textContent = c.title;
    $("daemonwhere").textContent = c.where;
    $("dialectwhere").textContent = fields.d.disabled ? "only for " + (withDialect ? withDialect.title : "Debian's cron") + ": " + c.title + " has its own parser" : (d ? d.dataset.where : "");
    $("inputwhat").textContent = c.input ? "(" + c.input + ")" : "";
    $("zonewhat").textContent = c.zone;
    fields.e.placeholder = c.examples[0] || "";
    const ex = $("examples");
    if (ex.dataset.daemon !== c.name) {
      ex.dataset.daemon = c.name;
      ex.replaceChildren(c.examples.length ? "Examples: " : "");
      for (const e of c.examples) {
        const b = el("button", "ex", e);
        b.type = "button";
        b.addEventListener("click", () => { fields.e.value = e; evaluate(); });
        ex.append(b);
      }
    }
    $("crontabpane").hidden = !c.crontab;
    $("nocrontab").hidden = c.crontab;
  }

  // Another daemon chosen: an example of the last one (or nothing) in the
  // expression box becomes the new one's first example, so that a
  // crontab line is not read as a systemd calendar, nor the reverse.
  function daemonChanged() {
    const was = choice(lastDaemon), now = choice();
    lastDaemon = fields.dm.value;
    const e = fields.e.value.trim();
    if (e === "" || was.examples.includes(e)) fields.e.value = now.examples[0] || e;
  }

  let offerDST = false;
  function example(tz, from) {
    fields.e.value = choice().examples[0] || defaults.e; // a daily run at 01:30
    fields.tz.value = tz;
    fields.from.value = from;
    offerDST = false;
    $("dstoffer").hidden = true;
    evaluate();
  }
  $("ex-spring").addEventListener("click", () => example("Europe/Dublin", "2021-03-27T12:00"));
  $("ex-fall").addEventListener("click", () => example("America/New_York", "2021-11-06T12:00"));

  let timer = 0;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(evaluate, 120);
  }
  function evaluate() {
    writeHash();
    fields.d.disabled = !choice().dialect; // the other daemons have their own parsers
    names();
    const req = {
      expr: fields.e.value, tz: fields.tz.value, from: fields.from.value, dialect: fields.d.value, daemon: fields.dm.value,
      n: parseInt(fields.n.value, 10) || 10, crontab: fields.c.value, now: Date.now(),
    };
    const t0 = performance.now();
    const r = JSON.parse(globalThis.cronsimEval(JSON.stringify(req)));
    render(r);
    const done = performance.now();
    document.body.dataset.evalMs = (done - t0).toFixed(1);
    document.body.dataset.state = location.hash;
    if (!window.cronsimFirstRender) window.cronsimFirstRender = done;
    window.cronsimRenders = (window.cronsimRenders || 0) + 1;
  }

  async function loadZones() {
    try {
      const resp = await fetch("zones.txt");
      if (!resp.ok) return;
      const list = $("zones");
      for (const z of (await resp.text()).split("\n")) if (z) list.append(new Option(z));
    } catch (e) { /* the picker still takes typed names */ }
  }

  async function start() {
    offerDST = location.hash.length <= 1; // the page opened with no state of its own
    readHash();
    for (const k in fields) fields[k].addEventListener("input", update);
    fields.dm.addEventListener("input", daemonChanged);
    fields.tz.addEventListener("input", () => { offerDST = false; $("dstoffer").hidden = true; });
    window.addEventListener("hashchange", () => { readHash(); evaluate(); });
    loadZones();
    const go = new Go();
    const ready = new Promise((resolve) => { globalThis.cronsimReady = resolve; });
    let inst;
    try {
      const resp = fetch("cronsim.wasm");
      try {
        inst = await WebAssembly.instantiateStreaming(resp, go.importObject);
      } catch (e) { // a static host without the application/wasm type
        inst = await WebAssembly.instantiate(await (await fetch("cronsim.wasm")).arrayBuffer(), go.importObject);
      }
    } catch (e) {
      $("loading").textContent = "Could not load cronsim.wasm: " + e;
      return;
    }
    go.run(inst.instance);
    await ready;
    buildMenu();
    readHash();
    $("loading").remove();
    evaluate();
  }
  start();
})();
