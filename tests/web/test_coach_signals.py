"""The roster's signals stay true to the athlete's record: a hand-over, a flag recorded as a
mistake, an archived plan, morning pain climbing after a bad start, another coach's notes."""

from __future__ import annotations

from datetime import date

from planner.model import Report
from tests.web.conftest import PASSWORD, add_plan, add_reports, sign_up
from tests.web.test_coach import coach_signup, invite_link, managed_athlete, managed_plan, user_id
from tests.web.test_roster import snap
from web.services import roster, roster_needs


def rows(app, coach_email="coach@example.com") -> list[tuple[str, str, str]]:
    """(name, need, reason) of each stored roster row, as the dashboard shows them."""
    with app.test_request_context():
        return [
            (s.name, roster_needs.need(s), roster_needs.reason(s))
            for s in roster.everyone(user_id(app, coach_email))
        ]


def test_a_stopped_profile_handed_over_to_an_athlete_on_the_roster_ranks_them_at_once(app):
    coach, runner = app.test_client(), app.test_client()
    coach_signup(coach)
    sign_up(runner, "runner@example.com")
    runner.post(invite_link(coach, name="Rae"))
    add_plan(app, "runner@example.com")
    profile = managed_athlete(coach, "Rae")
    stopped = managed_plan(app, profile, condition="plantar-fasciitis")
    add_reports(app, stopped, [Report(date(2025, 3, 19), pain_rest=3, flags=("night_pain",))])
    assert [name for name, _, _ in rows(app)] == ["Rae", "Rae"]  # two rows before
    handover = invite_link(coach, athlete_id=str(profile))
    assert runner.post(handover, data={"profile": "mine"}).status_code == 302
    assert rows(app) == [("Rae", "red", "Stopped: pain at night")]


def test_a_red_flag_recorded_as_a_mistake_is_no_signal_on_the_roster(app):
    coach, runner = app.test_client(), app.test_client()
    coach_signup(coach)
    sign_up(runner, "runner@example.com")
    runner.post(invite_link(coach, name="Rae"))
    plan = add_plan(app, "runner@example.com")
    flag = ("calf_swelling",)
    quiet = [
        Report(
            date(2025, 3, d),
            pain_rest=0,
            pain_walking=0,
            pain_morning=0,
            flags=flag if d == 18 else (),
        )
        for d in range(14, 21)
    ]
    add_reports(app, plan, quiet)
    assert rows(app)[0][1:] == ("red", "Stopped: swollen, tender calf")
    runner.post(
        f"/plans/{plan}/retractions",
        data={
            "date": "2025-03-18",
            "flag": "calf_swelling",
            "reason": "wrong box",
            "confirm": "yes",
        },
    )
    assert rows(app)[0][1] not in ("red", "pain")
    assert "calf" not in rows(app)[0][2]


def test_an_archived_plan_ranks_an_athlete_only_when_every_plan_is_archived():
    stopped_archived = snap("Ann", plan_id=1, status="halted", archived=True)
    current = snap("Ann", plan_id=2)
    assert roster_needs.pick([current, stopped_archived]).plan_id == 2
    assert roster_needs.pick([stopped_archived]).plan_id == 1


def test_morning_pain_climbing_from_the_weeks_low_is_rising_even_after_a_bad_first_morning():
    climbing = snap("Ann", morning=(5, 1, 1, 1, 2, 3, 4))
    assert roster_needs.need(climbing) == "pain"
    assert roster_needs.reason(climbing) == "morning pain 1 → 4/10"
    assert roster_needs.reason(snap("Bo", morning=(0, 0, 0, 1))) == "morning pain 0 → 1/10"
    settling = snap("Cy", morning=(5, 4, 3, 2, 1, 2))  # a one-point wobble on the way down
    assert roster_needs.need(settling) == "ok"


def test_a_new_coach_sees_an_earlier_coachs_notes_marked_as_theirs(app):
    first, second, runner = app.test_client(), app.test_client(), app.test_client()
    coach_signup(first, "a@example.com")
    coach_signup(second, "b@example.com")
    sign_up(runner, "runner@example.com")
    runner.post(invite_link(first, name="Rae"))
    plan = add_plan(app, "runner@example.com")
    first.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-21", "text": "skip hills"})
    runner.post(invite_link(second, name="Rae"))
    second.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-22", "text": "easy week"})
    page = second.get(f"/coach/athletes/{user_id(app)}").get_data(as_text=True)
    assert "Notes you left" not in page and "Notes on this plan (2)" in page
    assert 'skip hills <span class="muted">(from an earlier coach)</span>' in page
    assert "easy week</li>" in page


def test_an_unnamed_second_invite_keeps_the_name_the_coach_gave(app):
    coach, runner = app.test_client(), app.test_client()
    coach_signup(coach)
    sign_up(runner, "runner@example.com")
    runner.post(invite_link(coach, name="Rae"))
    runner.post(invite_link(coach))
    assert [name for name, _, _ in rows(app)] == ["Rae"]


def test_sign_up_through_an_invite_offers_the_time_zones_and_keeps_the_one_chosen(app):
    coach, athlete = app.test_client(), app.test_client()
    coach_signup(coach)
    link = invite_link(coach, name="Bob")
    page = athlete.get(link).get_data(as_text=True)
    assert '<select id="timezone" name="timezone"' in page and 'data-guess="browser"' in page
    form = {"email": "bob@example.com", "password": PASSWORD, "confirm": PASSWORD}
    refused = athlete.post(link, data={**form, "confirm": "other", "timezone": "Australia/Sydney"})
    assert '<option value="Australia/Sydney" selected>' in refused.get_data(as_text=True)
    athlete.post(link, data={**form, "timezone": "Australia/Sydney"})
    from web.store import users

    with app.app_context():
        assert users.by_email("bob@example.com").timezone == "Australia/Sydney"
