"""Your data, your choice: download everything an account holds as one JSON file, or delete
the account with everything it owns. The JSON API offers the same (web.api.account)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import delete, or_, select

from planner.logio import log_to_dict
from web import store
from web.auth import device_cookies, login_limits, passwords, sessions, tokens
from web.auth.sessions import login_required
from web.auth.tokens import info as token_info
from web.core import clock, downloads
from web.core.db import reads_only, session
from web.forms import Form
from web.services.plan_info import plan_info
from web.store import users
from web.store.models import (
    ApiToken,
    CalendarFeed,
    CoachNote,
    Delivery,
    DigestChoice,
    Invite,
    PlanRow,
    ReminderChoice,
    RosterEntry,
    User,
)

bp = Blueprint("account_data", __name__, url_prefix="/auth/account")
FORMAT = "return-to-run account export"
DELETED = "Your account and everything it held are deleted. Thank you for using return-to-run."


def export(user_id: int) -> dict[str, Any]:
    """Return everything the account holds: the account, its plans (settings and those before
    each change, reports, ticks, coach notes, calendar feed and reminder options), its coach or
    roster (a managed profile's plans too), the notes it wrote as a coach, its invites, its API
    tokens' names and dates, its messages, its digest choice and the push services its
    browsers subscribed with; no secret and no hash of one."""
    user = users.existing(user_id)
    coach = store.roster.coach_of(user_id)
    return {
        "format": FORMAT,
        "version": 1,
        "exported": clock.now().isoformat(),
        "account": {
            "email": user.email,
            "role": user.role,
            "timezone": user.timezone,
            "created": _when(user.created),
        },
        "plans": plans_of(user_id),
        "coach": {"email": coach[1].email, "since": _when(coach[0].joined)} if coach else None,
        "athletes": [
            {
                "name": entry.name,
                "managed": entry.managed,
                "since": _when(entry.joined),
                **({"plans": plans_of(athlete.id)} if entry.managed else {}),
            }
            for entry, athlete in store.roster.roster_of(user_id)
        ],
        "invites": [
            {
                "name": i.name,
                "created": _when(i.created),
                "expires": _when(i.expires),
                "used": _when(i.used),
                "cancelled": _when(i.cancelled),
            }
            for i in session().scalars(
                select(Invite).where(Invite.coach_id == user_id).order_by(Invite.id)
            )
        ],
        "api_tokens": [
            {k: t[k] for k in ("name", "created", "expires")}
            for t in map(token_info, users.tokens_of(user_id))
        ],
        "notes_written": [  # on athletes' plans, which delete_account takes along
            {
                "plan_id": n.plan_id,
                "date": n.date.isoformat(),
                "text": n.text,
                "written": _when(n.created),
            }
            for n in session().scalars(
                select(CoachNote).where(CoachNote.coach_id == user_id).order_by(CoachNote.id)
            )
        ],
        "messages": [  # the reminders and plan changes sent or queued, with what they said
            {
                "kind": d.kind,
                "about_plan": None if d.kind == "digest" else d.subject,
                "day": d.day.isoformat(),
                "status": d.status,
                "sent": _when(d.sent),
                "detail": d.detail,
            }
            for d in session().scalars(
                select(Delivery).where(Delivery.user_id == user_id).order_by(Delivery.id)
            )
        ],
        "reminder_digest": _digest(store.reminders.digest_of(user_id)),
        "push_subscriptions": [  # where the messages go; not the browser's keys
            {"push_service": urlsplit(p.endpoint).netloc, "created": _when(p.created)}
            for p in store.reminders.pushes_of(user_id)
        ],
    }


def plans_of(owner_id: int) -> list[dict[str, Any]]:
    """Return an owner's plans with their logs, coach notes and feed options."""
    rows = store.plans.plans_of(owner_id)
    logs = store.logs.logs_of(rows)
    db = session()
    notes = db.scalars(
        select(CoachNote)
        .where(CoachNote.plan_id.in_([r.id for r in rows]))
        .order_by(CoachNote.date, CoachNote.id)
    )
    feeds = {
        f.plan_id: f
        for f in db.scalars(
            select(CalendarFeed).where(CalendarFeed.plan_id.in_([r.id for r in rows]))
        )
    }
    reminders = store.reminders.choices_of([r.id for r in rows])
    by_plan: dict[int, list[Any]] = {}
    for note in notes:
        by_plan.setdefault(note.plan_id, []).append(
            {"date": note.date.isoformat(), "text": note.text, "written": _when(note.created)}
        )
    return [
        {
            **plan_info(row),
            "log": log_to_dict(logs[row.id]),
            "coach_notes": by_plan.get(row.id, []),
            "calendar_feed": _feed(feeds.get(row.id)),
            "reminders": _reminders(reminders.get(row.id)),
        }
        for row in rows
    ]


def _feed(feed: CalendarFeed | None) -> dict[str, Any] | None:
    if feed is None:
        return None
    return {
        "subscription_link_active": feed.token_hash is not None,
        "all_day": feed.all_day,
        "alarm_minutes": feed.alarm_minutes,
    }


def _reminders(choice: ReminderChoice | None) -> dict[str, Any] | None:
    if choice is None:
        return None
    kinds = ("morning", "nudge", "change", "email", "push")
    return {**{k: getattr(choice, k) for k in kinds}, "at": choice.at.strftime("%H:%M")}


def _digest(digest: DigestChoice | None) -> dict[str, Any] | None:
    if digest is None:
        return None
    return {
        "enabled": digest.enabled,
        "at": digest.at.strftime("%H:%M"),
        "email": digest.email,
        "push": digest.push,
    }


def _when(moment: datetime | None) -> str | None:
    return clock.utc(moment).isoformat() if moment is not None else None


def delete_account(user_id: int) -> None:
    """Delete an account and all it owns in one transaction: its plans and their logs, notes
    and feeds, its tokens and links, a coach's managed profiles with their plans. Athletes with
    their own accounts keep them and leave the roster (the database cascades do the rest)."""
    db = session()
    email = db.scalar(select(User.email).where(User.id == user_id))
    managed = select(RosterEntry.athlete_id).where(
        RosterEntry.coach_id == user_id, RosterEntry.managed.is_(True)
    )
    store.roster.notes_going(user_id)  # their notes on athletes' plans go too
    coached = select(RosterEntry.athlete_id).where(RosterEntry.coach_id == user_id)
    store.roster_rows.forget(coached)  # the athletes with accounts outlive their lines
    owners = select(User.id).where(or_(User.id == user_id, User.id.in_(managed)))
    store.feeds.retire_tokens_of(select(PlanRow.id).where(PlanRow.owner_id.in_(owners)))
    db.execute(delete(User).where(User.id.in_(managed)))
    db.execute(delete(User).where(User.id == user_id))
    if email is not None:
        login_limits.forget_account(email, deleted=True)
    db.commit()


class WrongPassword(Exception):
    """The password given to confirm does not match; the message says so."""


def confirm_password(password: str, ip: str) -> None:
    """Check the account's own password before deleting it or setting a new one, counted like
    a log-in (so neither form can be used to guess it); raise WrongPassword or
    login_limits.TooMany."""
    device = device_cookies.device_of(current_user.email)
    login_limits.reserve(current_user.email, ip, device)
    user = users.existing(current_user.id)
    if not passwords.check(user.password_hash, password):
        login_limits.failed(current_user.email)
        raise WrongPassword("That is not your password.")
    login_limits.succeeded(current_user.email, ip)


@bp.get("/export.json")
@reads_only
@login_required
def download() -> ResponseReturnValue:
    """Download everything the account holds as one JSON file."""
    body = json.dumps(export(current_user.id), indent=2, ensure_ascii=False) + "\n"
    return downloads.download(body, "application/json", "return-to-run-account.json")


@bp.post("/delete")
@login_required
def remove() -> ResponseReturnValue:
    """Delete the account and all it owns, once its password is given and the box ticked."""
    errors: dict[str, str] = {}
    if request.form.get("confirm") != "delete":
        errors["confirm_delete"] = "Tick the box to confirm that everything will be deleted."
    password = request.form.get("delete_password", "")
    try:
        if not password:  # a box left empty is no guess: ask for it, count no failure
            errors["delete_password"] = "Enter your password to delete the account."
        else:
            confirm_password(password, request.remote_addr or "-")
    except (WrongPassword, login_limits.TooMany) as problem:
        errors["delete_password"] = str(problem)
    if errors:
        return render_template("auth/account.html", **account_page(errors=errors)), 400
    gone = current_user.id
    delete_account(gone)
    sessions.reset()
    flash(DELETED)
    answer = redirect(url_for("home.index"))
    device_cookies.forget(answer, gone)  # nothing in the browser names the account any more
    return answer


def token_shown(token: ApiToken, timezone: str) -> dict[str, Any]:
    """What the account page lists of a token: its public facts, and its days in the
    runner's own calendar (the API's times are in UTC)."""
    return {
        **tokens.info(token),
        "created_day": clock.day_in(token.created, timezone),
        "expires_day": clock.day_in(token.expires, timezone) if token.expires else None,
    }


def account_page(
    values: Form | None = None, errors: dict[str, str] | None = None
) -> dict[str, Any]:
    """The account page's context: its forms' values and errors, the time zones, the coach,
    the API tokens and how many managed profiles a deletion would take along."""
    user = users.existing(current_user.id)
    return {
        # revoking API tokens with a password change is offered ticked: it is the safe choice
        "values": values or {"timezone": user.timezone, "revoke_tokens": "yes"},
        "errors": errors or {},
        "zones": clock.timezone_groups(),
        "coach": store.roster.coach_of(user.id),
        "api_tokens": [token_shown(t, user.timezone) for t in users.tokens_of(user.id)],
        "managed": sum(bool(entry.managed) for entry, _ in store.roster.roster_of(user.id)),
    }
