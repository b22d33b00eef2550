"""Log-in limits, counted in the database with one atomic statement per counter, so that
concurrent attempts in any number of processes each see a different count.

Three counters, each over a window (LOGIN_WINDOW_MINUTES from its first attempt):
- an email from one address (LOGIN_MAX_FAILURES): a guesser at one account stops there;
- one address, whatever the email (LOGIN_MAX_PER_ADDRESS): a sprayer trying one password on
  many accounts stops there;
- an email from anywhere (LOGIN_ACCOUNT_SLOWDOWN failures): then each address that has
  already failed for it may try only once per LOGIN_SLOWDOWN_SECONDS between them all. It only
  slows: an address with none of the failures, the runner's own phone, still logs in at once,
  so knowing someone's email is not enough to lock them out;
- past LOGIN_ACCOUNT_SLOWDOWN_EVERYWHERE failures at one email, every address shares that one
  try per interval, new ones too: guesses from a thousand networks are slowed as well. A runner
  may then have to wait a minute (or reset their password): only an attack that size costs it;
- a device that logged in to the account before (web/auth/device_cookies.py) skips both
  slowdowns for LOGIN_MAX_FAILURES attempts a window (its own counter; a log-in gives it a new
  name): the runner's browser logs in at once whatever happens elsewhere.
An address is an IPv4 address, or an IPv6 address's /64: one subscriber's network (RFC 6177),
which holds more addresses than anyone could try.
Counters whose window has ended are deleted on every failure: the table stays small. The
password reset form keeps its counters here too (web.pages.password_reset).
"""

from __future__ import annotations

import ipaddress
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, literal, select, update

from web.core import clock
from web.core.db import dialect_insert, rowcount, session
from web.store.models import LoginCounter

PAIR, ADDRESS, ACCOUNT, DEVICE = "pair", "address", "account", "device"
LONGEST_OTHER_WINDOW = timedelta(hours=1)  # of the counters others keep here (reset mails)
PAIR_MESSAGE = (
    "Too many failed attempts for this email from here. Wait 15 minutes and try "
    "again, or reset your password."
)
ADDRESS_MESSAGE = "Too many failed log-ins from your network. Wait 15 minutes and try again."
SLOW_MESSAGE = (
    "There have been many failed log-ins to this email. Wait a minute between "
    "attempts, or reset your password."
)


class TooMany(Exception):
    """This attempt is over a limit; the message says what to do."""


@dataclass(frozen=True)
class Limits:
    pair: int
    address: int
    account: int
    everywhere: int
    window: timedelta
    slow: timedelta


def limits() -> Limits:
    """Read the limits from the app's configuration."""
    config = current_app.config
    return Limits(
        config["LOGIN_MAX_FAILURES"],
        config["LOGIN_MAX_PER_ADDRESS"],
        config["LOGIN_ACCOUNT_SLOWDOWN"],
        config["LOGIN_ACCOUNT_SLOWDOWN_EVERYWHERE"],
        timedelta(minutes=config["LOGIN_WINDOW_MINUTES"]),
        timedelta(seconds=config["LOGIN_SLOWDOWN_SECONDS"]),
    )


def reserve(email: str, ip: str, device: str | None = None) -> None:
    """Count an attempt before its password is checked, and commit; raise TooMany past a
    limit. Counting first is what makes it atomic: the sixth of six at once gets count 6.
    A known `device` of the account (device_cookies.device_of) is not slowed down."""
    now, rules, ip = clock.now(), limits(), network(ip)
    try:
        if _bump(ADDRESS, ip, now, rules.window) > rules.address:
            raise TooMany(ADDRESS_MESSAGE)
        pair = _bump(PAIR, _pair(email, ip), now, rules.window)
        if pair > rules.pair:
            raise TooMany(PAIR_MESSAGE)
        # Counted before the password check, as the others: a burst from one device at once
        # gets counts 1, 2, 3 … and only the first few pass.
        if device is not None and _bump(DEVICE, device, now, rules.window) <= rules.pair:
            return
        failures = _count(ACCOUNT, email, now - rules.window)
        if (
            failures >= (rules.account if pair > 1 else rules.everywhere)
            and failures >= rules.account
            and not _take_turn(email, now, rules.slow)
        ):
            _bump(PAIR, _pair(email, ip), now, rules.window, by=-1)  # not an attempt after all
            raise TooMany(SLOW_MESSAGE)
    finally:
        session().commit()


_UNCOUNTED_KEYS = 10_000  # the oldest go first: a bound on this process's memory
_uncounted_lock = threading.Lock()


def reserve_here(email: str, ip: str) -> None:
    """Count an attempt in this process when the database cannot count it (full, read-only),
    with the same per-address and per-email-and-address limits: a database that cannot write
    must not open an unlimited window for guessing passwords. Raise TooMany past a limit."""
    now, rules, ip = clock.now(), limits(), network(ip)
    counted: OrderedDict[str, tuple[datetime, int]]  # key -> (since, attempts), per app
    counted = current_app.extensions.setdefault("rtr.uncounted_logins", OrderedDict())
    with _uncounted_lock:
        for key, most, message in (
            (f"{ADDRESS} {ip}", rules.address, ADDRESS_MESSAGE),
            (f"{PAIR} {_pair(email, ip)}", rules.pair, PAIR_MESSAGE),
        ):
            since, attempts = counted.pop(key, (now, 0))
            if now - since >= rules.window:
                since, attempts = now, 0
            counted[key] = (since, attempts + 1)
            while len(counted) > _UNCOUNTED_KEYS:
                counted.popitem(last=False)
            if attempts + 1 > most:
                raise TooMany(message)


def failed(email: str) -> None:
    """Record a wrong password for an email (known or not), drop ended counters; commit."""
    now, window = clock.now(), limits().window
    _bump(ACCOUNT, email, now, window)
    ended = now - max(window, LONGEST_OTHER_WINDOW)
    session().execute(delete(LoginCounter).where(LoginCounter.started < ended))
    session().commit()


def bump(scope: str, key: str, window: timedelta, *, commit: bool = True) -> int:
    """Count one more of something else to limit (reset mails) and commit, unless the caller
    commits with what else it writes; return the count within the window."""
    count = _bump(scope, key, clock.now(), window)
    if commit:
        session().commit()
    return count


def succeeded(email: str, ip: str) -> None:
    """Forget this address's attempts at this email; a log-in is no failure of the address."""
    ip, db = network(ip), session()
    db.execute(
        delete(LoginCounter).where(LoginCounter.scope == PAIR, LoginCounter.key == _pair(email, ip))
    )
    db.execute(
        update(LoginCounter)
        .where(
            LoginCounter.scope == ADDRESS,
            LoginCounter.key == ip,
            LoginCounter.count > 0,
        )
        .values(count=LoginCounter.count - 1)
    )
    db.commit()


def forget_account(email: str, *, deleted: bool = False) -> None:
    """Drop an account's log-in counters (a new password, a deleted account), in the caller's
    transaction; a deleted account's reset-mail counter too, for it holds the email."""
    scopes = (ACCOUNT, "reset") if deleted else (ACCOUNT,)
    session().execute(
        delete(LoginCounter).where(
            (LoginCounter.scope.in_(scopes) & (LoginCounter.key == email))
            | (
                (LoginCounter.scope == PAIR)
                & LoginCounter.key.startswith(email + " ", autoescape=True)
            )
        )
    )


def network(ip: str) -> str:
    """Return what an address is counted as: an IPv4 address as it is (an IPv4-mapped IPv6 one
    too), an IPv6 address as its /64, since one subscriber holds a /64's many addresses."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip  # "-" when the server was not told
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


def _pair(email: str, ip: str) -> str:
    return f"{email} {ip}"  # an email has no space (web.forms.email_error)


def _bump(scope: str, key: str, now: datetime, window: timedelta, by: int = 1) -> int:
    """Add `by` to a counter in one statement, restarting it if its window ended; return it."""
    table = LoginCounter.__table__
    ended = table.c.started < now - window
    statement = dialect_insert(LoginCounter).values(
        scope=scope, key=key, started=now, count=max(by, 0)
    )
    statement = statement.on_conflict_do_update(
        index_elements=["scope", "key"],
        set_={
            "count": case((ended, literal(max(by, 0))), else_=table.c.count + by),
            "started": case((ended, now), else_=table.c.started),
        },
    )
    count: int = session().execute(statement.returning(table.c["count"])).scalar_one()
    return count


def _count(scope: str, key: str, since: datetime) -> int:
    return (
        session().scalar(
            select(LoginCounter.count).where(
                LoginCounter.scope == scope, LoginCounter.key == key, LoginCounter.started >= since
            )
        )
        or 0
    )


def _take_turn(email: str, now: datetime, slow: timedelta) -> bool:
    """Claim the account's one attempt per `slow` interval; False if another took it."""
    taken = session().execute(
        update(LoginCounter)
        .where(
            LoginCounter.scope == ACCOUNT,
            LoginCounter.key == email,
            LoginCounter.last.is_(None) | (LoginCounter.last <= now - slow),
        )
        .values(last=now)
    )
    return bool(rowcount(taken))
