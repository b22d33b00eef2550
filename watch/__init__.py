"""Watch files: read runs from FIT, GPX and TCX files, and write walk-runs as FIT workouts.

No clock and no network: the runner's time zone is passed in. See docs/watch.md.
"""

from watch.activity import Activity, Sport
from watch.errors import NotAnActivity, WatchFileError
from watch.running import RUN_MIN_CADENCE, RUN_MIN_SPEED, WALK_BREAK_SECONDS

__all__ = [
    "RUN_MIN_CADENCE",
    "RUN_MIN_SPEED",
    "WALK_BREAK_SECONDS",
    "Activity",
    "NotAnActivity",
    "Sport",
    "WatchFileError",
]
