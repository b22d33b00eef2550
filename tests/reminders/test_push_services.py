"""A push subscription is kept only when its endpoint is a browser's own push service: the
worker later POSTs reminders there from inside the site's network, so an address a logged-in
visitor chose must never be one (an internal service, a private address, another site)."""

from __future__ import annotations

import pytest

KEYS = {"p256dh": "k" * 80, "auth": "a" * 16}

ALLOWED = [
    "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",  # Chrome, Edge on Android, Opera
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",  # Firefox
    "https://web.push.apple.com/QGuQyavXutnMH",  # Safari
    "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD",  # Edge on Windows
    "https://fcm.googleapis.com:443/fcm/send/abc",  # the default port, said out loud
]
REFUSED = {
    "loopback": "https://127.0.0.1/internal/admin?delete=all",
    "loopback-name": "https://localhost/fcm/send/abc",
    "private-ip": "https://10.0.0.7/fcm/send/abc",
    "ipv6": "https://[::1]/fcm/send/abc",
    "unknown-host": "https://push.example/abc",
    "plain-http": "http://fcm.googleapis.com/fcm/send/abc",
    "explicit-port": "https://fcm.googleapis.com:8443/fcm/send/abc",
    "userinfo": "https://user:secret@fcm.googleapis.com/fcm/send/abc",
    "look-alike-suffix": "https://fcm.googleapis.com.evil.example/fcm/send/abc",
    "look-alike-prefix": "https://evilfcm.googleapis.com/fcm/send/abc",
    "backslash": "https://evil.example\\@fcm.googleapis.com/fcm/send/abc",
    "space": "https://fcm.googleapis.com /fcm/send/abc",
}


def kept_endpoints(app, email="runner@example.com") -> list[str]:
    from web.store import reminders as store
    from web.store.users import by_email

    with app.app_context():
        return [p.endpoint for p in store.pushes_of(by_email(email).id)]


@pytest.mark.parametrize("endpoint", ALLOWED)
def test_an_endpoint_of_a_browsers_push_service_is_kept(app, client, auth, endpoint):
    auth.signup()
    answer = client.post("/reminders/push", json={"endpoint": endpoint, "keys": KEYS})
    assert answer.status_code == 200 and answer.json == {"ok": True}
    assert kept_endpoints(app) == [endpoint]


@pytest.mark.parametrize("endpoint", REFUSED.values(), ids=REFUSED.keys())
def test_any_other_endpoint_is_refused_saying_e_mail_still_works(app, client, auth, endpoint):
    auth.signup()
    answer = client.post("/reminders/push", json={"endpoint": endpoint, "keys": KEYS})
    assert answer.status_code == 400 and answer.json["ok"] is False
    assert "e-mail still work" in answer.json["message"]
    assert kept_endpoints(app) == []


def test_the_push_services_are_a_setting(app, client, auth):
    app.config["PUSH_SERVICE_HOSTS"] = ["push.example.org"]
    auth.signup()
    mine = "https://eu.push.example.org/abc"
    assert client.post("/reminders/push", json={"endpoint": mine, "keys": KEYS}).status_code == 200
    google = {"endpoint": ALLOWED[0], "keys": KEYS}
    assert client.post("/reminders/push", json=google).status_code == 400


def test_the_setting_may_name_the_hosts_separated_by_commas_as_the_environment_does():
    from web.forms.push_services import is_push_service

    services = " push.example.org, .other.example. "
    assert is_push_service("https://a.push.example.org/x", services)
    assert is_push_service("https://other.example/x", services)
    assert not is_push_service("https://fcm.googleapis.com/x", services)
