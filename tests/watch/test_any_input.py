"""Whatever bytes arrive, the reader parses them or raises WatchFileError, never anything else."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET

import gpxpy.parser
import pytest
from garmin_fit_sdk import CrcCalculator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import watch
from tests.watch.files import gz, zip_of
from tests.watch.make_golden import golden_files

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOLDEN = golden_files()
SEEDS = [
    *GOLDEN.values(),
    gz(GOLDEN["walk_run.fit"]),
    zip_of({"a/run.fit": GOLDEN["walk_run.fit"], "b.gpx.gz": gz(GOLDEN["late_run.gpx"])}),
]
NAMES = st.sampled_from(["run.fit", "run.gpx", "run.tcx", "run.fit.gz", "export.zip", "upload", ""])
# Starts that get past the first look at a file, so the generated rest reaches the parsers.
PREFIXES = st.sampled_from(
    [
        b"",
        b"\x0e\x20\x00\x00\x00\x00\x00\x00.FIT",
        b"\x1f\x8b\x08\x00",
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"<?xml version='1.0'?>",
        b"<gpx version='1.1'><trk><trkseg>",
        b"<TrainingCenterDatabase><Activities><Activity Sport='Running'>",
    ]
)


def reads_or_refuses(data: bytes, name: str) -> None:
    """Read the bytes both ways; the only exception allowed is WatchFileError."""
    reading = watch.read_all(data, name or None, "Europe/Berlin")
    assert all(isinstance(problem, watch.WatchFileError) for problem in reading.problems)
    for activity in reading.activities:
        assert activity.moving_minutes > 0
        if activity.longest_run_minutes is not None:
            assert activity.longest_run_minutes <= activity.moving_minutes
    try:
        watch.read(data, name or None, "Europe/Berlin")
    except watch.WatchFileError as error:
        assert "\n" not in str(error)


@SETTINGS
@given(PREFIXES, st.binary(max_size=3000), NAMES)
def test_any_bytes_parse_or_raise_a_watch_file_error(prefix, rest, name):
    reads_or_refuses(prefix + rest, name)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """A real file with a few bytes changed, deleted or inserted, maybe cut short."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["set", "delete", "insert"]))
        if action == "set":
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at]
        else:
            data.insert(at, draw(st.integers(0, 255)))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if data[8:12] == b".FIT" and len(data) > 16 and draw(st.booleans()):
        # Mend the checksum so the decoder reads the damaged messages instead of stopping early.
        struct.pack_into(
            "<H", data, len(data) - 2, CrcCalculator.calculate_crc(data, 0, len(data) - 2)
        )
    return bytes(data)


@SETTINGS
@given(damaged(), NAMES)
def test_a_damaged_real_file_parses_or_raises_a_watch_file_error(data, name):
    reads_or_refuses(data, name)


@SETTINGS
@given(damaged(), NAMES)
def test_a_damaged_real_file_parses_or_raises_with_gpxpy_on_the_standard_librarys_xml(data, name):
    with pytest.MonkeyPatch.context() as patch:  # gpxpy without lxml, as a plain install runs it
        patch.setattr(gpxpy.parser, "mod_etree", ET)
        reads_or_refuses(data, name)
