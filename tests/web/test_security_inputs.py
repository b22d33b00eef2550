"""Input the database cannot hold is a clear 4xx or kept without what it cannot hold (said so on
the page), never a 500: huge ids and NUL bytes."""

from __future__ import annotations

import io
import json

import pytest

from tests.web.conftest import PASSWORD, log_counts, sign_up
from web import store

HUGE = ["2147483648", "99999999999999999999999"]
ID_URLS = [
    ("get", "/plans/{id}/today"),
    ("get", "/plans/{id}"),
    ("get", "/plans/{id}/history"),
    ("get", "/plans/{id}/export.json"),
    ("get", "/plans/{id}/calendar-feed"),
    ("get", "/plans/{id}/calendar.ics"),
    ("post", "/plans/{id}/report"),
    ("post", "/auth/tokens/{id}/revoke"),
    ("get", "/coach/athletes/{id}"),
    ("get", "/coach/plans/{id}/edit"),
    ("post", "/coach/plans/{id}/notes"),
    ("post", "/coach/athletes/{id}/plans"),
]


@pytest.fixture
def coach(app, client):
    sign_up(client, "coach@example.com", coach=True)
    return client


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(("method", "url"), ID_URLS)
def test_an_id_too_big_for_the_database_is_not_found(client, plan_id, method, url, number):
    assert getattr(client, method)(url.format(id=number)).status_code == 404


@pytest.mark.parametrize("number", HUGE)
def test_a_coach_route_with_a_huge_id_is_not_found(coach, number):
    assert coach.get(f"/coach/athletes/{number}").status_code == 404
    assert coach.post("/coach/invites", data={"athlete_id": number}).status_code == 404


@pytest.mark.parametrize("number", ["²", "١٢", "-1", " 1"])
def test_an_invite_for_an_athlete_id_that_is_not_a_number_is_not_found(coach, number):
    assert coach.post("/coach/invites", data={"athlete_id": number}).status_code == 404


NUL_TAKEN_OUT = "An invisible character (NUL, \\x00) was taken out of what you sent"


def taken_out(response, fields: str) -> bool:
    """Did the page say that a NUL was taken out of these fields?"""
    return f"{NUL_TAKEN_OUT} ({fields})" in response.get_data(as_text=True)


def test_a_report_note_with_a_nul_is_kept_without_it_and_the_page_says_so(app, client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/report",
        data={"pain_rest": "1", "note": "a\x00b\x00c"},
        follow_redirects=True,
    )
    assert response.status_code == 200 and taken_out(response, "note")
    with app.test_request_context():
        from web.core.db import session
        from web.store.models import PlanRow

        log = store.logs.load_log(session().get(PlanRow, plan_id))
    assert [r.note for r in log.reports] == ["abc"]


def test_a_token_name_with_a_nul_is_kept_without_it(client, plan_id):
    response = client.post("/auth/tokens", data={"name": "lap\x00top"}, follow_redirects=True)
    assert response.status_code == 201 and taken_out(response, "name")
    assert "laptop" in client.get("/auth/account").get_data(as_text=True)


def test_a_signup_email_with_a_nul_makes_the_account_without_it(client):
    response = client.post(
        "/auth/signup",
        data={"email": "nul\x00@example.com", "password": PASSWORD, "confirm": PASSWORD},
        follow_redirects=True,
    )
    assert taken_out(response, "email")
    logged_in = client.post("/auth/login", data={"email": "nul@example.com", "password": PASSWORD})
    assert logged_in.status_code == 302


def test_a_login_email_with_a_nul_logs_in_without_it(app, plan_id):
    response = app.test_client().post(
        "/auth/login", data={"email": "runner@\x00example.com", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_athlete_and_invite_names_with_a_nul_are_kept_without_it(coach):
    added = coach.post("/coach/athletes", data={"name": "Sam\x00"}, follow_redirects=True)
    assert taken_out(added, "name") and "Sam" in coach.get("/coach/").get_data(as_text=True)
    invited = coach.post("/coach/invites", data={"name": "Kim\x00"}, follow_redirects=True)
    assert taken_out(invited, "name") and "Kim" in invited.get_data(as_text=True)


def refused_for_nul(response) -> bool:
    return response.status_code == 400 and "NUL" in response.get_data(as_text=True)


def test_a_nul_nobody_could_type_is_refused(coach):
    assert refused_for_nul(coach.get("/coach/?q=Sa%00m"))  # a search: typed again in a moment
    assert refused_for_nul(coach.post("/coach/athletes", data={"na\x00me": "Sam"}))
    upload = {"file": (io.BytesIO(b"{}"), "log\x00.json")}
    assert refused_for_nul(coach.post("/coach/athletes", data=upload))


def upload(log: dict) -> dict:
    return {"file": (io.BytesIO(json.dumps(log).encode()), "log.json")}


@pytest.mark.parametrize("note", ["a\x00b", "x" * 2001])
def test_an_imported_note_the_api_would_refuse_is_refused_and_changes_nothing(
    app, client, plan_id, note
):
    log = {"reports": [{"date": "2025-03-19", "pain_rest": 1, "note": note}], "completions": []}
    response = client.post(f"/plans/{plan_id}/import", data=upload(log))
    assert response.status_code == 400
    assert "Report 1, note:" in response.get_data(as_text=True)
    assert log_counts(app, plan_id) == (0, 0)


DEEP = b"[" * 100_000 + b"]" * 100_000  # under 500 kB: the test client spools more to a file
LONG_NUMBER = b'{"reports": [{"date": "2025-03-19", "pain_rest": ' + b"7" * 5001 + b"}]}"
HOSTILE_JSON = [
    (DEEP, "nested too deeply"),
    (b'{"reports": ' * 20_000 + b"[]" + b"}" * 20_000, "nested too deeply"),
    (LONG_NUMBER, "a number with more than"),
    (b'{"reports": [{"date": "2025-03-19", "pain_rest": NaN}]}', "NaN"),
    (b'{"reports": [{"date": "2025-03-19", "pain_rest": 1e999}]}', "out of range"),
]


@pytest.mark.parametrize(
    ("body", "message"), HOSTILE_JSON, ids=["array", "object", "digits", "nan", "huge"]
)
def test_the_web_import_refuses_hostile_json_with_a_clear_message(
    app, client, plan_id, body, message
):
    files = {"file": (io.BytesIO(body), "log.json")}
    response = client.post(f"/plans/{plan_id}/import", data=files)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert log_counts(app, plan_id) == (0, 0)


@pytest.mark.parametrize(
    ("body", "message"), HOSTILE_JSON, ids=["array", "object", "digits", "nan", "huge"]
)
def test_the_api_refuses_the_same_json_with_the_same_message(app, client, plan_id, body, message):
    from tests.api.conftest import issue_token

    headers = {
        "Authorization": f"Bearer {issue_token(app, 'runner@example.com')}",
        "Content-Type": "application/json",
    }
    response = client.put(f"/api/v1/plans/{plan_id}/log", data=body, headers=headers)
    assert response.status_code == 400
    assert message in response.json["error"]["message"]
    assert response.json["error"]["field"] == "body"
    assert log_counts(app, plan_id) == (0, 0)


@pytest.mark.parametrize("path", ["/reminders/push", "/reminders/push/forget"])
@pytest.mark.parametrize("body", [DEEP, LONG_NUMBER], ids=["deep", "digits"])
def test_the_push_endpoints_answer_hostile_json_with_a_400(client, auth, path, body):
    auth.signup()
    response = client.post(path, data=body, content_type="application/json")
    assert response.status_code == 400 and response.json["ok"] is False


def test_a_token_name_longer_than_its_field_is_refused_not_cut(app, client, plan_id):
    response = client.post("/auth/tokens", data={"name": "x" * 81, "expires": "30"})
    assert response.status_code == 400
    assert "at most 80 characters" in response.get_data(as_text=True)
    assert "rtr_" not in response.get_data(as_text=True)
    assert client.post("/auth/tokens", data={"name": "x" * 80, "expires": "30"}).status_code == 201


def test_an_invite_name_longer_than_its_field_is_refused_not_cut(coach):
    response = coach.post("/coach/invites", data={"name": "S" * 121})
    assert response.status_code == 400
    assert "a name of 1 to 120 characters" in response.get_data(as_text=True)
    assert "/coach/join/" not in response.get_data(as_text=True)
    assert coach.post("/coach/invites", data={"name": "S" * 120}).status_code == 200
