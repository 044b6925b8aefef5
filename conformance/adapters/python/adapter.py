"""Answers adapter-protocol requests (conformance/README.md) with one
Python cron library: adapter.py croniter|cronsim|replay [--version].

Each library is asked the way its README shows: an aware datetime in the
request's zone, then its next run, repeated from "after" until "before".

"replay" is no library: it answers each request with the times in the
request's "replay" field (UTC), handed to the same loop as aware datetimes
in the request's zone, the form the libraries give. conformance's
TestAdapterPlumbing sends it the daemon's own runs: whatever the loop
turns into an error or drops would be scored against every library.

A monitor request ("kind": "monitor", conformance/README.md, "Monitor
vectors") is answered with the formula Healthchecks uses: the library's
next run strictly after the last ping, in the zone, plus the grace; past
that the job is down ("late", one start missed), once the run is due it is
in its grace, before that up.
"""
import json
import sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

MAX_RUNS = 200000

lib = sys.argv[1]


def parse_time(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


if lib == "croniter":
    import croniter as mod

    def runs_of(q, tz, after, before):
        it = mod.croniter(q["expr"], after.astimezone(tz))
        while True:
            yield it.get_next(datetime)

elif lib == "cronsim":
    import cronsim as mod

    def runs_of(q, tz, after, before):
        return mod.CronSim(q["expr"], after.astimezone(tz))

elif lib == "replay":
    mod = None

    def runs_of(q, tz, after, before):
        # astimezone sets fold=1 on the second pass of a repeated hour, as
        # the libraries do.
        return (parse_time(s).astimezone(tz) for s in q.get("replay", []))

else:
    sys.exit("unknown library " + lib)


def version():
    v = getattr(mod, "__version__", None)
    if v is None:
        try:
            from importlib.metadata import version as dist_version

            v = dist_version(lib)
        except Exception:
            v = None
    if v is None and lib == "cronsim":
        v = "2.7 (source, commit fd2e617)"
    if lib == "replay":
        return "replay"
    return "%s %s" % (lib, v)


if len(sys.argv) > 2 and sys.argv[2] == "--version":
    print(version())
    sys.exit(0)


def answer(q):
    tz = ZoneInfo(q["tz"])
    after, before = parse_time(q["after"]), parse_time(q["before"])
    runs = []
    prev = after
    for t in runs_of(q, tz, after, before):
        if not t.tzinfo:
            t = t.replace(tzinfo=tz)
        # Compare in UTC: Python compares two datetimes of the same tzinfo
        # by wall clock and ignores fold, so the second 01:30 of a
        # fall-back night (fold=1) would not be "after" the first.
        t = t.astimezone(timezone.utc)
        if t >= before:
            break
        if t <= prev:
            raise ValueError("next(%s) = %s, not after its argument" % (prev.isoformat(), t.isoformat()))
        runs.append(t.strftime("%Y-%m-%dT%H:%M:%SZ"))
        prev = t
        if len(runs) >= MAX_RUNS:
            break
    return runs


def monitor(q):
    pings = q.get("pings") or []
    if not pings:
        return {"state": "new", "missed": 0}
    tz = ZoneInfo(q["tz"])
    last = parse_time(pings[-1])
    now = parse_time(q["now"])
    try:
        nxt = next(iter(runs_of(q, tz, last, None)))
    except StopIteration:
        return {"state": "up", "missed": 0}
    if not nxt.tzinfo:
        nxt = nxt.replace(tzinfo=tz)
    deadline = nxt.timestamp() + float(q.get("grace_s", 0))
    if now.timestamp() > deadline:
        return {"state": "late", "missed": 1}
    if now >= nxt:
        return {"state": "grace", "missed": 0}
    return {"state": "up", "missed": 0}


for line in sys.stdin:
    if not line.strip():
        continue
    try:
        q = json.loads(line)
    except ValueError as e:
        print(json.dumps({"id": None, "error": str(e)}), flush=True)
        continue
    try:
        if q.get("kind") == "monitor":
            out = dict(monitor(q), id=q.get("id"))
        else:
            out = {"id": q.get("id"), "runs": answer(q)}
    except StopIteration:
        out = {"id": q.get("id"), "runs": []}
    except Exception as e:  # the library's own error, whatever its type
        out = {"id": q.get("id"), "error": "%s: %s" % (type(e).__name__, e)}
    print(json.dumps(out), flush=True)
