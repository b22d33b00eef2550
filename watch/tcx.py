"""TCX (Garmin Training Center) files: one recording per Activity, from its laps and trackpoints."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from watch.activity import Recording, sport_from_words
from watch.errors import NotAnActivity, WatchFileError
from watch.running import Sample, stretches
from watch.xmltree import child_text, children, local

STEPS_PER_CYCLE = 2  # TCX counts RunCadence in strides (one foot), the rule counts steps


def read_tcx(root: ET.Element, name: str) -> list[Recording]:
    """Return the activities of a parsed TCX document; raise WatchFileError for anything else."""
    activities = [
        activity
        for group in children(root, "Activities")
        for activity in children(group, "Activity")
    ]
    if not activities:
        raise NotAnActivity(
            name, "holds no activity: a course or a workout, not a recorded activity"
        )
    return [_recording(activity, name) for activity in activities]


def _recording(activity: ET.Element, name: str) -> Recording:
    laps = children(activity, "Lap")
    start = _time(child_text(activity, "Id"), name) or _time(
        next((lap.get("StartTime") for lap in laps), None), name
    )
    moving = sum(_number(child_text(lap, "TotalTimeSeconds"), name) or 0.0 for lap in laps)
    if start is None or moving <= 0:
        raise WatchFileError(name, "has an activity without a start time or a duration")
    distance = sum(_number(child_text(lap, "DistanceMeters"), name) or 0.0 for lap in laps)
    return Recording(
        start=start,
        sport=sport_from_words(activity.get("Sport")),
        moving_seconds=moving,
        distance_m=distance or None,
        stretches=tuple(stretches(_samples(laps, start, name))),
    )


def _samples(laps: list[ET.Element], start: datetime, name: str) -> list[Sample]:
    samples = []
    for lap in laps:
        for track in children(lap, "Track"):
            for point in children(track, "Trackpoint"):
                when = _time(child_text(point, "Time"), name)
                if when is not None:
                    samples.append(_sample(point, (when - start).total_seconds(), name))
    return samples


def _sample(point: ET.Element, seconds: float, name: str) -> Sample:
    extension = next((e for e in point.iter() if local(e.tag) == "TPX"), None)
    speed = cadence = None
    if extension is not None:
        speed = _number(child_text(extension, "Speed"), name)
        strides = _number(child_text(extension, "RunCadence"), name)
        cadence = None if strides is None else strides * STEPS_PER_CYCLE
    return Sample(seconds, _number(child_text(point, "DistanceMeters"), name), speed, cadence)


def _time(text: str | None, name: str) -> datetime | None:
    """Read an ISO 8601 time; one without a zone is UTC, as TCX files are written."""
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise WatchFileError(
            name, f"has a time that is not a date and time: {text[:40]!r}"
        ) from None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when


def _number(text: str | None, name: str) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        raise WatchFileError(name, f"has a number that is not a number: {text[:40]!r}") from None
    if not math.isfinite(value) or value < 0:
        raise WatchFileError(name, f"has a number out of range: {text[:40]!r}")
    return value
