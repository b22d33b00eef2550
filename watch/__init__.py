"""Watch files: read runs from FIT, GPX and TCX files, and write walk-runs as FIT workouts.

    read(path_or_bytes, name, tz) -> list[Activity]      raises WatchFileError
    read_all(path_or_bytes, name, tz, budget=None) -> Reading   activities, a problem per bad file
    workout_fit(name, stage, warmup_min, cooldown_min) -> bytes
    zip_of_workouts([Workout(day, stage), ...]) -> bytes

No clock and no network: the runner's time zone is passed in. See docs/watch.md.
"""

from watch.activity import Activity, Sport
from watch.archive import MAX_ZIP_DEPTH
from watch.errors import NotAnActivity, WatchFileError
from watch.limits import (
    MAX_FILE_BYTES,
    MAX_FILE_PARTS,
    MAX_FILE_POINTS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_FILES,
    MAX_UPLOAD_PARTS,
    MAX_UPLOAD_POINTS,
    Budget,
)
from watch.reader import Reading, read, read_all
from watch.running import RUN_MIN_CADENCE, RUN_MIN_SPEED, WALK_BREAK_SECONDS
from watch.workout import StageLike, Workout, workout_file_name, workout_fit, zip_of_workouts

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_FILE_PARTS",
    "MAX_FILE_POINTS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_FILES",
    "MAX_UPLOAD_PARTS",
    "MAX_UPLOAD_POINTS",
    "MAX_ZIP_DEPTH",
    "RUN_MIN_CADENCE",
    "RUN_MIN_SPEED",
    "WALK_BREAK_SECONDS",
    "Activity",
    "Budget",
    "NotAnActivity",
    "Reading",
    "Sport",
    "StageLike",
    "WatchFileError",
    "Workout",
    "read",
    "read_all",
    "workout_file_name",
    "workout_fit",
    "zip_of_workouts",
]
