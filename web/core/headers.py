"""Security headers on every response: no framing, no sniffing, no tokens in Referer, and no
copy of a page kept by any cache unless the page says otherwise; every page names its viewer
(X-Viewer), so the service worker can drop the pages it kept for someone else."""

from __future__ import annotations

from flask import Flask, Response, request

from web.auth import sessions

# The pages load their scripts and styles from /static; templates use inline style attributes
# (chart colours) and one inline handler, the print button, allowed by its hash alone.
PRINT_BUTTON = "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='"  # window.print()
POLICY = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-hashes' {PRINT_BUTTON}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
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
    # Pages carry health data, tokens and links: no cache (a shared computer's browser, a
    # proxy) keeps them. Static files may be kept; the calendar feed says "private" itself,
    # with a validator for its 304s.
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    if response.mimetype == "text/html":  # redirects and error pages too: any page says whose
        response.headers["X-Viewer"] = sessions.viewer()
    return response
