"""The reminder pages: who may see them, what they keep, what they refuse."""

from __future__ import annotations

import pytest

from tests.reminders.conftest import AuthActions, runner_with_plan
from tests.web.conftest import add_plan


def test_a_runner_chooses_morning_messages_at_their_own_time(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    page = client.get(f"/plans/{plan}/reminders")
    assert page.status_code == 200 and "Each morning" in page.get_data(as_text=True)
    saved = client.post(
        f"/plans/{plan}/reminders", data={"morning": "1", "at": "06:45", "email": "1"}
    )
    assert saved.status_code == 302
    from web.store import reminders as store

    with app.app_context():
        choice = store.choice_of(plan)
        assert (choice.morning, choice.nudge, choice.at.isoformat(), choice.email) == (
            True,
            False,
            "06:45:00",
            True,
        )


def test_saving_e_mail_reminders_where_mail_is_off_says_nothing_will_be_sent(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    form = {"morning": "1", "at": "06:45", "email": "1"}
    app.config["MAIL_SERVER"] = ""
    page = client.post(f"/plans/{plan}/reminders", data=form, follow_redirects=True)
    assert (
        "Reminders saved. E-mail is not set up on this site yet, so nothing is sent"
        in page.get_data(as_text=True)
    )
    app.config.update(MAIL_SERVER="mail.example", PUBLIC_URL="https://rtr.example")
    page = client.post(f"/plans/{plan}/reminders", data=form, follow_redirects=True)
    assert "Reminders saved." in page.get_data(as_text=True)
    assert "nothing is sent" not in page.get_data(as_text=True).split("Reminders saved.")[1][:80]


@pytest.mark.parametrize("at", ["25:99", "07:30+05:00", "07:45:59", "0730"])
def test_a_bad_time_is_named_next_to_its_field_and_kept(app, client, auth, at):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    answer = client.post(f"/plans/{plan}/reminders", data={"morning": "1", "at": at, "email": "1"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "is not a time of day (use HH:MM" in page and f'value="{at}"' in page


def test_messages_need_a_way_to_arrive(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    answer = client.post(f"/plans/{plan}/reminders", data={"nudge": "1"})
    assert answer.status_code == 400
    assert "Choose e-mail, push or both" in answer.get_data(as_text=True)


def test_push_is_refused_where_it_is_not_set_up(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    answer = client.post(f"/plans/{plan}/reminders", data={"morning": "1", "push": "1"})
    assert answer.status_code == 400
    assert "not set up on this site" in answer.get_data(as_text=True)


def test_nobody_else_sees_or_changes_a_plans_reminders(app, client, auth):
    plan = runner_with_plan(app, "owner@example.com")
    auth.signup(email="stranger@example.com")
    assert client.get(f"/plans/{plan}/reminders").status_code == 404
    assert client.post(f"/plans/{plan}/reminders", data={"email": "1"}).status_code == 404


def test_reminder_pages_need_a_log_in(app, client):
    plan = runner_with_plan(app, "owner@example.com")
    assert client.get(f"/plans/{plan}/reminders").status_code in (302, 401)
    assert client.get("/reminders/digest").status_code in (302, 401)


def test_only_a_coach_has_a_digest(app, client, auth):
    auth.signup()
    assert client.get("/reminders/digest").status_code == 403


def test_a_coach_turns_the_digest_on(app, client):
    from tests.web.conftest import sign_up
    from web.store import reminders as store
    from web.store.users import by_email

    sign_up(client, "coach@example.com", coach=True)
    assert (
        client.post(
            "/reminders/digest", data={"enabled": "1", "at": "08:00", "email": "1"}
        ).status_code
        == 302
    )
    with app.app_context():
        assert store.digest_of(by_email("coach@example.com").id).enabled is True


def test_the_forms_refuse_a_post_without_its_csrf_token(app):
    client = app.test_client()
    plan = runner_with_plan(app, "runner@example.com")
    AuthActions(client).login()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/plans/{plan}/reminders", data={"email": "1"}).status_code == 400


def test_a_push_subscription_must_look_like_one(app, client, auth):
    auth.signup()
    bad = client.post("/reminders/push", json={"endpoint": "http://insecure", "keys": {}})
    assert bad.status_code == 400
    good = client.post(
        "/reminders/push",
        json={
            "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
            "keys": {"p256dh": "k" * 80, "auth": "a" * 16},
        },
    )
    assert good.status_code == 200
    from web.store import reminders as store
    from web.store.users import by_email

    with app.app_context():
        assert [p.endpoint for p in store.pushes_of(by_email("runner@example.com").id)] == [
            "https://fcm.googleapis.com/fcm/send/abc"
        ]


def test_the_plan_pages_link_to_the_reminders(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    assert f"/plans/{plan}/reminders" in client.get(f"/plans/{plan}/today").get_data(as_text=True)


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(app, client):
    with client.get("/sw.js") as answer:
        assert answer.status_code == 200
        assert answer.headers["Service-Worker-Allowed"] == "/"
        assert "showNotification" in answer.get_data(as_text=True)


def test_every_page_names_the_web_app_manifest_with_its_icons(app, client):
    import json

    page = client.get("/auth/login").get_data(as_text=True)
    assert 'rel="manifest" href="/static/manifest.webmanifest"' in page
    with client.get("/static/manifest.webmanifest") as answer:
        assert answer.mimetype == "application/manifest+json"
        manifest = json.loads(answer.get_data(as_text=True))
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200 and image.mimetype == "image/png"


def test_the_account_export_holds_the_reminder_choices_and_push_services_but_no_keys(
    app, client, auth
):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    client.post(f"/plans/{plan}/reminders", data={"nudge": "1", "at": "06:30", "email": "1"})
    subscription = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/secret-path",
        "keys": {"p256dh": "k" * 80, "auth": "a" * 16},
    }
    assert client.post("/reminders/push", json=subscription).status_code == 200
    data = client.get("/auth/account/export.json").get_json()
    assert data["plans"][0]["reminders"] == {
        "morning": False,
        "nudge": True,
        "change": False,
        "email": True,
        "push": False,
        "at": "06:30",
    }
    assert [p["push_service"] for p in data["push_subscriptions"]] == ["fcm.googleapis.com"]
    assert data["reminder_digest"] is None
    text = client.get("/auth/account/export.json").get_data(as_text=True)
    assert "secret-path" not in text and "a" * 16 not in text


@pytest.mark.parametrize("path", ["/reminders/push", "/reminders/push/forget"])
@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "text/plain"])
def test_a_push_subscription_not_sent_as_json_is_a_415_naming_json(
    app, client, auth, path, content_type
):
    import json

    auth.signup()
    subscription = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "keys": {"p256dh": "k" * 80, "auth": "a" * 16},
    }
    answer = client.post(path, data=json.dumps(subscription), content_type=content_type)
    assert answer.status_code == 415
    assert answer.json["ok"] is False
    assert "application/json" in answer.json["message"]
    assert f"({content_type} was sent)" in answer.json["message"]
    from web.store import reminders as store
    from web.store.users import by_email

    with app.app_context():
        assert store.pushes_of(by_email("runner@example.com").id) == []


def test_the_pages_script_sends_the_subscription_as_json_with_its_csrf_token():
    from pathlib import Path

    script = (Path(__file__).parents[2] / "web" / "static" / "push.js").read_text()
    assert '"Content-Type": "application/json", "X-CSRFToken": token' in script
    assert "body: JSON.stringify(subscription)" in script


def test_a_push_subscription_without_its_csrf_token_is_refused_before_its_type(app, client, auth):
    auth.signup()
    app.config["WTF_CSRF_ENABLED"] = True
    answer = client.post("/reminders/push", data="{}", content_type="text/plain")
    assert answer.status_code == 400
