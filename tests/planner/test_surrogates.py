"""A lone surrogate (JSON's "\\ud800") is no text: a log holding one is refused naming the
field, and no error message ever carries one."""

from __future__ import annotations

import json

import pytest

from planner.errors import InputError
from planner.surrogates import check_text


def test_an_error_quoting_a_lone_surrogate_can_be_written_anywhere():
    error = InputError("reports[0].\ud800", "unknown flag '\ud800'")
    assert (error.field, error.message) == ("reports[0].\\ud800", "unknown flag '\\ud800'")
    str(error).encode("utf-8")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"S": 1}', "log"),
        ('{"clearance": "S"}', "clearance"),
        ('{"reports": ["S"]}', "reports[0]"),
        ('{"reports": [{"date": "2025-03-19", "S": 1}]}', "reports[0]"),
        ('{"reports": [{}, {"note": "S"}]}', "reports[1].note"),
        ('{"reports": [{"flags": ["x", ["S"]]}]}', "reports[0].flags"),
    ],
)
def test_a_lone_surrogate_is_refused_naming_the_field_that_holds_it(text, field):
    with pytest.raises(InputError) as refused:
        check_text(json.loads(text.replace("S", "\\udc00")))
    assert refused.value.field == field
    assert "not valid Unicode" in refused.value.message and "\\udc00" in refused.value.message


def test_the_first_lone_surrogate_in_the_file_is_named():
    data = json.loads('{"reports": [{"note": "\\ud800"}, {"note": "\\ud801"}]}')
    with pytest.raises(InputError, match="reports\\[0\\].note"):
        check_text(data)


def test_a_surrogate_pair_is_one_character_and_nested_data_is_no_trouble():
    check_text(json.loads('{"reports": [{"note": "\\ud83c\\udfc3"}]}'))
    check_text(json.loads("[" * 900 + "]" * 900))
