"""Coaches: sign-up, managed athletes, the wizard for an athlete, invites, notes, leaving."""

from __future__ import annotations

import re
from datetime import date, timedelta

from planner.model import Report
from tests.web.conftest import (
    PASSWORD,
    AuthActions,
    add_plan,
    add_reports,
    green_week,
    log_counts,
    sign_up,
)
from tests.web.test_plans import clearances_of


def coach_signup(client, email="coach@example.com"):
    return sign_up(client, email, coach=True)


def managed_athlete(client, name="Ana Managed") -> int:
    response = client.post("/coach/athletes", data={"name": name})
    return int(re.search(r"/coach/athletes/(\d+)$", response.headers["Location"]).group(1))


def managed_plan(app, athlete: int, **changes) -> int:
    """Store a plan for a managed athlete (who has only a placeholder email)."""
    from web.store import users

    with app.test_request_context():
        email = users.by_id(athlete).email
    return add_plan(app, email, **changes)


def user_id(app, email: str = "runner@example.com") -> int:
    from web.store import users

    with app.app_context():
        return users.by_email(email).id


def athlete_of(app, plan: int) -> int:
    from web import store

    with app.app_context():
        return store.plans.plan_by_id(plan).owner_id


def invite_link(client, **data) -> str:
    page = client.post("/coach/invites", data=data).get_data(as_text=True)
    return re.search(r'value="https?://[^/]+(/coach/join/[^"]+)"', page).group(1)


def join(client, link, email, password=PASSWORD):
    """Sign up through an invite link (which never logs in), then log in as a browser would;
    return the sign-up's answer."""
    sent = {"email": email, "password": password, "confirm": password, "profile": "mine"}
    joined = client.post(link, data=sent)
    if joined.status_code == 302:
        client.get(joined.headers["Location"])
        AuthActions(client).login(email, password)
    return joined


def test_a_coach_who_signed_up_lands_on_the_empty_roster(client):
    coach_signup(client)
    assert client.get("/").headers["Location"].endswith("/coach/")
    page = client.get("/coach/")
    assert page.status_code == 200 and "No athletes" in page.get_data(as_text=True)


def test_a_runner_cannot_open_the_coach_dashboard_and_is_shown_the_way_to_their_plans(client, auth):
    auth.signup()
    refused = client.get("/coach/")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403 and "The coach pages are for coach accounts" in page
    assert '<a class="button primary" href="/plans/">Go to my plans</a>' in page


def test_a_coach_plans_for_a_managed_athlete_through_the_wizard(client):
    coach_signup(client)
    athlete = managed_athlete(client)
    client.post(f"/coach/athletes/{athlete}/plans")
    steps = [
        ("where", {"location": "back of ankle"}),
        ("condition", {"condition": "achilles-tendinopathy-midportion"}),
        ("onset", {"onset": "2025-03-01"}),
        ("volume", {"baseline": "30", "unit": "km"}),
        ("runs", {"runs_per_week": "4"}),
        ("start", {"start": "2025-03-01"}),
    ]
    for name, data in steps:
        response = client.post(f"/plans/new/{name}", data=data)
        assert response.status_code == 302, name
    plan = int(re.search(r"/plans/(\d+)/today", response.headers["Location"]).group(1))
    from web.store.models import PlanRow

    with client.application.test_request_context():
        from web.core.db import session

        assert session().get(PlanRow, plan).owner_id == athlete
    assert client.get(f"/plans/{plan}/today").status_code == 200
    assert "Ana Managed" in client.get("/coach/").get_data(as_text=True)


def test_a_coach_edits_an_athletes_plan_and_bad_input_changes_nothing(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    bad = client.post(f"/plans/{plan}/settings", data={"baseline": "-3", "runs_per_week": "4"})
    assert bad.status_code == 400 and "baseline" in bad.get_data(as_text=True).lower()
    good = client.post(
        f"/plans/{plan}/settings",
        data={
            "baseline": "40",
            "runs_per_week": "3",
            "run_days": ["0", "2", "4"],
            "goal": "50",
            "clearance": "2025-03-10",
            "clearance_note": "Dr Lee",
        },
    )
    assert good.status_code == 302
    page = client.get(f"/plans/{plan}/settings").get_data(as_text=True)
    assert 'value="40"' in page and 'value="50"' in page
    assert clearances_of(app, plan) == [(date(2025, 3, 10), "Dr Lee")]  # with who gave it


def test_a_coachs_plan_edit_names_every_bad_field_at_once(app, client):
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    form = {"baseline": "-3", "runs_per_week": "4", "goal": "lots", "clearance": "soon"}
    html = client.post(f"/plans/{plan}/settings", data=form).get_data(as_text=True)
    for field in ("baseline", "goal", "clearance"):
        assert f'id="{field}-error"' in html, field


def test_a_plan_is_edited_on_its_settings_page_and_the_old_edit_address_leads_there(app, client):
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    athlete_page = client.get(f"/coach/athletes/{athlete_of(app, plan)}").get_data(as_text=True)
    assert f'href="/plans/{plan}/settings">Edit plan</a>' in athlete_page
    old = client.get(f"/coach/plans/{plan}/edit")
    assert old.status_code == 303 and old.headers["Location"].endswith(f"/plans/{plan}/settings")
    form = {"baseline": "40", "runs_per_week": "3", "goal": "50"}
    moved = client.post(f"/coach/plans/{plan}/edit", data=form)
    assert moved.status_code == 308  # a browser sends the same form on, as it was
    sent = client.post(moved.headers["Location"], data=form, follow_redirects=True)
    assert "Plan settings saved." in sent.get_data(as_text=True)
    assert 'name="goal" type="text" value="50"' in sent.get_data(as_text=True)


def test_an_athlete_joins_through_an_invite_and_the_coach_sees_their_plan(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    athlete = app.test_client()
    joined = join(athlete, link, "bo@example.com")
    assert joined.status_code == 302
    plan = add_plan(app, "bo@example.com")
    assert client.get(f"/plans/{plan}/today").status_code == 200
    assert "Bo" in client.get("/coach/").get_data(as_text=True)


def test_the_invite_page_names_the_coach_who_sent_it(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    page = app.test_client().get(link).get_data(as_text=True)
    assert "This invitation is from <strong>coach@example.com</strong>" in page


def test_an_invite_works_once(app, client):
    coach_signup(client)
    link = invite_link(client)
    first = app.test_client()
    AuthActions(first).signup(email="first@example.com")
    assert first.post(link).status_code == 302
    second = app.test_client()
    assert second.get(link).status_code == 410
    assert (
        second.post(
            link, data={"email": "second@example.com", "password": PASSWORD, "confirm": PASSWORD}
        ).status_code
        == 410
    )
    assert AuthActions(app.test_client()).login("second@example.com").status_code == 400


def test_an_invite_expires_after_fourteen_days(app, client):
    coach_signup(client)
    link = invite_link(client)
    later = app.config["CLOCK"]() + timedelta(days=15)
    app.config["CLOCK"] = lambda: later
    expired = app.test_client().get(link)
    assert expired.status_code == 410 and "expired" in expired.get_data(as_text=True)


def test_invite_tokens_are_stored_hashed(app, client):
    coach_signup(client)
    token = invite_link(client).rsplit("/", 1)[1]
    from web.store.models import Invite

    with app.test_request_context():
        from web.core.db import session

        stored = session().query(Invite).one()
        assert token not in stored.token_hash and len(stored.token_hash) == 64


def test_a_managed_profile_is_handed_over_and_its_plans_follow(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    link = invite_link(client, athlete_id=str(athlete))
    runner = app.test_client()
    join(runner, link, "ana@example.com")
    assert runner.get(f"/plans/{plan}/today").status_code == 200
    assert client.get(f"/plans/{plan}/today").status_code == 200  # still coached
    fresh = app.test_client()
    assert AuthActions(fresh).login("ana@example.com").status_code == 302


def test_a_hand_over_link_names_the_profile_and_its_plans_and_takes_nothing_unticked(app, client):
    """A hand-over link pasted to the wrong person: the page says whose profile and how many
    plans it gives away, and nothing moves until they tick that the profile is theirs."""
    coach_signup(client)
    athlete = managed_athlete(client, name="Erin")
    plan = managed_plan(app, athlete)
    link = invite_link(client, athlete_id=str(athlete))
    dave = app.test_client()
    sign_up(dave, "dave@example.com")
    page = dave.get(link).get_data(as_text=True)
    assert "This link hands over the profile “Erin”" in page and "with its 1 plan " in page
    refused = dave.post(link)
    assert refused.status_code == 400
    assert "Tick that Erin is you to take over the profile" in refused.get_data(as_text=True)
    assert dave.get(f"/plans/{plan}/today").status_code == 404  # still the coach's profile
    assert "Erin" in client.get("/coach/").get_data(as_text=True)
    assert dave.post(link, data={"profile": "mine"}).status_code == 302  # the link still works
    assert dave.get(f"/plans/{plan}/today").status_code == 200


def test_an_ordinary_invite_asks_no_such_question(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    bo = app.test_client()
    sign_up(bo, "bo@example.com")
    assert "take over" not in bo.get(link).get_data(as_text=True)
    assert bo.post(link).status_code == 302


def test_an_athlete_who_leaves_is_hidden_from_the_coach_at_once(app, client):
    coach_signup(client)
    link = invite_link(client)
    athlete = app.test_client()
    join(athlete, link, "bo@example.com")
    plan = add_plan(app, "bo@example.com")
    assert "Leave this coach" in athlete.get("/auth/account").get_data(as_text=True)
    asked = athlete.post("/coach/leave").get_data(as_text=True)
    assert "Leave your coach?" in asked and "a new invite link" in asked
    assert client.get(f"/plans/{plan}/today").status_code == 200  # asked, nothing changed yet
    assert athlete.post("/coach/leave", data={"confirm": "yes"}).status_code == 302
    assert client.get(f"/plans/{plan}/today").status_code == 404
    assert client.post(f"/plans/{plan}/report", data={"pain_rest": "1"}).status_code == 404
    assert log_counts(app, plan) == (0, 0)
    assert "bo@example.com" not in client.get("/coach/").get_data(as_text=True)


def test_a_coach_note_shows_on_the_athletes_today_and_day_page(app, client):
    coach_signup(client)
    link = invite_link(client)
    athlete = app.test_client()
    join(athlete, link, "bo@example.com")
    plan = add_plan(app, "bo@example.com")
    client.post(
        f"/coach/plans/{plan}/notes", data={"date": "2025-03-20", "text": "Easy on the hills today"}
    )
    client.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-18", "text": "Well done"})
    today = athlete.get(f"/plans/{plan}/today").get_data(as_text=True)
    assert "Easy on the hills today" in today and "Well done" not in today
    assert "Well done" in athlete.get(f"/plans/{plan}/days/2025-03-18").get_data(as_text=True)


def test_a_bad_note_is_refused_without_a_500(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    for data in (
        {"date": "soon", "text": "x"},
        {"date": "2025-03-20", "text": ""},
        {},
        {"date": "1900-01-01", "text": "x"},  # found in the browser: saved, shown without a year
        {"date": "2026-03-21", "text": "x"},  # more than a year ahead
    ):
        assert client.post(f"/coach/plans/{plan}/notes", data=data).status_code == 400
    with app.test_request_context():
        from web import store

        assert store.roster.notes_on(plan, __import__("datetime").date(2025, 3, 20)) == []
        assert store.roster.notes_on(plan, __import__("datetime").date(1900, 1, 1)) == []


def test_a_refused_note_comes_back_as_typed_with_the_reason_by_its_field(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    note = {"date": "2030-01-01", "text": "Keep the hills out this week"}
    page = client.post(f"/coach/plans/{plan}/notes", data=note).get_data(as_text=True)
    assert (
        f'id="note-date-{plan}-error" role="alert">The note was not saved: pick a day of the plan, from 1 March 2025 to 20 March 2026'
        in page
    )
    assert 'value="2030-01-01" aria-invalid="true"' in page
    assert ">Keep the hills out this week</textarea>" in page
    page = client.post(
        f"/coach/plans/{plan}/notes", data={"date": "2025-03-20", "text": " "}
    ).get_data(as_text=True)
    assert f'id="note-text-{plan}-error" role="alert">The note was not saved: write 1 to' in page


def test_the_roster_exports_as_csv_and_json_and_the_athlete_log_too(app, client):
    import json

    coach_signup(client)
    athlete = managed_athlete(client, name="Cy Export")
    plan = managed_plan(app, athlete)
    as_csv = client.get("/coach/roster.csv")
    assert as_csv.mimetype == "text/csv" and "Cy Export" in as_csv.get_data(as_text=True)
    records = json.loads(client.get("/coach/roster.json").get_data(as_text=True))
    # Made today, the plan has missed nothing yet and is not silent yet: no report yet.
    assert records[0]["name"] == "Cy Export" and records[0]["need"] == "no_report"
    assert client.get("/coach/roster.xml").status_code == 404
    assert client.get(f"/plans/{plan}/export.csv").status_code == 200
    assert json.loads(client.get(f"/plans/{plan}/export.json").get_data())["reports"] == []


def test_another_coach_cannot_join_a_roster_or_take_a_managed_profile(app, client):
    coach_signup(client)
    athlete = managed_athlete(client, name="Mia")
    handover = invite_link(client, athlete_id=str(athlete))
    other = app.test_client()
    coach_signup(other, email="coach2@example.com")
    refused = other.post(handover, data={"profile": "mine"})
    assert refused.status_code == 400
    assert "cannot join a roster" in refused.get_data(as_text=True)
    assert "Mia" in client.get("/coach/").get_data(as_text=True)
    assert app.test_client().get(handover).status_code == 200  # still usable by the athlete


def test_joining_a_second_coach_says_it_ends_the_first(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    first, second = app.test_client(), app.test_client()
    coach_signup(first, "first@example.com")
    coach_signup(second, "second@example.com")
    assert client.post(invite_link(first, name="Rae")).status_code == 302
    link = invite_link(second, name="Rae")
    page = client.get(link).get_data(as_text=True)
    assert "You have a coach: first@example.com" in page and "Switch to this coach" in page
    assert client.post(link).status_code == 302
    assert first.get(f"/plans/{plan}/today").status_code == 404
    assert second.get(f"/plans/{plan}/today").status_code == 200


def test_removing_an_athlete_with_an_account_keeps_their_plans(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com")
    coach = app.test_client()
    coach_signup(coach)
    client.post(invite_link(coach, name="Rae"))
    athlete = user_id(app)
    page = coach.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert "keeps their account and plans" in page
    unconfirmed = coach.post(f"/coach/athletes/{athlete}/remove")
    assert unconfirmed.status_code == 400 and "Nothing was removed" in unconfirmed.text
    assert coach.get(f"/plans/{plan}/today").status_code == 200  # still on the roster
    assert (
        coach.post(f"/coach/athletes/{athlete}/remove", data={"confirm": "remove"}).status_code
        == 302
    )
    assert coach.get(f"/plans/{plan}/today").status_code == 404
    assert "Rae" not in coach.get("/coach/").get_data(as_text=True)
    assert client.get(f"/plans/{plan}/today").status_code == 200  # still the runner's


def test_deleting_a_managed_profile_needs_the_box_ticked(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    from web import store
    from web.store import users

    plan = managed_plan(app, athlete)
    add_reports(app, plan, green_week())
    assert log_counts(app, plan) == (len(green_week()), 0)
    refused = client.post(f"/coach/athletes/{athlete}/remove", follow_redirects=True)
    assert "Nothing was deleted" in refused.get_data(as_text=True)
    assert client.get(f"/plans/{plan}/today").status_code == 200
    gone = client.post(
        f"/coach/athletes/{athlete}/remove", data={"confirm": "delete"}, follow_redirects=True
    )
    assert "profile and plans are deleted" in gone.get_data(as_text=True)
    with app.test_request_context():
        from sqlalchemy import func, select

        from web.core.db import session
        from web.store.models import ReportRow

        assert users.by_id(athlete) is None and store.plans.plan_by_id(plan) is None
        assert session().scalar(select(func.count()).where(ReportRow.plan_id == plan)) == 0


def test_a_coachs_clearance_from_before_the_stop_is_refused_as_the_runners_is(app, client):
    from planner.model import Report

    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    add_reports(app, plan, [Report(date(2025, 3, 15), pain_rest=2, flags=("night_pain",))])
    form = {"baseline": "30", "runs_per_week": "4", "clearance": "2025-03-14"}
    refused = client.post(f"/plans/{plan}/settings", data={**form, "clearance_note": "Dr Lee"})
    assert refused.status_code == 400
    assert "The plan stopped on Saturday 15 March 2025" in refused.get_data(as_text=True)
    assert clearances_of(app, plan) == []


def test_a_search_longer_than_any_name_answers_a_page_not_a_server_error(client):
    coach_signup(client)
    managed_athlete(client, name="Ana Managed")
    page = client.get("/coach/", query_string={"q": "a" * 70_000})
    assert page.status_code == 200 and "No athletes match" in page.get_data(as_text=True)


def test_who_cleared_the_athlete_without_a_date_is_refused_and_kept(app, client):
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    form = {"baseline": "31", "runs_per_week": "4", "clearance": "", "clearance_note": "Dr Lee"}
    refused = client.post(f"/plans/{plan}/settings", data=form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="clearance-error"' in html
    assert "Give the day of the clearance" in html and 'value="Dr Lee"' in html
    assert clearances_of(app, plan) == []
    assert 'value="31"' not in client.get(f"/plans/{plan}/settings").get_data(as_text=True)


def test_a_stopped_managed_plan_asks_its_coach_about_the_athletes_clearance(app, client):
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client))
    add_reports(app, plan, [Report(date(2025, 3, 19), flags=("night_pain",))])
    page = client.get(f"/plans/{plan}").get_data(as_text=True)
    assert "A doctor or physiotherapist cleared the athlete to run" in page
    assert "Date the athlete was cleared" in page and "Who cleared them, or what did" in page
    assert "cleared you" not in page


def test_the_wizard_a_coach_runs_asks_about_the_athlete_not_the_coach(client):
    coach_signup(client)
    athlete = managed_athlete(client)
    client.post(f"/coach/athletes/{athlete}/plans")
    client.post("/plans/new/where", data={"location": "back of ankle"})
    condition = client.get("/plans/new/condition").get_data(as_text=True)
    assert "Which sounds like Ana Managed&#39;s?" in condition and "like yours" not in condition
    client.post("/plans/new/condition", data={"condition": "achilles-tendinopathy-midportion"})
    client.post("/plans/new/onset", data={"onset": "2025-03-01"})
    volume = client.get("/plans/new/volume").get_data(as_text=True)
    assert "Ana Managed&#39;s usual weekly running before the injury" in volume
    assert "<h1>How much did they run?</h1>" in volume and "you run" not in volume
    client.post("/plans/new/volume", data={"baseline": "30", "unit": "km"})
    runs = client.get("/plans/new/runs").get_data(as_text=True)
    assert "<h1>How do they like to run?</h1>" in runs
    assert "Days you prefer" not in runs and "while you rebuild" not in runs


def test_a_coach_logging_a_red_flag_for_a_managed_athlete_is_asked_about_their_plan(app, client):
    """Found in a browser review: the question read "This stops your plan" to the coach."""
    coach_signup(client)
    plan = managed_plan(app, managed_athlete(client, name="Bob"))
    asked = client.post(f"/plans/{plan}/report", data={"pain_rest": "1", "flags": "night_pain"})
    page = asked.get_data(as_text=True).replace("&#39;", "'")
    assert "Are you sure? This stops Bob's plan" in page
    assert "Yes, save it and stop Bob's plan" in page and "stop my plan" not in page


def test_a_wizard_page_for_an_athlete_sent_after_a_new_plan_was_started_saves_nothing(client):
    """Found in a browser review: a coach's tab planning for Alice, answered after a plan of
    their own was started in another tab, went on as the coach's own plan."""
    coach_signup(client)
    athlete = managed_athlete(client, name="Alice")
    client.post(f"/coach/athletes/{athlete}/plans")
    client.post("/plans/new/where", data={"location": "back of ankle", "for": str(athlete)})
    client.get("/plans/new/")  # another tab: a new plan of the coach's own
    client.post("/plans/new/where", data={"location": "back of ankle", "for": ""})
    stale = {"condition": "achilles-tendinopathy-midportion", "for": str(athlete)}
    refused = client.post("/plans/new/condition", data=stale)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "A new plan, for yourself, was started in another tab or window" in page
    own = client.post("/plans/new/condition", data={**stale, "for": ""})  # the coach's own tab
    assert own.status_code == 302 and own.headers["Location"].endswith("/plans/new/onset")


def test_every_wizard_page_says_whom_its_answers_are_for(client):
    coach_signup(client)
    athlete = managed_athlete(client, name="Alice")
    client.post(f"/coach/athletes/{athlete}/plans")
    page = client.get("/plans/new/where").get_data(as_text=True)
    assert f'<input type="hidden" name="for" value="{athlete}">' in page
    client.get("/plans/new/")
    assert '<input type="hidden" name="for" value="">' in client.get("/plans/new/where").get_data(
        as_text=True
    )
