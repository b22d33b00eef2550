"""What a day's pain scores mean outside a session's verdict: walking, rest, and pain on off days."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from planner import protocol as P
from planner.model import Item, ItemKind, Protocol, Report
from planner.rules import Rule
from planner.wording import day_ref

if TYPE_CHECKING:
    from planner.engine import _Builder


def read_pains(b: _Builder, report: Report) -> None:
    """React to a report's pain scores (red flags are read before this)."""
    s = b.state
    if s.protocol == Protocol.BONE and s.test_passed:
        pains = [(n, v) for n, v in (("at rest", report.pain_rest), ("walking", report.pain_walking)) if v]
        if pains:
            what, value = pains[0]
            b._halt(report.date, Rule.BONE_PAIN_WALKING, f"Pain {value}/10 {what} on {day_ref(report.date)} after running had started is a warning sign for a bone injury: the plan stops. See a doctor or sports physiotherapist.")
    elif s.protocol == Protocol.BONE:
        _walking_rising(b, report)
    elif s.test_passed and report.pain_running is None:
        _tendon_pain_hold(b, report)


def _walking_rising(b: _Builder, report: Report) -> None:
    """Bone: walking that hurts more than on the last report days ago is "MRI time" (seed)."""
    now = report.pain_walking
    before = b.latest("pain_walking", report.date - timedelta(days=1))
    recent = b.reports_between(report.date - timedelta(days=P.WALKING_RISE_WINDOW_DAYS), report.date - timedelta(days=1))
    if now is None or before is None or not any(r.pain_walking is not None for r in recent) or now <= before:
        return
    message = (f"Walking hurts more on {day_ref(report.date)} ({now}/10, up from {before}/10): with a possible "
               "stress fracture this needs a doctor now, who may order an MRI. The plan stops until a clinician clears you.")
    item = Item("referral:walking", ItemKind.REFERRAL, "See a doctor: walking hurts more", "Book a doctor or sports physiotherapist now; ask whether you need an MRI.")
    b._halt(report.date, Rule.WALKING_PAIN_RISING, message, (item,))


def _tendon_pain_hold(b: _Builder, report: Report) -> None:
    """Pain above 2 at rest or walking once running has started: no run today, nothing moves on."""
    limit = P.TENDON_TEST_MAX_REST_PAIN
    pains = [(n, v) for n, v in (("at rest", report.pain_rest), ("walking", report.pain_walking)) if v and v > limit]
    if not pains:
        return
    what, value = pains[0]
    b.state.rest_until = max(b.state.rest_until or report.date, report.date)
    b._decide(report.date, Rule.PAIN_HOLD, f"Pain {value}/10 {what} on {day_ref(report.date)} is above {limit}: no running today, and the plan holds until pain at rest and walking is back to {limit} or less.")


def walk_minutes(b: _Builder, when: date) -> int:
    """Bone rest: the brisk walk grows 5 min every 3 pain-free days, and holds while walking hurts."""
    s = b.state
    minutes = min(P.BONE_WALK_MAX, P.BONE_WALK_START + P.BONE_WALK_STEP * (s.walk_days // P.BONE_WALK_EVERY))
    hurts = b.latest("pain_walking", when) if when <= b.as_of else 0
    if not hurts:
        s.walk_days += 1
        b.said.discard("walk_hold")
    elif "walk_hold" not in b.said:
        b.said.add("walk_hold")
        b._decide(when, Rule.WALK_HOLD, f"Walking hurts ({hurts}/10): the brisk walk stays at {minutes} min and bone rest goes on until walking is pain-free.")
    return minutes
