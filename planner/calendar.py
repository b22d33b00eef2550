"""Export a plan as iCalendar (SPEC §6): one event per day, with revisions that move only on change.

Design, in short:
- Every plan day is one VEVENT whose UID is `<plan id>-<YYYYMMDD>@return-to-run`; the plan id is
  opaque (chosen by the caller), so UIDs and URLs carry no name, condition or pain.
- All-day events by default. With a start time, timed events are written in UTC (`...Z`), so no
  VTIMEZONE is needed; the runner's IANA zone only turns their local time into UTC for each date,
  daylight saving included (a local time that does not exist is read with the offset before the
  change, as `zoneinfo` does).
- A `Revision` is (SEQUENCE, LAST-MODIFIED, digest). The digest hashes what the runner sees:
  date, times, summary, description, URL, categories and alarm. The engine's `projected` flag is
  not shown in events (the calendar's own description says days ahead are projected), so a day
  turning from projected into real does not bump SEQUENCE. `revise` bumps SEQUENCE and sets
  LAST-MODIFIED = now only for days whose digest changed; DTSTAMP = LAST-MODIFIED, so the same
  plan and revisions always give the same bytes. The digest is kept in `X-RTR-DIGEST` so that
  `read_revisions` can recover revisions from a file written earlier. A file (the command
  line's) also keeps the revisions of days no longer in the plan, one `X-RTR-RETIRED` line each,
  so a day that comes back never steps back to a lower SEQUENCE than a calendar holds.
- Alarms are off unless `alarm_minutes` is set: timed events then remind that many minutes before
  the start; all-day events have no time to count back from and remind at 07:00 on the day.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, vDuration, vText

from planner import calendar_text
from planner.errors import InputError
from planner.model import Day, Decision, Plan

PRODID = "-//return-to-run//planner//EN"
UID_FORMAT = "{plan_id}-{date:%Y%m%d}@return-to-run"
DAY_PATH = "/plans/{plan_id}/days/{date}"  # date as YYYY-MM-DD; the web app routes the same path
DIGEST_PROPERTY = "X-RTR-DIGEST"
RETIRED_PROPERTY = "X-RTR-RETIRED"  # a day no longer in the plan: date/sequence/stamp/digest
REFRESH = timedelta(hours=1)
DECISION_MAX_AGE = timedelta(days=14)  # older decisions no longer explain a day
ALL_DAY_ALARM = timedelta(hours=7)  # from the start of an all-day event: 07:00 on the day
SESSION_MINUTES = 30  # a timed day without running: exercises, ice, cross-training
SLOT_MINUTES = 15  # run days: the run plus warm-up and cool-down, rounded up to this
RUNNING_CATEGORY = "running"
_PLAN_ID = re.compile(r"[A-Za-z0-9._~-]{1,128}")
_UID = re.compile(r"(?P<plan_id>.+)-(?P<date>\d{8})@return-to-run")
_RETIRED = re.compile(
    r"(?P<date>\d{8})/(?P<sequence>\d{1,10})/(?P<stamp>\d{8}T\d{6}Z)/(?P<digest>\w*)"
)


@dataclass(frozen=True)
class CalendarOptions:
    """How to export a plan: names, links, times, alarms and the window of days."""

    name: str
    plan_id: str  # opaque: never a name, condition or anything about health
    base_url: str = ""  # e.g. "https://example.org"; empty = no day links
    start_time: time | None = None  # None = all-day events
    timezone: str = "UTC"  # IANA zone of start_time
    alarm_minutes: int | None = None  # None = no alarm
    window_start: date | None = None  # emit only days on or after it
    duration_minutes: int | None = None  # None = fit the day (longer on run days)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise InputError("name", "give the calendar a name")
        if not _PLAN_ID.fullmatch(self.plan_id):
            raise InputError("plan_id", "use 1-128 letters, digits, '.', '_', '~' or '-'")
        if self.start_time is not None and self.start_time.tzinfo is not None:
            raise InputError("start_time", "give a local time; the zone goes in `timezone`")
        if self.alarm_minutes is not None and self.alarm_minutes < 0:
            raise InputError("alarm_minutes", "must be 0 or more")
        if self.duration_minutes is not None and self.duration_minutes <= 0:
            raise InputError("duration_minutes", "must be more than 0")
        self.zone()

    def zone(self) -> ZoneInfo:
        """Return the runner's time zone."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise InputError("timezone", f"unknown IANA time zone {self.timezone!r}") from error

    def day_link(self, when: date) -> str | None:
        """Return the web page of one plan day, or None without a base URL."""
        if not self.base_url:
            return None
        path = DAY_PATH.format(plan_id=self.plan_id, date=when.isoformat())
        return self.base_url.rstrip("/") + path


# RFC 5545 integers are 32-bit: no SEQUENCE above this can be written. A day already there
# keeps it when it changes again, with a later DTSTAMP: RFC 5546 lets that later stamp win.
MAX_SEQUENCE = 2**31 - 1


@dataclass(frozen=True)
class Revision:
    """What a calendar client knows of one day: SEQUENCE, LAST-MODIFIED and a content digest."""

    sequence: int
    modified: datetime  # UTC, whole seconds
    digest: str


@dataclass(frozen=True)
class _Rendered:
    """Everything one event shows, before any revision is attached."""

    day: date
    summary: str
    description: str
    url: str | None
    categories: tuple[str, ...]
    start: date | datetime
    end: date | datetime
    alarm: timedelta | None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    def digest(self) -> str:
        content = [
            self.day.isoformat(),
            self.summary,
            self.description,
            self.url,
            list(self.categories),
            self.start.isoformat(),
            self.end.isoformat(),
            None if self.alarm is None else self.alarm.total_seconds(),
        ]
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def to_ics(
    plan: Plan,
    options: CalendarOptions,
    revisions: Mapping[date, Revision],
    retired: Mapping[date, Revision] | None = None,
) -> bytes:
    """Return the plan as iCalendar bytes; days missing from `revisions` get their initial one.
    `retired`: revisions of days no longer in the plan, kept in the file for `read_revisions`."""
    calendar = _calendar(options)
    for day, revision in sorted((retired or {}).items()):
        stamp = revision.modified.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        value = f"{day:%Y%m%d}/{revision.sequence}/{stamp}/{revision.digest}"
        calendar.add(RETIRED_PROPERTY, vText(value))
    first = _first_midnight(plan)
    for rendered in _render_days(plan, options):
        revision = revisions.get(rendered.day) or Revision(0, first, rendered.digest())
        calendar.add_component(_event(rendered, options, revision))
    ics: bytes = calendar.to_ical()
    return ics


def revise(
    plan: Plan, previous: Mapping[date, Revision], now: datetime, options: CalendarOptions
) -> dict[date, Revision]:
    """Return each day's revision: unchanged days keep theirs, changed days move to `now`."""
    if now.tzinfo is None:
        raise InputError("now", "must be timezone-aware")
    stamp = _utc_seconds(now)
    rendered_days = _render_days(plan, options)
    shown = {rendered.day for rendered in rendered_days}
    # Days before the window are not re-rendered; keep what clients were last told about them.
    result = {
        day.date: previous[day.date]
        for day in plan.days
        if day.date in previous and day.date not in shown
    }
    for rendered in rendered_days:
        digest = rendered.digest()
        old = previous.get(rendered.day)
        if old is None:
            result[rendered.day] = Revision(0, stamp, digest)
        elif old.digest == digest:
            result[rendered.day] = old
        else:
            # LAST-MODIFIED must move forward even if `now` is behind an earlier stamp.
            modified = max(stamp, old.modified + timedelta(seconds=1))
            result[rendered.day] = Revision(min(old.sequence + 1, MAX_SEQUENCE), modified, digest)
    return result


def initial_revisions(plan: Plan, options: CalendarOptions) -> dict[date, Revision]:
    """Return sequence-0 revisions stamped at the plan's first day, 00:00 UTC: no clock needed."""
    return revise(plan, {}, _first_midnight(plan), options)


def read_revisions(ics: bytes) -> dict[date, Revision]:
    """Recover the revisions of a file written by `to_ics`; foreign events are ignored.

    A SEQUENCE no export writes (hand-edited: below 0, or beyond the 32-bit integers of RFC
    5545) is read as the nearest one it could write, 0 or MAX_SEQUENCE, rather than refusing
    the file: a client that took the file holds the day at a high sequence, so a changed day
    must not step back below it; at MAX_SEQUENCE its later DTSTAMP still wins (RFC 5546
    §2.1.5), so calendars keep taking the updates."""
    try:
        calendar = Calendar.from_ical(ics)
    except ValueError as error:
        raise InputError("ics", f"not an iCalendar file: {error}") from error
    if not isinstance(calendar, Calendar):
        raise InputError("ics", "not an iCalendar file: no VCALENDAR")
    revisions = _retired(calendar)
    for event in calendar.walk("VEVENT"):
        match = _UID.fullmatch(str(event.get("UID", "")))
        try:  # a hand-edited or foreign event is not ours to revise: skip it
            stamp = getattr(event.get("LAST-MODIFIED") or event.get("DTSTAMP"), "dt", None)
            when = datetime.strptime(match["date"], "%Y%m%d").date() if match else None
            sequence = min(max(int(event.get("SEQUENCE", 0)), 0), MAX_SEQUENCE)
        except (TypeError, ValueError):
            continue
        if when is None or not isinstance(stamp, datetime):
            continue
        # Without a digest the next `revise` sees a change and bumps: never a step backwards.
        digest = str(event.get(DIGEST_PROPERTY, ""))
        revisions[when] = Revision(sequence, _utc_seconds(stamp), digest)
    return revisions


def _retired(calendar: Calendar) -> dict[date, Revision]:
    """The revisions a file keeps of days no longer in its plan (hand-broken lines skipped)."""
    found = calendar.get(RETIRED_PROPERTY, [])
    revisions: dict[date, Revision] = {}
    for value in found if isinstance(found, list) else [found]:
        match = _RETIRED.fullmatch(str(value))
        if match is None:
            continue
        try:
            when = datetime.strptime(match["date"], "%Y%m%d").date()
            stamp = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        except ValueError:  # digits that are no date
            continue
        sequence = min(int(match["sequence"]), MAX_SEQUENCE)
        revisions[when] = Revision(sequence, stamp, match["digest"])
    return revisions


def read_plan_id(ics: bytes) -> str | None:
    """The plan id in the UIDs of a file `to_ics` wrote (the first event's), or None."""
    try:
        calendar = Calendar.from_ical(ics)
    except ValueError:
        return None
    for event in calendar.walk("VEVENT") if isinstance(calendar, Calendar) else ():
        match = _UID.fullmatch(str(event.get("UID", "")))
        if match:
            return match["plan_id"]
    return None


class Text(vText):
    r"""A TEXT value escaped as RFC 5545 §3.3.11 says, and nothing more.

    icalendar reads a backslash followed by "N" as a line break before it escapes, so a note
    that says "letter in \NHS" would lose its backslash and its N; and it writes control
    characters as they are, which strict parsers refuse (one in a note broke the whole feed).
    Here a control character (a tab apart) becomes a space, line endings become "\n", and
    backslashes, semicolons and commas are escaped, in that order."""

    def to_ical(self) -> bytes:
        text = _CONTROL.sub(" ", str(self).replace("\r\n", "\n").replace("\r", "\n"))
        for plain, escaped in _ESCAPES:
            text = text.replace(plain, escaped)
        return text.encode("utf-8")


# C0 and C1 controls and DEL, but the tab and the line feed TEXT may carry.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ESCAPES = (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n"))


def event_uid(plan_id: str, when: date) -> str:
    """Return the stable UID of one plan day."""
    return UID_FORMAT.format(plan_id=plan_id, date=when)


def _calendar(options: CalendarOptions) -> Calendar:
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # A name is one line; icalendar 7.3 does not escape NAME by itself, so say it is TEXT.
    name = Text(" ".join(options.name.split()))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("description", calendar_text.CALENDAR_DESCRIPTION)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def _render_days(plan: Plan, options: CalendarOptions) -> list[_Rendered]:
    decisions = sorted(plan.decisions, key=lambda decision: decision.date)
    decision_dates = [decision.date for decision in decisions]
    window = options.window_start
    return [
        _render(day, _latest_decision(decisions, decision_dates, day.date), options)
        for day in plan.days
        if window is None or day.date >= window
    ]


def _latest_decision(decisions: list[Decision], dates: list[date], when: date) -> Decision | None:
    index = bisect.bisect_right(dates, when)
    if index and when - dates[index - 1] <= DECISION_MAX_AGE:
        return decisions[index - 1]
    return None


def _render(day: Day, decision: Decision | None, options: CalendarOptions) -> _Rendered:
    link = options.day_link(day.date)
    categories = (day.phase.value,) + ((RUNNING_CATEGORY,) if day.is_run_day else ())
    start: date | datetime = day.date
    end: date | datetime = day.date + timedelta(days=1)
    alarm = None if options.alarm_minutes is None else ALL_DAY_ALARM
    if options.start_time is not None:
        local = datetime.combine(day.date, options.start_time, tzinfo=options.zone())
        start = _utc_seconds(local)
        end = start + _duration(day, options)
        if options.alarm_minutes is not None:
            alarm = -timedelta(minutes=options.alarm_minutes)
    return _Rendered(
        day=day.date,
        summary=calendar_text.summary(day),
        description=calendar_text.description(day, decision, link),
        url=link,
        categories=categories,
        start=start,
        end=end,
        alarm=alarm,
    )


def _duration(day: Day, options: CalendarOptions) -> timedelta:
    if options.duration_minutes is not None:
        return timedelta(minutes=options.duration_minutes)
    if not day.is_run_day:
        return timedelta(minutes=SESSION_MINUTES)
    minutes = SESSION_MINUTES + day.run_minutes
    return timedelta(minutes=math.ceil(minutes / SLOT_MINUTES) * SLOT_MINUTES)


def _event(rendered: _Rendered, options: CalendarOptions, revision: Revision) -> Event:
    event = Event()
    event.add("uid", event_uid(options.plan_id, rendered.day))
    event.add("dtstamp", revision.modified)
    event.add("last-modified", revision.modified)
    event.add("sequence", revision.sequence)
    event.add("summary", Text(rendered.summary))
    event.add("dtstart", rendered.start)
    event.add("dtend", rendered.end)
    event.add("transp", "TRANSPARENT" if rendered.all_day else "OPAQUE")
    event.add("description", Text(rendered.description))
    if rendered.url:
        event.add("url", rendered.url)
    event.add("categories", list(rendered.categories))
    event.add(DIGEST_PROPERTY, revision.digest)
    if rendered.alarm is not None:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", Text(rendered.summary))
        alarm.add("trigger", rendered.alarm)
        event.add_component(alarm)
    return event


def _first_midnight(plan: Plan) -> datetime:
    first = plan.days[0].date if plan.days else plan.as_of
    return datetime.combine(first, time(0), tzinfo=UTC)


def _utc_seconds(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # a floating stamp in a foreign file: read it as UTC, not local
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0)
