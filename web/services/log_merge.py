"""An import merges into the log: what it adds, changes and keeps, and the checks it passes first.

Nothing is ever deleted by an import (the web upload or the API's `PUT /log`): a report in the
file replaces its day's scores but keeps every red flag stored for that day, and the stored note
before the file's (joined with " / ", as two reports of one day in a file are); ticks,
clearances, retractions and watch activities (by their stable id) are added to what is there. Everything is checked against the plan
the merged log builds before anything is written: each tick names an item of its day, and the
log stays within the configured size.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.engine import build
from planner.errors import InputError
from planner.model import Clearance, Log, PlanSpec, Report, Retraction
from planner.reports import merge_reports
from planner.wording import day_ref
from web.forms.limits import MAX_NOTE
from web.store.records import Merge, limit

# The lists of a log and the bound each falls under (MAX_<kind>_PER_REQUEST, _PER_PLAN).
LISTS = {
    "reports": "REPORTS",
    "completions": "COMPLETIONS",
    "clearances": "REPORTS",
    "retractions": "REPORTS",
    "activities": "REPORTS",
}  # clearances, retractions and watch activities are bounded like reports


class LogChanged(Exception):
    """The log kept changing while an import was checked: nothing was written."""


NOTE_JOIN = " / "  # as planner.reports.merge joins two reports of one day
LONG_NOTES = (
    "On {day} the stored note and the file's together pass {most} characters: an import keeps "
    "both, so shorten the file's note for that day."
)


def merged_report(stored: Report | None, incoming: Report) -> Report:
    """The file's scores, with every red flag already stored for the day kept, and the stored
    note kept before the file's (joined as two reports of a day in one file are: an import
    never drops what the runner wrote, and the preview shows both)."""
    if stored is None:
        return incoming
    kept = tuple(f for f in stored.flags if f not in incoming.flags)
    return replace(incoming, flags=kept + incoming.flags, note=joined(stored.note, incoming.note))


def joined(stored: str, incoming: str) -> str:
    """The stored note with the file's after it; a note either already holds is not added
    again (the same file imported twice, an older backup restored, an export edited)."""
    if incoming in stored.split(NOTE_JOIN) or not incoming:
        return stored
    if stored in incoming.split(NOTE_JOIN) or not stored:
        return incoming
    return stored + NOTE_JOIN + incoming


def merge(stored: Log, incoming: Log) -> Merge:
    """Merge an imported log into the stored one; nothing stored is lost."""
    by_day = {r.date: r for r in stored.reports}
    added, changed = [], []
    for when, report in sorted(merge_reports(incoming.reports).items()):
        result = merged_report(by_day.get(when), report)
        if len(result.note) > MAX_NOTE:
            raise InputError("reports", LONG_NOTES.format(day=day_ref(when), most=MAX_NOTE))
        if when not in by_day:
            added.append(result)
        elif result != by_day[when]:
            changed.append((by_day[when], result))
    ticks = set(stored.completions)
    completions = tuple(
        sorted({c for c in incoming.completions if c not in ticks}, key=lambda c: (c.date, c.item))
    )
    clearances = tuple(sorted(_new_clearances(stored, incoming), key=lambda c: (c.date, c.note)))
    retracted = {(r.date, r.flag) for r in stored.retractions}
    retractions = tuple(
        sorted(
            {r for r in incoming.retractions if (r.date, r.flag) not in retracted},
            key=lambda r: (r.date, r.flag),
        )
    )
    single = incoming.clearance if stored.clearance is None else None
    _say_who_cleared(incoming, clearances, single)
    _say_why_withdrawn(incoming, retractions)
    held = {a.id: a for a in stored.activities}
    for index, activity in enumerate(incoming.activities):
        # not skipped without a word; the file's name may differ (run.fit, export.zip/run.fit)
        if activity.id in held and replace(activity, source="") != replace(
            held[activity.id], source=""
        ):
            raise InputError(
                f"activities[{index}].id",
                f"{activity.id} is stored already with other values (date, sport or minutes): "
                "an import adds activities and never changes a stored one",
            )
    activities = tuple(
        sorted(
            {a.id: a for a in incoming.activities if a.id not in held}.values(),
            key=lambda a: (a.date, a.id),
        )
    )
    reports = {**by_day, **{r.date: r for r in added}, **{m.date: m for _, m in changed}}
    log = Log(
        reports=tuple(reports[d] for d in sorted(reports)),
        completions=stored.completions + completions,
        clearance=stored.clearance or single,
        clearances=stored.clearances + clearances,
        retractions=stored.retractions + retractions,
        activities=stored.activities + activities,
    )
    return Merge(
        stored,
        incoming,
        log,
        tuple(added),
        tuple(changed),
        completions,
        clearances,
        retractions,
        single,
        activities,
    )


NO_NOTE = (
    "a clearance lifts a stop, so it says who cleared you (a doctor or physiotherapist, say): "
    'give it as {"date": …, "note": …} in clearances'
)


def _say_who_cleared(incoming: Log, new: tuple[Clearance, ...], single: date | None) -> None:
    """Refuse a clearance the import would add without a note, as the Lift form and the API's
    clearances do: one already stored (an exported log sent back) is no new one."""
    if single is not None:
        raise InputError("clearance", NO_NOTE)
    for clearance in new:
        if not clearance.note.strip():
            where = (
                f"clearances[{incoming.clearances.index(clearance)}].note"
                if clearance in incoming.clearances
                else "clearance"
            )
            raise InputError(where, NO_NOTE)


def _say_why_withdrawn(incoming: Log, new: tuple[Retraction, ...]) -> None:
    """Refuse a red flag the import would withdraw without a reason, as the form and the API's
    retractions do: a withdrawal lifts a stop, so the record says why the flag was a mistake."""
    for retraction in new:
        if not retraction.reason.strip():
            index = incoming.retractions.index(retraction)
            raise InputError(f"retractions[{index}].reason", NO_REASON)


NO_REASON = (
    "a red flag withdrawn as a mistake lifts its stop, so it says why (e.g. ticked the wrong "
    'box): give it as "reason" in the retraction'
)


def _new_clearances(stored: Log, incoming: Log) -> set[Clearance]:
    known = set(stored.all_clearances())
    new = {c for c in incoming.clearances if c not in known}
    # A single clearance date other than the plan's own is kept as a clearance of its own.
    if incoming.clearance is not None and stored.clearance not in (None, incoming.clearance):
        if Clearance(incoming.clearance) not in known:
            new.add(Clearance(incoming.clearance))
    return new


def check_request_size(data: object) -> None:
    """Refuse an upload with more records than one request may carry, before reading them."""
    if not isinstance(data, dict):
        return
    for name, kind in LISTS.items():
        given, most = data.get(name), limit(f"MAX_{kind}_PER_REQUEST")
        if isinstance(given, list) and len(given) > most:
            raise InputError(
                name,
                f"at most {most} {name} in one upload (this one has "
                f"{len(given)}); send them in parts",
            )


def check(result: Merge, incoming: Log, spec: PlanSpec, today: date) -> None:
    """Check a merge before it is written: within the plan's size, every tick on its day."""
    for name, kind in LISTS.items():
        held, most = len(getattr(result.log, name)), limit(f"MAX_{kind}_PER_PLAN")
        if held > most:
            raise InputError(
                name, f"a plan holds at most {most} {name}; with this upload it would hold {held}"
            )
    if not result.completions:
        return
    plan = build(spec, result.log, as_of=today)
    new = set(result.completions)
    for i, tick in enumerate(incoming.completions):
        day = plan.day_on(tick.date) if tick in new else None
        if tick in new and (day is None or tick.item not in {item.key for item in day.items}):
            raise InputError(
                f"completions[{i}].item",
                f"'{tick.item[:60]}' is not an item of the plan on {tick.date}",
            )
