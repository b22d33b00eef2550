"""The plan as a whole: calendar, day page, print, settings, history and charts."""

from __future__ import annotations

from datetime import date

import pytest

from planner.model import Report
from tests.web.conftest import add_reports


def test_the_calendar_shows_phases_in_words_ticks_and_projected_days(client, plan_id):
    client.post(f"/plans/{plan_id}/done", data={"date": "2025-03-20", "item": "walk", "done": "1"})
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Rehab" in html and "phase-rehab" in html
    assert "✓ 1/" in html
    assert "cal-day phase-" in html and " projected" in html
    assert f'href="/plans/{plan_id}/days/2025-03-20"' in html


def test_the_day_page_keeps_its_path_and_shows_items(client, plan_id):
    response = client.get(f"/plans/{plan_id}/days/2025-03-20")
    assert response.status_code == 200
    assert "Towel scrunches" in response.get_data(as_text=True)


def test_a_future_day_is_marked_projected_and_cannot_be_ticked(client, plan_id):
    html = client.get(f"/plans/{plan_id}/days/2025-04-10").get_data(as_text=True)
    assert "projected" in html and "data-tick" not in html


@pytest.mark.parametrize("when", ["2024-01-01", "not-a-date", "2025-02-30", "2099-01-01"])
def test_a_day_outside_the_plan_is_not_found(client, plan_id, when):
    assert client.get(f"/plans/{plan_id}/days/{when}").status_code == 404


def test_a_past_day_can_be_ticked_from_its_page(client, plan_id):
    form = {"date": "2025-03-18", "item": "walk", "done": "1"}
    response = client.post(f"/plans/{plan_id}/done", data=form)
    assert response.headers["Location"].endswith("/days/2025-03-18")
    assert 'aria-pressed="true"' in client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_printable_plan_lists_the_days_from_today(client, plan_id):
    html = client.get(f"/plans/{plan_id}/print").get_data(as_text=True)
    assert "return-to-run plan" in html and "@media print" not in html
    assert "Thu 20 Mar" in html and "Sat 1 Mar" not in html  # today is 20 March


def test_the_printable_plan_of_a_stopped_plan_says_it_stopped_not_that_it_shows_weeks(
    app, client, plan_id
):
    from planner.model import Report
    from tests.web.conftest import add_reports

    add_reports(app, plan_id, [Report(date(2025, 3, 20), pain_rest=3, flags=("calf_swelling",))])
    html = client.get(f"/plans/{plan_id}/print").get_data(as_text=True)
    assert "the 4 weeks from" not in html and "stopped on Thursday 20 March 2025" in html


def test_settings_record_a_clearance_with_who_gave_it_and_a_calendar_time(app, client, plan_id):
    form = {"clearance": "2025-03-19", "clearance_note": "Dr Lee", "calendar_time": "06:45"}
    response = client.post(f"/plans/{plan_id}/settings", data=form)
    assert response.status_code == 302
    html = client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)
    assert 'value="06:45"' in html
    assert clearances_of(app, plan_id) == [(date(2025, 3, 19), "Dr Lee")]
    assert "Clearance recorded: Wednesday 19 March 2025, Dr Lee." in html  # said once saved
    assert "On record:" in html and "<li>Cleared Wednesday 19 March 2025: Dr Lee</li>" in html


def test_a_clearance_date_alone_in_the_settings_is_refused_and_lifts_nothing(app, client, plan_id):
    response = client.post(f"/plans/{plan_id}/settings", data={"clearance": "2025-03-19"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="clearance_note-error"' in html
    assert "Say who gave the clearance" in html and 'value="2025-03-19"' in html
    assert clearances_of(app, plan_id) == []


def test_who_gave_a_clearance_already_dated_on_the_plan_is_recorded_not_dropped(
    app, client, plan_id
):
    """An older plan keeps one clearance date on its row; the settings show it filled in, and
    who gave it, typed beside that same date, goes on the record instead of vanishing."""
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        session().get(PlanRow, plan_id).clearance = date(2025, 3, 19)
        session().commit()
    assert 'value="2025-03-19"' in client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)
    form = {"clearance": "2025-03-19", "clearance_note": "Dr Lee, sports physiotherapist"}
    assert client.post(f"/plans/{plan_id}/settings", data=form).status_code == 302
    assert (date(2025, 3, 19), "Dr Lee, sports physiotherapist") in clearances_of(app, plan_id)


def clearances_of(app, plan_id: int) -> list[tuple[date, str]]:
    """The plan's clearances on the safety record, and the plan row's own date, if any."""
    from web.core.db import session
    from web.store import logs
    from web.store.models import PlanRow

    with app.test_request_context():
        log = logs.load_log(session().get(PlanRow, plan_id))
        return [(c.date, c.note) for c in log.all_clearances()]


@pytest.mark.parametrize(
    "form, field",
    [
        ({"clearance": "soon", "clearance_note": "Dr Lee"}, "clearance"),
        ({"clearance": "2025-02-01", "clearance_note": "Dr Lee"}, "clearance"),
        ({"clearance": "2025-03-21", "clearance_note": "Dr Lee"}, "clearance"),
        ({"clearance": "2025-03-19", "clearance_note": " "}, "clearance_note"),
        ({"calendar_time": "7 o'clock"}, "calendar_time"),
        ({"calendar_time": "07:30:00-23:59"}, "calendar_time"),
        ({"calendar_time": "07:30+05:00"}, "calendar_time"),
    ],
)
def test_bad_settings_are_named_and_kept(client, plan_id, form, field):
    response = client.post(f"/plans/{plan_id}/settings", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f'id="{field}-error"' in html
    assert f'value="{form[field]}"' in html.replace("&#39;", "'")


def test_a_goal_set_in_the_settings_stays_until_changed_and_blank_clears_it(client, plan_id):
    routine = {"baseline": "30", "runs_per_week": "4"}
    client.post(f"/plans/{plan_id}/settings", data={**routine, "goal": "45"})
    assert 'name="goal" type="text" value="45"' in settings_html(client, plan_id)
    client.post(f"/plans/{plan_id}/settings", data=routine)  # a form without the field
    assert 'name="goal" type="text" value="45"' in settings_html(client, plan_id)
    client.post(f"/plans/{plan_id}/settings", data={**routine, "goal": ""})
    assert 'name="goal" type="text" value=""' in settings_html(client, plan_id)


def settings_html(client, plan_id: int) -> str:
    return client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)


def test_every_bad_setting_is_named_at_once(client, plan_id):
    form = {
        "baseline": "lots",
        "runs_per_week": "9",
        "calendar_time": "7 o'clock",
        "clearance": "soon",
        "clearance_note": "Dr Lee",
    }
    html = client.post(f"/plans/{plan_id}/settings", data=form).get_data(as_text=True)
    for field in ("baseline", "runs_per_week", "calendar_time", "clearance"):
        assert f'id="{field}-error"' in html, field


def test_history_explains_each_change_next_to_its_report(app, client, walk_run_plan):
    client.post(
        f"/plans/{walk_run_plan}/report", data={"pain_running": "6", "note": "sore after the hill"}
    )
    html = client.get(f"/plans/{walk_run_plan}/history").get_data(as_text=True)
    assert "Why did my plan change?" in html
    assert "back to stage S2" in html and "sore after the hill" in html
    assert "test passed, walk-run starts at stage S1" in html


def test_charts_are_inline_svg_with_the_numbers_in_a_table(app, client, plan_id):
    reports = [
        Report(date(2025, 3, 10), pain_rest=3, pain_walking=4),
        Report(date(2025, 3, 15), pain_rest=1, pain_walking=2),
    ]
    add_reports(app, plan_id, reports)
    html = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    assert html.count("<svg") == 2 and "<polyline" in html
    assert "Pain at rest" in html and "Pain walking" in html
    assert "<table>" in html and "Week of" in html and "1 Mar" in html


def test_a_pain_chart_of_one_report_names_its_day_once(app, client, plan_id):
    add_reports(app, plan_id, [Report(date(2025, 3, 15), pain_rest=1, pain_walking=2)])
    html = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    chart = html.split('class="chart pain-chart"')[1].split("</svg>")[0]
    assert chart.count("Sat 15 Mar") == 1 and "the one day reported so far" in chart


def test_charts_without_reports_say_so(client, plan_id):
    assert "No pain reports yet." in client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)


def test_my_plans_lists_the_runners_plans(client, plan_id):
    assert "Achilles" in client.get("/plans/").get_data(as_text=True)


def test_the_calendar_counts_only_ticks_of_items_still_on_the_day(app, client, plan_id):
    """Found in the browser: after a stop changed the day, the calendar said "✓ 3/5" while
    Today said "0 of 2 done": the ticks were of items no longer on the day."""
    from tests.web.test_today import engine_plan
    from web.store import logs

    day = engine_plan(app, plan_id).day_on(date(2025, 3, 20))
    tickable = [item.key for item in day.items if item.tickable]
    with app.test_request_context():
        for key in (tickable[0], "gone-item", "another-gone-item"):
            logs.set_done(plan_id, date(2025, 3, 20), key, True)
    html = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert f"✓ 1/{len(tickable)}" in html and "✓ 3/" not in html


def test_who_cleared_you_without_a_date_is_refused_by_the_date_and_nothing_is_saved(
    app, client, plan_id
):
    form = {"clearance": "", "clearance_note": "Dr Lee, physio", "calendar_time": "06:45"}
    response = client.post(f"/plans/{plan_id}/settings", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="clearance-error"' in html
    assert "Give the day of the clearance" in html and "Dr Lee, physio" in html
    assert "Plan settings saved." not in html
    assert clearances_of(app, plan_id) == []
    assert 'value="06:45"' not in client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)


def test_the_calendar_names_a_plan_waiting_for_a_clearance(app, client, auth):
    from tests.web.conftest import add_plan

    auth.signup()
    plan_id = add_plan(app, "runner@example.com", condition="navicular-stress-fracture")
    assert "status: waiting for a clearance" in client.get(f"/plans/{plan_id}").get_data(
        as_text=True
    )


def test_a_plan_and_its_runners_account_are_stamped_by_the_apps_clock(app, plan_id):
    # The coach roster counts missed sessions from the day a plan was made: a stamp from
    # another clock than the one that says "today" would count days the plan never had.
    from tests.conftest import FIXED_NOW
    from web.core import clock
    from web.core.db import session
    from web.store.models import PlanRow, User

    with app.test_request_context():
        plan = session().get(PlanRow, plan_id)
        owner = session().get(User, plan.owner_id)
        assert clock.utc(plan.created) == FIXED_NOW == clock.utc(owner.created)


def test_no_store_reads_the_wall_clock_behind_the_apps_back():
    from pathlib import Path

    store = Path(__file__).resolve().parents[2] / "web" / "store"
    readers = [p.name for p in store.glob("*.py") if "datetime.now(" in p.read_text()]
    assert readers == []


def test_the_calendar_counts_a_days_ticks_out_of_what_today_counts(app, client, plan_id):
    """Notes (a warm-up, see a sports doctor) are shown, never ticked: "✓ 1/7" on the calendar
    beside "1 of 5 done" on Today read as two different days."""
    import re

    from planner.model import ItemKind
    from tests.web.test_caches import engine_plan

    add_reports(app, plan_id, [Report(date(2025, 3, 20), pain_rest=1, pain_morning=1)])
    items = engine_plan(app, plan_id).day_on(date(2025, 3, 20)).items
    assert any(item.kind == ItemKind.NOTE for item in items)
    first = next(item.key for item in items if item.kind == ItemKind.EXERCISE)
    client.post(f"/plans/{plan_id}/done", data={"date": "2025-03-20", "item": first, "done": "1"})
    today = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    done, total = re.search(r"(\d+) of (\d+) done", today).groups()
    calendar = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert f'<span class="cal-ticks">✓ {done}/{total}<' in calendar
