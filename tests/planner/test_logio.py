"""The log JSON: clearances and retractions read with checks that name the field, written back the same."""

from __future__ import annotations

import pytest

from planner.errors import InputError
from planner.logio import log_from_dict, log_to_dict
from planner.model import Clearance, Retraction
from tests.planner.helpers import ONSET, on

FLAGGED = {"date": on(5).isoformat(), "pain_rest": 3, "flags": ["night_pain"]}
LOG = {
    "reports": [FLAGGED],
    "completions": [],
    "clearance": on(3).isoformat(),
    "clearances": [{"date": on(9).isoformat(), "note": "Dr Okafor"}],
    "retractions": [
        {
            "date": on(5).isoformat(),
            "flag": "night_pain",
            "recorded": on(6).isoformat(),
            "reason": "meant the evening",
        }
    ],
}


def read(data: object):
    return log_from_dict(data, onset=ONSET, as_of=on(10))


def test_clearances_and_retractions_are_read_and_written_back_unchanged():
    log = read(LOG)
    assert log.clearances == (Clearance(on(9), "Dr Okafor"),)
    assert log.retractions == (Retraction(on(5), "night_pain", on(6), "meant the evening"),)
    assert log_to_dict(log)["clearances"] == LOG["clearances"]
    assert log_to_dict(log)["retractions"] == LOG["retractions"]
    assert read(log_to_dict(log)) == log


def test_the_single_clearance_still_reads_and_counts_as_a_clearance():
    log = read({"clearance": on(3).isoformat()})
    assert log.clearance == on(3)
    assert log.all_clearances() == (Clearance(on(3)),)
    assert "clearances" not in log_to_dict(log) and "retractions" not in log_to_dict(log)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"clearances": [{"date": on(11).isoformat()}]}, "clearances[0].date"),
        ({"clearances": [{"date": "2020-01-01"}]}, "clearances[0].date"),
        ({"clearances": [{"note": "x"}]}, "clearances[0].date"),
        ({"clearances": [{"date": on(4).isoformat(), "by": "me"}]}, "clearances[0].by"),
        ({"clearances": [{"date": on(4).isoformat(), "note": 7}]}, "clearances[0].note"),
        ({"clearances": {"date": on(4).isoformat()}}, "clearances"),
        ({"retractions": ["night_pain"]}, "retractions[0]"),
        (
            {
                "retractions": [
                    {
                        "date": on(5).isoformat(),
                        "flag": "calf_swelling",
                        "recorded": on(6).isoformat(),
                    }
                ]
            },
            "retractions[0].flag",
        ),
        (
            {
                "retractions": [
                    {"date": on(5).isoformat(), "flag": "bad", "recorded": on(6).isoformat()}
                ]
            },
            "retractions[0].flag",
        ),
        (
            {
                "retractions": [
                    {"date": on(4).isoformat(), "flag": "night_pain", "recorded": on(6).isoformat()}
                ]
            },
            "retractions[0].flag",
        ),
        (
            {
                "retractions": [
                    {"date": on(5).isoformat(), "flag": "night_pain", "recorded": on(4).isoformat()}
                ]
            },
            "retractions[0].recorded",
        ),
        (
            {
                "retractions": [
                    {
                        "date": on(5).isoformat(),
                        "flag": "night_pain",
                        "recorded": on(11).isoformat(),
                    }
                ]
            },
            "retractions[0].recorded",
        ),
        (
            {"retractions": [{"date": on(5).isoformat(), "flag": "night_pain"}]},
            "retractions[0].recorded",
        ),
        (
            {
                "retractions": [
                    {
                        "date": on(5).isoformat(),
                        "flag": "night_pain",
                        "recorded": on(6).isoformat(),
                        "reason": "x" * 501,
                    }
                ]
            },
            "retractions[0].reason",
        ),
    ],
)
def test_a_bad_clearance_or_retraction_names_its_field(change, field):
    with pytest.raises(InputError) as error:
        read({"reports": [FLAGGED]} | change)
    assert error.value.field == field


RUN = {
    "id": "act-5cfabf0123456789abcdef01",
    "date": on(9).isoformat(),
    "sport": "run",
    "moving_minutes": 20.0,
    "distance_km": 3.36,
    "longest_run_minutes": 20.0,
    "source": "late_run.gpx",
}


def test_activities_are_read_and_written_back_unchanged():
    log = read({"activities": [RUN]})
    (activity,) = log.activities
    assert (activity.date, activity.sport, activity.moving_minutes, activity.distance_km) == (
        on(9),
        "run",
        20.0,
        3.36,
    )
    assert log_to_dict(log)["activities"] == [RUN]
    assert read(log_to_dict(log)) == log


def test_a_log_without_activities_still_reads_and_writes_none():
    log = read({"reports": [], "completions": []})
    assert log.activities == () and "activities" not in log_to_dict(log)


def test_an_activity_of_unknown_distance_and_pace_reads_as_unknown():
    log = read({"activities": [RUN | {"distance_km": None, "longest_run_minutes": None}]})
    assert log.activities[0].distance_km is None and log.activities[0].longest_run_minutes is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sport": "kayak"}, "activities[0].sport", "unknown sport"),
        ({"moving_minutes": 0}, "activities[0].moving_minutes", "above 0"),
        ({"moving_minutes": "20"}, "activities[0].moving_minutes", "number"),
        ({"moving_minutes": float("nan")}, "activities[0].moving_minutes", "number"),
        ({"distance_km": -1}, "activities[0].distance_km", "number"),
        (
            {"longest_run_minutes": 25.0},
            "activities[0].longest_run_minutes",
            "longer than the moving",
        ),
        ({"date": "2026-13-01"}, "activities[0].date", ""),
        ({"id": ""}, "activities[0].id", "activity id"),
        ({"pace": 6}, "activities[0].pace", "unknown"),
        ({"source": 7}, "activities[0].source", "text"),
        ({"source": 0}, "activities[0].source", "text"),
        ({"sport": ["run"]}, "activities[0].sport", "unknown sport"),
        ({"sport": {"run": 1}}, "activities[0].sport", "unknown sport"),
    ],
)
def test_a_bad_activity_is_refused_naming_its_field(change, field, message):
    with pytest.raises(InputError) as error:
        read({"activities": [RUN | change]})
    assert error.value.field == field and message in error.value.message


def test_an_activity_without_its_sport_or_twice_in_the_log_is_refused():
    with pytest.raises(InputError, match="required"):
        read({"activities": [{k: v for k, v in RUN.items() if k != "sport"}]})
    with pytest.raises(InputError) as error:
        read({"activities": [RUN, RUN]})
    assert error.value.field == "activities[1].id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"note": 0}, "reports[0].note"),
        ({"note": False}, "reports[0].note"),
        ({"note": []}, "reports[0].note"),
        ({"flags": 0}, "reports[0].flags"),
        ({"flags": False}, "reports[0].flags"),
        ({"flags": {}}, "reports[0].flags"),
    ],
)
def test_a_report_field_of_the_wrong_type_is_refused_even_when_it_looks_empty(change, field):
    with pytest.raises(InputError) as error:
        read({"reports": [FLAGGED | change]})
    assert error.value.field == field


def test_a_report_without_a_note_or_flags_reads_as_none_of_either():
    log = read(
        {"reports": [{"date": on(5).isoformat(), "pain_rest": 1, "note": None, "flags": None}]}
    )
    assert (log.reports[0].note, log.reports[0].flags) == ("", ())
