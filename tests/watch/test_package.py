"""watch/ stands alone: the standard library, Garmin's SDK and gpxpy; no clock, no network."""

from __future__ import annotations

import sys
from pathlib import Path

import watch
from tests.planner.test_purity import imported_roots

WATCH = Path(watch.__file__).parent
ALLOWED_THIRD_PARTY = {"garmin_fit_sdk", "gpxpy"}


def test_watch_imports_only_the_standard_library_garmins_sdk_and_gpxpy():
    for path in WATCH.glob("*.py"):
        foreign = {
            root
            for root in imported_roots(path)
            if root not in sys.stdlib_module_names and root != "watch"
        }
        assert foreign <= ALLOWED_THIRD_PARTY, (
            f"{path.name} imports {foreign - ALLOWED_THIRD_PARTY}"
        )


def test_watch_never_reads_the_clock_or_opens_a_connection():
    for path in WATCH.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in (
            "date.today(",
            "datetime.now(",
            "datetime.utcnow(",
            "time.time(",
            "urlopen(",
            "socket",
        ):
            assert call not in text, f"{path.name} uses {call}"


def test_the_public_api_is_what_the_package_docstring_promises():
    assert {
        "read",
        "read_all",
        "workout_fit",
        "zip_of_workouts",
        "WatchFileError",
        "Activity",
    } <= set(watch.__all__)
    assert all(hasattr(watch, name) for name in watch.__all__)
