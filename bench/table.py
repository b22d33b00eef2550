"""The load benchmark's figures: each route's points kept per concurrency, with the garbage
collections the server made meanwhile, printed as tables beside the issue 19 targets."""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from bench.wrk import Point

# Issue 19 and SPEC §8: (what is promised, whether a row's figures keep it).
TARGETS = {
    "kept Today": ("<= 3x", lambda ratio, p50, p99: ratio <= 3),
    "Today after a report": (
        "<= 10x, p99 <= 50 ms",
        lambda ratio, p50, p99: ratio <= 10 and p99 <= 0.050,
    ),
    "feed": ("<= 5x", lambda ratio, p50, p99: ratio <= 5),
    "feed 304": ("<= 1.5x", lambda ratio, p50, p99: ratio <= 1.5),
    "dashboard 5,000": ("< 500 ms", lambda ratio, p50, p99: p50 < 0.5),
}


# Rows of runners who pause before each report (bench/load.py --think) are named with this.
THINKING = ", think "


@dataclass
class Pauses:
    """The collections of one route's runs: every full one, the slow young ones, the total."""

    full: list[float] = field(default_factory=list)
    slow: list[float] = field(default_factory=list)
    seconds: float = 0.0  # time spent collecting, all server processes together
    wall: float = 0.0  # the runs' own length

    def add(self, before: dict[int, dict], after: dict[int, dict], wall: float) -> None:
        """Add what the server's processes collected between two readings of the probe."""
        self.wall += wall
        for pid, now in after.items():
            then = before.get(pid, {"full": [], "slow": [], "seconds": [0.0, 0.0, 0.0]})
            self.full += now["full"][len(then["full"]) :]
            self.slow += [took for _, took in now["slow"][len(then["slow"]) :]]
            self.seconds += sum(now["seconds"]) - sum(then["seconds"])


class Results:
    """Every point, by route and concurrency, in the order they were timed."""

    def __init__(self) -> None:
        self.points: dict[tuple[str, int], list[Point]] = defaultdict(list)
        self.pauses: dict[tuple[str, int], Pauses] = defaultdict(Pauses)

    def add(self, points: dict[str, Point], connections: int, before: dict, after: dict) -> None:
        for name, point in points.items():
            self.points[name, connections].append(point)
        first = next(iter(points))  # a run of two rows (report, then Today) collected once
        self.pauses[first, connections].add(before, after, points[first].seconds)

    def ratios(self, name: str, connections: int) -> list[float]:
        """p50 / hello's p50, run by run: against the same round's hello where there is one,
        else against hello's median."""
        mine, hello = self.points[name, connections], self.points["hello", connections]
        if len(mine) == len(hello):
            return [a.p50 / b.p50 for a, b in zip(mine, hello, strict=True)]
        median = statistics.median(p.p50 for p in hello)
        return [p.p50 / median for p in mine]


def row(results: Results, name: str, connections: int, sql: dict[str, int], width: int = 22) -> str:
    points = results.points[name, connections]
    n = sum(p.n for p in points)
    if n == 0:
        return f"{name:<{width}} {0:>7}  no request finished within the run"
    p50 = statistics.median(p.p50 for p in points if p.n)
    p99 = statistics.median(p.p99 for p in points if p.n)
    rate = statistics.median(p.rate for p in points)
    ratios = [r for r in results.ratios(name, connections) if not math.isnan(r)]
    ratio = statistics.median(ratios)
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if len(ratios) > 1 else ""
    shown = f"{ratio:>8.2f}"
    if THINKING in name:  # hello was timed with no pause: the two loads differ
        shown, spread = f"{'-':>8}", ""
    target = ""
    if name in TARGETS:
        promise, kept = TARGETS[name]
        target = f"{promise}: {'met' if kept(ratio, p50, p99) else 'MISSED'}"
    failed = sum(p.failed for p in points)
    note = f"  ({failed} failed)" if failed else ""
    return (
        f"{name:<{width}} {n:>7} {p50 * 1000:>9.2f} {p99 * 1000:>9.2f} {rate:>8.1f} "
        f"{shown} {spread:>11} {sql.get(name, ''):>4}  {target}{note}"
    )


def report(
    title: str, results: Results, sql: dict[str, int], first: dict[int, float], context: list[str]
) -> None:
    """Print the stack's tables: one per concurrency, the first loads, the collections."""
    print(f"\n== {title} ==")
    for line in context:
        print(line)
    names = list(dict.fromkeys(name for name, _ in results.points))
    width = max(22, *map(len, names))
    for connections in sorted({c for _, c in results.points}):
        print(f"\n{connections} connection{'s' if connections > 1 else ''}")
        print(
            f"{'route':<{width}} {'n':>7} {'p50 ms':>9} {'p99 ms':>9} {'req/s':>8} "
            f"{'p50/hello':>8} {'(runs)':>11} {'SQL':>4}  target"
        )
        for name in names:
            if (name, connections) in results.points:
                print(row(results, name, connections, sql, width))
    print(
        "\nfirst dashboard load (cold: every plan built, one server process): "
        + ", ".join(
            f"{size:,} athletes {seconds * 1000:,.0f} ms, {sql[f'dashboard {size:,} (first)']} SQL"
            for size, seconds in first.items()
        )
    )
    print("\ngarbage collections in the server during each route's runs")
    print(
        f"{'route':<{width}} {'conns':>5} {'full':>5} {'longest full ms':>15} "
        f"{'median full ms':>14} {'slowest young ms':>16} {'GC ms per s':>11}"
    )
    for (name, connections), pauses in results.pauses.items():
        longest, median = (
            (f"{max(pauses.full) * 1000:.1f}", f"{statistics.median(pauses.full) * 1000:.1f}")
            if pauses.full
            else ("-", "-")
        )
        print(
            f"{name:<{width}} {connections:>5} {len(pauses.full):>5} {longest:>15} {median:>14} "
            f"{max(pauses.slow, default=0) * 1000:>16.1f} "
            f"{pauses.seconds * 1000 / pauses.wall if pauses.wall else 0:>11.1f}"
        )
