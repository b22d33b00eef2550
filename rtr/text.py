"""Readable text for the terminal: the catalog, and a plan week by week."""

from __future__ import annotations

from planner import conditions
from planner.model import Day, Phase, Plan
from planner.wording import day_ref

PHASE_NAMES = {
    Phase.REST: "Rest & observe",
    Phase.REHAB: "Gentle rehab",
    Phase.TEST: "Pain-free test",
    Phase.WALK_RUN: "Walk-run bridge",
    Phase.RAMP: "Ramp",
    Phase.COMPLETE: "Complete",
    Phase.HALTED: "Stopped",
}


def conditions_text() -> str:
    """List every condition with its protocol and where it hurts."""
    lines = []
    for c in conditions.CATALOG.values():
        risk = f", {c.risk.value} risk" if c.risk else ""
        lines.append(f"{c.id:40} {c.protocol.value}{risk}")
        lines.append(f"    {c.name} — {', '.join(c.locations)}: {c.feels}")
    return "\n".join(lines) + "\n"


def plan_text(plan: Plan) -> str:
    """Print the plan week by week, then every decision with its rule."""
    condition = conditions.get(plan.spec.condition)
    out = [
        f"{condition.name} — {plan.protocol.value} rules — status: {plan.status.value}",
        f"Onset {plan.spec.onset}, usual week {plan.spec.baseline:g} {plan.spec.unit}, as of {plan.as_of}.",
        "This is not medical advice or a diagnosis. See a doctor or physiotherapist if pain gets "
        "worse, wakes you at night, or you cannot bear weight.",
    ]
    for number, start in enumerate(range(0, len(plan.days), 7), 1):
        week = plan.days[start : start + 7]
        out.append("")
        out.append(f"Week {number} ({week[0].date} to {week[-1].date})")
        out.extend(_day_lines(day, plan.spec.unit) for day in week)
    if plan.decisions:
        out += ["", "Why the plan changed:"]
        out += [f"  {d.date} [{d.rule}] {d.message}" for d in plan.decisions]
    return "\n".join(out) + "\n"


def _day_lines(day: Day, unit: str) -> str:
    mark = " (projected)" if day.projected else ""
    head = f"  {day_ref(day.date)} · day {day.day} · {PHASE_NAMES[day.phase]}{mark}: {day.headline}"
    items = [f"      - {item.title}: {item.dose}" for item in day.items]
    return "\n".join([head, *items, *_actual_line(day, unit)])


def _actual_line(day: Day, unit: str) -> list[str]:
    """Say what the watch recorded that day, next to what was planned."""
    if day.actual is None:
        return []
    done = f"{day.actual.run_minutes:g} min running"
    if day.actual.run_distance is not None and day.actual.run_minutes:
        done += f" ({day.actual.run_distance:g} {unit})"
    if day.actual.cross_train_minutes:
        done += f", {day.actual.cross_train_minutes:g} min cross-training"
    return [f"      = recorded: {done} (planned {day.run_minutes:g} min)"]
