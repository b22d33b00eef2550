"""Values the session cookie carries for a moment that its holder must not read: sealed.

Flask's session cookie is signed, not encrypted: anyone with the browser can decode it. A pain
report kept across an idle log-out (web/auth/unsent.py) and a new feed link waiting for its
page (web/pages/feeds.py) go in it sealed instead: encrypted and authenticated (Fernet) under a
key drawn from the app's SECRET_KEY, so a shared browser's cookie shows neither. Values sealed
under a key since rotated out open while it is among SECRET_KEY_FALLBACKS.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from web.auth import keys

# Names this key's one use: the SECRET_KEY also signs sessions and links (other derivations).
PURPOSE = b"return-to-run: values sealed in the session cookie"


def seal(value: Any) -> str:
    """Return `value` (anything JSON can hold) encrypted and authenticated, as text."""
    return _fernet().encrypt(json.dumps(value, ensure_ascii=False).encode()).decode("ascii")


def unseal(sealed: Any) -> Any:
    """Return the value this app sealed, or None for anything else (tampered, foreign, old
    plain values, a key neither current nor among the fallbacks)."""
    if not isinstance(sealed, str):
        return None
    try:
        return json.loads(_fernet().decrypt(sealed.encode("ascii")))
    except (InvalidToken, UnicodeError, ValueError):
        return None


def _fernet() -> MultiFernet:
    """Seal under the current key; open under it or any fallback key (web/auth/keys.py)."""
    return MultiFernet([_derived(key) for key in reversed(keys.signing_keys())])


@functools.lru_cache(maxsize=8)
def _derived(secret: bytes) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=PURPOSE).derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))
