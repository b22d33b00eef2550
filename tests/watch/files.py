"""Real activity files for the tests: FIT from Garmin's SDK encoder, GPX from gpxpy, TCX from
ElementTree. A recording is a list of phases (so long at such a speed); files sample it every
few seconds, each sample carrying the speed of the span that ends there."""

from __future__ import annotations

import gzip
import io
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import gpxpy.gpx
from garmin_fit_sdk import Encoder, Profile

MESG = Profile["mesg_num"]
RUN_SPEED = 2.8  # m/s, about 6:00 min/km: the default easy pace
WALK_SPEED = 1.4  # m/s, about 5 km/h
RUN_STEPS = 166  # steps a minute
WALK_STEPS = 110
METRES_PER_DEGREE = 111_319.49  # along a meridian, as gpxpy measures it
SEMICIRCLES_PER_DEGREE = 2**31 / 180
TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX_NS = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


@dataclass(frozen=True)
class Phase:
    seconds: int
    speed: float
    steps: int  # steps a minute


def run(minutes: float) -> Phase:
    return Phase(round(minutes * 60), RUN_SPEED, RUN_STEPS)


def walk(minutes: float) -> Phase:
    return Phase(round(minutes * 60), WALK_SPEED, WALK_STEPS)


def walk_run(run_min: float, walk_min: float, repeats: int) -> tuple[Phase, ...]:
    """Return the phases of a walk-run stage: run, walk, run, walk, ..."""
    return tuple(p for _ in range(repeats) for p in (run(run_min), walk(walk_min)))


@dataclass(frozen=True)
class Point:
    seconds: int
    distance: float
    speed: float
    steps: int


def timeline(phases: Iterable[Phase], every: int = 5) -> list[Point]:
    """Sample phases every `every` seconds (and at each phase's end), from 0 to their end."""
    points = [Point(0, 0.0, 0.0, 0)]
    elapsed, distance = 0, 0.0
    for phase in phases:
        end = elapsed + phase.seconds
        while elapsed < end:
            step = min(every, end - elapsed)
            elapsed += step
            distance += step * phase.speed
            points.append(Point(elapsed, round(distance, 2), phase.speed, phase.steps))
    return points


@dataclass(frozen=True)
class Part:
    """One session of a FIT activity: when it starts, its phases, its sport and what was sensed."""

    start: datetime
    phases: tuple[Phase, ...]
    sport: str = "running"
    sub_sport: str = "generic"
    gps: bool = True
    speed: bool = True
    distance: bool = True
    cadence: bool = False
    laps: bool = True
    every: int = 5


def fit_activity(*parts: Part) -> bytes:
    """Return a FIT activity file with one session per part (records, laps, events, session)."""
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": MESG["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 4242,
            "time_created": parts[0].start,
        }
    )
    for part in parts:
        _write_part(encoder, part)
    last = parts[-1]
    end = last.start + timedelta(seconds=sum(p.seconds for p in last.phases))
    total = sum(p.seconds for part in parts for p in part.phases)
    encoder.write_mesg(
        {
            "mesg_num": MESG["ACTIVITY"],
            "timestamp": end,
            "total_timer_time": total,
            "num_sessions": len(parts),
            "type": "manual",
        }
    )
    return encoder.close()


def _write_part(encoder: Encoder, part: Part) -> None:
    points = timeline(part.phases, part.every)
    encoder.write_mesg(
        {
            "mesg_num": MESG["EVENT"],
            "timestamp": part.start,
            "event": "timer",
            "event_type": "start",
        }
    )
    for point in points:
        encoder.write_mesg(_record(part, point))
    if part.laps:
        _write_laps(encoder, part, points)
    end = part.start + timedelta(seconds=points[-1].seconds)
    encoder.write_mesg(
        {"mesg_num": MESG["EVENT"], "timestamp": end, "event": "timer", "event_type": "stop_all"}
    )
    session = {
        "mesg_num": MESG["SESSION"],
        "timestamp": end,
        "start_time": part.start,
        "total_elapsed_time": points[-1].seconds,
        "total_timer_time": points[-1].seconds,
        "sport": part.sport,
        "sub_sport": part.sub_sport,
        "event": "session",
        "event_type": "stop",
    }
    if part.distance:
        session["total_distance"] = points[-1].distance
    encoder.write_mesg(session)


def _record(part: Part, point: Point) -> dict[str, object]:
    record: dict[str, object] = {
        "mesg_num": MESG["RECORD"],
        "timestamp": part.start + timedelta(seconds=point.seconds),
    }
    if part.gps:
        latitude = 47.0 + point.distance / METRES_PER_DEGREE
        record["position_lat"] = round(latitude * SEMICIRCLES_PER_DEGREE)
        record["position_long"] = round(11.0 * SEMICIRCLES_PER_DEGREE)
    if part.distance:
        record["distance"] = point.distance
    if part.speed:
        record["speed"] = point.speed
    if part.cadence:
        record["cadence"] = point.steps // 2  # FIT counts strides
    return record


def _write_laps(encoder: Encoder, part: Part, points: list[Point]) -> None:
    elapsed, distance = 0, 0.0
    for phase in part.phases:
        start = part.start + timedelta(seconds=elapsed)
        elapsed += phase.seconds
        covered = phase.seconds * phase.speed
        distance += covered
        encoder.write_mesg(
            {
                "mesg_num": MESG["LAP"],
                "timestamp": part.start + timedelta(seconds=elapsed),
                "start_time": start,
                "total_elapsed_time": phase.seconds,
                "total_timer_time": phase.seconds,
                "total_distance": covered,
                "avg_speed": phase.speed,
                "avg_cadence": phase.steps // 2,
                "sport": part.sport,
                "event": "lap",
                "event_type": "stop",
            }
        )


def gpx_track(
    start: datetime,
    phases: Iterable[Phase],
    *,
    kind: str | None = "running",
    times: str = "utc",
    every: int = 5,
    resume: tuple[datetime, Iterable[Phase]] | None = None,
) -> bytes:
    """Return a GPX track north along a meridian; times "utc", "offset" (-05:00) or "naive".

    `resume` adds a second segment (the recording paused, then went on) from its own start.
    """
    document = gpxpy.gpx.GPX()
    document.creator = "return-to-run tests"
    track = gpxpy.gpx.GPXTrack()
    track.type = kind
    offset = 0.0
    for begin, part in [(start, phases), *([resume] if resume else [])]:
        points = timeline(part, every)
        segment = gpxpy.gpx.GPXTrackSegment()
        segment.points = [_trackpoint_gpx(begin, point, offset, times) for point in points]
        track.segments.append(segment)
        offset += points[-1].distance
    document.tracks.append(track)
    return document.to_xml().encode("utf-8")


def _trackpoint_gpx(
    start: datetime, point: Point, offset: float, times: str
) -> gpxpy.gpx.GPXTrackPoint:
    when = start + timedelta(seconds=point.seconds)
    if times == "offset":
        when = when.astimezone(timezone(timedelta(hours=-5)))
    elif times == "naive":
        when = when.replace(tzinfo=None)
    latitude = 47.0 + (offset + point.distance) / METRES_PER_DEGREE
    return gpxpy.gpx.GPXTrackPoint(round(latitude, 7), 11.0, time=when)


def tcx_activity(
    start: datetime, phases: Iterable[Phase], *, sport: str = "Running", every: int = 5
) -> bytes:
    """Return a TCX file: one lap per phase, trackpoints with distance, speed and run cadence."""
    ET.register_namespace("", TCX_NS)
    ET.register_namespace("tpx", TPX_NS)
    root = ET.Element(f"{{{TCX_NS}}}TrainingCenterDatabase")
    activity = ET.SubElement(
        ET.SubElement(root, f"{{{TCX_NS}}}Activities"), f"{{{TCX_NS}}}Activity", Sport=sport
    )
    ET.SubElement(activity, f"{{{TCX_NS}}}Id").text = _zulu(start)
    phases = tuple(phases)
    points = timeline(phases, every)
    elapsed = 0
    for phase in phases:
        lap = ET.SubElement(
            activity, f"{{{TCX_NS}}}Lap", StartTime=_zulu(start + timedelta(seconds=elapsed))
        )
        ET.SubElement(lap, f"{{{TCX_NS}}}TotalTimeSeconds").text = str(phase.seconds)
        ET.SubElement(
            lap, f"{{{TCX_NS}}}DistanceMeters"
        ).text = f"{phase.seconds * phase.speed:.1f}"
        track = ET.SubElement(lap, f"{{{TCX_NS}}}Track")
        for point in (
            p
            for p in points
            if elapsed < p.seconds <= elapsed + phase.seconds or p.seconds == elapsed == 0
        ):
            _trackpoint(track, start, point)
        elapsed += phase.seconds
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _trackpoint(track: ET.Element, start: datetime, point: Point) -> None:
    element = ET.SubElement(track, f"{{{TCX_NS}}}Trackpoint")
    ET.SubElement(element, f"{{{TCX_NS}}}Time").text = _zulu(
        start + timedelta(seconds=point.seconds)
    )
    ET.SubElement(element, f"{{{TCX_NS}}}DistanceMeters").text = f"{point.distance:.2f}"
    tpx = ET.SubElement(ET.SubElement(element, f"{{{TCX_NS}}}Extensions"), f"{{{TPX_NS}}}TPX")
    ET.SubElement(tpx, f"{{{TPX_NS}}}Speed").text = f"{point.speed:.3f}"
    ET.SubElement(tpx, f"{{{TPX_NS}}}RunCadence").text = str(point.steps // 2)


def _zulu(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gz(data: bytes) -> bytes:
    """Return data gzipped, with a fixed header time so the bytes are always the same."""
    return gzip.compress(data, mtime=0)


def zip_of(members: dict[str, bytes]) -> bytes:
    """Return a zip holding the members under their names (folders allowed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(
                zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED
            )
    return buffer.getvalue()
