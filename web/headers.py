"""Security headers on every response: no framing, no sniffing, no tokens in Referer."""

from __future__ import annotations

from flask import Flask, Response

# The pages load their scripts and styles from /static; templates use inline style attributes
# (chart colours) and one inline handler, the print button, allowed by its hash alone.
PRINT_BUTTON = "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='"  # window.print()
POLICY = "; ".join([
    "default-src 'self'",
    f"script-src 'self' 'unsafe-hashes' {PRINT_BUTTON}",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": POLICY,
    "X-Content-Type-Options": "nosniff",
    # Feed and invite links carry their token in the URL: keep them out of other sites' logs.
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response
