"""The roster page after the UX review: a refused profile name comes back by its field, a plan
never reported on is not "On track", the two ways to add an athlete say which to use, a filter
can be cleared, and a saved note names its day in words."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from planner.model import Report
from tests.web.conftest import add_reports
from tests.web.test_coach import coach_signup, managed_athlete, managed_plan, user_id
from tests.web.test_coach_roster_rows import names_on
from web.services import roster, roster_needs

TODAY = date(2025, 3, 20)  # the fixed clock's day, a Thursday


def profiles_of(app) -> int:
    from web import store

    with app.test_request_context():
        return len(store.roster.roster_of(user_id(app, "coach@example.com")))


@pytest.mark.parametrize("typed", ["", "   ", "B" * 121])
def test_a_refused_profile_name_comes_back_by_its_field_as_typed(app, client, typed):
    coach_signup(client)
    response = client.post("/coach/athletes", data={"name": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and profiles_of(app) == 0
    assert (
        '<p class="error" id="athlete-name-error" role="alert">'
        "Give the athlete a name of 1 to 120 characters.</p>" in page
    )
    field = re.search(r'<input id="athlete-name"[^>]*>', page).group(0)
    assert f'value="{typed}"' in field and 'aria-invalid="true"' in field
    assert 'aria-describedby="managed-hint athlete-name-error"' in field
    assert "autofocus" in field and "data-focus" in field
    assert "/static/focus.js" in page  # focus, and so the screen, goes to the field
    assert 'class="flash"' not in page  # said by the field, not at the top of the page


def test_the_page_of_a_refused_name_filters_through_the_dashboard(client):
    coach_signup(client)
    page = client.post("/coach/athletes", data={"name": " "}).get_data(as_text=True)
    assert '<form method="get" action="/coach/" class="filters" role="search">' in page


def test_a_good_profile_name_still_opens_the_athletes_page_without_the_focus_script(client):
    coach_signup(client)
    response = client.post("/coach/athletes", data={"name": "  Ana  "})
    assert re.search(r"/coach/athletes/\d+$", response.headers["Location"])
    assert "/static/focus.js" not in client.get("/coach/").get_data(as_text=True)


def test_a_plan_never_reported_on_shows_no_report_yet_and_its_filter_finds_it(app, client):
    coach_signup(client)
    waiting = managed_athlete(client, "Wren Waiting")
    managed_plan(app, waiting, start=TODAY)
    reported = managed_athlete(client, "Olly On-track")
    add_reports(app, managed_plan(app, reported, start=TODAY), [Report(TODAY, pain_rest=0)])
    page = client.get("/coach/").get_data(as_text=True)
    row = re.search(r'<tr class="need-(\w+)" data-athlete="Wren Waiting">', page)
    assert row.group(1) == "no_report"
    assert '<span class="need need-no_report">No report yet</span>' in page
    assert names_on(page) == ["Wren Waiting", "Olly On-track"]
    assert names_on(client.get("/coach/?need=no_report").get_data(as_text=True)) == ["Wren Waiting"]
    assert names_on(client.get("/coach/?need=ok").get_data(as_text=True)) == ["Olly On-track"]
    with app.test_request_context():  # the stored rows agree with a fresh build
        coach = user_id(app, "coach@example.com")
        assert roster.everyone(coach) == roster_needs.rank(roster.snapshots(coach))


def test_an_empty_roster_says_how_to_add_the_first_athlete(client):
    coach_signup(client)
    page = client.get("/coach/").get_data(as_text=True)
    assert 'No athletes yet. <a href="#add-athlete">Add your first athlete</a>' in page
    assert '<section class="card add-athlete" id="add-athlete"' in page
    assert 'class="roster-links"' not in page  # the forms are right below: no jump needed


def test_the_two_ways_to_add_an_athlete_each_say_when_to_use_them(client):
    coach_signup(client)
    managed_athlete(client)
    page = client.get("/coach/").get_data(as_text=True)
    assert '<p class="roster-links"><a href="#add-athlete">Add an athlete</a></p>' in page
    ways = page.split('id="add-athlete"')[1].split('<div class="add-way">')[1:]
    assert len(ways) == 2
    invite, managed = ways
    assert "Invite an athlete with their own account" in invite
    assert "report for themselves" in invite and 'action="/coach/invites"' in invite
    assert "Create a profile you manage" in managed
    assert "you log their reports" in managed and 'action="/coach/athletes"' in managed


def test_a_filtered_roster_links_back_to_everyone(client):
    coach_signup(client)
    managed_athlete(client, "Ana")
    show_everyone = '<a class="clear-filter" href="/coach/">Show everyone</a>'
    assert show_everyone not in client.get("/coach/").get_data(as_text=True)
    assert show_everyone in client.get("/coach/?q=an").get_data(as_text=True)
    assert show_everyone in client.get("/coach/?need=no_plan").get_data(as_text=True)
    nobody = client.get("/coach/?q=zed").get_data(as_text=True)
    assert 'No athletes match. <a href="/coach/">Show everyone</a>' in nobody


def test_a_saved_note_names_its_day_as_the_app_does_elsewhere(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    client.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-22", "text": "Hills"})
    page = client.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert "Note saved for Sat 22 Mar." in page and "2025-03-22." not in page


def test_the_athlete_and_remove_pages_load_the_coach_stylesheet(client):
    coach_signup(client)
    athlete = managed_athlete(client)
    sheet = '<link rel="stylesheet" href="/static/coach.css">'
    page = client.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert sheet in page and '<div class="athlete-actions">' in page
    remove = client.get(f"/coach/athletes/{athlete}/remove").get_data(as_text=True)
    assert sheet in remove and 'class="choice confirm"' in remove


def test_a_plan_made_today_that_began_days_ago_is_no_report_yet_not_the_longest_silent(app, client):
    coach_signup(client)
    twelve_days_ago = TODAY - timedelta(days=12)
    new = managed_athlete(client, "Nia New")
    managed_plan(app, new, onset=twelve_days_ago, start=twelve_days_ago)  # made now
    quiet = managed_athlete(client, "Quinn Quiet")
    add_reports(app, managed_plan(app, quiet), [Report(TODAY - timedelta(days=6), pain_rest=0)])
    page = client.get("/coach/").get_data(as_text=True)
    assert names_on(page) == ["Quinn Quiet", "Nia New"]
    assert '<tr class="need-no_report" data-athlete="Nia New">' in page
    assert names_on(client.get("/coach/?need=quiet").get_data(as_text=True)) == ["Quinn Quiet"]
