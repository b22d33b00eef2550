"""The pain chips of one question: the chosen score checked, Skip when there is none, colours
from the plan's bands, and one row made once for each question state."""

from __future__ import annotations

import re

from web.core.chips import _row, chip_row
from web.pages.today_card import PainBands


def checked(html: str) -> list[str]:
    return re.findall(r'value="(\d*)" checked', html)


def test_the_chosen_score_alone_is_checked():
    assert checked(chip_row("pain_rest", 3)) == ["3"]
    assert checked(chip_row("pain_rest", "3")) == ["3"]


def test_no_score_checks_skip():
    for nothing in ("", None, "None"):
        assert checked(chip_row("pain_walking", nothing)) == [""]


def test_the_colours_follow_the_bands_and_none_without_them():
    html = chip_row("pain_morning", "", PainBands(green=2, amber=5))
    colours = re.findall(r'class="chip chip-(\w+)" for="pain_morning-\d+"', html)
    assert colours == ["green"] * 3 + ["amber"] * 3 + ["red"] * 5
    assert "chip-green" not in chip_row("pain_morning", "")


def test_a_row_is_made_once_for_each_question_state():
    _row.cache_clear()
    bands = PainBands(green=2, amber=5)
    for _ in range(3):
        chip_row("pain_rest", 1, bands)
    assert _row.cache_info().misses == 1 and _row.cache_info().hits == 2
