"""The plan's Settings page puts right the easy pace and the unit at any time, losing nothing
recorded: distances are a display of the plan's minutes (SPEC §3.4). A new unit changes no
day's minutes; a new pace changes what the usual week means in minutes from the runner's today
on, and the days before keep theirs (SPEC §3.1)."""

from __future__ import annotations

import json
import re

import pytest

from tests.api.conftest import Api, issue_token
from tests.web.conftest import add_plan
from tests.web.test_coach import coach_signup, managed_athlete, managed_plan
from tests.web.test_feeds import subscribe
from tests.web.test_plan_settings import MON_WED_THU_FRI, TODAY, built, ramp_plan, stored

__all__ = ["ramp_plan"]  # a fixture, used by name


def routine(**changes) -> dict:
    """What the settings form sends for a Mon/Wed/Thu/Fri runner of 30 km, with `changes`."""
    return {
        "baseline": "30",
        "runs_per_week": "4",
        "run_days": ["0", "2", "3", "4"],
        **changes,
    }


def save(client, plan_id: int, **changes):
    return client.post(f"/plans/{plan_id}/settings", data=routine(**changes))


def minutes_by_day(plan) -> list[tuple]:
    return [(d.date, d.phase, d.stage, d.run_minutes) for d in plan.days]


def shown_form(client, plan_id: int) -> dict:
    """The settings form's fields as the page fills them in."""
    page = client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    chosen = re.search(r'<option value="(\w+)" selected', page)
    days = re.findall(r'name="run_days" value="(\d)" checked', page)
    return {**values, "unit": chosen.group(1), "run_days": days}


@pytest.fixture
def fast_pace_plan(app, auth):
    """A runner of 30 km a week who typed 4:00 for an easy pace of 6:00, nothing recorded."""
    auth.signup()
    return add_plan(app, "runner@example.com", easy_pace=4.0, run_days=MON_WED_THU_FRI)


def test_a_corrected_easy_pace_is_stored_and_the_usual_week_stays_in_km(
    app, client, fast_pace_plan
):
    assert save(client, fast_pace_plan, easy_pace="6:00").status_code == 302
    spec = stored(app, fast_pace_plan)
    assert (spec.easy_pace, spec.baseline, spec.unit) == (6.0, 30.0, "km")


def test_a_blank_easy_pace_goes_back_to_the_default_pace(app, client, fast_pace_plan):
    assert save(client, fast_pace_plan, easy_pace="").status_code == 302
    assert stored(app, fast_pace_plan).easy_pace is None


def test_the_distances_follow_the_corrected_pace(app, client, fast_pace_plan):
    save(client, fast_pace_plan, easy_pace="6:00")
    _, plan = built(app, fast_pace_plan)
    runs = [d for d in plan.days if d.run_minutes]
    assert runs and all(d.run_distance == int(d.run_minutes / 6 * 10) / 10 for d in runs)


def test_a_new_pace_leaves_the_minutes_of_the_days_before_today(app, client, ramp_plan):
    _, before = built(app, ramp_plan)
    assert save(client, ramp_plan, easy_pace="5:00").status_code == 302
    _, after = built(app, ramp_plan)
    past = [d for d in minutes_by_day(before) if d[0] < TODAY]
    assert any(d[3] for d in past) and past == [d for d in minutes_by_day(after) if d[0] < TODAY]
    said = [d for d in after.decisions if d.rule == "settings_changed"]
    assert [d.date for d in said] == [TODAY]
    assert "easy pace 5:00 min/km (was 6:00 min/km, the default)" in said[0].message


@pytest.mark.parametrize("unit", ["mi", "min"])
def test_a_new_unit_keeps_every_days_run_minutes(app, client, ramp_plan, unit):
    _, before = built(app, ramp_plan)
    assert save(client, ramp_plan, unit=unit).status_code == 302
    _, after = built(app, ramp_plan)
    assert minutes_by_day(after) == minutes_by_day(before)
    assert stored(app, ramp_plan).unit == unit
    assert not [d for d in after.decisions if d.rule == "settings_changed"]


def test_miles_give_the_usual_week_in_miles_and_the_pace_per_mile(app, client, fast_pace_plan):
    save(client, fast_pace_plan, unit="mi")
    spec = stored(app, fast_pace_plan)
    assert spec.baseline == pytest.approx(18.64, abs=0.01)
    assert spec.easy_pace == pytest.approx(6.44, abs=0.01)  # 4:00 per km is 6:26 per mile


def test_a_new_unit_keeps_the_minutes_of_an_earlier_routine_too(app, client, ramp_plan):
    save(client, ramp_plan, baseline="40", easy_pace="5:30")
    _, before = built(app, ramp_plan)
    save(client, ramp_plan, baseline="40", easy_pace="5:30", unit="min")
    _, after = built(app, ramp_plan)
    assert minutes_by_day(after) == minutes_by_day(before)
    assert stored(app, ramp_plan).baseline == pytest.approx(220)


def test_the_form_sent_back_as_shown_after_a_new_unit_changes_nothing(app, client, fast_pace_plan):
    save(client, fast_pace_plan, unit="mi")
    spec = stored(app, fast_pace_plan)
    assert (
        client.post(
            f"/plans/{fast_pace_plan}/settings", data=shown_form(client, fast_pace_plan)
        ).status_code
        == 302
    )
    assert stored(app, fast_pace_plan) == spec


def test_a_converted_usual_week_is_shown_to_a_tenth_wherever_it_is_said(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com", run_days=MON_WED_THU_FRI, goal=35.0)
    save(client, plan, goal="35", unit="mi")  # 30 km is 18.6411 mi, 35 km 21.748 mi
    pages = {
        path: client.get(path).get_data(as_text=True)
        for path in (f"/plans/{plan}", f"/plans/{plan}/charts", "/plans/")
    }
    assert "back to 21.7 mi a week" in pages[f"/plans/{plan}"]
    assert "Goal: 21.7 mi a week" in pages[f"/plans/{plan}/charts"]
    assert "usual week 18.6 mi" in pages["/plans/"]
    assert all(not re.search(r"\d\.\d\d", page.split("<svg")[0]) for page in pages.values())
    shown = shown_form(client, plan)
    assert (shown["baseline"], shown["goal"]) == ("18.6", "21.7")


def test_a_page_opened_before_a_new_unit_is_refused_rather_than_misread(
    app, client, fast_pace_plan
):
    stale = shown_form(client, fast_pace_plan)
    save(client, fast_pace_plan, unit="mi")
    spec = stored(app, fast_pace_plan)
    response = client.post(f"/plans/{fast_pace_plan}/settings", data=stale)
    assert response.status_code == 400
    assert "now in mi" in response.get_data(as_text=True)
    assert stored(app, fast_pace_plan) == spec


@pytest.mark.parametrize(
    ("pace", "words"),
    [("6:75", "a minute has 0 to 59"), ("fast", "is not a pace"), ("1:00", "too fast")],
)
def test_a_bad_pace_is_refused_and_keeps_what_was_typed(app, client, fast_pace_plan, pace, words):
    response = save(client, fast_pace_plan, easy_pace=pace, baseline="31")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert words in page and f'value="{pace}"' in page and 'value="31"' in page
    assert stored(app, fast_pace_plan).easy_pace == 4.0


def test_a_pace_that_leaves_too_little_running_is_refused_on_the_pace(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com", baseline=5.0)
    response = save(client, plan, baseline="5", easy_pace="3:00")
    assert response.status_code == 400
    assert "At this pace, 5 km a week is under 20 minutes" in response.get_data(as_text=True)
    assert stored(app, plan).easy_pace is None


def test_an_unknown_unit_is_refused(app, client, fast_pace_plan):
    response = save(client, fast_pace_plan, unit="furlong")
    assert response.status_code == 400
    assert stored(app, fast_pace_plan).unit == "km"


def test_a_coach_may_put_right_an_athletes_pace_as_their_routine(app, client):
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    assert save(client, plan, easy_pace="5:00").status_code == 302
    assert stored(app, plan).easy_pace == 5.0


def test_the_settings_form_needs_the_csrf_token(app, client, fast_pace_plan):
    app.config["WTF_CSRF_ENABLED"] = True
    assert save(client, fast_pace_plan, easy_pace="6:00").status_code == 400
    assert stored(app, fast_pace_plan).easy_pace == 4.0


def distances_at(pace: float, text: str) -> bool:
    """Does every "N min (≈ D km)" of a page, or run_distance of the plan's JSON, say the
    distance of its minutes at `pace` (and is there one)?"""
    if text.startswith("{"):
        days = [d for d in json.loads(text)["days"] if d["run_minutes"]]
        pairs = [(d["run_minutes"], d["run_distance"]) for d in days]
    else:
        found = re.findall(r"(\d+) min(?:</strong>)? \(≈ ([\d.]+) km\)", text)
        pairs = [(float(m), float(km)) for m, km in found]
    return bool(pairs) and all(km == int(m / pace * 10 + 1e-9) / 10 for m, km in pairs)


def test_a_new_pace_shows_at_once_on_today_the_plan_the_feed_and_the_api(
    app, client, walk_run_plan
):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    feed = subscribe(client, walk_run_plan)
    pages = {
        "today": lambda: client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True),
        "plan": lambda: client.get(f"/plans/{walk_run_plan}").get_data(as_text=True),
        "feed": lambda: app.test_client().get(feed).get_data(as_text=True),
        "api": lambda: api.get(f"/plans/{walk_run_plan}/plan").get_data(as_text=True),
    }
    assert all(distances_at(6.0, page()) for page in pages.values())  # each kept in its cache
    assert save(client, walk_run_plan, easy_pace="9:00").status_code == 302
    for name, page in pages.items():
        assert distances_at(9.0, page()), name


def test_the_api_says_the_pace_each_earlier_routine_was_counted_at(app, client, ramp_plan):
    # The days before a new pace were built with the old one: the settings before the change
    # say it, as they say the usual week those days were counted from.
    save(client, ramp_plan, easy_pace="5:00")
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    shown = api.get(f"/plans/{ramp_plan}").get_json()
    [earlier] = shown["earlier_settings"]
    assert (shown["easy_pace"], earlier["easy_pace"]) == ("5:00", None)  # None: the default
