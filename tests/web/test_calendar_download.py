"""The .ics download and the plan's calendar page: links, options, CSRF."""

from __future__ import annotations

import re
from datetime import time
from urllib.parse import quote

import pytest

from tests.web.test_feeds import events, subscribe


def test_the_download_is_an_attachment_of_the_whole_plan(client, plan_id):
    response = client.get(f"/plans/{plan_id}/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="[a-z0-9-]+\.ics"', response.headers["Content-Disposition"]
    )
    assert min(events(response.data)) == f"{plan_id}-20250301@return-to-run"


def test_the_download_is_only_for_the_plans_owner(client, plan_id, other_plan):
    assert client.get(f"/plans/{other_plan}/calendar.ics").status_code == 404


def test_the_download_needs_a_login(app, plan_id):
    response = app.test_client().get(f"/plans/{plan_id}/calendar.ics")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_download_and_feed_agree_on_every_shown_day(app, client, plan_id):
    path = subscribe(client, plan_id)
    feed = events(app.test_client().get(path).data)
    download = events(client.get(f"/plans/{plan_id}/calendar.ics").data)
    assert all(download[uid] == block for uid, block in feed.items())


def test_the_page_shows_the_links_once_then_only_that_one_exists(client, plan_id):
    html = client.post(f"/plans/{plan_id}/calendar-feed/rotate", follow_redirects=True).get_data(
        as_text=True
    )
    https = re.search(r'value="(https?://[^"]+\.ics)"', html).group(1)
    webcal = "webcal://" + https.split("://", 1)[1]
    assert f'href="{webcal}"' in html
    google = "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe="")
    assert f'href="{google}"' in html
    again = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    token = https.split("/")[-2]
    assert token not in again and "A subscription link exists" in again
    assert "This is not medical advice or a diagnosis" in again
    fresh = html.split("Which to use", 1)[1]  # shown with the new link: how to use it on a phone
    assert "iPhone or iPad" in fresh and "Android with Google Calendar" in fresh
    for text in (
        "Google Calendar",
        "Apple Calendar",
        "Outlook.com",
        "Thunderbird",
        f"/plans/{plan_id}/calendar.ics",
    ):
        assert text in again


def test_the_plan_navigation_links_to_the_page(client, plan_id):
    html = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert f'href="/plans/{plan_id}/calendar-feed"' in html


@pytest.mark.parametrize("minutes", ["-5", "lots", "2.5", "99999", "²"])
def test_bad_alarm_minutes_are_named_and_what_was_typed_is_kept(client, plan_id, minutes):
    response = client.post(
        f"/plans/{plan_id}/calendar-feed/options",
        data={"timing": "all_day", "alarm": "1", "alarm_minutes": minutes},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="alarm_minutes-error"' in html and f'value="{minutes}"' in html
    assert re.search(r'name="alarm" value="1"\s*checked', html)


def test_an_all_day_alarm_needs_no_minutes_but_a_timed_one_does(app, client, plan_id):
    all_day = {"timing": "all_day", "alarm": "1", "alarm_minutes": ""}
    assert client.post(f"/plans/{plan_id}/calendar-feed/options", data=all_day).status_code == 200
    body = app.test_client().get(subscribe(client, plan_id)).data
    assert b"BEGIN:VALARM" in body and b"DTSTART;VALUE=DATE:20250320" in body
    client.post(f"/plans/{plan_id}/settings", data={"calendar_time": "07:30"})
    timed = {**all_day, "timing": "timed"}
    refused = client.post(f"/plans/{plan_id}/calendar-feed/options", data=timed)
    assert refused.status_code == 400 and 'id="alarm_minutes-error"' in refused.get_data(
        as_text=True
    )


def test_minutes_typed_without_ticking_remind_me_are_asked_about_not_dropped(client, plan_id):
    options = f"/plans/{plan_id}/calendar-feed/options"
    forgot = client.post(options, data={"timing": "all_day", "alarm_minutes": "45"})
    html = forgot.get_data(as_text=True)
    assert forgot.status_code == 400 and 'id="alarm_minutes-error"' in html
    assert "Tick “Remind me”" in html and 'value="45"' in html
    # the minutes the page showed, untouched, are no reminder asked for: saved as off
    assert (
        client.post(options, data={"timing": "all_day", "alarm_minutes": "30"}).status_code == 200
    )
    on = {"timing": "all_day", "alarm": "1", "alarm_minutes": "45"}
    assert client.post(options, data=on).status_code == 200
    # turning the reminder off sends the stored minutes back: no question then
    off = client.post(options, data={"timing": "all_day", "alarm_minutes": "45"})
    assert off.status_code == 200 and not re.search(
        r'name="alarm" value="1"\s*checked', off.get_data(as_text=True)
    )


def test_timed_events_need_a_calendar_time_first(client, plan_id):
    response = client.post(f"/plans/{plan_id}/calendar-feed/options", data={"timing": "timed"})
    assert response.status_code == 400 and 'id="timing-error"' in response.get_data(as_text=True)


def test_timed_events_with_an_alarm_follow_the_runners_time(app, client, plan_id):
    client.post(f"/plans/{plan_id}/settings", data={"calendar_time": "07:30"})
    response = client.post(
        f"/plans/{plan_id}/calendar-feed/options",
        data={"timing": "timed", "alarm": "1", "alarm_minutes": "15"},
    )
    assert response.status_code == 200
    body = app.test_client().get(subscribe(client, plan_id)).data
    assert b"DTSTART:20250320T073000Z" in body and b"TRIGGER:-PT15M" in body


def test_alarms_are_off_by_default(app, client, plan_id):
    body = app.test_client().get(subscribe(client, plan_id)).data
    assert b"BEGIN:VALARM" not in body and b"DTSTART;VALUE=DATE:20250320" in body


@pytest.mark.parametrize("action", ["rotate", "revoke", "options"])
def test_the_page_forms_need_the_csrf_token(app, client, plan_id, action):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/plans/{plan_id}/calendar-feed/{action}", data={"timing": "timed"})
    assert response.status_code == 400
    from web import store

    with app.test_request_context():
        assert store.feeds.feed_of(plan_id) is None


def set_time_of_day(app, plan_id: int, at: time | None = time(7, 30)) -> None:
    from web import store
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        row = session().get(PlanRow, plan_id)
        store.plans.update_settings(row, clearance=row.clearance, calendar_time=at)


def starts(body: bytes) -> set[bytes]:
    """Each event's DTSTART line, without its date: what kind of event it is."""
    return {re.sub(rb"\d{8}", b"DATE", line) for line in re.findall(rb"DTSTART[^\r]*", body)}


def test_a_plan_with_a_time_of_day_downloads_events_at_that_time(app, client, plan_id):
    set_time_of_day(app, plan_id)
    assert starts(client.get(f"/plans/{plan_id}/calendar.ics").data) == {b"DTSTART:DATET073000Z"}
    set_time_of_day(app, plan_id, None)  # "Blank makes all-day events"
    assert starts(client.get(f"/plans/{plan_id}/calendar.ics").data) == {b"DTSTART;VALUE=DATE:DATE"}


def test_a_feed_follows_the_time_of_day_until_the_runner_chooses_all_day_events(
    app, client, plan_id
):
    path = subscribe(client, plan_id)
    set_time_of_day(app, plan_id)
    assert starts(app.test_client().get(path).data) == {b"DTSTART:DATET073000Z"}
    page = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    assert re.search(r'value="timed"\s+checked', page)  # the page says what the feed does
    chosen = {"timing": "all_day", "alarm": "", "alarm_minutes": ""}
    assert client.post(f"/plans/{plan_id}/calendar-feed/options", data=chosen).status_code == 200
    assert starts(app.test_client().get(path).data) == {b"DTSTART;VALUE=DATE:DATE"}
    set_time_of_day(app, plan_id, time(18, 0))  # a chosen all-day stays chosen
    assert starts(client.get(f"/plans/{plan_id}/calendar.ics").data) == {b"DTSTART;VALUE=DATE:DATE"}


def test_options_saved_before_a_time_of_day_was_set_do_not_keep_the_feed_all_day(
    app, client, plan_id
):
    subscribe(client, plan_id)
    alarm = {"timing": "all_day", "alarm": "1", "alarm_minutes": ""}  # the only timing offered
    assert client.post(f"/plans/{plan_id}/calendar-feed/options", data=alarm).status_code == 200
    set_time_of_day(app, plan_id)
    assert starts(client.get(f"/plans/{plan_id}/calendar.ics").data) == {b"DTSTART:DATET073000Z"}
