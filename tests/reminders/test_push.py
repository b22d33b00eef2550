"""Web push: the message reaches a push service (a stand-in on loopback), encrypted for the
browser that subscribed, signed with the site's VAPID key; an endpoint the service says is gone
is dropped, and so is one that is no push service at all, unposted."""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.reminders.conftest import PUBLIC_URL, deliveries, runner_with_plan, tick
from web.store.models import DROPPED, FAILED, SENT


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushService(BaseHTTPRequestHandler):
    """Answers 201 on /ok, 503 on /busy while `busy` (then 201) and 410 Gone on anything
    else; keeps what it was sent."""

    received: list = []
    busy = True

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, dict(self.headers), body))
        if self.path == "/busy":
            self.send_response(503 if self.busy else 201)
        else:
            self.send_response(201 if self.path == "/ok" else 410)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args):
        pass


SERVICE = "https://fcm.googleapis.com"  # a push service the site posts to


@pytest.fixture
def push_service(monkeypatch):
    """The stand-in, reached at the push service's address (requests are rerouted to it);
    PushService.loopback is its own address, which the site must never post to."""
    import requests

    PushService.received = []
    PushService.busy = True
    server = ThreadingHTTPServer(("127.0.0.1", 0), PushService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PushService.loopback = f"http://127.0.0.1:{server.server_port}"
    post = requests.post

    def rerouted(url, **options):
        if url.startswith(f"{SERVICE}/"):
            url = PushService.loopback + url.removeprefix(SERVICE)
        return post(url, **options)

    monkeypatch.setattr(requests, "post", rerouted)
    yield SERVICE, PushService.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def vapid(app):
    from cryptography.hazmat.primitives import serialization
    from py_vapid import Vapid

    keys = Vapid()
    keys.generate_keys()
    private = keys.private_key.private_numbers().private_value.to_bytes(32, "big")
    public = keys.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    app.config.update(
        VAPID_PRIVATE_KEY=b64(private),
        VAPID_PUBLIC_KEY=b64(public),
        VAPID_SUBJECT="mailto:admin@example.com",
        PUBLIC_URL=PUBLIC_URL,
    )


def browser_keys():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return key, b64(public), os.urandom(16)


def test_a_pushed_reminder_is_encrypted_for_the_browser_and_signed(app, clock, vapid, push_service):
    import http_ece

    from web.store import plans
    from web.store import reminders as store

    base, received = push_service
    plan = runner_with_plan(app, "runner@example.com", email=False, push=True)
    key, p256dh, secret = browser_keys()
    with app.app_context():
        owner = plans.plan_by_id(plan).owner_id
        store.add_push(owner, f"{base}/ok", p256dh, b64(secret), clock.now)
        store.add_push(owner, f"{base}/gone", p256dh, b64(secret), clock.now)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    assert sorted(path for path, _, _ in received) == ["/gone", "/ok"]
    _, headers, body = next(r for r in received if r[0] == "/ok")
    assert headers["Authorization"].startswith("vapid t=")
    assert headers["Content-Encoding"] == "aes128gcm"
    payload = json.loads(
        http_ece.decrypt(body, private_key=key, auth_secret=secret, version="aes128gcm")
    )
    assert payload["title"] == "Your plan for today" and payload["url"].endswith("/today")
    assert [d.status for d in deliveries(app)] == [SENT]
    with app.app_context():
        assert [p.endpoint for p in store.pushes_of(owner)] == [f"{base}/ok"]


def subscribe(app, plan: int, endpoint: str, now) -> None:
    from web.store import plans
    from web.store import reminders as store

    _, p256dh, secret = browser_keys()
    with app.app_context():
        store.add_push(plans.plan_by_id(plan).owner_id, endpoint, p256dh, b64(secret), now)


def test_a_push_only_message_the_push_service_refuses_is_retried_with_back_off(
    app, clock, vapid, push_service
):
    base, received = push_service
    plan = runner_with_plan(app, "runner@example.com", email=False, push=True)
    subscribe(app, plan, f"{base}/busy", clock.now)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    (delivery,) = deliveries(app)
    assert (delivery.status, delivery.attempts, delivery.error) == (FAILED, 1, "push 503")
    clock.now += timedelta(seconds=30)  # before the back-off ends: not tried again
    tick(app)
    assert len(received) == 1
    PushService.busy = False
    clock.now += timedelta(seconds=31)
    tick(app)
    assert [(d.status, d.attempts) for d in deliveries(app)] == [(SENT, 2)]
    assert len(received) == 2


def test_a_message_that_went_by_mail_is_not_sent_again_for_a_refused_push(
    app, clock, vapid, push_service, mailbox
):
    base, received = push_service
    plan = runner_with_plan(app, "runner@example.com", email=True, push=True)
    subscribe(app, plan, f"{base}/busy", clock.now)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    mailbox.wait_for(1)
    assert [d.status for d in deliveries(app)] == [SENT]
    clock.now += timedelta(minutes=10)
    tick(app)
    assert len(mailbox.messages) == 1 and len(received) == 1


def test_a_push_only_message_whose_browsers_are_all_gone_is_dropped(
    app, clock, vapid, push_service
):
    base, received = push_service
    plan = runner_with_plan(app, "runner@example.com", email=False, push=True)
    subscribe(app, plan, f"{base}/gone", clock.now)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    tick(app)
    assert [d.status for d in deliveries(app)] == [DROPPED]


def test_a_stored_endpoint_that_is_no_push_service_is_dropped_unposted(
    app, clock, vapid, push_service, caplog
):
    """A row kept before endpoints were checked: nothing is posted to it, and the log names
    its host but not its path or query (a push endpoint's path is the browser's token)."""
    from web.store import plans
    from web.store import reminders as store

    _, received = push_service
    plan = runner_with_plan(app, "runner@example.com", email=False, push=True)
    subscribe(app, plan, f"{PushService.loopback}/ok?token=kept-secret", clock.now)
    clock.now = datetime(2025, 3, 20, 7, 1, tzinfo=UTC)
    with caplog.at_level(logging.WARNING):
        tick(app)
    assert received == []
    assert [d.status for d in deliveries(app)] == [DROPPED]
    with app.app_context():
        assert store.pushes_of(plans.plan_by_id(plan).owner_id) == []
    assert "127.0.0.1" in caplog.text
    assert "kept-secret" not in caplog.text and "/ok" not in caplog.text
