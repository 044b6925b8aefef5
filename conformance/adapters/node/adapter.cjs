// Answers adapter-protocol requests (conformance/README.md) with one Node
// cron library: node adapter.cjs CACHE_DIR croner|cron-parser|cron|replay [--version].
// Each library is asked the way its README shows: an expression and a
// time zone, then its next run, repeated from "after" until "before".
// "replay" is no library: its next run is the first time of the request's
// "replay" field after the date asked, given to the same loop as a Date;
// conformance's TestAdapterPlumbing sends it the daemon's own runs, so
// that the loop cannot turn a correct answer into an error unseen.
"use strict";
const path = require("path");
const readline = require("readline");
const { createRequire } = require("module");

const [cache, lib, flag] = process.argv.slice(2);
const pkgName = lib.replace(/-no-wildcard$/, "");
const req = createRequire(path.join(cache, "package.json"));
const MAX_RUNS = 200000;

if (flag === "--version" && lib === "replay") {
  console.log("replay");
  process.exit(0);
}
if (flag === "--version") {
  const pkg = JSON.parse(require("fs").readFileSync(path.join(cache, "node_modules", pkgName, "package.json"), "utf8"));
  console.log(`${pkgName} ${pkg.version}`);
  process.exit(0);
}

// Each maker returns a function from a Date to the next run after it (a
// Date), or null when there is none.
const makers = {
  croner(expr, tz) {
    const { Cron } = req("croner");
    // Defaults: OR of the day fields when both are restricted (Vixie's
    // rule), fixed-time jobs by "single-value".
    const job = new Cron(expr, { timezone: tz, paused: true });
    return (d) => job.nextRun(d);
  },
  // croner with the option its README gives as closer to Vixie cron.
  "croner-no-wildcard"(expr, tz) {
    const { Cron } = req("croner");
    const job = new Cron(expr, { timezone: tz, paused: true, fixedTimeRule: "no-wildcard" });
    return (d) => job.nextRun(d);
  },
  "cron-parser"(expr, tz) {
    const m = req("cron-parser");
    const parser = m.CronExpressionParser || (m.default && m.default.CronExpressionParser);
    return (d) => {
      const it = parser.parse(expr, { currentDate: d, tz });
      if (!it.hasNext()) return null;
      return it.next().toDate();
    };
  },
  replay(expr, tz, q) {
    const times = (q.replay || []).map((s) => new Date(s));
    let i = 0; // d only moves forward
    return (d) => {
      while (i < times.length && !(times[i] > d)) i++;
      return i < times.length ? times[i] : null;
    };
  },
  cron(expr, tz) {
    const { CronTime } = req("cron");
    const ct = new CronTime(expr, tz);
    return (d) => {
      // CronTime computes from "now"; sendAt with a start is not public,
      // so its private _getNextDateFrom is the way to ask from a date.
      const n = ct.getNextDateFrom ? ct.getNextDateFrom(d, tz) : ct._getNextDateFrom(d, tz);
      return n ? n.toJSDate() : null;
    };
  },
};

const make = makers[lib];
if (!make) {
  console.error(`unknown library ${lib}`);
  process.exit(2);
}

function answer(q) {
  const nextOf = make(q.expr, q.tz, q);
  const before = new Date(q.before);
  let t = new Date(q.after);
  const runs = [];
  while (runs.length < MAX_RUNS) {
    const n = nextOf(t);
    if (!n || !(n < before)) break;
    if (!(n > t)) throw new Error(`next(${t.toISOString()}) = ${n.toISOString()}, not after its argument`);
    runs.push(n.toISOString().replace(/\.000Z$/, "Z"));
    t = n;
  }
  return runs;
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  let q;
  try {
    q = JSON.parse(line);
  } catch (e) {
    process.stdout.write(JSON.stringify({ id: null, error: String(e) }) + "\n");
    return;
  }
  let out;
  try {
    out = { id: q.id, runs: answer(q) };
  } catch (e) {
    out = { id: q.id, error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(out) + "\n");
});
