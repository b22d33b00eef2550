"""Benchmark: the coach's dashboard page time at 10, 100, 500 and 5,000 athletes.

Run: .venv/bin/python bench/roster.py [--sizes 10,100,500,5000]
Each roster is seeded on a fresh temporary SQLite file (or, with DATABASE_URL naming
PostgreSQL, a database of the bench's own created beside it, emptied for each size and dropped
at the end): every athlete has an Achilles plan and a report every other day. Times, each with
its SQL statements, in one process through the app's test client:
- first: the very first load, in a fresh app (no row stored yet: every plan is built);
- cold: the first load in another fresh app on the same database (empty in-process caches,
  as after a restart or in another worker: the rows stored by the first load are read);
- warm: the median of the next three loads;
- after a report: the load that follows one athlete's report (that athlete's row is rebuilt);
- new day: the first load the next morning (every athlete's day changed: every row is rebuilt).
It also prints the page's size. A figure to read, not a test to pass.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

# Run as a script, this file's folder comes first on sys.path, where a bench module could hide
# a module of the same name: take the folder off, put the project root on.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from planner.model import Report  # noqa: E402
from tests.conftest import FIXED_NOW, reset_postgres, scratch_postgres  # noqa: E402
from tests.web.conftest import PASSWORD, add_reports  # noqa: E402
from tests.web.test_roster import coach_client, seed_roster  # noqa: E402
from web import create_app  # noqa: E402
from web.core.db import engines  # noqa: E402

PHASES = ("first", "cold", "warm", "after a report", "new day")


def make_app(url: str, clock: Any) -> Any:
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CLOCK": clock,
            "WTF_CSRF_ENABLED": False,
            "IDLE_TIMEOUT_MINUTES": 7 * 24 * 60,  # the new day's load keeps the session
        }
    )


def timed(app: Any, client: Any) -> tuple[float, int, int]:
    """Load the dashboard; return its seconds, SQL statements and bytes."""
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    for engine in engines(app):
        event.listen(engine, "before_cursor_execute", count)
    start = time.perf_counter()
    answer = client.get("/coach/")
    seconds = time.perf_counter() - start
    for engine in engines(app):
        event.remove(engine, "before_cursor_execute", count)
    assert answer.status_code == 200, answer.status_code
    return seconds, len(statements), len(answer.data)


def measure(size: int, folder: Path, postgres: str | None) -> dict[str, tuple[float, int, int]]:
    url = postgres or f"sqlite:///{folder / f'roster-{size}.sqlite'}"
    if postgres:
        reset_postgres(url)
    clock = {"now": FIXED_NOW}
    app = make_app(url, lambda: clock["now"])
    client = coach_client(app)
    seed_roster(app, "coach@example.com", size)
    found = {"first": timed(app, client)}
    app.extensions["rtr.engine"].dispose()
    app = make_app(url, lambda: clock["now"])  # empty caches: a restart, another worker
    client = app.test_client()
    client.post("/auth/login", data={"email": "coach@example.com", "password": PASSWORD})
    found["cold"] = timed(app, client)
    warm = [timed(app, client) for _ in range(3)]
    found["warm"] = (statistics.median(t for t, _, _ in warm), warm[-1][1], warm[-1][2])
    add_reports(app, first_plan(app), [Report(FIXED_NOW.date(), pain_rest=1, pain_morning=1)])
    found["after a report"] = timed(app, client)
    clock["now"] = FIXED_NOW + timedelta(days=1)
    found["new day"] = timed(app, client)
    app.extensions["rtr.engine"].dispose()
    return found


def first_plan(app: Any) -> int:
    from sqlalchemy import func, select

    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        return int(session().scalar(select(func.min(PlanRow.id))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,500,5000", help="athletes, comma-separated")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores before")
    given = os.environ.get("DATABASE_URL", "")
    with contextlib.ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        postgres = (  # a database of the bench's own beside the one given, dropped after
            stack.enter_context(scratch_postgres(given, "roster_bench"))
            if given.startswith("postgresql")
            else None
        )
        print(f"{'athletes':>8}  " + "  ".join(f"{p:>22}" for p in PHASES) + "  page")
        for size in (int(s) for s in args.sizes.split(",")):
            found = measure(size, Path(folder), postgres)
            cells = [f"{found[p][0] * 1000:>8.0f} ms · {found[p][1]:>3} SQL" for p in PHASES]
            print(f"{size:>8}  " + "  ".join(f"{c:>22}" for c in cells), end="  ")
            print(f"{found['warm'][2] / 1024:.0f} kB", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
