"""The plan in the runner's calendar: the .ics download, the subscription feed and its page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.http import http_date

from web import store
from web.auth import access, sealed
from web.auth.sessions import login_required
from web.core import hosts
from web.services import calendar_feed
from web.services.calendar_feed import Rendered, Validators
from web.store.models import PlanRow

bp = Blueprint("feeds", __name__)
CALENDAR_TYPE = "text/calendar; charset=utf-8"
FEED_CACHE = "private, max-age=900, no-transform"  # no-transform: proxies must not gzip it
FEED_NAME = "return-to-run"


@bp.get("/feeds/<token>/<name>.ics")
def feed(token: str, name: str) -> ResponseReturnValue:
    """Serve a plan to a calendar app that holds its token; no session involved.

    A poll whose validators still match the stored last render is answered from one query.
    """
    try:
        found = calendar_feed.subscribed(token)
    except calendar_feed.TokenGone:
        abort(410)
    if found is None:
        abort(404)
    calendar = calendar_feed.feed_options(found, hosts.public_url())
    known = calendar_feed.known(found, calendar)
    if known is not None and not_modified(known):
        return Response(status=304, headers=feed_headers(known))
    rendered = calendar_feed.feed_file(found, calendar)
    if rendered is None:
        abort(404)
    if not_modified(rendered):
        return Response(status=304, headers=feed_headers(rendered))
    return Response(rendered.body, headers=feed_headers(rendered), content_type=CALENDAR_TYPE)


def feed_headers(validators: Rendered | Validators) -> dict[str, str]:
    return {
        "ETag": f'"{validators.etag}"',
        "Last-Modified": http_date(validators.last_modified),
        "Cache-Control": FEED_CACHE,
        "Content-Disposition": "inline",
    }


def not_modified(validators: Rendered | Validators) -> bool:
    """Apply RFC 9110: If-None-Match (weak comparison) wins over If-Modified-Since."""
    if "If-None-Match" in request.headers:
        return request.if_none_match.contains_weak(validators.etag)
    since = request.if_modified_since
    return since is not None and validators.last_modified <= since


@bp.get("/plans/<int:plan_id>/calendar.ics")
@login_required
def download(plan_id: int) -> ResponseReturnValue:
    """Send the whole plan as a file to import once."""
    state = access.readable_plan(plan_id)
    calendar = calendar_feed.options(
        state.row,
        store.feeds.feed_of(plan_id),
        base_url=hosts.public_url(),
        timezone=access.owner_timezone(state.row),
        window_start=None,
    )
    rendered = calendar_feed.render(state, calendar)
    filename = f"{FEED_NAME}-plan-{plan_id}.ics"
    return Response(
        rendered.body,
        content_type=CALENDAR_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/plans/<int:plan_id>/calendar-feed")
@login_required
def page(plan_id: int) -> ResponseReturnValue:
    """Show the subscription to the plan's owner: links (once, when made), options, rotate, revoke."""
    row = access.owner_row(plan_id)
    made = sealed.unseal(session.pop(NEW_LINK, None))  # once: a reload shows the page without it
    if isinstance(made, dict) and made.get("plan") == plan_id and made.get("token"):
        return show(row, token=str(made["token"]), message=NEW_LINK_MESSAGE)
    return show(row)


# The link a rotation made, kept in the session (sealed) for the one page its answer leads to:
# a reload of that page must not send the form again (it would break the link just copied).
NEW_LINK = "new_feed_link"
NEW_LINK_MESSAGE = "Here is your new subscription link. Copy it now: it is shown only once."


@bp.post("/plans/<int:plan_id>/calendar-feed/options")
@login_required
def save_options(plan_id: int) -> ResponseReturnValue:
    """Store how the feed shows days: all-day or timed, and an optional alarm."""
    row = access.owner_row(plan_id)
    feed = store.feeds.feed_of(plan_id)
    values, errors = calendar_feed.parse_options(
        request.form, row.calendar_time is not None, feed.alarm_minutes if feed else None
    )
    if errors:
        return show(row, form=request.form, errors=errors, status=400)
    store.feeds.set_feed_options(plan_id, **values)
    return show(
        row,
        message="Calendar options saved. Subscribed calendars pick them up at their next refresh.",
    )


@bp.post("/plans/<int:plan_id>/calendar-feed/rotate")
@login_required
def rotate(plan_id: int) -> ResponseReturnValue:
    """Make a new subscription link; the old one, if any, stops working (410 Gone)."""
    row = access.owner_row(plan_id)
    existing = store.feeds.feed_of(plan_id)
    if existing and existing.token_hash and request.form.get("confirm") != "yes":
        return show(row, confirm_rotate=True)  # a new link breaks the old: ask first
    token, digest = calendar_feed.new_token()
    store.feeds.set_feed_token(plan_id, digest)
    session[NEW_LINK] = sealed.seal({"plan": plan_id, "token": token})  # the cookie hides it
    return redirect(url_for("feeds.page", plan_id=plan_id), 303)


@bp.post("/plans/<int:plan_id>/calendar-feed/revoke")
@login_required
def revoke(plan_id: int) -> ResponseReturnValue:
    """Turn the subscription link off; calendars that hold it get 410 Gone."""
    row = access.owner_row(plan_id)
    store.feeds.revoke_feed_token(plan_id)
    return show(row, message="The subscription link is turned off.")


def show(
    row: PlanRow,
    *,
    form: Mapping[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    token: str | None = None,
    message: str | None = None,
    status: int = 200,
    confirm_rotate: bool = False,
) -> ResponseReturnValue:
    feed_row = store.feeds.feed_of(row.id)
    values = (
        form
        if form is not None
        else {
            "timing": "timed" if calendar_feed.timed(row, feed_row) else "all_day",
            "alarm": "" if feed_row is None or feed_row.alarm_minutes is None else "1",
            "alarm_minutes": calendar_feed.shown_minutes(
                feed_row.alarm_minutes if feed_row else None
            ),
        }
    )
    html = render_template(
        "feeds/page.html",
        row=row,
        feed=feed_row,
        values=values,
        errors=errors or {},
        links=links(token) if token else None,
        message=message,
        confirm_rotate=confirm_rotate,
    )
    # A page showing a live token must not sit in caches or the back-forward history.
    return html, status, {"Cache-Control": "no-store"}


def links(token: str) -> dict[str, str]:
    https = hosts.external_url("feeds.feed", token=token, name=FEED_NAME)
    webcal = "webcal://" + https.split("://", 1)[1]
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    return {"https": https, "webcal": webcal, "google": google}
