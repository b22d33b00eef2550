"""Coaches: the roster sorted by need, athletes and their plans, invites, notes and exports."""

from __future__ import annotations

import contextlib
import json
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, cast

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from planner import conditions
from planner.errors import InputError
from planner.validation import parse_date
from web import store
from web.auth import access
from web.auth.passwords import hash_password
from web.auth.sessions import login_required
from web.core import clock, downloads, guards, hosts
from web.core.db import View, reads_first, reads_only
from web.core.spreadsheet import csv_text
from web.core.templating import short_date
from web.forms.accounts import clean_email, signup_errors, zone_error
from web.forms.limits import MAX_NAME, MAX_NOTE, MAX_QUERY, check_name
from web.pages.accounts import NO_STORE, to_log_in
from web.services import invites, roster, roster_needs
from web.services.roster_snapshot import Snapshot
from web.store import users
from web.store.models import Invite

bp = Blueprint("coach", __name__, url_prefix="/coach")


COACHES_ONLY = (
    "The coach pages are for coach accounts, and this one is a runner's. Your own plans are "
    "under My plans. To share a plan with your coach, open the invite link they sent you."
)


def coach_required(view: View) -> View:
    """Let only coaches in; a runner gets 403, told where their own pages are."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if current_user.role != "coach":
            mine = (url_for("home.plans"), "Go to my plans")
            page = render_template(
                "error.html", code=403, name="Forbidden", message=COACHES_ONLY, action=mine
            )
            return page, 403
        return view(*args, **kwargs)  # type: ignore[no-any-return]

    return cast(View, wrapped)


@bp.get("/")
@reads_first
@coach_required
def dashboard() -> ResponseReturnValue:
    """Show one page of the roster, most in need first, with filters by need and search by
    name; the page links keep the filters."""
    return dashboard_page()


def dashboard_page(new_name: str = "", errors: dict[str, str] | None = None) -> str:
    """The roster page; with a profile name that was refused, that name as typed and why."""
    need, query = request.args.get("need", ""), request.args.get("q", "").strip()
    need = need if need in roster_needs.NEEDS else ""
    query = query[:MAX_QUERY]  # no name is longer; the box shows what was searched
    shown = roster.page(
        current_user.id,
        need or None,
        query,
        guards.parse_id(request.args.get("page")) or 1,
        current_app.config["ROSTER_PAGE_SIZE"],
    )
    return render_template(
        "coach/dashboard.html",
        rows=shown.rows,
        page=shown,
        need=need,
        query=query,
        needs=roster_needs.NEEDS,
        labels=roster_needs.NEED_LABELS,
        max_query=MAX_QUERY,
        max_name=MAX_NAME,
        roster_needs=roster_needs,
        new_name=new_name,
        errors=errors or {},
        open_invites=store.invites.open_invites(current_user.id, clock.now()),
    )


@bp.post("/athletes")
@coach_required
def add_athlete() -> ResponseReturnValue:
    """Create a managed athlete profile: no password, planned for by the coach."""
    typed = request.form.get("name", "")
    try:
        name = check_name(typed)
    except InputError as error:  # shown by the field, as typed, which takes the focus
        return dashboard_page(typed, {"name": f"{error.message.capitalize()}."}), 400
    user = store.roster.add_managed_athlete(current_user.id, name, store.roster.placeholder_email())
    return redirect(url_for("coach.athlete", athlete_id=user.id))


@bp.get("/athletes/<int:athlete_id>")
@reads_only
@coach_required
def athlete(athlete_id: int) -> ResponseReturnValue:
    """Show one athlete: their plans, links to everything they see, notes and invites."""
    return athlete_page(athlete_id)


def athlete_page(
    athlete_id: int, draft: NoteDraft | None = None, zone: tuple[str, str] | None = None
) -> str:
    """The athlete's page; with a note that was refused, that note as typed and why; with a
    time zone that was refused (a managed profile's), that zone and why."""
    entry = access.coached_athlete(athlete_id)
    plans = store.plans.plans_of(athlete_id)
    typed, problem = zone or (access.timezone_of(athlete_id), "")
    return render_template(
        "coach/athlete.html",
        entry=entry,
        plans=plans,
        signals=roster.plans_of_athlete(current_user.id, athlete_id),
        roster_needs=roster_needs,
        labels=roster_needs.NEED_LABELS,
        notes=store.roster.notes_of([row.id for row in plans]),
        today=access.owners_today(athlete_id),  # a note's day is the athlete's
        draft=draft,
        zones=clock.timezone_groups(),
        zone_values={"timezone": typed},
        zone_errors={"timezone": problem} if problem else {},
    )


@bp.post("/athletes/<int:athlete_id>/timezone")
@coach_required
def move_athlete(athlete_id: int) -> ResponseReturnValue:
    """Set where a managed profile's athlete lives, which decides their "today" (an athlete
    with a login of their own sets it on their account page)."""
    entry = access.coached_athlete(athlete_id)
    if not entry.managed:
        abort(403)
    zone = request.form.get("timezone", "")
    latest = store.logs.latest_day(athlete_id)
    whose = f"{entry.name or '(no name)'}'s"
    problem = zone_error(zone, access.timezone_of(athlete_id), latest, whose)
    if problem:
        return athlete_page(athlete_id, zone=(zone, problem)), 400
    store.roster.move_profile(athlete_id, zone)
    flash(f'Time zone saved: {zone}. Their "today" is today there.')
    return redirect(url_for("coach.athlete", athlete_id=athlete_id))


@dataclass(frozen=True)
class NoteDraft:
    """A note the coach wrote that was not saved: kept as typed, with the field at fault."""

    plan_id: int
    date: str
    text: str
    errors: dict[str, str]


@bp.route("/athletes/<int:athlete_id>/remove", methods=["GET", "POST"])
@coach_required
def remove_athlete(athlete_id: int) -> ResponseReturnValue:
    """Ask first, on a page of its own; then take the athlete off the roster (a managed
    profile is deleted with its plans)."""
    entry = access.coached_athlete(athlete_id)
    who = entry.name or "(no name)"
    wanted = "delete" if entry.managed else "remove"
    if request.method == "GET" or request.form.get("confirm") != wanted:
        problem = request.method == "POST"
        return render_template(
            "coach/remove.html",
            entry=entry,
            who=who,
            confirm=wanted,
            plans=store.plans.plans_of(athlete_id),
            problem=problem,
        ), 400 if problem else 200
    store.roster.remove_athlete(entry)
    flash(
        f"{who}'s profile and plans are deleted."
        if entry.managed
        else f"{who} is no longer on your roster; their account and plans stay theirs."
    )
    return redirect(url_for("coach.dashboard"))


@bp.post("/athletes/<int:athlete_id>/plans")
@coach_required
def new_plan(athlete_id: int) -> ResponseReturnValue:
    """Run the new-plan wizard for an athlete: the plan will be theirs."""
    entry = access.coached_athlete(athlete_id)
    session["wizard"] = {"athlete": entry.athlete_id}
    return redirect(url_for("wizard.step", name="where"))


@bp.route("/plans/<int:plan_id>/edit", methods=["GET", "POST"])
@coach_required
def edit_plan(plan_id: int) -> ResponseReturnValue:
    """The old address of a coach's plan edit: a plan is edited on its Settings page now, by its
    runner and their coach alike (a form sent here goes there, as sent)."""
    access.readable_row(plan_id)  # anyone else's plan: 404, as before
    code = 308 if request.method == "POST" else 303
    return redirect(url_for("plans.settings", plan_id=plan_id), code)


NOTE_DAYS_AHEAD = 365  # a note for a day to come: within the year ahead


@bp.post("/plans/<int:plan_id>/notes")
@coach_required
def add_note(plan_id: int) -> ResponseReturnValue:
    """Leave a dated note on a day of an athlete's plan; they see it on that day."""
    row = access.readable_row(plan_id)
    text = request.form.get("text", "").strip()
    try:
        when = parse_date("date", request.form.get("date"))
        latest = access.owner_today(row) + timedelta(days=NOTE_DAYS_AHEAD)
        if not row.onset <= when <= latest:
            raise InputError(
                "date", f"pick a day of the plan, from {row.onset:%-d %B %Y} to {latest:%-d %B %Y}."
            )
        if not text or len(text) > MAX_NOTE:
            raise InputError("text", f"write 1 to {MAX_NOTE} characters.")
    except InputError as error:  # shown again as typed, the field at fault marked
        message = f"The note was not saved: {error.message}"
        draft = NoteDraft(row.id, request.form.get("date", ""), text, {error.field: message})
        return athlete_page(row.owner_id, draft), 400
    store.roster.add_note(row.id, current_user.id, when, text)
    flash(f"Note saved for {short_date(when)}.")
    return redirect(url_for("coach.athlete", athlete_id=row.owner_id))


@bp.post("/invites")
@coach_required
def invite() -> ResponseReturnValue:
    """Make a single-use invite link; with an athlete, it hands their profile over."""
    athlete_id = request.form.get("athlete_id", "")
    name = request.form.get("name", "").strip()
    if name:  # optional; the field's maxlength keeps a browser within the limit
        try:
            name = check_name(name)
        except InputError as error:
            abort(400, f"The invite link was not made: {error.message}.")
    number = guards.parse_id(athlete_id)
    entry = access.coached_athlete(number) if number is not None else None
    if athlete_id and (entry is None or not entry.managed):
        abort(404)
    token = invites.create(
        current_user.id,
        name=entry.name if entry else name,
        athlete_id=entry.athlete_id if entry else None,
    )
    link = hosts.external_url("coach.join", token=token)
    return (
        render_template(
            "coach/invite.html", link=link, entry=entry, name=name, days=invites.LIFETIME.days
        ),
        200,
        NO_STORE,
    )  # the link is a secret


@bp.post("/invites/<int:invite_id>/withdraw")
@coach_required
def withdraw_invite(invite_id: int) -> ResponseReturnValue:
    """Withdraw an open invite link (a lost one, say): it stops working at once."""
    name = store.invites.withdraw(current_user.id, invite_id, clock.now())
    if name is None:
        abort(404)  # someone else's, or used, withdrawn or expired already
    named = f" for {name}" if name else ""
    flash(f"The invite link{named} is withdrawn: it no longer works.")
    return redirect(url_for("coach.dashboard", _anchor="invites"), 303)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str) -> ResponseReturnValue:
    """Join a coach through an invite: sign up here, or accept while logged in."""
    found = invites.find(token)
    if found is None:
        abort(404)
    errors: dict[str, str] = {}
    handed = handed_over(found)
    try:
        invites.check_open(found)
        if request.method == "POST" and handed and request.form.get("profile") != "mine":
            errors = {"profile": NOT_CONFIRMED.format(name=handed.name)}
        elif request.method == "POST":
            if current_user.is_authenticated:
                invites.accept(found, current_user.id)
                flash("You joined your coach.")
                return redirect(url_for("home.index"))
            errors = signup_errors(request.form)
            if not errors:
                return _sign_up(found)
    except invites.InviteGone as gone:  # the link is dead for everyone: say why, plainly
        return render_template(
            "coach/invite_gone.html", message=str(gone), used=str(gone) == invites.USED
        ), 410
    except invites.InviteRefused as refused:
        errors = {"email": str(refused)}
    current = store.roster.coach_of(current_user.id) if current_user.is_authenticated else None
    return render_template(
        "coach/join.html",
        invite=found,
        handed=handed,
        inviter=users.by_id(found.coach_id),  # a runner sees who gets their health data
        values=request.form,
        errors=errors,
        token=token,
        current_coach=current[1] if current else None,
        zones=clock.timezone_groups(),
    ), 400 if errors else 200


@dataclass(frozen=True)
class HandedOver:
    """The managed profile a hand-over link gives away, as its page names it."""

    name: str
    plans: int


def handed_over(invite: Invite) -> HandedOver | None:
    """The profile a hand-over link gives its taker, with how many plans (None: an invite)."""
    if invite.athlete_id is None:
        return None
    entry = store.roster.roster_entry(invite.coach_id, invite.athlete_id)
    name = entry.name if entry is not None else invite.name
    return HandedOver(name or "your profile", len(store.plans.plans_of(invite.athlete_id)))


NOT_CONFIRMED = (
    "Tick that {name} is you to take over the profile: its plans and everything in them "
    "would become yours. If it is not you, close this page; nothing has changed."
)


JOINED = (
    "If {email} was new here, its account is ready and your coach can see your plans: "
    "log in with the password you chose. If it had an account already, nothing changed: "
    "log in with its password, then open the invite link again to join."
)


def _sign_up(found: Invite) -> BaseResponse:
    """Sign up through the invite; a taken email gets the same answer as a new one."""
    timezone = request.form.get("timezone") or "UTC"
    timezone = timezone if clock.valid_timezone(timezone) else "UTC"
    email = clean_email(request.form["email"])
    with contextlib.suppress(users.EmailTaken):  # the answer never tells which emails are taken
        invites.sign_up(found, email, hash_password(request.form["password"]), timezone)
    return to_log_in(email, JOINED.format(email=email))


@bp.post("/leave")
@login_required
def leave() -> ResponseReturnValue:
    """Leave your coach, once asked and confirmed (coming back takes a new invite link from
    them); they lose access at once."""
    if request.form.get("confirm") != "yes":
        coach = store.roster.coach_of(current_user.id)
        if coach is None:
            return redirect(url_for("auth.account"))
        return render_template("auth/leave_coach.html", coach=coach[1])
    if store.roster.leave_coach(current_user.id):
        flash("You left your coach. They can no longer see your plans.")
    return redirect(url_for("auth.account"))


@bp.get("/roster.<fmt>")
@reads_first
@coach_required
def export_roster(fmt: str) -> ResponseReturnValue:
    """Download the roster, in order of need, as CSV or JSON."""
    if fmt not in ("csv", "json"):
        abort(404)
    records = [_record(s) for s in roster.everyone(current_user.id)]
    if fmt == "json":
        return downloads.download(
            json.dumps(records, indent=2) + "\n", "application/json", "roster.json"
        )
    return downloads.download(csv_text(ROSTER_COLUMNS, records), "text/csv", "roster.csv")


ROSTER_COLUMNS = (
    "name",
    "need",
    "condition",
    "status",
    "phase",
    "stage",
    "last_report",
    "last_pain",
    "adherence",
    "next_session",
)


def _record(s: Snapshot) -> dict[str, Any]:
    data = asdict(s)
    record = {k: data[k] for k in ROSTER_COLUMNS if k in data}
    record["need"] = roster_needs.need(s)
    record["condition"] = (
        conditions.CATALOG[s.condition].name if s.condition in conditions.CATALOG else s.condition
    )
    for k in ("last_report", "next_session"):
        record[k] = record[k].isoformat() if record[k] else None
    if s.adherence is not None:
        record["adherence"] = round(s.adherence * 100)
    return record
