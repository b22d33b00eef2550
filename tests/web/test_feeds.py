"""The calendar subscription feed: tokens, HTTP caching, revisions and the calendar page."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from planner import calendar_text
from planner.model import Report
from tests.api.conftest import Api, issue_token
from tests.conftest import FIXED_NOW
from tests.web.conftest import AuthActions, add_plan, add_reports
from tests.web.test_today import RED_RUN

FEED_PATH = re.compile(r'value="https?://[^/"]+(/feeds/[^"]+)"')


def subscribe(client, plan_id: int) -> str:
    """Make (or remake, confirmed) a plan's feed link from its page and return its path."""
    response = client.post(
        f"/plans/{plan_id}/calendar-feed/rotate", data={"confirm": "yes"}, follow_redirects=True
    )
    assert response.status_code == 200
    return FEED_PATH.search(response.get_data(as_text=True)).group(1)


def events(body: bytes) -> dict[str, bytes]:
    """Return each VEVENT's raw text by UID, exactly as served."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", body, re.S)
    return {re.search(rb"\r\nUID:([^\r]+)", b).group(1).decode(): b for b in blocks}


def green(when: date) -> Report:
    return Report(when, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)


def sequence(block: bytes) -> int:
    return int(re.search(rb"\r\nSEQUENCE:(\d+)", block).group(1))


def test_the_feed_answers_with_calendar_headers_and_no_cookie(app, client, plan_id):
    path = subscribe(client, plan_id)
    response = app.test_client().get(path)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == "inline"
    assert re.fullmatch(r'"[0-9a-f]{64}"', response.headers["ETag"])
    assert response.headers["Last-Modified"] == "Thu, 20 Mar 2025 08:00:00 GMT"
    assert "max-age=" in response.headers["Cache-Control"]
    assert "Content-Encoding" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert isinstance(Calendar.from_ical(response.data), Calendar)


def test_the_token_is_long_random_and_stored_only_as_its_hash(app, client, plan_id):
    token = subscribe(client, plan_id).split("/")[2]
    assert len(token) >= 43  # 32 random bytes
    from web.core.db import session
    from web.store.models import CalendarFeed

    with app.test_request_context():
        stored = session().query(CalendarFeed).one().token_hash
    assert stored != token and token not in stored and len(stored) == 64


def test_the_feed_shows_the_last_14_days_and_everything_ahead(app, client, plan_id):
    body = app.test_client().get(subscribe(client, plan_id)).data
    days = sorted(uid.split("@")[0][-8:] for uid in events(body))
    assert days[0] == "20250306"  # the plan began on 1 March; today is 20 March
    assert all("Return" not in uid and "achilles" not in uid for uid in events(body))


def test_a_matching_etag_gets_304_even_with_an_old_if_modified_since(app, client, plan_id):
    path = subscribe(client, plan_id)
    first = client.get(path)
    response = client.get(
        path,
        headers={
            "If-None-Match": first.headers["ETag"],
            "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT",
        },
    )
    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == first.headers["ETag"]


def test_a_stale_etag_wins_over_a_fresh_if_modified_since(app, client, plan_id):
    path = subscribe(client, plan_id)
    last = client.get(path).headers["Last-Modified"]
    response = client.get(path, headers={"If-None-Match": '"stale"', "If-Modified-Since": last})
    assert response.status_code == 200 and response.data.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.parametrize(
    "since, status",
    [
        ("Thu, 20 Mar 2025 08:00:00 GMT", 304),
        ("Fri, 21 Mar 2025 00:00:00 GMT", 304),
        ("Thu, 20 Mar 2025 07:59:59 GMT", 200),
        ("not a date", 200),
    ],
)
def test_if_modified_since_is_compared_with_the_newest_change(app, client, plan_id, since, status):
    path = subscribe(client, plan_id)
    client.get(path)
    assert client.get(path, headers={"If-Modified-Since": since}).status_code == status


def test_a_revoked_token_is_gone(app, client, plan_id):
    path = subscribe(client, plan_id)
    assert client.post(f"/plans/{plan_id}/calendar-feed/revoke").status_code == 200
    assert app.test_client().get(path).status_code == 410
    html = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    assert "no subscription link yet" in html


def test_a_rotated_out_token_is_gone_and_the_new_one_works(app, client, plan_id):
    old = subscribe(client, plan_id)
    new = subscribe(client, plan_id)
    assert old != new
    assert app.test_client().get(old).status_code == 410
    assert app.test_client().get(new).status_code == 200


def test_the_link_of_a_deleted_plan_is_gone_not_unknown(app, client, plan_id):
    path = subscribe(client, plan_id)
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    assert api.delete(f"/plans/{plan_id}").status_code == 204
    assert app.test_client().get(path).status_code == 410


def test_a_new_link_is_made_only_after_saying_the_old_one_stops_working(app, client, plan_id):
    old = subscribe(client, plan_id)
    asked = client.post(f"/plans/{plan_id}/calendar-feed/rotate").get_data(as_text=True)
    assert "Make a new link?" in asked and "stops working" in asked
    assert 'name="confirm" value="yes"' in asked and not FEED_PATH.search(asked)
    assert app.test_client().get(old).status_code == 200


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 500, "%00" * 20])
def test_an_unknown_token_is_not_found(app, client, plan_id, token):
    subscribe(client, plan_id)
    assert app.test_client().get(f"/feeds/{token}/return-to-run.ics").status_code == 404


def test_a_token_shows_only_its_own_plan_whoever_is_logged_in(app, client, plan_id):
    mine = subscribe(client, plan_id)
    other = app.test_client()
    AuthActions(other).signup(email="other@example.com")
    other_plan = add_plan(app, "other@example.com", start=date(2025, 3, 10))
    theirs = subscribe(other, other_plan)
    mine_body, theirs_body = other.get(mine).data, client.get(theirs).data
    assert all(uid.startswith(f"{plan_id}-") for uid in events(mine_body))
    assert all(uid.startswith(f"{other_plan}-") for uid in events(theirs_body))
    assert "Set-Cookie" not in other.get(mine).headers


def test_another_runner_cannot_touch_my_feed(app, client, plan_id, other_plan):
    for action in ("rotate", "revoke", "options"):
        assert client.post(f"/plans/{other_plan}/calendar-feed/{action}").status_code == 404
    assert client.get(f"/plans/{other_plan}/calendar-feed").status_code == 404


def test_a_painful_report_updates_only_the_changed_days(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    before = client.get(path)
    assert client.get(path).data == before.data  # same plan state, same bytes
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    after = client.get(path)
    old, new = events(before.data), events(after.data)
    assert old.keys() <= new.keys()  # a step back can only add days at the end
    assert all(sequence(new[uid]) == 0 and uid > max(old) for uid in new.keys() - old.keys())
    changed = [uid for uid in old if old[uid] != new[uid]]
    kept = [uid for uid in old if old[uid] == new[uid]]
    assert changed and kept
    assert all(sequence(new[uid]) == sequence(old[uid]) + 1 for uid in changed)
    assert all(uid.split("@")[0][-8:] >= "20250320" for uid in changed)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.headers["Last-Modified"] == "Thu, 20 Mar 2025 08:00:01 GMT"
    assert client.get(path, headers={"If-None-Match": before.headers["ETag"]}).status_code == 200


def test_a_poll_with_only_if_modified_since_gets_every_changed_body(app, client, walk_run_plan):
    # A runner reports green each day; on some days the only change is a day leaving the
    # 14-day window, which moves no event's stamp: Last-Modified must move all the same.
    add_reports(
        app, walk_run_plan, [green(date(2025, 3, 14) + timedelta(days=i)) for i in range(6)]
    )
    path = subscribe(client, walk_run_plan)
    poller = app.test_client()
    before = poller.get(path)
    changed = 0
    for days in range(1, 8):
        now = FIXED_NOW + timedelta(days=days)
        app.config["CLOCK"] = lambda now=now: now
        add_reports(app, walk_run_plan, [green(now.date() - timedelta(days=1))])
        polled = poller.get(path, headers={"If-Modified-Since": before.headers["Last-Modified"]})
        body = poller.get(path)
        if body.data != before.data:
            changed += 1
            assert polled.status_code == 200, now.date()
            assert polled.data == body.data
        else:
            assert polled.status_code == 304
        before = body
    assert changed == 7


def test_a_halted_plan_ends_in_the_feed_with_the_referral(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    client.post(
        f"/plans/{walk_run_plan}/report", data={"flags": ["snap_or_pop"], "confirm": "red_flag"}
    )
    from tests.web.test_today import engine_plan

    plan = engine_plan(app, walk_run_plan)
    last = plan.days[-1]
    assert any(item.kind.value == "referral" for item in last.items)
    calendar = Calendar.from_ical(client.get(path).data)
    by_day = {e.decoded("dtstart"): e for e in calendar.walk("VEVENT")}
    assert max(by_day) == last.date
    assert str(by_day[last.date]["SUMMARY"]) == calendar_text.summary(last)
    referral = next(item for item in last.items if item.kind.value == "referral")
    assert referral.title in str(by_day[last.date]["DESCRIPTION"])


def test_a_long_plan_stays_under_one_megabyte(app, client, auth):
    auth.signup()
    plan = add_plan(
        app, "runner@example.com", condition="metatarsal-stress-fracture", baseline=20.0, goal=300.0
    )
    response = app.test_client().get(subscribe(client, plan))
    assert response.status_code == 200
    assert len(events(response.data)) > 300
    assert len(response.data) < 1_000_000


def test_a_render_from_a_build_older_than_the_stored_revisions_shows_the_plan_as_stored(
    app, client, walk_run_plan
):
    """Another process built the plan, then a report landed and was rendered before that
    process took the render lock: its render must not raise SEQUENCE for the old content."""
    from web import store
    from web.services import builds, calendar_feed

    path = subscribe(client, walk_run_plan)
    token = path.split("/")[2]
    with app.test_request_context(path):
        sub = calendar_feed.subscribed(token)
        options = calendar_feed.feed_options(sub, "")
        stale = builds.build_state(store.plans.plan_by_id(walk_run_plan), sub.timezone, sub.today)
        client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
        current = events(client.get(path).data)
        late = events(calendar_feed.render(stale, options).body)
    assert late == current
    assert events(client.get(path).data) == current
