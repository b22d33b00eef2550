"""Red flags are an append-only safety record: nothing the API does erases one or lifts a halt,
except a recorded clinician clearance or a confirmed "this flag was a mistake"."""

from __future__ import annotations

from datetime import date

import pytest

from tests.api.conftest import Api, issue_token

FLAGGED = {"date": "2025-03-15", "pain_rest": 3, "flags": ["night_pain"], "confirm": "red_flag"}
EARLIER = {
    "reports": [
        {
            "date": "2025-03-10",
            "pain_rest": 1,
            "pain_walking": 1,
            "pain_running": None,
            "pain_morning": 1,
            "flags": [],
            "note": "",
        }
    ],
    "completions": [],
}


@pytest.fixture
def halted(api, plan_id) -> int:
    """A plan halted by a red flag reported on Saturday 15 March (today is the 20th)."""
    assert api.post(f"/plans/{plan_id}/reports", json=FLAGGED).status_code == 200
    assert status(api, plan_id) == "halted"
    return plan_id


def status(api, plan_id: int) -> str:
    return api.get(f"/plans/{plan_id}/plan").get_json()["status"]


def rules(api, plan_id: int) -> list[str]:
    return [d["rule"] for d in api.get(f"/plans/{plan_id}/plan").get_json()["decisions"]]


def flags(api, plan_id: int) -> dict[str, list[str]]:
    return {r["date"]: r["flags"] for r in api.get(f"/plans/{plan_id}/log").get_json()["reports"]}


def test_deleting_a_report_with_a_red_flag_is_refused_with_how_to_lift_the_halt(api, halted):
    response = api.delete(f"/plans/{halted}/reports/2025-03-15")
    assert response.status_code == 409
    message = response.get_json()["error"]["message"]
    assert "clearance" in message and "mistake" in message
    assert flags(api, halted) == {"2025-03-15": ["night_pain"]}
    assert status(api, halted) == "halted"


@pytest.mark.parametrize(
    "upload",
    [{"reports": [], "completions": []}, {}, EARLIER],
    ids=["empty lists", "empty object", "an earlier export"],
)
def test_a_log_upload_keeps_every_red_flag_and_the_halt(api, halted, upload):
    response = api.put(f"/plans/{halted}/log", json=upload)
    assert response.status_code == 200
    assert flags(api, halted)["2025-03-15"] == ["night_pain"]
    assert status(api, halted) == "halted"


def test_a_report_of_the_flagged_day_in_an_upload_keeps_the_flag(api, halted):
    calmer = {"reports": [{"date": "2025-03-15", "pain_rest": 0, "flags": []}]}
    api.put(f"/plans/{halted}/log", json=calmer)
    assert flags(api, halted)["2025-03-15"] == ["night_pain"]
    assert api.get(f"/plans/{halted}/log").get_json()["reports"][0]["pain_rest"] == 0


def test_a_clinician_clearance_lifts_the_halt_with_its_own_decision(api, halted):
    clearance = {"date": "2025-03-18", "note": "Dr Lee, sports physiotherapist"}
    response = api.post(f"/plans/{halted}/clearances", json=clearance)
    assert (response.status_code, response.get_json()) == (201, clearance)
    assert api.post(f"/plans/{halted}/clearances", json=clearance).status_code == 200
    assert status(api, halted) == "active"
    decided = rules(api, halted)
    assert decided.index("red_flag") < decided.index("clearance_resumes")  # both in history
    assert api.get(f"/plans/{halted}/log").get_json()["clearances"] == [clearance]
    assert flags(api, halted)["2025-03-15"] == ["night_pain"]  # the flag stays on the record


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"date": "2025-03-18"}, "note"),
        ({"date": "2025-03-18", "note": ""}, "note"),
        ({"date": "2025-03-21", "note": "Dr Lee"}, "date"),
        ({"date": "2025-02-01", "note": "Dr Lee"}, "date"),
        ({"date": "2025-03-18", "note": "x" * 501}, "note"),
        ({"date": "2025-03-18", "note": "Dr\x00Lee"}, "note"),
        ({"note": "Dr Lee"}, "date"),
    ],
)
def test_a_clearance_needs_a_date_and_who_gave_it(api, halted, body, field):
    response = api.post(f"/plans/{halted}/clearances", json=body)
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    assert status(api, halted) == "halted"


MISTAKE = {
    "date": "2025-03-15",
    "flag": "night_pain",
    "reason": "ticked the wrong box",
    "confirm": True,
}


def test_a_confirmed_mistake_lifts_the_halt_and_the_history_says_so(api, halted):
    response = api.post(f"/plans/{halted}/retractions", json=MISTAKE)
    assert response.status_code == 201
    assert response.get_json() == {
        "date": "2025-03-15",
        "flag": "night_pain",
        "recorded": "2025-03-20",
        "reason": "ticked the wrong box",
    }
    assert status(api, halted) == "active"
    decided = rules(api, halted)
    assert decided.index("red_flag") < decided.index("flag_withdrawn")
    assert flags(api, halted)["2025-03-15"] == ["night_pain"]
    assert api.post(f"/plans/{halted}/retractions", json=MISTAKE).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"confirm": False}, "confirm"),
        ({"confirm": "yes"}, "confirm"),
        ({"reason": ""}, "reason"),
        ({"flag": "snap_or_pop"}, "flag"),  # not reported that day
        ({"date": "2025-03-14"}, "flag"),
        ({"flag": "tired"}, "flag"),
    ],
)
def test_a_mistake_must_be_confirmed_with_a_reason_and_name_a_reported_flag(
    api, halted, change, field
):
    response = api.post(f"/plans/{halted}/retractions", json={**MISTAKE, **change})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    assert status(api, halted) == "halted"


def test_a_log_that_withdraws_a_saved_flag_alone_is_refused_and_says_how(api, halted):
    withdrawal = {"date": "2025-03-15", "flag": "night_pain", "recorded": "2025-03-20"}
    response = api.put(f"/plans/{halted}/log", json={"retractions": [withdrawal]})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "retractions[0].flag"
    assert "in this log" in error["message"] and "with a confirmation" in error["message"]
    assert status(api, halted) == "halted"


def test_clearances_and_retractions_survive_uploads_and_travel_with_exports(app, api, halted):
    api.post(f"/plans/{halted}/retractions", json=MISTAKE)
    api.post(f"/plans/{halted}/clearances", json={"date": "2025-03-19", "note": "Dr Lee"})
    exported = api.get(f"/plans/{halted}/log").get_json()
    assert api.put(f"/plans/{halted}/log", json={"reports": []}).get_json() == exported
    assert api.get(f"/plans/{halted}/log").get_json() == exported
    other = api.post(
        "/plans",
        json={
            "condition": "achilles-tendinopathy-midportion",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
        },
    ).get_json()["id"]
    assert api.put(f"/plans/{other}/log", json=exported).status_code == 200
    assert api.get(f"/plans/{other}/log").get_json() == exported
    assert status(api, other) == "active"


def test_a_coach_who_only_reads_may_not_lift_an_athletes_halt(app, client, api, coach_api, halted):
    clearance = {"date": "2025-03-18", "note": "Dr Lee"}
    assert coach_api.post(f"/plans/{halted}/clearances", json=clearance).status_code == 403
    assert coach_api.post(f"/plans/{halted}/retractions", json=MISTAKE).status_code == 403
    assert status(api, halted) == "halted"


def test_another_runner_cannot_touch_the_record(app, api, halted):
    from tests.web.conftest import AuthActions

    AuthActions(app.test_client()).signup(email="other@example.com")
    other = Api(app.test_client(), issue_token(app, "other@example.com"))
    assert other.delete(f"/plans/{halted}/reports/2025-03-15").status_code == 404
    assert (
        other.post(
            f"/plans/{halted}/clearances", json={"date": "2025-03-18", "note": "x"}
        ).status_code
        == 404
    )
    assert other.post(f"/plans/{halted}/retractions", json=MISTAKE).status_code == 404
    assert other.put(f"/plans/{halted}/log", json={}).status_code == 404


def test_a_patch_cannot_record_a_clearance_and_points_to_the_record(api, halted):
    response = api.patch(f"/plans/{halted}", json={"clearance": "2025-03-18"})
    error = response.get_json()["error"]
    assert response.status_code == 422 and error["field"] == "clearance"
    assert f"/plans/{halted}/clearances" in error["message"]
    assert status(api, halted) == "halted"
    assert api.get(f"/plans/{halted}").get_json()["clearance"] is None


def test_a_coach_who_only_reads_may_not_lift_a_halt_through_a_patch(api, coach_api, halted):
    response = coach_api.patch(f"/plans/{halted}", json={"clearance": "2025-03-18"})
    assert response.status_code == 422 and status(api, halted) == "halted"


def test_a_patch_may_send_back_the_plans_clearance_but_not_remove_it(app, api, plan_id):
    from web.store.models import PlanRow

    with app.test_request_context():
        from web.core.db import session

        session().get(PlanRow, plan_id).clearance = date(2025, 3, 18)
        session().commit()
    plan = api.get(f"/plans/{plan_id}").get_json()
    patched = api.patch(
        f"/plans/{plan_id}", json={"clearance": plan["clearance"], "calendar_time": "07:30"}
    )
    assert patched.status_code == 200
    assert (patched.get_json()["clearance"], patched.get_json()["calendar_time"]) == (
        "2025-03-18",
        "07:30",
    )
    assert api.patch(f"/plans/{plan_id}", json={"clearance": None}).status_code == 422
    assert api.get(f"/plans/{plan_id}").get_json()["clearance"] == "2025-03-18"
