"""Seed advice in the plan items (issue 14 case 12)."""

from __future__ import annotations

import pytest

from planner.conditions import get
from planner.exercises import items_for_day
from planner.model import ItemKind, Phase, Protocol
from tests.planner.helpers import day, on, plan


def keyed(items, key):
    return next(i for i in items if i.key == key)


def test_bone_rest_days_protect_with_a_boot_or_crutches_while_walking_hurts_and_compress():
    items = items_for_day(get("metatarsal-stress-fracture"), Protocol.BONE, Phase.REST, 2)
    protect = keyed(items, "protect")
    assert "walking boot or crutches" in protect.dose and "elastic bandage" in protect.dose


def test_tendon_rest_days_compress():
    assert "elastic bandage" in keyed(items_for_day(get("ankle-sprain"), Protocol.TENDON, Phase.REST, 2), "protect").dose


@pytest.mark.parametrize(("condition", "words"), [
    ("plantar-fasciitis", "heel cup"), ("metatarsalgia", "metatarsal pad"), ("posterior-tibial-tendinopathy", "arch support"),
    ("hallux-rigidus", None),
])
def test_rehab_days_name_the_shoes_for_where_it_hurts_and_say_when_to_replace_them(condition, words):
    found = get(condition)
    items = items_for_day(found, found.protocol, Phase.REHAB, 5)
    if words is None:  # refer conditions keep to relief measures
        assert not any(i.key == "footwear" for i in items)
        return
    shoes = keyed(items, "footwear")
    assert words in shoes.dose and "500–800 km" in shoes.how_to


def test_plantar_fasciitis_gets_contrast_baths_and_a_night_splint():
    items = items_for_day(get("plantar-fasciitis"), Protocol.TENDON, Phase.REHAB, 5)
    assert {"ex:contrast-bath", "night-splint"} <= {i.key for i in items}


@pytest.mark.parametrize("phase", [Phase.TEST, Phase.WALK_RUN, Phase.RAMP])
def test_every_running_day_starts_with_foot_drills(phase):
    items = items_for_day(get("peroneal-tendinopathy"), Protocol.TENDON, phase, 20)
    assert items[0].key == "warm-up" and "heel walks" in items[0].dose


@pytest.mark.parametrize("phase", [Phase.REST, Phase.REHAB])
def test_bone_plans_speak_of_energy_intake_and_bone_health(phase):
    health = keyed(items_for_day(get("not-sure"), Protocol.BONE, phase, 5), "bone-health")
    assert "Eat enough" in health.dose and "vitamin D" in health.dose and health.kind == ItemKind.NOTE


def test_day_one_asks_what_changed_in_training():
    the_plan = plan("plantar-fasciitis", as_of=1)
    assert any(d.rule == "training_check" and "sudden jump" in d.message for d in the_plan.decisions_on(on(1)))
    assert any(i.key == "note:training-check" for i in day(the_plan, 1).items)
