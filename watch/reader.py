"""Read activities from watch files: FIT, GPX and TCX, plain, gzipped or in a zip export."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from watch.activity import Activity, Recording, check_recording, to_activity
from watch.archive import unpack
from watch.errors import NotAnActivity, WatchFileError
from watch.fit import looks_like_fit, read_fit
from watch.gpx import read_gpx
from watch.limits import MAX_UPLOAD_BYTES, Budget, MiB
from watch.tcx import read_tcx
from watch.xmltree import local, parse_xml

Source = bytes | str | os.PathLike[str]


@dataclass(frozen=True)
class Reading:
    """What an upload gave: its activities (by start, each id once) and a problem per bad file."""

    activities: tuple[Activity, ...] = ()
    problems: tuple[WatchFileError, ...] = ()


def read(source: Source, name: str | None, tz: str | tzinfo) -> list[Activity]:
    """Return the activities of a watch file, or raise WatchFileError for its first problem."""
    reading = read_all(source, name, tz)
    if reading.problems:
        raise reading.problems[0]
    return list(reading.activities)


def read_all(
    source: Source, name: str | None, tz: str | tzinfo, budget: Budget | None = None
) -> Reading:
    """Read every activity of a file or zip export, keeping a problem for each file that fails.

    `source` is the file's bytes or its path; `name` names it in messages and in each activity's
    `source` (default: the path's file name); `tz` is the runner's time zone, which dates each
    activity. A zip's files that are not activities (settings, health data) are skipped.
    `budget` bounds the work (watch.limits); pass one to share it among the files of a request.
    """
    zone = _zone(tz)
    budget = budget or Budget()
    try:
        data, name = _load(source, name)
        if budget.spent:
            raise WatchFileError(
                name, "was not read: the upload was already too big; send it again"
            )
    except WatchFileError as error:
        return Reading(problems=(_kept(error),))
    activities: dict[str, Activity] = {}
    problems: list[WatchFileError] = []
    for member in unpack(data, name, budget):
        if isinstance(member, WatchFileError):
            problems.append(member)
            continue
        try:
            budget.read(member.data, member.name, looks_like_fit(member.data))
            recordings = recordings_of(member.data, member.name)
            for recording in recordings:
                check_recording(recording, member.name)
        except NotAnActivity as error:
            if not member.in_archive:
                problems.append(_kept(error))
            continue
        except WatchFileError as error:
            problems.append(_kept(error))
            continue
        for recording in recordings:
            found = to_activity(recording, member.name, zone)
            activities.setdefault(found.id, found)
    ordered = sorted(activities.values(), key=lambda activity: (activity.start, activity.id))
    return Reading(tuple(ordered), tuple(problems))


def _kept(problem: WatchFileError) -> WatchFileError:
    """Keep a problem without its traceback, nor the error it was raised from: a traceback
    holds the parser's frames (the whole parsed document) and this reading's own, a cycle
    only a full garbage collection frees. The problem's text says all there is to say."""
    problem.__cause__ = problem.__context__ = None
    return problem.with_traceback(None)


def recordings_of(data: bytes, name: str) -> list[Recording]:
    """Return the recordings of one unpacked file, telling FIT from GPX and TCX by content."""
    if not data.strip():
        raise WatchFileError(name, "is empty")
    if looks_like_fit(data):
        return read_fit(data, name)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        root = parse_xml(data, name)
        kind = local(root.tag)
        if kind == "gpx":
            return read_gpx(data, name)
        if kind == "TrainingCenterDatabase":
            return read_tcx(root, name)
        raise WatchFileError(name, f"is an XML file of another kind ({kind[:40]}), not GPX or TCX")
    raise WatchFileError(name, "is not a FIT, GPX or TCX file, nor a .gz or .zip of one")


def _load(source: Source, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes):
        return source, name or "(uploaded file)"
    path = Path(source)
    name = name or path.name
    try:
        if path.stat().st_size > MAX_UPLOAD_BYTES:
            raise WatchFileError(
                name, f"is larger than {MAX_UPLOAD_BYTES // MiB} MB; send fewer files at a time"
            )
        return path.read_bytes(), name
    except OSError as error:
        raise WatchFileError(name, f"cannot be opened ({error.strerror or error})") from None


def _zone(tz: str | tzinfo) -> tzinfo:
    if not isinstance(tz, str):
        return tz
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"tz: unknown time zone {tz!r}; use a name like Europe/Berlin") from None
