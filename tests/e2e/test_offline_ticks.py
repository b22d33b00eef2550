"""Offline ticking in a real browser: Today opens from the service worker's copy, ticks made
offline are kept on the device and reach the server once when it is back online, also when
the session ended meanwhile and the runner had to log in again."""

from __future__ import annotations

import re
import sqlite3
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import FIXED_NOW
from tests.e2e.conftest import serve
from tests.e2e.test_runner_journey import create_achilles_plan, sign_up

pytestmark = pytest.mark.e2e

QUEUE_SENT = "() => localStorage.getItem('rtr-offline-ticks') === null"


class Clock:
    """The served app's clock, moved by the test (past the idle timeout)."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):
        return self.now


@pytest.fixture
def server_and_clock(tmp_path):
    clock = Clock()
    with serve(tmp_path, CLOCK=clock) as url:
        yield url, clock


def tick_forms(page) -> list[tuple[str, str]]:
    """(item key, button label) of every item Today lets the runner tick."""
    forms = page.locator("form[data-tick]")
    return [
        (
            forms.nth(i).locator("input[name=item]").input_value(),
            forms.nth(i).locator("button").get_attribute("aria-label"),
        )
        for i in range(forms.count())
    ]


def pressed(page, item: str) -> str:
    form = page.locator(f"form[data-tick]:has(input[name=item][value='{item}'])")
    return form.locator("button").get_attribute("aria-pressed")


def stored_ticks(tmp_path) -> list[tuple[str, int]]:
    """Today's check-offs as the server stored them: (item, rows)."""
    database = sqlite3.connect(tmp_path / "e2e.sqlite")
    try:
        return sorted(
            database.execute(
                "SELECT item, count(*) FROM completions WHERE date = '2025-03-20' GROUP BY item"
            ).fetchall()
        )
    finally:
        database.close()


def test_ticks_made_offline_are_sent_once_when_back_online(live_server, page, shot, tmp_path):
    sign_up(page, live_server)
    create_achilles_plan(page, shot)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # through the service worker: it keeps a copy of Today
    (first, _), (second, _) = tick_forms(page)[:2]
    assert pressed(page, first) == pressed(page, second) == "false"

    page.context.set_offline(True)
    # Chromium's offline emulation may let a request through the service worker's fallback;
    # a real lost connection would not, so ticks sent now fail as they would offline.
    page.route("**/plans/*/done", lambda route: route.abort("internetdisconnected"))
    assert page.evaluate("() => navigator.onLine") is False
    for item in (first, second, first, first):  # the first is ticked, unticked, ticked again
        page.locator(f"form[data-tick]:has(input[name=item][value='{item}']) button").click()
    expect(page.get_by_role("status").filter(has_text="Saved on this device")).to_be_visible()
    page.reload()  # offline: the service worker's copy, with the kept ticks shown on it
    assert pressed(page, first) == pressed(page, second) == "true"
    shot(page, "today-offline-ticks")

    assert stored_ticks(tmp_path) == []  # nothing reached the server while offline

    come_back_online(page)
    page.wait_for_function(QUEUE_SENT)
    page.reload()
    assert pressed(page, first) == pressed(page, second) == "true"
    assert stored_ticks(tmp_path) == sorted([(first, 1), (second, 1)])


def test_a_send_that_fails_on_coming_back_online_is_tried_again_by_itself(
    live_server, page, tmp_path
):
    """A flaky connection: the first send after coming back online is lost. The ticks are
    sent a few seconds later without another "online" event or a reload."""
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    (first, _), _ = tick_forms(page)[:2]
    go_offline(page)
    page.locator(f"form[data-tick]:has(input[name=item][value='{first}']) button").click()
    expect(page.get_by_role("status").filter(has_text="Saved on this device")).to_be_visible()

    lost: list[str] = []

    def lose_the_first(route) -> None:
        if lost:
            route.continue_()
        else:
            lost.append(route.request.url)
            route.abort("connectionreset")

    page.unroute("**/plans/*/done")
    page.route("**/plans/*/done", lose_the_first)
    page.context.set_offline(False)  # Chromium fires "online": the one event there is
    page.wait_for_function(QUEUE_SENT, timeout=20_000)
    assert len(lost) == 1
    assert stored_ticks(tmp_path) == [(first, 1)]


def go_offline(page) -> None:
    page.context.set_offline(True)
    # As above: a request let through Chromium's offline emulation fails as it would offline.
    page.route("**/plans/*/done", lambda route: route.abort("internetdisconnected"))


def come_back_online(page) -> None:
    # The route first: Chromium fires "online" as its emulation ends, and tick.js sends at
    # once; a send the route still aborted would wait for the next "online" event.
    page.unroute("**/plans/*/done")
    page.context.set_offline(False)
    page.evaluate("() => window.dispatchEvent(new Event('online'))")


def test_a_tick_made_offline_outlives_the_session_and_arrives_once_after_logging_in(
    server_and_clock, page, shot, tmp_path
):
    base, clock = server_and_clock
    sign_up(page, base)
    create_achilles_plan(page, shot)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()
    (item, _), *_ = tick_forms(page)

    go_offline(page)
    page.locator(f"form[data-tick]:has(input[name=item][value='{item}']) button").click()
    expect(page.get_by_role("status").filter(has_text="Saved on this device")).to_be_visible()
    clock.now += timedelta(minutes=31)  # offline past the idle timeout: the session is over
    come_back_online(page)

    waiting = page.get_by_role("status").filter(has_text="to send 1 tick made offline")
    waiting.wait_for()
    shot(page, "today-offline-ticks-log-in-again")
    assert page.evaluate(QUEUE_SENT) is False  # kept on the device, not lost
    assert stored_ticks(tmp_path) == []

    waiting.get_by_role("link", name="Log in again").click()
    page.get_by_label("Email").fill("runner@example.com")
    page.get_by_label("Password", exact=True).fill("a good long password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/plans/\d+/today$"))
    page.wait_for_function(QUEUE_SENT)
    assert stored_ticks(tmp_path) == [(item, 1)]
    page.reload()
    assert pressed(page, item) == "true"
    assert stored_ticks(tmp_path) == [(item, 1)]


def test_the_installed_app_opens_offline_on_the_last_today_kept(live_server, page, shot):
    sign_up(page, live_server)
    create_achilles_plan(page, shot)
    today = page.url
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # through the service worker: it keeps a copy of Today
    items = tick_forms(page)

    page.context.set_offline(True)
    page.goto(f"{live_server}/")  # the manifest's start page
    assert page.url == today
    assert tick_forms(page) == items
    shot(page, "start-page-offline")

    page.goto(today.replace("/today", "/history"))  # a page not kept
    assert page.get_by_role("heading", name="You are offline").is_visible()
    page.get_by_role("link", name=re.compile("^Today")).click()
    page.wait_for_url(today)
    assert tick_forms(page) == items


def form_token(html: str) -> str:
    return html.split('name="csrf_token" value="')[1].split('"')[0]


def log_out_and_in_elsewhere(page, base: str, today: str) -> None:
    """Log out and in again with this browser's cookies but not from this page (as another
    tab would): the session, and its CSRF secret, are new; the page keeps the old token."""
    http = page.context.request  # shares the page's cookies, not its offline state
    token = form_token(http.get(today).text())
    assert http.post(f"{base}/auth/logout", form={"csrf_token": token}).ok
    login = {"email": "runner@example.com", "password": "a good long password"}
    token = form_token(http.get(f"{base}/auth/login").text())
    assert http.post(f"{base}/auth/login", form={**login, "csrf_token": token}).ok
    assert (
        form_token(http.get(today).text())
        != page.locator("input[name=csrf_token]").first.input_value()
    )


def test_a_tick_kept_on_a_page_older_than_the_last_log_in_is_sent_with_the_new_token(
    live_server, page, shot, tmp_path
):
    sign_up(page, live_server)
    create_achilles_plan(page, shot)
    today = page.url
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    (item, _), *_ = tick_forms(page)
    go_offline(page)
    page.locator(f"form[data-tick]:has(input[name=item][value='{item}']) button").click()
    log_out_and_in_elsewhere(page, live_server, today)

    come_back_online(page)  # this page holds the old session's token
    page.wait_for_function(QUEUE_SENT)
    assert stored_ticks(tmp_path) == [(item, 1)]


def reports_stored(tmp_path) -> list[tuple[int, int]]:
    """The reports the server stored: (pain at rest, pain walking)."""
    database = sqlite3.connect(tmp_path / "e2e.sqlite")
    try:
        return database.execute("SELECT pain_rest, pain_walking FROM reports").fetchall()
    finally:
        database.close()


def test_a_report_made_offline_stays_on_the_page_until_it_can_be_sent(
    live_server, page, shot, tmp_path
):
    sign_up(page, live_server)
    create_achilles_plan(page, shot)
    today = page.url
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.reload()  # through the service worker: it keeps a copy of Today
    notice = page.get_by_role("status").filter(has_text="You are offline")
    expect(notice).to_have_count(0)

    page.context.set_offline(True)
    page.route("**/plans/*/report", lambda route: route.abort("internetdisconnected"))
    page.evaluate("() => window.dispatchEvent(new Event('offline'))")
    expect(notice).to_be_visible()  # said before anything is entered
    page.get_by_role("group", name="Pain at rest").get_by_text("2", exact=True).click()
    page.get_by_role("group", name="Pain walking").get_by_text("1", exact=True).click()
    page.get_by_role("button", name="Save report").click()
    expect(notice).to_be_visible()
    assert page.url == today  # the browser did not leave the page, nor what was entered
    assert (
        page.locator("#pain_rest-2").is_checked() and page.locator("#pain_walking-1").is_checked()
    )
    shot(page, "today-offline-report")
    assert reports_stored(tmp_path) == []

    page.context.set_offline(False)
    page.unroute("**/plans/*/report")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    expect(notice).to_have_count(0)
    page.get_by_role("button", name="Save report").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    assert reports_stored(tmp_path) == [(2, 1)]
