"""The subscription page says plainly why an existing link cannot be shown again."""

from __future__ import annotations

import re

from tests.web.conftest import cookie_as_anyone_reads_it
from tests.web.test_feeds import FEED_PATH, subscribe

KEPT = (
    "For your safety we keep only a fingerprint of the link; if you lost it, make a new one — "
    "the old one stops working."
)


def words(html: str) -> str:
    """The page's text with tags dropped and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_an_existing_link_is_explained_not_shown(client, plan_id):
    subscribe(client, plan_id)
    page = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    assert KEPT in words(page)
    assert not FEED_PATH.search(page)
    assert "Make a new link (the old one stops working)" in page


def test_a_plan_without_a_link_does_not_speak_of_a_fingerprint(client, plan_id):
    page = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    assert "no subscription link yet" in page and "fingerprint" not in page


def test_a_new_link_is_still_made_only_after_confirming(client, plan_id):
    subscribe(client, plan_id)
    asked = client.post(f"/plans/{plan_id}/calendar-feed/rotate").get_data(as_text=True)
    assert "Make a new link?" in asked and not FEED_PATH.search(asked)
    made = client.post(
        f"/plans/{plan_id}/calendar-feed/rotate", data={"confirm": "yes"}, follow_redirects=True
    )
    assert FEED_PATH.search(made.get_data(as_text=True))


def test_a_new_link_is_shown_once_on_a_page_a_reload_cannot_send_again(client, plan_id):
    made = client.post(f"/plans/{plan_id}/calendar-feed/rotate", data={"confirm": "yes"})
    assert made.status_code == 303 and made.headers["Location"].endswith("/calendar-feed")
    shown = client.get(made.headers["Location"])
    link = FEED_PATH.search(shown.get_data(as_text=True)).group(1)
    assert "Copy it now: it is shown only once" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    reloaded = client.get(made.headers["Location"]).get_data(as_text=True)
    assert not FEED_PATH.search(reloaded)  # shown once, and the link still works
    assert client.application.test_client().get(link).status_code == 200


def test_a_new_link_waits_for_its_page_sealed_in_the_cookie(client, plan_id):
    made = client.post(f"/plans/{plan_id}/calendar-feed/rotate", data={"confirm": "yes"})
    waiting = cookie_as_anyone_reads_it(client)
    link = FEED_PATH.search(client.get(made.headers["Location"]).get_data(as_text=True)).group(1)
    token = link.split("/")[-2]
    assert "new_feed_link" in waiting and token not in waiting
