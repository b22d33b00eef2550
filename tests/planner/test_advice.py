"""Seed advice in the plan items (issue 14 case 12)."""

from __future__ import annotations

import pytest

from planner.conditions import get
from planner.exercises import items_for_day
from planner.model import RUNNING_KINDS, ItemKind, Phase, Protocol
from tests.planner.helpers import day, on, plan


def keyed(items, key):
    return next(i for i in items if i.key == key)


def test_bone_rest_days_protect_with_a_boot_or_crutches_while_walking_hurts_and_compress():
    items = items_for_day(get("metatarsal-stress-fracture"), Protocol.BONE, Phase.REST, 2)
    protect = keyed(items, "protect")
    assert "walking boot or crutches" in protect.dose and "elastic bandage" in protect.dose


def test_tendon_rest_days_compress():
    assert (
        "elastic bandage"
        in keyed(items_for_day(get("ankle-sprain"), Protocol.TENDON, Phase.REST, 2), "protect").dose
    )


@pytest.mark.parametrize(
    ("condition", "words"),
    [
        ("plantar-fasciitis", "heel cup"),
        ("metatarsalgia", "metatarsal pad"),
        ("posterior-tibial-tendinopathy", "arch support"),
        ("hallux-rigidus", None),
    ],
)
def test_rehab_days_name_the_shoes_for_where_it_hurts_and_say_when_to_replace_them(
    condition, words
):
    found = get(condition)
    items = items_for_day(found, found.protocol, Phase.REHAB, 5)
    if words is None:  # refer conditions keep to relief measures
        assert not any(i.key == "footwear" for i in items)
        return
    shoes = keyed(items, "footwear")
    assert words in shoes.dose.lower() and "500–800 km" in shoes.how_to


def test_plantar_fasciitis_gets_contrast_baths_and_a_night_splint():
    items = items_for_day(get("plantar-fasciitis"), Protocol.TENDON, Phase.REHAB, 5)
    assert {"ex:contrast-bath", "night-splint"} <= {i.key for i in items}


@pytest.mark.parametrize("condition", ["peroneal-tendinopathy", "metatarsal-stress-fracture"])
def test_foot_drills_come_right_before_the_run_on_every_running_day_and_only_then(condition):
    the_plan = plan(condition, as_of=1)
    for d in the_plan.days:
        keys = [i.key for i in d.items]
        if d.run_minutes:
            run = next(i for i, item in enumerate(d.items) if item.kind in RUNNING_KINDS)
            assert keys[run - 1] == "warm-up" and "heel walks" in d.items[run - 1].dose
        else:
            assert "warm-up" not in keys


@pytest.mark.parametrize("phase", [Phase.REST, Phase.REHAB])
def test_bone_plans_speak_of_energy_intake_and_bone_health(phase):
    health = keyed(items_for_day(get("not-sure"), Protocol.BONE, phase, 5), "bone-health")
    assert (
        "Eat enough" in health.dose and "vitamin D" in health.dose and health.kind == ItemKind.NOTE
    )


def test_day_one_asks_what_changed_in_training():
    the_plan = plan("plantar-fasciitis", as_of=1)
    assert any(
        d.rule == "training_check" and "sudden jump" in d.message
        for d in the_plan.decisions_on(on(1))
    )
    assert any(i.key == "note:training-check" for i in day(the_plan, 1).items)
