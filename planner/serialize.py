"""The plan JSON of SPEC §5: fixed names, sorted keys, same plan → same bytes."""

from __future__ import annotations

import json
from typing import Any

from planner import conditions
from planner.model import Day, Item, Plan


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as plain data in the SPEC §5 shape (plus a few helpful extras)."""
    condition = conditions.get(plan.spec.condition)
    return {
        "condition": {
            "id": condition.id,
            "name": condition.name,
            "tissue": condition.tissue,
            "protocol": condition.protocol.value,
            "risk": condition.risk.value if condition.risk else None,
        },
        "protocol": plan.protocol.value,
        "unit": plan.spec.unit,
        "status": plan.status.value,
        "as_of": plan.as_of.isoformat(),
        "onset": plan.spec.onset.isoformat(),
        "baseline": plan.spec.baseline,
        "goal": plan.spec.target,
        "days": [_day(day) for day in plan.days],
        "decisions": [
            {"date": d.date.isoformat(), "rule": d.rule, "message": d.message}
            for d in plan.decisions
        ],
    }


def _day(day: Day) -> dict[str, Any]:
    data = {
        "date": day.date.isoformat(),
        "day": day.day,
        "phase": day.phase.value,
        "stage": day.stage,
        "projected": day.projected,
        "headline": day.headline,
        "ramp_week": day.ramp_week,
        "run_minutes": day.run_minutes,
        "run_distance": day.run_distance,
        "items": [_item(item) for item in day.items],
    }
    if day.ran_before_stop:  # only the day a stop began, when its run was done before it
        data["ran_before_stop"] = day.ran_before_stop
    if day.actual is not None:  # only days with recorded activities carry what was done
        data["actual"] = {
            "run_minutes": day.actual.run_minutes,
            "run_distance": day.actual.run_distance,
            "cross_train_minutes": day.actual.cross_train_minutes,
        }
    return data


def _item(item: Item) -> dict[str, Any]:
    return {"key": item.key, "kind": item.kind.value, "title": item.title, "dose": item.dose}


def plan_to_json(plan: Plan) -> str:
    """Serialise a plan to canonical JSON text."""
    return json.dumps(plan_to_dict(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def conditions_to_list() -> list[dict[str, Any]]:
    """Return the condition catalog as plain data."""
    return [
        {
            "id": c.id,
            "name": c.name,
            "locations": list(c.locations),
            "feels": c.feels,
            "tissue": c.tissue,
            "protocol": c.protocol.value,
            "risk": c.risk.value if c.risk else None,
            "recovery_weeks": list(c.recovery_weeks),
            "sources": list(c.sources),
        }
        for c in conditions.CATALOG.values()
    ]
