"""Prompts to see a professional: no improvement, pain creeping up, rest pain that stays, old
pain, severe pain on a run."""

from __future__ import annotations

from datetime import date, timedelta

from planner import protocol as P
from planner.model import Item, ItemKind, Report
from planner.rules import Rule
from planner.state import Context
from planner.wording import day_ref, span

SCORES = (("pain_rest", "at rest"), ("pain_walking", "walking"))


def see_someone(b: Context, when: date, report: Report | None) -> list[Item]:
    """Return today's prompts (each said once per streak, with a note item); none without a report."""
    if report is None:
        return []
    return [
        *_no_improvement(b, when, report),
        *_rising(b, when),
        *_rest_after_a_week(b, when, report),
        *_long_standing(b, when, report),
        *_severe_run_pain(b, when, report),
    ]


def _note(key: str, title: str, dose: str) -> Item:
    return Item(f"note:{key}", ItemKind.NOTE, title, dose)


def _no_improvement(b: Context, when: date, report: Report) -> list[Item]:
    """No lower pain at rest after 14 days (pain from 0 included): see a professional, once a fortnight."""
    s = b.state
    first = b.first_rest_report
    now = report.pain_rest
    if now is None or first is None or (when - first).days < P.NO_IMPROVEMENT_DAYS:
        return []
    start_pain = b.reports[first].pain_rest or 0
    recent = s.improvement_checked and (when - s.improvement_checked).days < P.NO_IMPROVEMENT_DAYS
    if now == 0 or now < start_pain or recent:
        return []
    s.improvement_checked = when
    b.decide(
        when,
        Rule.NO_IMPROVEMENT,
        f"Pain at rest is {now}/10 on {day_ref(when)}, not lower than the {start_pain}/10 at the start {(when - first).days} days ago: please see a doctor or physiotherapist.",
    )
    return [
        _note(
            "see-professional",
            "See a professional",
            f"No improvement in {P.NO_IMPROVEMENT_DAYS} days: book a doctor or physiotherapist.",
        )
    ]


def _rising(b: Context, when: date) -> list[Item]:
    """Rest or walking pain higher on each of the last three reports of it: see a professional."""
    for name, what in SCORES:
        last = b.last_scores(name, when, P.RISING_REPORTS)
        key = f"rising:{name}"
        if len(last) < P.RISING_REPORTS or any(
            a >= c for a, c in zip(last, last[1:], strict=False)
        ):
            b.said.discard(key)
            continue
        if key in b.said:
            continue
        b.said.add(key)
        trend = " → ".join(f"{v}" for v in last)
        b.decide(
            when,
            Rule.PAIN_RISING,
            f"Pain {what} has gone up on each of your last {P.RISING_REPORTS} reports ({trend}/10): that is not how healing goes; see a doctor or physiotherapist.",
        )
        return [
            _note(
                "pain-rising",
                "See a professional",
                f"Pain {what} keeps rising: book a doctor or physiotherapist.",
            )
        ]
    return []


def _rest_after_a_week(b: Context, when: date, report: Report) -> list[Item]:
    """Still hurting at rest a week after the pain began: see a sports doctor (seeds), once."""
    day = (when - b.spec.onset).days + 1
    if not report.pain_rest or day <= P.REST_PAIN_PROMPT_DAY or Rule.REST_PAIN_WEEK in b.said:
        return []
    b.said.add(Rule.REST_PAIN_WEEK)
    b.decide(
        when,
        Rule.REST_PAIN_WEEK,
        f"It still hurts at rest ({report.pain_rest}/10) on day {day}, more than {span(P.REST_PAIN_PROMPT_DAY)} after it began. Even mild pain at rest is worth a check this long after the start: see a sports doctor or physiotherapist to find out why.",
    )
    return [
        _note(
            "sports-doctor",
            "See a sports doctor",
            "Still hurting at rest after a week: book a sports doctor or physiotherapist.",
        )
    ]


def _long_standing(b: Context, when: date, report: Report) -> list[Item]:
    """Pain that began weeks ago and is still there needs a professional now, not in 14 days."""
    weeks = (when - b.spec.onset).days // 7
    # Pain first thing in the morning is still pain (issue 14 item 5), not only rest and walking.
    scores = (*SCORES, ("pain_morning", "on waking"))
    pain = max((getattr(report, name) or 0 for name, _ in scores), default=0)
    if not pain or weeks * 7 < P.LONG_STANDING_DAYS or Rule.LONG_STANDING in b.said:
        return []
    b.said.add(Rule.LONG_STANDING)
    b.decide(
        when,
        Rule.LONG_STANDING,
        f"The pain began {weeks} weeks ago, on {day_ref(b.spec.onset)}, and is still there ({pain}/10): see a doctor or physiotherapist now rather than waiting for it to settle.",
    )
    return [
        _note(
            "long-standing",
            "See a professional",
            "Pain for weeks: book a doctor or physiotherapist now.",
        )
    ]


def severe(report: Report) -> bool:
    """Was the report's run severe pain (7/10 or more)?"""
    return (report.pain_running or 0) >= P.SEVERE_RUN_PAIN


def _severe_run_pain(b: Context, when: date, report: Report) -> list[Item]:
    """Severe pain on a run (7/10 or more) is more than a flare to back off from: see someone.
    Severe again within two weeks, with no clinician's clearance between: the plan stops."""
    if not severe(report):
        return []
    pain = report.pain_running or 0
    before = _unseen_severe(b, when)
    if before:
        _stop_for_severe(b, when, pain, before[-1])
        return []
    b.decide(
        when,
        Rule.SEVERE_RUN_PAIN,
        f"Pain of {pain}/10 on the run on {day_ref(when)} is severe, more than a flare-up to train through: book a doctor or physiotherapist to find out why. Until you are seen, keep to the eased plan, and if a run hurts like this again, stop and do not run again until you have been seen.",
    )
    return [
        _note(
            "severe-pain",
            "See a professional",
            "Severe pain on the run: book a doctor or physiotherapist; if a run hurts like this again, stop running until you are seen.",
        )
    ]


def severe_twice_since(b: Context, when: date, since: date) -> None:
    """Severe run pain came twice within two weeks, the second time from `since` on, while the
    plan could not stop for it: before the plan's start, or during a stop that lifted without
    a clinician (a red flag recorded as a mistake). The plan stops now."""
    for day in b.state.severe:
        if since <= day <= when and (before := _unseen_severe(b, day, seen_by=when)):
            _stop_for_severe(b, when, b.reports[day].pain_running or 0, before[-1], day)
            return


def _unseen_severe(b: Context, when: date, seen_by: date | None = None) -> list[date]:
    """The severe run pains of the two weeks before `when` that no clearance dated from them up
    to `seen_by` (by default `when`) has seen."""
    last = seen_by or when
    first = when - timedelta(days=P.SEVERE_AGAIN_DAYS)
    return [
        day
        for day in b.state.severe
        if first <= day < when and not any(day <= c.date <= last for c in b.clearances)
    ]


def _stop_for_severe(
    b: Context, when: date, pain: int, earlier: date, on: date | None = None
) -> None:
    first = b.reports[earlier].pain_running
    b.halt(
        when,
        Rule.SEVERE_PAIN_AGAIN,
        f"Pain of {pain}/10 on the run on {day_ref(on or when)}, severe for the second time in {span(P.SEVERE_AGAIN_DAYS)} (after {first}/10 on {day_ref(earlier)}): the plan stops here. See a doctor or physiotherapist; a clearance from them restarts it.",
    )
