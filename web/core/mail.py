"""Mail out through the SMTP server in MAIL_SERVER / MAIL_PORT, from MAIL_FROM.

Sending happens on a thread of its own, so a page that sends mail answers as fast as one that
does not (the reset form must not tell by its timing which emails have an account). What is
logged names the recipient's failure, never the message: it carries a secret link.
"""

from __future__ import annotations

import logging
import smtplib
import threading
from email.message import EmailMessage

from flask import Flask, current_app

TIMEOUT_SECONDS = 20


def init_app(app: Flask) -> None:
    """Say once, at start, when mail is off (and so password reset by email), when reset
    links cannot be mailed for want of a public address, and when reminders cannot be sent
    for want of PUBLIC_URL."""
    if not app.config.get("MAIL_SERVER"):
        app.logger.warning(
            "Mail is off (MAIL_SERVER is not set): password reset by email is "
            "unavailable; the reset page tells people to ask an administrator."
        )
    elif not (app.config.get("PUBLIC_URL") or app.config.get("ALLOWED_HOSTS")):
        app.logger.warning(
            "Neither PUBLIC_URL nor ALLOWED_HOSTS is set: password reset links are not mailed "
            "(a link must not take its address from a request's Host header); the reset page "
            "tells people to ask an administrator."
        )
    sends = app.config.get("MAIL_SERVER") or app.config.get("VAPID_PRIVATE_KEY")
    if sends and not app.config.get("PUBLIC_URL"):
        app.logger.warning(
            "PUBLIC_URL is not set: reminders are off until it is (their links, the stop link "
            "too, need the site's public address); each one that falls due is dropped unsent, "
            "and the reminder pages say so."
        )


def enabled() -> bool:
    """Is a mail server configured?"""
    return bool(current_app.config.get("MAIL_SERVER"))


def send(to: str, subject: str, body: str) -> threading.Thread:
    """Send a plain-text mail in the background; return the thread (tests may join it)."""
    config = current_app.config
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config["MAIL_FROM"], to, subject
    message.set_content(body)
    server = (config["MAIL_SERVER"], int(config["MAIL_PORT"]))
    thread = threading.Thread(
        target=_deliver, args=(server, message, current_app.logger), name="mail", daemon=True
    )
    thread.start()
    return thread


def _deliver(server: tuple[str, int], message: EmailMessage, logger: logging.Logger) -> None:
    try:
        with smtplib.SMTP(*server, timeout=TIMEOUT_SECONDS) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as problem:
        logger.error(
            "Could not send mail %r through %s:%s: %s",
            message["Subject"],
            *server,
            type(problem).__name__,
        )
