"""A red flag sent through the API is recorded only once confirmed, as the web form asks first."""

from __future__ import annotations

import pytest

from tests.api.test_safety_record import flags, status
from web.api.openapi import DOCUMENT

FLAGGED = {"date": "2025-03-19", "pain_rest": 3, "flags": ["night_pain"]}


def test_a_red_flag_without_confirmation_is_409_saying_what_to_send(api, plan_id):
    response = api.post(f"/plans/{plan_id}/reports", json=FLAGGED)
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["field"] == "confirm"
    assert '"confirm": "red_flag"' in error["message"] and "Nothing was saved" in error["message"]
    assert "Pain at night" in error["message"]


def test_an_unconfirmed_red_flag_saves_nothing_and_leaves_the_plan_running(api, plan_id):
    api.post(f"/plans/{plan_id}/reports", json=FLAGGED)
    assert api.get(f"/plans/{plan_id}/reports").get_json()["reports"] == []
    assert status(api, plan_id) == "active"


def test_a_confirmed_red_flag_is_recorded_and_stops_the_plan(api, plan_id):
    response = api.post(f"/plans/{plan_id}/reports", json={**FLAGGED, "confirm": "red_flag"})
    assert response.status_code == 200 and response.get_json()["flags"] == ["night_pain"]
    assert "confirm" not in response.get_json()
    assert flags(api, plan_id) == {"2025-03-19": ["night_pain"]}
    assert status(api, plan_id) == "halted"


@pytest.mark.parametrize("body", [{"pain_rest": 1}, {"pain_rest": 1, "flags": []}])
def test_a_report_without_a_red_flag_needs_no_confirmation(api, plan_id, body):
    assert api.post(f"/plans/{plan_id}/reports", json=body).status_code == 200


@pytest.mark.parametrize("confirm", ["yes", True, None, ""])
def test_any_other_confirmation_is_422_on_the_confirm_field(api, plan_id, confirm):
    response = api.post(f"/plans/{plan_id}/reports", json={**FLAGGED, "confirm": confirm})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "confirm"
    assert api.get(f"/plans/{plan_id}/reports").get_json()["reports"] == []


def test_the_document_asks_for_the_confirmation_and_lists_the_409():
    operation = DOCUMENT["paths"]["/plans/{plan_id}/reports"]["post"]
    assert "409" in operation["responses"]
    schema = DOCUMENT["components"]["schemas"]["ReportInput"]
    assert schema["properties"]["confirm"]["const"] == "red_flag"
    assert {"required": ["confirm"]} in schema["allOf"][0]["anyOf"]
