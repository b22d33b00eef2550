"""Benchmark: what a report and the Today page after it cost, in one process, without a server.

Run: .venv/bin/python bench/cycle.py [--cycles 300] [--profile 30]
Seeds the load bench's runner (bench/seed.py: an Achilles plan on day 20, a green week behind
it) on a temporary SQLite file, logs in through the app's test client and then, one thread,
sends the report form and the Today page it leads to, `--cycles` times after a warm-up. The
report alternates the walking pain between 0 and 1, so that every report changes the log (a
form sent twice unchanged would measure less than a runner's report does). It prints:
- each request's milliseconds (wall and CPU), a kept Today and a bare route's, with ratios to
  the bare route: the CPU a runner's cycle costs a server, whatever the server;
- where a cycle's time goes: the engine's build, the templates, the commits, the rest;
- the Python function calls of one cycle (cProfile), a count that does not move with the
  machine's load as times do;
- with `--profile N`, the N functions of most cumulative time.
The collector runs as in the server (web/core/memory.py): with CPython's defaults, young
collections fall inside the engine's build, and a profile charges them to whichever function
allocated last. Figures to read, not a test to pass. docs/performance.md says how they bear on throughput.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Run as a script, this file's folder comes first on sys.path, where a bench module could hide
# a module of the same name: take the folder off, put the project root on.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import flask.templating  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench import seed  # noqa: E402
from bench.browser import PASSWORD  # noqa: E402
from tests.conftest import fixed_clock  # noqa: E402
from web import create_app  # noqa: E402
from web.core import memory  # noqa: E402
from web.services import builds  # noqa: E402

BARE = "/api/v1/ping"
spent: dict[str, float] = defaultdict(float)  # seconds inside each timed part


def timed(owner: Any, name: str, part: str) -> None:
    """Wrap `owner.name` so that the time spent in it adds to `spent[part]` (outermost call)."""
    inner = getattr(owner, name)
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        depth[0] += 1
        began = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            depth[0] -= 1
            if not depth[0]:
                spent[part] += time.perf_counter() - began

    setattr(owner, name, wrapper)


@contextmanager
def clocked() -> Iterator[Callable[[], tuple[float, float]]]:
    """Time a block: yields a function giving the block's (wall, CPU) seconds, once it ended."""
    took: list[float] = []
    wall, cpu = time.perf_counter(), time.process_time()
    yield lambda: (took[0], took[1])
    took.extend((time.perf_counter() - wall, time.process_time() - cpu))


def client(url: str) -> tuple[FlaskClient, int]:
    """Seed the bench's runners, log one in; return the client and their plan's id."""
    email, plan = seed.seed(url, reporters=1, rosters=()).reporters[0]
    app = create_app(
        {"SECRET_KEY": "bench", "DATABASE_URL": url, "CLOCK": fixed_clock(), "TESTING": True}
    )
    app.config["WTF_CSRF_ENABLED"] = False  # the form's token is not what is timed
    browser = app.test_client()
    answer = browser.post("/auth/login", data={"email": email, "password": PASSWORD})
    if answer.status_code != 302:
        raise RuntimeError(f"log-in answered {answer.status_code}")
    return browser, plan


def cycle(browser: FlaskClient, plan: int, n: int) -> tuple[float, float]:
    """Send one report and the Today after it; return their wall seconds."""
    form = {"date": "2025-03-20", "pain_rest": 0, "pain_walking": n % 2, "pain_running": 0}
    with clocked() as report:
        posted = browser.post(f"/plans/{plan}/report", data={**form, "pain_morning": 0})
    with clocked() as today:
        page = browser.get(f"/plans/{plan}/today?reported=1")
    if posted.status_code != 302 or page.status_code != 200:
        raise RuntimeError(f"a report answered {posted.status_code}, Today {page.status_code}")
    return report()[0], today()[0]


def per_request(browser: FlaskClient, path: str, times: int) -> tuple[float, float]:
    """(wall, CPU) seconds of one GET of `path`, averaged over `times`."""
    with clocked() as took:
        for _ in range(times):
            if browser.get(path).status_code != 200:
                raise RuntimeError(f"{path} did not answer 200")
    wall, cpu = took()
    return wall / times, cpu / times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=300)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        browser, plan = client(f"sqlite:///{folder}/bench.db")
        for n in range(30):
            cycle(browser, plan, n)  # warm-up: caches, checkpoints, compiled templates
        memory.tune()  # the server's collector settings: a test app (TESTING) skips them
        timed(builds, "build_from", "engine build")
        timed(flask.templating, "_render", "templates")
        timed(Session, "commit", "commits")
        reports = todays = 0.0
        with clocked() as took:
            for n in range(args.cycles):
                report, today = cycle(browser, plan, n)
                reports, todays = reports + report, todays + today
        wall, cpu = (seconds / args.cycles for seconds in took())
        parts = dict(spent)  # the cycles' alone: the timers go on counting the requests below
        kept = per_request(browser, f"/plans/{plan}/today", args.cycles)
        bare = per_request(browser, BARE, args.cycles * 3)
        show(args.cycles, (wall, cpu), reports, todays, kept, bare, parts)
        calls(browser, plan, args.profile)


def show(
    cycles: int,
    one: tuple[float, float],
    reports: float,
    todays: float,
    kept: tuple[float, float],
    bare: tuple[float, float],
    parts: dict[str, float],
) -> None:
    ms = 1000.0
    print(f"{cycles} cycles, one thread, SQLite · ms wall (CPU) and × the bare route's wall")
    rows = [
        ("a cycle: report + Today", one[0], one[1]),
        ("  the report (POST)", reports / cycles, None),
        ("  Today after it", todays / cycles, None),
        ("kept Today", *kept),
        (f"bare route {BARE}", *bare),
    ]
    for name, wall, cpu in rows:
        used = f" ({cpu * ms:.2f})" if cpu is not None else ""
        print(f"  {name:<28} {wall * ms:7.2f}{used:>9}  {wall / bare[0]:6.1f}×")
    print("where a cycle's wall time goes:")
    for part, seconds in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {part:<28} {seconds / cycles * ms:7.2f}  {seconds / cycles / one[0]:6.0%}")
    rest = one[0] - sum(parts.values()) / cycles
    print(f"  {'the rest (Flask, auth, reads)':<28} {rest * ms:7.2f}  {rest / one[0]:6.0%}")
    print(f"cycles a second one core could serve: {1 / one[1]:.0f} (CPU)")


def calls(browser: FlaskClient, plan: int, top: int, cycles: int = 20) -> None:
    """Count the function calls of a cycle under cProfile; print the `top` functions."""
    profile = cProfile.Profile()
    profile.enable()
    for n in range(cycles):
        cycle(browser, plan, n)
    profile.disable()
    stats = pstats.Stats(profile)
    print(f"Python function calls in a cycle: {stats.total_calls / cycles:,.0f}")  # type: ignore[attr-defined]
    if top:
        stats.sort_stats("cumulative").print_stats(top)


if __name__ == "__main__":
    main()
