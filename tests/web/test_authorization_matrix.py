"""Every plan and coach route against every kind of visitor; a refused write changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.web.conftest import add_plan, sign_up

ACTORS = ("anonymous", "runner", "other_runner", "coach", "other_coach")
OK, CREATED, MOVED, BAD, FORBIDDEN, HIDDEN, GONE = 200, 201, 302, 400, 403, 404, 410
SEE_OTHER, PERMANENT = 303, 308

# (method, url, data, {actor: status}); {p} is the athlete's plan, {a} the athlete.
PLAN = {
    "anonymous": MOVED,
    "runner": OK,
    "other_runner": HIDDEN,
    "coach": OK,
    "other_coach": HIDDEN,
}
PLAN_WRITE = {**PLAN, "runner": MOVED, "coach": MOVED}
LOG_WRITE = {**PLAN_WRITE, "coach": FORBIDDEN}  # the log is the runner's own record
COACH_ONLY = {
    "anonymous": MOVED,
    "runner": FORBIDDEN,
    "other_runner": FORBIDDEN,
    "coach": OK,
    "other_coach": HIDDEN,
}
COACH_WRITE = {**COACH_ONLY, "coach": MOVED}
ANY_COACH = {**COACH_ONLY, "other_coach": OK}
ANY_USER = {**{actor: OK for actor in ACTORS}, "anonymous": MOVED}
EVERYONE = {actor: OK for actor in ACTORS}
OWNER_ONLY = {**{actor: HIDDEN for actor in ACTORS}, "anonymous": MOVED, "runner": OK}
ANY_COACH_ONLY = {**ANY_COACH, "runner": FORBIDDEN, "other_runner": FORBIDDEN}
REMINDERS = {"morning": "1", "at": "07:00", "email": "1"}
REPORT = {"pain_rest": "1", "pain_morning": "2"}
TICK = {"date": "2025-03-20", "item": "calf-stretch", "done": "1"}
ROUTES = [
    ("get", "/plans/{p}/today", None, PLAN),
    ("get", "/plans/{p}", None, PLAN),
    ("get", "/plans/{p}/days/2025-03-20", None, PLAN),
    ("get", "/plans/{p}/print", None, PLAN),
    ("get", "/plans/{p}/settings", None, PLAN),
    ("get", "/plans/{p}/more", None, PLAN),
    ("get", "/plans/{p}/history", None, PLAN),
    ("get", "/plans/{p}/charts", None, PLAN),
    ("get", "/plans/{p}/export.json", None, PLAN),
    ("get", "/plans/{p}/export.csv", None, PLAN),
    ("get", "/plans/{p}/import", None, PLAN),  # a reading coach gets the exports, no form
    ("post", "/plans/{p}/report", REPORT, LOG_WRITE),
    ("get", "/plans/{p}/reminders", None, OWNER_ONLY),  # they go to the runner, not the coach
    ("post", "/plans/{p}/reminders", REMINDERS, {**OWNER_ONLY, "runner": MOVED}),
    ("get", "/reminders/digest", None, ANY_COACH_ONLY),
    (
        "post",
        "/reminders/digest",
        {"enabled": "1", "email": "1"},
        {**ANY_COACH_ONLY, "coach": MOVED, "other_coach": MOVED},
    ),
    ("post", "/reminders/push", {}, {**{a: BAD for a in ACTORS}, "anonymous": MOVED}),  # JSON only
    ("post", "/plans/{p}/done", {**TICK, "item": "walk"}, LOG_WRITE),
    ("post", "/plans/{p}/settings", {"calendar_time": "07:00"}, PLAN_WRITE),
    (
        "post",
        "/plans/{p}/settings",
        {"clearance": "2025-03-10", "clearance_note": "Dr Lee"},
        LOG_WRITE,
    ),
    ("post", "/plans/{p}/import", {}, {**PLAN, "runner": BAD, "coach": FORBIDDEN}),
    ("post", "/plans/{p}/import/confirm", {}, {**PLAN, "runner": BAD, "coach": FORBIDDEN}),
    ("get", "/plans/{p}/watch", None, PLAN),
    ("post", "/plans/{p}/activities", {}, {**PLAN, "runner": BAD, "coach": FORBIDDEN}),
    ("get", "/plans/{p}/days/2025-03-21/workout.fit", None, PLAN),
    ("get", "/plans/{p}/days/2025-03-20/workout.fit", None, {**PLAN, "runner": 404, "coach": 404}),
    ("get", "/plans/{p}/workouts.zip", None, PLAN),
    ("post", "/plans/{p}/clearances", {"date": "2025-03-18", "note": "Dr Lee"}, LOG_WRITE),
    (
        "post",
        "/plans/{p}/retractions",
        {"date": "2025-03-18", "flag": "night_pain", "reason": "wrong box", "confirm": "yes"},
        {**PLAN, "runner": BAD, "coach": FORBIDDEN},
    ),  # BAD: no such flag was reported
    ("post", "/plans/{p}/archive", {"archive": "1"}, {**PLAN_WRITE, "coach": HIDDEN}),
    ("get", "/coach/", None, ANY_COACH),
    ("get", "/coach/roster.csv", None, ANY_COACH),
    ("get", "/coach/roster.json", None, ANY_COACH),
    ("get", "/coach/athletes/{a}", None, COACH_ONLY),
    # The old address of a coach's plan edit leads to Settings (a form goes there as sent).
    ("get", "/coach/plans/{p}/edit", None, {**COACH_ONLY, "coach": SEE_OTHER}),
    ("post", "/coach/plans/{p}/edit", {"baseline": "45"}, {**COACH_ONLY, "coach": PERMANENT}),
    ("post", "/plans/{p}/settings", {"baseline": "45", "runs_per_week": "3"}, PLAN_WRITE),
    (  # the athlete has an account: the clearance is theirs to record
        "post",
        "/plans/{p}/settings",
        {"baseline": "45", "runs_per_week": "3", "clearance": "2025-03-10", "clearance_note": "X"},
        LOG_WRITE,
    ),
    ("post", "/coach/plans/{p}/notes", {"date": "2025-03-20", "text": "hi"}, COACH_WRITE),
    ("post", "/coach/athletes/{a}/plans", {}, COACH_WRITE),
    ("get", "/coach/athletes/{a}/remove", None, COACH_ONLY),
    ("post", "/coach/athletes/{a}/remove", {"confirm": "remove"}, COACH_WRITE),
    ("post", "/coach/invites", {"athlete_id": "{a}"}, {**COACH_ONLY, "coach": HIDDEN}),
    ("post", "/coach/athletes", {"name": "New"}, {**COACH_WRITE, "other_coach": MOVED}),
    # The account: each visitor's own, so every logged-in one gets theirs.
    ("get", "/auth/account/export.json", None, ANY_USER),
    (
        "post",
        "/auth/account/delete",
        {"delete_password": "not theirs", "confirm": "delete"},
        {**{actor: BAD for actor in ACTORS}, "anonymous": MOVED},
    ),
    (
        "post",
        "/auth/tokens",
        {"name": "script", "expires": "30"},
        {**{actor: CREATED for actor in ACTORS}, "anonymous": MOVED},
    ),
    ("post", "/auth/tokens/{t}/revoke", {}, {**ANY_USER, **{a: MOVED for a in ACTORS}}),
    # Password reset is for visitors who cannot log in: open to all, and mail is off here.
    ("get", "/auth/forgot", None, EVERYONE),
    ("post", "/auth/forgot", {"email": "runner@example.com"}, EVERYONE),
    ("get", "/auth/reset/" + "x" * 43, None, {actor: GONE for actor in ACTORS}),
]


@pytest.fixture
def world(app):
    """A runner coached by `coach`, plus another runner and another coach."""
    clients = {name: app.test_client() for name in ACTORS}
    for name in ACTORS[1:]:
        sign_up(clients[name], f"{name}@example.com", coach="coach" in name)
    plan = add_plan(app, "runner@example.com")
    add_plan(app, "other_runner@example.com")
    from web.core.db import session
    from web.store import users
    from web.store.models import RosterEntry

    with app.test_request_context():
        athlete = users.by_email("runner@example.com").id
        db = session()
        db.add(
            RosterEntry(
                athlete_id=athlete,
                coach_id=users.by_email("coach@example.com").id,
                name="Runner",
                managed=False,
                joined=datetime.now(UTC),
            )
        )
        db.commit()
    from tests.api.conftest import issue_token

    issue_token(app, "runner@example.com")
    with app.test_request_context():
        token = users.tokens_of(athlete)[0].id
    return clients, plan, athlete, token


def fingerprint(app, plan: int) -> tuple:
    """Everything a refused write might have touched."""
    from web.core.db import session
    from web.store.models import (
        ActivityRow,
        ApiToken,
        ClearanceRow,
        CoachNote,
        CompletionRow,
        DigestChoice,
        Invite,
        PlanRow,
        PushSubscription,
        ReminderChoice,
        ReportRow,
        RetractionRow,
        RosterEntry,
        User,
    )

    with app.test_request_context():
        db = session()
        row = db.get(PlanRow, plan)
        counts = tuple(
            db.scalar(select(func.count()).select_from(m))
            for m in (
                ReportRow,
                CompletionRow,
                CoachNote,
                Invite,
                PlanRow,
                RosterEntry,
                User,
                ApiToken,
                ClearanceRow,
                RetractionRow,
                ReminderChoice,
                DigestChoice,
                PushSubscription,
                ActivityRow,
            )
        )
        return counts, row.baseline, row.runs_per_week, row.clearance


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("method", "url", "data", "expected"), ROUTES, ids=[f"{m} {u}" for m, u, _, _ in ROUTES]
)
def test_every_route_answers_each_visitor_as_expected(
    app, world, actor, method, url, data, expected
):
    clients, plan, athlete, token = world
    path = url.format(p=plan, a=athlete, t=token)
    form = {k: v.format(a=athlete) for k, v in (data or {}).items()}
    before = fingerprint(app, plan)
    response = getattr(clients[actor], method)(path, **({"data": form} if method == "post" else {}))
    assert response.status_code == expected[actor]
    if response.status_code == MOVED and actor == "anonymous":
        assert "/auth/login" in response.headers["Location"]
    if method == "post" and expected[actor] not in (OK, CREATED, MOVED) or actor == "anonymous":
        assert fingerprint(app, plan) == before


def test_a_tick_from_another_runner_or_coach_changes_nothing(app, world):
    clients, plan, _, _ = world
    before = fingerprint(app, plan)
    for actor in ("anonymous", "other_runner", "other_coach"):
        assert clients[actor].post(f"/plans/{plan}/done", data=TICK).status_code in (302, 404)
    assert fingerprint(app, plan) == before


def test_an_athlete_id_from_another_roster_is_hidden_in_every_coach_url(app, world):
    clients, plan, athlete, _ = world
    for path in (f"/coach/athletes/{athlete}", f"/coach/plans/{plan}/edit"):
        assert clients["other_coach"].get(path).status_code == 404
    assert "Runner" not in clients["other_coach"].get("/coach/").get_data(as_text=True)


def test_revoking_another_accounts_token_changes_nothing(app, world):
    clients, plan, _, token = world
    before = fingerprint(app, plan)
    for actor in ("anonymous", "other_runner", "coach", "other_coach"):
        clients[actor].post(f"/auth/tokens/{token}/revoke")
    assert fingerprint(app, plan) == before
    clients["runner"].post(f"/auth/tokens/{token}/revoke")
    assert fingerprint(app, plan) != before
