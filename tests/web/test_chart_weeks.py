"""The weekly chart: calendar weeks labelled with their dates, and a labelled goal line."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planner.model import Phase, Report
from tests.web.conftest import add_plan, add_reports
from web import store
from web.services import charts


def volume_svg(client, plan_id: int) -> str:
    page = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    return page[page.index('<svg class="chart volume-chart"') : page.index("</svg>")]


def ticks(svg: str) -> list[tuple[float, str]]:
    return [
        (float(x), t)
        for x, t in re.findall(r'<text x="([\d.]+)" y="[\d.]+" class="tick">([^<]*)', svg)
    ]


def test_the_weeks_are_labelled_with_their_dates_not_numbers(client, plan_id):
    labels = [text for _, text in ticks(volume_svg(client, plan_id))]
    assert labels[0] == "1 Mar"  # the plan's first day, a Saturday
    assert len(labels) > 3 and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", t) for t in labels)
    assert "W1" not in volume_svg(client, plan_id)


def test_the_weeks_after_the_first_begin_on_a_monday_like_the_calendar(app, plan_id):
    from tests.web.test_today import engine_plan

    plan = engine_plan(app, plan_id)
    weeks, _ = charts.weekly_volume(plan, plan_log(app, plan_id))
    assert weeks[0].start == date(2025, 3, 1)
    assert [w.start.weekday() for w in weeks[1:]] == [0] * (len(weeks) - 1)


def plan_log(app, plan_id):
    from web import store
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        return store.logs.load_log(session().get(PlanRow, plan_id))


def test_date_labels_never_touch_nor_run_off_the_chart(client, plan_id):
    xs = [x for x, _ in ticks(volume_svg(client, plan_id))]
    assert all(b - a >= charts.LABEL_WIDTH for a, b in zip(xs, xs[1:], strict=False))
    assert xs[-1] + charts.LABEL_WIDTH <= charts.WIDTH


def test_the_usual_week_is_a_labelled_goal_line(client, plan_id):
    svg = volume_svg(client, plan_id)
    line = re.search(
        r'<line x1="[\d.]+" y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" class="goal-line"', svg
    )
    label = re.search(r'<text x="[\d.]+" y="([\d.]+)" class="goal-label">([^<]*)</text>', svg)
    assert line and label
    assert label.group(2) == "Goal: 30 km a week"
    goal_y, label_y = float(line.group(1)), float(label.group(1))
    assert 14 <= label_y < goal_y < charts.HEIGHT - charts.BOTTOM  # above its line, inside


def test_a_goal_other_than_the_usual_week_is_the_line(app, client, auth):
    auth.signup()
    plan_id = add_plan(app, "runner@example.com", goal=20.0)
    assert "Goal: 20 km a week" in volume_svg(client, plan_id)


def test_the_goal_line_stays_on_the_scale_above_every_bar(client, plan_id):
    svg = volume_svg(client, plan_id)
    goal_y = float(
        re.search(r'y1="([\d.]+)" x2="[\d.]+" y2="[\d.]+" class="goal-line"', svg).group(1)
    )
    tops = [float(y) for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)"', svg)]
    assert tops and goal_y >= charts.TOP + charts.GOAL_ROOM - 1
    assert min(tops) >= charts.TOP + charts.GOAL_ROOM - 1  # no bar reaches into the label's room


def test_the_run_done_on_the_day_a_red_flag_stopped_the_plan_stays_done(app, walk_run_plan):
    from tests.web.test_today import engine_plan

    today = date(2025, 3, 20)  # stage S3 is today's session: ticked off, then a red flag
    with app.test_request_context():
        store.logs.add_completion(walk_run_plan, today, "walk-run")
    add_reports(app, walk_run_plan, [Report(today, pain_running=1)])
    ran = done_in_week_of(app, walk_run_plan, today)
    add_reports(app, walk_run_plan, [Report(today, pain_running=1, flags=("night_pain",))])
    assert engine_plan(app, walk_run_plan).day_on(today).phase == Phase.HALTED
    assert done_in_week_of(app, walk_run_plan, today) == ran > 0


def done_in_week_of(app, plan_id: int, when: date) -> float:
    from tests.web.test_today import engine_plan

    weeks, _ = charts.weekly_volume(engine_plan(app, plan_id), plan_log(app, plan_id))
    return next(w.done for w in reversed(weeks) if w.start <= when)


def test_a_weeks_distance_is_the_calendars_the_distance_of_its_minutes(app, auth):
    """Seen in a review: the calendar's week read ≈ 4 mi and the chart's bar 3.8 mi, a sum of
    each day's distance rounded down."""
    from planner.units import distance
    from tests.web.test_today import engine_plan

    auth.signup()
    plan_id = add_plan(app, "runner@example.com", unit="mi", baseline=20.0)
    plan = engine_plan(app, plan_id)
    weeks, unit = charts.weekly_volume(plan, plan_log(app, plan_id))
    assert unit == "mi" and any(week.planned for week in weeks)
    for week in weeks:
        monday = week.start - timedelta(days=week.start.weekday())
        minutes = sum(
            d.run_minutes for d in plan.days if monday <= d.date < monday + timedelta(days=7)
        )
        assert week.planned == round(distance(plan.spec, minutes) or 0.0, 1)
