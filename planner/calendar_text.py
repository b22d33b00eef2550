"""The words a calendar event shows for a plan day: its summary and its description."""

from __future__ import annotations

from planner.model import Day, Decision, Item, ItemKind, Phase

PHASE_LABELS: dict[Phase, str] = {
    Phase.REST: "Rest & observe",
    Phase.REHAB: "Rehab",
    Phase.TEST: "Pain-free test",
    Phase.WALK_RUN: "Walk-run",
    Phase.RAMP: "Ramp",
    Phase.COMPLETE: "Back to running",
    Phase.HALTED: "Plan stopped",
}
HALTED_SUMMARY = "Plan stopped · see a professional"
REFERRAL_PREFIX = "SEE A PROFESSIONAL: "
WHY_PREFIX = "Why this changed: "
LINK_PREFIX = "Day page: "
DISCLAIMER = (
    "This is not medical advice. Stop and see a professional if pain is sharp, "
    "keeps rising, wakes you at night or you cannot bear weight."
)
CALENDAR_DESCRIPTION = (
    "A day-by-day return-to-run plan. Days ahead are projected: they assume every check "
    "passes, and change when you report pain. " + DISCLAIMER
)


def summary(day: Day) -> str:
    """Return the event title: the phase and the day's headline."""
    if day.phase is Phase.HALTED:
        return HALTED_SUMMARY
    return " ".join(day.headline.split()) or headline(day)


def headline(day: Day) -> str:
    """Build a headline from the phase, stage and run minutes when the engine gave none."""
    label = PHASE_LABELS[day.phase]
    if day.phase is Phase.WALK_RUN and day.stage:
        label = f"{label} {day.stage}"
    if day.phase is Phase.RAMP and day.ramp_week is not None:
        label = f"{label} week {day.ramp_week}"
    minutes = _minutes(day.run_minutes)
    if day.phase is Phase.TEST:
        return f"{label} · {minutes} min jog" if day.is_run_day else label
    if day.phase is Phase.WALK_RUN:
        return f"{label} · {minutes} min running" if day.is_run_day else f"{label} · no run today"
    if day.phase in (Phase.RAMP, Phase.COMPLETE):
        return f"{label} · {minutes} min run" if day.is_run_day else f"{label} · no run today"
    return label


def description(day: Day, decision: Decision | None, link: str | None) -> str:
    """List the day's items with doses, why the day changed, a safety line and the link."""
    referrals = [item for item in day.items if item.kind is ItemKind.REFERRAL]
    others = [item for item in day.items if item.kind is not ItemKind.REFERRAL]
    blocks: list[str] = []
    # A referral is the one thing the runner must not miss, so it opens the text.
    if referrals:
        blocks.append("\n".join(REFERRAL_PREFIX + _item_text(item) for item in referrals))
    if others:
        blocks.append("\n".join("- " + _item_text(item) for item in others))
    if decision is not None:
        blocks.append(WHY_PREFIX + decision.message)
    blocks.append(DISCLAIMER)
    if link:
        blocks.append(LINK_PREFIX + link)
    return "\n\n".join(blocks)


def _item_text(item: Item) -> str:
    return f"{item.title}: {item.dose}" if item.dose else item.title


def _minutes(value: float) -> str:
    return f"{round(value, 1):g}"
