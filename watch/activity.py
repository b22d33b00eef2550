"""An activity read from a watch file: what the log keeps of one recorded run, walk or ride."""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from watch.errors import MAX_NAME_CHARS, WatchFileError, one_line
from watch.running import Stretch, longest_run_seconds

# Bounds of a believable recording: beyond them a file is damaged, not a record-breaking run.
EARLIEST_START = datetime(1990, 1, 1, tzinfo=UTC)  # before any GPS watch
LATEST_START = datetime(2100, 1, 1, tzinfo=UTC)
MAX_MOVING_SECONDS = 7 * 24 * 3600  # a week of moving time
MAX_DISTANCE_M = 5_000_000.0  # 5000 km
# The log keeps moving minutes to a tenth: a recording under 3 s rounds to none, and the log
# (planner.logio) refuses an activity of 0 minutes.
MINUTE_DECIMALS = 1


class Sport(enum.StrEnum):
    RUN = "run"
    WALK = "walk"
    CYCLE = "cycle"
    SWIM = "swim"
    OTHER = "other"


# Words a GPX <type> or a TCX Sport uses, in the order they are tried ("e-bike ride" is a ride).
SPORT_WORDS: tuple[tuple[str, Sport], ...] = (
    ("run", Sport.RUN),
    ("jog", Sport.RUN),
    ("walk", Sport.WALK),
    ("hik", Sport.WALK),
    ("cycl", Sport.CYCLE),
    ("bik", Sport.CYCLE),
    ("ride", Sport.CYCLE),
    ("swim", Sport.SWIM),
)


def sport_from_words(text: str | None) -> Sport:
    """Return the sport a free-text type names ("running", "Biking", "TrailRun"), else other."""
    words = re.sub(r"[^a-z]", "", (text or "").lower())
    return next((sport for word, sport in SPORT_WORDS if word in words), Sport.OTHER)


@dataclass(frozen=True)
class Recording:
    """What a reader found for one activity of a file, before it is dated for a runner."""

    start: datetime  # aware
    sport: Sport
    moving_seconds: float
    distance_m: float | None  # None when the file does not say
    stretches: tuple[Stretch, ...] = ()


@dataclass(frozen=True)
class Activity:
    """One recorded activity as the log keeps it; `date` is the runner's local date of its start."""

    id: str
    date: date
    start: datetime  # aware, in the runner's time zone
    sport: Sport
    moving_minutes: float
    distance_km: float | None  # None when unknown
    longest_run_minutes: float | None  # 0 for other sports; None for a run of unknown pace
    source: str  # the file it came from (an archive's member as "export.zip/run.fit")

    def to_json(self) -> dict[str, object]:
        """Return the activity as the log JSON keeps it."""
        return {
            "id": self.id,
            "date": self.date.isoformat(),
            "sport": self.sport.value,
            "moving_minutes": self.moving_minutes,
            "distance_km": self.distance_km,
            "longest_run_minutes": self.longest_run_minutes,
            "source": self.source,
        }


def activity_id(recording: Recording) -> str:
    """Return an id that the same recording always gets: its sport, start instant and totals."""
    distance = "-" if recording.distance_m is None else f"{round(recording.distance_m)}"
    start = recording.start.astimezone(UTC).replace(microsecond=0).isoformat()
    key = f"{recording.sport.value}|{start}|{round(recording.moving_seconds)}|{distance}"
    return "act-" + hashlib.sha256(key.encode("ascii")).hexdigest()[:24]


def check_recording(recording: Recording, name: str) -> None:
    """Refuse a recording whose start, duration or distance no watch could have recorded."""
    if not EARLIEST_START <= recording.start < LATEST_START:
        raise WatchFileError(name, f"starts in {recording.start.year}, which no watch recorded")
    if not 0 < recording.moving_seconds <= MAX_MOVING_SECONDS:
        raise WatchFileError(
            name, f"records {recording.moving_seconds / 3600:.1f} hours of moving time"
        )
    if round(recording.moving_seconds / 60, MINUTE_DECIMALS) <= 0:
        raise WatchFileError(
            name,
            f"records {recording.moving_seconds:.0f} s of moving time, too short to count as an "
            "activity",
        )
    if recording.distance_m is not None and recording.distance_m > MAX_DISTANCE_M:
        raise WatchFileError(name, f"records {recording.distance_m / 1000:.0f} km in one activity")


def to_activity(recording: Recording, source: str, zone: tzinfo) -> Activity:
    """Date a recording in the runner's time zone and round it as the log keeps it."""
    start = recording.start.astimezone(zone)
    if recording.sport is Sport.RUN:
        longest = longest_run_seconds(recording.stretches)
        # A run never lasts longer than the activity's moving time, whatever the samples say.
        longest_minutes = (
            None
            if longest is None
            else round(min(longest, recording.moving_seconds) / 60, MINUTE_DECIMALS)
        )
    else:
        longest_minutes = 0.0
    distance = recording.distance_m
    return Activity(
        id=activity_id(recording),
        date=start.date(),
        start=start,
        sport=recording.sport,
        moving_minutes=round(recording.moving_seconds / 60, MINUTE_DECIMALS),
        distance_km=None if distance is None else round(distance / 1000, 2),
        longest_run_minutes=longest_minutes,
        source=one_line(source, MAX_NAME_CHARS),
    )
