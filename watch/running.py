"""The longest continuous run in a recording: when running starts, and what breaks it.

The rule (docs/watch.md): the recording is cut into stretches between its samples (or its laps).
A stretch is running when the step cadence says so (a jog's steps are quicker than a walk's at
any speed), else when its pace is faster than a brisk walk (speed from the device, else from the
distance over the last 10 s or more). Running counts once it
lasts 20 s. Slower stretches break the run only once they add up to 30 s in a row: a kerb, a
crossing or a drink does not end a run, a walk break of a walk-run does. Stretches of unknown
pace count as slow.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A brisk walk tops out near 6.5 km/h (1.8 m/s); 2.0 m/s is 8:20 min/km (13:25 min/mi), slower
# than the default easy pace of 6:00 min/km but faster than anyone walks.
RUN_MIN_SPEED = 2.0  # m/s
# Walking is about 100-130 steps a minute, even a slow jog 150 or more.
RUN_MIN_CADENCE = 140.0  # steps a minute (both feet)
# Slower than running for this long in a row ends a run; the shortest walk break of the bridge
# (SPEC §3.4) is a minute, so every planned walk break counts, a pause at a kerb does not.
WALK_BREAK_SECONDS = 30.0
# A burst of running shorter than this is a dash across a road or GPS noise, not a run: it counts
# as slow time. Stage B1's half-minute runs still count.
RUN_MIN_SECONDS = 20.0
# Speed from distance is taken over at least this long, so GPS jitter cannot turn a walk into a run.
SPEED_WINDOW_SECONDS = 10.0


@dataclass(frozen=True)
class Sample:
    """One point of a recording: seconds from its start, and what the device measured there."""

    seconds: float
    distance: float | None = None  # metres from the start
    speed: float | None = None  # metres a second, as the device recorded it
    cadence: float | None = None  # steps a minute, both feet


@dataclass(frozen=True)
class Stretch:
    """A span of a recording and whether it was running (None: the pace is unknown)."""

    seconds: float
    running: bool | None


def is_running_pace(speed: float | None, cadence: float | None) -> bool | None:
    """Say whether a cadence (steps a minute), else a speed (m/s), is running; None if neither.

    Cadence decides when the device counted steps: a slow jogger at 8:30 min/km still runs with
    150+ steps a minute, while a speed threshold alone would read them as walking.
    """
    if cadence is not None and cadence > 0:
        return cadence >= RUN_MIN_CADENCE
    if speed is not None:
        return speed >= RUN_MIN_SPEED
    return None


def stretches(samples: Sequence[Sample]) -> list[Stretch]:
    """Cut a recording into the stretches between consecutive samples, each running or not."""
    ordered = sorted(samples, key=lambda sample: sample.seconds)
    by_distance = _distance_speeds(ordered)
    found = []
    for index in range(1, len(ordered)):
        span = ordered[index].seconds - ordered[index - 1].seconds
        if span <= 0:
            continue
        sample = ordered[index]
        running: bool | None
        if span > WALK_BREAK_SECONDS:
            # A long gap is a paused timer unless the distance shows the runner kept going; with
            # no distance at all, nothing is known of it.
            running = is_running_pace(by_distance[index], None)
        else:
            speed = sample.speed if sample.speed is not None else by_distance[index]
            running = is_running_pace(speed, sample.cadence)
        found.append(Stretch(span, running))
    return found


def _distance_speeds(samples: Sequence[Sample]) -> list[float | None]:
    """Return the speed at each sample over the distance of the last SPEED_WINDOW_SECONDS or more."""
    speeds: list[float | None] = [None] * len(samples)
    known = [(s.seconds, s.distance, i) for i, s in enumerate(samples) if s.distance is not None]
    start = 0  # the window's first sample: the latest one at least a window back, else the first
    for position in range(1, len(known)):
        seconds, distance, index = known[position]
        while start + 1 < position and seconds - known[start + 1][0] >= SPEED_WINDOW_SECONDS:
            start += 1
        elapsed = seconds - known[start][0]
        if elapsed > 0:
            speeds[index] = (distance - known[start][1]) / elapsed
    return speeds


def longest_run_seconds(spans: Iterable[Stretch]) -> float | None:
    """Return the longest continuous running in seconds; None when no pace is known at all."""
    best = run = slow = 0.0
    known = False
    for seconds, running in _merged(spans):
        known = known or running is not None
        if running and seconds >= RUN_MIN_SECONDS:
            run = run + slow + seconds if run else seconds
            slow = 0.0
            best = max(best, run)
            continue
        slow += seconds
        if slow >= WALK_BREAK_SECONDS:
            run = slow = 0.0
    return best if known else None


def _merged(spans: Iterable[Stretch]) -> list[tuple[float, bool | None]]:
    """Join neighbouring stretches of the same kind, so a burst is measured whole."""
    merged: list[tuple[float, bool | None]] = []
    for span in spans:
        if merged and merged[-1][1] == span.running:
            merged[-1] = (merged[-1][0] + span.seconds, span.running)
        else:
            merged.append((span.seconds, span.running))
    return merged
