"""Offline ticking in a real browser: Today opens from the service worker's copy, ticks made
offline are kept on the device and reach the server once when it is back online."""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.test_runner_journey import create_achilles_plan, sign_up

pytestmark = pytest.mark.e2e

QUEUE_SENT = "() => localStorage.getItem('rtr-offline-ticks') === null"


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
    assert page.get_by_role("status").filter(has_text="Saved on this device").is_visible()
    page.reload()  # offline: the service worker's copy, with the kept ticks shown on it
    assert pressed(page, first) == pressed(page, second) == "true"
    shot(page, "today-offline-ticks")

    assert stored_ticks(tmp_path) == []  # nothing reached the server while offline

    page.context.set_offline(False)
    page.unroute("**/plans/*/done")
    page.evaluate("() => window.dispatchEvent(new Event('online'))")
    page.wait_for_function(QUEUE_SENT)
    page.reload()
    assert pressed(page, first) == pressed(page, second) == "true"
    assert stored_ticks(tmp_path) == sorted([(first, 1), (second, 1)])
