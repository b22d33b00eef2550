"""In a real browser the runner uploads a FIT and a GPX file through the watch page's file input
(both at once), sees what was added, and finds the recorded runs on Today and the calendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import plan_link
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_runner_journey import create_achilles_plan, sign_up
from tests.watch.files import Part, fit_activity, gpx_track, run, walk_run

pytestmark = pytest.mark.e2e


def test_uploading_a_fit_and_a_gpx_shows_the_actual_on_today_and_the_calendar(
    live_server, page, shot, tmp_path
):
    fit = tmp_path / "this-morning.fit"
    fit.write_bytes(fit_activity(Part(datetime(2025, 3, 20, 6, 30, tzinfo=UTC), (run(12),))))
    gpx = tmp_path / "tuesday.gpx"
    gpx.write_bytes(gpx_track(datetime(2025, 3, 18, 17, 0, tzinfo=UTC), walk_run(2, 1, 5)))
    sign_up(page, live_server)
    create_achilles_plan(page, lambda *_: None)

    page.get_by_role("link", name="Watch", exact=True).click()
    page.wait_for_url(re.compile(r"/plans/\d+/watch$"))
    page.get_by_label("Activity files").set_input_files([str(fit), str(gpx)])
    page.get_by_role("button", name="Upload").click()
    result = page.get_by_role("region", name="Upload")
    expect(result).to_contain_text("2 activities added")
    assert "this-morning.fit" in result.inner_text() and "tuesday.gpx" in result.inner_text()
    shot(page, "watch-upload-result")
    assert_accessible(page, "watch-upload-result")

    page.get_by_label("Activity files").set_input_files(str(fit))  # the same run again
    page.get_by_role("button", name="Upload").click()
    # the page before the upload holds an Upload region too: wait for the answer's text
    expect(page.get_by_role("region", name="Upload")).to_contain_text("1 already there")

    plan_link(page, "Today").click()
    page.wait_for_url(re.compile(r"/today$"))
    watch = page.get_by_role("region", name="Watch")
    assert "Recorded: 12 min running" in watch.inner_text()
    assert "· planned 0 min" in watch.inner_text()  # a rehab day: the run was not planned
    shot(page, "watch-today")

    plan_link(page, "Calendar").click()
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    expect(page.locator(".cal-actual")).to_have_count(2)
    assert "ran 12" in page.locator("a[href$='/days/2025-03-20']").inner_text()
    shot(page, "watch-calendar")
