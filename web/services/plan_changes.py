"""Writes that change a plan: the one report flow of the pages and the API (confirm, save,
then build), and the "your plan changed" hook (issue 20) around every write that may change
what the engine builds. Rows and ids in; no request, no current user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from planner.model import Plan, PlanSpec, Report, Status
from planner.routine import changes
from planner.units import in_unit
from web.core import clock, db
from web.services import builds
from web.store import logs, reminders, roster
from web.store.models import PlanRow


class FlagsToConfirm(Exception):
    """A report carries red flags its day does not carry yet: nothing is saved unconfirmed."""

    def __init__(self, flags: tuple[str, ...]) -> None:
        super().__init__(", ".join(flags))
        self.flags = flags


@dataclass
class Change:
    """A write in progress; one that finds nothing to write says so (`written = False`)."""

    written: bool = True


@contextmanager
def plan_change(
    row: PlanRow,
    today: date,
    *,
    since: date | None = None,
    reread: Callable[[], PlanRow] | None = None,
) -> Iterator[Change]:
    """Around a write that may change the plan: keep the plan as it was (only if its runner
    chose to hear of changes), and after the write record a message with the decisions that
    are new. A write that raises, or writes nothing, tells nothing. `reread` gives the row
    again after a write that ended the reads (db.write_phase); `since` is the first day the
    write touched."""
    before = plan_before(row, today)
    change = Change()
    yield change
    if before is not None and change.written:
        plan_changed(reread() if reread else row, today, before, since)


def plan_before(row: PlanRow, today: date) -> Plan | None:
    """Before a write that may change the plan: the plan as it stands, if its runner chose to
    hear when it changes (None otherwise: nothing to compare, nothing built)."""
    choice = reminders.choice_of(row.id)
    if choice is None or not choice.change:
        return None
    return builds.kept_or_built(row, today)[1]


def plan_changed(row: PlanRow, today: date, before: Plan | None, since: date | None = None) -> None:
    """After the write: record a "your plan changed" message with the decisions that are new
    (from `since` on, the first day the write touched, when given); the next scheduler tick
    sends it. `before` is what `plan_before` gave (None: not chosen). A change that halts the
    plan is recorded as a halt, so it goes even when another change went that day."""
    if before is None:
        return
    _, after = builds.built(row, today)
    known = set(before.decisions)
    new = [
        d.message for d in after.decisions if d not in known and (since is None or d.date >= since)
    ]
    if new:
        halts = after.status is Status.HALTED and before.status is not Status.HALTED
        kind = reminders.HALT if halts else "change"
        due = reminders.Due(kind, row.id, today, row.owner_id)
        reminders.record([due], clock.now(), detail="\n".join(new))


def new_flags(plan_id: int, report: Report) -> tuple[str, ...]:
    """Return the red flags of a report that its day does not carry yet."""
    if not report.flags:  # most reports: no flag, no query
        return ()
    earlier = logs.report_on(plan_id, report.date)
    return tuple(f for f in report.flags if f not in (earlier.flags if earlier else ()))


def save_report(
    row: PlanRow,
    report: Report,
    today: date,
    *,
    confirmed: bool,
    reread: Callable[[], PlanRow],
    seen: str | None = None,
) -> Report:
    """Save a checked report on a plan whose today (its owner's) is `today`; return it as
    stored.

    A red flag new to its day is asked about first (FlagsToConfirm, nothing saved); a flag
    sent again is not. The checks read without the write lock (a `reads_first` view);
    `reread` reads the plan again, with its access check, once the view writes. `seen` is the
    mark of the day's report on the page the form came from (logs.report_mark): a report saved
    meanwhile from another page raises logs.ReportChanged, and nothing is saved."""
    fresh = new_flags(row.id, report)
    if fresh and not confirmed:
        raise FlagsToConfirm(fresh)
    locked: list[PlanRow] = []
    with plan_change(row, today, since=report.date, reread=lambda: locked[0]):
        db.write_phase()
        locked.append(reread())  # checked again, locked
        try:
            stored = logs.save_report(locked[0].id, report, seen)
        except logs.ReportChanged:
            db.read_phase()
            raise
    db.read_phase()
    return stored


COACH_CHANGED = "I changed your plan's settings today: {what}."


def tell_athlete(
    plan_id: int, coach_id: int, before: PlanSpec, after: PlanSpec, today: date
) -> None:
    """Leave a coach's change of an athlete's plan settings on the athlete's Today, as a note
    of the coach's: who changed what (the plan's own decision says only that the settings
    changed, which reads as the athlete's own doing). Nothing when nothing changed."""
    said = settings_changes(before, after)
    if said:
        roster.add_note(plan_id, coach_id, today, COACH_CHANGED.format(what="; ".join(said)))


def settings_changes(before: PlanSpec, after: PlanSpec) -> list[str]:
    """What differs between two routines of a plan, new and old: the unit, then the figures
    (planner.routine.changes), the old said in the new unit. (A coach never moves the first
    days of an athlete with an account: that is refused.)"""
    said = [f"the plan in {after.unit} (was {before.unit})"] if after.unit != before.unit else []
    return said + changes(in_unit(before, after.unit), after)
