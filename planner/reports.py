"""Reports on the same day merge into one, keeping the worse of each score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from planner.model import Log, Report
from planner.protocol import RED_FLAGS

PAINS = ("pain_rest", "pain_walking", "pain_running", "pain_morning")


def _worse(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def merge(a: Report, b: Report) -> Report:
    """Merge two reports of one day: the higher pain wins, flags add up ("when unsure, stricter")."""
    flags = [f for f in RED_FLAGS if f in a.flags or f in b.flags]
    note = " / ".join(n for n in (a.note, b.note) if n)
    pains = {name: _worse(getattr(a, name), getattr(b, name)) for name in PAINS}
    return Report(date=a.date, flags=tuple(flags), note=note, **pains)


def merge_reports(reports: Iterable[Report]) -> dict[date, Report]:
    """Index reports by date, merging several reports of one day."""
    merged: dict[date, Report] = {}
    for report in sorted(reports, key=lambda r: r.date):
        merged[report.date] = (
            merge(merged[report.date], report) if report.date in merged else report
        )
    return merged


def with_report(log: Log, report: Report) -> Log:
    """The log with `report` as its day's report, replacing the one stored that day, the
    reports in date order: the log as a store reads it back after saving the report."""
    others = (r for r in log.reports if r.date != report.date)
    return replace(log, reports=tuple(sorted((*others, report), key=lambda r: r.date)))
