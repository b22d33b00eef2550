"""Watch files: read runs from FIT, GPX and TCX files, and write walk-runs as FIT workouts.

    read(path_or_bytes, name, tz) -> list[Activity]      raises WatchFileError
    read_all(path_or_bytes, name, tz) -> Reading         activities and a problem per bad file
    workout_fit(name, stage, warmup_min, cooldown_min) -> bytes
    zip_of_workouts([Workout(day, stage), ...]) -> bytes

No clock and no network: the runner's time zone is passed in. See docs/watch.md.
"""

from watch.activity import Activity, Sport
from watch.archive import MAX_FILE_BYTES, MAX_ZIP_BYTES, MAX_ZIP_DEPTH, MAX_ZIP_MEMBERS
from watch.errors import NotAnActivity, WatchFileError
from watch.reader import Reading, read, read_all
from watch.running import RUN_MIN_CADENCE, RUN_MIN_SPEED, WALK_BREAK_SECONDS
from watch.workout import StageLike, Workout, workout_file_name, workout_fit, zip_of_workouts

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ZIP_BYTES",
    "MAX_ZIP_DEPTH",
    "MAX_ZIP_MEMBERS",
    "RUN_MIN_CADENCE",
    "RUN_MIN_SPEED",
    "WALK_BREAK_SECONDS",
    "Activity",
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
