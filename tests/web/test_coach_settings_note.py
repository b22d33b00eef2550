"""A coach who changes an athlete's plan settings says so on the athlete's Today: the plan's
own decision reads "Your settings changed", which the athlete would take for their own doing."""

from __future__ import annotations

from tests.api.conftest import Api, issue_token
from tests.web.conftest import PASSWORD, AuthActions

SAID = "I changed your plan's settings today: usual week 40 km (was 30 km); runs a week 3 (was 4)."
SETTINGS = {"baseline": "40", "runs_per_week": "3", "unit": "km"}


def runner(app):
    client = app.test_client()
    AuthActions(client).login("runner@example.com", PASSWORD)
    return client


def coach_notes(app, plan: int) -> list[str]:
    from web.store import roster

    with app.test_request_context():
        return [note.text for note in roster.notes_of([plan])[plan]]


def test_the_athlete_reads_on_today_that_their_coach_changed_the_settings_and_what(app, coached):
    coach, plan, _ = coached
    assert coach.post(f"/plans/{plan}/settings", data=SETTINGS).status_code == 302
    page = runner(app).get(f"/plans/{plan}/today").get_data(as_text=True)
    assert "From your coach" in page and SAID.replace("'", "&#39;") in page


def test_a_coach_who_saves_the_settings_unchanged_leaves_no_note(app, coached):
    coach, plan, _ = coached
    unchanged = {"baseline": "30", "runs_per_week": "4", "unit": "km"}
    assert coach.post(f"/plans/{plan}/settings", data=unchanged).status_code == 302
    assert coach_notes(app, plan) == []


def test_the_runners_own_change_and_a_managed_athletes_leave_no_note(app, coached):
    coach, plan, managed = coached
    assert runner(app).post(f"/plans/{plan}/settings", data=SETTINGS).status_code == 302
    assert coach.post(f"/plans/{managed}/settings", data=SETTINGS).status_code == 302
    assert coach_notes(app, plan) == [] and coach_notes(app, managed) == []


def test_a_coachs_change_over_the_api_leaves_the_same_note(app, coached):
    _, plan, _ = coached
    api = Api(app.test_client(), issue_token(app, "coach@example.com"))
    answer = api.patch(f"/plans/{plan}", json={"weekly_volume": 40, "runs_per_week": 3})
    assert answer.status_code == 200 and coach_notes(app, plan) == [SAID]


def test_a_new_unit_is_named_and_both_weeks_said_in_it(app, coached):
    coach, plan, _ = coached
    assert coach.post(f"/plans/{plan}/settings", data={**SETTINGS, "unit": "mi"}).status_code == 302
    assert coach_notes(app, plan) == [
        "I changed your plan's settings today: the plan in mi (was km); "
        "usual week 24.9 mi (was 18.6 mi); runs a week 3 (was 4)."
    ]


def test_the_settings_page_speaks_to_the_coach_of_the_athletes_routine(app, coached):
    """Found in a browser review: a coach read "Your running routine … the weeks you ran"."""
    coach, plan, _ = coached
    page = coach.get(f"/plans/{plan}/settings").get_data(as_text=True).replace("&#39;", "'")
    assert "The athlete's running routine" in page and "the weeks they ran" in page
    assert "They see a note from you on their Today saying what you changed." in page
    own = runner(app).get(f"/plans/{plan}/settings").get_data(as_text=True)
    assert "Your running routine" in own and "a note from you" not in own


def test_the_pace_hint_speaks_of_the_athletes_usual_week_to_their_coach(coached):
    coach, _, plan = coached
    page = coach.get(f"/plans/{plan}/settings").get_data(as_text=True)
    assert "how many minutes their usual week and goal are" in page
    assert "your usual week" not in page
