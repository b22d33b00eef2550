"""Rotating the secret key: SECRET_KEY signs everything new, and SECRET_KEY_FALLBACKS keeps the
old key opening what it signed (sessions, device cookies, sealed values, unsubscribe links)
until the operator drops it. Without the old key among the fallbacks, none of it opens."""

from __future__ import annotations

import pytest

from tests.web.conftest import close
from tests.web.test_security_login import (
    known_browser,
    log_in,
    runner,  # noqa: F401 - the fixture, shared
    under_attack_from_everywhere,
)
from web import create_app
from web.auth import sealed, unsubscribe_tokens

OLD, NEW = "the key before the rotation", "the key after the rotation"


def rotate(app, *, keep_old: bool) -> None:
    """Change the app's key as an operator would: the new key, the old one kept or dropped."""
    app.config["SECRET_KEY"] = NEW
    app.config["SECRET_KEY_FALLBACKS"] = [OLD] if keep_old else []


@pytest.fixture
def old_key(app):
    app.config["SECRET_KEY"] = OLD
    return app


@pytest.mark.parametrize("keep_old", [True, False])
def test_a_runner_stays_logged_in_across_a_rotation_only_while_the_old_key_is_kept(
    old_key, auth, client, keep_old
):
    auth.signup()
    assert client.get("/plans/").status_code == 200
    rotate(old_key, keep_old=keep_old)
    still = client.get("/plans/")
    assert still.status_code == (200 if keep_old else 302)


@pytest.mark.parametrize("keep_old", [True, False])
def test_a_browser_known_before_a_rotation_stays_known_only_while_the_old_key_is_kept(
    old_key,
    runner,  # noqa: F811
    keep_old,
):
    browser = known_browser(old_key)
    rotate(old_key, keep_old=keep_old)
    under_attack_from_everywhere(old_key)
    assert log_in(browser).status_code == (302 if keep_old else 429)


def test_a_value_sealed_before_a_rotation_opens_with_the_old_key_kept_and_not_without(old_key):
    with old_key.test_request_context():
        kept = sealed.seal({"note": "Sore after the stairs"})
        rotate(old_key, keep_old=True)
        assert sealed.unseal(kept) == {"note": "Sore after the stairs"}
        rotate(old_key, keep_old=False)
        assert sealed.unseal(kept) is None


def test_values_sealed_after_a_rotation_are_sealed_under_the_new_key(old_key):
    with old_key.test_request_context():
        rotate(old_key, keep_old=True)
        kept = sealed.seal("new")
        old_key.config.update(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[])
        assert sealed.unseal(kept) is None  # the old key alone cannot open it
        old_key.config.update(SECRET_KEY=NEW)
        assert sealed.unseal(kept) == "new"


def test_an_unsubscribe_link_mailed_before_a_rotation_works_while_the_old_key_is_kept(old_key):
    with old_key.test_request_context():
        mailed = unsubscribe_tokens.make("morning", 7)
        rotate(old_key, keep_old=True)
        assert unsubscribe_tokens.read(mailed) == ("morning", 7)
        fresh = unsubscribe_tokens.make("digest", 8)
        rotate(old_key, keep_old=False)
        assert unsubscribe_tokens.read(mailed) is None
        assert unsubscribe_tokens.read(fresh) == ("digest", 8)  # signed with the new key


def test_the_old_keys_may_be_given_as_one_string_separated_by_commas(database_url, tmp_path):
    # as the environment gives them: SECRET_KEY_FALLBACKS="older, old"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": NEW,
            "SECRET_KEY_FALLBACKS": " older-key, old-key ,",
            "DATABASE_URL": database_url,
        }
    )
    try:
        assert app.config["SECRET_KEY_FALLBACKS"] == ["older-key", "old-key"]
    finally:
        close(app)


def test_one_old_key_given_as_bytes_is_one_key_and_a_string_set_later_is_not_split(
    database_url,
):
    from web.auth import keys

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": NEW,
            "SECRET_KEY_FALLBACKS": b"old-key",  # as an instance config.py may give it
            "DATABASE_URL": database_url,
        }
    )
    try:
        assert app.config["SECRET_KEY_FALLBACKS"] == [b"old-key"]
        with app.test_request_context():
            assert keys.signing_keys() == [b"old-key", NEW.encode()]
            app.config["SECRET_KEY_FALLBACKS"] = "old-key"  # changed after start-up
            assert keys.signing_keys() == [b"old-key", NEW.encode()]
    finally:
        close(app)
