"""Garbage collection for a long-running server: no long pauses under load (issue 19).

A plan build makes tens of thousands of short-lived objects. With CPython's default young
threshold (700) collections run in the middle of every build, promote its half-built objects
to the old generation and, once enough have piled up, start a full collection that walks every
object the process keeps, its caches' plans and pages included: 190–615 ms stalls under load
(bench/RESULTS.md). So once the app is built, what start-up made (modules, templates, the
database metadata) is frozen out of every collection, and the young generation may hold
enough objects that a whole build is over, and its temporaries freed by reference counting,
before a collection looks at them. Cycles are still collected; only less often.
"""

from __future__ import annotations

import gc

from flask import Flask

# Young, middle and old generation thresholds (CPython's default: 700, 10, 10).
THRESHOLDS = (50_000, 20, 10)


def settle(app: Flask) -> None:
    """Freeze start-up's objects and raise the thresholds; not in tests (the test process makes
    many apps, and freezing would keep each one's garbage for the rest of the run)."""
    if app.testing or not app.config["GC_TUNING"]:
        return
    tune()


def tune() -> None:
    """Collect once, freeze what is left and raise the thresholds (a bench calls it too, so
    that what it times collects as the server does)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
