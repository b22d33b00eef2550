"""What the service worker keeps for offline use (a Today page holds health data) leaves the
device with the person it was kept for: when a page online names nobody or someone else
(X-Viewer), when the account is deleted, and when the Today stops being theirs to see."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.e2e.conftest import serve, serve_app, sign_up
from tests.e2e.test_offline_ticks import Clock
from tests.e2e.test_runner_journey import create_achilles_plan

pytestmark = pytest.mark.e2e

PASSWORD = "a good long password"
KEPT = "(path) => caches.open('rtr-pages-v1').then((c) => c.match(location.origin + path))"


@pytest.fixture
def server_and_clock(tmp_path):
    clock = Clock()
    with serve(tmp_path, CLOCK=clock) as url:
        yield url, clock


def keep_today(page, today: str) -> None:
    """Open Today through the service worker, which keeps a copy of it; check that it did."""
    page.goto(today)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")  # tick.js registers it
    page.reload()  # through the service worker, now active
    page.wait_for_function(f"{KEPT}.then(Boolean)", arg=re.sub(r"^https?://[^/]+", "", today))


def runner_with_today_kept(page, base: str) -> str:
    sign_up(page, base, PASSWORD)
    create_achilles_plan(page, lambda *_: None)
    today = page.url
    keep_today(page, today)
    return today


def shown_offline(page, today: str) -> bool:
    """Go offline and open Today: is a kept copy shown, rather than the offline page?"""
    page.context.set_offline(True)
    page.goto(today)
    return not page.get_by_role("heading", name="You are offline").is_visible()


def test_the_runners_own_pages_keep_their_today_for_offline_use(live_server, page):
    today = runner_with_today_kept(page, live_server)
    page.goto(f"{live_server}/plans/")  # another page of theirs, online: the same viewer
    assert shown_offline(page, today)


def test_a_page_loaded_after_the_idle_timeout_drops_the_kept_today(server_and_clock, page):
    base, clock = server_and_clock
    today = runner_with_today_kept(page, base)
    clock.now += timedelta(minutes=31)
    page.goto(f"{base}/plans/")  # any page, online: it sends them to log in
    assert not shown_offline(page, today)


def test_someone_else_logging_in_on_the_same_browser_never_gets_the_first_today(live_server, page):
    today = runner_with_today_kept(page, live_server)
    sign_up(page, live_server, PASSWORD, "second@example.com")  # the first never logged out
    assert not shown_offline(page, today)


def test_deleting_the_account_drops_its_today_from_the_device(live_server, page):
    today = runner_with_today_kept(page, live_server)
    page.goto(f"{live_server}/auth/account")
    page.get_by_label("Your password").fill(PASSWORD)
    page.locator("#confirm_delete").check()
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(re.compile(r"/(auth/login)?$"))
    assert not shown_offline(page, today)


def test_a_coach_whose_athlete_left_no_longer_has_the_athletes_today(tmp_path, page):
    from tests.web.conftest import add_plan
    from web import store
    from web.core.db import session
    from web.store import users

    with serve_app(tmp_path) as (base, app):
        sign_up(page, base, PASSWORD, "coach@example.com", coach=True)
        with app.test_request_context():
            athlete = users.add_user("ana@example.com", "-", "UTC").id
            store.roster.join_roster(users.by_email("coach@example.com").id, athlete, "Ana")
            session().commit()
        today = f"{base}/plans/{add_plan(app, 'ana@example.com')}/today"
        keep_today(page, today)
        with app.test_request_context():
            assert store.roster.leave_coach(athlete)
        assert page.goto(today).status == 404  # online: not theirs to see any more
        assert not shown_offline(page, today)
