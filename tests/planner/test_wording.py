"""Sentences take their numbers from planner/protocol.py: the words follow the constants."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from planner import protocol as P
from planner.wording import number_word, percent, share_words, span

PLANNER = Path(__file__).resolve().parents[2] / "planner"


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.5, "half"),
        (2 / 3, "two thirds"),
        (0.25, "quarter"),
        (0.75, "three quarters"),
        (0.37, "37%"),
    ],
)
def test_simple_shares_read_as_words_and_others_as_percentages(share, words):
    assert share_words(share) == words


@pytest.mark.parametrize(
    ("days", "words"), [(7, "a week"), (14, "two weeks"), (10, "10 days"), (0, "0 days")]
)
def test_spans_of_whole_weeks_read_as_weeks(days, words):
    assert span(days) == words


def test_counts_and_percentages():
    assert (number_word(3), number_word(12), percent(1.1), percent(P.ADHERENCE_SHARE)) == (
        "three",
        "12",
        "110%",
        "67%",
    )


def sentences(source: Path) -> list[str]:
    """Return the text of every string in a module but its docstrings (f-strings' literal parts)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_the_caps_percentages_are_never_written_out_in_a_sentence():
    written = re.compile(r"\b(110|50) ?%")
    for source in PLANNER.glob("*.py"):
        assert not [s for s in sentences(source) if written.search(s)], source.name


@pytest.mark.parametrize(
    "unit, baseline, runs",
    [("km", 3.4, 4), ("mi", 3, 3), ("mi", 2.2, 5), ("min", 25, 3), ("mi", 60, 5)],
)
def test_what_a_plan_says_has_minutes_to_a_tenth_and_counts_in_the_singular_when_one(
    unit, baseline, runs
):
    from planner import build
    from planner.model import Log, PlanSpec
    from tests.planner.helpers import ONSET, good_runner

    spec = {"baseline": float(baseline), "unit": unit, "runs_per_week": runs}
    reports = good_runner("plantar-fasciitis", 120, **spec)
    plan = build(PlanSpec("plantar-fasciitis", ONSET, **spec), Log(reports), reports[-1].date)
    said = [d.message for d in plan.decisions] + [i.dose for d in plan.days for i in d.items]
    said += [d.headline for d in plan.days]
    assert not [s for s in said if re.search(r"\d\.\d\d", s)]
    assert not [s for s in said if re.search(r"\b1 runs\b", s)]
