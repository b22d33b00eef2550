"""The calendar's weeks: a running total per week, and "Changed" only where a decision changed a day."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

from planner.model import Report
from planner.units import distance
from tests.watch.files import Part, fit_activity, run
from tests.web.conftest import add_reports
from tests.web.test_today import engine_plan
from web.pages.plans import weeks


def cell_of(page: str, plan_id: int, when: date) -> str:
    """Return the calendar cell (its link) of one day."""
    start = page.index(f'href="/plans/{plan_id}/days/{when.isoformat()}"')
    return page[start : page.index("</a>", start)]


def totals_of(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'class="cal-total">(.*?)</p>', page)]


def test_each_calendar_week_shows_its_planned_running_minutes(app, client, walk_run_plan):
    plan = engine_plan(app, walk_run_plan)
    expected = [sum(d.run_minutes for d in week if d) for week in weeks(plan.days)]
    assert any(expected), "the plan has running weeks"
    page = client.get(f"/plans/{walk_run_plan}").get_data(as_text=True)
    shown = totals_of(page)
    # A km plan says its distance too (a runner counts km), never "≈ 0 km" for a week without running.
    about = [f" (≈ {distance(plan.spec, m):g} km)" if m else "" for m in expected]
    wanted = [
        f"Week total: {round(m)} min{a} running planned"
        for m, a in zip(expected, about, strict=True)
    ]
    assert shown == wanted and any(about)


def test_a_week_with_a_recorded_run_shows_the_minutes_ran_beside_the_plan(client, plan_id):
    ran = fit_activity(Part(datetime(2025, 3, 18, 7, 0, tzinfo=UTC), (run(17),)))
    before = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert not any("ran" in total for total in totals_of(before))
    client.post(
        f"/plans/{plan_id}/activities",
        data={"files": [(io.BytesIO(ran), "ran.fit")]},
        content_type="multipart/form-data",
    )
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    with_runs = [total for total in totals_of(page) if "ran" in total]
    assert len(with_runs) == 1 and with_runs[0].endswith(" running planned · 17 min (≈ 2.8 km) ran")


def test_a_projected_day_is_not_marked_changed_on_the_calendar(app, client, walk_run_plan):
    plan = engine_plan(app, walk_run_plan)
    ahead = [d.date for d in plan.days if d.projected and plan.decisions_on(d.date)]
    past = [d.date for d in plan.days if not d.projected and plan.decisions_on(d.date)]
    assert ahead and past, "the engine explains some days ahead and changed some days past"
    page = client.get(f"/plans/{walk_run_plan}").get_data(as_text=True)
    assert all("cal-change" not in cell_of(page, walk_run_plan, when) for when in ahead)
    assert all("cal-change" in cell_of(page, walk_run_plan, when) for when in past)


def test_a_projected_day_page_explains_its_plan_without_calling_it_a_change(
    app, client, walk_run_plan
):
    plan = engine_plan(app, walk_run_plan)
    ahead = next(d.date for d in plan.days if d.projected and plan.decisions_on(d.date))
    page = client.get(f"/plans/{walk_run_plan}/days/{ahead.isoformat()}").get_data(as_text=True)
    assert "What changed on this day" not in page
    assert "How this day is planned" in page
    assert plan.decisions_on(ahead)[0].message.split(":")[0] in page.replace("&#39;", "'")


def test_a_past_day_with_a_decision_still_says_what_changed(app, client, walk_run_plan):
    plan = engine_plan(app, walk_run_plan)
    past = next(d.date for d in plan.days if not d.projected and plan.decisions_on(d.date))
    page = client.get(f"/plans/{walk_run_plan}/days/{past.isoformat()}").get_data(as_text=True)
    assert "What changed on this day" in page and "How this day is planned" not in page


def test_the_day_a_red_flag_stopped_the_plan_still_shows_its_run_ticked_off(
    app, client, walk_run_plan
):
    today = date(2025, 3, 20)  # stage S3 is today's session: ticked off, then a red flag
    client.post(
        f"/plans/{walk_run_plan}/done",
        data={"date": today.isoformat(), "item": "walk-run", "done": "1"},
    )
    add_reports(app, walk_run_plan, [Report(today, pain_running=1, flags=("night_pain",))])
    page = client.get(f"/plans/{walk_run_plan}").get_data(as_text=True)
    cell = cell_of(page, walk_run_plan, today)
    assert "phase-halted" in cell and "18<span" in cell  # its tick is of a run kept as a note
    assert "min done before the stop" in cell
    assert '<span class="cal-run">' not in cell  # no running planned on it
    day_page = client.get(f"/plans/{walk_run_plan}/days/{today.isoformat()}").get_data(as_text=True)
    assert "Walk-run S3 · done before the stop" in day_page


def test_a_plan_with_a_ramp_says_its_weeks_are_not_the_calendars(app, client, walk_run_plan):
    # Monday-to-Sunday totals can differ by a little more than 10 % where the ramp's own weeks,
    # which the cap counts, begin on another weekday: the page says which weeks the cap counts.
    plan = engine_plan(app, walk_run_plan)
    first = next(d.date for d in plan.days if d.phase.value == "ramp")
    page = client.get(f"/plans/{walk_run_plan}").get_data(as_text=True)
    note = re.sub(r"<[^>]+>", "", page[page.index('class="cal-weeks-note') :].split("</p>")[0])
    assert "Week totals run Monday to Sunday" in note
    assert f"the first on {first.strftime('%A')} {first.day} {first.strftime('%B')}" in note
    assert "each from the day it opens" in note and "at most 10%" in note
