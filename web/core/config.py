"""Defaults, and where secrets and the database URL come from."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from web.core.clock import system_clock
from web.core.hosts import checked_address
from web.forms.push_services import PUSH_SERVICE_HOSTS


def defaults(app: Flask) -> dict[str, Any]:
    """Return the configuration that works with nothing set: SQLite in the instance folder."""
    database = Path(app.instance_path) / "rtr.sqlite"
    return {
        "DATABASE_URL": f"sqlite:///{database}",
        "CLOCK": system_clock,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Log-in limits (web/auth/login_limits.py): per email and address, per address, and the
        # failures per email after which each failing address gets one try a minute, and after
        # which every address does (an IPv6 address counts as its /64).
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_MAX_PER_ADDRESS": 20,
        "LOGIN_ACCOUNT_SLOWDOWN": 10,
        "LOGIN_ACCOUNT_SLOWDOWN_EVERYWHERE": 100,
        "LOGIN_SLOWDOWN_SECONDS": 60,
        "LOGIN_WINDOW_MINUTES": 15,
        "WTF_CSRF_TIME_LIMIT": None,
        # How passwords are hashed (web/auth/passwords.py); a werkzeug method string.
        "PASSWORD_HASH_METHOD": "scrypt",
        # A session ends after this long without a request (web/auth/sessions.py): a health record
        # on a phone that may be lost or lent; OWASP ASVS 3.3.2 and NIST 800-63B (AAL2) say 30.
        "IDLE_TIMEOUT_MINUTES": 30,
        # ... and this long after logging in, however busy (ASVS 3.3.2, level 2: 12 hours).
        "SESSION_MAX_HOURS": 12,
        # In-process caches (web/cache/__init__.py), in entries: a built year-long plan takes ~0.5 MB,
        # a rendered feed stays under 1 MB (SPEC §6), a page about 12 kB, a roster row is
        # well under 1 kB.
        "PLAN_CACHE_SIZE": 256,
        "FEED_CACHE_SIZE": 64,
        "ROSTER_CACHE_SIZE": 4096,  # rows a process keeps while it rebuilds stored ones
        # The coach's dashboard shows this many athletes a page (their rows are stored, and
        # rebuilt only when an athlete writes or their day changes: web/services/roster.py).
        "ROSTER_PAGE_SIZE": 50,
        "SESSION_TOKEN_CACHE_SIZE": 4096,  # signed CSRF tokens, ~100 bytes each
        # A calendar's repeat poll is answered 304 from memory (web/cache/feed_memo.py) while no
        # process has written since (web/cache/write_watch.py on PostgreSQL), for at most this
        # many seconds: None means 10, 0 turns it off.
        "FEED_MEMO_SECONDS": None,
        # The log-in check and plan row a signed-in page starts with are kept in memory
        # (web/cache/quiet_reads.py) while no process has written since, for at most this many
        # seconds: None means 10, 0 turns it off.
        "READ_MEMO_SECONDS": None,
        # The Today page a report leads to is rendered by the process that saved the report and
        # kept in the database for the others (web/cache/page_cache.py): None means on with
        # PostgreSQL, where a site runs several processes, and off with SQLite (one process;
        # there each kept page is a commit, which ends every process's memos).
        "SHARED_PAGES": None,
        # Password reset mail (web/core/mail.py): off until MAIL_SERVER names an SMTP server.
        "MAIL_SERVER": None,
        "MAIL_PORT": 25,
        "MAIL_FROM": "return-to-run <no-reply@localhost>",
        # The site's address for links that outlive a request (calendar feeds, invites), and
        # the host names it answers for (web/core/hosts.py); unset: feeds carry no day links and
        # any host is answered.
        "PUBLIC_URL": None,
        "ALLOWED_HOSTS": [],
        # How many records one log upload may carry, and one plan may hold (web/services/log_merge.py);
        # clearances and retractions count like reports. A plan runs at most two years, one
        # report a day, and a day has about a dozen items to tick.
        "MAX_REPORTS_PER_REQUEST": 1_000,
        "MAX_COMPLETIONS_PER_REQUEST": 10_000,
        "MAX_REPORTS_PER_PLAN": 2_000,
        "MAX_COMPLETIONS_PER_PLAN": 20_000,
        # A database that cannot write answers 503 with this Retry-After (web/core/failures.py);
        # /healthz reports an SQLite disk with less room than this left.
        "DATABASE_RETRY_AFTER": 120,
        "MIN_FREE_DISK_BYTES": 64 * 2**20,
        # An upload of watch files waits this long for another one's reading to end (one is read
        # at a time in a process: web/services/watch_files.py), then answers 503 with this
        # Retry-After; the largest upload reads in about 15 s.
        "WATCH_READ_WAIT": 10,
        "WATCH_READ_RETRY_AFTER": 15,
        # Garbage collection tuned for serving once the app is built (web/core/memory.py).
        "GC_TUNING": True,
        **REMINDER_DEFAULTS,
    }


# Reminders (web/services/reminder_jobs.py): the queue, the scheduler's tick, retries, web push.
REMINDER_DEFAULTS: dict[str, str | int | bool | tuple[str, ...] | None] = {
    "REDIS_URL": None,  # unset: one in-process scheduler thread sends (`rtr serve`)
    "REMINDERS_EMBEDDED": True,  # that thread, when there is no Redis
    "REMINDER_TICK_SECONDS": 30,
    "REMINDER_LEASE_SECONDS": 300,  # a claim older than this belongs to a dead worker
    "REMINDER_RETRY_SECONDS": 60,  # first back-off; it doubles per failure, capped at 1 h
    "REMINDER_MAX_ATTEMPTS": 8,
    "REMINDER_SMTP_TIMEOUT": 20,
    "VAPID_PRIVATE_KEY": None,  # web push is off without it
    "VAPID_PUBLIC_KEY": None,
    "VAPID_SUBJECT": "mailto:admin@localhost",
    # Push endpoints are kept and posted to only on these hosts or under them, by https on the
    # default port (web/forms/push_services.py): the browsers' push services, nothing else.
    "PUSH_SERVICE_HOSTS": PUSH_SERVICE_HOSTS,
}
REMINDERS_FROM_ENVIRONMENT = (
    "REDIS_URL",
    "REMINDER_TICK_SECONDS",
    "REMINDER_LEASE_SECONDS",
    "REMINDER_RETRY_SECONDS",
    "REMINDER_MAX_ATTEMPTS",
    "REMINDER_SMTP_TIMEOUT",
    "VAPID_PRIVATE_KEY",
    "VAPID_PUBLIC_KEY",
    "VAPID_SUBJECT",
    "PUSH_SERVICE_HOSTS",  # comma-separated
)


def load(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config: defaults, then instance config.py and environment, or the test dict."""
    app.config.from_mapping(defaults(app))
    overrides = dict(test_config or {})
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for name in (
            "DATABASE_URL",
            "SECRET_KEY",
            "SECRET_KEY_FALLBACKS",
            "TRUSTED_PROXIES",
            "FEED_MEMO_SECONDS",
            "READ_MEMO_SECONDS",
            "MAIL_SERVER",
            "MAIL_PORT",
            "MAIL_FROM",
            "IDLE_TIMEOUT_MINUTES",
            "SESSION_MAX_HOURS",
            "PUBLIC_URL",
            "ALLOWED_HOSTS",
            *SIZES,
            *SWITCHES,
        ):
            if os.environ.get(name):
                overrides[name] = os.environ[name]
    for name in SIZES:  # counts: read from the environment as whole numbers
        if name in overrides and isinstance(overrides[name], str):
            overrides[name] = positive_int(name, overrides[name])
    for name in SWITCHES:  # on or off
        if name in overrides and isinstance(overrides[name], str):
            overrides[name] = switch(name, overrides[name])
    app.config.from_mapping(overrides)
    if app.config.get("PUBLIC_URL"):  # checked before anything starts: a typo stops here
        app.config["PUBLIC_URL"] = checked_address(app.config["PUBLIC_URL"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))
    app.config["SECRET_KEY_FALLBACKS"] = key_list(app.config.get("SECRET_KEY_FALLBACKS"))
    secure = not (app.debug or app.testing)
    for name in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if name not in overrides:
            app.config[name] = secure
    for name in REMINDERS_FROM_ENVIRONMENT:  # read even with a test dict, unless testing
        if not app.testing and os.environ.get(name):
            text = os.environ[name]
            # A number that is not one stops here, with its setting's name in the message.
            default = REMINDER_DEFAULTS[name]
            app.config[name] = int(text) if isinstance(default, int) else text


SIZES = ("PLAN_CACHE_SIZE", "FEED_CACHE_SIZE", "ROSTER_CACHE_SIZE", "ROSTER_PAGE_SIZE")
SWITCHES = ("SHARED_PAGES",)


def switch(name: str, text: str) -> bool:
    """Read an on/off setting from the environment; a typo stops the app before it starts."""
    word = text.strip().lower()
    if word in ("1", "true", "on", "yes"):
        return True
    if word in ("0", "false", "off", "no"):
        return False
    raise ValueError(f"{name} must be on or off (1 or 0), not {text!r}")


def positive_int(name: str, text: str) -> int:
    """Read a count from the environment; a typo stops the app before it starts."""
    value = int(text) if text.strip().isdigit() else 0
    if value < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {text!r}")
    return value


def instance_secret(folder: Path) -> str:
    """Return the key stored in the instance folder, creating it once (never logged)."""
    path = folder / "secret_key"
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Write aside, then link into place: the link is atomic, so a process that loses the
        # race reads the winner's complete key, never a half-written file.
        draft = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip()


def key_list(setting: Any) -> list[str | bytes]:
    """The old secret keys a setting names, for Flask's sessions and web/auth/keys.py: a list
    (instance config.py) or one string of keys separated by commas (the environment). A string
    must not reach Flask as it is: it would take each character for a key."""
    if not setting:
        return []
    if isinstance(setting, bytes):
        setting = [setting]  # one key, not a list of numbers (each would make a zero-byte key)
    found = setting.split(",") if isinstance(setting, str) else list(setting)
    for key in found:
        if not isinstance(key, str | bytes):
            raise ValueError("SECRET_KEY_FALLBACKS holds keys: strings (or bytes), nothing else")
    stripped = [key.strip() if isinstance(key, str) else key for key in found]
    return [key for key in stripped if key]
