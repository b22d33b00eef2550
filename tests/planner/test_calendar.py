"""The iCalendar export (SPEC §6) on hand-built plans: header, events, links, revisions, size."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar, Event

from planner.calendar import (
    DAY_PATH,
    PRODID,
    CalendarOptions,
    Revision,
    event_uid,
    initial_revisions,
    read_revisions,
    revise,
    to_ics,
)
from planner.errors import InputError
from planner.model import Day, Decision, Item, ItemKind, Log, Phase, Plan
from tests.planner import calendar_fixtures as fx

LATER = datetime(2024, 3, 20, 9, 15, 42, 123456, tzinfo=UTC)


def lines(ics: bytes) -> list[str]:
    """Return the unfolded content lines."""
    return ics.replace(b"\r\n ", b"").decode("utf-8").split("\r\n")


def events(ics: bytes) -> dict[date, Event]:
    """Return the events by plan date, read back from their UIDs."""
    found: dict[date, Event] = {}
    for event in Calendar.from_ical(ics).walk("VEVENT"):
        stamp = re.search(r"-(\d{8})@", str(event["UID"]))
        assert stamp is not None
        found[datetime.strptime(stamp[1], "%Y%m%d").date()] = event
    return found


def event_bytes(ics: bytes) -> dict[str, bytes]:
    """Return each VEVENT's raw text by UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", ics, re.DOTALL)
    return {re.search(rb"UID:(\S+)", block)[1].decode(): block for block in blocks}  # type: ignore[index]


def export(plan: Plan, **changes: object) -> bytes:
    options = fx.options(**changes)
    return to_ics(plan, options, initial_revisions(plan, options))


def test_calendar_header_has_the_fixed_properties() -> None:
    head = lines(export(fx.short_plan()))[:10]
    assert head[0] == "BEGIN:VCALENDAR"
    for line in (
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:My return to run",
        "X-WR-CALNAME:My return to run",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
    ):
        assert line in head


def test_the_calendar_name_is_one_escaped_line() -> None:
    head = lines(export(fx.short_plan(), name="Sam's plan,\nweek 1; go"))
    assert "NAME:Sam's plan\\, week 1\\; go" in head
    assert "X-WR-CALNAME:Sam's plan\\, week 1\\; go" in head


def test_calendar_has_no_x_wr_timezone_even_with_a_start_time() -> None:
    ics = export(fx.short_plan(), start_time=time(7), timezone="Europe/Paris")
    assert b"X-WR-TIMEZONE" not in ics
    assert b"VTIMEZONE" not in ics


def test_every_line_ends_in_crlf_and_fits_in_75_octets() -> None:
    ics = export(fx.long_plan(4), start_time=time(7), alarm_minutes=30)
    assert ics.endswith(b"\r\n")
    assert ics.count(b"\n") == ics.count(b"\r\n")
    assert max(len(line) for line in ics.split(b"\r\n")) <= 75
    assert any(line.startswith(b" ") for line in ics.split(b"\r\n"))


def test_each_plan_day_is_one_all_day_transparent_event_by_default() -> None:
    plan = fx.short_plan()
    found = events(export(plan))
    assert sorted(found) == [d.date for d in plan.days]
    for when, event in found.items():
        assert event["DTSTART"].dt == when
        assert event["DTEND"].dt == when + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
    assert b"DTSTART;VALUE=DATE:20240304\r\n" in export(plan)


def test_a_start_time_gives_utc_events_at_local_time_across_daylight_saving() -> None:
    # New York moves its clocks forward on 10 March 2024, inside the fixture plan.
    found = events(export(fx.short_plan(), start_time=time(7, 30), timezone="America/New_York"))
    assert found[date(2024, 3, 9)]["DTSTART"].dt == datetime(2024, 3, 9, 12, 30, tzinfo=UTC)
    assert found[date(2024, 3, 10)]["DTSTART"].dt == datetime(2024, 3, 10, 11, 30, tzinfo=UTC)
    assert all(str(event["TRANSP"]) == "OPAQUE" for event in found.values())


def test_timed_events_last_longer_on_run_days() -> None:
    found = events(export(fx.short_plan(), start_time=time(18)))

    def minutes(when: date) -> float:
        event = found[when]
        return float((event["DTEND"].dt - event["DTSTART"].dt).total_seconds() / 60)

    assert minutes(date(2024, 3, 4)) == 30  # rest
    assert minutes(date(2024, 3, 9)) == 45  # 10-minute test jog
    assert minutes(date(2024, 3, 12)) == 60  # walk-run S3, 18 minutes running
    assert minutes(date(2024, 3, 13)) == 75  # a 35-minute ramp run


def test_a_fixed_duration_option_applies_to_every_timed_day() -> None:
    found = events(export(fx.short_plan(), start_time=time(6), duration_minutes=50))
    assert {e["DTEND"].dt - e["DTSTART"].dt for e in found.values()} == {timedelta(minutes=50)}


def test_uid_is_the_opaque_plan_id_and_the_date_and_holds_no_health_words() -> None:
    ics = export(fx.halted_plan())
    uids = [str(event["UID"]) for event in events(ics).values()]
    assert uids[0] == "p7Hq2xK9-20240304@return-to-run"
    assert all(re.fullmatch(r"p7Hq2xK9-\d{8}@return-to-run", uid) for uid in uids)
    urls = [str(event["URL"]) for event in events(ics).values()]
    for text in uids + urls:
        for word in ("achilles", "tendin", "pain", "fracture", "halt", "rest", "snap"):
            assert word not in text.lower()


def test_url_and_description_link_to_the_day_page() -> None:
    event = events(export(fx.short_plan()))[date(2024, 3, 8)]
    link = "https://example.org" + DAY_PATH.format(plan_id=fx.PLAN_ID, date="2024-03-08")
    assert link == "https://example.org/plans/p7Hq2xK9/days/2024-03-08"
    assert str(event["URL"]) == link
    assert str(event["DESCRIPTION"]).endswith(link)


def test_without_a_base_url_there_is_no_link() -> None:
    ics = export(fx.short_plan(), base_url="")
    assert b"URL:" not in ics
    assert b"/plans/" not in ics


def test_description_lists_every_item_with_its_dose() -> None:
    description = str(events(export(fx.short_plan()))[date(2024, 3, 7)]["DESCRIPTION"])
    assert description.startswith(
        "- Towel scrunches: 3×15 per foot\n- Isometric calf holds: 5×45 s\n"
    )


def decided_plan(*decisions: Decision) -> Plan:
    return replace(fx.short_plan(), decisions=decisions)


def why(plan: Plan, when: date) -> str | None:
    description = str(events(export(plan))[when]["DESCRIPTION"])
    found = re.search(r"Why this changed: (.*)", description)
    return found[1] if found else None


def test_description_explains_the_latest_decision_on_or_before_the_day() -> None:
    plan = decided_plan(
        Decision(date(2024, 3, 5), "a", "First."),
        Decision(date(2024, 3, 8), "b", "Second."),
        Decision(date(2024, 3, 8), "c", "Third, same day."),
        Decision(date(2024, 3, 11), "d", "Later."),
    )
    assert why(plan, date(2024, 3, 4)) is None
    assert why(plan, date(2024, 3, 7)) == "First."
    assert why(plan, date(2024, 3, 8)) == "Third, same day."
    assert why(plan, date(2024, 3, 10)) == "Third, same day."
    assert why(plan, date(2024, 3, 13)) == "Later."


def test_text_a_person_typed_reads_back_exactly_even_a_backslash_before_an_n() -> None:
    typed = r"Dr Lee, letter in \\NHS\Notes; C:\New\notes"
    plan = decided_plan(Decision(date(2024, 3, 5), "a", typed))
    assert why(plan, date(2024, 3, 5)) == typed


def test_control_characters_never_reach_the_file_so_strict_parsers_take_it() -> None:
    plan = decided_plan(Decision(date(2024, 3, 5), "a", "Dr A\x0bB\x1bC\x7fD\x0cE\x85F\tG"))
    ics = export(plan)
    assert not re.search(rb"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]", ics.replace(b"\r\n", b""))
    assert "\x85" not in ics.decode("utf-8")
    assert why(plan, date(2024, 3, 5)) == "Dr A B C D E F\tG"
    IcsCalendarStream.calendar_from_ics(ics.decode("utf-8"))  # raises on a control character


def test_a_decision_older_than_14_days_no_longer_explains_a_day() -> None:
    days = tuple(fx.day(n, Phase.REHAB, (fx.SCRUNCHES,)) for n in range(1, 20))
    plan = fx.plan(days, (Decision(days[0].date, "a", "Old news."),))
    assert why(plan, days[14].date) == "Old news."
    assert why(plan, days[15].date) is None


def test_categories_name_the_phase_and_running_on_run_days() -> None:
    found = events(export(fx.short_plan()))
    assert found[date(2024, 3, 4)]["CATEGORIES"].cats == ["rest"]
    assert found[date(2024, 3, 12)]["CATEGORIES"].cats == ["walk_run", "running"]
    assert found[date(2024, 3, 13)]["CATEGORIES"].cats == ["ramp", "running"]


def summaries(plan: Plan) -> list[str]:
    return [str(event["SUMMARY"]) for event in events(export(plan)).values()]


def test_summary_says_the_phase_and_the_headline() -> None:
    assert summaries(fx.short_plan()) == [
        "Rest & observe",
        "Rest & observe",
        "Rest & observe",
        "Rehab",
        "Rehab",
        "Pain-free test · 10 min jog",
        "Walk-run S1 · 10 min running",
        "Walk-run S2 · 14 min running",
        "Walk-run S3 · 18 min running",
        "Ramp week 2 · 35 min run",
    ]


def test_summary_uses_the_engine_headline_when_there_is_one() -> None:
    day = fx.day(8, Phase.WALK_RUN, stage="B1", run_minutes=4, headline="Walk-run B1 · 8 × 30 s")
    assert summaries(fx.plan((day,))) == ["Walk-run B1 · 8 × 30 s"]


def test_summary_of_a_walk_run_day_without_running_says_so() -> None:
    day = fx.day(30, Phase.WALK_RUN, (fx.SCRUNCHES,), stage="B2")
    assert summaries(fx.plan((day,))) == ["Walk-run B2 · no run today"]


def test_a_halted_day_shows_the_referral_first_and_prominently() -> None:
    event = events(export(fx.halted_plan()))[date(2024, 3, 8)]
    assert str(event["SUMMARY"]) == "Plan stopped · see a professional"
    assert str(event["DESCRIPTION"]).startswith(
        "SEE A PROFESSIONAL: See a professional: Get a same-day assessment"
    )
    assert "Why this changed: You felt a snap or pop" in str(event["DESCRIPTION"])
    assert event["CATEGORIES"].cats == ["halted"]


def test_alarms_are_off_by_default() -> None:
    assert b"VALARM" not in export(fx.short_plan(), start_time=time(7))


def test_the_alarm_option_reminds_before_a_timed_event() -> None:
    found = events(export(fx.short_plan(), start_time=time(7), alarm_minutes=45))
    for event in found.values():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm["TRIGGER"].dt == timedelta(minutes=-45)
        assert str(alarm["DESCRIPTION"]) == str(event["SUMMARY"])


def test_an_all_day_alarm_fires_at_seven_in_the_morning_of_the_day() -> None:
    ics = export(fx.short_plan(), alarm_minutes=30)
    assert ics.count(b"BEGIN:VALARM") == 10
    assert ics.count(b"TRIGGER:PT7H\r\n") == 10


def test_window_start_keeps_only_the_days_on_or_after_it() -> None:
    found = events(export(fx.short_plan(), window_start=date(2024, 3, 11)))
    assert sorted(found) == [date(2024, 3, 11), date(2024, 3, 12), date(2024, 3, 13)]


def test_the_same_plan_and_revisions_give_the_same_bytes() -> None:
    plan, options = fx.short_plan(), fx.options(start_time=time(7), alarm_minutes=10)
    revisions = revise(plan, {}, LATER, options)
    assert to_ics(plan, options, revisions) == to_ics(fx.short_plan(), options, dict(revisions))


def test_the_feed_for_a_52_week_plan_stays_under_one_megabyte() -> None:
    ics = export(fx.long_plan(52), start_time=time(7), alarm_minutes=15)
    assert ics.count(b"BEGIN:VEVENT") == 364
    assert len(ics) < 1_000_000


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "  "}, "name"),
        ({"plan_id": "Jane Doe"}, "plan_id"),
        ({"plan_id": ""}, "plan_id"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../etc"}, "timezone"),
        ({"alarm_minutes": -5}, "alarm_minutes"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"start_time": time(7, tzinfo=UTC)}, "start_time"),
    ],
)
def test_bad_options_name_the_field_at_fault(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InputError) as raised:
        fx.options(**changes)
    assert raised.value.field == field


# Revisions: SEQUENCE and LAST-MODIFIED move only for days whose content changed.


def changed_plan() -> Plan:
    """Return the short plan with day 9 (12 March) dropped back a stage."""
    plan = fx.short_plan()
    days = list(plan.days)
    days[8] = fx.walk_run(9, "S2", 14)
    return replace(plan, days=tuple(days))


def test_initial_revisions_are_sequence_zero_stamped_at_the_first_day() -> None:
    revisions = initial_revisions(fx.short_plan(), fx.options())
    first = datetime(2024, 3, 4, tzinfo=UTC)
    assert {(r.sequence, r.modified) for r in revisions.values()} == {(0, first)}
    assert len({r.digest for r in revisions.values()}) == len(revisions)


def test_unchanged_days_keep_their_revision_and_their_bytes() -> None:
    options = fx.options()
    before = initial_revisions(fx.short_plan(), options)
    after = revise(fx.short_plan(), before, LATER, options)
    assert after == before
    assert to_ics(fx.short_plan(), options, after) == to_ics(fx.short_plan(), options, before)


def test_a_changed_day_gets_a_higher_sequence_and_new_stamps() -> None:
    options = fx.options()
    before = initial_revisions(fx.short_plan(), options)
    after = revise(changed_plan(), before, LATER, options)
    changed = date(2024, 3, 12)
    assert after[changed].sequence == 1
    assert after[changed].modified == datetime(2024, 3, 20, 9, 15, 42, tzinfo=UTC)
    assert {when for when in after if after[when] != before[when]} == {changed}
    old, new = (
        event_bytes(to_ics(fx.short_plan(), options, before)),
        event_bytes(to_ics(changed_plan(), options, after)),
    )
    uid = event_uid(fx.PLAN_ID, changed)
    assert b"SEQUENCE:1\r\n" in new[uid]
    assert b"DTSTAMP:20240320T091542Z\r\n" in new[uid]
    assert b"LAST-MODIFIED:20240320T091542Z\r\n" in new[uid]
    assert {key for key in old if old[key] != new[key]} == {uid}


def test_a_decision_bumps_the_days_it_explains() -> None:
    options = fx.options()
    before = initial_revisions(fx.short_plan(), options)
    news = Decision(date(2024, 3, 12), "hold", "Morning pain rose: S3 repeats.")
    plan = replace(fx.short_plan(), decisions=fx.short_plan().decisions + (news,))
    after = revise(plan, before, LATER, options)
    assert {when for when in after if after[when].sequence} == {
        date(2024, 3, 12),
        date(2024, 3, 13),
    }


def test_a_day_turning_from_projected_to_real_keeps_its_revision() -> None:
    options = fx.options()
    plan = fx.short_plan()
    real = replace(plan, days=tuple(replace(d, projected=False) for d in plan.days))
    assert revise(real, initial_revisions(plan, options), LATER, options) == initial_revisions(
        plan, options
    )


def test_moving_the_start_time_bumps_every_day() -> None:
    plan = fx.short_plan()
    before = initial_revisions(plan, fx.options(start_time=time(7)))
    after = revise(plan, before, LATER, fx.options(start_time=time(8)))
    assert {r.sequence for r in after.values()} == {1}


def test_days_that_disappear_are_neither_revised_nor_emitted() -> None:
    options = fx.options()
    before = initial_revisions(fx.short_plan(), options)
    shorter = fx.halted_plan()
    after = revise(shorter, before, LATER, options)
    assert sorted(after) == [d.date for d in shorter.days]
    assert sorted(events(to_ics(shorter, options, before))) == sorted(after)


def test_days_before_the_window_keep_their_revision() -> None:
    plan = fx.short_plan()
    before = initial_revisions(plan, fx.options())
    after = revise(changed_plan(), before, LATER, fx.options(window_start=date(2024, 3, 13)))
    assert after == before


def test_last_modified_moves_forward_even_when_now_is_earlier() -> None:
    options = fx.options()
    before = initial_revisions(fx.short_plan(), options)
    early = datetime(2024, 1, 1, tzinfo=UTC)
    after = revise(changed_plan(), before, early, options)
    assert after[date(2024, 3, 12)].modified == datetime(2024, 3, 4, 0, 0, 1, tzinfo=UTC)


def test_revise_needs_a_timezone_aware_now() -> None:
    with pytest.raises(InputError, match="now"):
        revise(fx.short_plan(), {}, datetime(2024, 3, 20), fx.options())


def test_read_revisions_recovers_what_was_written() -> None:
    options = fx.options(start_time=time(23, 30), timezone="Pacific/Auckland", alarm_minutes=5)
    revisions = revise(changed_plan(), initial_revisions(fx.short_plan(), options), LATER, options)
    assert read_revisions(to_ics(changed_plan(), options, revisions)) == revisions


def test_exporting_twice_bumps_only_the_changed_days() -> None:
    options = fx.options()
    first = to_ics(fx.short_plan(), options, initial_revisions(fx.short_plan(), options))
    again = revise(fx.short_plan(), read_revisions(first), LATER, options)
    assert to_ics(fx.short_plan(), options, again) == first
    second = to_ics(
        changed_plan(), options, revise(changed_plan(), read_revisions(first), LATER, options)
    )
    sequences = {when: int(e["SEQUENCE"]) for when, e in events(second).items()}
    assert {when for when, sequence in sequences.items() if sequence} == {date(2024, 3, 12)}


def test_read_revisions_ignores_foreign_events_and_rejects_non_calendars() -> None:
    foreign = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:meeting@example.org\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:20240101T090000Z\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert read_revisions(foreign) == {}
    with pytest.raises(InputError):
        read_revisions(b"this is not a calendar")


def test_read_revisions_skips_hand_broken_events_and_reads_floating_stamps_as_utc() -> None:
    def event(uid: str, *lines: str) -> str:
        return (
            "BEGIN:VEVENT\r\nUID:"
            + uid
            + "\r\n"
            + "".join(f"{x}\r\n" for x in lines)
            + "END:VEVENT\r\n"
        )

    ics = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
        + event("ab-20240101@return-to-run", "DTSTAMP:garbage")
        + event("ab-20240102@return-to-run", "DTSTAMP:20240101T000000Z", "SEQUENCE:x")
        + event("ab-20241399@return-to-run", "DTSTAMP:20240101T000000Z")
        + event("ab-20240103@return-to-run", "LAST-MODIFIED:20240102T030405", "SEQUENCE:4")
        + "END:VCALENDAR\r\n"
    )
    stamp = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert read_revisions(ics.encode()) == {date(2024, 1, 3): Revision(4, stamp, "")}


def test_an_event_without_a_digest_is_bumped_on_the_next_revise() -> None:
    options = fx.options()
    ics = to_ics(fx.short_plan(), options, initial_revisions(fx.short_plan(), options))
    stripped = re.sub(rb"X-RTR-DIGEST:\w+\r\n", b"", ics)
    after = revise(fx.short_plan(), read_revisions(stripped), LATER, options)
    assert {r.sequence for r in after.values()} == {1}


@pytest.mark.parametrize(
    ("written", "read"),
    [("99999999999999999999999999", 2**31 - 1), ("2147483648", 2**31 - 1), ("-5", 0)],
)
def test_a_sequence_outside_rfc_5545s_range_is_read_as_the_nearest_it_allows(
    written: str, read: int
) -> None:
    options = fx.options()
    ics = to_ics(fx.short_plan(), options, initial_revisions(fx.short_plan(), options))
    edited = ics.replace(b"SEQUENCE:0\r\n", f"SEQUENCE:{written}\r\n".encode())
    assert {r.sequence for r in read_revisions(edited).values()} == {read}


def test_a_day_changed_at_the_highest_sequence_keeps_it_and_moves_its_stamps() -> None:
    options = fx.options()
    before = {
        when: replace(revision, sequence=2**31 - 1)
        for when, revision in initial_revisions(fx.short_plan(), options).items()
    }
    after = revise(changed_plan(), before, LATER, options)
    changed = date(2024, 3, 12)
    assert (
        after[changed].sequence == 2**31 - 1 and after[changed].modified > before[changed].modified
    )
    new = event_bytes(to_ics(changed_plan(), options, after))[event_uid(fx.PLAN_ID, changed)]
    assert b"SEQUENCE:2147483647\r\n" in new and b"DTSTAMP:20240320T091542Z\r\n" in new


def test_revision_is_a_plain_value() -> None:
    moment = datetime(2024, 3, 4, tzinfo=UTC)
    assert Revision(1, moment, "ab") == Revision(1, moment, "ab")
    assert isinstance(CalendarOptions(name="x", plan_id="abc"), CalendarOptions)


def test_an_item_without_a_dose_is_listed_by_its_title() -> None:
    item = Item("note", ItemKind.NOTE, "Keep a daily pain log", "")
    day: Day = fx.day(2, Phase.REST, (item,))
    description = str(events(export(fx.plan((day,))))[day.date]["DESCRIPTION"])
    assert description.startswith("- Keep a daily pain log\n\n")


# Golden files: real engine plans with fixed inputs (calendar_fixtures.golden_exports), pinned
# byte for byte. After an intended change to the export or the engine, regenerate them with
#     UPDATE_GOLDEN=1 pytest tests/planner/test_calendar.py
# and read the diff before committing it.

GOLDEN = Path(__file__).parent / "golden"
GOLDEN_NAMES = ("tendon.ics", "bone.ics", "halted.ics", "timed.ics")


@pytest.fixture(scope="module")
def golden_exports() -> dict[str, bytes]:
    return fx.golden_exports()


@pytest.mark.parametrize("name", GOLDEN_NAMES)
def test_the_export_matches_its_golden_file(golden_exports: dict[str, bytes], name: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(golden_exports[name])
    assert path.exists(), f"{name} is missing: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert golden_exports[name] == path.read_bytes(), (
        f"{name} changed; if intended, regenerate with UPDATE_GOLDEN=1 and review the diff"
    )


def test_the_golden_halted_plan_refers_and_runs_no_more() -> None:
    found = events((GOLDEN / "halted.ics").read_bytes())
    halt = date(2024, 3, 8)
    assert str(found[halt]["SUMMARY"]) == "Plan stopped · see a professional"
    assert str(found[halt]["DESCRIPTION"]).startswith(
        "SEE A PROFESSIONAL: Felt a snap or pop: Get a same-day assessment"
    )
    assert "Why this changed: Red flag on Friday 8 March" in str(found[halt]["DESCRIPTION"])
    assert all("running" not in event["CATEGORIES"].cats for event in found.values())
    assert max(found) > halt


def test_the_day_a_red_flag_stopped_the_plan_lists_the_run_done_before_it() -> None:
    from planner.engine import build

    # The pain-free test of 11 March was run and scored in the report that stopped the plan.
    stop = replace(fx.TENDON_REPORTS[1], flags=("night_pain",))
    plan = build(fx.TENDON, Log(reports=(fx.TENDON_REPORTS[0], stop)), date(2024, 3, 11))
    event = events(export(plan))[date(2024, 3, 11)]
    assert str(event["SUMMARY"]) == "Plan stopped · see a professional"
    description = str(event["DESCRIPTION"])
    assert description.startswith("SEE A PROFESSIONAL: Pain at night")
    assert "- Pain-free test · done before the stop: " in description
    assert "running" not in event["CATEGORIES"].cats


def test_the_golden_timed_plan_keeps_seven_in_london_across_the_clock_change() -> None:
    found = events((GOLDEN / "timed.ics").read_bytes())
    assert min(found) == date(2024, 3, 7)
    assert found[date(2024, 3, 30)]["DTSTART"].dt.hour == 7
    assert found[date(2024, 3, 31)]["DTSTART"].dt.hour == 6
    assert {int(e["SEQUENCE"]) for e in found.values()} == {0, 1}
