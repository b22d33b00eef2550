"""The roster page after the UX review: a plan never reported on is not "On track"."""

from __future__ import annotations

import re
from datetime import date

from planner.model import Report
from tests.web.conftest import add_reports
from tests.web.test_coach import coach_signup, managed_athlete, managed_plan, user_id
from tests.web.test_coach_roster_rows import names_on
from web.services import roster

TODAY = date(2025, 3, 20)  # the fixed clock's day, a Thursday


def test_a_plan_never_reported_on_shows_no_report_yet_and_its_filter_finds_it(app, client):
    coach_signup(client)
    waiting = managed_athlete(client, "Wren Waiting")
    managed_plan(app, waiting, start=TODAY)
    reported = managed_athlete(client, "Olly On-track")
    add_reports(app, managed_plan(app, reported, start=TODAY), [Report(TODAY, pain_rest=0)])
    page = client.get("/coach/").get_data(as_text=True)
    row = re.search(r'<tr class="need-(\w+)" data-athlete="Wren Waiting">', page)
    assert row.group(1) == "no_report"
    assert '<span class="need need-no_report">No report yet</span>' in page
    assert names_on(page) == ["Wren Waiting", "Olly On-track"]
    assert names_on(client.get("/coach/?need=no_report").get_data(as_text=True)) == ["Wren Waiting"]
    assert names_on(client.get("/coach/?need=ok").get_data(as_text=True)) == ["Olly On-track"]
    with app.test_request_context():  # the stored rows agree with a fresh build
        coach = user_id(app, "coach@example.com")
        assert roster.everyone(coach) == roster.rank(roster.snapshots(coach))
