"""Every decision names a rule of the Rule enum, and JSON shows the plain name as before."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings

from planner import build
from planner.rules import Rule
from planner.serialize import plan_to_json
from tests.planner.helpers import plan, report
from tests.planner.properties import PROPERTY
from tests.planner.strategies import cases

PLANNER = Path(__file__).resolve().parents[2] / "planner"


@settings(PROPERTY, max_examples=40)
@given(cases())
def test_every_decision_names_a_rule_of_the_enum(case):
    assert all(isinstance(d.rule, Rule) for d in build(*case).decisions)


def test_rules_serialise_as_their_plain_names():
    the_plan = plan("plantar-fasciitis", report(5, flags=["night_pain"]), as_of=5)
    decisions = json.loads(plan_to_json(the_plan))["decisions"]
    assert decisions[-1]["rule"] == "red_flag" == Rule.RED_FLAG


def test_the_engine_never_names_a_rule_with_a_bare_string():
    calls = re.compile(r"(?:decide|halt)\([^,]+,\s*\"")
    for source in PLANNER.glob("*.py"):
        assert not calls.search(source.read_text(encoding="utf-8")), source.name
