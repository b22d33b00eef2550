"""Invite links a coach made and nobody used yet: listed on the roster, and withdrawable."""

from __future__ import annotations

import re

from tests.web.conftest import AuthActions, sign_up
from tests.web.test_coach import coach_signup, invite_link, join, managed_athlete


def open_invites(client) -> str:
    page = client.get("/coach/").get_data(as_text=True)
    found = re.search(r'<section class="card open-invites".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_an_unused_invite_is_listed_until_it_is_used(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    listed = open_invites(client)
    assert "<strong>Bo</strong>" in listed
    assert "made Thu 20 Mar · works until Thu 3 Apr" in listed  # both on the app's clock
    join(app.test_client(), link, "bo@example.com")
    assert open_invites(client) == ""  # used: nothing left to withdraw


def test_a_withdrawn_invite_stops_working_and_leaves_the_list(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    withdraw = re.search(r'action="(/coach/invites/\d+/withdraw)"', open_invites(client)).group(1)
    answer = client.post(withdraw, follow_redirects=True)
    assert "The invite link for Bo is withdrawn" in answer.get_data(as_text=True)
    assert open_invites(client) == ""
    gone = app.test_client().get(link).get_data(as_text=True)
    assert "your coach withdrew it" in gone
    assert client.post(withdraw).status_code == 404  # once


def test_a_coach_cannot_withdraw_another_coachs_invite(app, client):
    coach_signup(client)
    invite_link(client, name="Bo")
    withdraw = re.search(r'action="(/coach/invites/\d+/withdraw)"', open_invites(client)).group(1)
    other = app.test_client()
    sign_up(other, "other-coach@example.com", coach=True)
    assert other.post(withdraw).status_code == 404
    runner = app.test_client()
    AuthActions(runner).signup(email="runner@example.com")
    assert runner.post(withdraw).status_code in (403, 404)
    assert "<strong>Bo</strong>" in open_invites(client)  # still there


def test_an_expired_invite_is_not_listed_and_cannot_be_withdrawn(app, client):
    from datetime import timedelta

    coach_signup(client)
    invite_link(client, name="Bo")
    withdraw = re.search(r'action="(/coach/invites/\d+/withdraw)"', open_invites(client)).group(1)
    moved = app.config["CLOCK"]() + timedelta(days=15)
    app.config["CLOCK"] = lambda: moved
    AuthActions(client).login("coach@example.com")  # two weeks on: a new session
    assert open_invites(client) == ""
    assert client.post(withdraw).status_code == 404  # its page says it expired, as it did


def test_the_invite_for_a_deleted_profile_says_so_rather_than_not_found(app, client):
    coach_signup(client)
    athlete = managed_athlete(client, name="Mo")
    link = invite_link(client, athlete_id=str(athlete))
    assert app.test_client().get(link).status_code == 200
    client.post(f"/coach/athletes/{athlete}/remove", data={"confirm": "delete"})
    gone = app.test_client().get(link)
    assert gone.status_code == 410 and "or deleted" in gone.get_data(as_text=True)
