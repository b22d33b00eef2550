"""Drive wrk (Debian's `wrk` package): one route at a fixed concurrency for a fixed time, or
runners who each report and then look at Today, with the two kinds of request timed apart."""

from __future__ import annotations

import json
import math
import shutil
import statistics
import string
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.browser import AGENT

THREADS = 2  # wrk's threads for one route: one per core of this machine
TIMEOUT = 120  # seconds: a request slower than this is counted as an error, not a latency

# Printed by wrk's own summary at the end of a run of one route (latencies in microseconds).
ROUTE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RTR %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""

# Each wrk thread has one connection and one runner of its own: it sends the report form,
# then asks for the Today page that form's answer sends a browser to, and so on. A thread's
# request() and response() then alternate, so LuaJIT's monotonic clock times each request
# from just before wrk writes it to just after wrk has read the whole answer.
REPORTS = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } rtr_timespec;
int clock_gettime(int clock, rtr_timespec *now);
]]
local clock = ffi.new("rtr_timespec")
local function now()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000000 + tonumber(clock.tv_nsec) / 1000
end
local runners = $runners
local agent = $agent
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("slot", #threads)
end
gets, posts, wrong = {}, {}, 0
warming = false
local me, posting, began
function init(args)
  me, posting = runners[slot], true
  math.randomseed(slot)
end
function request()
  began = now()
  local headers = {["Cookie"] = me.cookie, ["User-Agent"] = agent}
  if warming then return wrk.format("GET", "/api/v1/ping", headers) end
  if posting then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", me.report, headers, me.body)
  end
  return wrk.format("GET", me.today, headers)
end
function response(status, headers, body)
  local took = math.floor(now() - began)
  if warming then warming = false; return end  -- not timed: it only opens the connection
  local cookie = headers["Set-Cookie"]  -- a browser keeps the cookie each answer sets
  if cookie then me.cookie = cookie:match("^[^;]+") end
  if posting then
    if status ~= 302 and status ~= 303 then wrong = wrong + 1 end
    table.insert(posts, took)
  else
    if status ~= 200 then wrong = wrong + 1 end
    table.insert(gets, took)
  end
  posting = not posting
end
$think
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write("RTR-GET ", table.concat(thread:get("gets"), " "), "\\n")
    io.write("RTR-POST ", table.concat(thread:get("posts"), " "), "\\n")
    io.write("RTR-WRONG ", thread:get("wrong"), "\\n")
  end
  io.write(string.format("RTR-SECONDS %d\\n", summary.duration))
end
"""

# With a think time, a runner waits before each report after reading Today: half to one and a
# half times the time given, at random, so the runners do not stay in step. wrk calls delay()
# before it sends a request, and request() only after the wait: the wait is not timed. wrk
# sends a connection's first request at once, so that one is a bare ping, not timed: otherwise
# every runner would report in the same millisecond, a burst no pause would ever make again.
THINK = """
warming = true
function delay()
  if posting then return math.floor($ms * (0.5 + math.random())) end
  return 0
end
"""


@dataclass(frozen=True)
class Point:
    """One route at one concurrency: requests done, seconds, p50 and p99 in seconds, and the
    requests that failed (an error, a timeout or a wrong status)."""

    n: int
    seconds: float
    p50: float
    p99: float
    failed: int = 0

    @property
    def rate(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0


def require() -> None:
    """Exit with code 2 and say how to install wrk if it is missing."""
    if shutil.which("wrk") is None:
        print("bench/load.py needs wrk, a HTTP load tool: apt-get install -y wrk", file=sys.stderr)
        raise SystemExit(2)


def _wrk(
    folder: Path,
    script: str,
    url: str,
    threads: int,
    connections: int,
    seconds: float,
    headers: dict[str, str],
) -> str:
    path = folder / "bench.lua"
    path.write_text(script)
    sent = [
        arg
        for name, value in {"User-Agent": AGENT, **headers}.items()
        for arg in ("-H", f"{name}: {value}")
    ]
    command = [
        "wrk",
        *sent,
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{math.ceil(seconds)}s",
        "--timeout",
        f"{TIMEOUT}s",
        "-s",
        str(path),
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + TIMEOUT + 30)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    return done.stdout


def route(
    folder: Path, base: str, path: str, headers: dict[str, str], connections: int, seconds: float
) -> Point:
    """Send GETs to one route from `connections` keep-alive connections for `seconds`."""
    out = _wrk(folder, ROUTE, base + path, min(connections, THREADS), connections, seconds, headers)
    line = next(x for x in out.splitlines() if x.startswith("RTR "))
    n, micros, p50, p99, status, failed = (int(x) for x in line.split()[1:])
    if status:
        raise RuntimeError(f"{path}: {status} answers were not 2xx or 3xx")
    return Point(n, micros / 1e6, p50 / 1e6, p99 / 1e6, failed)


def reports(
    folder: Path, base: str, runners: list[dict], seconds: float, think: float = 0
) -> tuple[Point, Point]:
    """Let each runner (one connection each) report and look at Today in turn for `seconds`,
    waiting about `think` milliseconds before each report (0: none, the server never idle);
    return (Today after a report, the report itself)."""
    table = (
        "{"
        + ", ".join(
            "{" + ", ".join(f"{k} = {json.dumps(v)}" for k, v in r.items()) + "}" for r in runners
        )
        + "}"
    )
    pause = string.Template(THINK).substitute(ms=f"{think:g}") if think else ""
    script = string.Template(REPORTS).substitute(
        runners=table, agent=json.dumps(AGENT), think=pause
    )
    out = _wrk(folder, script, base + "/", len(runners), len(runners), seconds, {})
    samples: dict[str, list[float]] = {"RTR-GET": [], "RTR-POST": []}
    wrong, micros = 0, 0
    for line in out.splitlines():
        key, _, rest = line.partition(" ")
        if key in samples:
            samples[key].extend(int(x) / 1e6 for x in rest.split())
        elif key == "RTR-WRONG":
            wrong += int(rest)
        elif key == "RTR-SECONDS":
            micros = int(rest)
    if wrong:
        raise RuntimeError(f"{wrong} reports or Today pages answered a wrong status")
    return (sampled(samples["RTR-GET"], micros / 1e6), sampled(samples["RTR-POST"], micros / 1e6))


def sampled(latencies: list[float], seconds: float) -> Point:
    """Summarise latencies measured over `seconds`."""
    if not latencies:
        return Point(0, seconds, math.nan, math.nan)
    ordered = sorted(latencies)
    p99 = ordered[max(0, math.ceil(len(ordered) * 0.99) - 1)]
    return Point(len(ordered), seconds, statistics.median(ordered), p99)
