"""A plan stopped by a red flag is "stopped" on every page, as Today says: the day page's title
too, never "halted" (the word of the engine and of the API's `status`)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from planner.model import Report
from tests.web.conftest import add_reports
from web.core.templating import PLAN_PAGES

HALT_DAY = date(2025, 3, 20)  # today in the tests: a stopped plan has no days after it
DAY_PAGE = "/plans/{p}/days/2025-03-20"


def visible_text(html: str) -> str:
    """The words a reader sees: no markup, no script or style, no attribute (class names)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return " ".join(re.sub(r"<[^>]*>", " ", html).split())


def plan_pages(app, plan: int) -> list[str]:
    with app.test_request_context():
        from flask import url_for

        return [url_for(endpoint, plan_id=plan) for endpoint, _, _ in PLAN_PAGES]


@pytest.fixture
def stopped(app, plan_id) -> int:
    add_reports(app, plan_id, [Report(HALT_DAY, pain_rest=3, flags=("calf_swelling",))])
    return plan_id


def test_a_stopped_plans_day_page_is_titled_as_today_says_it(client, stopped):
    page = client.get(DAY_PAGE.format(p=stopped)).get_data(as_text=True)
    title = re.search(r"<h1>(.*?)</h1>", page, flags=re.S)
    assert title and title[1].strip() == "Plan stopped · see a professional", title


def test_no_page_of_a_stopped_plan_calls_it_halted(app, client, stopped):
    for path in [*plan_pages(app, stopped), DAY_PAGE.format(p=stopped)]:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        assert "halt" not in text.lower(), (path, text[text.lower().find("halt") - 80 :][:200])
