"""Bad files: one WatchFileError naming the file and what is wrong; a zip keeps its good files."""

from __future__ import annotations

import gc
import gzip
import struct
from datetime import UTC, datetime, timedelta

import pytest
from garmin_fit_sdk import Encoder, Profile

import watch
from planner.protocol import STAGES
from tests.watch.files import Part, Phase, fit_activity, gpx_track, gz, run, tcx_activity, zip_of
from tests.watch.make_golden import GOLDEN
from watch.limits import Budget, MiB

START = datetime(2026, 11, 12, 11, 0, tzinfo=UTC)
GOOD_FIT = fit_activity(Part(START, (run(10),)))
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<gpx version="1.1"><trk><name>&d;</name></trk></gpx>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&secret;</Id></Activity></Activities>
</TrainingCenterDatabase>"""


def problem(data: bytes, name: str) -> str:
    with pytest.raises(watch.WatchFileError) as caught:
        watch.read(data, name, "UTC")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{caught.value.name}: ")
    return message


def fit_without_session() -> bytes:
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": Profile["mesg_num"]["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "serial_number": 1,
        }
    )
    encoder.write_mesg(
        {"mesg_num": Profile["mesg_num"]["RECORD"], "timestamp": START, "distance": 0.0}
    )
    return encoder.close()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "run.fit", "run.fit: is empty"),
        (b"  \n", "run.gpx", "run.gpx: is empty"),
        (
            GOOD_FIT[:-200],
            "cut.fit",
            "cut.fit: is a damaged or incomplete FIT file; export it again",
        ),
        (
            GOOD_FIT[:100] + b"\x00" + GOOD_FIT[101:],
            "flipped.fit",
            "flipped.fit: is a damaged or incomplete FIT",
        ),
        (
            b"Dear diary, I ran today.",
            "notes.txt",
            "notes.txt: is not a FIT, GPX or TCX file, nor a .gz or .zip",
        ),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "photo.png", "photo.png: is not a FIT, GPX or TCX file"),
        (
            b"<html><body>Hi</body></html>",
            "page.gpx",
            "page.gpx: is an XML file of another kind (html)",
        ),
        (b"<gpx><trk>", "half.gpx", "half.gpx: is not well-formed XML (no element found, line 1)"),
        (
            BILLION_LAUGHS,
            "laughs.gpx",
            "laughs.gpx: declares a DTD or entities, which activity files never do",
        ),
        (EXTERNAL_ENTITY, "entity.tcx", "entity.tcx: declares a DTD or entities"),
        (
            b"\xef\xbb\xbf<?xml version='1.0' encoding='klingon'?><gpx/>",
            "odd.gpx",
            "odd.gpx: is XML in an encoding",
        ),
        (
            gpx_track(START, (run(5),)).replace(b"2026-11-12", b"1980-11-12"),
            "old.gpx",
            "old.gpx: starts in 1980",
        ),
        (
            tcx_activity(START, (run(5),)).replace(
                b"<TotalTimeSeconds>300<", b"<TotalTimeSeconds>3e9<"
            ),
            "long.tcx",
            "long.tcx: records 833333.3 hours of moving time",
        ),
        (
            tcx_activity(START, (run(5),)).replace(
                b"<TotalTimeSeconds>300<", b"<TotalTimeSeconds>five<"
            ),
            "words.tcx",
            "words.tcx: has a number that is not a number: 'five'",
        ),
        (fit_without_session(), "crashed.fit", "crashed.fit: has no session summary"),
        (gz(GOOD_FIT)[:-30], "run.fit.gz", "run.fit.gz: is a .gz file that is cut short"),
        (b"\x1f\x8b" + bytes(40), "run.fit.gz", "run.fit.gz: is a damaged .gz file"),
        (zip_of({"run.fit": GOOD_FIT})[:-40], "export.zip", "export.zip: is a damaged zip file"),
        (
            zip_of({"readme.txt": b"hello"}),
            "export.zip",
            "export.zip: is a zip with no FIT, GPX or TCX file in it",
        ),
    ],
)
def test_a_bad_file_raises_one_line_that_names_it_and_says_what_is_wrong(data, name, message):
    assert problem(data, name).startswith(message)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            watch.workout_fit("S1", STAGES[2], 5, 5),
            "is a FIT workout file, not a recorded activity",
        ),
        (
            gpx_track(START, (run(5),))
            .replace(b"<time>", b"<desc>")
            .replace(b"</time>", b"</desc>"),
            "holds no timed track with movement: a route or waypoints, not a recorded activity",
        ),
        (
            b"<TrainingCenterDatabase><Courses/></TrainingCenterDatabase>",
            "holds no activity: a course or a workout",
        ),
    ],
)
def test_a_file_that_records_no_activity_says_so(data, message):
    with pytest.raises(watch.NotAnActivity, match=message):
        watch.read(data, "file", "UTC")


def test_an_entity_is_never_expanded_into_the_message():
    assert "\n" not in problem(EXTERNAL_ENTITY, "entity.tcx")
    assert "aaaa" not in problem(BILLION_LAUGHS, "laughs.gpx")


def test_a_zip_with_one_bad_member_reports_it_and_still_reads_the_good_ones():
    export = zip_of(
        {
            "runs/good.fit": GOOD_FIT,
            "runs/bad.fit": GOOD_FIT[:-200],
            "runs/also_good.gpx.gz": gz(gpx_track(START, (run(7),))),
        }
    )
    reading = watch.read_all(export, "export.zip", "UTC")
    assert sorted(a.moving_minutes for a in reading.activities) == [7.0, 10.0]
    assert [str(p) for p in reading.problems] == [
        "export.zip/runs/bad.fit: is a damaged or incomplete FIT file; export it again from the watch or its app"
    ]
    with pytest.raises(watch.WatchFileError, match="^export.zip/runs/bad.fit: "):
        watch.read(export, "export.zip", "UTC")


def test_a_gzip_bomb_is_refused_without_unpacking_it_whole():
    bomb = gzip.compress(bytes(watch.MAX_FILE_BYTES + 1), compresslevel=1)
    assert len(bomb) < watch.MAX_FILE_BYTES // 100
    assert (
        problem(bomb, "run.fit.gz")
        == "run.fit.gz: unpacks to more than 32 MB; that is not one activity"
    )


def test_a_zip_member_larger_than_one_activity_is_refused_and_the_rest_read():
    export = zip_of({"huge.fit": bytes(watch.MAX_FILE_BYTES + 1), "run.fit": GOOD_FIT})
    reading = watch.read_all(export, "export.zip", "UTC")
    assert len(reading.activities) == 1
    assert [str(p) for p in reading.problems] == [
        "export.zip/huge.fit: is larger than 32 MB; that is not one activity"
    ]


def test_a_zip_with_more_activity_files_than_the_limit_is_refused_whole():
    export = zip_of({f"{i}.fit": b"" for i in range(watch.MAX_UPLOAD_FILES + 1)})
    reading = watch.read_all(export, "export.zip", "UTC")
    assert reading.activities == ()
    assert [str(p) for p in reading.problems] == [
        f"export.zip: holds more than {watch.MAX_UPLOAD_FILES} activity files; send fewer at a time"
    ]


def test_a_zip_whose_files_unpack_to_more_than_the_limit_is_refused_whole():
    export = zip_of({f"{i}.fit": GOOD_FIT for i in range(4)})
    reading = watch.read_all(export, "export.zip", "UTC", Budget(bytes_left=3 * len(GOOD_FIT)))
    assert reading.activities == ()
    assert [p.problem for p in reading.problems] == [
        f"unpacks to more than {watch.MAX_UPLOAD_BYTES // MiB} MB with the files before it, "
        "the most one upload may; send fewer files at a time"
    ]


def test_gzipped_members_count_against_the_zips_limit_as_they_unpack():
    members = {f"{i}.fit.gz": gz(GOOD_FIT) for i in range(6)}
    packed = sum(len(data) for data in members.values())
    budget = Budget(bytes_left=packed + 2 * len(GOOD_FIT) + len(GOOD_FIT) // 2)
    reading = watch.read_all(zip_of(members), "export.zip", "UTC", budget)
    assert (
        len(reading.activities) == 1
    )  # the same run: two copies unpack, the third spends the budget
    assert [str(p) for p in reading.problems] == [
        f"export.zip/2.fit: unpacks to more than {watch.MAX_UPLOAD_BYTES // MiB} MB with the "
        "files before it, the most one upload may; send fewer files at a time"
    ]


def test_zips_nested_deeper_than_the_limit_are_refused():
    nested = GOOD_FIT
    for depth in range(watch.MAX_ZIP_DEPTH + 1):
        nested = zip_of({f"level{depth}.zip" if depth else "run.fit": nested})
    reading = watch.read_all(nested, "export.zip", "UTC")
    assert reading.activities == ()
    assert [p.problem for p in reading.problems] == [
        f"is a zip nested more than {watch.MAX_ZIP_DEPTH} deep; unpack it first"
    ]


def test_an_encrypted_zip_member_is_reported_not_guessed_at():
    export = bytearray(zip_of({"secret.fit": GOOD_FIT}))
    # Set the encryption flag in the member's local and central headers (the stdlib cannot encrypt).
    export[export.index(b"PK\x03\x04") + 6] |= 0x1
    export[export.index(b"PK\x01\x02") + 8] |= 0x1
    reading = watch.read_all(bytes(export), "export.zip", "UTC")
    assert [str(p) for p in reading.problems] == [
        "export.zip/secret.fit: is encrypted in the zip; export it without a password"
    ]


def test_a_name_with_line_breaks_still_makes_a_one_line_message_and_source():
    export = zip_of({"evil\nname.fit": b"junk", "evil\r\nrun.fit": GOOD_FIT})
    reading = watch.read_all(export, "export.zip", "UTC")
    assert [str(p) for p in reading.problems] == [
        "export.zip/evil name.fit: is not a FIT, GPX or TCX file, nor a .gz or .zip of one"
    ]
    assert [a.source for a in reading.activities] == ["export.zip/evil run.fit"]


def test_a_missing_path_is_a_file_error_that_names_it(tmp_path):
    assert (
        problem(tmp_path / "nowhere.fit", None)
        == "nowhere.fit: cannot be opened (No such file or directory)"
    )
    assert problem(tmp_path, "folder") == "folder: cannot be opened (Is a directory)"


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", "../../etc/passwd"])
def test_an_unknown_time_zone_is_the_callers_mistake_and_names_the_field(zone):
    with pytest.raises(ValueError, match="^tz: unknown time zone"):
        watch.read(GOLDEN / "walk_run.fit", None, zone)


def test_a_zip_made_by_a_newer_zip_version_than_python_reads_is_a_damaged_zip_not_a_crash():
    export = bytearray(zip_of({"run.fit": GOOD_FIT}))
    export[export.index(b"PK\x01\x02") + 6] = 243  # "version needed to extract": 24.3
    assert problem(bytes(export), "export.zip").startswith(
        "export.zip: is a damaged zip file (zip file version 24.3)"
    )


def test_a_fit_file_of_more_sessions_than_a_multisport_race_is_refused_naming_it():
    from watch.fit import MAX_FILE_SESSIONS

    legs = [
        Part(START + timedelta(minutes=2 * leg), (run(1),), laps=False)
        for leg in range(MAX_FILE_SESSIONS + 1)
    ]
    assert problem(fit_activity(*legs), "many.fit") == (
        f"many.fit: has {MAX_FILE_SESSIONS + 1} sessions, more than the {MAX_FILE_SESSIONS} "
        "of any multisport race; it is not one day's activities"
    )


def test_a_zip_inside_a_zip_is_charged_its_own_size_before_it_is_read():
    inner = zip_of({"notes.txt": bytes(300_000)})  # what a zip holds besides runs is not charged
    export = zip_of({f"part{i}.zip": inner for i in range(4)})
    budget = Budget(bytes_left=3 * len(inner))
    reading = watch.read_all(export, "export.zip", "UTC", budget)
    assert [str(p) for p in reading.problems] == [
        f"export.zip: unpacks to more than {watch.MAX_UPLOAD_BYTES // MiB} MB with the files "
        "before it, the most one upload may; send fewer files at a time"
    ]


def test_zip_entries_that_point_at_the_same_data_are_refused_as_a_damaged_zip():
    export = zip_of({"run.fit": GOOD_FIT})
    directory = export.index(b"PK\x01\x02")
    end = export.index(b"PK\x05\x06")
    copies = 3
    record = bytearray(export[end:])
    record[8:16] = struct.pack("<HHI", copies, copies, copies * (end - directory))
    repeated = export[:end] + export[directory:end] * (copies - 1) + bytes(record)
    assert problem(repeated, "export.zip") == (
        "export.zip: is a damaged zip file (two of its files overlap: run.fit and run.fit)"
    )


def test_a_zip_inside_a_zip_with_no_activity_file_is_reported_by_name():
    export = zip_of({"run.fit": GOOD_FIT, "photos.zip": zip_of({"notes.txt": b"hello"})})
    reading = watch.read_all(export, "export.zip", "UTC")
    assert len(reading.activities) == 1
    assert [str(p) for p in reading.problems] == [
        "export.zip/photos.zip: is a zip with no FIT, GPX or TCX file in it"
    ]


def test_a_recording_too_short_to_count_a_tenth_of_a_minute_is_refused_naming_the_file():
    blip = fit_activity(Part(START, (Phase(2, 2.8, 166),), every=1))  # started by accident
    assert problem(blip, "blip.fit") == (
        "blip.fit: records 2 s of moving time, too short to count as an activity"
    )


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("90.3", "11.0"), ("-90.5", "11.0"), ("nan", "11.0"), ("47.0", "180.5"), ("47.0", "inf")],
)
def test_a_gpx_position_out_of_range_or_not_finite_is_refused(latitude, longitude):
    track = gpx_track(START, (run(10),)).replace(
        b'<trkpt lat="47.0001258" lon="11.0">',
        f'<trkpt lat="{latitude}" lon="{longitude}">'.encode(),
    )
    assert problem(track, "run.gpx") == (
        f"run.gpx: is a GPX file with a position out of range (latitude {float(latitude)}, "
        f"longitude {float(longitude)})"
    )


def test_a_problem_keeps_no_parsers_frames_so_a_refused_files_document_is_freed_at_once():
    # a GPX of waypoints alone is parsed whole, then refused: the problem must not hold the
    # parser's frames (and so the document) in a cycle only a full collection would free
    route = (
        b'<gpx version="1.1" creator="x"><wpt lat="1" lon="1"><extensions>'
        + b"<x/>" * 1000
        + b"</extensions></wpt></gpx>"
    )
    # a track point whose latitude is no number: the problem is raised from gpxpy's own error
    track = route.replace(b"<wpt", b"<trk><trkseg><trkpt").replace(
        b"</wpt>", b"</trkpt></trkseg></trk>"
    )
    not_a_number = track.replace(b'lat="1"', b'lat="abc"')
    gc.collect()
    gc.disable()
    try:
        for data in (route, not_a_number):
            reading = watch.read_all(data, "route.gpx", "UTC")
            assert [problem.__traceback__ for problem in reading.problems] == [None]
            del reading
            assert gc.collect() == 0
    finally:
        gc.enable()
