"""The coach roster over the API: order of need, one athlete, managed profiles, who may see."""

from __future__ import annotations

from planner.model import Report
from tests.web.conftest import add_plan, add_reports
from tests.web.test_coach import user_id
from tests.web.test_roster import TODAY
from web.store import users


def test_a_runner_has_no_roster(api):
    for response in (
        api.get("/roster"),
        api.post("/roster", json={"name": "Ana"}),
        api.get("/roster/1"),
    ):
        assert response.status_code == 403
        assert "coach" in response.get_json()["error"]["message"]


def test_the_roster_lists_the_athlete_in_need_first(app, coach_api):
    calm = coach_api.post("/roster", json={"name": "Abe Calm"}).get_json()["athlete_id"]
    add_reports(
        app,
        add_plan(app, "runner@example.com"),
        [Report(TODAY, pain_rest=2, flags=("cannot_bear_weight",))],
    )
    athletes = coach_api.get("/roster").get_json()["athletes"]
    assert [a["name"] for a in athletes] == ["Rae Runner", "Abe Calm"]
    first, second = athletes
    assert first["need"] == "red" and first["red_flag"] and not first["managed"]
    assert first["plan_id"] is not None and first["last_pain"] == 2
    assert second == {
        **second,
        "athlete_id": calm,
        "need": "no_plan",
        "managed": True,
        "plan_id": None,
    }


def test_the_roster_filters_by_need_and_searches_by_name(coach_api):
    coach_api.post("/roster", json={"name": "Abe Calm"})
    assert [a["name"] for a in coach_api.get("/roster?q=abe").get_json()["athletes"]] == [
        "Abe Calm"
    ]
    assert coach_api.get("/roster?need=red").get_json() == {"athletes": []}
    bad = coach_api.get("/roster?need=sleepy")
    assert bad.status_code == 422 and bad.get_json()["error"]["field"] == "need"


def test_one_athlete_shows_their_signals_and_plans(app, coach_api):
    plan = add_plan(app, "runner@example.com")
    athlete = coach_api.get(f"/roster/{user_id(app)}").get_json()
    assert athlete["name"] == "Rae Runner" and athlete["plan_id"] == plan
    assert [p["id"] for p in athlete["plans"]] == [plan]


def test_a_coach_adds_a_managed_athlete_and_plans_for_them(coach_api):
    added = coach_api.post("/roster", json={"name": " Ana "})
    assert added.status_code == 201 and added.get_json()["name"] == "Ana"
    athlete = added.get_json()["athlete_id"]
    assert added.headers["Location"].endswith(f"/api/v1/roster/{athlete}")
    made = coach_api.post(
        "/plans",
        json={
            "condition": "achilles-tendinopathy-midportion",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
            "athlete_id": athlete,
        },
    )
    assert made.status_code == 201
    assert [p["id"] for p in coach_api.get(f"/roster/{athlete}").get_json()["plans"]] == [
        made.get_json()["id"]
    ]
    assert coach_api.get(f"/plans/{made.get_json()['id']}/plan").status_code == 200


def test_athletes_of_other_coaches_are_404(app, coach_api):
    from tests.api.conftest import Api, issue_token
    from tests.web.test_coach import coach_signup

    coach_signup(app.test_client(), "other-coach@example.com")
    other = Api(app.test_client(), issue_token(app, "other-coach@example.com"))
    mine = user_id(app)
    assert other.get("/roster").get_json() == {"athletes": []}
    assert other.get(f"/roster/{mine}").status_code == 404
    assert other.delete(f"/roster/{mine}").status_code == 404
    stranger = other.post(
        "/plans",
        json={
            "condition": "achilles-tendinopathy-midportion",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
            "athlete_id": mine,
        },
    )
    assert stranger.status_code == 404
    assert coach_api.get(f"/roster/{mine}").status_code == 200  # the refused delete did nothing
    assert coach_api.get("/roster/99999999999").status_code == 404


def test_a_runner_cannot_plan_for_someone_else(app, api, coach_api):
    with app.app_context():
        coach = users.by_email("coach@example.com").id
    made = api.post(
        "/plans",
        json={
            "condition": "achilles-tendinopathy-midportion",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
            "athlete_id": coach,
        },
    )
    assert made.status_code == 404


def test_bad_athlete_input_is_422_naming_the_field(coach_api):
    for body, field in (
        ({}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": "Ana", "age": 3}, "age"),
        ({"name": 7}, "name"),
    ):
        response = coach_api.post("/roster", json=body)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["field"] == field
    plan = coach_api.post(
        "/plans",
        json={
            "condition": "achilles-tendinopathy-midportion",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
            "athlete_id": "me",
        },
    )
    assert plan.status_code == 422 and plan.get_json()["error"]["field"] == "athlete_id"


def test_removing_athletes_over_the_api(app, api, coach_api):
    plan = api.post(
        "/plans",
        json={
            "condition": "shin-splints",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
        },
    ).get_json()["id"]
    managed = coach_api.post("/roster", json={"name": "Ana"}).get_json()["athlete_id"]
    assert api.delete(f"/roster/{user_id(app)}").status_code == 403  # runners have no roster
    assert coach_api.delete(f"/roster/{user_id(app)}").status_code == 204
    assert coach_api.get(f"/plans/{plan}").status_code == 404
    assert api.get(f"/plans/{plan}").status_code == 200  # still the runner's
    managed_plan = coach_api.post(
        "/plans",
        json={
            "condition": "shin-splints",
            "onset": "2025-03-01",
            "weekly_volume": 30,
            "unit": "km",
            "athlete_id": managed,
        },
    ).get_json()["id"]
    assert coach_api.delete(f"/roster/{managed}").status_code == 204
    assert coach_api.get("/roster").get_json() == {"athletes": []}
    assert coach_api.get(f"/plans/{managed_plan}").status_code == 404
    with app.app_context():
        assert users.by_id(managed) is None  # the profile and its plans are gone
    assert coach_api.delete(f"/roster/{managed}").status_code == 404
