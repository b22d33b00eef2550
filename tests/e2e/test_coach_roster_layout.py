"""The coach's dashboard in a real browser: on a laptop the roster fits without sideways
scrolling; on a phone each athlete is a card with its values labelled; pages link on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serve, sign_up
from tests.web.test_roster import seed_roster
from web import create_app

pytestmark = pytest.mark.e2e
PASSWORD = "a good long password"


def coach_with_roster(browser, url: str, tmp_path, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, timezone_id="UTC", locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_up(page, url, PASSWORD, "coach@example.com", coach=True)
    seeder = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        }
    )
    seed_roster(seeder, "coach@example.com", 60)
    seeder.extensions["rtr.engine"].dispose()
    page.goto(f"{url}/coach/")
    return page


def overflows(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "e => e.scrollWidth > e.clientWidth + 1")


def test_on_a_laptop_the_roster_fits_and_pages_on(browser, tmp_path, shot):
    with serve(tmp_path) as url:
        page = coach_with_roster(browser, url, tmp_path, 1280)
        assert page.locator("table.roster tbody tr").count() == 50
        assert not overflows(page, ".table-scroll") and not overflows(page, "html")
        shot(page, "coach-roster-1280")
        page.get_by_role("navigation", name="Pages of athletes", exact=True).get_by_role(
            "link", name="Next →"
        ).click()
        page.wait_for_url(re.compile(r"page=2"))
        assert page.locator("table.roster tbody tr").count() == 10
        assert page.get_by_text("Page 2 of 2").first.is_visible()


def test_on_a_phone_each_athlete_is_a_labelled_card(browser, tmp_path, shot):
    with serve(tmp_path) as url:
        page = coach_with_roster(browser, url, tmp_path, 390)
        assert not overflows(page, "html") and not overflows(page, ".table-scroll")
        first = page.locator("table.roster tbody tr").first
        assert first.evaluate("e => getComputedStyle(e).display") == "block"
        label = first.locator("td").first.evaluate("e => getComputedStyle(e, '::before').content")
        assert label == '"Needs"'
        shot(page, "coach-roster-390")


def test_a_refused_profile_name_is_shown_by_its_field_in_view_with_focus(browser, tmp_path, shot):
    """Found in the browser: a blank name said so in a banner at the top of the page, thousands
    of pixels above the form on a long roster, and the typed text was gone."""
    with serve(tmp_path) as url:
        page = coach_with_roster(browser, url, tmp_path, 390)
        page.get_by_role("link", name="Add an athlete", exact=True).click()
        field = page.get_by_label("Athlete's name", exact=True)
        assert field.is_visible()
        field.fill("   ")
        page.get_by_role("button", name="Create profile").click()
        page.wait_for_url(re.compile(r"/coach/athletes$"))
        expect(field).to_be_focused()
        assert field.input_value() == "   "
        error = page.locator("#athlete-name-error")
        assert "Give the athlete a name of 1 to 120 characters." in error.inner_text()
        top = error.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top <= 844
        assert not overflows(page, "html")
        shot(page, "coach-refused-name-phone")
