"""Benchmark: the coach's dashboard page time at 10, 100 and 500 athletes.

Run: .venv/bin/python bench/roster.py
Each roster is seeded on a fresh temporary SQLite file (or DATABASE_URL's PostgreSQL, emptied
first): every athlete has an Achilles plan and a report every other day. Prints the first page
load (every plan built), the median of the next three (the app's caches hold them) and the SQL
statements of each. A figure to read, not a test to pass.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

# Run as a script, this file's folder comes first on sys.path, where a bench module could hide
# a module of the same name: take the folder off, put the project root on.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from tests.conftest import fixed_clock, reset_postgres  # noqa: E402
from tests.web.test_roster import coach_client, seed_roster  # noqa: E402
from web import create_app  # noqa: E402


def measure(size: int, folder: Path) -> tuple[float, int, float, int]:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder / f'roster-{size}.sqlite'}"
    if url.startswith("postgresql"):
        reset_postgres(url)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
        }
    )
    client = coach_client(app)
    seed_roster(app, "coach@example.com", size)
    statements: list[str] = []
    event.listen(
        app.extensions["rtr.engine"],
        "before_cursor_execute",
        lambda *args: statements.append(args[2]),
    )
    times, counts = [], []
    for _ in range(4):
        start, before = time.perf_counter(), len(statements)
        assert client.get("/coach/").status_code == 200
        times.append(time.perf_counter() - start)
        counts.append(len(statements) - before)
    app.extensions["rtr.engine"].dispose()
    return times[0], counts[0], statistics.median(times[1:]), counts[-1]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        print(
            f"{'athletes':>8}  {'first (ms)':>10}  {'SQL':>3}  {'next (ms)':>9}  {'SQL':>3}  "
            f"{'ms/athlete first':>16}"
        )
        for size in (10, 100, 500):
            first, first_sql, later, later_sql = measure(size, Path(folder))
            print(
                f"{size:>8}  {first * 1000:>10.0f}  {first_sql:>3}  {later * 1000:>9.0f}  "
                f"{later_sql:>3}  {first * 1000 / size:>16.2f}"
            )


if __name__ == "__main__":
    main()
