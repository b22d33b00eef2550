"""Charts drawn on the server as plain numbers for inline SVG: no JavaScript, prints well."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.model import RUNNING_KINDS, Day, Log, Plan
from planner.units import distance
from planner.validation import PAIN_FIELDS

# A small drawing space: on a 390 px phone the charts scale to about 0.8, so their 14-unit
# labels stay near 11 px (at 640 units wide they shrank to 6 px, too small to read).
WIDTH, HEIGHT, PAD = 400, 240, 36
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 12, 28  # the weekly chart's margins
LABEL_WIDTH = 60  # room for one date label ("28 May") at 14 units, with a gap before the next
GOAL_ROOM = 24  # space kept above the goal line for its label
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
    start: date  # the week's first day of the plan: its Monday, or the plan's first day
    planned: float
    done: float
    projected: bool
    recorded: float = 0.0  # what the watch recorded (Day.actual), in the chart's unit

    @property
    def label(self) -> str:
        """The week's first day, as "7 Dec"."""
        return f"{self.start.day} {self.start:%b}"


def weekly_volume(plan: Plan, log: Log) -> tuple[list[Week], str]:
    """Sum planned, done and recorded running per calendar week (Monday to Sunday), as the
    calendar's weekly totals do: minutes first, then their distance."""
    unit = "min" if plan.spec.unit == "min" else plan.spec.unit
    ticked = {(c.date, c.item) for c in log.completions}
    ran = {r.date for r in log.reports if r.pain_running is not None}
    blocks: dict[date, list[Day]] = {}
    for day in plan.days:
        blocks.setdefault(day.date - timedelta(days=day.date.weekday()), []).append(day)
    weeks: list[Week] = []
    for block in blocks.values():
        planned = done = recorded = 0.0  # planned and done in minutes, recorded in the unit
        for day in block:
            planned += day.run_minutes
            if day.actual is not None:
                actual = day.actual
                recorded += actual.run_minutes if unit == "min" else (actual.run_distance or 0.0)
            runs = [i.key for i in day.items if i.kind in RUNNING_KINDS]
            if day.date in ran or any((day.date, key) in ticked for key in runs):
                done += day.run_minutes
            done += day.ran_before_stop  # the run done on the day a stop began, before it
        weeks.append(
            Week(
                block[0].date,
                _in_unit(plan, planned),
                _in_unit(plan, done),
                all(d.projected for d in block),
                round(recorded, 1),
            )
        )
    return weeks, unit


def _in_unit(plan: Plan, minutes: float) -> float:
    """A week's running in the chart's unit: the distance of its minutes, as the calendar's
    week total says it (not a sum of each day's distance, each rounded down)."""
    if plan.spec.unit == "min":
        return round(minutes, 1)
    return distance(plan.spec, minutes) or 0.0


def volume_bars(weeks: list[Week], goal: float) -> dict[str, Any]:
    """Place two bars per week (planned, done) on a shared scale, and a third (recorded by the
    watch) once any week has a recorded run; a dashed line marks the goal (the usual week).

    Dates label as many weeks as fit without touching; the scale leaves room above the goal
    line for its label."""
    recorded = any(w.recorded for w in weeks)
    plot = HEIGHT - TOP - BOTTOM
    most = max([w.planned for w in weeks] + [w.done for w in weeks] + [w.recorded for w in weeks])
    top = max(most, goal, 1.0) * plot / (plot - GOAL_ROOM)
    base = HEIGHT - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(weeks), 1)
    bar = max(slot / (3 if recorded else 2) - 2, 1)
    every = max(1, math.ceil(LABEL_WIDTH / slot))

    def height(value: float) -> float:
        return round(value / top * plot, 1)

    bars = [
        {
            "week": w,
            "x": round(LEFT + i * slot, 1),
            "w": round(bar, 1),
            "planned_h": height(w.planned),
            "done_h": height(w.done),
            "recorded_h": height(w.recorded),
            "labelled": i % every == 0 and LEFT + i * slot + LABEL_WIDTH <= WIDTH,
        }
        for i, w in enumerate(weeks)
    ]
    return {
        "bars": bars,
        "slot": round(slot, 1),
        "base": base,
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "goal": goal,
        "goal_y": round(base - height(goal), 1),
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
