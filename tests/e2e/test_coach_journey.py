"""A coach in a real browser: sign up, invite an athlete, and see their red flag first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in_after_sign_up, sign_up
from tests.e2e.test_runner_journey import create_achilles_plan

pytestmark = pytest.mark.e2e
PASSWORD = "a good long password"


def new_page(browser):
    context = browser.new_context(
        viewport={"width": 1100, "height": 900}, timezone_id="UTC", locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def join_by_invite(browser, link: str, email: str):
    """A new athlete signs up through an invite link and logs in; return their page, on the
    first step of a new plan."""
    athlete = new_page(browser)
    athlete.goto(link)
    athlete.get_by_label("Email").fill(email)
    athlete.get_by_label("Password", exact=True).fill(PASSWORD)
    athlete.get_by_label("Password again").fill(PASSWORD)
    athlete.get_by_role("button", name="Sign up and join").click()
    log_in_after_sign_up(athlete, PASSWORD)
    athlete.wait_for_url(re.compile(r"/plans/new/where$"))
    return athlete


def test_a_coach_invites_an_athlete_whose_red_flag_tops_the_dashboard(
    live_server, browser, page, shot
):
    sign_up(page, live_server, PASSWORD, "coach@example.com", coach=True)
    page.get_by_label("Athlete's name", exact=True).fill("Aaron Managed")
    page.get_by_role("button", name="Create profile").click()
    page.get_by_role("link", name="← Athletes").click()
    page.get_by_label("Name (optional)").fill("Bo Runner")
    page.get_by_role("button", name="Create invite link").click()
    link = page.get_by_label("Link", exact=True).input_value()
    assert "/coach/join/" in link

    athlete = join_by_invite(browser, link, "bo@example.com")
    create_achilles_plan(athlete, shot)
    athlete.get_by_text("Something worse?").click()
    athlete.get_by_label(re.compile("Can't put weight on it")).check()
    athlete.get_by_role("group", name="Pain at rest").get_by_text("3", exact=True).click()
    athlete.get_by_role("button", name="Save report").click()
    athlete.get_by_role("button", name="Yes, save it and stop my plan").click()
    athlete.wait_for_url(re.compile(r"/today\?reported=1"))
    athlete.context.close()

    page.goto(f"{live_server}/coach/")
    rows = page.locator("table.roster tbody tr")
    assert rows.count() == 2
    assert "Bo Runner" in rows.nth(0).inner_text()
    assert "Red flag or stopped" in rows.nth(0).inner_text()
    assert "Aaron Managed" in rows.nth(1).inner_text()
    shot(page, "coach-dashboard")

    # The coach reads Bo's Today: the plan and the red flag's referral, no forms only Bo may use.
    rows.nth(0).get_by_role("link", name="Bo Runner").click()
    page.get_by_role("link", name="Today", exact=True).first.click()
    page.wait_for_url(re.compile(r"/today$"))
    assert page.get_by_text("only they tick items off and report pain").is_visible()
    assert page.get_by_role("button", name="Save report").count() == 0
    assert page.get_by_role("button", name=re.compile("^Mark done")).count() == 0
    assert page.get_by_role("link", name="Subscribe").count() == 0
    shot(page, "coach-reads-today")

    # Deleting a managed profile asks first, on a page of its own, with a box to tick.
    page.goto(f"{live_server}/coach/")
    page.get_by_role("link", name="Aaron Managed").click()
    shot(page, "coach-athlete-managed")
    page.get_by_role("link", name="Delete Aaron Managed…").click()
    expect(page.get_by_role("heading", name="Delete Aaron Managed's profile?")).to_be_visible()
    page.get_by_label("Yes, delete Aaron Managed and their plans").check()
    page.get_by_role("button", name="Delete profile").click()
    page.wait_for_url(re.compile(r"/coach/$"))
    assert page.locator("table.roster tbody tr").count() == 1


def test_a_profile_named_without_spaces_wraps_on_a_phone(live_server, page, shot):
    """Found in the browser: a long name with no spaces made the athlete's page scroll
    sideways at 390 px (its heading, the hand-over and delete buttons)."""
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, live_server, PASSWORD, "coach@example.com", coach=True)
    page.get_by_label("Athlete's name", exact=True).fill("A" * 60)
    page.get_by_role("button", name="Create profile").click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("A" * 20)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "coach-long-name-phone")
    # Found in the browser: the box to tick before deleting made the page 1278 px wide.
    page.get_by_role("link", name=re.compile("^Delete A+…$")).click()
    expect(page.get_by_label(re.compile("Yes, delete A+ and their plans"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "coach-long-name-remove-phone")


def test_the_athlete_pages_two_buttons_stand_apart(live_server, page):
    """Found in the browser: "Create a hand-over link" touched "New plan for …" below it."""
    sign_up(page, live_server, PASSWORD, "coach@example.com", coach=True)
    page.get_by_label("Athlete's name", exact=True).fill("Maria Lopez")
    page.get_by_role("button", name="Create profile").click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
    first = page.get_by_role("button", name="Create a hand-over link").bounding_box()
    second = page.get_by_role("button", name="New plan for Maria Lopez").bounding_box()
    apart_across = second["x"] - (first["x"] + first["width"])
    apart_down = second["y"] - (first["y"] + first["height"])
    assert max(apart_across, apart_down) >= 8


def test_an_athlete_who_leaves_their_coach_is_asked_first_and_can_keep_them(
    live_server, browser, page
):
    from tests.e2e.test_accessibility import assert_accessible

    sign_up(page, live_server, PASSWORD, "coach@example.com", coach=True)
    page.get_by_label("Athlete's name (optional)").fill("Bo Runner")
    page.get_by_role("button", name="Create invite link").click()
    link = page.get_by_label("Link", exact=True).input_value()
    athlete = join_by_invite(browser, link, "bo@example.com")

    page.goto(f"{live_server}/coach/")
    assert page.locator("table.roster tbody tr").count() == 1  # Bo joined

    athlete.goto(f"{live_server}/auth/account")
    athlete.get_by_role("button", name="Leave this coach").click()
    expect(athlete.get_by_role("heading", name="Leave your coach?")).to_be_visible()
    assert_accessible(athlete, "leave-coach-question")
    athlete.get_by_role("link", name="No, keep my coach").click()
    expect(athlete.get_by_role("button", name="Leave this coach")).to_be_visible()  # kept
    athlete.get_by_role("button", name="Leave this coach").click()
    athlete.get_by_role("button", name="Yes, leave this coach").click()
    expect(athlete.get_by_text("You left your coach.")).to_be_visible()
    athlete.context.close()
    page.goto(f"{live_server}/coach/")
    assert page.locator("table.roster tbody tr").count() == 0
