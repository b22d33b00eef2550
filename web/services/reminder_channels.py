"""The ways a message leaves: e-mail over SMTP, and web push to the installed app.

A channel raises `SendFailed` when the message did not go and another try may succeed later;
the worker records it and tries again with back-off. Nothing logged carries the message.
"""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage
from email.utils import parseaddr

from flask import current_app

from web.forms import push_services
from web.services.reminder_messages import Message
from web.store import reminders as store


class SendFailed(Exception):
    """The message did not go (the reason's type only: no addresses, no content)."""


def email(to: str, message: Message) -> None:
    """Send the message as text and HTML, with RFC 8058 one-click unsubscribe headers."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        raise SendFailed("MAIL_SERVER is not set")
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = config["MAIL_FROM"], to, message.subject
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "localhost"
    # One Message-ID per delivery: a copy that ever went twice reads as the same message.
    mail["Message-ID"] = f"<rtr-{message.key}@{domain}>"
    mail["List-Unsubscribe"] = f"<{message.unsubscribe}>"
    mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail["Auto-Submitted"] = "auto-generated"
    mail.set_content(message.text())
    mail.add_alternative(message.html(), subtype="html")
    server = (config["MAIL_SERVER"], int(config["MAIL_PORT"]))
    try:
        with smtplib.SMTP(*server, timeout=float(config["REMINDER_SMTP_TIMEOUT"])) as smtp:
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as problem:
        raise SendFailed(type(problem).__name__) from None


def email_enabled() -> bool:
    return bool(current_app.config.get("MAIL_SERVER"))


def push_enabled() -> bool:
    return bool(current_app.config.get("VAPID_PRIVATE_KEY"))


def push_service_allowed(endpoint: str) -> bool:
    """May the site POST to this endpoint: is it a browser's push service (PUSH_SERVICE_HOSTS)?"""
    return push_services.is_push_service(endpoint, current_app.config["PUSH_SERVICE_HOSTS"])


def push(user_id: int, message: Message) -> int:
    """Send the message to every browser the account subscribed; return how many took it.

    An endpoint the push service says is gone (404, 410) is forgotten, and so is one that is
    no push service, unposted. Any other failure is logged; when no browser took the message
    and one failed so, raise `SendFailed` (the worker retries a push-only message; one that
    also went by e-mail is not sent again)."""
    if not push_enabled():
        return 0
    from pywebpush import WebPushException, webpush

    config = current_app.config
    # Shown on a lock screen: the neutral subject and glance, never the e-mail's body.
    payload = json.dumps({"title": message.subject, "body": message.glance, "url": message.link})
    sent, failed = 0, []
    for subscription in store.pushes_of(user_id):
        if not push_service_allowed(subscription.endpoint):  # kept before endpoints were checked
            store.remove_push(subscription.endpoint)
            host = push_services.host_of(subscription.endpoint)
            current_app.logger.warning("Dropped a push endpoint at %r: no push service", host)
            continue
        info = {
            "endpoint": subscription.endpoint,
            "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
        }
        try:
            webpush(
                info,
                payload,
                vapid_private_key=config["VAPID_PRIVATE_KEY"],
                vapid_claims={"sub": config["VAPID_SUBJECT"]},
                timeout=10,
            )
            sent += 1
        except WebPushException as problem:
            status = getattr(problem.response, "status_code", None)
            if status in (404, 410):
                store.remove_push(subscription.endpoint)
            else:
                failed.append(f"push {status or 'no answer'}")
        except (OSError, ValueError) as problem:
            failed.append(f"push {type(problem).__name__}")
    for why in failed:
        current_app.logger.warning("Web push failed (%s)", why)
    if failed and not sent:
        raise SendFailed(failed[0])
    return sent
