"""Load benchmark (issue 19, SPEC §8): wrk against the real server, at 1, 8 and 32 connections.

Run:  .venv/bin/python bench/load.py [--stack waitress|workers|gunicorn|both|all]
          [--duration 5] [--rounds 3] [--concurrency 1,8,32] [--workers 4] [--threads 4]
          [--sqlite-workers N]
          [--roster-duration 15] [--think 250,500,1000]
Needs Debian's wrk (`apt-get install -y wrk`; without it this exits with code 2) and, for the
gunicorn stack, PostgreSQL at --postgres (a database of the bench's own is created beside it
and dropped afterwards). Prints figures only; nothing is asserted.

Stacks: waitress on an SQLite file, with the threads `rtr serve` gives it (SERVE_THREADS);
`rtr serve --workers N` on an SQLite file (--sqlite-workers, default one per core: gunicorn
processes of WORKER_THREADS threads, the app made once before they fork); and gunicorn with --workers workers of --threads threads each (docs/deploying.md: 4 × 4) on
PostgreSQL; --threads 1 runs gunicorn's sync workers, one request at a time each. Each is seeded
through the app's own models (bench/seed.py) and runs the tests' fixed clock (Thursday 20
March 2025); the bench logs in through the log-in form, with its CSRF token, keeping the
cookies each answer sets (bench/browser.py), and checks every route's status once first.

What is timed, each a wrk run of --duration seconds per route and concurrency (connections;
wrk's threads: one per core, two at most). p50 and p99 are wrk's latencies, from writing the
request to reading the whole answer (connecting is not in it); req/s is answers per second.
- hello: /api/v1/ping, the bare route every ratio divides by (p50 / hello's p50);
- kept Today: the runner's Today page, looked at again (the kept page: no build, no render;
  its log-in check and plan row from memory while nothing was written, which
  BENCH_READ_MEMO_SECONDS=0 turns off, to time the two reads instead);
- Today after a report: each connection is a runner of its own (one wrk thread each, a Lua
  script) who sends the report form (pain scores and the form's CSRF token) and then opens the
  page its answer redirects to, Today with "?reported=1", and again: every such Today is a
  page not rendered before (the report bumped the plan's log version). The report's request
  builds the plan after its write, so a Today served by the same process renders from that
  build (every one on waitress, about one in four on gunicorn's four workers); another process
  serves the page the report's process rendered and kept in the database (SHARED_PAGES). Only these GETs make the row; the reports' own times are the "report (POST)"
  row. Both are timed in Lua with the monotonic clock around each request; req/s counts GETs.
  No runner pauses, so the server is never idle: with N connections a report and its Today
  take N / (req/s) seconds together, however the server orders them. With --think, the
  reports run again at the most connections with each runner reading Today for about that
  many ms (half to one and a half times, at random, the first report too) before the next
  report, for long enough that each reports about ten times: the same runners at a load the
  server can keep up with ("think 500 ms" rows; no ratio, since hello's runs have no pause);
- plan JSON (bearer token), the calendar feed (200), its repeat poll with the ETag (304, from
  the feed memo while nothing was written; BENCH_FEED_MEMO_SECONDS=0 in the environment turns
  the memo off, to time the app's one-query answer instead) and with only If-Modified-Since
  (304, the app's own conditional path);
- the coach dashboard at 500 and 5,000 athletes: first load (cold: every plan built, one
  request, in one server process, before the rounds) and later loads (warm: after the rounds,
  one load in each process, then wrk for --roster-duration seconds or four loads' time if
  that is longer; 5,000 athletes at one connection only), with each request's SQL statements.
The light routes go round one after another, hello first, all concurrencies, for --rounds
rounds: every ratio compares routes timed within the same minute, and the spread across
rounds shows how much the machine's state moved it. Before the rounds, the dashboards' first
loads leave the caches as a server with coaches has them. After every run the bench waits
until the server's processes are idle, so work left behind by one route never lands on the
next. Inside the server, bench/probe.py times every garbage collection (gc.callbacks) and
counts SQL statements; the GC table gives each route's full collections and their pauses.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import probe, seed, stack, table, wrk  # noqa: E402
from bench.browser import Answer, Browser, log_in  # noqa: E402

# Roster sizes and the connections each is timed at: a warm dashboard of 5,000 athletes takes
# seconds of CPU, so 8 or 32 at once would take minutes each and finish none within a run.
STACKS = ("waitress", "workers", "gunicorn")
ROSTERS = {500: (1, 8, 32), 5000: (1,)}
# A run with pauses lasts long enough for each runner to report about this many times: a p99
# of a few cycles each would be the slowest request of the run, the first ones' warm-up included.
THINK_CYCLES = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--stack",
        choices=(*STACKS, "both", "all"),
        default="all",
        help="both: waitress and gunicorn; all: the three",
    )
    parser.add_argument("--duration", type=float, default=5, help="seconds per route and run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", default="1,8,32", help="connections, comma-separated")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn's worker processes")
    parser.add_argument("--threads", type=int, default=4, help="each worker's threads (1: sync)")
    parser.add_argument(
        "--sqlite-workers",
        type=int,
        default=os.cpu_count() or 2,
        help="the workers stack's processes (`rtr serve --workers`)",
    )
    parser.add_argument("--roster-duration", type=float, default=15)
    parser.add_argument(
        "--think",
        default="",
        help="think times in ms, comma-separated: the reports again at the most connections, "
        "each runner waiting about that long before each report",
    )
    parser.add_argument("--postgres", default=stack.POSTGRES)
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.think = [float(t) for t in args.think.split(",") if t]
    wrk.require()
    chosen = {"both": ("waitress", "gunicorn"), "all": STACKS}.get(args.stack, (args.stack,))
    for name in chosen:
        with tempfile.TemporaryDirectory(prefix="rtr-load-") as folder:
            run(name, Path(folder), args)


def run(name: str, folder: Path, args: argparse.Namespace) -> None:
    """Seed, serve and time one stack; print its tables."""
    began, load = time.monotonic(), os.getloadavg()
    with stack.database(name, folder, args.postgres) as url:
        seeded = seed.seed(url, max(args.concurrency), tuple(ROSTERS))
        with stack.serving(
            name, folder, url, args.workers, args.threads, args.sqlite_workers
        ) as live:
            try:
                routes, sql = prepare(live, seeded)
                coaches, first = first_loads(live, seeded, sql)
                results = table.Results()
                rounds(live, routes, args, results)
                processes = {"gunicorn": args.workers, "workers": args.sqlite_workers}.get(name, 1)
                dashboards(live, coaches, processes, args, results, sql)
            except Exception:
                print(stack.server.log_tail(folder), file=sys.stderr)
                raise
    context = [
        f"{datetime.now():%Y-%m-%d %H:%M}, commit {commit()}, nproc {os.cpu_count()}, load "
        f"average {load[0]:.2f} before and {os.getloadavg()[0]:.2f} after (other work on this "
        f"machine shares its cores); {args.rounds} rounds of {args.duration:g} s per route, "
        f"dashboards {args.roster_duration:g} s; {time.monotonic() - began:.0f} s in all",
        "p50, p99: wrk's latencies (median over the rounds); req/s: answers per second; "
        "p50/hello: median of the rounds' ratios, (runs) their spread; SQL: statements in one "
        "request (light routes: the fewest of ten)",
    ]
    table.report(
        stack.TITLES[name].format(
            workers=args.workers, threads=args.threads, sqlite_workers=args.sqlite_workers
        ),
        results,
        sql,
        first,
        context,
    )


def dashboards(
    live: stack.Live,
    coaches: dict[int, Browser],
    processes: int,
    args: argparse.Namespace,
    results: table.Results,
    sql: dict,
) -> None:
    """Time each coach's later dashboard loads at the connections its size allows."""
    for size, coach in coaches.items():
        name = f"dashboard {size:,}"
        # long enough for a few warm loads to finish, one after another
        seconds = max(args.roster_duration, 4 * warm_up(coach, processes, name, sql))
        for connections in sorted(set(ROSTERS[size]) & set(args.concurrency)):
            measure(
                live, results, name, ("/coach/", {"Cookie": coach.cookie}), connections, seconds
            )


def commit() -> str:
    """Return the checked-out commit, marked if the tree has changes."""

    def git(*words: str) -> str:
        return subprocess.run(
            ["git", *words], capture_output=True, text=True, cwd=Path(__file__).parent
        ).stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        " (changed)" if git("status", "--porcelain") else ""
    )


def prepare(live: stack.Live, seeded: seed.Seeded) -> tuple[dict, dict[str, int]]:
    """Log in, check each light route's answer, and return the routes (path and headers, or
    the reporting runners) with the SQL statements one request of each sent."""
    runner = log_in(live.port, "runner@example.com")
    feed = Browser(live.port).send("GET", seeded.feed)
    bearer = {"Authorization": f"Bearer {seeded.api_token}"}
    routes: dict = {
        "hello": ("/api/v1/ping", {}),
        "kept Today": (f"/plans/{seeded.plan}/today", runner),
        "Today after a report": None,
        "plan JSON": (f"/api/v1/plans/{seeded.plan}/plan", bearer),
        "feed": (seeded.feed, {}),
        "feed 304": (seeded.feed, {"If-None-Match": feed.headers["ETag"]}),
        "feed 304 by date": (seeded.feed, {"If-Modified-Since": feed.headers["Last-Modified"]}),
    }
    sql = {}
    for name, route in routes.items():
        if route:
            sql[name] = checked(live, name, *headed(route))
    routes["Today after a report"], sql["Today after a report"], sql["report (POST)"] = reporters(
        live, seeded.reporters
    )
    return routes, sql


def headed(route: tuple[str, dict | Browser]) -> tuple[str, dict]:
    """A route's path and headers; a logged-in browser's cookie is refreshed first, as a real
    browser's is (the app rewrites the session cookie at most once a minute to note the
    visit, and wrk would otherwise send one that old on every request)."""
    path, headers = route
    if isinstance(headers, Browser):
        headers.send("GET", path)
        return path, {"Cookie": headers.cookie}
    return path, headers


def checked(live: stack.Live, name: str, path: str, headers: dict, times: int = 10) -> int:
    """Send a route several times (the later ones as wrk will find it, in whichever server
    process takes them); return the fewest SQL statements one of them sent."""
    wanted, counts = 304 if "304" in name else 200, []
    for _ in range(times):
        answer = Browser(live.port).send("GET", path, headers=headers)
        if answer.status != wanted:
            raise RuntimeError(f"{name}: {path} answered {answer.status}, not {wanted}")
        counts.append(int(answer.headers["X-Bench-SQL"]))
    if answer.headers.get("Set-Cookie"):  # wrk would go on sending the old one
        print(f"note: {name} sets a cookie on every request", file=sys.stderr)
    return min(counts)


def reporters(live: stack.Live, runners: list[tuple[str, int]]) -> tuple[list, int, int]:
    """Log each reporting runner in and take their Today form's token; send one report and
    the Today after it; return wrk's runners and the two requests' SQL statements."""
    found = []
    for email, plan in runners:
        browser = log_in(live.port, email)
        form = {
            "csrf_token": browser.csrf_token(f"/plans/{plan}/today"),
            "date": "2025-03-20",
            "pain_rest": 0,
            "pain_walking": 0,
            "pain_running": 0,
            "pain_morning": 0,
            "note": "",
        }
        if not found:
            posted = browser.send("POST", f"/plans/{plan}/report", form)
            page = browser.send("GET", f"/plans/{plan}/today?reported=1")
            if posted.status != 302 or page.status != 200:
                raise RuntimeError(f"a report answered {posted.status}, Today {page.status}")
            counts = int(page.headers["X-Bench-SQL"]), int(posted.headers["X-Bench-SQL"])
        found.append(
            {
                "cookie": browser.cookie,
                "report": f"/plans/{plan}/report",
                "today": f"/plans/{plan}/today?reported=1",
                "body": urllib.parse.urlencode(form),
            }
        )
    return found, *counts


def first_loads(
    live: stack.Live, seeded: seed.Seeded, sql: dict
) -> tuple[dict[int, Browser], dict[int, float]]:
    """Log each coach in and time their first dashboard (cold); return the coaches' browsers
    and the first loads' seconds; note each load's SQL in `sql`."""
    coaches, first = {}, {}
    for size, email in seeded.coaches.items():
        coaches[size] = log_in(live.port, email)
        first[size], answer = timed(coaches[size])
        if answer.status != 200:
            raise RuntimeError(f"the dashboard of {size} athletes answered {answer.status}")
        sql[f"dashboard {size:,} (first)"] = int(answer.headers["X-Bench-SQL"])
    return coaches, first


def warm_up(coach: Browser, processes: int, name: str, sql: dict) -> float:
    """Load the dashboard in every server process (another roster's loads may have pushed its
    rows out of the caches), then once alone; return the seconds that one took."""
    # A sync worker holds one load at a time, so each process gets one; a threaded worker may
    # take two, and a process left out serves its first load from the rows the database keeps.
    with ThreadPoolExecutor(processes) as pool:
        later = list(pool.map(timed, [coach] * processes))
    seconds, again = timed(coach)
    if {again.status, *(a.status for _, a in later)} != {200}:
        raise RuntimeError(f"{name} did not answer 200")
    sql[name] = int(again.headers["X-Bench-SQL"])
    return seconds


def timed(coach: Browser) -> tuple[float, Answer]:
    """Load the coach's dashboard; return the seconds it took and the answer."""
    began = time.perf_counter()
    answer = coach.send("GET", "/coach/")
    return time.perf_counter() - began, answer


def rounds(
    live: stack.Live, routes: dict, args: argparse.Namespace, results: table.Results
) -> None:
    """Warm each light route up, then time them all, round after round."""
    for route in routes.values():
        measure(live, None, "warm-up", route, max(args.concurrency), 1)
    for _ in range(args.rounds):
        for connections in args.concurrency:
            for name, route in routes.items():
                measure(live, results, name, route, connections, args.duration)
        for think in args.think:
            measure(
                live,
                results,
                "Today after a report",
                routes["Today after a report"],
                max(args.concurrency),
                max(args.duration, THINK_CYCLES * think / 1000),
                think,
            )


def measure(
    live: stack.Live,
    results: table.Results | None,
    name: str,
    route,
    connections: int,
    seconds: float,
    think: float = 0,
) -> None:
    """Time one route with wrk, wait for the server to be idle, and keep the point with the
    garbage collections the server made meanwhile. The reporting runners wait about `think`
    ms before each report (their rows say so)."""
    before = probe.totals(live.folder)
    if isinstance(route, list):  # the reporting runners
        named = ("Today after a report", "report (POST)")
        if think:
            named = tuple(f"{name}{table.THINKING}{think:g} ms" for name in named)
        points = dict(
            zip(
                named,
                wrk.reports(live.folder, live.base, route[:connections], seconds, think),
                strict=True,
            )
        )
    else:
        points = {name: wrk.route(live.folder, live.base, *headed(route), connections, seconds)}
    stack.wait_idle(live)
    time.sleep(0.3)  # the probe writes its totals every quarter second
    if results is not None:
        results.add(points, connections, before, probe.totals(live.folder))


if __name__ == "__main__":
    main()
