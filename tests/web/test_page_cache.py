"""Today is kept rendered per plan version (web.cache.page_cache): a second look renders nothing, yet
every change shows at once, and each session gets its own CSRF token."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import template_rendered

from tests.conftest import FIXED_NOW, fixed_clock
from tests.web.conftest import add_plan, log_counts
from tests.web.test_coach import coach_signup, invite_link, join
from tests.web.test_security import csrf_client, signed_up, token  # noqa: F401 - a fixture
from web.cache.page_cache import csrf_hole

TODAY = "2025-03-20"


@contextmanager
def renders(app):
    """Collect the names of the templates rendered inside the block."""
    seen: list[str] = []

    def rendered(_app, template, **_extra):
        seen.append(template.name)

    with template_rendered.connected_to(rendered, app):
        yield seen


def without_tokens(html: str) -> str:
    """A page with its CSRF tokens blanked: the first request of a session makes the session's
    secret and signs it, the next signs it once more, and the signature holds the second it was
    made in (both are valid: CI saw two looks a second apart differ by it alone)."""
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token" value=""', html)


def test_a_second_look_at_today_renders_nothing_and_shows_the_same_page(app, client, plan_id):
    first = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    with renders(app) as seen:
        second = client.get(f"/plans/{plan_id}/today")
    assert second.status_code == 200 and seen == []
    assert without_tokens(second.get_data(as_text=True)) == without_tokens(first)
    assert 'name="csrf_token" value=""' not in first  # a token is there to blank
    with app.app_context():
        assert "Towel scrunches" in first and csrf_hole() not in first


def test_a_tick_shows_on_the_next_look(client, plan_id):
    today = f"/plans/{plan_id}/today"
    assert 'aria-pressed="true"' not in client.get(today).get_data(as_text=True)
    client.post(
        f"/plans/{plan_id}/done",
        headers={"Accept": "application/json"},
        data={"date": TODAY, "item": "ex:towel-scrunches", "done": "1"},
    )
    assert 'aria-pressed="true"' in client.get(today).get_data(as_text=True)


def test_a_red_flag_reported_after_a_look_shows_the_referral_on_the_next(client, walk_run_plan):
    today = f"/plans/{walk_run_plan}/today"
    assert "Stop: get care today" not in client.get(today).get_data(as_text=True)
    client.post(
        f"/plans/{walk_run_plan}/report", data={"flags": ["snap_or_pop"], "confirm": "red_flag"}
    )
    html = client.get(today).get_data(as_text=True)
    assert "Stop: get care today" in html and "kind-run_walk" not in html


def test_a_coach_note_left_after_a_look_shows_on_the_next(app, client):
    coach_signup(client)
    athlete = app.test_client()
    join(athlete, invite_link(client), "bo@example.com")
    plan = add_plan(app, "bo@example.com")
    today = f"/plans/{plan}/today"
    for _ in range(2):  # the first look shows (and so uncaches) the welcome message
        assert "From your coach" not in athlete.get(today).get_data(as_text=True)
    client.post(f"/coach/plans/{plan}/notes", data={"date": TODAY, "text": "Easy on the hills"})
    assert "Easy on the hills" in athlete.get(today).get_data(as_text=True)


def test_the_coach_and_the_runner_each_see_their_own_page(app, client):
    coach = app.test_client()
    coach_signup(coach)
    join(client, invite_link(coach), "bo@example.com")
    plan = add_plan(app, "bo@example.com")
    today = f"/plans/{plan}/today"
    for _ in range(2):  # the second round comes from the kept pages
        runner_page = client.get(today).get_data(as_text=True)
        coach_page = coach.get(today).get_data(as_text=True)
        assert "How does it feel today?" in runner_page and "Subscribe" in runner_page
        assert "you are looking at your athlete's plan" not in runner_page
        assert "How does it feel today?" not in coach_page and "Subscribe" not in coach_page
        assert "only they tick items off and report pain" in coach_page


def test_a_new_day_and_a_new_time_zone_show_at_once(app, client, plan_id):
    app.config["IDLE_TIMEOUT_MINUTES"] = 3 * 24 * 60  # the session outlives the night
    app.config["SESSION_MAX_HOURS"] = 3 * 24  # and its longest life
    today = f"/plans/{plan_id}/today"
    assert "Thursday 20 March 2025" in client.get(today).get_data(as_text=True)
    app.config["CLOCK"] = fixed_clock(FIXED_NOW + timedelta(days=1))
    assert "Friday 21 March 2025" in client.get(today).get_data(as_text=True)
    client.post("/auth/account", data={"timezone": "Pacific/Kiritimati"})  # UTC+14
    app.config["CLOCK"] = fixed_clock(datetime(2025, 3, 21, 12, 0, tzinfo=FIXED_NOW.tzinfo))
    assert "Saturday 22 March 2025" in client.get(today).get_data(as_text=True)


def test_a_flashed_message_shows_once_and_is_never_kept(app, client, plan_id):
    today = f"/plans/{plan_id}/today"
    client.get(today)
    with client.session_transaction() as session:
        session["_flashes"] = [("message", "Plan settings saved.")]
    assert "Plan settings saved." in client.get(today).get_data(as_text=True)
    assert "Plan settings saved." not in client.get(today).get_data(as_text=True)


def test_each_session_gets_its_own_token_and_it_works(csrf_client):  # noqa: F811
    app, first = csrf_client
    plan = signed_up(app, first)
    second = app.test_client()
    login = {
        "email": "runner@example.com",
        "password": "long enough!",
        "csrf_token": token(second, "/auth/login"),
    }
    assert second.post("/auth/login", data=login).status_code == 302
    today = f"/plans/{plan}/today"
    tokens = [token(client, today) for client in (first, second, first, second)]
    with app.app_context():
        assert tokens[0] != tokens[1] and csrf_hole() not in "".join(tokens)
    # Each page's every form carries the token of the session that asked for it.
    for client, own in ((first, tokens[2]), (second, tokens[3])):
        values = set(
            re.findall(
                r'name="csrf_token" value="([^"]+)"', client.get(today).get_data(as_text=True)
            )
        )
        assert len(values) == 1 and values.pop().split(".")[0] == own.split(".")[0]
    swapped = {"date": TODAY, "item": "walk", "done": "1", "csrf_token": tokens[3]}
    assert first.post(f"/plans/{plan}/done", data=swapped).status_code == 400
    for client, own in ((first, tokens[2]), (second, tokens[3])):
        form = {"date": TODAY, "item": "walk", "done": "1", "csrf_token": own}
        assert client.post(f"/plans/{plan}/done", data=form).status_code == 302
    assert log_counts(app, plan) == (0, 1)
