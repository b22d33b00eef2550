"""An invite for a managed profile hands it over once: the other links to it stop working,
and an account that exists is never taken over through one."""

from __future__ import annotations

import threading

from tests.web.conftest import PASSWORD, AuthActions, add_plan, log_counts
from tests.web.test_coach import coach_signup, invite_link, join, managed_athlete, managed_plan

MINE = {"profile": "mine"}  # the hand-over page's "this profile is me"
ATTACKER_PASSWORD = "attacker's own secret"


def claim(app, link, email, password=PASSWORD):
    """Sign up through an invite link as someone with no account, and log in."""
    athlete = app.test_client()
    return athlete, join(athlete, link, email, password)


def two_links_for_one_profile(app, coach):
    """A coach's managed profile with a plan, and two invite links made for it."""
    coach_signup(coach)
    athlete = managed_athlete(coach, name="Ana")
    plan = managed_plan(app, athlete)
    first = invite_link(coach, athlete_id=str(athlete))
    second = invite_link(coach, athlete_id=str(athlete))
    return athlete, plan, first, second


def test_a_second_invite_cannot_reset_the_account_the_first_one_created(app, client):
    athlete, plan, first, second = two_links_for_one_profile(app, client)
    ana, claimed = claim(app, first, "ana@example.com")
    assert claimed.status_code == 302
    ana.post(f"/plans/{plan}/report", data={"pain_rest": "2", "note": "private note"})

    thief, refused = claim(app, second, "thief@example.com", ATTACKER_PASSWORD)
    assert refused.status_code == 410
    assert "no longer works" in refused.get_data(as_text=True)
    assert thief.get(f"/plans/{plan}/today").status_code == 302  # not logged in
    assert (
        AuthActions(app.test_client()).login("thief@example.com", ATTACKER_PASSWORD).status_code
        == 400
    )
    assert AuthActions(app.test_client()).login("ana@example.com").status_code == 302
    assert ana.get(f"/plans/{plan}/today").status_code == 200  # Ana is still logged in


def test_a_logged_in_runner_cannot_take_a_claimed_profile_with_a_second_invite(app, client):
    athlete, plan, first, second = two_links_for_one_profile(app, client)
    ana, _ = claim(app, first, "ana@example.com")
    ana.post(f"/plans/{plan}/report", data={"pain_rest": "2"})
    runner = app.test_client()
    AuthActions(runner).signup(email="runner@example.com")

    refused = runner.post(second, data=MINE)
    assert refused.status_code == 410
    assert runner.get(f"/plans/{plan}/today").status_code == 404
    assert ana.get(f"/plans/{plan}/today").status_code == 200  # her account and plan stay
    assert log_counts(app, plan) == (1, 0)
    assert AuthActions(app.test_client()).login("ana@example.com").status_code == 302


def test_claiming_one_invite_cancels_the_others_and_the_page_says_so(app, client):
    athlete, plan, first, second = two_links_for_one_profile(app, client)
    runner = app.test_client()
    AuthActions(runner).signup(email="runner@example.com")
    assert runner.post(first, data=MINE).status_code == 302  # a logged-in runner takes it
    assert runner.get(f"/plans/{plan}/today").status_code == 200

    page = app.test_client().get(second)
    assert page.status_code == 410
    assert "no longer works" in page.get_data(as_text=True)
    used = app.test_client().get(first)
    assert used.status_code == 410 and "already been used" in used.get_data(as_text=True)


def test_a_used_invite_says_so_plainly(app, client):
    coach_signup(client)
    link = invite_link(client)
    claim(app, link, "first@example.com")
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_an_invite_binds_only_to_a_profile_that_is_still_managed(app, client):
    """Even an invite nobody cancelled cannot write over an account: the profile must be managed."""
    from web.core.db import session
    from web.store.models import Invite

    athlete, plan, first, second = two_links_for_one_profile(app, client)
    claim(app, first, "ana@example.com")
    with app.test_request_context():  # as if the cancellation had never happened
        for invite in session().query(Invite):
            invite.cancelled = None
        session().commit()
    _, refused = claim(app, second, "thief@example.com", ATTACKER_PASSWORD)
    assert refused.status_code == 410
    assert AuthActions(app.test_client()).login("ana@example.com").status_code == 302


def test_two_claims_at_once_hand_the_profile_to_exactly_one(app, client):
    coach_signup(client)
    athlete = managed_athlete(client, name="Ana")
    managed_plan(app, athlete)
    links = [invite_link(client, athlete_id=str(athlete)) for _ in range(4)]
    start, results = threading.Barrier(len(links)), {}

    def attempt(i: int) -> None:
        start.wait()
        results[i] = claim(app, links[i], f"claimer{i}@example.com")[1].status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(links))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == [302, 410, 410, 410]
    winner = next(i for i, status in results.items() if status == 302)
    logins = [
        AuthActions(app.test_client()).login(f"claimer{i}@example.com").status_code
        for i in range(len(links))
    ]
    assert logins == [302 if i == winner else 400 for i in range(len(links))]


def test_an_invite_for_a_deleted_profile_is_gone(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    link = invite_link(client, athlete_id=str(athlete))
    client.post(f"/coach/athletes/{athlete}/remove", data={"confirm": "delete"})
    assert app.test_client().get(link).status_code in (404, 410)


def test_the_plain_invite_still_works_for_a_new_runner(app, client):
    coach_signup(client)
    link = invite_link(client, name="Bo")
    bo, joined = claim(app, link, "bo@example.com")
    assert joined.status_code == 302
    plan = add_plan(app, "bo@example.com")
    assert client.get(f"/plans/{plan}/today").status_code == 200
