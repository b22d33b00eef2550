"""The Host header: the feed never takes it, unknown hosts get 400, SEQUENCE never moves for it."""

from __future__ import annotations

import pytest

from tests.conftest import fixed_clock
from tests.web.conftest import AuthActions, add_plan
from tests.web.test_caches import versions
from tests.web.test_feeds import events, sequence, subscribe
from web import create_app

EVIL = "http://evil.example"


@pytest.fixture
def make(database_url, tmp_path):
    """Create the app with some settings, a runner logged in, and a plan; dispose of it after."""
    made = []

    def make_app(**config):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "DATABASE_URL": database_url,
                "CLOCK": fixed_clock(),
                "WTF_CSRF_ENABLED": False,
                **config,
            }
        )
        app.instance_path = str(tmp_path / "instance")
        made.append(app)
        client = app.test_client()
        AuthActions(client).signup()
        return app, client, add_plan(app, "runner@example.com")

    yield make_app
    for app in made:
        app.extensions["rtr.engine"].dispose()


def test_with_a_public_url_the_feed_links_to_it_whatever_host_is_asked(make):
    app, client, plan = make(PUBLIC_URL="https://rtr.example")
    path = subscribe(client, plan)
    body = app.test_client().get(path, base_url=EVIL).data
    assert b"https://rtr.example/plans/" in body and b"evil.example" not in body
    cookie = f"session={client.get_cookie('session').value}"  # the jar would keep it from evil
    stranger = app.test_client(use_cookies=False)
    made = stranger.post(
        f"/plans/{plan}/calendar-feed/rotate",
        base_url=EVIL,
        headers={"Cookie": cookie},
        data={"confirm": "yes"},  # a second link is made only once confirmed
    )
    assert made.status_code == 303 and "evil.example" not in made.headers["Location"]
    cookie = made.headers["Set-Cookie"].split(";", 1)[0]  # the session carries the new link
    page = stranger.get(made.headers["Location"], base_url=EVIL, headers={"Cookie": cookie})
    assert "webcal://rtr.example/feeds/" in page.get_data(as_text=True)
    assert "evil.example" not in page.get_data(as_text=True)


def test_with_no_address_configured_the_feed_body_carries_no_host(make):
    app, client, plan = make()
    path = subscribe(client, plan)
    first = app.test_client().get(path, base_url=EVIL).data
    second = app.test_client().get(path, base_url="http://other.example").data
    assert first == second
    assert b"evil.example" not in first and b"localhost" not in first


def test_an_unknown_host_is_refused_on_every_route(make):
    app, client, plan = make(ALLOWED_HOSTS=["localhost", "rtr.example"])
    path = subscribe(client, plan)
    stranger = app.test_client()
    for url in ("/", f"/plans/{plan}/today", "/api/v1/ping", "/healthz", path):
        assert stranger.get(url, base_url=EVIL).status_code == 400
        assert stranger.get(url, base_url="http://rtr.example").status_code in (200, 302)
    etag = stranger.get(path).headers["ETag"]
    assert stranger.get(path, headers={"If-None-Match": etag}).status_code == 304
    refused = stranger.get(path, base_url=EVIL, headers={"If-None-Match": etag})
    assert refused.status_code == 400  # the remembered 304 is no way round the check
    assert b"ALLOWED_HOSTS" not in refused.data


def test_allowed_hosts_come_from_the_environment_as_a_list(monkeypatch, tmp_path):
    from web.core import hosts

    monkeypatch.setenv("ALLOWED_HOSTS", "rtr.example, www.rtr.example")
    monkeypatch.setenv("PUBLIC_URL", "https://rtr.example/")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    app = create_app()
    assert hosts.allowed(app) == ["rtr.example", "www.rtr.example"]
    assert app.config["PUBLIC_URL"] == "https://rtr.example"
    app.extensions["rtr.engine"].dispose()


@pytest.mark.parametrize("address", ["rtr.example", "ftp://rtr.example", "https://"])
def test_a_public_url_that_is_not_an_address_stops_the_start(database_url, address):
    with pytest.raises(ValueError, match="PUBLIC_URL"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "PUBLIC_URL": address})


def test_polls_through_alternating_allowed_hosts_never_bump_sequence(make):
    app, client, plan = make(ALLOWED_HOSTS=["localhost", "a.example", "b.example"])
    path = subscribe(client, plan)
    bodies = [
        app.test_client().get(path, base_url=f"http://{host}.example").data for host in "abab"
    ]
    assert bodies[0] == bodies[2] and bodies[1] == bodies[3]
    assert {sequence(block) for body in bodies for block in events(body).values()} == {0}
    assert versions(app, plan)[1] == 1  # the first render stored the revisions; none since
