"""A plan rebuilt from checkpoints is the plan built from day one, whatever changed in the log."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner import checkpoints
from planner.engine import build, build_from
from planner.model import Completion, Log, PlanSpec, Report
from planner.routine import earlier_of
from tests.planner.properties import PROPERTY
from tests.planner.strategies import (
    activities,
    cases,
    changed_cases,
    lifted_cases,
    plausible_cases,
    recorded_cases,
    routines,
)


@st.composite
def ticked_cases(draw: st.DrawFn):
    """A runner who ticks runs off and reports pain at rest and in the mornings only, so the
    ticks are the evidence that a run was done."""
    spec, log, as_of = draw(plausible_cases())
    ticked = {c.date for c in log.completions}
    reports = tuple(replace(r, pain_running=None) if r.date in ticked else r for r in log.reports)
    return spec, replace(log, reports=reports), as_of


ANY_CASE = st.one_of(
    cases(), plausible_cases(), ticked_cases(), lifted_cases(), recorded_cases(), changed_cases()
)


@st.composite
def edits(
    draw: st.DrawFn, case, kinds: tuple[str, ...] = ("report", "ticks", "activity"), before: int = 0
):
    """What a runner does next: a report (new, or over an old day's), ticking a run day off or
    unticking it, or a run from the watch."""
    spec, log, as_of = case
    offset = draw(st.one_of(st.just(0), st.integers(0, 14)))
    when = as_of - timedelta(days=offset)
    kind = draw(st.sampled_from(kinds))
    if kind == "report":
        pain = draw(st.integers(0, 10))
        added = Report(
            when,
            pain_rest=pain,
            pain_walking=pain,
            pain_running=draw(st.one_of(st.none(), st.just(pain))),
            pain_morning=pain,
        )
        return replace(log, reports=log.reports + (added,))
    if kind == "ticks":
        # a run day of the past ticked off or unticked: the run counts as done or not
        runs = [
            d.date
            for d in build(spec, log, as_of).days
            if d.run_minutes
            and as_of - timedelta(days=21) <= d.date <= as_of - timedelta(days=before)
        ]
        day = draw(st.sampled_from(runs)) if runs else when
        ticked = tuple(c for c in log.completions if c.date != day)
        if len(ticked) == len(log.completions):
            ticked += tuple(Completion(day, key) for key in ("walk-run", "run", "test"))
        return replace(log, completions=ticked)
    recorded = draw(activities(when, when))
    return replace(
        log, activities=log.activities + tuple(replace(a, id=f"new-{a.id}") for a in recorded)
    )


@PROPERTY
@given(ANY_CASE, st.data())
def test_a_plan_resumed_from_checkpoints_equals_the_plan_built_from_day_one(case, data):
    spec, log, as_of = case
    _, saved = build_from(spec, log, as_of)
    changed = data.draw(edits(case))
    resumed, _ = build_from(spec, changed, as_of, saved)
    assert resumed == build(spec, changed, as_of)


@PROPERTY
@given(ticked_cases(), st.data())
def test_a_run_ticked_off_or_unticked_weeks_ago_is_seen_by_the_resumed_plan(case, data):
    spec, log, as_of = case
    _, saved = build_from(spec, log, as_of)
    changed = data.draw(edits(case, kinds=("ticks",), before=9))  # behind the latest checkpoint
    assert build_from(spec, changed, as_of, saved)[0] == build(spec, changed, as_of)


@PROPERTY
@given(ANY_CASE, st.data())
def test_checkpoints_kept_across_several_reports_still_give_the_full_plan(case, data):
    spec, log, as_of = case
    plan, saved = build_from(spec, log, as_of)
    for _ in range(3):
        log = data.draw(edits((spec, log, as_of)))
        plan, saved = build_from(spec, log, as_of, saved)
        assert plan == build(spec, log, as_of)


@PROPERTY
@given(ANY_CASE, st.integers(1, 3))
def test_checkpoints_made_on_another_day_or_for_another_spec_are_not_used(case, days):
    spec, log, as_of = case
    _, saved = build_from(spec, log, as_of)
    later = as_of + timedelta(days=days)
    assert build_from(spec, log, later, saved)[0] == build(spec, log, later)
    other = replace(spec, baseline=spec.baseline + 1)
    assert build_from(other, log, as_of, saved)[0] == build(other, log, as_of)


@PROPERTY
@given(ANY_CASE, st.data())
def test_a_plan_resumed_after_a_change_of_settings_equals_the_plan_built_from_day_one(case, data):
    spec, log, as_of = case
    _, saved = build_from(spec, log, as_of)
    when = as_of - timedelta(days=data.draw(st.integers(0, 14)))
    if spec.earlier and when <= spec.earlier[-1].until:
        when = as_of  # the settings page dates a change today: never before the last one
    new = replace(spec, earlier=spec.earlier + (earlier_of(spec, when),))
    new = replace(new, **data.draw(routines(spec.unit)))
    resumed, _ = build_from(new, log, as_of, saved)
    assert resumed == build(new, log, as_of)


EIGHT_WEEKS_ONSET = date(2025, 1, 6)
EIGHT_WEEKS_AS_OF = EIGHT_WEEKS_ONSET + timedelta(weeks=8)


def eight_quiet_weeks() -> tuple[PlanSpec, Log]:
    """A plan eight weeks in, with a pain-free report every day."""
    onset = EIGHT_WEEKS_ONSET
    spec = PlanSpec("plantar-fasciitis", onset, 30.0, "km", runs_per_week=4)
    quiet = Report(onset, pain_rest=0, pain_walking=0, pain_running=0, pain_morning=0)
    return spec, Log(
        reports=tuple(replace(quiet, date=onset + timedelta(days=n)) for n in range(56))
    )


def resumed_days(monkeypatch) -> list[date]:
    """The days each later build resumes from, as the checkpoints restore them."""
    resumed: list[date] = []
    restore = checkpoints.restore
    monkeypatch.setattr(
        checkpoints, "restore", lambda found, b: (resumed.append(found.day), restore(found, b))
    )
    return resumed


def test_a_change_of_settings_today_resumes_from_last_week_instead_of_day_one(monkeypatch):
    spec, log = eight_quiet_weeks()
    as_of = EIGHT_WEEKS_AS_OF
    _, saved = build_from(spec, log, as_of)
    resumed = resumed_days(monkeypatch)
    new = replace(spec, baseline=20.0, run_days=(1, 3), earlier=(earlier_of(spec, as_of),))
    plan, _ = build_from(new, log, as_of, saved)

    assert resumed and as_of - resumed[0] <= timedelta(days=8)
    assert plan == build(new, log, as_of)


def test_a_report_today_resumes_from_last_week_instead_of_day_one(monkeypatch):
    spec, log = eight_quiet_weeks()
    as_of = EIGHT_WEEKS_AS_OF
    _, saved = build_from(spec, log, as_of)
    assert len(saved) == 4, "one checkpoint a week of the last four"

    resumed = resumed_days(monkeypatch)
    changed = replace(log, reports=log.reports + (Report(as_of, pain_running=2, pain_morning=1),))
    plan, _ = build_from(spec, changed, as_of, saved)

    assert resumed and as_of - resumed[0] <= timedelta(days=8)
    assert plan == build(spec, changed, as_of)
