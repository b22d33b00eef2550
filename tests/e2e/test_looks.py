"""How pages look on a phone (390 px wide): screenshots for a human, and no sideways scrolling."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_after_sign_up, plan_link
from tests.e2e.test_runner_journey import create_achilles_plan

pytestmark = pytest.mark.e2e
PASSWORD = "a good long password"
PHONE = {"width": 390, "height": 844}


def phone_page(browser):
    context = browser.new_context(
        viewport=PHONE,
        timezone_id="UTC",
        locale="en-GB",
        device_scale_factor=1,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def sign_up(page, live_server, email, coach=False):
    page.goto(f"{live_server}/auth/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    if coach:
        page.get_by_label("I'm a coach").check()
    page.get_by_role("button", name="Sign up").click()
    log_in_after_sign_up(page, PASSWORD)


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_coach_dashboard_today_calendar_and_feed_fit_a_phone(live_server, browser, shot):
    coach = phone_page(browser)
    sign_up(coach, live_server, "coach@example.com", coach=True)
    coach.wait_for_url(re.compile(r"/coach/$"))
    coach.get_by_label("Athlete's name", exact=True).fill("Ana Longname-Example")
    coach.get_by_role("button", name="Create profile").click()
    coach.get_by_role("button", name=re.compile("New plan for")).click()
    # The click starts a navigation: wait for the wizard's note rather than read a page mid-load.
    coach.wait_for_url(re.compile(r"/plans/new/where"))
    expect(coach.locator(".planning-for")).to_have_text("Planning for Ana Longname-Example")
    create_achilles_plan(coach, lambda *_: None)
    coach.goto(f"{live_server}/coach/")
    shot(coach, "looks-coach-dashboard-phone")
    assert coach.get_by_role("region", name="Athletes").is_visible()
    assert page_width(coach) <= 390

    runner = phone_page(browser)
    sign_up(runner, live_server, "runner@example.com")
    runner.wait_for_url(re.compile(r"/plans/new/where"))
    create_achilles_plan(runner, lambda *_: None)
    shot(runner, "looks-today-phone")
    assert page_width(runner) <= 390

    plan_link(runner, "Calendar", phone=True).click()
    runner.wait_for_url(re.compile(r"/plans/\d+$"))
    shot(runner, "looks-calendar-phone")
    assert page_width(runner) <= 390

    # On a phone the plan's other pages sit behind the tab bar's "More".
    runner.get_by_role("navigation", name="Plan tabs").get_by_role("link", name="More").click()
    runner.wait_for_url(re.compile(r"/more$"))
    runner.locator(".more-links").get_by_role("link", name="Subscribe", exact=True).click()
    runner.get_by_role("button", name="Make a subscription link").click()
    link = runner.get_by_role("textbox", name="Link to paste into a calendar app (https)")
    assert "/feeds/" in link.input_value()
    shot(runner, "looks-feed-phone")
    assert page_width(runner) <= 390
