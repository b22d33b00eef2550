"""Planned beside actual: the calendar cells and the weekly chart show what the watch recorded."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from tests.watch.files import Part, fit_activity, run

RAN = fit_activity(Part(datetime(2025, 3, 18, 7, 0, tzinfo=UTC), (run(17),)))


def upload(client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/activities",
        data={"files": [(io.BytesIO(RAN), "ran.fit")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200


def test_the_calendar_cell_shows_the_recorded_run_beside_the_plan(client, plan_id):
    before = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "cal-actual" not in before
    upload(client, plan_id)
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    cell = page[page.index(f"/plans/{plan_id}/days/2025-03-18") :]
    cell = cell[: cell.index("</a>")]
    assert 'class="cal-actual">ran 17' in cell


def test_the_weekly_chart_has_a_recorded_series(app, client, plan_id):
    page = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    assert "bar-recorded" not in page and "Recorded by the watch" not in page
    upload(client, plan_id)
    page = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    assert page.count('class="bar-recorded"') >= 1
    assert "Recorded by the watch" in page


def test_the_weekly_sums_count_recorded_minutes_in_their_week(app, client, plan_id):
    from web.core.db import session
    from web.services import builds, charts
    from web.store.models import PlanRow

    upload(client, plan_id)
    with app.test_request_context():
        state = builds.build_state(session().get(PlanRow, plan_id), "UTC", date(2025, 3, 20))
        weeks, unit = charts.weekly_volume(state.plan, state.log)
        bars = charts.volume_bars(weeks, state.spec.target)
    week = max(i for i, w in enumerate(weeks) if w.start <= date(2025, 3, 18))
    assert [w.recorded > 0 for w in weeks] == [i == week for i in range(len(weeks))]
    assert bars["any_recorded"]
    assert 3 * bars["bars"][0]["w"] + 2 <= bars["slot"]  # three bars fit their week's slot
    actual = state.plan.day_on(date(2025, 3, 18)).actual
    assert unit == "km"  # the plan counts kilometres: the chart sums the recorded distance
    assert weeks[week].recorded == round(actual.run_distance, 1) > 2.5
