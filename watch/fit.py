"""FIT activity files, decoded with Garmin's own SDK: one recording per session."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from garmin_fit_sdk import Decoder, Stream

from watch.activity import Recording, Sport
from watch.errors import NotAnActivity, WatchFileError
from watch.running import Sample, Stretch, is_running_pace, stretches

Message = Mapping[str, object]

FIT_SPORTS: dict[str, Sport] = {
    "running": Sport.RUN,
    "walking": Sport.WALK,
    "hiking": Sport.WALK,
    "cycling": Sport.CYCLE,
    "e_biking": Sport.CYCLE,
    "swimming": Sport.SWIM,
}
# Gym and generic sessions say what they were in the sub-sport (a treadmill run, a spin class).
FIT_SUB_SPORTS: dict[str, Sport] = {
    "treadmill": Sport.RUN,
    "indoor_running": Sport.RUN,
    "indoor_walking": Sport.WALK,
    "indoor_cycling": Sport.CYCLE,
    "spin": Sport.CYCLE,
    "lap_swimming": Sport.SWIM,
    "open_water": Sport.SWIM,
}
STEPS_PER_CYCLE = 2  # FIT counts running cadence in strides (one foot), the rule counts steps
# Sessions of one file: a triathlon is 5 with its transitions, a swimrun 20-odd legs; more is a
# damaged or made-up file, and each session becomes an activity of its own.
MAX_FILE_SESSIONS = 50


@dataclass(frozen=True)
class Span:
    """When one session ran, and for how long it moved."""

    start: datetime
    end: datetime
    moving: float


def looks_like_fit(data: bytes) -> bool:
    """Say whether bytes carry the FIT header's ".FIT" mark."""
    return len(data) >= 12 and data[8:12] == b".FIT"


def read_fit(data: bytes, name: str) -> list[Recording]:
    """Return the sessions of a FIT activity file; raise WatchFileError for anything else."""
    messages = _decode(data, name)
    kind = next((m.get("type") for m in _messages(messages, "file_id_mesgs")), None)
    if kind != "activity":
        what = f"a FIT {kind} file" if isinstance(kind, str) else "a FIT file of no known type"
        raise NotAnActivity(name, f"is {what}, not a recorded activity")
    sessions = _sessions(messages, name)
    records = _messages(messages, "record_mesgs")
    laps = _messages(messages, "lap_mesgs")
    first = _first_instant(records)
    spans = [_span(session, first, name) for session in sessions]
    if len(sessions) == 1:
        return [_recording(sessions[0], spans[0], records, laps)]
    # A multisport file: each session keeps the records and laps of its own span.
    own_records = _share(spans, records, "timestamp")
    own_laps = _share(spans, laps, "start_time")
    return [
        _recording(*found) for found in zip(sessions, spans, own_records, own_laps, strict=True)
    ]


def _decode(data: bytes, name: str) -> Mapping[str, object]:
    if not Decoder(Stream.from_byte_array(bytearray(data))).is_fit():
        raise WatchFileError(name, "is not a FIT file")
    decoder = Decoder(Stream.from_byte_array(bytearray(data)))
    messages, errors = decoder.read(merge_heart_rates=False)
    if errors:
        # The SDK's own words are about bytes and offsets; the runner needs to know what to do.
        raise WatchFileError(
            name, "is a damaged or incomplete FIT file; export it again from the watch or its app"
        )
    return cast(Mapping[str, object], messages)


def _sessions(messages: Mapping[str, object], name: str) -> list[Message]:
    sessions = _messages(messages, "session_mesgs")
    if not sessions:
        raise WatchFileError(
            name, "has no session summary (the watch may not have finished saving it)"
        )
    if len(sessions) > MAX_FILE_SESSIONS:
        raise WatchFileError(
            name,
            f"has {len(sessions):,} sessions, more than the {MAX_FILE_SESSIONS} of any multisport "
            "race; it is not one day's activities",
        )
    return sessions


def _messages(messages: Mapping[str, object], key: str) -> list[Message]:
    found = messages.get(key)
    return [m for m in found if isinstance(m, Mapping)] if isinstance(found, list) else []


def _span(session: Message, first: datetime | None, name: str) -> Span:
    """Return when a session ran; without a start time of its own it starts at the first record."""
    start = _instant(session.get("start_time")) or first
    moving = _positive(session, "total_moving_time", "total_timer_time", "total_elapsed_time")
    if start is None or not moving:
        raise WatchFileError(name, "has a session without a start time or a duration")
    end = _instant(session.get("timestamp")) or start + timedelta(seconds=moving)
    return Span(start, end, moving)


def _share(spans: Sequence[Span], messages: Sequence[Message], key: str) -> list[list[Message]]:
    """Give each span the messages timed within it, in one pass over them sorted by time.

    Spans are taken by start; a message within two overlapping spans goes to the earlier one,
    except the last message of a span, which the next span also gets when it starts by then
    (sessions that meet at one instant share it).
    """
    timed = sorted(
        (when, index)
        for index, message in enumerate(messages)
        if (when := _instant(message.get(key))) is not None
    )
    times = [when for when, _ in timed]
    shared: list[list[Message]] = [[] for _ in spans]
    taken = 0  # messages before this index belong to the spans already given theirs
    for number in sorted(range(len(spans)), key=lambda i: spans[i].start):
        span = spans[number]
        low = max(bisect_left(times, span.start), taken - 1 if taken else 0)
        high = max(bisect_right(times, span.end), low)
        shared[number] = [messages[index] for _, index in timed[low:high]]
        taken = max(taken, high)
    return shared


def _recording(
    session: Message, span: Span, records: Sequence[Message], laps: Sequence[Message]
) -> Recording:
    distance = _number(session, "total_distance")
    return Recording(
        start=span.start,
        sport=_sport(session),
        moving_seconds=span.moving,
        distance_m=distance or None,  # 0 m: the device measured no distance
        stretches=_record_stretches(span.start, records) or _lap_stretches(laps),
    )


def _sport(session: Message) -> Sport:
    sport, sub_sport = session.get("sport"), session.get("sub_sport")
    if isinstance(sport, str) and sport in FIT_SPORTS:
        return FIT_SPORTS[sport]
    if isinstance(sub_sport, str):
        return FIT_SUB_SPORTS.get(sub_sport, Sport.OTHER)
    return Sport.OTHER


def _record_stretches(start: datetime, records: Sequence[Message]) -> tuple[Stretch, ...]:
    samples = []
    for record in records:
        when = _instant(record.get("timestamp"))
        if when is not None:
            samples.append(
                Sample(
                    seconds=(when - start).total_seconds(),
                    distance=_number(record, "distance"),
                    speed=_number(record, "enhanced_speed", "speed"),
                    cadence=_cadence(record, "cadence", "fractional_cadence"),
                )
            )
    found = stretches(samples)
    return tuple(found) if any(s.running is not None for s in found) else ()


def _lap_stretches(laps: Sequence[Message]) -> tuple[Stretch, ...]:
    found = []
    for lap in laps:
        seconds = _positive(lap, "total_timer_time", "total_elapsed_time")
        if seconds:
            speed = _number(lap, "enhanced_avg_speed", "avg_speed")
            cadence = _cadence(lap, "avg_cadence", "avg_fractional_cadence")
            found.append(Stretch(seconds, is_running_pace(speed, cadence)))
    return tuple(found)


def _cadence(message: Message, whole: str, fraction: str) -> float | None:
    cycles = _number(message, whole)
    if cycles is None:
        return None
    return (cycles + (_number(message, fraction) or 0.0)) * STEPS_PER_CYCLE


def _number(message: Message, *keys: str) -> float | None:
    """Return the first of the fields that holds a finite, non-negative number."""
    for key in keys:
        value = message.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if math.isfinite(value) and value >= 0:
                return float(value)
    return None


def _positive(message: Message, *keys: str) -> float | None:
    """Return the first of the fields that holds a number above 0: a device that does not track
    a time (moving time on a treadmill) may write 0 for it."""
    return next((number for key in keys if (number := _number(message, key))), None)


def _instant(value: object) -> datetime | None:
    return value if isinstance(value, datetime) and value.tzinfo is not None else None


def _first_instant(records: Sequence[Message]) -> datetime | None:
    return next((t for r in records if (t := _instant(r.get("timestamp"))) is not None), None)
