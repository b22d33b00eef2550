"""The app's secret keys: SECRET_KEY signs and seals everything new; SECRET_KEY_FALLBACKS, the
keys it replaced, still open what they signed until they are dropped. Flask reads the same
two settings for its session cookie, so one rotation covers sessions, device cookies, sealed
values and unsubscribe links alike (docs/deploying.md, "Rotating the secret key")."""

from __future__ import annotations

from flask import current_app

from web.core.config import key_list


def signing_keys() -> list[bytes]:
    """Every key that may open what this app signed: the old ones first, the current key last
    (the order itsdangerous wants: it signs with the last), as bytes (as itsdangerous uses them)."""
    config = current_app.config
    # Read again: a setting changed after start-up must not be taken character by character.
    found = [*key_list(config.get("SECRET_KEY_FALLBACKS")), config["SECRET_KEY"]]
    return [key.encode() if isinstance(key, str) else key for key in found]
