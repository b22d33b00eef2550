"""HTTP benchmark (SPEC §8): requests/s and p50/p99 for hello, Today, the plan JSON, the feed,
its 304s and the coach roster at 10, 100 and 500 athletes.

Starts the real app under waitress on loopback over a fresh SQLite file, seeds one runner with
a walk-run plan and three coaches, then times each route in one run and prints it as a ratio
to the bare route: once with one client and once with several at once on each route (the
server under load), going round the light routes in short bursts so that every ratio compares
requests made under the same machine state; the rosters follow one after another.
Targets: Today <= 3x hello, feed <= 5x, feed 304 <= 1.5x.
Run: python bench/http.py [--requests N] [--threads N]
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder comes first on sys.path and its name would hide the
# standard library's http package: take the folder off before importing it.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import http.client  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402
from concurrent.futures import ThreadPoolExecutor  # noqa: E402

ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from tests.load import server  # noqa: E402

APP = """
from tests.conftest import fixed_clock
from web import create_app
app = create_app({{"SECRET_KEY": "bench", "DATABASE_URL": {url!r}, "CLOCK": fixed_clock(),
                  "SESSION_COOKIE_SECURE": False}})
"""
TARGETS = {"today": 3.0, "feed": 5.0, "feed 304": 1.5}
ROSTERS = (10, 100, 500)


def burst(connection: http.client.HTTPConnection, path: str, headers: dict, n: int
          ) -> list[float]:
    """Send `n` GETs on one keep-alive connection; return each one's time."""
    out = []
    for _ in range(n):
        start = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status in (200, 304), (path, response.status)
        out.append(time.perf_counter() - start)
    return out


def timed(port: int, path: str, headers: dict, count: int, threads: int) -> tuple[float, list]:
    """Send `count` GETs over `threads` keep-alive connections; return (req/s, latencies)."""
    return interleaved(port, {path: (path, headers)}, count, threads, rounds=1)[path]


def interleaved(port: int, routes: dict, count: int, clients: int = 1, rounds: int = 10
                ) -> dict[str, tuple[float, list]]:
    """Send `count` GETs to every route from `clients` keep-alive clients at once, in short
    bursts of one route after another, round after round: each route is timed under a load of
    its own (as a load tool on that route would), and every route meets the machine in each of
    its states (its speed drifts by tens of percent within minutes). Rounds are for light
    routes: one that follows a roster of 500 finds the processor's caches cold."""
    connections = {name: [http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                          for _ in range(clients)] for name in routes}
    latencies: dict[str, list[float]] = {name: [] for name in routes}
    spent = dict.fromkeys(routes, 0.0)
    per_client = max(1, count // rounds // clients)
    with ThreadPoolExecutor(clients) as pool:
        for _ in range(rounds):
            for name, (path, headers) in routes.items():
                began = time.perf_counter()
                parts = pool.map(burst, connections[name], [path] * clients,
                                 [headers] * clients, [per_client] * clients)
                latencies[name].extend(x for part in parts for x in part)
                spent[name] += time.perf_counter() - began
    for pair in connections.values():
        for connection in pair:
            connection.close()
    return {name: (len(times) / spent[name], sorted(times)) for name, times in latencies.items()}


def session_cookie(port: int, email: str = "runner@example.com") -> str:
    """Log in as a browser does: open the form (a session with its CSRF secret), send it with
    the token, and keep the cookie the answer sets. A client that kept the first cookie instead
    would make the app start a new CSRF secret, and so a new cookie, on every page."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/auth/login")
    response = connection.getresponse()
    token = re.search(r'name="csrf_token" value="([^"]+)"', response.read().decode())
    cookie = response.getheader("Set-Cookie").split(";")[0]
    body = urllib.parse.urlencode({"email": email, "password": "correct horse battery",
                                   "csrf_token": token.group(1) if token else ""})
    connection.request("POST", "/auth/login", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 302, f"log-in as {email} answered {response.status}"
    return response.getheader("Set-Cookie").split(";")[0]


def feed_path(database_url: str, plan: int) -> str | None:
    """Subscribe the plan to a calendar feed, if the feed feature exists in this tree."""
    try:
        from web import calendar_feed, store
    except ImportError:
        return None
    from web import create_app

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": database_url})
    with app.test_request_context():
        token, digest = calendar_feed.new_token()
        store.set_feed_token(plan, digest)
    app.extensions["rtr.engine"].dispose()
    return f"/feeds/{token}/return-to-run.ics"


def seed_coaches(database_url: str) -> None:
    """Sign up one coach per roster size and give them that many athletes with plans."""
    from tests.web.test_coach import coach_signup
    from tests.web.test_roster import seed_roster
    from web import create_app

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": database_url,
                      "WTF_CSRF_ENABLED": False, "TESTING": True})
    for size in ROSTERS:
        coach_signup(app.test_client(), f"coach{size}@example.com")
        seed_roster(app, f"coach{size}@example.com", size)
    app.extensions["rtr.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--threads", type=int, default=4, help="clients at once, second pass")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rtr-bench-") as temporary:
        run(Path(temporary), args)


def run(folder: Path, args: argparse.Namespace) -> None:
    url = f"sqlite:///{folder / 'rtr.sqlite'}"
    token, plan, _keys = server.seed(url)
    feed = feed_path(url, plan)
    seed_coaches(url)
    (folder / "load_app.py").write_text(APP.format(url=url))
    port = server.free_port()
    process = server.start(folder, port)
    try:
        cookie = {"Cookie": session_cookie(port)}
        routes = {"hello": ("/api/v1/ping", {}),
                  "today": (f"/plans/{plan}/today", cookie),
                  "plan json": (f"/api/v1/plans/{plan}/plan",
                                {"Authorization": f"Bearer {token}"})}
        if feed:
            etag, modified = validators(port, feed)
            routes["feed"] = (feed, {})
            routes["feed 304"] = (feed, {"If-None-Match": etag})
            routes["304 by date"] = (feed, {"If-Modified-Since": modified})
        first = {}
        for size in ROSTERS:
            coach = {"Cookie": session_cookie(port, f"coach{size}@example.com")}
            began = time.perf_counter()
            timed(port, "/coach/", coach, 1, 1)  # builds every athlete's plan
            first[f"roster {size}"] = time.perf_counter() - began
            routes[f"roster {size}"] = ("/coach/", coach)
        for path, headers in routes.values():  # warm up each route
            timed(port, path, headers, args.threads * 5, args.threads)
        light = {name: route for name, route in routes.items() if name not in first}
        light_requests = {1: args.requests // 4, args.threads: args.requests}
        passes = {clients: {**interleaved(port, light, light_requests[clients], clients),
                            **{name: timed(port, *routes[name], args.requests // 4, clients)
                               for name in first}}
                  for clients in (1, args.threads)}
    except AssertionError:  # a route answered something else than 200 or 304: say why
        print(server.log_tail(folder), file=sys.stderr)
        raise
    finally:
        server.stop(process)
    for threads, results in passes.items():
        print(f"\n{threads} client{'s' if threads > 1 else ''} at once")
        report(results)
    print("\nfirst roster load (every plan built):",
          ", ".join(f"{name.split()[1]} athletes {seconds * 1000:.0f} ms"
                    for name, seconds in first.items()))


def validators(port: int, path: str) -> tuple[str, str]:
    """Return the feed's ETag and Last-Modified."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    return response.getheader("ETag"), response.getheader("Last-Modified")


def report(results: dict) -> None:
    hello = statistics.median(results["hello"][1])
    print(f"{'route':<11} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50/hello':>10}  target")
    for name, (rate, latencies) in results.items():
        p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
        ratio = p50 / hello
        target = TARGETS.get(name)
        verdict = "" if target is None else f"<= {target}x {'ok' if ratio <= target else 'MISSED'}"
        print(f"{name:<11} {rate:8.0f} {p50 * 1000:8.2f} {p99 * 1000:8.2f} {ratio:10.2f}  {verdict}")


if __name__ == "__main__":
    main()
