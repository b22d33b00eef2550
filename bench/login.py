"""Benchmark: how long a failed log-in takes for an email with an account and for one without.

Run: .venv/bin/python bench/login.py [rounds]
On a fresh temporary SQLite file, one account; the two kinds of attempt alternate, each from
its own address so that no limit answers first. Prints the median and quartiles of each: with
the dummy hash (web.auth.passwords) they should be about the same. A figure to read, not a test.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from tests.conftest import fixed_clock  # noqa: E402
from tests.web.conftest import sign_up  # noqa: E402
from web import create_app  # noqa: E402


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "CLOCK": fixed_clock(),
                "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite",
                "WTF_CSRF_ENABLED": False,
                "LOGIN_ACCOUNT_SLOWDOWN": 10**9,
            }
        )
        sign_up(app.test_client(), "runner@example.com", "the right password")
        times: dict[str, list[float]] = {"known email": [], "unknown email": []}
        for i in range(rounds):
            for kind, email in (
                ("known email", "runner@example.com"),
                ("unknown email", f"nobody{i}@example.com"),
            ):
                client = app.test_client()
                start = time.perf_counter()
                response = client.post(
                    "/auth/login",
                    data={"email": email, "password": "wrong"},
                    environ_base={"REMOTE_ADDR": f"10.{i // 250}.{i % 250}.1"},
                )
                times[kind].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 400, response.status_code
        app.extensions["rtr.engine"].dispose()
    print(f"{rounds} failed log-ins of each kind, ms: median (quartiles)")
    for kind, values in times.items():
        q1, median, q3 = statistics.quantiles(values, n=4)
        print(f"  {kind:14} {median:7.1f}  ({q1:.1f}-{q3:.1f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
