"""Which push endpoints the site posts to: only the browsers' own push services. No Flask here.

A push subscription's endpoint is a URL the browser hands over, so anyone logged in can name
any address; the reminder worker then POSTs to it from inside the site's network (blind SSRF).
An endpoint passes only as https, on the default port, with no user or password, to a host
name (never an IP address) that is one of PUSH_SERVICE_HOSTS or under one. It is checked when
a subscription is kept and again before each send, for rows kept before the check existed.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera...
    "updates.push.services.mozilla.com",  # Firefox
    "push.apple.com",  # Safari: web.push.apple.com
    "notify.windows.com",  # Edge on Windows: wns2-….notify.windows.com
)
REFUSED = (
    "This browser's push service is not one this site sends to, so push messages cannot "
    "reach this device. Reminders by e-mail still work."
)
# Printable ASCII, no space or backslash: what browsers send, and nothing two URL parsers
# (this check's and the sender's) could read as different hosts.
PLAIN_URL = re.compile(r"[!-\[\]-~]+")
HOST_NAME = re.compile(r"[a-z0-9.-]+")


def service_hosts(setting: str | Iterable[str] | None) -> list[str]:
    """Return the push service host names a setting gives (a list, or comma-separated)."""
    names = setting.split(",") if isinstance(setting, str) else list(setting or ())
    return [name.strip().strip(".").lower() for name in names if name.strip().strip(".")]


def is_push_service(endpoint: str, services: Iterable[str]) -> bool:
    """Is this endpoint one the site may POST to: https to one of these services' hosts?"""
    if not PLAIN_URL.fullmatch(endpoint):
        return False
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if parts.scheme != "https" or parts.netloc.lower() not in (host, f"{host}:443"):
        return False  # a user or password, another port, an IPv6 literal in brackets
    if not HOST_NAME.fullmatch(host) or _is_address(host):
        return False
    return any(host == name or host.endswith(f".{name}") for name in service_hosts(services))


def host_of(endpoint: str) -> str:
    """The endpoint's host alone, for a log line: its path and query are the browser's token."""
    return urlsplit(endpoint).hostname or "no host"


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
