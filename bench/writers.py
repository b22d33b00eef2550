"""Benchmark: runners reporting at once in one process on SQLite.

Run: .venv/bin/python bench/writers.py [--threads 1,4,8] [--cycles 60]
For each thread count, a fresh temporary SQLite file is seeded with that many runners (as
bench/load.py seeds its reporting runners); each thread is a runner who, through the app's
test client, sends a report and opens the Today page it leads to, `--cycles` times. Prints
the cycles per second and the report POST's p50 / p90 / p99 / max. A report waits for
SQLite's write lock in SQLite's busy handler, which polls with sleeps growing to 100 ms: a
writer that keeps losing can wait long after the lock came free, which the tail shows. Threads
share the GIL, as waitress's do. Figures, not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path, where a bench module could hide
# a module of the same name: take the folder off, put the project root on.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench import seed  # noqa: E402
from bench.browser import AGENT, PASSWORD  # noqa: E402
from tests.conftest import fixed_clock  # noqa: E402
from web import create_app  # noqa: E402

FORM = {"date": "2025-03-20", "pain_rest": 0, "pain_walking": 0, "pain_running": 0}


def run(threads: int, cycles: int) -> tuple[float, list[float]]:
    """Seed `threads` runners and let them report at once; return cycles/s and POST times."""
    url = f"sqlite:///{tempfile.mkdtemp()}/writers.sqlite"
    runners = seed.seed(url, threads, ()).reporters
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
            "SESSION_COOKIE_SECURE": False,
            "REMINDERS_EMBEDDED": False,
        }
    )
    posts: list[float] = []
    headers = {"User-Agent": AGENT}

    def runner(email: str, plan: int) -> None:
        client = app.test_client()
        client.post("/auth/login", data={"email": email, "password": PASSWORD}, headers=headers)
        for _ in range(cycles):
            began = time.perf_counter()
            answer = client.post(f"/plans/{plan}/report", data=FORM, headers=headers)
            posts.append(time.perf_counter() - began)
            if answer.status_code != 302:
                raise RuntimeError(f"a report answered {answer.status_code}")
            client.get(f"/plans/{plan}/today?reported=1", headers=headers)

    began = time.perf_counter()
    workers = [threading.Thread(target=runner, args=r) for r in runners]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return len(posts) / (time.perf_counter() - began), posts


def spread(seconds: list[float]) -> str:
    """p50 / p90 / p99 / max in ms."""
    ordered = sorted(seconds)

    def at(share: float) -> float:
        return ordered[int(share * (len(ordered) - 1))] * 1000

    return f"{at(0.5):7.1f} {at(0.9):7.1f} {at(0.99):7.1f} {ordered[-1] * 1000:7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", default="1,4,8", help="runners at once, comma-separated")
    parser.add_argument("--cycles", type=int, default=60, help="reports per runner")
    args = parser.parse_args()
    print(f"{'threads':>7} {'cycles/s':>8}   report POST p50 / p90 / p99 / max, ms")
    for threads in (int(n) for n in args.threads.split(",")):
        rate, posts = run(threads, args.cycles)
        print(f"{threads:>7} {rate:>8.0f}   {spread(posts)}")


if __name__ == "__main__":
    main()
