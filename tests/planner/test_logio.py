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
    "retractions": [{"date": on(5).isoformat(), "flag": "night_pain", "recorded": on(6).isoformat(),
                     "reason": "meant the evening"}],
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


@pytest.mark.parametrize(("change", "field"), [
    ({"clearances": [{"date": on(11).isoformat()}]}, "clearances[0].date"),
    ({"clearances": [{"date": "2020-01-01"}]}, "clearances[0].date"),
    ({"clearances": [{"note": "x"}]}, "clearances[0].date"),
    ({"clearances": [{"date": on(4).isoformat(), "by": "me"}]}, "clearances[0].by"),
    ({"clearances": [{"date": on(4).isoformat(), "note": 7}]}, "clearances[0].note"),
    ({"clearances": {"date": on(4).isoformat()}}, "clearances"),
    ({"retractions": ["night_pain"]}, "retractions[0]"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "calf_swelling", "recorded": on(6).isoformat()}]},
     "retractions[0].flag"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "bad", "recorded": on(6).isoformat()}]},
     "retractions[0].flag"),
    ({"retractions": [{"date": on(4).isoformat(), "flag": "night_pain", "recorded": on(6).isoformat()}]},
     "retractions[0].flag"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "night_pain", "recorded": on(4).isoformat()}]},
     "retractions[0].recorded"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "night_pain", "recorded": on(11).isoformat()}]},
     "retractions[0].recorded"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "night_pain"}]}, "retractions[0].recorded"),
    ({"retractions": [{"date": on(5).isoformat(), "flag": "night_pain", "recorded": on(6).isoformat(),
                       "reason": "x" * 501}]}, "retractions[0].reason"),
])
def test_a_bad_clearance_or_retraction_names_its_field(change, field):
    with pytest.raises(InputError) as error:
        read({"reports": [FLAGGED]} | change)
    assert error.value.field == field
