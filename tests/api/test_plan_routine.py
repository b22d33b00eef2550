"""A plan's routine changes over the API as on its settings page: from today, the days before
keeping theirs; a new unit says the whole plan in it; bad input changes nothing."""

from __future__ import annotations

import pytest

from tests.api.conftest import Api
from tests.api.test_api import PLAN, error_of

TODAY = "2025-03-20"  # the tests' fixed clock


@pytest.fixture
def plan_id(api) -> int:
    return api.post("/plans", json={**PLAN, "runs_per_week": 4}).get_json()["id"]


def days_of(api, plan_id: int) -> dict[str, float]:
    """Each day of the built plan and its running minutes."""
    built = api.get(f"/plans/{plan_id}/plan").get_json()
    return {d["date"]: d["run_minutes"] for d in built["days"]}


def test_a_patch_changes_the_routine_from_today(api, plan_id):
    before = days_of(api, plan_id)
    routine = {
        "weekly_volume": 40,
        "runs_per_week": 3,
        "run_days": [1, 3, 5],
        "goal": 45,
        "easy_pace": "5:30",
    }
    answer = api.patch(f"/plans/{plan_id}", json=routine)
    assert answer.status_code == 200
    plan = answer.get_json()
    assert {k: plan[k] for k in routine} == routine
    earlier = plan["earlier_settings"]
    assert [(e["until"], e["weekly_volume"], e["runs_per_week"]) for e in earlier] == [
        (TODAY, 30, 4)
    ]
    after = days_of(api, plan_id)
    assert {d: m for d, m in after.items() if d < TODAY} == {
        d: m for d, m in before.items() if d < TODAY
    }


def test_a_new_unit_says_the_plan_in_it_each_day_keeping_its_minutes(api, plan_id):
    before = days_of(api, plan_id)
    plan = api.patch(f"/plans/{plan_id}", json={"unit": "mi"}).get_json()
    assert plan["unit"] == "mi" and plan["weekly_volume"] == pytest.approx(30 / 1.609344)
    assert plan["earlier_settings"] == []  # the same routine, said in miles
    assert days_of(api, plan_id) == before
    assert api.get(f"/plans/{plan_id}/plan").get_json()["unit"] == "mi"


def test_figures_sent_with_a_new_unit_are_read_in_it(api, plan_id):
    plan = api.patch(f"/plans/{plan_id}", json={"unit": "mi", "weekly_volume": 20}).get_json()
    assert (plan["unit"], plan["weekly_volume"]) == ("mi", 20)
    assert plan["earlier_settings"][0]["weekly_volume"] == pytest.approx(30 / 1.609344)


def test_the_same_routine_sent_again_changes_nothing(api, plan_id):
    plan = api.patch(f"/plans/{plan_id}", json={"weekly_volume": 30, "runs_per_week": 4})
    assert plan.status_code == 200 and plan.get_json()["earlier_settings"] == []


def test_a_null_goal_and_pace_go_back_to_none_and_the_default(api):
    made = {**PLAN, "goal": 35, "easy_pace": "5:00"}
    plan_id = api.post("/plans", json=made).get_json()["id"]
    plan = api.patch(f"/plans/{plan_id}", json={"goal": None, "easy_pace": None}).get_json()
    assert (plan["goal"], plan["easy_pace"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"weekly_volume": "lots"}, "weekly_volume"),
        ({"weekly_volume": 0}, "weekly_volume"),
        ({"goal": -3}, "goal"),
        ({"runs_per_week": 9}, "runs_per_week"),
        ({"runs_per_week": 3, "run_days": [0, 1]}, "run_days"),
        ({"run_days": [0, 0, 2, 4]}, "run_days"),
        ({"run_days": "weekends"}, "run_days"),
        ({"easy_pace": "1:00"}, "easy_pace"),
        ({"unit": "furlongs"}, "unit"),
        ({"unit": None}, "unit"),
        ({"weekly_volume": None}, "weekly_volume"),
        ({"runs_per_week": None}, "runs_per_week"),
    ],
)
def test_a_bad_routine_is_422_naming_the_field_and_changes_nothing(api, plan_id, body, field):
    before = api.get(f"/plans/{plan_id}").get_json()
    answer = api.patch(f"/plans/{plan_id}", json={**body, "calendar_time": "06:00"})
    assert answer.status_code == 422 and error_of(answer)["field"] == field
    assert error_of(answer)["message"] != "unknown field"
    assert api.get(f"/plans/{plan_id}").get_json() == before


def test_more_runs_than_the_plans_run_days_asks_for_the_days(api):
    plan_id = api.post("/plans", json={**PLAN, "runs_per_week": 2, "run_days": [0, 3]})
    answer = api.patch(f"/plans/{plan_id.get_json()['id']}", json={"runs_per_week": 4})
    assert answer.status_code == 422 and error_of(answer)["field"] == "run_days"
    assert "Monday, Thursday" in error_of(answer)["message"]


def test_a_pace_that_makes_the_usual_week_impossible_is_refused_on_the_pace(api):
    made = {**PLAN, "unit": "min", "weekly_volume": 1200}  # 200 km at 6:00, 480 at 2:30
    plan_id = api.post("/plans", json=made).get_json()["id"]
    answer = api.patch(f"/plans/{plan_id}", json={"easy_pace": "2:30"})
    assert answer.status_code == 422 and error_of(answer)["field"] == "easy_pace"
    assert "At this pace" in error_of(answer)["message"]


def test_a_coach_changes_their_athletes_routine(api, coach_api, plan_id):
    answer = coach_api.patch(f"/plans/{plan_id}", json={"weekly_volume": 25})
    assert answer.status_code == 200
    assert api.get(f"/plans/{plan_id}").get_json()["weekly_volume"] == 25


def test_nobody_else_changes_a_plans_routine(app, api, plan_id):
    from tests.api.conftest import Api, issue_token
    from tests.web.conftest import AuthActions

    other = app.test_client()
    AuthActions(other).signup("other@example.com")
    stranger = Api(app.test_client(), issue_token(app, "other@example.com"))
    answer = stranger.patch(f"/plans/{plan_id}", json={"weekly_volume": 25})
    assert answer.status_code == 404
    assert api.get(f"/plans/{plan_id}").get_json()["weekly_volume"] == 30


def test_a_new_unit_and_pace_together_keep_the_usual_weeks_minutes_as_the_settings_page(api):
    # A 180-minute week and a pace of 7:00 per km is 25.7 km: the pace is set first, in the
    # plan's unit, then the plan is said in km at it (not 30 km at the old 6:00, 210 minutes).
    made = {**PLAN, "unit": "min", "weekly_volume": 180}
    plan_id = api.post("/plans", json=made).get_json()["id"]
    plan = api.patch(f"/plans/{plan_id}", json={"unit": "km", "easy_pace": "7:00"}).get_json()
    assert (plan["unit"], plan["easy_pace"]) == ("km", "7:00")
    assert plan["weekly_volume"] == pytest.approx(180 / 7)


def test_a_pace_sent_with_miles_is_a_pace_per_mile(api, plan_id):
    plan = api.patch(f"/plans/{plan_id}", json={"unit": "mi", "easy_pace": "9:00"}).get_json()
    assert plan["easy_pace"] == "9:00" and plan["weekly_volume"] == pytest.approx(30 / 1.609344)


def test_a_patch_sent_while_another_is_stored_merges_with_what_that_one_stores(
    app, api, plan_id, monkeypatch
):
    """The second waits for the first's lock, then says in miles the usual week the first
    stored, instead of the one it read before (on PostgreSQL it used to store 30 km in miles
    over the first's 40 km)."""
    import threading

    from web.forms import bodies

    first_inside, let_first_go = threading.Event(), threading.Event()
    read = bodies.routine_from

    def held_routine_from(data, spec):
        if "weekly_volume" in data:  # the first PATCH: hold it where it read the plan
            first_inside.set()
            let_first_go.wait(10)
        return read(data, spec)

    monkeypatch.setattr(bodies, "routine_from", held_routine_from)
    second = Api(app.test_client(), api.headers["Authorization"].removeprefix("Bearer "))
    answers = {}
    first = threading.Thread(
        target=lambda: answers.update(
            first=api.patch(f"/plans/{plan_id}", json={"weekly_volume": 40})
        )
    )
    first.start()
    assert first_inside.wait(10)
    in_miles = threading.Thread(
        target=lambda: answers.update(second=second.patch(f"/plans/{plan_id}", json={"unit": "mi"}))
    )
    in_miles.start()
    in_miles.join(1.0)  # with the plan unlocked, the second stored its stale week here
    let_first_go.set()
    first.join(10)
    in_miles.join(10)
    assert [answers[k].status_code for k in ("first", "second")] == [200, 200]
    plan = api.get(f"/plans/{plan_id}").get_json()
    assert (plan["unit"], plan["weekly_volume"]) == ("mi", pytest.approx(40 / 1.609344))
