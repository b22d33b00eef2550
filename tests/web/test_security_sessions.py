"""A session ends for good: a cookie copied before log-out or a password change stops working."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from tests.web.conftest import PASSWORD, add_plan, cookie_as_anyone_reads_it, log_counts, sign_up
from tests.web.test_feeds import subscribe
from tests.web.test_security import csrf_client  # noqa: F401 - the fixture, shared
from web.auth import sealed, unsent

JSON = {"Accept": "application/json"}  # as tick.js asks


def copy_session(app, client):
    """Return a second client holding the same session cookie, as a thief would."""
    thief = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def test_a_cookie_copied_before_logout_is_sent_to_login_after_it(app, client, auth, plan_id):
    thief = copy_session(app, client)
    assert thief.get(f"/plans/{plan_id}/today").status_code == 200
    auth.logout()
    response = thief.get(f"/plans/{plan_id}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_cookie_copied_before_a_password_change_is_sent_to_login_after_it(app, client, plan_id):
    thief = copy_session(app, client)
    changed = client.post(
        "/auth/account",
        data={
            "timezone": "UTC",
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "confirm": "a brand new passphrase",
        },
    )
    assert changed.status_code == 302
    response = thief.get(f"/plans/{plan_id}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert client.get(f"/plans/{plan_id}/today").status_code == 200  # who changed it stays in


def change_password(client, **more):
    form = {"timezone": "UTC", "current_password": PASSWORD, "new_password": "a brand new one"}
    return client.post("/auth/account", data={**form, "confirm": "a brand new one", **more})


def test_a_password_change_offers_to_revoke_the_api_tokens_ticked_and_does(app, client, plan_id):
    from tests.api.conftest import Api, issue_token

    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    page = client.get("/auth/account").get_data(as_text=True)
    assert 'name="revoke_tokens" value="yes" checked' in page and "1 API token:" in page
    changed = change_password(client, revoke_tokens="yes")
    assert changed.status_code == 302 and api.get("/plans").status_code == 401
    said = client.get(changed.headers["Location"]).get_data(as_text=True)
    assert "Your password is changed. Your API token is revoked" in said
    assert "revoke_tokens" not in said  # none left


def test_a_password_change_with_the_box_unticked_keeps_the_api_tokens(app, client, plan_id):
    from tests.api.conftest import Api, issue_token

    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    assert change_password(client).status_code == 302
    assert api.get("/plans").status_code == 200


def test_a_refused_password_change_keeps_the_box_as_it_was_sent(app, client, plan_id):
    from tests.api.conftest import issue_token

    issue_token(app, "runner@example.com")
    refused = change_password(client, confirm="not the same")
    assert refused.status_code == 400
    assert 'name="revoke_tokens" value="yes">' in refused.get_data(as_text=True)  # unticked


def test_logging_in_again_after_logout_works(client, auth, plan_id):
    auth.logout()
    auth.login()
    assert client.get(f"/plans/{plan_id}/today").status_code == 200


# The CSRF secret is new at every log-in and log-out (OWASP ASVS 3.2.1's idea, for the token).


def csrf_of(client, page: str) -> str:
    from tests.web.test_security import token

    return token(client, page)


def log_in_with_csrf(client, password="long enough!"):
    form = {
        "email": "runner@example.com",
        "password": password,
        "csrf_token": csrf_of(client, "/auth/login"),
    }
    assert client.post("/auth/login", data=form).status_code == 302


def log_out_with_csrf(client, page):
    assert (
        client.post("/auth/logout", data={"csrf_token": csrf_of(client, page)}).status_code == 302
    )


def test_logging_in_makes_a_new_csrf_secret_and_the_old_token_stops_working(csrf_client):  # noqa: F811
    from tests.web.test_security import signed_up

    app, client = csrf_client
    plan = signed_up(app, client)
    before = csrf_of(client, "/auth/account")
    log_out_with_csrf(client, "/auth/account")
    after_logout = csrf_of(client, "/auth/login")
    log_in_with_csrf(client)
    after_login = csrf_of(client, "/auth/account")
    assert len({before, after_logout, after_login}) == 3
    stale = client.post(f"/plans/{plan}/report", data={"pain_rest": "2", "csrf_token": before})
    assert stale.status_code == 400 and "This form has expired" in stale.get_data(as_text=True)
    fresh = client.post(f"/plans/{plan}/report", data={"pain_rest": "2", "csrf_token": after_login})
    assert fresh.status_code == 302


def test_a_form_sent_after_this_browser_logged_out_says_so_and_leads_back_in(csrf_client):  # noqa: F811
    from tests.web.test_security import signed_up

    app, client = csrf_client
    plan = signed_up(app, client)
    stale = csrf_of(client, f"/plans/{plan}/today")  # the Today page left open in a tab
    log_out_with_csrf(client, "/auth/account")  # from another tab
    today = f"http://localhost/plans/{plan}/today"
    sent = client.post(
        f"/plans/{plan}/report",
        data={"pain_rest": "2", "csrf_token": stale},
        headers={"Referer": today},
    )
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400 and "You are logged out" in page and "not saved" in page
    assert f'href="/auth/login?next=/plans/{plan}/today">Log in</a>' in page


def test_a_stale_public_form_says_it_expired_not_that_anyone_logged_out(csrf_client):  # noqa: F811
    app, client = csrf_client
    stale = csrf_of(client, "/auth/signup")
    client.delete_cookie("session")  # a new browser session, say
    form = {"email": "new@example.com", "password": "long enough!", "confirm": "long enough!"}
    sent = client.post("/auth/signup", data={**form, "csrf_token": stale})
    page = sent.get_data(as_text=True)
    assert sent.status_code == 400 and "This form has expired" in page
    assert "You are logged out" not in page


def test_a_kept_today_page_carries_the_new_sessions_token(csrf_client):  # noqa: F811
    from flask import template_rendered

    from tests.web.test_security import signed_up

    app, client = csrf_client
    plan = signed_up(app, client)
    today = f"/plans/{plan}/today"
    first = csrf_of(client, today)
    log_out_with_csrf(client, today)
    log_in_with_csrf(client)
    rendered = []
    template_rendered.connect(lambda *_a, **kw: rendered.append(kw["template"].name), app)
    second = csrf_of(client, today)
    assert "today/show.html" not in rendered  # served from the kept page, its hole filled
    assert second != first
    assert (
        client.post(
            f"/plans/{plan}/report", data={"pain_rest": "1", "csrf_token": first}
        ).status_code
        == 400
    )
    assert (
        client.post(
            f"/plans/{plan}/report", data={"pain_rest": "1", "csrf_token": second}
        ).status_code
        == 302
    )


def test_a_tick_sent_by_the_page_with_the_last_sessions_token_gets_a_json_400(csrf_client):  # noqa: F811
    from tests.web.test_security import signed_up

    app, client = csrf_client
    plan = signed_up(app, client)
    today = f"/plans/{plan}/today"
    stale = csrf_of(client, today)
    log_out_with_csrf(client, today)
    log_in_with_csrf(client)
    tick = {"date": "2025-03-20", "item": "walk", "done": "1", "csrf_token": stale}
    answer = client.post(f"/plans/{plan}/done", data=tick, headers=JSON)
    assert answer.status_code == 400 and answer.is_json
    assert answer.get_json()["error"]["field"] == "csrf_token"
    fresh = {**tick, "csrf_token": csrf_of(client, today)}
    assert client.post(f"/plans/{plan}/done", data=fresh, headers=JSON).get_json()["ok"] is True


# Idle sessions end.


def later(app, minutes: int) -> None:
    moved = app.config["CLOCK"]() + timedelta(minutes=minutes)
    app.config["CLOCK"] = lambda: moved


def test_a_session_idle_for_more_than_thirty_minutes_ends(app, client, plan_id):
    later(app, 31)
    response = client.get(f"/plans/{plan_id}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "logged out after 30 minutes without activity" in page
    assert client.get(f"/plans/{plan_id}/today").status_code == 302  # for good
    auth_again = client.post(
        "/auth/login", data={"email": "runner@example.com", "password": PASSWORD}
    )
    assert auth_again.status_code == 302
    assert client.get(f"/plans/{plan_id}/today").status_code == 200


def test_a_tick_sent_by_the_page_after_the_session_idled_out_gets_401_json_not_the_login_page(
    app, client, plan_id
):
    later(app, 31)
    tick = {"date": "2025-03-20", "item": "walk", "done": "1"}
    answer = client.post(f"/plans/{plan_id}/done", data=tick, headers=JSON)
    assert answer.status_code == 401 and answer.is_json
    assert "Log in again" in answer.get_json()["error"]["message"]
    auth_again = client.post(
        "/auth/login", data={"email": "runner@example.com", "password": PASSWORD}
    )
    assert auth_again.status_code == 302
    assert client.post(f"/plans/{plan_id}/done", data=tick, headers=JSON).get_json()["ok"] is True


def test_a_form_posted_after_the_session_idled_out_is_still_sent_to_log_in(app, client, plan_id):
    later(app, 31)
    tick = {"date": "2025-03-20", "item": "walk", "done": "1"}
    answer = client.post(f"/plans/{plan_id}/done", data=tick)
    assert answer.status_code == 302 and "/auth/login" in answer.headers["Location"]
    assert "next=" in answer.headers["Location"]


REPORT = {"pain_rest": "3", "pain_walking": "2", "note": "Sore after the stairs"}


def send_report_after_idling(app, client, plan_id):
    later(app, 31)
    today = f"http://localhost/plans/{plan_id}/today"
    return client.post(f"/plans/{plan_id}/report", data=REPORT, headers={"Referer": today})


def test_a_report_sent_after_the_session_idled_out_comes_back_filled_in_after_log_in(
    app, client, plan_id
):
    sent = send_report_after_idling(app, client, plan_id)
    assert sent.status_code == 302 and "/auth/login" in sent.headers["Location"]
    assert "next=%2Fplans%2F" in sent.headers["Location"]  # the page it came from, not the POST
    assert log_counts(app, plan_id) == (0, 0)  # nothing saved without a live session
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    assert back.headers["Location"] == f"/plans/{plan_id}/today"
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert "You were logged out before your report was saved" in page
    assert 'id="pain_rest-3" name="pain_rest" value="3" checked' in page
    assert ">Sore after the stairs</textarea>" in page
    again = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "You were logged out before your report was saved" not in again  # once


def test_a_report_sent_after_logging_out_everywhere_from_elsewhere_comes_back_after_log_in(
    app, client, auth, plan_id
):
    phone = copy_session(app, client)  # the same account, logged in on a phone
    auth.logout()  # from the laptop: every session of the account ends
    today = f"http://localhost/plans/{plan_id}/today"
    sent = phone.post(f"/plans/{plan_id}/report", data=REPORT, headers={"Referer": today})
    assert sent.status_code == 302 and "/auth/login" in sent.headers["Location"]
    assert log_counts(app, plan_id) == (0, 0)  # nothing saved without a live session
    back = phone.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    page = phone.get(back.headers["Location"]).get_data(as_text=True)
    assert "You were logged out before your report was saved" in page
    assert ">Sore after the stairs</textarea>" in page


def test_a_kept_report_for_yesterday_comes_back_on_yesterdays_page_not_todays(app, client, plan_id):
    later(app, 31)
    today = f"http://localhost/plans/{plan_id}/today"
    form = {**REPORT, "date": "2025-03-19"}  # sent just before midnight, say
    sent = client.post(f"/plans/{plan_id}/report", data=form, headers={"Referer": today})
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    moved = client.get(back.headers["Location"])
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/days/2025-03-19")
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "You were logged out before your report was saved" in page
    assert ">Sore after the stairs</textarea>" in page and 'value="2025-03-19"' in page


def test_a_kept_report_waits_sealed_so_the_browser_holding_it_cannot_show_it(app, client, plan_id):
    send_report_after_idling(app, client, plan_id)
    readable = cookie_as_anyone_reads_it(client)
    assert unsent.UNSENT in readable  # kept, and in the cookie...
    assert "Sore after the stairs" not in readable and "pain_rest" not in readable  # ...sealed


def test_a_kept_report_tampered_with_or_sealed_under_another_key_is_dropped(app, client, plan_id):
    sent = send_report_after_idling(app, client, plan_id)
    with client.session_transaction() as kept:
        kept[unsent.UNSENT] = kept[unsent.UNSENT][:-4] + "AAAA"
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert page and "Sore after the stairs" not in page
    assert "You were logged out before your report was saved" not in page


def test_the_longest_report_kept_still_fits_the_cookie_sealed(app, client, plan_id):
    later(app, 31)
    note = "Sore after the stairs; " * 80  # 1,840 characters: near the most a cookie keeps
    form = {**REPORT, "note": note.strip(), "flags": ["swelling"]}
    sent = client.post(f"/plans/{plan_id}/report", data=form)
    assert len(client.get_cookie("session").value) < 4000  # browsers keep 4 kB a cookie
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    page = client.get(back.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert f">{note.strip()}</textarea>" in page


def back_after_log_in(app, client, plan_id, form) -> str:
    """Send `form` as a report after the idle time-out, log in again, return the page shown."""
    later(app, 31)
    sent = client.post(f"/plans/{plan_id}/report", data=form)
    assert len(client.get_cookie("session").value) < 4000  # browsers keep 4 kB a cookie
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    return client.get(back.headers["Location"], follow_redirects=True).get_data(as_text=True)


def test_a_long_report_note_in_greek_is_kept_whole_compressed(app, client, plan_id):
    note = ("Πονάει η φτέρνα μετά τις σκάλες. " * 60).strip()  # 1,979 characters, 3.6 kB
    page = back_after_log_in(app, client, plan_id, {**REPORT, "note": note})
    assert f">{note}</textarea>" in page
    assert "too long to keep" not in page


def test_a_note_too_long_for_the_cookie_is_said_to_be_lost_and_the_scores_come_back(
    app, client, plan_id
):
    draw = random.Random(7)
    note = "".join(chr(draw.randrange(0x4E00, 0x9FFF)) for _ in range(2000))  # nothing to pack
    page = back_after_log_in(app, client, plan_id, {**REPORT, "note": note, "flags": ["swelling"]})
    assert "You were logged out before your report was saved" in page
    assert "Its note was too long to keep through the log-out" in page
    assert 'id="pain_rest-3" name="pain_rest" value="3" checked' in page
    assert note[:50] not in page


def test_a_kept_report_is_dropped_after_an_hour(app, client, plan_id):
    sent = send_report_after_idling(app, client, plan_id)
    later(app, 61)
    back = client.post(
        sent.headers["Location"], data={"email": "runner@example.com", "password": PASSWORD}
    )
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert "Sore after the stairs" not in page


def test_a_report_kept_after_an_idle_time_out_is_dropped_when_someone_else_logs_in(
    app, client, plan_id
):
    sign_up(app.test_client(), "other@example.com")
    sent = send_report_after_idling(app, client, plan_id)
    with client.session_transaction() as kept, app.test_request_context():
        assert sealed.unseal(kept[unsent.UNSENT])["form"]["note"] == ["Sore after the stairs"]
    client.post(sent.headers["Location"], data={"email": "other@example.com", "password": PASSWORD})
    with client.session_transaction() as theirs:
        assert unsent.UNSENT not in theirs  # the runner's pain report is not theirs to see


def test_a_session_in_use_stays_open_past_thirty_minutes(app, client, plan_id):
    for _ in range(4):
        later(app, 20)
        assert client.get(f"/plans/{plan_id}/today").status_code == 200


def test_a_session_in_use_still_ends_twelve_hours_after_log_in(app, client, plan_id):
    for _ in range(12 * 60 // 25):  # a request every 25 minutes: never idle
        later(app, 25)
        assert client.get(f"/plans/{plan_id}/today").status_code == 200
    later(app, 25)  # 12 hours and 25 minutes after logging in
    ended = client.get(f"/plans/{plan_id}/today")
    assert ended.status_code == 302 and "/auth/login" in ended.headers["Location"]
    page = client.get(ended.headers["Location"]).get_data(as_text=True)
    assert "logged out 12 hours after logging in" in page
    again = client.post("/auth/login", data={"email": "runner@example.com", "password": PASSWORD})
    assert again.status_code == 302 and client.get(f"/plans/{plan_id}/today").status_code == 200


@pytest.mark.parametrize(
    ("setting", "value", "minutes"),
    [("IDLE_TIMEOUT_MINUTES", 240, (200, 241)), ("SESSION_MAX_HOURS", 1, (25, 25, 25))],
)
def test_each_limit_of_a_session_is_configurable(app, client, plan_id, setting, value, minutes):
    app.config[setting] = value
    *kept, last = minutes
    for step in kept:
        later(app, step)
        assert client.get(f"/plans/{plan_id}/today").status_code == 200
    later(app, last)
    assert client.get(f"/plans/{plan_id}/today").status_code == 302


# No cache keeps a page with health data.


@pytest.mark.parametrize(
    "page",
    [
        "/plans/{id}/today",
        "/plans/{id}",
        "/plans/{id}/history",
        "/plans/{id}/charts",
        "/plans/{id}/print",
        "/plans/{id}/days/2025-03-20",
        "/plans/{id}/export.json",
        "/plans/{id}/export.csv",
        "/plans/{id}/calendar.ics",
        "/plans/",
        "/auth/account",
    ],
)
def test_no_cache_may_keep_a_page_with_health_data(client, plan_id, page):
    response = client.get(page.format(id=plan_id))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_the_api_answers_are_not_kept_either(app, client, plan_id):
    from tests.api.conftest import issue_token

    token = issue_token(app, "runner@example.com")
    response = client.get(
        f"/api/v1/plans/{plan_id}/reports", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_static_files_may_be_kept_and_the_feed_keeps_its_validator(client, plan_id):
    static = client.get("/static/style.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")
    feed = client.get(subscribe(client, plan_id))
    assert feed.headers["Cache-Control"].startswith("private") and feed.headers["ETag"]


def delete_account(client) -> None:
    answer = client.post(
        "/auth/account/delete", data={"confirm": "delete", "delete_password": PASSWORD}
    )
    assert answer.status_code == 302


def test_a_deleted_accounts_other_session_never_opens_the_next_account(app):
    phone, laptop, newcomer = app.test_client(), app.test_client(), app.test_client()
    sign_up(phone, "leaver@example.com")
    laptop.post("/auth/login", data={"email": "leaver@example.com", "password": PASSWORD})
    delete_account(phone)
    sign_up(newcomer, "newcomer@example.com")
    plan = add_plan(app, "newcomer@example.com")
    assert "newcomer@example.com" not in laptop.get("/auth/account").get_data(as_text=True)
    response = laptop.get(f"/plans/{plan}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_a_session_whose_account_is_gone_is_cleared_not_kept_alive(app):
    phone, laptop = app.test_client(), app.test_client()
    sign_up(phone, "leaver@example.com")
    laptop.post("/auth/login", data={"email": "leaver@example.com", "password": PASSWORD})
    delete_account(phone)
    laptop.get("/")
    with laptop.session_transaction() as kept:
        assert "_user_id" not in kept and "seen" not in kept


def test_two_accounts_do_not_start_at_the_same_session_version(app, client):
    from web.store import users

    sign_up(client, "first@example.com")
    sign_up(client, "second@example.com")
    with app.app_context():
        first, second = (users.by_email(f"{n}@example.com") for n in ("first", "second"))
        assert first.session_version != second.session_version
