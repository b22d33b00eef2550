"""The work one upload may cost is counted before any parser runs: track points and parts per file
and per upload, so a tiny .gz of one point repeated is refused at once, and an ultra is read."""

from __future__ import annotations

import gzip
import struct
from datetime import UTC, datetime

import pytest

import watch
from tests.watch.files import Part, fit_activity, gpx_track, run, tcx_activity
from watch import reader
from watch.limits import Budget, count_fit, count_xml

START = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
HOUR_EVERY_SECOND = 3600
ULTRA_HOURS = 33  # a 100-mile race near its cut-off, recorded every second
GPX_HEAD = (
    '<?xml version="1.0"?><gpx version="1.1" creator="x" '
    'xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>\n'
)
POINT = '<trkpt lat="51.5" lon="-0.1"><ele>10</ele><time>2025-03-10T08:00:00Z</time></trkpt>\n'


def gpx_bomb(points: int) -> bytes:
    """Return a gzipped GPX of one track point repeated: small to send, slow to parse."""
    return gzip.compress((GPX_HEAD + POINT * points + "</trkseg></trk></gpx>").encode(), 9)


def fit_bomb(records: int) -> bytes:
    """Return a FIT file of tiny record messages (a timestamp each); its checksum is not needed."""
    definition = bytes([0x40, 0, 0]) + struct.pack("<HB", 20, 1) + bytes([253, 4, 0x86])
    body = definition + b"".join(bytes([0]) + struct.pack("<I", i) for i in range(records))
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT") + b"\0\0"
    return header + body + b"\0\0"


def wide_fit(definitions: int, messages: int, fields: int = 255) -> bytes:
    """Return a FIT file of definitions and data messages of `fields` one-byte fields each."""
    definition = bytes([0x40, 0, 0]) + struct.pack("<HB", 0xFF00, fields)
    definition += b"".join(bytes([number, 1, 0x02]) for number in range(fields))
    body = definition * definitions + (bytes([0]) + bytes(range(1, fields + 1))) * messages
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT") + b"\0\0"
    return header + body + b"\0\0"


def attribute_bomb(elements: int, attributes: int = 200) -> bytes:
    """Return a GPX of elements that each carry many attributes: few elements, much parsing."""
    element = b"<x" + b"".join(b' a%d="1"' % i for i in range(attributes)) + b"/>"
    return (
        b'<gpx version="1.1" creator="x"><extensions>' + element * elements + b"</extensions></gpx>"
    )


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if a parser is ever reached."""

    def parsed(*_: object) -> None:
        raise AssertionError("the file was parsed")

    for parser in ("read_gpx", "read_tcx", "read_fit", "parse_xml"):
        monkeypatch.setattr(reader, parser, parsed)


def test_a_gzipped_gpx_of_one_point_repeated_is_refused_by_its_points_before_parsing(no_parsing):
    bomb = gpx_bomb(watch.MAX_FILE_POINTS + 1)
    assert len(bomb) < 200_000
    reading = watch.read_all(bomb, "run.gpx.gz", "UTC")
    assert reading.activities == ()
    assert [str(p) for p in reading.problems] == [
        "run.gpx: has more than 120,000 track points, the most one file may hold "
        "(33 hours recorded every second)"
    ]


def test_a_fit_file_of_too_many_records_is_refused_before_decoding(no_parsing):
    reading = watch.read_all(fit_bomb(watch.MAX_FILE_POINTS + 1), "run.fit", "UTC")
    assert [p.problem for p in reading.problems] == [
        "has more than 120,000 track points, the most one file may hold "
        "(33 hours recorded every second)"
    ]


def test_a_file_of_countless_empty_elements_is_refused_before_parsing(no_parsing):
    junk = gzip.compress(b"<gpx>" + b"<x/>" * (watch.MAX_FILE_PARTS + 1) + b"</gpx>")
    reading = watch.read_all(junk, "run.gpx.gz", "UTC")
    assert [str(p) for p in reading.problems] == [
        "run.gpx: holds far more data than one activity; it was not read"
    ]


def test_a_fit_file_of_few_wide_messages_is_refused_by_its_fields_before_decoding(no_parsing):
    # 8,000 messages of 255 fields: 2 MB that took the decoder 7 s, though only 8,000 messages
    reading = watch.read_all(wide_fit(definitions=1, messages=8000), "wide.fit", "UTC")
    assert [p.problem for p in reading.problems] == [
        "holds far more data than one activity; it was not read"
    ]


def test_a_fit_file_of_definitions_alone_is_refused_by_their_fields_before_decoding(no_parsing):
    reading = watch.read_all(wide_fit(definitions=8000, messages=0), "defined.fit", "UTC")
    assert [p.problem for p in reading.problems] == [
        "holds far more data than one activity; it was not read"
    ]


def test_a_fit_message_weighs_its_fields_and_bytes_as_well_as_its_header():
    one_field = count_fit(wide_fit(definitions=1, messages=100, fields=1))[1]
    wide = count_fit(wide_fit(definitions=1, messages=100, fields=255))[1]
    assert wide > 50 * one_field


def test_a_gpx_of_elements_with_many_attributes_is_refused_by_its_attributes_before_parsing(
    no_parsing,
):
    bomb = attribute_bomb(watch.MAX_FILE_PARTS // 200 + 1)
    assert count_xml(bomb)[1] > watch.MAX_FILE_PARTS
    reading = watch.read_all(bomb, "run.gpx", "UTC")
    assert [p.problem for p in reading.problems] == [
        "holds far more data than one activity; it was not read"
    ]


def test_the_files_of_one_request_share_one_budget_and_each_is_named():
    budget = Budget(points_left=HOUR_EVERY_SECOND)
    first = gpx_track(START, (run(40),), every=1)
    problems = [
        str(problem)
        for name in ("first.gpx", "second.gpx", "third.gpx")
        for problem in watch.read_all(first, name, "UTC", budget).problems
    ]
    assert problems == [
        "second.gpx: was not read: with the files before it the upload holds more than "
        "150,000 track points; send the rest in another upload",
        "third.gpx: was not read: the upload was already too big; send it again",
    ]


@pytest.mark.parametrize(
    "recording, count",
    [
        (gpx_track(START, (run(60),), every=1), count_xml),
        (tcx_activity(START, (run(60),), every=1), count_xml),
        (fit_activity(Part(START, (run(60),), cadence=True, every=1)), count_fit),
    ],
    ids=["gpx", "tcx", "fit"],
)
def test_an_ultra_recorded_every_second_fits_one_files_limits(recording, count):
    points, parts = count(recording)
    assert HOUR_EVERY_SECOND <= points <= HOUR_EVERY_SECOND + 10
    assert points * ULTRA_HOURS <= watch.MAX_FILE_POINTS
    # a GPX or TCX point with every sensor has up to 14 elements; these test files have fewer
    assert points * ULTRA_HOURS * 14 <= watch.MAX_FILE_PARTS
    assert parts * ULTRA_HOURS <= watch.MAX_FILE_PARTS


def test_an_upload_over_its_parts_says_so_rather_than_blaming_its_points():
    budget = Budget(parts_left=1000)
    reading = watch.read_all(fit_activity(Part(START, (run(10),))), "run.fit", "UTC", budget)
    assert [str(p) for p in reading.problems] == [
        "run.fit: was not read: with the files before it the upload holds more data than one "
        f"upload may ({watch.MAX_UPLOAD_PARTS:,} parts); send the rest in another upload"
    ]


def test_a_gpx_declaring_thousands_of_namespaces_is_refused_before_parsing(no_parsing):
    # gpxpy registers every prefix with the XML library, process-wide, each time scanning all
    # those before it: 12,000 of them (300 kB) took 10 s of CPU, and later uploads slower.
    declarations = "".join(f' xmlns:p{i}="urn:x:{i}"' for i in range(12_000))
    head = GPX_HEAD.replace(' creator="x"', f' creator="x"{declarations}')
    reading = watch.read_all((head + POINT + "</trkseg></trk></gpx>").encode(), "run.gpx", "UTC")
    assert [p.problem for p in reading.problems] == [
        "declares more XML namespaces than any activity file; it was not read"
    ]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_an_activity_file_in_utf_16_is_refused_with_what_to_do_before_parsing(no_parsing, encoding):
    # Its points cannot be counted as bytes: "<Trackpoint" never appears in UTF-16.
    text = tcx_activity(START, (run(5),)).decode("utf-8")
    reading = watch.read_all(text.encode(encoding), "run.tcx", "UTC")
    assert [p.problem for p in reading.problems] == [
        "is UTF-16 text; activity files are read as UTF-8: export it again, or save it as UTF-8"
    ]


def test_a_real_gpx_with_its_few_namespaces_is_read():
    assert watch.read(gpx_track(START, (run(5),)), "run.gpx", "UTC")[0].moving_minutes == 5.0


def test_a_gz_of_several_members_is_read_whole_as_gzip_reads_it():
    data = gpx_track(START, (run(5),))
    half = len(data) // 2
    joined = gzip.compress(data[:half]) + gzip.compress(data[half:])  # cat a.gz b.gz, or bgzip
    assert watch.read(joined, "run.gpx.gz", "UTC")[0].moving_minutes == 5.0


def test_bytes_after_a_gz_that_are_no_gzip_member_say_the_file_is_damaged():
    reading = watch.read_all(gzip.compress(gpx_track(START, (run(5),))) + b"junk", "a.gz", "UTC")
    assert reading.activities == () and "damaged .gz" in reading.problems[0].problem
