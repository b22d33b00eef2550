"""The schedule as plain data: each recipient's own 07:00, the window after it, the nudge."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from web.services.reminder_schedule import backoff, due, due_day, quiet
from web.store.reminders import CoachChoice, PlanChoice


@pytest.mark.parametrize(
    ("zone", "utc_instant", "local_day"),
    [
        ("Pacific/Honolulu", datetime(2025, 3, 20, 17, 0, tzinfo=UTC), date(2025, 3, 20)),
        ("Pacific/Auckland", datetime(2025, 3, 19, 18, 0, tzinfo=UTC), date(2025, 3, 20)),
        ("UTC", datetime(2025, 3, 20, 7, 0, tzinfo=UTC), date(2025, 3, 20)),
    ],
)
def test_a_message_falls_due_at_seven_in_the_recipients_own_zone(zone, utc_instant, local_day):
    assert due_day(utc_instant - timedelta(minutes=1), zone, time(7)) is None
    assert due_day(utc_instant, zone, time(7)) == local_day
    assert due_day(utc_instant + timedelta(hours=2, minutes=59), zone, time(7)) == local_day
    assert due_day(utc_instant + timedelta(hours=3), zone, time(7)) is None


@pytest.mark.parametrize(
    ("utc_instant", "local_day"),
    [
        (datetime(2025, 3, 20, 23, 25, tzinfo=UTC), None),  # before 23:30 in London (GMT)
        (datetime(2025, 3, 20, 23, 40, tzinfo=UTC), date(2025, 3, 20)),
        (datetime(2025, 3, 21, 0, 35, tzinfo=UTC), date(2025, 3, 20)),  # past midnight: still
        (datetime(2025, 3, 21, 2, 29, tzinfo=UTC), date(2025, 3, 20)),  # the 3 hours after
        (datetime(2025, 3, 21, 2, 31, tzinfo=UTC), None),
    ],
)
def test_a_late_evening_message_keeps_its_three_hours_past_midnight(utc_instant, local_day):
    assert due_day(utc_instant, "Europe/London", time(23, 30)) == local_day


def test_an_unknown_zone_reads_as_utc():
    assert due_day(datetime(2025, 3, 20, 7, 30, tzinfo=UTC), "Mars/Olympus", time(7)) == date(
        2025, 3, 20
    )


@pytest.mark.parametrize(
    ("last_report", "is_quiet"),
    [(date(2025, 3, 19), False), (date(2025, 3, 18), True), (None, True)],
)
def test_the_nudge_waits_for_two_days_without_a_report(last_report, is_quiet):
    assert quiet(date(2025, 3, 20), date(2025, 3, 1), last_report) is is_quiet


def test_a_plan_that_started_yesterday_is_not_quiet_yet():
    assert not quiet(date(2025, 3, 20), date(2025, 3, 19), None)


def test_due_names_each_kind_once_per_plan_and_day():
    plan = PlanChoice(1, 10, "UTC", time(7), True, True, date(2025, 3, 1), None)
    coach = CoachChoice(20, "UTC", time(7))
    found = list(due(datetime(2025, 3, 20, 7, 5, tzinfo=UTC), [plan], [coach]))
    assert [(d.kind, d.subject, d.day) for d in found] == [
        ("morning", 1, date(2025, 3, 20)),
        ("nudge", 1, date(2025, 3, 20)),
        ("digest", 20, date(2025, 3, 20)),
    ]


def test_nothing_is_due_before_the_plan_starts():
    plan = PlanChoice(1, 10, "UTC", time(7), True, True, date(2025, 3, 21), None)
    assert list(due(datetime(2025, 3, 20, 7, 5, tzinfo=UTC), [plan])) == []


def test_back_off_doubles_and_is_capped():
    assert [backoff(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30, 60).total_seconds() == 3600
