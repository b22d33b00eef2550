"""A day's walk-run as a FIT workout file a watch can follow, written with Garmin's SDK encoder.

The steps (docs/watch.md): a warm-up walk, then the stage's run and walk steps with a repeat step
that sends the watch back to the run step until the stage's repeats are done, then a cool-down
walk. A continuous stage is one run step. Every step is timed; no pace or heart-rate target.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Protocol

from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
MAX_NAME_CHARS = 30  # watches show about this much of a workout's name
MIN_STEP_MINUTES = 1 / 60  # a watch counts steps in whole seconds
MAX_STEP_MINUTES = 240.0  # no step of a return-to-run session is longer; more is a mistake


class StageLike(Protocol):
    """A walk-run stage as the plan has it (planner.protocol.Stage fits): minutes and repeats."""

    @property
    def name(self) -> str: ...

    @property
    def run(self) -> float: ...  # minutes running per repeat

    @property
    def walk(self) -> float: ...  # minutes walking per repeat; 0 = continuous

    @property
    def repeats(self) -> int: ...


@dataclass(frozen=True)
class Workout:
    """One day's session for `zip_of_workouts`."""

    day: date
    stage: StageLike
    warmup_min: float = 5.0
    cooldown_min: float = 5.0


def workout_fit(
    name: str,
    stage: StageLike,
    warmup_min: float,
    cooldown_min: float,
    *,
    created: datetime | None = None,
) -> bytes:
    """Return a FIT workout file for a stage with a warm-up and cool-down walk (0 = none)."""
    steps = workout_steps(stage, warmup_min, cooldown_min)
    encoder = Encoder()
    encoder.write_mesg(_file_id(name, created))
    encoder.write_mesg(
        {
            "mesg_num": MESG["WORKOUT"],
            "sport": "running",
            "num_valid_steps": len(steps),
            "wkt_name": _short_name(name),
        }
    )
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": MESG["WORKOUT_STEP"], "message_index": index, **step})
    return encoder.close()


def workout_steps(stage: StageLike, warmup_min: float, cooldown_min: float) -> list[dict[str, Any]]:
    """Return the workout_step fields for a stage, in order (durations in milliseconds)."""
    _check_minutes("warmup_min", warmup_min, zero_ok=True)
    _check_minutes("cooldown_min", cooldown_min, zero_ok=True)
    _check_stage(stage)
    steps = [_timed("Warm-up walk", warmup_min, "warmup")] if warmup_min else []
    if stage.walk == 0:
        steps.append(_timed("Run easy", stage.run * stage.repeats, "active"))
    else:
        run_step = len(steps)
        steps.append(_timed("Run", stage.run, "active"))
        steps.append(_timed("Walk", stage.walk, "recovery"))
        if stage.repeats > 1:
            steps.append(
                {
                    "wkt_step_name": f"Repeat {stage.repeats} times",
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": run_step,  # the step the watch goes back to
                    "target_value": stage.repeats,
                }
            )
    if cooldown_min:
        steps.append(_timed("Cool-down walk", cooldown_min, "cooldown"))
    return steps


def zip_of_workouts(workouts: Sequence[Workout]) -> bytes:
    """Return a zip of one FIT workout a day, named like 20261111-S3.fit, for a watch's NewFiles."""
    if not workouts:
        raise ValueError("workouts: there is no walk-run day to send to the watch")
    days = [workout.day for workout in workouts]
    if len(set(days)) != len(days):
        raise ValueError("workouts: two workouts on one day; a day has one session")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for workout in sorted(workouts, key=lambda w: w.day):
            midnight = datetime.combine(workout.day, time(), UTC)
            data = workout_fit(
                f"{workout.day.isoformat()} {workout.stage.name}",
                workout.stage,
                workout.warmup_min,
                workout.cooldown_min,
                created=midnight,
            )
            info = zipfile.ZipInfo(
                workout_file_name(workout.day, workout.stage), midnight.timetuple()[:6]
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def workout_file_name(day: date, stage: StageLike) -> str:
    """Return a short ASCII file name a watch accepts: the day and the stage (20261111-S3.fit)."""
    label = re.sub(r"[^A-Za-z0-9]", "", stage.name)[:8] or "run"
    return f"{day:%Y%m%d}-{label}.fit"


def _file_id(name: str, created: datetime | None) -> dict[str, Any]:
    # A FIT file is known by its file_id: the serial number comes from the name and the creation
    # time from the caller, so the same workout is always the same bytes.
    serial = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") | 1
    message: dict[str, Any] = {
        "mesg_num": MESG["FILE_ID"],
        "type": "workout",
        "manufacturer": "development",
        "product": 0,
        "serial_number": serial,
    }
    if created is not None:
        message["time_created"] = created
    return message


def _timed(label: str, minutes: float, intensity: str) -> dict[str, Any]:
    return {
        "wkt_step_name": label,
        "duration_type": "time",
        "duration_value": round(minutes * 60_000),  # the SDK writes raw values: milliseconds
        "target_type": "open",
        "intensity": intensity,
    }


def _short_name(name: str) -> str:
    line = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return line[:MAX_NAME_CHARS] or "Walk-run"


def _check_stage(stage: StageLike) -> None:
    _check_minutes("run", stage.run, zero_ok=False)
    _check_minutes("walk", stage.walk, zero_ok=True)
    if isinstance(stage.repeats, bool) or not isinstance(stage.repeats, int) or stage.repeats < 1:
        raise ValueError(f"repeats: {stage.repeats!r} is not a whole number of at least 1")
    if stage.run * stage.repeats > MAX_STEP_MINUTES:
        raise ValueError(
            f"run: {stage.run * stage.repeats:g} min of running is more than {MAX_STEP_MINUTES:g}"
        )


def _check_minutes(field: str, value: float, *, zero_ok: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{field}: {value!r} minutes is not a duration")
    if value == 0 and zero_ok:
        return
    if value < MIN_STEP_MINUTES:
        raise ValueError(f"{field}: {value!r} minutes is not a duration")
    if value > MAX_STEP_MINUTES:
        raise ValueError(f"{field}: {value:g} minutes is more than {MAX_STEP_MINUTES:g}")
