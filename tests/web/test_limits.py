"""Each limit and each list of fields is written once (web/forms/limits.py, planner's
PAIN_FIELDS): the API document, the forms, the CSV import and the templates follow it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from planner import validation
from planner.errors import InputError
from planner.validation import PAIN_FIELDS
from web.api import openapi, rules
from web.forms import limits
from web.forms.limits import MAX_ITEM, MAX_NAME, MAX_RECORD_NOTE, check_name

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = openapi.DOCUMENT["components"]["schemas"]


def test_the_record_note_limit_is_the_engines():
    assert limits.MAX_RECORD_NOTE == validation.MAX_NOTE


def test_the_api_document_states_the_limits_the_forms_enforce():
    assert SCHEMAS["AthleteInput"]["properties"]["name"]["maxLength"] == MAX_NAME
    assert openapi.ITEM["maxLength"] == MAX_ITEM
    assert openapi.RECORD_NOTE["maxLength"] == MAX_RECORD_NOTE
    assert rules.LOG_NOTE["maxLength"] == MAX_RECORD_NOTE


def test_the_api_modules_write_no_limit_as_a_number():
    for module in ("openapi.py", "rules.py"):
        numbers = {
            node.value
            for node in ast.walk(ast.parse((ROOT / "web" / "api" / module).read_text()))
            if isinstance(node, ast.Constant) and type(node.value) is int
        }
        assert not numbers & {MAX_NAME, MAX_ITEM, MAX_RECORD_NOTE}, module


def test_a_name_is_kept_without_its_surrounding_spaces():
    assert check_name("  Rae Runner ") == "Rae Runner"


@pytest.mark.parametrize(
    "name", ["", "   ", "x" * (MAX_NAME + 1), "\u200b\u200b", "\ufeff", " \u200b \u2060 "]
)
def test_a_blank_or_too_long_name_is_refused_on_the_name_field(name):
    with pytest.raises(InputError) as error:
        check_name(name)
    assert error.value.field == "name" and f"1 to {MAX_NAME} characters" in error.value.message


@pytest.mark.parametrize("name", ["Rae\x1b[31m", "Rae\nRunner", "Rae\tRunner"])
def test_a_name_with_a_control_character_is_refused_on_the_name_field(name):
    with pytest.raises(InputError) as error:
        check_name(name)
    assert error.value.field == "name" and "control characters" in error.value.message


def test_a_name_in_any_script_with_its_accents_and_joiners_is_kept():
    for name in ("Zoë Ångström", "José", "Дарья", "李小龙", "سارة", "👩\u200d🦰 Rae"):
        assert check_name(name) == name


def test_the_name_is_checked_in_one_place():
    """The coach page, the API and the CSV import call check_name; none checks on its own."""
    own_checks = re.compile(r"len\(name\)\s*>\s*MAX_NAME|name of 1 to")
    for path in (ROOT / "web").rglob("*.py"):
        if path.name != "limits.py":
            assert not own_checks.search(path.read_text()), path.name


def pain_lists(path: Path) -> list[int]:
    """Return the lines of a module that list two or more pain fields by hand."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            names = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            names |= {e.attr for e in node.elts if isinstance(e, ast.Attribute)}
            if len(names & set(PAIN_FIELDS)) >= 2:
                found.append(node.lineno)
    return found


def test_the_web_lists_the_pain_fields_only_through_pain_fields():
    for path in (ROOT / "web").rglob("*.py"):
        assert pain_lists(path) == [], path.name
    quoted = re.compile(r"""["'](pain_[a-z]+)["']""")
    for path in (ROOT / "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert len(set(quoted.findall(line))) < 2, f"{path.name}:{number}"


def test_the_red_flag_question_carries_every_pain_score_as_typed(client, plan_id):
    typed = {"date": "2025-03-20", "pain_rest": "3", "flags": "night_pain", "note": "sore"}
    typed |= {name: str(i) for i, name in enumerate(PAIN_FIELDS)}
    html = client.post(f"/plans/{plan_id}/report", data=typed).get_data(as_text=True)
    form = html[html.index('name="confirm"') :]
    for name in ("date", *PAIN_FIELDS, "note"):
        assert f'name="{name}" value="{typed[name]}"' in form
