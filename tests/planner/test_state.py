"""The engine's state is copied for every checkpoint taken and every build resumed: a copy is
the same state and shares nothing the engine changes in place."""

from __future__ import annotations

import enum
from dataclasses import fields
from datetime import date

from planner.model import Item, ItemKind, Phase, Protocol
from planner.rules import Rule
from planner.state import Session, State

DAY = date(2025, 3, 20)
# What a state may share with its copy: values that never change.
UNCHANGING = (type(None), bool, int, float, str, date, enum.Enum, tuple, frozenset)


def busy_state() -> State:
    """A state with every container holding something, as in the middle of a ramp."""
    return State(
        protocol=Protocol.BONE,
        halted=Phase.REST,
        halt_items=(Item("referral", ItemKind.NOTE, "See a clinician", "Today"),),
        halt_rule=Rule.RED_FLAG,
        halt_since=DAY,
        halt_flags={(DAY, "night_pain")},
        failures={"walk-run": 2},
        reds=[DAY],
        pending=Session(DAY, "run"),
        runs=[(DAY, 20.0)],
        ramp_week=3,
        week_start=DAY,
        week_plan={DAY: 20.0},
    )


def test_a_copied_state_equals_its_original():
    state = busy_state()
    assert state.copy() == state


def test_a_copy_shares_no_value_that_can_change_in_place():
    state = busy_state()
    copied = state.copy()
    for field in fields(State):  # a field added later is checked too
        value = getattr(state, field.name)
        if not isinstance(value, UNCHANGING):
            assert getattr(copied, field.name) is not value, field.name


def test_changing_a_copy_leaves_the_original_as_it_was():
    state = busy_state()
    copied = state.copy()
    copied.halt_flags.add((DAY, "swelling"))
    copied.failures["walk-run"] = 3
    copied.reds.append(DAY)
    assert copied.pending is not None
    copied.pending.kind = "test"
    copied.runs.append((DAY, 30.0))
    copied.week_plan[DAY] = 25.0
    assert state == busy_state()
