"""Issue 17 at 390 and 1280 px: the phone's tab bar, My plans; screenshots for a human."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_looks import sign_up
from tests.e2e.test_runner_journey import create_achilles_plan

pytestmark = pytest.mark.e2e
WIDTHS = {"phone": 390, "desktop": 1280}


def sized_page(browser, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, timezone_id="UTC", locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def runner_today(live_server, browser, request):
    width = WIDTHS[request.param]
    page = sized_page(browser, width)
    sign_up(page, live_server, f"runner-{width}@example.com")
    page.goto(f"{live_server}/plans/new")
    create_achilles_plan(page, lambda *_: None)
    return page, request.param


@pytest.mark.parametrize("runner_today", WIDTHS, indirect=True)
def test_a_phone_gets_the_tab_bar_and_a_desktop_the_row_of_links(runner_today, shot):
    page, size = runner_today
    tabs = page.get_by_role("navigation", name="Plan tabs")
    row = page.get_by_role("navigation", name="This plan")
    shot(page, f"ux-nav-today-{size}")
    if size == "phone":
        assert tabs.is_visible() and not row.is_visible()
        box = tabs.bounding_box()
        assert box and box["y"] + box["height"] == pytest.approx(844, abs=1)
        tabs.get_by_role("link", name="More").click()
        page.wait_for_url(re.compile(r"/more$"))
        assert tabs.get_by_role("link", name="More").get_attribute("aria-current") == "page"
        shot(page, "ux-nav-more-phone")
    else:
        assert row.is_visible() and not tabs.is_visible()
