"""Only a plan's owner manages its calendar feed: a coach could otherwise keep a live link."""

from __future__ import annotations

import pytest

FEED_URLS = [
    ("get", "/plans/{p}/calendar-feed"),
    ("post", "/plans/{p}/calendar-feed/rotate"),
    ("post", "/plans/{p}/calendar-feed/revoke"),
    ("post", "/plans/{p}/calendar-feed/options"),
]


def feed_of(app, plan_id: int):
    from web import store

    with app.test_request_context():
        feed = store.feeds.feed_of(plan_id)
        return None if feed is None else (feed.token_hash, feed.all_day, feed.alarm_minutes)


@pytest.mark.parametrize(("method", "url"), FEED_URLS)
def test_a_coach_cannot_see_or_manage_an_athletes_feed(app, coached, method, url):  # noqa: F811
    coach, plan, managed = coached
    for target in (plan, managed):
        response = getattr(coach, method)(
            url.format(p=target), data={"timing": "all_day", "alarm": "1", "alarm_minutes": "15"}
        )
        assert response.status_code == 404
        assert feed_of(app, target) is None


def test_the_owner_still_rotates_their_feed(app, client, plan_id):
    assert client.post(f"/plans/{plan_id}/calendar-feed/rotate").status_code == 303
    assert feed_of(app, plan_id) is not None
