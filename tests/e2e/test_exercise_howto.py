"""A runner follows an exercise: its drawing, numbered steps, a hold timer and a rep counter."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, picture, plan_link
from tests.e2e.test_runner_journey import create_achilles_plan, import_log, sign_up

pytestmark = pytest.mark.e2e


def new_page(browser, width: int, javascript: bool = True):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        timezone_id="UTC",
        locale="en-GB",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def item(page, title: str):
    return page.locator(".item").filter(has=page.locator(".item-title", has_text=title))


def drawings_loaded(page) -> list[str]:
    """The alt texts of the drawings that the browser could not draw (empty when all loaded)."""
    return page.eval_on_selector_all(
        "img.drawing",
        "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)",
    )


@pytest.fixture
def today(live_server, browser, tmp_path):
    """A runner at walk-run S3 on Today, logged in; its cookies for other pages."""
    page = new_page(browser, 1280)
    page.clock.install()  # the timer's clock is ours to move
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)
    import_log(page, tmp_path)
    plan_link(page, "Today").click()
    page.wait_for_url(re.compile(r"/today$"))
    yield page
    page.context.close()


def test_every_exercise_on_today_has_a_drawing_steps_and_a_way_to_count(today, shot):
    exercises = today.locator(".item:has(img.drawing)")
    assert exercises.count() >= 3
    assert drawings_loaded(today) == []
    stretch = item(today, "Calf stretch")
    assert "leaning in to stretch the calf" in stretch.locator("img.drawing").get_attribute("alt")
    stretch.get_by_text("How to do it").click()
    steps = stretch.locator("ol.how-steps li")
    assert steps.count() == 4
    assert steps.first.inner_text().startswith("Face a wall with your hands on it")
    assert stretch.get_by_role("group", name="Timer for Calf stretch").is_visible()
    shot(today, "howto-today-1280")
    today.set_viewport_size({"width": 390, "height": 844})
    assert today.evaluate("document.documentElement.scrollWidth") <= 390
    shot(today, "howto-today-390")
    picture(stretch, ARTIFACTS / "howto-item-390.png")


def test_the_hold_timer_counts_each_hold_and_the_rest_between(today):
    plan = today.url.rsplit("/", 1)[0]
    today.goto(f"{plan}/days/2025-03-19")  # a light day of the loading week: isometric holds
    holds = item(today, "Isometric calf holds")
    timer = holds.get_by_role("group", name="Timer for Isometric calf holds")
    assert timer.locator(".trainer-clock").inner_text() == "0:45"
    timer.get_by_role("button", name="Start hold 1 of 5").click()
    assert "Hold 1 of 5: 0:45 started." in timer.inner_text()
    today.clock.run_for(20_000)
    assert timer.locator(".trainer-clock").inner_text() == "0:25"
    today.clock.run_for(26_000)
    assert "Rest 2:00, then hold 2." in timer.inner_text()
    today.clock.run_for(121_000)
    assert "Rest over: start hold 2 when ready." in timer.inner_text()
    assert timer.get_by_role("button", name="Start hold 2 of 5").is_enabled()


def test_the_rep_counter_counts_reps_into_sets(today):
    raises = item(today, "Staged heel raises")
    counter = raises.get_by_role("group", name="Rep counter for Staged heel raises")
    assert "Set 1 of 3: 0 of 10–15 reps." in counter.inner_text()
    count = counter.get_by_role("button", name="Count a rep")
    for _ in range(9):
        count.click()
    assert "Set 1 of 3: 9 of 10–15 reps." in counter.inner_text()
    count.click()
    assert "Set 1 done. Rest, then count set 2." in counter.inner_text()
    for _ in range(20):
        count.click()
    assert "All 3 sets done." in counter.inner_text()
    assert count.is_disabled()


def test_without_javascript_the_steps_still_read_and_no_dead_timer_shows(today, browser):
    state = today.context.storage_state()
    page = browser.new_context(
        viewport={"width": 390, "height": 844}, java_script_enabled=False, storage_state=state
    ).new_page()
    page.goto(today.url)
    stretch = item(page, "Calf stretch")
    stretch.get_by_text("How to do it").click()
    expect(stretch.locator("ol.how-steps li").first).to_be_visible()
    assert page.locator(".trainer:visible").count() == 0
    page.context.close()


def test_the_printed_plan_ends_with_every_exercise_drawn_and_its_steps(today, shot):
    today.get_by_role("link", name="Print").click()
    today.wait_for_url(re.compile(r"/print$"))
    sheet = today.get_by_role("region", name="How to do the exercises")
    cards = sheet.locator(".exercise-card")
    expect(cards.first).to_be_visible()  # counted once the sheet has loaded, not before
    assert cards.count() >= 8
    assert cards.count() == cards.locator("img.drawing").count()
    assert cards.count() == cards.locator("ol.how-steps").count()
    today.emulate_media(media="print")
    assert drawings_loaded(today) == []
    box = cards.first.locator("img.drawing").bounding_box()
    assert 100 <= box["width"] <= 125  # 30 mm at 96 px to the inch
    shot(today, "howto-print")
    picture(cards.nth(1), ARTIFACTS / "howto-print-card.png")
    today.pdf(path=str(ARTIFACTS / "howto-print.pdf"))
