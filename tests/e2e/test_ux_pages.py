"""Issue 17 at 390 and 1280 px: the phone's tab bar, My plans; screenshots for a human."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

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


@pytest.mark.parametrize("runner_today", WIDTHS, indirect=True)
def test_my_plans_archive_the_zone_list_and_a_new_feed_link_look_right(
    runner_today, live_server, shot
):
    page, size = runner_today
    page.goto(f"{live_server}/plans/")
    assert page.get_by_text("active", exact=True).is_visible()
    shot(page, f"ux-my-plans-{size}")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Archive")).click()
    expect(page.get_by_role("heading", name="Archived", exact=True)).to_be_visible()
    shot(page, f"ux-my-plans-archived-{size}")
    page.goto(f"{live_server}/auth/account")
    assert page.locator("#timezone optgroup").count() == 11  # 10 regions, then UTC
    shot(page, f"ux-account-zones-{size}")
    page.goto(f"{live_server}/plans/?archived=1")
    page.get_by_role("link", name="Open Today").click()
    page.wait_for_url(re.compile(r"/today$"))
    today = page.url
    page.goto(today.replace("/today", "/calendar-feed"))
    with page.expect_navigation():
        page.get_by_role("button", name="Make a subscription link").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Make a new link")).click()
    expect(page.get_by_role("heading", name="Make a new link?")).to_be_visible()
    shot(page, f"ux-feed-confirm-{size}")


@pytest.mark.parametrize("runner_today", WIDTHS, indirect=True)
def test_print_shows_the_coming_weeks_and_how_to_use_the_sheet(runner_today, shot):
    page, size = runner_today
    page.goto(page.url.replace("/today", "/print?weeks=1"))
    assert page.get_by_role("heading", name="How to use this sheet").is_visible()
    assert page.locator(".print-plan tbody tr").count() == 7
    # found in the browser: a long word ("physiotherapist") pushed "Done" off a phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shot(page, f"ux-print-{size}")
