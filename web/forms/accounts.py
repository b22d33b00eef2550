"""Checks for the account forms; each returns {field: message}, empty when all is well."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import date

from web.core import clock
from web.core.templating import long_date

MIN_PASSWORD = 8
MAX_PASSWORD = 200
# Characters no address has: control and format characters, line and paragraph separators, and any
# space. A line break kept in an address at sign-up later broke the reset mail's To: header.
INVISIBLE = frozenset(("Cc", "Cf", "Zl", "Zp", "Zs"))


def clean_email(text: str) -> str:
    return text.strip().lower()


def email_error(text: str) -> str | None:
    """Say what is wrong with an email address as typed (sign-up, log-in, reset, invites, rosters)."""
    email = clean_email(text)
    if not email:
        return "Enter your email address."
    if any(c.isspace() or unicodedata.category(c) in INVISIBLE for c in email):
        return "An email address has no spaces, line breaks or invisible characters: type it again."
    local, _, domain = email.partition("@")
    odd = any(c in email for c in ' <>()[]\\,;:"\x00')  # no address people use has these
    if not local or "." not in domain or "@" in domain or len(email) > 254 or odd:
        return f"'{text.strip()[:60]}' does not look like an email address."
    return None


def password_error(password: str, confirm: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > MAX_PASSWORD:
        return f"Use at most {MAX_PASSWORD} characters."
    if password != confirm:
        return "The two passwords differ."
    return None


def signup_errors(form: Mapping[str, str]) -> dict[str, str]:
    """Check the sign-up form."""
    errors = {
        "email": email_error(form.get("email", "")),
        "password": password_error(form.get("password", ""), form.get("confirm", "")),
    }
    return {field: message for field, message in errors.items() if message}


def account_errors(form: Mapping[str, str], check: Callable[[str], str | None]) -> dict[str, str]:
    """Check the account form; a new password needs the current one (`check` says what is
    wrong with it, or None)."""
    errors: dict[str, str] = {}
    if not clock.valid_timezone(form.get("timezone", "")):
        errors["timezone"] = BAD_ZONE
    if form.get("new_password") or form.get("current_password"):
        problem = check(form.get("current_password", ""))
        if problem:
            errors["current_password"] = problem
        problem = password_error(form.get("new_password", ""), form.get("confirm", ""))
        if problem:
            errors["new_password"] = problem
    return errors


def zone_error(zone: str, current: str, latest: date | None, whose: str = "Your") -> str | None:
    """Say what is wrong with a time zone chosen in place of `current` for someone whose plans
    hold days up to `latest` (`whose` plans: "Your", or "Ana's" to her coach); None when it
    may be taken."""
    if not clock.valid_timezone(zone):
        return BAD_ZONE
    return zone_behind(zone, latest, whose) if zone != current else None


BAD_ZONE = "Choose a time zone from the list, e.g. Europe/London."


def zone_behind(zone: str, latest: date | None, whose: str = "Your") -> str | None:
    """Say why a time zone cannot be taken yet: in it, a day already recorded (`latest`) has
    not begun, and a plan's "today" never goes back before a day it holds (a red flag
    reported on it would stop counting). None when the zone may be taken."""
    there = day_not_begun(zone, latest)
    if there is None or latest is None:
        return None
    return (
        f"{whose} plan already holds {long_date(latest)}, and in {zone} it is still "
        f"{long_date(there)}: a plan cannot go back to a day before one it holds. Keep the "
        f"time zone as it is until {long_date(latest)} has begun there, then change it."
    )


def day_not_begun(zone: str, latest: date | None) -> date | None:
    """The day it is in `zone` when that is before `latest`, a day already recorded; None
    when `latest` has begun there (or nothing is recorded, or the zone is none)."""
    if latest is None or not clock.valid_timezone(zone):
        return None
    there = clock.today_in(zone)
    return there if there < latest else None
