"""Your data, your choice: everything an account holds in one JSON file, and deleting the
account with all it owns (a coach's managed profiles too), from the Account page and the API."""

from __future__ import annotations

import json
import os
import re
import stat
from datetime import date

import pytest
from sqlalchemy import func, select, text

from tests.api.conftest import Api, issue_token
from tests.web.conftest import PASSWORD, AuthActions, add_plan, add_reports, green_week, sign_up
from tests.web.test_coach import coach_signup, invite_link, join, managed_athlete, managed_plan
from tests.web.test_feeds import subscribe
from web import store


def tables(app) -> dict[str, int]:
    """Count the rows of every table that holds someone's data."""
    from web.core.db import session
    from web.store.models import Base

    with app.test_request_context():
        db = session()
        return {
            name: db.scalar(select(func.count()).select_from(table))
            for name, table in Base.metadata.tables.items()
        }


@pytest.fixture
def coached(app, client):
    """A runner with a reported plan, a note from their coach, a feed link and an API token;
    the coach has a managed profile with a plan, and an invite out."""
    coach = app.test_client()
    coach_signup(coach)
    runner = app.test_client()
    join(runner, invite_link(coach, name="Rae"), "runner@example.com")
    plan = add_plan(app, "runner@example.com")
    add_reports(app, plan, green_week())
    with app.test_request_context():
        store.logs.set_done(plan, date(2025, 3, 20), "walk", True)
    coach.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-20", "text": "Easy today"})
    runner.post(f"/plans/{plan}/calendar-feed/rotate")
    issue_token(app, "runner@example.com")
    athlete = managed_athlete(coach, name="Mo Managed")
    managed = managed_plan(app, athlete)
    invite_link(coach, name="Someone")
    return coach, runner, plan, athlete, managed


def test_the_download_holds_everything_and_no_secret(app, coached):
    coach, runner, plan, _, _ = coached
    response = runner.get("/auth/account/export.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data())
    assert data["account"]["email"] == "runner@example.com"
    [exported] = data["plans"]
    assert exported["id"] == plan and exported["weekly_volume"] == 30.0
    assert len(exported["log"]["reports"]) == len(green_week()) and exported["log"]["completions"]
    assert exported["coach_notes"][0]["text"] == "Easy today"
    assert exported["calendar_feed"]["subscription_link_active"] is True
    assert data["coach"]["email"] == "coach@example.com"
    assert [t["name"] for t in data["api_tokens"]] == ["tests"]
    body = response.get_data(as_text=True)
    assert "rtr_" not in body and "token_hash" not in body and "scrypt" not in body
    assert "/feeds/" not in body


def test_a_coachs_download_holds_the_roster_and_the_managed_profiles_plans(app, coached):
    coach, _, _, _, managed = coached
    data = json.loads(coach.get("/auth/account/export.json").get_data())
    athletes = {a["name"]: a for a in data["athletes"]}
    assert athletes["Rae"]["managed"] is False and "plans" not in athletes["Rae"]
    assert [p["id"] for p in athletes["Mo Managed"]["plans"]] == [managed]
    assert {i["name"] for i in data["invites"]} >= {"Someone"}


def test_the_download_holds_earlier_settings_the_archive_the_messages_and_notes_written(
    app, coached
):
    coach, runner, plan, _, _ = coached
    with app.test_request_context():
        store.reminders.save_choice(plan, change=True)
    settings = {"baseline": "45", "runs_per_week": "4", "run_days": ["1", "3", "5", "6"]}
    assert runner.post(f"/plans/{plan}/settings", data=settings).status_code in (200, 302)
    runner.post(f"/plans/{plan}/report", data={"pain_running": "7", "pain_morning": "4"})
    runner.post(f"/plans/{plan}/archive", data={"archive": "1"})
    [exported] = json.loads(runner.get("/auth/account/export.json").get_data())["plans"]
    assert exported["archived"] is True and exported["weekly_volume"] == 45.0
    [earlier] = exported["earlier_settings"]
    assert earlier["weekly_volume"] == 30.0 and earlier["until"] == "2025-03-20"
    messages = json.loads(runner.get("/auth/account/export.json").get_data())["messages"]
    assert [(m["kind"], m["about_plan"]) for m in messages] == [("change", plan)]
    assert messages[0]["detail"]  # what the message said
    written = json.loads(coach.get("/auth/account/export.json").get_data())["notes_written"]
    assert [(n["plan_id"], n["text"]) for n in written] == [(plan, "Easy today")]


def test_deleting_needs_the_password_and_the_box_and_keeps_everything_otherwise(app, coached):
    _, runner, plan, _, _ = coached
    before = tables(app)
    wrong = runner.post(
        "/auth/account/delete", data={"delete_password": "not mine!", "confirm": "delete"}
    )
    assert wrong.status_code == 400 and "That is not your password" in wrong.get_data(as_text=True)
    unticked = runner.post("/auth/account/delete", data={"delete_password": PASSWORD})
    assert unticked.status_code == 400 and 'id="confirm_delete-error"' in unticked.get_data(
        as_text=True
    )
    # the page comes back to the delete box, focused: it is far below the top
    page = unticked.get_data(as_text=True)
    assert re.search(r'<section [^>]*id="delete" tabindex="-1" data-focus>', page)
    after = tables(app)
    assert {k: v for k, v in after.items() if k != "login_counters"} == {
        k: v for k, v in before.items() if k != "login_counters"
    }
    assert runner.get(f"/plans/{plan}/today").status_code == 200


def test_a_runner_who_deletes_their_account_leaves_nothing_behind(app, coached):
    coach, runner, plan, athlete, managed = coached
    feed = subscribe(runner, plan)
    gone = runner.post(
        "/auth/account/delete",
        data={"delete_password": PASSWORD, "confirm": "delete"},
        follow_redirects=True,
    )
    assert "Your account and everything it held are deleted" in gone.get_data(as_text=True)
    assert runner.get("/plans/").status_code == 302
    assert AuthActions(app.test_client()).login().status_code == 400
    left = tables(app)
    assert left["users"] == 2  # the coach and their managed profile
    assert left["plans"] == 1 and left["reports"] == left["completions"] == 0
    assert left["coach_notes"] == left["calendar_feeds"] == 0
    assert left["roster_entries"] == 1 and left["api_tokens"] == 0
    assert "Rae" not in coach.get("/coach/").get_data(as_text=True)
    assert coach.get(f"/plans/{managed}/today").status_code == 200  # the coach's own stays
    # The feed link answers 410 Gone, as a revoked one does; only its hash stays, with no plan.
    assert app.test_client().get(feed).status_code == 410
    assert retired_plans(app) == [None, None]  # the fixture's first link and the one above


def feed_link(app, plan: int) -> str:
    """Give a plan a feed link in the store (a managed profile has nobody to open its page)."""
    from web.services import calendar_feed

    with app.test_request_context():
        token, digest = calendar_feed.new_token()
        store.feeds.set_feed_token(plan, digest)
    return f"/feeds/{token}/return-to-run.ics"


def retired_plans(app) -> list[int | None]:
    """The plan of every retired feed token, in order."""
    from web.core.db import session
    from web.store.models import RetiredFeedToken

    with app.test_request_context():
        found = session().scalars(select(RetiredFeedToken.plan_id).order_by("retired"))
        return list(found)


def test_no_counter_keeps_a_deleted_accounts_email(app, coached, mailbox):
    _, runner, _, _, _ = coached
    app.config["PUBLIC_URL"] = "http://localhost"  # so that the reset link goes out by mail
    app.test_client().post("/auth/forgot", data={"email": "runner@example.com"})
    mailbox.wait_for(1)
    runner.post("/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"})
    with app.test_request_context():
        from web.core.db import session

        keys = session().scalars(text("SELECT key FROM login_counters")).all()
    assert not [key for key in keys if "runner@example.com" in key]


def test_a_coach_who_deletes_their_account_takes_their_managed_profiles_along(app, coached):
    coach, runner, plan, athlete, managed = coached
    page = coach.get("/auth/account").get_data(as_text=True)
    assert "The 1 athlete profile you manage is deleted too" in page
    assert "the notes you left on their plans are deleted with your account" in page
    feeds = {plan: subscribe(runner, plan), managed: feed_link(app, managed)}
    coach.post("/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"})
    assert app.test_client().get(feeds[managed]).status_code == 410
    assert app.test_client().get(feeds[plan]).status_code == 200  # the runner's own stays
    left = tables(app)
    assert left["users"] == 1 and left["plans"] == 1  # the runner and their own plan
    assert (
        left["reports"] == len(green_week()) and left["coach_notes"] == 0 and left["invites"] == 0
    )
    assert runner.get(f"/plans/{plan}/today").status_code == 200
    assert "Leave this coach" not in runner.get("/auth/account").get_data(as_text=True)


def test_the_api_exports_and_deletes_the_same_way(app, coached):
    _, _, plan, _, _ = coached
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    data = api.get("/account/export").get_json()
    assert data["plans"][0]["id"] == plan and len(data["api_tokens"]) == 2
    wrong = api.delete("/account", json={"password": "not mine!"})
    assert wrong.status_code == 403 and wrong.get_json()["error"]["field"] == "password"
    assert api.delete("/account", json={}).status_code == 422
    for broken in ("\ud800", "x" * 10_000, "a\x00b"):  # no password is any of these
        refused = api.delete("/account", json={"password": broken})
        assert refused.status_code == 422 and refused.get_json()["error"]["field"] == "password"
    assert api.delete("/account", json={"password": PASSWORD}).status_code == 204
    assert api.get("/account/export").status_code == 401
    assert tables(app)["plans"] == 1


def test_guessing_the_password_through_delete_is_limited_like_a_log_in(app, client, auth):
    auth.signup()
    for _ in range(5):
        client.post("/auth/account/delete", data={"delete_password": "guess", "confirm": "delete"})
    right = client.post(
        "/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert right.status_code == 400 and "Too many failed attempts" in right.get_data(as_text=True)
    assert tables(app)["users"] == 1


def test_an_empty_password_on_delete_is_asked_for_and_is_no_failed_guess(app, client, auth):
    auth.signup()
    for _ in range(6):
        empty = client.post(
            "/auth/account/delete", data={"delete_password": "", "confirm": "delete"}
        )
        page = empty.get_data(as_text=True)
        assert empty.status_code == 400 and "Enter your password" in page
        assert "Too many" not in page
    right = client.post(
        "/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert right.status_code == 302 and tables(app)["users"] == 0


def test_the_sqlite_file_and_its_journal_are_readable_by_their_owner_only(tmp_path):
    from tests.conftest import fixed_clock
    from web import create_app

    path = tmp_path / "private" / "rtr.sqlite"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "CLOCK": fixed_clock(),
            "DATABASE_URL": f"sqlite:///{path}",
            "WTF_CSRF_ENABLED": False,
        }
    )
    try:
        sign_up(app.test_client())  # writes: the -wal and -shm files exist now
        for name in ("rtr.sqlite", "rtr.sqlite-wal", "rtr.sqlite-shm"):
            assert stat.S_IMODE(os.stat(path.parent / name).st_mode) == 0o600, name
        with app.extensions["rtr.engine"].connect() as connection:
            assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
    finally:
        app.extensions["rtr.engine"].dispose()


def test_an_existing_sqlite_file_is_made_private(tmp_path):
    from web.core.db import make_engine

    path = tmp_path / "old.sqlite"
    path.touch(mode=0o644)
    os.chmod(path, 0o644)
    make_engine(f"sqlite:///{path}").dispose()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
