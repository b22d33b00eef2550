"""A red flag stops the plan; in a real browser the runner records a clinician's clearance on
the plan's page, and the plan resumes (the next day, for a stop that began that day) with the
decision in its history. Screenshots of the new pages (the halted plan's forms, the import
preview) at 390 and 1280 px."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import plan_link, serve
from tests.e2e.test_offline_ticks import Clock
from tests.e2e.test_runner_journey import GREEN_LOG, create_achilles_plan, sign_up

pytestmark = pytest.mark.e2e
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def at_both_widths(page, shot, name: str) -> None:
    """Screenshot the page at a phone's and a desktop's width; neither scrolls sideways."""
    for label, size in WIDTHS.items():
        page.set_viewport_size(size)
        shot(page, f"{name}-{label}")
        assert page_width(page) <= size["width"]
    page.set_viewport_size(WIDTHS["desktop"])


def report_night_pain(page) -> None:
    plan_link(page, "Today").click()
    page.get_by_role("group", name="Pain at rest").get_by_text("3", exact=True).click()
    page.get_by_text("Something worse?").click()
    page.get_by_label(re.compile("Pain at night")).check()
    page.get_by_role("button", name="Save report").click()
    page.get_by_role("button", name="Yes, save it and stop my plan").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    assert page.get_by_role("heading", name="Stop: see a professional").is_visible()


@pytest.fixture
def server_and_clock(tmp_path):
    clock = Clock()
    with serve(tmp_path, CLOCK=clock) as url:
        yield url, clock


def test_a_runner_confirms_a_clearance_and_the_halted_plan_resumes_the_next_day(
    server_and_clock, page, shot
):
    live_server, clock = server_and_clock
    page.set_viewport_size(WIDTHS["desktop"])
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)
    report_night_pain(page)

    page.get_by_role("link", name="record the clearance on the plan's page").click()
    page.wait_for_url(re.compile(r"/plans/\d+#lift$"))
    card = page.get_by_role("region", name="The plan is stopped")
    assert "status: stopped" in page.locator("main").inner_text()
    assert card.get_by_text("“Pain at night” reported on Thursday 20 March 2025").is_visible()
    at_both_widths(page, shot, "halted-plan")

    page.get_by_role("button", name="Record the mistake").click()  # nothing ticked or said
    page.wait_for_url(re.compile(r"/plans/\d+/retractions$"))
    card.get_by_role("alert").wait_for()  # the page with the error has loaded
    assert card.get_by_role("alert").is_visible()
    assert "Say why this red flag was a mistake" in card.inner_text()
    at_both_widths(page, shot, "halted-plan-mistake-error")

    form = page.get_by_role("form", name="A doctor or physiotherapist cleared you to run")
    assert form.get_by_label("Date you were cleared").input_value() == "2025-03-20"
    form.get_by_label("Who cleared you, or what did").fill("Dr Lee, sports physiotherapist")
    form.get_by_role("button", name="Record the clearance").click()
    page.wait_for_url(re.compile(r"/plans/\d+/history$"))
    history = page.locator("main").inner_text()
    # The stop began today: a clearance dated today may predate the flag, so today stays
    # stopped, with its referral, and the plan resumes tomorrow.
    assert "The clearance is recorded" in history and "the plan resumes tomorrow" in history
    assert "Red flags: Pain at night" in history  # the flag stays on the record
    shot(page, "history-after-clearance")

    clock.now += timedelta(days=1)  # the next day: the session has timed out, log in again
    history_url = page.url
    page.goto(history_url)
    page.get_by_label("Email").fill("runner@example.com")
    page.get_by_label("Password", exact=True).fill("a good long password")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/plans/\d+/history$"))
    history = page.locator("main").inner_text()
    assert "A clinician cleared running on" in history
    assert "Dr Lee, sports physiotherapist" in history
    plan_link(page, "Calendar").click()
    expect(page.locator("main")).to_contain_text("status: active")  # waits for the page
    assert page.get_by_role("region", name="The plan is stopped").count() == 0


def test_the_import_preview_fits_a_phone_and_a_desktop(live_server, page, shot, tmp_path):
    page.set_viewport_size(WIDTHS["desktop"])
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)
    page.get_by_role("group", name="Pain at rest").get_by_text("2", exact=True).click()
    page.get_by_role("button", name="Save report").click()
    path = tmp_path / "log.json"
    path.write_text(json.dumps(GREEN_LOG))
    page.get_by_role("link", name="Import / export").click()
    page.get_by_label("JSON log file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("main")).to_contain_text("Nothing is saved until you confirm")
    main = page.locator("main").inner_text()
    reports = len(GREEN_LOG["reports"])
    assert "Nothing is saved until you confirm" in main and f"{reports} reports" in main
    at_both_widths(page, shot, "import-preview")
    page.get_by_role("button", name="Import these changes").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    added = f"{reports} reports added, 0 changed, 1 check-off added"
    assert added in page.locator("main").inner_text()


def test_a_stopped_plans_printed_sheet_fits_a_phone(live_server, page, shot):
    """Found in the browser: at 390 px the stopped plan's sheet scrolled sideways and cut off
    the "Done" column (a long word in the advice held its column wide)."""
    page.set_viewport_size(WIDTHS["desktop"])
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)
    report_night_pain(page)
    page.goto(page.url.split("/today")[0] + "/print")
    expect(page.locator(".print-plan")).to_be_visible()
    at_both_widths(page, shot, "print-stopped")
