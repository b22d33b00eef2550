"""Build stored plans: load a plan's spec and log from the store and build it for a day (cached),
and merge an imported log into a plan's. Rows and ids in; no request, no current user."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

from planner.days import CLEARANCE_ITEM
from planner.engine import build, build_from
from planner.model import Clearance, Log, Plan, PlanSpec, Report, Status
from web import cache
from web.cache.keys import checkpoint_key, plan_key
from web.core import clock, db
from web.services import log_merge
from web.store import logs, plans, records
from web.store.models import PlanRow


@dataclass(frozen=True)
class PlanState:
    """A stored plan, its log, and the plan the engine builds from them for the runner's today."""

    row: PlanRow
    spec: PlanSpec
    log: Log
    plan: Plan
    today: date

    def done_on(self, when: date) -> set[str]:
        return {c.item for c in self.log.completions if c.date == when}

    def report_on(self, when: date) -> Report | None:
        return next((r for r in self.log.reports if r.date == when), None)


def resumes_tomorrow(state: PlanState) -> Clearance | None:
    """A clinician's clearance dated today that lifts a stop from tomorrow (planner/halts.py:
    one dated the day the stop began leaves that day stopped), so that today still reads
    stopped while the plan resumes tomorrow; None otherwise. The engine says whether it lifts
    (not a stop of a condition to refer, nor a red flag reported since): the plan is built as
    of tomorrow, which only a stopped plan with a clearance of today pays for."""
    resumed = resumed_tomorrow(state)
    return resumed[0] if resumed else None


def resumed_tomorrow(state: PlanState) -> tuple[Clearance, Plan] | None:
    """As `resumes_tomorrow`, with the plan as of tomorrow: the days it resumes with."""
    if state.plan.status != Status.HALTED:
        return None
    cleared = next((c for c in state.log.all_clearances() if c.date == state.today), None)
    if cleared is None:
        return None
    tomorrow = build(state.spec, state.log, as_of=state.today + timedelta(days=1))
    return (cleared, tomorrow) if tomorrow.status != Status.HALTED else None


def build_state(row: PlanRow, timezone: str, today: date | None = None) -> PlanState:
    """Build a stored plan as of the runner's own today (or the given day), cached."""
    today = today or clock.today_in(timezone)
    log, plan = kept_build(row, today)
    return PlanState(row, plans.spec_of(row), log, plan, today)


def kept_build(row: PlanRow, today: date) -> tuple[Log, Plan]:
    """The build of a plan for a day kept here, or one made now and kept."""
    kept: tuple[Log, Plan] = cache.plans().get_or_make(
        plan_key(row, today), lambda: built(row, today)
    )
    return kept


def build_after_own_write(
    before: PlanRow, after: PlanRow, today: date, change: Callable[[Log], Log]
) -> None:
    """After a write of this request, keep the build of `after` made from the log kept for
    `before` with `change` (the write) applied, instead of loading the log again.

    Only when that write is the one change since `before` was read (every write to a log
    bumps its version by one: `after` is `before` plus one) and a build of `before` is kept
    here; otherwise nothing, and the next view loads the log as usual."""
    if after.log_version != before.log_version + 1:
        return
    kept = cache.plans().get(plan_key(before, today))
    key = plan_key(after, today)
    if kept is not None and cache.plans().get(key) is None:
        cache.plans().put(key, built(after, today, change(kept[0])))


def without_report(state: PlanState, when: date) -> Plan | None:
    """The plan as it stood before the report of `when`: the log without it, built for the same
    day, resuming from the kept checkpoints and keeping none of its own; None without a report."""
    if state.report_on(when) is None:
        return None
    log = replace(state.log, reports=tuple(r for r in state.log.reports if r.date != when))
    saved = cache.checkpoints().get(checkpoint_key(state.row)) or ()
    plan, _ = build_from(state.spec, log, state.today, saved)
    return plan


def kept_or_built(row: PlanRow, today: date) -> tuple[Log, Plan]:
    """The build of a plan kept here, or one made now and not kept (inside a write, say)."""
    return cache.plans().get(plan_key(row, today)) or built(row, today)


def built(
    row: PlanRow, today: date, log: Log | None = None, *, resume: bool = True
) -> tuple[Log, Plan]:
    """Load the log (unless given) and build the plan: the uncached path. The build resumes
    from this process's checkpoints of the plan's last build (planner/checkpoints.py), so the
    first view after a report rebuilds about a week, not every day since the onset; with
    `resume` off it is built whole and keeps none."""
    log = logs.load_log(row) if log is None else log
    if not resume:
        return log, build(plans.spec_of(row), log, as_of=today)
    key = checkpoint_key(row)
    plan, saved = build_from(plans.spec_of(row), log, today, cache.checkpoints().get(key) or ())
    cache.checkpoints().put(key, saved)
    return log, plan


def built_many(wanted: list[tuple[PlanRow, date]]) -> Iterator[tuple[Log, Plan]]:
    """Yield (log, plan) of many plans in order: cached ones as they are, the rest built from
    one log load and not cached (hundreds would push the runners' own plans out).

    One at a time: hundreds of plans alive at once slow the garbage collector down.
    """
    found = [cache.plans().get(plan_key(row, today)) for row, today in wanted]
    missing = [row for (row, _), hit in zip(wanted, found, strict=True) if hit is None]
    loaded = logs.logs_of(missing) if missing else {}
    for i, (row, today) in enumerate(wanted):
        hit, found[i] = found[i], None
        # Built whole: a roster's checkpoints would push the runners' own out.
        yield hit or built(row, today, loaded.pop(row.id), resume=False)


MERGE_ATTEMPTS = 3  # a log that changes under an import this often is busy: say so instead


def planned_merge(row: PlanRow, read: Callable[[date, date], Log], today: date) -> records.Merge:
    """Read an import (`read(onset, today)`) and check what merging it would do; no writes.

    In a `reads_first` view this takes no write lock, however long the checks take."""
    incoming = read(row.onset, today)
    result = log_merge.merge(logs.load_log(row), incoming)
    log_merge.check(result, incoming, plans.spec_of(row), today)
    return result


def write_merge(row: PlanRow, result: records.Merge) -> bool:
    """End the reads, then write a checked merge; False if the log changed since it was read."""
    db.write_phase()
    return result.empty or records.merge_log(row.id, row.log_version, result)


def merge_log(
    row_of: Callable[[], PlanRow], read: Callable[[date, date], Log], today: date
) -> records.Merge:
    """Check an import without the write lock, then merge it in one short transaction; check
    again if the log changed in between (`row_of` reads the plan afresh, with its access
    check). Raise LogChanged when it keeps changing."""
    for _ in range(MERGE_ATTEMPTS):
        row = row_of()
        result = planned_merge(row, read, today)
        if write_merge(row, result):
            return result
        db.read_phase()
    raise log_merge.LogChanged


STATUS_WORDS = {
    "active": "active",
    "waiting": "waiting for a clearance",
    "halted": "stopped",
    "complete": "complete",
}


def status_of(state: PlanState) -> str:
    """The plan's status, and "waiting" for an active plan whose today awaits a clinician's
    clearance before any running (a high-risk bone site)."""
    today = state.plan.day_on(state.today)
    if state.plan.status == Status.ACTIVE and today is not None:
        if any(item.key == CLEARANCE_ITEM for item in today.items):
            return "waiting"
    return state.plan.status.value
