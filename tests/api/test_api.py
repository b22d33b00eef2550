"""The JSON API behaves like the web pages: same owner rules, same checks, JSON errors."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.api.conftest import Api, issue_token
from tests.web.conftest import add_plan, green_week

PLAN = {
    "condition": "achilles-tendinopathy-midportion",
    "onset": "2025-03-01",
    "weekly_volume": 30,
    "unit": "km",
    "start": "2025-03-01",
}


def error_of(response) -> dict:
    return response.get_json()["error"]


def test_requests_without_a_token_get_401_in_json(client):
    response = client.get("/api/v1/plans")
    assert response.status_code == 401
    assert "token" in error_of(response)["message"]
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_every_documented_operation_but_ping_needs_a_token(client):
    from web.api.openapi import DOCUMENT

    for path, item in DOCUMENT["paths"].items():
        url = "/api/v1" + path.replace("{date}", "2025-03-10").replace("{item}", "test")
        url = (
            url.replace("{plan_id}", "1")
            .replace("{athlete_id}", "1")
            .replace("{condition_id}", "shin-splints")
            .replace("{token_id}", "1")
        )
        for method in set(item) - {"parameters"}:
            status = client.open(url, method=method.upper(), json={}).status_code
            assert status == (200 if path == "/ping" else 401), (method, path)


def test_a_logged_in_browser_session_is_not_enough(client, auth):
    auth.signup()
    assert client.get("/api/v1/plans").status_code == 401


def test_a_made_up_token_is_refused(client, token):
    response = client.get("/api/v1/plans", headers={"Authorization": "Bearer rtr_nope"})
    assert response.status_code == 401


def test_only_the_tokens_hash_is_stored(app, token):
    from web.core.db import session
    from web.store.models import ApiToken

    with app.test_request_context():
        stored = session().query(ApiToken).one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (stored.hint, stored.name)


def test_account_page_creates_a_token_shown_once_and_revokes_it(app, client, auth):
    auth.signup()
    created = client.post("/auth/tokens", data={"name": "watch"})
    assert created.status_code == 201
    token = re.search(r'id="token"[^>]*value="([^"]+)"', created.get_data(as_text=True))[1]
    assert token.startswith("rtr_")
    page = client.get("/auth/account").get_data(as_text=True)
    assert "watch" in page and token not in page
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/plans", headers=headers).status_code == 200
    from web.core.db import session
    from web.store.models import ApiToken

    with app.test_request_context():
        token_id = session().query(ApiToken).one().id
    client.post(f"/auth/tokens/{token_id}/revoke")
    assert client.get("/api/v1/plans", headers=headers).status_code == 401


def test_creates_lists_reads_updates_and_deletes_a_plan(api):
    created = api.post(
        "/plans", json={**PLAN, "easy_pace": "6:00", "runs_per_week": 2, "run_days": [0, 3]}
    )
    assert created.status_code == 201
    plan = created.get_json()
    assert plan["easy_pace"] == "6:00" and plan["run_days"] == [0, 3]
    assert api.get("/plans").get_json()["plans"] == [plan]
    assert api.get(f"/plans/{plan['id']}").get_json() == plan
    patched = api.patch(f"/plans/{plan['id']}", json={"calendar_time": "07:30"}).get_json()
    assert patched["calendar_time"] == "07:30" and patched["clearance"] is None
    assert api.delete(f"/plans/{plan['id']}").status_code == 204
    assert api.get(f"/plans/{plan['id']}").status_code == 404


def test_the_built_plan_is_the_spec_json(api):
    plan_id = api.post("/plans", json=PLAN).get_json()["id"]
    built = api.get(f"/plans/{plan_id}/plan").get_json()
    assert built["condition"]["id"] == PLAN["condition"] and built["unit"] == "km"
    assert built["days"][0]["date"] == "2025-03-01" and built["status"] == "active"


def test_the_built_plan_follows_each_report_at_once(api, walk_run_plan):
    before = api.get(f"/plans/{walk_run_plan}/plan").get_json()
    assert api.get(f"/plans/{walk_run_plan}/plan").get_json() == before
    api.post(
        f"/plans/{walk_run_plan}/reports",
        json={"date": "2025-03-20", "pain_running": 6, "pain_morning": 5},
    )
    after = api.get(f"/plans/{walk_run_plan}/plan").get_json()
    assert len(after["decisions"]) > len(before["decisions"])
    assert any("2025-03-20" == d["date"] for d in after["decisions"])


def test_other_runners_plans_are_404_for_every_endpoint(app, api, other_plan):
    for method, path in (
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("get", "/plan"),
        ("get", "/reports"),
        ("post", "/reports"),
        ("get", "/completions"),
        ("post", "/completions"),
        ("get", "/log"),
        ("put", "/log"),
    ):
        response = getattr(api, method)(f"/plans/{other_plan}{path}", json={})
        assert response.status_code == 404, (method, path)
        assert "message" in error_of(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**PLAN, "condition": "broken-heart"}, "condition"),
        ({**PLAN, "weekly_volume": 0}, "weekly_volume"),
        ({**PLAN, "weekly_volume": 10**400}, "weekly_volume"),
        ({**PLAN, "onset": "2099-01-01"}, "onset"),
        ({**PLAN, "unit": "furlong"}, "unit"),
        ({**PLAN, "run_days": [9]}, "run_days"),
        ({**PLAN, "run_days": False}, "run_days"),
        ({**PLAN, "run_days": {}}, "run_days"),
        ({**PLAN, "run_days": ""}, "run_days"),
        ({**PLAN, "easy_pace": 6}, "easy_pace"),
        ({**PLAN, "calendar_time": "25:99"}, "calendar_time"),
        ({**PLAN, "colour": "red"}, "colour"),
        ({"onset": "2025-03-01"}, "condition"),
        ([1, 2], "body"),
    ],
)
def test_bad_plans_are_422_naming_the_field(api, body, field):
    response = api.post("/plans", json=body)
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_malformed_json_is_400(api):
    response = api.post("/plans", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert error_of(response)["field"] == "body"


def test_a_report_is_upserted_by_date(api, plan_id):
    first = api.post(f"/plans/{plan_id}/reports", json={"date": "2025-03-19", "pain_rest": 2})
    assert first.status_code == 200
    again = api.post(
        f"/plans/{plan_id}/reports",
        json={
            "date": "2025-03-19",
            "pain_rest": 1,
            "flags": ["swelling_bruising"],
            "confirm": "red_flag",
        },
    )
    assert again.get_json()["pain_rest"] == 1
    reports = api.get(f"/plans/{plan_id}/reports").get_json()["reports"]
    assert [(r["date"], r["pain_rest"], r["flags"]) for r in reports] == [
        ("2025-03-19", 1, ["swelling_bruising"])
    ]
    assert api.delete(f"/plans/{plan_id}/reports/2025-03-19").status_code == 409  # red flag
    api.post(f"/plans/{plan_id}/reports", json={"date": "2025-03-18", "pain_rest": 2})
    assert api.delete(f"/plans/{plan_id}/reports/2025-03-18").status_code == 204
    assert api.delete(f"/plans/{plan_id}/reports/2025-03-18").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pain_rest": 11}, "pain_rest"),
        ({"pain_rest": "a lot"}, "pain_rest"),
        ({"date": "2025-03-21", "pain_rest": 1}, "date"),
        ({"flags": ["tired"]}, "flags"),
        ({"note": "a\x00b"}, "note"),
        ({"note": "\ud800"}, "note"),
        ({}, "pain_rest"),
    ],
)
def test_bad_reports_are_422_naming_the_field(api, plan_id, body, field):
    response = api.post(f"/plans/{plan_id}/reports", json=body)
    assert response.status_code == 422
    assert error_of(response)["field"] == field


def test_a_completion_is_stored_once_201_then_200(api, walk_run_plan):
    day = api.get(f"/plans/{walk_run_plan}/plan").get_json()["days"]
    today = next(d for d in day if d["date"] == "2025-03-20")
    body = {"date": "2025-03-20", "item": today["items"][0]["key"]}
    assert api.post(f"/plans/{walk_run_plan}/completions", json=body).status_code == 201
    assert api.post(f"/plans/{walk_run_plan}/completions", json=body).status_code == 200
    assert api.get(f"/plans/{walk_run_plan}/completions").get_json()["completions"] == [body]
    path = f"/plans/{walk_run_plan}/completions/{body['date']}/{body['item']}"
    assert api.delete(path).status_code == 204
    assert api.get(f"/plans/{walk_run_plan}/completions").get_json()["completions"] == []


def test_a_completion_for_an_item_not_on_the_day_is_422(api, plan_id):
    response = api.post(
        f"/plans/{plan_id}/completions", json={"date": "2025-03-20", "item": "moonwalk"}
    )
    assert response.status_code == 422 and error_of(response)["field"] == "item"


def test_the_log_round_trips_an_import_merges_and_a_bad_one_changes_nothing(
    app, api, walk_run_plan
):
    log = api.get(f"/plans/{walk_run_plan}/log").get_json()
    assert len(log["reports"]) == len(green_week())
    bad = {"reports": [{"date": "2025-03-09", "pain_rest": 99}]}
    response = api.put(f"/plans/{walk_run_plan}/log", json=bad)
    assert response.status_code == 422 and error_of(response)["field"] == "reports[0].pain_rest"
    odd = {"id": "a", "date": "2025-03-09", "sport": ["run"], "moving_minutes": 10}
    response = api.put(f"/plans/{walk_run_plan}/log", json={"activities": [odd]})
    assert response.status_code == 422 and error_of(response)["field"] == "activities[0].sport"
    assert api.get(f"/plans/{walk_run_plan}/log").get_json() == log
    assert api.put(f"/plans/{walk_run_plan}/log", json=log).get_json() == log
    changed = {**log["reports"][1], "pain_rest": 1}
    cleared = [{"date": "2025-03-15", "note": "Dr Lee, physiotherapist"}]
    smaller = {"reports": [log["reports"][0], changed], "clearances": cleared}
    merged = {
        **log,
        "reports": [log["reports"][0], changed, *log["reports"][2:]],
        "clearances": cleared,
    }
    assert api.put(f"/plans/{walk_run_plan}/log", json=smaller).get_json() == merged
    assert api.get(f"/plans/{walk_run_plan}/log").get_json() == merged
    assert api.put(f"/plans/{walk_run_plan}/log", json=merged).get_json() == merged  # as stored


@pytest.mark.parametrize(
    ("clearance", "field"),
    [
        ({"clearance": "2025-03-15"}, "clearance"),
        ({"clearances": [{"date": "2025-03-15"}]}, "clearances[0].note"),
        ({"clearances": [{"date": "2025-03-15", "note": " "}]}, "clearances[0].note"),
    ],
)
def test_an_imported_clearance_says_who_cleared_or_nothing_is_imported(
    api, walk_run_plan, clearance, field
):
    log = api.get(f"/plans/{walk_run_plan}/log").get_json()
    changed = {**log["reports"][1], "pain_rest": 1}
    response = api.put(f"/plans/{walk_run_plan}/log", json={"reports": [changed], **clearance})
    assert response.status_code == 422 and error_of(response)["field"] == field
    assert "who cleared you" in error_of(response)["message"]
    assert api.get(f"/plans/{walk_run_plan}/log").get_json() == log


@pytest.mark.parametrize("reason", [None, "", "  "])
def test_an_imported_withdrawal_of_a_red_flag_says_why_or_nothing_is_imported(
    api, walk_run_plan, reason
):
    flagged = {"date": "2025-03-18", "pain_rest": 2, "flags": ["calf_swelling"]}
    withdrawn = {"date": "2025-03-18", "flag": "calf_swelling", "recorded": "2025-03-20"}
    if reason is not None:
        withdrawn["reason"] = reason
    log = api.get(f"/plans/{walk_run_plan}/log").get_json()
    response = api.put(
        f"/plans/{walk_run_plan}/log", json={"reports": [flagged], "retractions": [withdrawn]}
    )
    assert response.status_code == 422 and error_of(response)["field"] == "retractions[0].reason"
    assert api.get(f"/plans/{walk_run_plan}/log").get_json() == log
    withdrawn["reason"] = "ticked the wrong box"
    body = {"reports": [flagged], "retractions": [withdrawn]}
    assert api.put(f"/plans/{walk_run_plan}/log", json=body).status_code == 200


def test_two_reports_on_one_day_in_an_import_are_a_409(api, plan_id):
    twice = {
        "reports": [{"date": "2025-03-09", "pain_rest": 1}, {"date": "2025-03-09", "pain_rest": 2}]
    }
    response = api.put(f"/plans/{plan_id}/log", json=twice)
    assert response.status_code == 409 and error_of(response)["field"] == "reports[1].date"


def test_conditions_and_exercises_are_read_only_catalogs(api):
    conditions = api.get("/conditions").get_json()["conditions"]
    assert {"achilles-tendinopathy-midportion", "shin-splints"} <= {c["id"] for c in conditions}
    assert api.get("/conditions/mtss").get_json()["id"] == "shin-splints"
    assert api.get("/conditions/nope").status_code == 404
    assert api.get("/exercises").get_json()["exercises"][0]["dose"]
    assert api.post("/conditions").status_code == 405  # read-only: the method is not allowed


def test_unknown_paths_and_huge_ids_are_json_404s(api):
    for path in ("/nothing", "/plans/99999999999999999999", "/plans/-1"):
        response = api.get(path)
        assert response.status_code == 404 and "message" in error_of(response)


def test_each_runner_sees_only_their_own_plans(app, api, client):
    api.post("/plans", json=PLAN)
    from tests.web.conftest import AuthActions

    AuthActions(app.test_client()).signup(email="second@example.com")
    add_plan(app, "second@example.com")
    second = Api(app.test_client(), issue_token(app, "second@example.com"))
    assert len(second.get("/plans").get_json()["plans"]) == 1
    assert len(api.get("/plans").get_json()["plans"]) == 1
