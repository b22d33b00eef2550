"""Today in a real browser: ticking an item moves the progress and keeps focus on it, the pain
chips are tapped and sent, and "Something worse?" leads to the red-flag question."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, picture, serve_app, sign_up
from tests.web.conftest import add_plan, add_reports, green_week

pytestmark = pytest.mark.e2e
PASSWORD = "a good long password"


@pytest.fixture
def today(page, tmp_path):
    """A runner logged in, with a walk-run session today (Thursday 20 March, stage S3)."""
    with serve_app(tmp_path) as (base, app):
        sign_up(page, base, PASSWORD)
        plan = add_plan(app, "runner@example.com", run_days=(0, 2, 3, 4))
        add_reports(app, plan, green_week())
        page.goto(f"{base}/plans/{plan}/today")
        yield page


def progress(page) -> str:
    return page.locator(".session-card [data-progress]").inner_text()


def test_ticking_an_item_moves_the_progress_and_keeps_focus_on_it(today):
    page = today
    total = page.locator("form[data-tick]").count()
    assert progress(page) == f"0 of {total} done"
    button = page.get_by_role("button", name="Mark done: Calf stretch")
    button.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Done: Calf stretch", exact=True).wait_for()
    assert progress(page) == f"1 of {total} done", page.url
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Done: Calf stretch"


def test_the_chips_are_tapped_and_the_report_is_saved(today):
    page = today
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        ARTIFACTS.mkdir(exist_ok=True)
        picture(page, ARTIFACTS / f"today-card-{width}.png", full_page=True)
    running = page.get_by_role("group", name="Pain while running")
    chip = running.locator("label", has_text=re.compile(r"^6$"))
    assert chip.bounding_box()["height"] >= 44 and chip.bounding_box()["width"] >= 44
    assert "chip-red" in chip.get_attribute("class")
    chip.click()
    page.get_by_role("group", name="Pain at rest").locator("label", has_text="1").first.click()
    page.get_by_role("button", name="Save report").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    banner = page.locator("#changes")
    assert "banner-red" in banner.get_attribute("class")
    assert "back to stage S2" in banner.inner_text()
    assert running.get_by_role("radio", name="6").is_checked()


def test_something_worse_leads_to_the_red_flag_question(today):
    page = today
    flag = page.get_by_label(re.compile("Can't put weight on it"))
    assert not flag.is_visible()
    page.get_by_text("Something worse?").click()
    flag.check()
    page.get_by_role("button", name="Save report").click()
    question = page.get_by_role("heading", name="Are you sure? This stops your plan")
    question.wait_for()
    # where to go is said before the question is answered: it matters even if they untick it
    expect(page.locator(".confirm-flags")).to_contain_text("See a doctor or urgent care today")
    picture(page, ARTIFACTS / "urgent-flag-question.png", full_page=True)
    page.get_by_role("button", name="Yes, save it and stop my plan").click()
    page.wait_for_url(re.compile(r"/today\?reported=1"))
    assert page.get_by_role("heading", name="Stop: get care today").is_visible()


@pytest.fixture
def no_script_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        timezone_id="UTC",
        locale="en-GB",
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_without_javascript_a_tick_comes_back_to_its_item_with_the_count_moved(
    no_script_page, tmp_path
):
    with serve_app(tmp_path) as (base, app):
        page = no_script_page
        sign_up(page, base, PASSWORD)
        plan = add_plan(app, "runner@example.com", run_days=(0, 2, 3, 4))
        add_reports(app, plan, green_week())
        page.goto(f"{base}/plans/{plan}/today")
        page.get_by_role("button", name="Mark done: Calf stretch").click()
        page.wait_for_url(re.compile(r"/today#item-ex:calf-stretch$"))
        assert progress(page) == "1 of 5 done"
        page.keyboard.press("Tab")  # the fragment moved the starting point to the item
        focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert focused == "Done: Calf stretch"
        page.get_by_role("group", name="Pain while running").get_by_text("2", exact=True).click()
        page.get_by_role("button", name="Save report").click()
        page.wait_for_url(re.compile(r"/today\?reported=1"))
        running = page.get_by_role("group", name="Pain while running")
        assert running.get_by_role("radio", name="2").is_checked()


def test_a_test_that_hurts_badly_is_answered_with_a_step_back_and_a_referral(page, tmp_path):
    # Day 20: a calm report opens the pain-free test; the runner jogs, it hurts 9/10, and the
    # report of it says back off and get it seen, on a phone, and no longer "can go ahead".
    with serve_app(tmp_path) as (base, app):
        sign_up(page, base, PASSWORD)
        plan = add_plan(app, "runner@example.com")
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto(f"{base}/plans/{plan}/today")
        for question in ("Pain at rest", "Pain walking", "Pain on waking"):
            chip = page.get_by_role("group", name=question).locator("label", has_text="0")
            chip.first.click()
        page.get_by_role("button", name="Save report").click()
        page.wait_for_url(re.compile(r"/today\?reported=1"))
        assert "can go ahead" in page.locator("#changes").inner_text()
        running = page.get_by_role("group", name="Pain while running")
        running.locator("label", has_text=re.compile(r"^9$")).click()
        page.get_by_role("button", name="Save report").click()
        page.wait_for_url(re.compile(r"/today\?reported=1"))
        banner = page.locator("#changes")
        picture(page, ARTIFACTS / "today-test-hurt-390.png", full_page=True)
        said = banner.inner_text()
        assert "banner-red" in banner.get_attribute("class")
        assert "see a professional" in said and "back off with 3 days of rehab" in said
        assert "to find out why" in said and "can go ahead" not in said


def test_a_second_tab_opened_before_a_report_does_not_overwrite_it(today):
    first = today
    second = first.context.new_page()
    second.goto(first.url)
    first.get_by_role("group", name="Pain on waking").locator("label", has_text="0").first.click()
    first.get_by_label("Note (optional)").fill("morning fine")
    first.get_by_role("button", name="Save report").click()
    first.wait_for_url(re.compile(r"/today\?reported=1"))
    second.get_by_role("group", name="Pain at rest").locator("label", has_text="1").first.click()
    second.get_by_role("button", name="Save report").click()
    alert = second.locator("#report-alert")
    expect(alert).to_contain_text("was saved from another page")
    expect(alert).to_contain_text("morning fine")
    picture(second, ARTIFACTS / "report-changed-meanwhile.png", full_page=False)
    assert (
        second.get_by_role("group", name="Pain at rest")
        .get_by_role("radio", name="1", exact=True)
        .is_checked()
    )
    first.reload()
    assert first.get_by_label("Note (optional)").input_value() == "morning fine"
    second.get_by_role("button", name="Save report").click()  # knowingly, this time
    second.wait_for_url(re.compile(r"/today\?reported=1"))
    assert (
        second.get_by_role("group", name="Pain at rest")
        .get_by_role("radio", name="1", exact=True)
        .is_checked()
    )
