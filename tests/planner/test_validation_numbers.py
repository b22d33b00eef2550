"""The volume checks' messages state the protocol's own limits (planner/protocol.py), so a
changed limit changes its sentence too."""

from __future__ import annotations

import pytest

from planner import validation
from planner.errors import InputError
from planner.protocol import MAX_WEEKLY_KM, MIN_WEEKLY_MINUTES


def test_an_absurd_volume_is_refused_naming_the_protocols_ceiling():
    with pytest.raises(InputError) as error:
        validation.parse_volume("baseline", "500", "km")
    assert f"more than {MAX_WEEKLY_KM:g} km" in error.value.message


def test_a_tiny_volume_is_refused_naming_the_protocols_floor():
    with pytest.raises(InputError) as error:
        validation.parse_volume("baseline", "10", "min")
    assert f"under {MIN_WEEKLY_MINUTES:g} minutes of running" in error.value.message


def test_the_messages_follow_a_changed_limit(monkeypatch):
    monkeypatch.setattr(validation, "MAX_WEEKLY_KM", 300.0)
    monkeypatch.setattr(validation, "MIN_WEEKLY_MINUTES", 45.0)
    with pytest.raises(InputError) as high:
        validation.parse_volume("baseline", "350", "km")
    with pytest.raises(InputError) as low:
        validation.parse_volume("baseline", "30", "min")
    assert "more than 300 km" in high.value.message
    assert "under 45 minutes" in low.value.message


def test_a_weekly_volume_in_minutes_beyond_belief_is_told_in_minutes_with_its_pace():
    """Found in the browser: "5000 min a week is more than 400 km" named km to a runner who
    chose minutes."""
    import pytest

    from planner.errors import InputError
    from planner.validation import parse_volume

    with pytest.raises(InputError, match="5000 minutes a week is about 833 km at 6 min/km"):
        parse_volume("baseline", "5000", "min")


@pytest.mark.parametrize("pace", ["²", "6:²³", "³:00", "٦:٠٠", "6:0²"])
def test_a_pace_in_digits_other_than_ascii_is_refused_with_the_usual_message(pace):
    with pytest.raises(InputError, match="is not a pace: type minutes:seconds"):
        validation.parse_pace("easy_pace", pace)


@pytest.mark.parametrize(
    "parse, text",
    [
        (validation.parse_number, "٣٠"),
        (validation.parse_number, "3_0"),
        (validation.parse_pain, "٣"),
        (validation.parse_pain, "²"),
        (lambda field, text: validation.parse_run_days(field, [text]), "³"),
    ],
)
def test_numbers_are_read_in_ascii_digits_only(parse, text):
    with pytest.raises(InputError):
        parse("field", text)
