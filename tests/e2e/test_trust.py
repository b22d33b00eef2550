"""Issue 17 in a real browser: a red flag is confirmed before it stops the plan, a failed
report lands focused on its error summary (on a phone too, and without JavaScript), and a
coach's dashboard ranks an athlete by their most urgent plan. Screenshots at 390 and 1280 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_coach_journey import PASSWORD
from tests.e2e.test_runner_journey import create_achilles_plan, sign_up
from tests.e2e.test_safety_record import WIDTHS, at_both_widths

pytestmark = pytest.mark.e2e
NO_SHOTS = lambda *_: None  # noqa: E731 - the wizard's own screenshots are another test's


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and -1 < box["y"] < height  # scrolled to its top: less than a pixel off


def test_a_red_flag_is_confirmed_before_it_stops_the_plan(live_server, page, shot):
    page.set_viewport_size(WIDTHS["desktop"])
    sign_up(page, live_server)
    create_achilles_plan(page, NO_SHOTS)
    page.get_by_role("group", name="Pain at rest").get_by_text("3", exact=True).click()
    page.get_by_text("Something worse?").click()
    page.get_by_label(re.compile("Pain at night")).check()
    page.get_by_role("button", name="Save report").click()

    expect(page).to_have_url(re.compile(r"/report#report-alert$"))
    question = page.get_by_role("alert").filter(has_text="Are you sure? This stops your plan")
    question.wait_for()  # the answer has loaded, not just its address
    assert question.is_visible() and "Your report is not saved yet." in question.inner_text()
    assert focused_id(page) == "report-alert"
    at_both_widths(page, shot, "red-flag-confirm")

    page.get_by_role("button", name="Yes, save it and stop my plan").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    main = page.locator("main").inner_text()
    assert main.count("night pain can mean a bone injury") == 1  # said once, not three times
    assert page.get_by_role("heading", name="What to do next").is_visible()
    assert page.get_by_role("link", name="start a new plan").is_visible()
    at_both_widths(page, shot, "today-halted")

    page.get_by_label(re.compile("Pain at night")).uncheck()  # the form shows the saved flag
    page.get_by_role("button", name="Save report").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    assert page.get_by_text("The red flag “Pain at night” stays on the record").is_visible()


def test_a_failed_report_lands_focused_on_its_error_summary_on_a_phone(live_server, page, shot):
    sign_up(page, live_server)
    create_achilles_plan(page, NO_SHOTS)
    page.set_viewport_size(WIDTHS["phone"])
    # nothing tapped: the report is refused
    page.get_by_role("button", name="Save report").click()
    expect(page).to_have_url(re.compile(r"/report#report-alert$"))
    assert "Your report was not saved" in page.locator("#report-alert").inner_text()
    assert focused_id(page) == "report-alert"
    assert in_view(page, "#report-alert")
    at_both_widths(page, shot, "report-error")


def test_a_refused_wizard_step_lands_focused_on_what_to_fix_on_a_phone(live_server, page):
    sign_up(page, live_server)
    page.set_viewport_size(WIDTHS["phone"])
    page.goto(f"{live_server}/plans/new/where")
    page.get_by_role("button", name="Next").click()  # nothing picked: the step is refused
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Please fix this" in summary.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert in_view(page, ".error-summary")


def test_without_javascript_the_error_summary_is_still_scrolled_to_and_focused(
    live_server, browser
):
    context = browser.new_context(
        viewport=WIDTHS["phone"], timezone_id="UTC", locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_up(page, live_server)
        create_achilles_plan(page, NO_SHOTS)
        # nothing tapped: the report is refused
        page.get_by_role("button", name="Save report").click()
        expect(page).to_have_url(re.compile(r"/report#report-alert$"))
        assert in_view(page, "#report-alert")  # the fragment scrolled it into view
        assert page.evaluate("window.scrollY") > 0
        assert focused_id(page) == "report-alert"  # autofocus, no script
    finally:
        context.close()


def coach_signs_up(page, base: str) -> None:
    sign_up(page, base, PASSWORD, "coach@example.com", coach=True)


def managed_profile(page, base: str, name: str) -> None:
    page.goto(f"{base}/coach/")
    page.get_by_label("Athlete's name", exact=True).fill(name)
    page.get_by_role("button", name="Create profile").click()
    page.wait_for_url(re.compile(r"/coach/athletes/\d+$"))


def test_a_coach_sees_a_red_flag_on_an_athletes_older_plan_first(live_server, page, shot, browser):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size(WIDTHS["desktop"])
    coach_signs_up(page, live_server)
    managed_profile(page, live_server, "Abe Quiet")
    managed_profile(page, live_server, "Rae Two-plans")
    athlete_page = page.url
    page.get_by_role("button", name="New plan for Rae Two-plans").click()
    create_achilles_plan(page, NO_SHOTS)  # the older plan gets the red flag
    page.get_by_role("group", name="Pain on waking").get_by_text("4", exact=True).click()
    page.get_by_text("Something worse?").click()
    page.get_by_label(re.compile("Pain at night")).check()
    page.get_by_role("button", name="Save report").click()
    page.get_by_role("button", name="Yes, save it and stop Rae Two-plans's plan").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    older = re.search(r"/plans/(\d+)/", page.url).group(1)
    page.goto(athlete_page)
    page.get_by_role("button", name="New plan for Rae Two-plans").click()
    create_achilles_plan(page, NO_SHOTS)  # the newer plan is fine

    page.goto(f"{live_server}/coach/")
    rows = page.locator("table.roster tbody tr")
    first = rows.nth(0).inner_text()
    assert "Rae Two-plans" in first and "Red flag or stopped" in first
    assert "Stopped: pain at night" in first and "the most urgent of 2 plans" in first
    assert "morning pain 4/10" in first
    assert rows.nth(0).locator(f'a[href="/plans/{older}/today"]').count() == 1
    colour = rows.nth(0).locator("span.need").evaluate("e => getComputedStyle(e).color")
    assert colour == "rgb(164, 14, 38)"
    at_both_widths(page, shot, "coach-dashboard-needs")
    page.get_by_label("Show").select_option(label="Red flag or stopped")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.roster tbody tr")).to_have_count(1)
    assert "Rae Two-plans" in page.locator("table.roster").inner_text()

    page.get_by_role("link", name="Rae Two-plans").click()
    page.get_by_label("Note for the day").first.fill("2025-03-18")
    page.get_by_label("Note", exact=True).first.fill("Ice after every session")
    page.get_by_role("button", name="Leave note").first.click()
    expect(page.get_by_text("Ice after every session")).to_be_visible()

    page.get_by_role("button", name="Create a hand-over link").click()
    copy = page.get_by_role("button", name=re.compile("^Copy"))
    copy.wait_for()  # shown by copy.js once the page's scripts ran: hidden without JavaScript
    copy.click()
    page.locator("button.copy", has_text="Copied").wait_for()
    assert "/coach/join/" in page.evaluate("navigator.clipboard.readText()")
    at_both_widths(page, shot, "coach-invite")

    page.goto(f"{live_server}/coach/")
    page.get_by_role("link", name="Abe Quiet").click()
    page.get_by_role("link", name="Delete Abe Quiet…").click()
    expect(page.get_by_role("heading", name="Delete Abe Quiet's profile?")).to_be_visible()
    at_both_widths(page, shot, "coach-remove-confirm")
    page.get_by_label("Yes, delete Abe Quiet and their plans").check()
    page.get_by_role("button", name="Delete profile").click()
    page.wait_for_url(re.compile(r"/coach/$"))
    assert "Abe Quiet" not in page.locator("table.roster").inner_text()
