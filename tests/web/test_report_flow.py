"""One report flow for the page and the API (web/services/plan_changes.py): a new red flag is
asked about first, the plan owner's today bounds the dates, and the plan is built after the
save, once."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api, issue_token
from tests.web.conftest import add_plan, log_counts, sign_up

GREEN = {"date": "2025-03-20", "pain_rest": "0", "pain_running": "1"}


@pytest.fixture
def steps(monkeypatch):
    """Record, in order, each save of a report and each build of a plan."""
    from web.services import builds
    from web.store import logs

    seen: list[str] = []
    save, built = logs.save_report, builds.built
    monkeypatch.setattr(logs, "save_report", lambda *a: seen.append("save") or save(*a))
    monkeypatch.setattr(builds, "built", lambda *a, **k: seen.append("build") or built(*a, **k))
    return seen


def test_a_valid_report_from_the_page_is_saved_then_built_once(client, plan_id, steps):
    answer = client.post(f"/plans/{plan_id}/report", data=GREEN)
    assert answer.status_code == 302 and steps == ["save", "build"]


def test_the_today_page_after_a_report_builds_nothing_more(client, plan_id, steps):
    answer = client.post(f"/plans/{plan_id}/report", data=GREEN)
    assert client.get(answer.headers["Location"]).status_code == 200
    assert steps == ["save", "build"]


def test_a_bad_report_form_saves_nothing(app, client, plan_id, steps):
    answer = client.post(f"/plans/{plan_id}/report", data={**GREEN, "pain_rest": "11"})
    assert answer.status_code == 400 and "save" not in steps
    assert log_counts(app, plan_id) == (0, 0)


@pytest.fixture
def far_coach(app):
    """A coach in UTC−11 (still Wednesday evening) who logs for a managed athlete in UTC, for
    whom it is Thursday 20 March already: the page's client, an API client, and the plan."""
    from web import store
    from web.store import users

    coach = app.test_client()
    sign_up(coach, "coach@example.com", coach=True, timezone="Pacific/Pago_Pago")
    with app.test_request_context():
        coach_id = users.by_email("coach@example.com").id
        athlete = store.roster.add_managed_athlete(coach_id, "Managed", "managed@athletes.invalid")
        store.roster.move_profile(athlete.id, "UTC")  # the coach set where the athlete lives
    plan = add_plan(app, "managed@athletes.invalid")
    return coach, Api(app.test_client(), issue_token(app, "coach@example.com")), plan


def test_page_and_api_take_the_athletes_today_from_a_coach_in_another_time_zone(far_coach):
    coach, api, plan = far_coach
    page = coach.post(f"/plans/{plan}/report", data=GREEN)
    sent = api.post(f"/plans/{plan}/reports", json={"date": "2025-03-20", "pain_rest": 0})
    assert (page.status_code, sent.status_code) == (302, 200)


def test_page_and_api_refuse_the_day_after_the_athletes_today(app, far_coach):
    coach, api, plan = far_coach
    page = coach.post(f"/plans/{plan}/report", data={**GREEN, "date": "2025-03-21"})
    sent = api.post(f"/plans/{plan}/reports", json={"date": "2025-03-21", "pain_rest": 0})
    assert (page.status_code, sent.status_code) == (400, 422)
    assert log_counts(app, plan) == (0, 0)


@pytest.mark.parametrize("clearance", ["clearances", "retractions"])
def test_the_api_takes_the_athletes_today_for_the_safety_record_too(far_coach, clearance):
    coach, api, plan = far_coach
    flagged = {"date": "2025-03-20", "pain_rest": 2, "flags": ["night_pain"], "confirm": "red_flag"}
    assert api.post(f"/plans/{plan}/reports", json=flagged).status_code == 200
    body = {"date": "2025-03-20", "note": "Dr Lee"}
    if clearance == "retractions":
        body = {"date": "2025-03-20", "flag": "night_pain", "reason": "Typo", "confirm": True}
    assert api.post(f"/plans/{plan}/{clearance}", json=body).status_code == 201


def test_the_api_imports_a_log_dated_the_athletes_today(app, far_coach):
    _, api, plan = far_coach
    log = {"reports": [{"date": "2025-03-20", "pain_rest": 0}], "completions": []}
    assert api.put(f"/plans/{plan}/log", json=log).status_code == 200
    assert log_counts(app, plan) == (1, 0)


def test_the_page_previews_a_log_dated_the_athletes_today(far_coach):
    from tests.web.conftest import upload_log

    coach, _, plan = far_coach
    log = {"reports": [{"date": "2025-03-20", "pain_rest": 0}], "completions": []}
    preview = upload_log(coach, plan, log)
    assert preview.status_code == 200 and "Import these changes" in preview.get_data(as_text=True)


FLAGGED = {"date": "2025-03-19", "pain_rest": 3, "flags": ["night_pain"]}


def test_page_and_api_ask_about_a_new_red_flag_before_saving_it(app, client, plan_id):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    page = client.post(f"/plans/{plan_id}/report", data=FLAGGED)
    sent = api.post(f"/plans/{plan_id}/reports", json=FLAGGED)
    assert page.status_code == 200 and "Pain at night" in page.get_data(as_text=True)
    assert sent.status_code == 409 and log_counts(app, plan_id) == (0, 0)


@pytest.mark.parametrize("first", ["page", "api"])
def test_page_and_api_save_a_report_sent_again_with_its_flag_without_asking_again(
    app, client, plan_id, first
):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    if first == "page":
        client.post(f"/plans/{plan_id}/report", data={**FLAGGED, "confirm": "red_flag"})
    else:
        api.post(f"/plans/{plan_id}/reports", json={**FLAGGED, "confirm": "red_flag"})
    again = {**FLAGGED, "pain_rest": 2}
    page = client.post(f"/plans/{plan_id}/report", data=again)
    sent = api.post(f"/plans/{plan_id}/reports", json=again)
    assert (page.status_code, sent.status_code) == (302, 200)
    assert sent.get_json()["flags"] == ["night_pain"] and sent.get_json()["pain_rest"] == 2


def test_page_and_api_still_ask_about_a_second_flag_on_a_flagged_day(app, client, plan_id):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    api.post(f"/plans/{plan_id}/reports", json={**FLAGGED, "confirm": "red_flag"})
    more = {**FLAGGED, "flags": ["night_pain", "numbness_tingling"]}
    page = client.post(f"/plans/{plan_id}/report", data=more)
    sent = api.post(f"/plans/{plan_id}/reports", json=more)
    assert page.status_code == 200 and sent.status_code == 409
    message = sent.get_json()["error"]["message"]
    assert "Pain at night" not in message


def athlete_id(app, email: str = "managed@athletes.invalid") -> int:
    from web.store import users

    with app.test_request_context():
        return users.by_email(email).id


def test_a_plan_a_coach_makes_for_an_athlete_is_dated_by_the_athletes_today(app, far_coach):
    """For the athlete in UTC it is Thursday: pain that began today is not in the future,
    although it is still Wednesday for their coach."""
    _, api, _ = far_coach
    body = {
        "condition": "achilles-tendinopathy-midportion",
        "onset": "2025-03-20",
        "weekly_volume": 30,
        "unit": "km",
        "start": "2025-03-20",
        "athlete_id": athlete_id(app),
    }
    assert api.post("/plans", json=body).status_code == 201
    assert api.post("/plans", json={**body, "onset": "2025-03-21"}).status_code == 422


def test_the_wizard_a_coach_runs_for_an_athlete_dates_by_the_athletes_today(app, far_coach):
    coach, _, _ = far_coach
    assert coach.post(f"/coach/athletes/{athlete_id(app)}/plans").status_code == 302
    coach.post("/plans/new/where", data={"location": "back of ankle"})
    coach.post("/plans/new/condition", data={"condition": "achilles-tendinopathy-midportion"})
    assert coach.post("/plans/new/onset", data={"onset": "2025-03-21"}).status_code == 400
    assert coach.post("/plans/new/onset", data={"onset": "2025-03-20"}).status_code == 302
    coach.post("/plans/new/volume", data={"baseline": "30", "unit": "km"})
    coach.post("/plans/new/runs", data={"runs_per_week": "4"})
    start = coach.get("/plans/new/start").get_data(as_text=True)
    assert 'value="2025-03-20"' in start  # the athlete's today is offered, not the coach's


@pytest.fixture
def athlete_far_west(app):
    """A coach in UTC and their managed athlete in UTC−11, for whom it is still Wednesday 19
    March: the coach's client and the athlete's plan."""
    from web import store
    from web.store import users

    coach = app.test_client()
    sign_up(coach, "coach@example.com", coach=True)
    with app.test_request_context():
        coach_id = users.by_email("coach@example.com").id
        athlete = store.roster.add_managed_athlete(coach_id, "West", "west@athletes.invalid")
        users.update(athlete, timezone="Pacific/Pago_Pago")
    return coach, add_plan(app, "west@athletes.invalid")


def test_a_coachs_plan_edit_checks_a_clearance_against_the_athletes_today(athlete_far_west):
    coach, plan = athlete_far_west
    form = {"baseline": "30", "runs_per_week": "4", "run_days": [], "goal": ""}
    form["clearance_note"] = "Dr Lee"
    ahead = coach.post(f"/plans/{plan}/settings", data={**form, "clearance": "2025-03-20"})
    assert ahead.status_code == 400  # Thursday is the athlete's tomorrow
    today = coach.post(f"/plans/{plan}/settings", data={**form, "clearance": "2025-03-19"})
    assert today.status_code == 302


def test_a_coachs_note_is_offered_for_the_athletes_today(app, athlete_far_west):
    coach, _ = athlete_far_west
    page = coach.get(f"/coach/athletes/{athlete_id(app, 'west@athletes.invalid')}")
    assert page.status_code == 200 and 'value="2025-03-19"' in page.get_data(as_text=True)
