"""Other software accepts the export: two strict parsers, a real CalDAV server, random plans."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time as clock
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import vobject
from hypothesis import given, settings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar, Event

from planner.calendar import CalendarOptions, initial_revisions, to_ics
from planner.model import Day, Item, ItemKind, Phase, Plan
from tests.planner import calendar_fixtures as fx
from tests.planner.properties import PROPERTY

GOLDEN = Path(__file__).parent / "golden"
SERVER_START_SECONDS = 20.0
HTTP_TIMEOUT_SECONDS = 10


def exports() -> dict[str, bytes]:
    """Return the exports every parser must accept: fixture plans and the golden files."""
    variants = {
        "all-day": fx.options(),
        "all-day-alarm": fx.options(alarm_minutes=20),
        "timed": fx.options(start_time=time(6, 45), timezone="Europe/Berlin", alarm_minutes=15),
        "no-link": fx.options(base_url=""),
    }
    found = {
        f"{plan_name}-{name}": to_ics(plan, options, initial_revisions(plan, options))
        for name, options in variants.items()
        for plan_name, plan in (("short", fx.short_plan()), ("halted", fx.halted_plan()))
    }
    found.update({path.name: path.read_bytes() for path in sorted(GOLDEN.glob("*.ics"))})
    return found


EXPORTS = exports()


def uids(ics: bytes) -> list[str]:
    return sorted(str(event["UID"]) for event in Calendar.from_ical(ics).walk("VEVENT"))


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_the_ical_library_parses_the_export_strictly(name: str) -> None:
    ics = EXPORTS[name]
    calendar = IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
    assert sorted(event.uid or "" for event in calendar.events) == uids(ics)
    assert calendar.prodid == "-//return-to-run//planner//EN"


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_vobject_validates_and_round_trips_the_export(name: str) -> None:
    ics = EXPORTS[name]
    parsed = vobject.readOne(ics.decode("utf-8"))
    parsed.validate()
    again = vobject.readOne(parsed.serialize())
    assert sorted(event.uid.value for event in again.vevent_list) == uids(ics)


# A real CalDAV server: Radicale on loopback, stopped by the test.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_listening(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = clock.monotonic() + SERVER_START_SECONDS
    while clock.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"radicale exited early with code {server.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            clock.sleep(0.1)
    pytest.fail(f"radicale did not listen on 127.0.0.1:{port} within {SERVER_START_SECONDS}s")


@pytest.fixture
def radicale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run Radicale on a free loopback port with a temporary store and no auth; yield its URL."""
    pytest.importorskip("radicale", reason="the radicale CalDAV server is not installed")
    # Loopback only: a proxy from the environment must never see this traffic.
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    port = free_port()
    command = [
        sys.executable, "-m", "radicale", "--config",  # no config files: only these flags
        "--server-hosts", f"127.0.0.1:{port}",
        "--storage-filesystem-folder", str(tmp_path / "store"),
        "--auth-type", "none",
        "--logging-level", "error",
    ]  # fmt: skip
    log = (tmp_path / "radicale.log").open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ))
    try:
        wait_until_listening(port, server)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def one_event_calendars(ics: bytes) -> dict[str, bytes]:
    """Split an export into one VCALENDAR per event by UID, as CalDAV stores them (no METHOD)."""
    whole = Calendar.from_ical(ics)
    parts = {}
    for event in whole.walk("VEVENT"):
        single = Calendar()
        for name in ("VERSION", "PRODID", "CALSCALE"):
            single.add(name, whole[name])
        single.add_component(event)
        parts[str(event["UID"])] = single.to_ical()
    return parts


@pytest.mark.parametrize("name", ["short-timed", "halted-all-day-alarm", *sorted(
    path.name for path in GOLDEN.glob("*.ics")
)])  # fmt: skip
def test_a_caldav_server_accepts_every_event(radicale: str, name: str) -> None:
    caldav = pytest.importorskip("caldav", reason="the caldav client is not installed")
    ics = EXPORTS[name]
    client = caldav.DAVClient(
        url=radicale,
        username="runner",
        password="unused",
        auth_type="basic",  # send the user up front: Radicale with auth none never asks
        enable_rfc6764=False,  # no DNS service discovery: stay on loopback
        timeout=HTTP_TIMEOUT_SECONDS,
    )
    with client:
        remote = client.principal().make_calendar(name="plan", cal_id="plan")
        for uid, part in one_event_calendars(ics).items():
            # A plain PUT, as a sync client would: the caldav helpers rewrite SEQUENCE.
            response = client.put(str(remote.url.join(f"{uid}.ics")), part.decode("utf-8"),
                                  {"Content-Type": "text/calendar; charset=utf-8"})  # fmt: skip
            assert response.status == 201, f"{uid}: {response.status} {response.reason}"
        stored = [event.icalendar_component for event in remote.events()]
    assert sorted(str(event["UID"]) for event in stored) == uids(ics)
    written = {str(e["UID"]): essentials(e) for e in Calendar.from_ical(ics).walk("VEVENT")}
    assert {str(event["UID"]): essentials(event) for event in stored} == written


def essentials(event: Event) -> tuple[object, ...]:
    return (event["SEQUENCE"], event["DTSTART"].dt, event["DTSTAMP"].dt, str(event["SUMMARY"]))


# Random small plans still give one parseable event per day, on the right date.

TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.just("\n"), max_size=40)
ITEMS = st.builds(
    Item,
    key=st.text("abcdefghij-", min_size=1, max_size=8),
    kind=st.sampled_from(ItemKind),
    title=TEXT.filter(str.strip),
    dose=TEXT,
)
DAY_SHAPES = st.tuples(
    st.sampled_from(Phase),
    st.lists(ITEMS, max_size=4),
    st.one_of(st.just(0.0), st.floats(min_value=0.5, max_value=120, allow_nan=False)),
    TEXT,
    st.booleans(),
)
OPTIONS = st.builds(
    CalendarOptions,
    name=TEXT.filter(str.strip),
    plan_id=st.text("abcdefXYZ0123456789-_", min_size=1, max_size=20),
    base_url=st.sampled_from(["", "https://example.org", "https://example.org/rtr/"]),
    start_time=st.none() | st.times(),
    timezone=st.sampled_from(["UTC", "Europe/London", "America/New_York", "Pacific/Auckland"]),
    alarm_minutes=st.none() | st.integers(min_value=0, max_value=600),
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    first = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
    shapes = draw(st.lists(DAY_SHAPES, min_size=1, max_size=12))
    days = tuple(
        Day(first + timedelta(days=n), n + 1, phase, None, projected, minutes, None,
            tuple(items), headline)
        for n, (phase, items, minutes, headline, projected) in enumerate(shapes)
    )  # fmt: skip
    return fx.plan(days)


@settings(PROPERTY, max_examples=60)
@given(plan=plans(), options=OPTIONS)
def test_random_plans_give_one_event_per_day_on_its_date(
    plan: Plan, options: CalendarOptions
) -> None:
    ics = to_ics(plan, options, initial_revisions(plan, options))
    assert max(len(line) for line in ics.split(b"\r\n")) <= 75
    found = Calendar.from_ical(ics).walk("VEVENT")
    assert len(found) == len(plan.days)
    zone = ZoneInfo(options.timezone)
    for day, event in zip(plan.days, found, strict=True):
        start = event["DTSTART"].dt
        if options.start_time is None:
            assert start == day.date
        else:
            assert start.tzinfo is not None and start.utcoffset() == timedelta(0)
            assert start.astimezone(zone).date() == day.date
        assert str(event["UID"]) == f"{options.plan_id}-{day.date:%Y%m%d}@return-to-run"
        assert event["DTSTAMP"].dt == datetime.combine(plan.days[0].date, time(0), tzinfo=UTC)
    IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))
