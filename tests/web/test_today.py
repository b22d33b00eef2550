"""Today: items to tick, the pain report, and the decisions that changed the plan."""

from __future__ import annotations

import re
from datetime import date

import pytest
from markupsafe import escape

from planner.protocol import stage_index
from tests.web.conftest import log_counts

TODAY = "2025-03-20"
RED_RUN = {"pain_rest": "1", "pain_walking": "1", "pain_running": "6", "pain_morning": "0"}


def test_today_shows_the_days_items_and_the_disclaimer(client, plan_id):
    html = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "This is not medical advice or a diagnosis" in html
    assert "Towel scrunches" in html and "How to do it" in html
    assert "Thursday 20 March 2025" in html


def test_root_redirects_a_runner_to_their_latest_plan(client, plan_id):
    response = client.get("/")
    assert response.headers["Location"].endswith(f"/plans/{plan_id}/today")


def test_root_welcomes_a_visitor(client):
    assert "Start a plan" in client.get("/").get_data(as_text=True)


def test_today_needs_a_login(client, other_plan):
    response = client.get(f"/plans/{other_plan}/today")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_ticking_an_item_saves_it_and_redirects_back(app, client, plan_id):
    form = {"date": TODAY, "item": "ex:towel-scrunches", "done": "1"}
    response = client.post(f"/plans/{plan_id}/done", data=form)
    assert response.status_code == 302
    assert log_counts(app, plan_id) == (0, 1)
    assert 'aria-pressed="true"' in client.get(f"/plans/{plan_id}/today").get_data(as_text=True)


def test_a_tick_the_days_new_list_no_longer_holds_stays_in_sight(client, plan_id):
    client.post(
        f"/plans/{plan_id}/done", data={"date": TODAY, "item": "ex:towel-scrunches", "done": "1"}
    )
    before = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "Also ticked off this day" not in before
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "0", "pain_walking": "0"})
    after = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "Pain-free test" in after and 'id="item-ex:towel-scrunches"' not in after
    assert "no longer on its list since the plan changed: Towel scrunches." in after
    day = client.get(f"/plans/{plan_id}/days/{TODAY}").get_data(as_text=True)
    assert "no longer on its list since the plan changed: Towel scrunches." in day


def test_ticking_twice_keeps_one_check_off_and_unticking_removes_it(app, client, plan_id):
    form = {"date": TODAY, "item": "walk", "done": "1"}
    client.post(f"/plans/{plan_id}/done", data=form)
    client.post(f"/plans/{plan_id}/done", data=form)
    assert log_counts(app, plan_id) == (0, 1)
    client.post(f"/plans/{plan_id}/done", data={**form, "done": "0"})
    assert log_counts(app, plan_id) == (0, 0)


def test_ticking_from_the_script_answers_json(client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/done",
        headers={"Accept": "application/json"},
        data={"date": TODAY, "item": "walk", "done": "1"},
    )
    assert response.json == {"ok": True, "item": "walk", "date": TODAY, "done": True}


@pytest.mark.parametrize(
    "form, field",
    [
        ({"date": TODAY, "item": "no-such-item", "done": "1"}, "item"),
        ({"date": "2025-03-21", "item": "walk", "done": "1"}, "date"),
        ({"date": "2025-02-01", "item": "walk", "done": "1"}, "date"),
        ({"date": "yesterday", "item": "walk", "done": "1"}, "date"),
        ({"item": "walk", "done": "1"}, "date"),
    ],
)
def test_a_bad_check_off_is_refused_and_nothing_is_stored(app, client, plan_id, form, field):
    response = client.post(
        f"/plans/{plan_id}/done", data=form, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400 and response.json["field"] == field
    assert client.post(f"/plans/{plan_id}/done", data=form).status_code == 400
    assert log_counts(app, plan_id) == (0, 0)


def test_pain_six_while_running_steps_the_plan_back_and_says_why(app, client, walk_run_plan):
    assert "Walk-run S3" in client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    response = client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert response.status_code == 302 and "reported=1" in response.headers["Location"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "here is what changed" in html
    plan = engine_plan(app, walk_run_plan)  # the engine is the oracle for the wording
    changes = plan.decisions_on(date(2025, 3, 20))
    assert changes and all(str(escape(d.message)) in html for d in changes)
    assert "back to stage S2" in html
    next_run = next(d for d in plan.days if d.date > date(2025, 3, 20) and d.run_minutes)
    assert stage_index(next_run.stage) < stage_index("S3")
    page = client.get(f"/plans/{walk_run_plan}/days/{next_run.date.isoformat()}")
    assert str(escape(next_run.headline)) in page.get_data(as_text=True)


def engine_plan(app, plan_id):
    from web.core.db import session
    from web.services import builds
    from web.store.models import PlanRow

    with app.test_request_context():
        return builds.build_state(session().get(PlanRow, plan_id), "UTC").plan


def test_a_second_report_on_the_same_day_replaces_the_first(app, client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "3"})
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "1", "note": "better"})
    assert log_counts(app, plan_id) == (1, 0)
    html = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert 'value="1"' in html and "better" in html


def test_a_red_flag_shows_the_referral_and_removes_running(client, walk_run_plan):
    client.post(
        f"/plans/{walk_run_plan}/report", data={"flags": ["snap_or_pop"], "confirm": "red_flag"}
    )
    html = client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    assert "Stop: get care today" in html
    assert "same-day assessment" in html
    assert "kind-run_walk" not in html


def test_the_report_that_stops_the_plan_lands_on_a_saying_it_was_saved_not_an_empty_spot(
    client, walk_run_plan
):
    sent = client.post(
        f"/plans/{walk_run_plan}/report", data={"flags": ["snap_or_pop"], "confirm": "red_flag"}
    )
    html = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert sent.headers["Location"].endswith("#changes")
    landing = html.split('id="changes"')[1].split("</section>")[0]
    assert "Report saved" in landing and "stopped" in landing


@pytest.mark.parametrize("field", ["pain_rest", "pain_walking", "pain_running", "pain_morning"])
@pytest.mark.parametrize("value", ["11", "-1", "lots", "2.5"])
def test_a_bad_pain_score_is_named_and_the_rest_of_the_report_is_kept(
    app, client, plan_id, field, value
):
    response = client.post(
        f"/plans/{plan_id}/report",
        data={field: value, "note": "kept note", "flags": ["night_pain"]},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in html and f'aria-describedby="{field}-error"' in html
    assert "kept note" in html
    assert re.search(r'value="night_pain"\s*checked', html)
    assert log_counts(app, plan_id) == (0, 0)


@pytest.mark.parametrize(
    "form, field",
    [
        ({"flags": ["not_a_flag"]}, "flags"),
        ({"note": "x" * 2001}, "note"),
        ({}, "pain_rest"),
        ({"pain_rest": "1", "date": "2025-03-21"}, "date"),
        ({"pain_rest": "1", "date": "2025-02-01"}, "date"),
        ({"pain_rest": "1", "date": "soon"}, "date"),
    ],
)
def test_other_bad_reports_are_refused_with_a_message(app, client, plan_id, form, field):
    response = client.post(f"/plans/{plan_id}/report", data=form)
    assert response.status_code == 400
    assert f'href="#{field}"' in response.get_data(as_text=True)
    assert log_counts(app, plan_id) == (0, 0)


def test_a_report_for_an_earlier_day_goes_to_that_day(app, client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/report", data={"pain_rest": "2", "date": "2025-03-18"}
    )
    assert response.headers["Location"].endswith(f"/plans/{plan_id}/days/2025-03-18")
    assert log_counts(app, plan_id) == (1, 0)


def test_a_plan_that_starts_later_says_when_and_its_calendar_works(app, client, auth):
    from datetime import date

    from tests.web.conftest import add_plan

    auth.signup()
    plan = add_plan(app, "runner@example.com", onset=date(2025, 3, 19), start=date(2025, 3, 25))
    today = client.get(f"/plans/{plan}/today").get_data(as_text=True)
    assert "Your plan starts Tuesday 25 March" in today
    assert client.get(f"/plans/{plan}").status_code == 200


def test_a_condition_that_needs_a_professional_shows_the_referral_and_no_running(app, client, auth):
    from tests.web.conftest import add_plan

    auth.signup()
    plan = add_plan(app, "runner@example.com", condition="mortons-neuroma")
    html = client.get(f"/plans/{plan}/today").get_data(as_text=True)
    assert "Stop: see a professional" in html and "Book a doctor or sports physiotherapist" in html
    assert "kind-run" not in html
