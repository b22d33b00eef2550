"""GPX tracks, read with gpxpy: one recording per track that has times."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import gpxpy
import gpxpy.gpx

from watch.activity import Recording, sport_from_words
from watch.errors import NotAnActivity, WatchFileError
from watch.running import Sample, stretches

# Degrees of a position on the earth (GPX's own schema; a longitude of 180 is written too).
MAX_LATITUDE = 90.0
MAX_LONGITUDE = 180.0


def read_gpx(data: bytes, name: str) -> list[Recording]:
    """Return the timed tracks of a GPX file; raise WatchFileError for anything else."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WatchFileError(name, "is a GPX file that is not UTF-8 text") from None
    try:
        document = gpxpy.parse(text)
        _check_positions(document, name)
        found = [recording for track in document.tracks if (recording := _recording(track))]
    except WatchFileError:
        raise  # already says what is wrong, though it is a ValueError too
    except gpxpy.gpx.GPXException as error:
        raise WatchFileError(name, f"is not a valid GPX file ({error})") from None
    except (ValueError, ArithmeticError) as error:  # gpxpy does not check ranges: a latitude of 900
        raise WatchFileError(name, f"is a GPX file with a value out of range ({error})") from None
    if not found:
        raise NotAnActivity(
            name,
            "holds no timed track with movement: a route or waypoints, not a recorded activity",
        )
    return found


def _check_positions(document: gpxpy.gpx.GPX, name: str) -> None:
    """Refuse a track point off the earth: gpxpy takes a latitude of 90.3 or "nan" as it is."""
    for track in document.tracks:
        for segment in track.segments:
            for point in segment.points:
                if not (
                    _within(point.latitude, MAX_LATITUDE)
                    and _within(point.longitude, MAX_LONGITUDE)
                ):
                    raise WatchFileError(
                        name,
                        "is a GPX file with a position out of range "
                        f"(latitude {point.latitude}, longitude {point.longitude})",
                    )


def _within(degrees: float, most: float) -> bool:
    return math.isfinite(degrees) and -most <= degrees <= most


def _recording(track: gpxpy.gpx.GPXTrack) -> Recording | None:
    _times_in_utc(track)
    times = [p.time for segment in track.segments for p in segment.points if p.time is not None]
    moving = track.get_moving_data()
    if len(times) < 2 or moving is None or moving.moving_time <= 0:
        return None
    start = min(times)
    samples = _samples(track, start)
    length = track.length_2d()
    return Recording(
        start=start,
        sport=sport_from_words(track.type),
        moving_seconds=moving.moving_time,
        distance_m=length if length > 0 else None,
        stretches=tuple(stretches(samples)),
    )


def _samples(track: gpxpy.gpx.GPXTrack, origin: datetime) -> list[Sample]:
    """Return the timed points with the distance covered so far; a new segment adds no distance."""
    samples, covered = [], 0.0
    for segment in track.segments:
        previous = None
        for point in segment.points:
            if previous is not None:
                covered += point.distance_2d(previous) or 0.0
            previous = point
            if point.time is not None:
                samples.append(Sample((point.time - origin).total_seconds(), distance=covered))
    return samples


def _times_in_utc(track: gpxpy.gpx.GPXTrack) -> None:
    """Give times without a zone the GPX standard's zone, UTC, so every time compares."""
    for segment in track.segments:
        for point in segment.points:
            if point.time is not None and point.time.tzinfo is None:
                point.time = point.time.replace(tzinfo=UTC)
            elif point.time is not None:
                point.time = point.time.astimezone(UTC)
