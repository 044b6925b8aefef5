#!/usr/bin/env python3
"""Scores a cron implementation against the corpus without Go.

    python3 conformance/score.py -cmd 'python3 my_adapter.py' [-timeout S] [-portable]
        [-daemon debian-cron] [-show N] [EXPECTATIONS.jsonl ...]
    python3 conformance/score.py -cmd 'my_simulator' -sim [-sim-timeout S] [CORPUS.json ...]

The same scoring as `go run ./conformance/cmd/conform -cmd ...` (see
conformance/README.md, "Scoring another implementation"), in Python's
standard library alone: it reads the expectations (conformance/expectations/
*.jsonl by default), sends each line an iterator can score to the adapter
through the JSON Lines protocol, judges each answer at minute precision
and prints the table per file and the totals in conform's words, so the two
can be compared line for line (TestScorePy does). With -sim it sends one
simulator request per recording with clock sets, pauses or slow jobs
(conformance/corpus/*.json by default; named files: all of them) and
judges every start, repeats counted, by the slow-job rule where jobs are
slow.

A request is a hang when the adapter's processes spend more than its CPU
budget (-timeout) on it without answering, or, spending none, wait out a
wall-clock backstop of 30 times the budget (at least a minute), as in
conform (conformance/README.md, "Hangs"); off Linux the budget is a
wall-clock timeout. The default budget is the scoreboard's: 3 s when the
command starts with an interpreter or a shell, 1 s otherwise.
"""
import argparse
import glob
import json
import os
import queue
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
GROUPS = ["portable", "debian-only", "never-runs"]
SLOW_SPREAD = timedelta(minutes=1)  # conformance.SlowSpread
INTERPRETERS = ["sh", "bash", "dash", "zsh", "python", "pypy", "node", "nodejs", "deno", "bun", "ruby",
                "perl", "php", "java", "dotnet", "Rscript", "julia", "lua", "env", "npx", "uv"]

RFC3339 = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$")


def parse_time(s):
    """An RFC 3339 time as an aware UTC datetime; ValueError when it is not one."""
    m = RFC3339.match(s) if isinstance(s, str) else None
    if not m:
        raise ValueError(s)
    y, mo, d, h, mi, sec, frac, off = m.groups()
    t = datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), tzinfo=timezone.utc)
    if frac:
        t += timedelta(microseconds=int(frac[:6].ljust(6, "0")))
    if off != "Z":
        oh, om = int(off[1:3]), int(off[4:6])
        if oh > 23 or om > 59:
            raise ValueError(s)
        delta = timedelta(hours=oh, minutes=om)
        t = t - delta if off[0] == "+" else t + delta
    return t


def minute(t):
    return t.replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_timeout(command):
    words = command.split()
    if not words:
        return 1.0
    prog = re.split(r"[/\\]", words[0])[-1]
    for p in INTERPRETERS:
        if prog == p or prog.startswith(p) and prog[len(p):].strip("0123456789.") == "":
            return 3.0
    return 1.0


class Tally:
    def __init__(self):
        self.agree = self.mismatch = self.error = self.hang = 0

    def add(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def lines(self):
        return self.agree + self.mismatch + self.error + self.hang


CLOCK_TICK = 0.01  # USER_HZ: the unit of the CPU times in /proc/PID/stat
MIN_POLL = 0.02


class CPUMeter:
    """The CPU time of an adapter's process group, from /proc (Linux)."""

    def __init__(self, pgid):
        self.pgid, self.members = pgid, [pgid]

    def stat(self, pid):
        try:
            with open("/proc/%d/stat" % pid, "rb") as f:
                b = f.read()
        except OSError:
            return None
        f = b[b.rfind(b")") + 1:].split()
        if len(f) < 15 or int(f[2]) != self.pgid:
            return None
        return sum(int(x) for x in f[11:15]) * CLOCK_TICK  # utime stime cutime cstime

    def read(self, full):
        if not full:
            total = 0.0
            for pid in self.members:
                t = self.stat(pid)
                if t is None:
                    return self.read(True)
                total += t
            return total
        self.members, total = [], 0.0
        for name in os.listdir("/proc"):
            if name.isdigit():
                t = self.stat(int(name))
                if t is not None:
                    self.members.append(int(name))
                    total += t
        return total


class Runner:
    """One adapter process at a time; a hang kills its process group."""

    def __init__(self, command, timeout, start_timeout):
        self.command, self.timeout, self.start_timeout = command, timeout, start_timeout
        self.proc = None
        self.id = 0
        self.measured = False
        self.startup = 0.0

    def start(self):
        self.proc = subprocess.Popen(["sh", "-c", self.command], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     start_new_session=True)
        self.fresh = True
        self.answers = queue.Queue()
        out, answers = self.proc.stdout, self.answers

        def read():
            for line in out:
                answers.put(line)
            answers.put(None)

        threading.Thread(target=read, daemon=True).start()
        self.meter = CPUMeter(self.proc.pid) if os.path.exists("/proc/self/stat") else None

    def stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None

    def close(self):
        if self.proc is None:
            return
        try:
            self.proc.stdin.close()
            self.proc.wait(2)
            self.proc = None
        except (OSError, subprocess.TimeoutExpired):
            self.stop()

    def exchange(self, make, timeout):
        """Sends one request; returns (answer dict, None) or (None, (outcome, message, crash))."""
        if self.proc is None:
            try:
                self.start()
            except OSError as e:
                return None, ("error", str(e), False)
        self.id += 1
        want = str(self.id)
        first, fresh = self.fresh and not self.measured, self.fresh
        budget = timeout
        if first:
            budget += self.start_timeout
        elif self.fresh and self.startup > 0:
            budget += min(2 * self.startup, self.start_timeout)
        elif self.fresh:
            budget += self.timeout
        self.fresh = False
        backstop = max(60.0, 30 * budget)
        meter = self.meter
        cpu0 = meter.read(False) if meter else 0.0
        sent = time.monotonic()

        def used(full):
            if meter is None:
                return time.monotonic() - sent
            return max(0.0, meter.read(full) - cpu0)

        ncpu = os.cpu_count() or 1
        scanned = False
        poll = sent + (budget / ncpu if meter else budget)
        try:
            self.proc.stdin.write((json.dumps(make(self.id)) + "\n").encode())
            self.proc.stdin.flush()
        except OSError as e:
            self.stop()
            return None, ("error", "adapter exited: %s" % e, True)
        while True:
            now = time.monotonic()
            if now >= sent + backstop:
                u = used(True)
                self.measured = True
                self.stop()
                return None, ("hang", "no answer in %gs on the wall (the backstop), %.2fs of CPU time" % (backstop, u), False)
            if now >= poll:
                u = used(not scanned)  # one scan of /proc per request, then the processes found
                scanned = True
                if meter is None or u > budget:
                    self.measured = True
                    self.stop()
                    if meter is None:
                        return None, ("hang", "no answer in %gs" % budget, False)
                    return None, ("hang", "no answer after %.2fs of CPU time (budget %gs; %.2fs on the wall)" % (u, budget, now - sent), False)
                poll = now + max((budget - u) / ncpu, MIN_POLL)
            try:
                line = self.answers.get(timeout=max(0.0, min(poll, sent + backstop) - time.monotonic()))
            except queue.Empty:
                continue
            if line is None:
                self.stop()
                return None, ("error", "adapter exited without answering", True)
            try:
                a = json.loads(line)
                if not isinstance(a, dict):
                    raise ValueError("not an object")
            except ValueError as e:
                self.stop()
                return None, ("error", "unreadable answer %.200r: %s" % (line, e), False)
            got = a.get("id")
            got = "null" if got is None else (got if isinstance(got, str) else json.dumps(got))
            if got != want:
                continue  # an answer to an earlier request
            if fresh:
                u = used(True)  # once per start: the quick readings then see what sh started
                if first:
                    self.measured, self.startup = True, min(u, self.start_timeout)
            return a, None

    def ask(self, make, timeout):
        return self.exchange(make, timeout)


def group(e):
    if e["never_runs"]:
        return "never-runs"
    if e["debian_only_syntax"]:
        return "debian-only"
    return "portable"


def judge_runs(e, a):
    """conform's judge for an iterator's answer: (outcome, got, message)."""
    if a.get("error") is not None:
        return "error", None, str(a["error"])
    runs = a.get("runs")
    if not isinstance(runs, list):
        return "error", None, "answer has neither runs nor error"
    got = set()
    for s in runs:
        try:
            got.add(minute(parse_time(s)))
        except (ValueError, TypeError):
            return "error", None, "bad time %r in runs" % (s,)
    got.discard(e["after"])  # the minute the daemon started in is not scored (a run in it after `after`: an offset with seconds)
    got = sorted(got)
    return ("agree" if got == e["runs"] else "mismatch"), got, ""


def starts_of(e):
    """The daemon's starts of an expectation, repeats kept, sorted."""
    out = []
    for m in e["runs"]:
        out += [m] * (e.get("repeats") or {}).get(m, 1)
    return out


def spread_ok(want, got):
    if len(want) != len(got):
        return False
    return all(abs(parse_time(w) - parse_time(g)) <= SLOW_SPREAD for w, g in zip(want, got))


def score_iter(runner, paths, args, each):
    for path in paths:
        with open(path) as f:
            exps = [json.loads(line) for line in f if line.strip()]
        for e in exps:
            if e.get("needs_simulator") or e.get("daemon") != args.daemon:
                each(e, None, None, "")
                continue
            sent = e["expr"]
            if args.portable and e["debian_only_syntax"] and e.get("portable") is not None:
                sent = e["portable"]
            tz, system = e["tz"], None
            if e.get("cron_tz"):
                tz, system = e["cron_tz"], e["tz"]

            def make(i, sent=sent, tz=tz, system=system, e=e):
                q = {"id": i, "expr": sent, "tz": tz, "after": e["after"], "before": e["before"]}
                if system:
                    q["system_tz"] = system
                if args.started:
                    q["started"] = args.started
                return q

            a, fail = runner.ask(make, args.timeout)
            if fail:
                each(e, fail[0], None, fail[1])
            else:
                outcome, got, msg = judge_runs(e, a)
                each(e, outcome, got, msg)


def score_sim(runner, paths, args, every_file, each):
    for path in paths:
        with open(path) as f:
            rec = json.load(f)
        name = os.path.basename(path)
        with open(os.path.join(os.path.dirname(path), "..", "expectations", name[:-5] + ".jsonl")) as f:
            exps = [json.loads(line) for line in f if line.strip()]
        daemon = rec.get("daemon") or "debian-cron"
        file_s = rec.get("job_duration_s")
        durations = [l.get("job_duration_s", file_s) or 0 for l in rec["lines"]]
        slow = any(d > 0 for d in durations)
        needs = bool(rec.get("clock")) or bool(rec.get("pauses")) or slow
        if daemon != args.daemon or not (every_file or needs):
            for e in exps:
                each(e, None, None, "")
            continue
        crontab = [("CRON_TZ=%s " % l["cron_tz"] if l.get("cron_tz") else "") + l["expr"] for l in rec["lines"]]
        after, before = exps[0]["after"], exps[0]["before"]

        def make(i):
            return {"id": i, "kind": "simulate", "daemon": daemon, "daemon_version": rec["cron"], "tz": rec["tz"],
                    "start": rec["start"], "end": rec["end"], "after": after, "before": before,
                    "clock": rec.get("clock") or [], "pauses": rec.get("pauses") or [],
                    "crontab": crontab, "job_duration_s": [float(d) for d in durations]}

        a, fail = runner.ask(make, args.sim_timeout)
        if not fail:
            starts = a.get("starts")
            if a.get("error") is not None:
                fail = ("error", str(a["error"]))
            elif not isinstance(starts, list):
                fail = ("error", "answer has neither starts nor error")
            elif len(starts) != len(exps):
                fail = ("error", "answer has starts for %d lines, the crontab has %d" % (len(starts), len(exps)))
        for i, e in enumerate(exps):
            if fail:
                each(e, fail[0], None, fail[1])
                continue
            lo, hi = parse_time(after), parse_time(before)
            got, bad = [], ""
            for s in starts[i] if isinstance(starts[i], list) else [None]:
                try:
                    t = parse_time(s)
                except (ValueError, TypeError):
                    bad = "bad time %r in starts of line %d" % (s, i + 1)
                    break
                m = t.replace(second=0, microsecond=0)
                if lo < m < hi:
                    got.append(minute(m))
            if bad:
                each(e, "error", None, bad)
                continue
            got.sort()
            want = starts_of(e)
            ok = spread_ok(want, got) if slow else want == got
            each(e, "agree" if ok else "mismatch", got, "")


def percent(a, n):
    return "-" if n == 0 else "%.1f%%" % (100.0 * a / n)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-cmd", required=True, help="the adapter command, run by sh -c")
    p.add_argument("-timeout", type=float, default=0, help="CPU seconds for one answer: more without an answer is a hang (default: the scoreboard's)")
    p.add_argument("-start-timeout", dest="start_timeout", type=float, default=60, help="extra CPU seconds for the first answer")
    p.add_argument("-portable", action="store_true", help="send the portable spelling of Debian-only lines")
    p.add_argument("-started", default="", help='send "started" with each request: running or after')
    p.add_argument("-daemon", default="debian-cron", help="score the recordings of this daemon")
    p.add_argument("-show", type=int, default=5, help="print up to N mismatching or failing lines")
    p.add_argument("-sim", action="store_true", help="send simulator requests, one per recording")
    p.add_argument("-sim-timeout", dest="sim_timeout", type=float, default=30, help="with -sim: CPU seconds for one recording")
    p.add_argument("files", nargs="*")
    args = p.parse_args()
    if args.timeout <= 0:
        args.timeout = default_timeout(args.cmd)
    files = args.files
    if not files:
        pattern = "corpus/*.json" if args.sim else "expectations/*.jsonl"
        files = sorted(glob.glob(os.path.join(HERE, pattern)))
    if not files:
        sys.exit("score.py: no files")

    by_file, order, total, skipped = {}, [], {g: Tally() for g in GROUPS}, {}
    shown = [0]

    def each(e, outcome, got, msg):
        f = e["file"]
        if outcome is None:
            skipped[f] = skipped.get(f, 0) + 1
            return
        if f not in by_file:
            by_file[f] = {g: Tally() for g in GROUPS}
            order.append(f)
        g = group(e)
        by_file[f][g].add(outcome)
        total[g].add(outcome)
        if outcome != "agree" and shown[0] < args.show:
            shown[0] += 1
            print("%s %s line %d %r (%s, %s): %s" % (outcome.upper(), f, e["line"], e["expr"], e["tz"], g,
                                                      msg or "daemon %s got %s" % (e["runs"], got)))

    runner = Runner(args.cmd, args.timeout, args.start_timeout)
    try:
        if args.sim:
            score_sim(runner, files, args, bool(args.files), each)
        else:
            score_iter(runner, files, args, each)
    finally:
        runner.close()
    if sum(t.lines() for t in total.values()) == 0:
        sys.exit("score.py: no line to score in these files")

    def run_pct(g):
        a = g["portable"].agree + g["debian-only"].agree
        return percent(a, g["portable"].lines() + g["debian-only"].lines())

    rows = [["file", "portable a/m/e/h", "debian-only a/m/e/h", "never-runs a/m/e/h", "lines that run: agree"]]
    for name, g in [(f, by_file[f]) for f in order] + [("total", total)]:
        rows.append([name] + ["%d/%d/%d/%d" % (g[k].agree, g[k].mismatch, g[k].error, g[k].hang) for k in GROUPS]
                    + [run_pct(g)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("".join(c.rjust(w + 2) for c, w in zip(r, widths)))  # Go's tabwriter, AlignRight, padding 2
    for g in GROUPS:
        t = total[g]
        print("%-12s %5d lines: %5d agree, %5d mismatch, %5d error, %5d hang (%s)" % (
            g, t.lines(), t.agree, t.mismatch, t.error, t.hang, percent(t.agree, t.lines())))
    run_a = total["portable"].agree + total["debian-only"].agree
    run_n = total["portable"].lines() + total["debian-only"].lines()
    all_a = sum(t.agree for t in total.values())
    all_n = sum(t.lines() for t in total.values())
    print("lines that run: %d of %d agree (%s); with never-running lines: %s" % (
        run_a, run_n, percent(run_a, run_n), percent(all_a, all_n)))
    if skipped:
        print("skipped: %d lines in %d files (another daemon's; or, for an iterator, needing a simulator; "
              "for a simulator, needing none)" % (sum(skipped.values()), len(skipped)))


if __name__ == "__main__":
    main()
