"""Charts drawn on the server as plain numbers for inline SVG: no JavaScript, prints well."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.model import RUNNING_KINDS, Log, Plan
from planner.validation import PAIN_FIELDS

WIDTH, HEIGHT, PAD = 640, 240, 36
PAIN_COLOURS = {
    "pain_rest": "#1d4ed8",
    "pain_walking": "#047857",
    "pain_running": "#b91c1c",
    "pain_morning": "#7c3aed",
}
# Equal scores draw on top of each other, so colour alone would hide a series: each also has
# its own dash pattern, marker shape and a small vertical nudge (the tooltips keep the value).
PAIN_STYLES = {
    "pain_rest": ("", "circle", -3.0),
    "pain_walking": ("8 4", "square", -1.0),
    "pain_running": ("2 3", "triangle", 1.0),
    "pain_morning": ("10 3 2 3", "diamond", 3.0),
}


@dataclass(frozen=True)
class Week:
    label: str
    planned: float
    done: float
    projected: bool
    recorded: float = 0.0  # what the watch recorded (Day.actual), in the chart's unit


def weekly_volume(plan: Plan, log: Log) -> tuple[list[Week], str]:
    """Sum planned, done and recorded running per 7-day block from the plan's first day."""
    unit = "min" if plan.spec.unit == "min" else plan.spec.unit
    ticked = {(c.date, c.item) for c in log.completions}
    ran = {r.date for r in log.reports if r.pain_running is not None}
    weeks: list[Week] = []
    for start in range(0, len(plan.days), 7):
        block = plan.days[start : start + 7]
        planned = done = recorded = 0.0
        for day in block:
            amount = day.run_minutes if unit == "min" else (day.run_distance or 0.0)
            planned += amount
            if day.actual is not None:
                actual = day.actual
                recorded += actual.run_minutes if unit == "min" else (actual.run_distance or 0.0)
            runs = [i.key for i in day.items if i.kind in RUNNING_KINDS]
            if day.date in ran or any((day.date, key) in ticked for key in runs):
                done += amount
        weeks.append(
            Week(
                f"W{start // 7 + 1}",
                round(planned, 1),
                round(done, 1),
                all(d.projected for d in block),
                round(recorded, 1),
            )
        )
    return weeks, unit


def volume_bars(weeks: list[Week]) -> dict[str, Any]:
    """Place two bars per week (planned, done) on a shared scale, and a third (recorded by the
    watch) once any week has a recorded run."""
    recorded = any(w.recorded for w in weeks)
    top = max([w.planned for w in weeks] + [w.done for w in weeks] + [w.recorded for w in weeks])
    top = max(top, 1.0)
    slot = (WIDTH - 2 * PAD) / max(len(weeks), 1)
    bar = max(slot / (3 if recorded else 2) - 2, 1)

    def height(value: float) -> float:
        return round(value / top * (HEIGHT - 2 * PAD), 1)

    bars = [
        {
            "week": w,
            "x": round(PAD + i * slot, 1),
            "w": round(bar, 1),
            "planned_h": height(w.planned),
            "done_h": height(w.done),
            "recorded_h": height(w.recorded),
        }
        for i, w in enumerate(weeks)
    ]
    return {
        "bars": bars,
        "top": round(top, 1),
        "base": HEIGHT - PAD,
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "label_every": max(1, len(weeks) // 12),
        "any_projected": any(w.projected for w in weeks),
        "any_recorded": recorded,
    }


def pain_lines(log: Log) -> dict[str, Any]:
    """Plot each pain score over the reported days, 0-10 on the vertical axis."""
    reports = sorted(log.reports, key=lambda r: r.date)
    if not reports:
        return {"series": [], "width": WIDTH, "height": HEIGHT, "pad": PAD}
    first, span = reports[0].date, max((reports[-1].date - reports[0].date).days, 1)

    def x(when: date) -> float:
        return float(round(PAD + (when - first).days / span * (WIDTH - 2 * PAD), 1))

    def y(value: int) -> float:
        return round(HEIGHT - PAD - value / 10 * (HEIGHT - 2 * PAD), 1)

    series = []
    for name in PAIN_FIELDS:
        dash, marker, nudge = PAIN_STYLES[name]
        points = [
            (x(r.date), round(y(getattr(r, name)) + nudge, 1), r.date, getattr(r, name))
            for r in reports
            if getattr(r, name) is not None
        ]
        if points:
            series.append(
                {
                    "name": name,
                    "colour": PAIN_COLOURS[name],
                    "points": points,
                    "dash": dash,
                    "marker": marker,
                    "path": " ".join(f"{px},{py}" for px, py, _, _ in points),
                }
            )
    return {
        "series": series,
        "width": WIDTH,
        "height": HEIGHT,
        "pad": PAD,
        "first": first,
        "last": reports[-1].date,
        "grid": [(v, y(v)) for v in (0, 2, 5, 10)],
    }
