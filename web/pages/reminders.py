"""The reminder pages: a plan's choices, a coach's digest, unsubscribing, push endpoints."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user

from planner.errors import InputError
from web.auth import access
from web.auth import unsubscribe_tokens as tokens
from web.auth.sessions import login_required
from web.core import clock
from web.forms import bodies, push_services
from web.forms import reminders as forms
from web.services import reminder_channels as channels
from web.services import reminder_messages as messages
from web.store import reminders as store
from web.store.models import DigestChoice, ReminderChoice

bp = Blueprint("reminders", __name__)

NO_ADDRESS = (
    "Reminders cannot be sent from this site yet: nothing is sent until its administrator "
    "sets the site's public address."
)

KIND_LABELS = {
    "morning": "the morning message with today's session",
    "nudge": "the nudge when you have not reported pain for two days",
    "change": "the message when your plan changes",
    "digest": "the daily digest of athletes who need attention",
}


@bp.route("/plans/<int:plan_id>/reminders", methods=["GET", "POST"])
@login_required
def plan(plan_id: int) -> ResponseReturnValue:
    """Choose this plan's reminders (its runner only: they go to the runner)."""
    row = access.owner_row(plan_id)
    choice = store.choice_of(plan_id)
    values = _values(choice, ("morning", "nudge", "change"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        values, errors = forms.choice_from(request.form, push_available=channels.push_enabled())
        if not errors:
            store.save_choice(plan_id, **values)
            flash(saved("Reminders saved.", values))
            return redirect(url_for("reminders.plan", plan_id=plan_id))
    return render_template(
        "reminders/plan.html",
        row=row,
        values=_shown(values),
        errors=errors,
        timezone=current_user.timezone,
        **_push(),
    ), 400 if errors else 200


@bp.route("/reminders/digest", methods=["GET", "POST"])
@login_required
def digest() -> ResponseReturnValue:
    """Choose the coach's daily digest."""
    if current_user.role != "coach":
        abort(403)
    values = _values(store.digest_of(current_user.id), ("enabled",))
    errors: dict[str, str] = {}
    if request.method == "POST":
        values, errors = forms.digest_from(request.form, push_available=channels.push_enabled())
        if not errors:
            store.save_digest(current_user.id, **values)
            flash(saved("Digest saved.", values))
            return redirect(url_for("reminders.digest"))
    return render_template(
        "reminders/digest.html",
        values=_shown(values),
        errors=errors,
        timezone=current_user.timezone,
        **_push(),
    ), 400 if errors else 200


@bp.route("/reminders/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> ResponseReturnValue:
    """Stop one kind of message, without logging in. POST is RFC 8058's one click (a mail
    client sends it with no cookie and no form token: the signed token is the authority)."""
    found = tokens.read(token)
    if found is None:
        abort(
            404,
            "This unsubscribe link is not valid. Log in and change your reminders "
            "on the plan's Reminders page.",
        )
    kind, subject = found
    if request.method == "POST":
        store.turn_off(kind, subject)
        return render_template("reminders/unsubscribed.html", label=KIND_LABELS[kind])
    return render_template("reminders/unsubscribe.html", label=KIND_LABELS[kind], token=token)


@bp.post("/reminders/push")
@login_required
def subscribe() -> ResponseReturnValue:
    """Keep this browser's push endpoint (JSON from the page's script, CSRF in a header);
    415 for a body sent as anything but JSON."""
    refused = bodies.json_refused()
    if refused:
        return jsonify(ok=False, message=refused), 415
    found = forms.subscription_from(_json_body())
    if found is None:
        return jsonify(ok=False, message="That is not a push subscription."), 400
    if not channels.push_service_allowed(found[0]):  # the worker would POST there: SSRF
        return jsonify(ok=False, message=push_services.REFUSED), 400
    store.add_push(current_user.id, *found, clock.now())
    return jsonify(ok=True)


@bp.post("/reminders/push/forget")
@login_required
def forget() -> ResponseReturnValue:
    """Forget this browser's push endpoint (JSON, as it was kept); 415 for any other body."""
    refused = bodies.json_refused()
    if refused:
        return jsonify(ok=False, message=refused), 415
    data = _json_body()
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    if not isinstance(endpoint, str):
        return jsonify(ok=False, message="Say which endpoint to forget."), 400
    store.remove_push(endpoint, current_user.id)
    return jsonify(ok=True)


def _json_body() -> object:
    """The request's JSON, or None when it is none (hostile nesting or numbers included)."""
    try:
        return bodies.loads(request.get_data(cache=False), "body")
    except InputError:
        return None


@bp.get("/sw.js")
def service_worker() -> ResponseReturnValue:
    """The service worker, from the site's root so that it may control every page."""
    answer = send_from_directory(str(current_app.static_folder), "sw.js", max_age=0)
    answer.headers["Service-Worker-Allowed"] = "/"
    return answer


def _values(row: ReminderChoice | DigestChoice | None, kinds: tuple[str, ...]) -> dict[str, Any]:
    if row is None:
        return {**dict.fromkeys(kinds, False), "at": None, "email": True, "push": False}
    return {
        **{k: getattr(row, k) for k in kinds},
        "at": row.at,
        "email": row.email,
        "push": row.push,
    }


def _shown(values: dict[str, Any]) -> dict[str, Any]:
    """The form's values as shown: a time that did not parse stays as it was typed."""
    at = request.form.get("at") if request.method == "POST" else values.get("at")
    return {**values, "at": at if isinstance(at, str) else at.strftime("%H:%M") if at else "07:00"}


def saved(done: str, values: dict[str, Any]) -> str:
    """Say it is saved, and whether anything will go out: e-mail chosen on a site without
    mail set up sends nothing, and nothing goes from a site without its public address (the
    form says so too, but a choice saved must not promise)."""
    if values.get("email") and not values.get("push") and not channels.email_enabled():
        return f"{done} E-mail is not set up on this site yet, so nothing is sent until its administrator sets it up."
    if not messages.links_available():
        return f"{done} {NO_ADDRESS}"
    return done


def _push() -> dict[str, Any]:
    return {
        "push_available": channels.push_enabled(),
        "email_available": channels.email_enabled(),
        "links_available": messages.links_available(),
        "no_address": NO_ADDRESS,
        "vapid_public_key": current_app.config.get("VAPID_PUBLIC_KEY") or "",
    }
