"""Write the golden files of tests/watch/golden/: `python -m tests.watch.make_golden`.

Run it once when a file should change (a new encoder version, a new case) and commit the result;
test_golden.py checks that the committed files are what this script writes and what they read as.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from planner.protocol import STAGES, stage_index
from tests.watch import files
from watch import workout_fit

GOLDEN = Path(__file__).parent / "golden"
# 23:50 in New York on Tuesday 10 November 2026 is 04:50 UTC on the 11th.
LATE_EVENING = datetime(2026, 11, 11, 4, 50, tzinfo=UTC)
MORNING = datetime(2026, 11, 12, 11, 0, tzinfo=UTC)  # 06:00 in New York


def golden_files() -> dict[str, bytes]:
    """Return the golden files by name."""
    return {
        # Walk-run S2 cut short: 3 x (2 min run / 1 min walk), outdoors with GPS, one lap a phase.
        "walk_run.fit": files.fit_activity(files.Part(MORNING, files.walk_run(2, 1, 3))),
        # 12 min on a treadmill: no position, the watch's distance and cadence.
        "treadmill.fit": files.fit_activity(
            files.Part(MORNING, (files.run(12),), sub_sport="treadmill", gps=False, cadence=True)
        ),
        # 20 min of running from 23:50 local: crosses midnight in New York.
        "late_run.gpx": files.gpx_track(LATE_EVENING, (files.run(20),), every=10),
        # 10 min run, 2 min walk, 5 min run, with the TCX speed and run-cadence extensions.
        "easy_run.tcx": files.tcx_activity(
            MORNING, (files.run(10), files.walk(2), files.run(5)), every=10
        ),
        # The workout for a stage S3 day: 5 min walk, 6 x (3 min run / 1 min walk), 5 min walk.
        "workout_s3.fit": workout_fit(
            "2026-11-12 S3", STAGES[stage_index("S3")], 5, 5, created=MORNING
        ),
    }


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for name, data in golden_files().items():
        (GOLDEN / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
