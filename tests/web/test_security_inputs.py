"""Input the database cannot hold is a clear 4xx, never a 500: huge ids and NUL bytes."""

from __future__ import annotations

import io
import json

import pytest

from tests.web.conftest import PASSWORD, log_counts, sign_up

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


def refused_for_nul(response) -> bool:
    return response.status_code == 400 and "NUL" in response.get_data(as_text=True)


def test_a_report_note_with_a_nul_is_refused(app, client, plan_id):
    assert refused_for_nul(
        client.post(f"/plans/{plan_id}/report", data={"pain_rest": "1", "note": "a\x00b"})
    )
    assert log_counts(app, plan_id) == (0, 0)


def test_a_token_name_with_a_nul_is_refused(client, plan_id):
    assert refused_for_nul(client.post("/auth/tokens", data={"name": "lap\x00top"}))


def test_a_signup_email_with_a_nul_is_refused(client):
    assert refused_for_nul(
        client.post(
            "/auth/signup",
            data={"email": "nul\x00@example.com", "password": PASSWORD, "confirm": PASSWORD},
        )
    )


def test_a_login_email_with_a_nul_is_refused(client):
    assert refused_for_nul(
        client.post("/auth/login", data={"email": "nul\x00@example.com", "password": PASSWORD})
    )


def test_athlete_and_invite_names_with_a_nul_are_refused(coach):
    assert refused_for_nul(coach.post("/coach/athletes", data={"name": "Sam\x00"}))
    assert refused_for_nul(coach.post("/coach/invites", data={"name": "Sam\x00"}))


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
