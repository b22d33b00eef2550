"""Nobody sees or changes what is not theirs, and every form needs its CSRF token."""

from __future__ import annotations

import pytest

from tests.conftest import fixed_clock
from tests.web.conftest import AuthActions, add_plan, log_counts
from web import create_app

PLAN_PAGES = [
    "/plans/{id}",
    "/plans/{id}/today",
    "/plans/{id}/days/2025-03-20",
    "/plans/{id}/history",
    "/plans/{id}/charts",
    "/plans/{id}/print",
    "/plans/{id}/settings",
    "/plans/{id}/import",
    "/plans/{id}/export.json",
    "/plans/{id}/export.csv",
]
PLAN_POSTS = [
    ("/plans/{id}/done", {"date": "2025-03-20", "item": "walk", "done": "1"}),
    ("/plans/{id}/report", {"pain_rest": "9", "flags": ["snap_or_pop"], "confirm": "red_flag"}),
    ("/plans/{id}/settings", {"clearance": "2025-03-19", "clearance_note": "Dr Lee"}),
    ("/plans/{id}/import", {}),
    (
        "/plans/{id}/import/confirm",
        {"log": '{"reports": [{"date": "2025-03-19", "pain_rest": 1}]}', "version": "0"},
    ),
    ("/plans/{id}/clearances", {"date": "2025-03-19", "note": "Dr Lee"}),
    (
        "/plans/{id}/retractions",
        {"date": "2025-03-19", "flag": "night_pain", "reason": "oops", "confirm": "yes"},
    ),
]


@pytest.mark.parametrize("page", PLAN_PAGES)
def test_another_runners_plan_is_not_found(client, plan_id, other_plan, page):
    assert client.get(page.format(id=other_plan)).status_code == 404


@pytest.mark.parametrize("page", PLAN_PAGES)
def test_a_plan_that_does_not_exist_is_not_found(client, plan_id, page):
    assert client.get(page.format(id=999)).status_code == 404


@pytest.mark.parametrize("url, form", PLAN_POSTS)
def test_writing_to_another_runners_plan_is_not_found_and_changes_nothing(
    app, client, plan_id, other_plan, url, form
):
    assert client.post(url.format(id=other_plan), data=form).status_code == 404
    assert log_counts(app, other_plan) == (0, 0)
    assert 'value=""' in settings_seen_by_owner(app, other_plan)  # no clearance recorded


def settings_seen_by_owner(app, plan_id):
    other = app.test_client()
    AuthActions(other).login(email="other@example.com")
    return other.get(f"/plans/{plan_id}/settings").get_data(as_text=True)


@pytest.mark.parametrize("page", PLAN_PAGES + ["/plans/", "/auth/account", "/plans/new/where"])
def test_every_private_page_needs_a_login(client, other_plan, page):
    response = client.get(page.format(id=other_plan))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.fixture
def csrf_client(database_url, tmp_path):
    """A client of an app with CSRF protection on, as in production."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": database_url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.instance_path = str(tmp_path / "instance")
    yield app, app.test_client()
    app.extensions["rtr.engine"].dispose()


def token(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def signed_up(app, client) -> int:
    form = {"email": "runner@example.com", "password": "long enough!", "confirm": "long enough!"}
    response = client.post(
        "/auth/signup", data={**form, "csrf_token": token(client, "/auth/signup")}
    )
    assert response.status_code == 302
    response = client.post("/auth/login", data={**form, "csrf_token": token(client, "/auth/login")})
    assert response.status_code == 302
    return add_plan(app, "runner@example.com")


def test_forms_work_with_their_token(csrf_client):
    app, client = csrf_client
    plan = signed_up(app, client)
    form = {"pain_rest": "2", "csrf_token": token(client, f"/plans/{plan}/today")}
    assert client.post(f"/plans/{plan}/report", data=form).status_code == 302


@pytest.mark.parametrize(
    "url, form",
    [
        (
            "/auth/signup",
            {"email": "x@example.com", "password": "long enough!", "confirm": "long enough!"},
        ),
        ("/auth/login", {"email": "runner@example.com", "password": "long enough!"}),
        ("/auth/logout", {}),
        ("/auth/account", {"timezone": "Europe/Paris"}),
        ("/plans/new/where", {"location": "heel"}),
        *PLAN_POSTS,
    ],
)
def test_a_post_without_the_csrf_token_is_rejected(csrf_client, url, form):
    app, client = csrf_client
    plan = signed_up(app, client)
    response = client.post(url.format(id=plan), data=form)
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert log_counts(app, plan) == (0, 0)


def test_the_session_cookie_is_http_only_and_same_site(csrf_client):
    app, client = csrf_client
    signed_up(app, client)
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


BROKEN_REFERERS = ("http://[", "https://[::1/", "https://local host/")


@pytest.mark.parametrize("referer", BROKEN_REFERERS)
def test_a_logged_out_post_with_a_broken_referer_is_sent_to_log_in_not_a_server_error(
    app, client, referer
):
    sent = client.post("/plans/1/report", data={"pain_rest": "2"}, headers={"Referer": referer})
    assert sent.status_code == 302 and "/auth/login" in sent.headers["Location"]


@pytest.mark.parametrize("referer", BROKEN_REFERERS)
def test_a_form_without_its_token_and_a_broken_referer_is_refused_not_a_server_error(
    csrf_client, referer
):
    _, client = csrf_client
    sent = client.post("/auth/tokens", data={"name": "x"}, headers={"Referer": referer})
    assert sent.status_code == 400
    assert "this form was not saved" in sent.get_data(as_text=True)


@pytest.mark.parametrize("referer", BROKEN_REFERERS)
def test_over_https_a_broken_referer_is_a_refused_form_not_a_server_error(csrf_client, referer):
    _, client = csrf_client
    page = client.get("/auth/login", base_url="https://localhost").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "email": "a@example.com", "password": "x" * 12}
    sent = client.post(
        "/auth/login", base_url="https://localhost", data=form, headers={"Referer": referer}
    )
    assert sent.status_code == 400
    good = {"Referer": "https://localhost/auth/login"}
    logged_in = client.post("/auth/login", base_url="https://localhost", data=form, headers=good)
    assert "That email and password do not match" in logged_in.get_data(as_text=True)


@pytest.mark.parametrize(
    ("base", "peer", "explained"),
    [
        ("http://192.168.1.20", "192.168.1.33", True),  # a phone on the home network
        ("http://localhost", "127.0.0.1", False),  # this machine's browser keeps the cookie
        ("http://rtr.example", "127.0.0.1", False),  # a proxy here, TRUSTED_PROXIES not set
    ],
)
def test_a_log_in_over_plain_http_from_another_device_says_the_cookie_needs_https(
    csrf_client, base, peer, explained
):
    """Browsers drop a Secure cookie sent over plain HTTP (but keep it on localhost): the
    form's token then matches no session. Saying "expired" sent people round in circles. A
    request a proxy on this machine passed on may have come over HTTPS: no such claim."""
    app, client = csrf_client
    app.config["SESSION_COOKIE_SECURE"] = True  # as outside tests
    form = {"email": "runner@example.com", "password": "long enough!", "csrf_token": "stale"}
    answer = client.post(
        "/auth/login", data=form, base_url=base, environ_base={"REMOTE_ADDR": peer}
    )
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert ("https://" in page) is explained
