"""Read the reminder forms: which messages, at what time, by which way. No Flask here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import time

from planner.errors import InputError
from web.forms.wizard import parse_time
from web.store.models import MORNING_DEFAULT

MAX_ENDPOINT = 2000
Values = dict[str, bool | time]  # a form's choices as stored: the kinds, "at", the ways


def _time(form: Mapping[str, str], errors: dict[str, str]) -> time:
    """HH:MM as the calendar's time is read (wizard.parse_time): seconds or an offset are
    refused, not cut off."""
    try:
        at = parse_time("at", form.get("at") or "")
    except InputError as error:
        errors["at"] = f"{error.message}."
        return MORNING_DEFAULT
    return at or MORNING_DEFAULT


def _ways(
    form: Mapping[str, str], errors: dict[str, str], chosen: bool, push_available: bool
) -> dict[str, bool]:
    ways = {"email": form.get("email") == "1", "push": form.get("push") == "1"}
    if ways["push"] and not push_available:
        errors["push"] = "Push messages are not set up on this site: choose e-mail."
    elif chosen and not (ways["email"] or ways["push"]):
        errors["email"] = "Choose e-mail, push or both, or untick the messages above."
    return ways


def choice_from(form: Mapping[str, str], *, push_available: bool) -> tuple[Values, dict[str, str]]:
    """Return (values to store, {field: message}) for a plan's reminder form."""
    errors: dict[str, str] = {}
    kinds = {kind: form.get(kind) == "1" for kind in ("morning", "nudge", "change")}
    at = _time(form, errors)
    ways = _ways(form, errors, any(kinds.values()), push_available)
    return {**kinds, "at": at, **ways}, errors


def digest_from(form: Mapping[str, str], *, push_available: bool) -> tuple[Values, dict[str, str]]:
    """Return (values to store, {field: message}) for a coach's digest form."""
    errors: dict[str, str] = {}
    enabled = form.get("enabled") == "1"
    at = _time(form, errors)
    ways = _ways(form, errors, enabled, push_available)
    return {"enabled": enabled, "at": at, **ways}, errors


def subscription_from(data: object) -> tuple[str, str, str] | None:
    """Return (endpoint, p256dh, auth) of a browser's PushSubscription JSON, else None."""
    if not isinstance(data, dict):
        return None
    endpoint, keys = data.get("endpoint"), data.get("keys")
    if not isinstance(endpoint, str) or not isinstance(keys, dict):
        return None
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not (isinstance(p256dh, str) and isinstance(auth, str)) or not (
        0 < len(p256dh) <= 200 and 0 < len(auth) <= 100
    ):
        return None
    if not endpoint or len(endpoint) > MAX_ENDPOINT:
        return None
    return endpoint, p256dh, auth  # whose endpoint it may be: web/forms/push_services.py
