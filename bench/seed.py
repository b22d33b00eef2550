"""Fill a bench database through the app's own models: the runner whose pages are timed (a
walk-run plan, an API token, a calendar feed), runners who report while they are timed, and
coaches with rosters of hundreds or thousands of athletes, inserted in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import insert

from bench.browser import PASSWORD
from tests.conftest import FIXED_NOW, fixed_clock
from tests.load import server
from web import create_app, store
from web.auth.passwords import hash_password
from web.core.db import session
from web.services import calendar_feed
from web.store.models import CompletionRow, PlanRow, ReportRow, RosterEntry, User

ONSET = date(2025, 3, 1)  # day 20 of the plan on the fixed clock's Thursday, 20 March 2025
PLAN = {
    "condition": "achilles-tendinopathy-midportion",
    "onset": ONSET,
    "baseline": 30.0,
    "unit": "km",
    "start": ONSET,
    "runs_per_week": 4,
    "created": FIXED_NOW,
}
GREEN_WEEK = [ONSET + timedelta(days=7 + i) for i in range(5)]  # as tests.web's green_week


@dataclass(frozen=True)
class Seeded:
    """What the bench times: the runner's plan, API token and feed path, the reporting
    runners (email, plan id), and each roster size's coach."""

    plan: int
    api_token: str
    feed: str
    reporters: list[tuple[str, int]]
    coaches: dict[int, str]


def seed(url: str, reporters: int, rosters: tuple[int, ...]) -> Seeded:
    """Seed the database at `url` (its migrations run first)."""
    api_token, plan, _keys = server.seed(url)  # runner@example.com, as the load tests do
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
        }
    )
    with app.test_request_context():
        token, digest = calendar_feed.new_token()
        store.feeds.set_feed_token(plan, digest)
        password = hash_password(PASSWORD)  # once: scrypt takes a while, and all share it
        emails = [f"reporter-{i}@example.com" for i in range(reporters)]
        reporter_plans = [plan for _, plan in add_runners(emails, password, "0,1,3,5")]
        add_reports(reporter_plans, [(day, 0) for day in GREEN_WEEK])
        coaches = {size: add_coach(size, password) for size in rosters}
        session().commit()
    app.extensions["rtr.engine"].dispose()
    return Seeded(
        plan,
        api_token,
        f"/feeds/{token}/return-to-run.ics",
        list(zip(emails, reporter_plans, strict=True)),
        coaches,
    )


def add_runners(emails: list[str], password: str, run_days: str = "") -> list[tuple[int, int]]:
    """Insert runners with an Achilles plan each; return their (user id, plan id), in order."""
    db = session()
    users = db.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {
                "email": email,
                "password_hash": password,
                "timezone": "UTC",
                "role": "runner",
                "created": FIXED_NOW,
            }
            for email in emails
        ],
    ).all()
    plans = db.scalars(
        insert(PlanRow).returning(PlanRow.id, sort_by_parameter_order=True),
        [{**PLAN, "owner_id": user, "run_days": run_days} for user in users],
    )
    return list(zip(users, plans, strict=True))


def add_reports(plans: list[int], days: list[tuple[date, int]]) -> None:
    """Give every plan a report on each day: no pain but the given morning pain."""
    session().execute(
        insert(ReportRow),
        [
            {
                "plan_id": plan,
                "date": day,
                "pain_rest": 0,
                "pain_walking": 0,
                "pain_running": 0,
                "pain_morning": morning,
                "flags": "",
                "note": "",
            }
            for plan in plans
            for day, morning in days
        ],
    )


def add_coach(size: int, password: str) -> str:
    """Insert a coach with `size` managed athletes, each with a plan, reports every other day
    and the test ticked off (as tests.web's seed_roster does); return the coach's email."""
    db, email = session(), f"coach{size}@example.com"
    coach = db.scalar(
        insert(User).returning(User.id),
        [
            {
                "email": email,
                "password_hash": password,
                "timezone": "UTC",
                "role": "coach",
                "created": FIXED_NOW,
            }
        ],
    )
    athletes = add_runners([f"c{size}-a{i}@example.com" for i in range(size)], "!")
    db.execute(
        insert(RosterEntry),
        [
            {
                "athlete_id": user,
                "coach_id": coach,
                "name": f"Athlete {i:04d}",
                "managed": True,
                "joined": FIXED_NOW,
            }
            for i, (user, _) in enumerate(athletes)
        ],
    )
    plans = [plan for _, plan in athletes]
    for i in range(3):  # morning pain 0, 1 or 2, a third of the roster each
        add_reports(plans[i::3], [(ONSET + timedelta(days=d), i) for d in range(7, 19, 2)])
    db.execute(
        insert(CompletionRow),
        [{"plan_id": plan, "date": GREEN_WEEK[0], "item": "test"} for plan in plans],
    )
    return email
