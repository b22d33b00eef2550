"""The exercise library of SPEC §3.5 and the items each plan day gets."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import sources
from planner.conditions import CATALOG, get
from planner.errors import InputError
from planner.exercises import BELOW_STEP, LIBRARY, RELIEF_KEYS, items_for_day
from planner.model import RUNNING_KINDS, ItemKind, Phase, Protocol
from tests.planner.properties import PROPERTY

ACTIVE = [p for p in Phase if p is not Phase.HALTED]
LOADING = [Phase.TEST, Phase.WALK_RUN, Phase.RAMP]
BONE = [c for c in CATALOG.values() if c.protocol is Protocol.BONE]
REFER = [c for c in CATALOG.values() if c.protocol is Protocol.REFER]
FLOOR_ONLY = [c for c in CATALOG.values() if c.floor_only]
SPECIAL_KEYS = {
    "ice",
    "elevate",
    "rest",
    "shoes",
    "cross-train",
    "walk",
    "relief",
    "protect",
    "footwear",
    "night-splint",
    "bone-health",
}

SPEC_EXERCISES = [
    ("towel-scrunches", "3×15 per foot"),
    ("marble-pickups", "2×10 per foot"),
    ("band-toe-flexes", "2–3×10"),
    ("heel-walks", "3×30 s"),
    ("toe-yoga", "twice a day"),
    ("ankle-circles", "each way"),
    ("calf-stretch", "30 s"),
    ("calf-raises", "3×15"),
    ("heel-drops", "3×15"),
    ("foot-rolling", "at least 90 s"),
    ("contrast-bath", "3 min warm / 1 min cold × 3–4"),
    ("ice", "15–20 min, 2–3 times a day"),
    ("elevation", "15–20 min"),
    ("cross-training", "20–40 min"),
    ("walking", "min"),
    ("isometric-calf-holds", "5×45 s"),
    ("staged-heel-raises", "3×10–15"),
    ("heavy-slow-resistance", "three days a week"),
    ("rathleff-heel-raise", "3×12, every second day"),
    ("single-leg-balance", "30 s"),
    ("brisk-walk", "30–45 min"),
    ("hop-test", "10–15 single-leg hops"),
    ("pogo-hops", "hops"),
    ("band-dorsiflexion", "3×15"),
    ("band-eversion", "3×15"),
    ("band-inversion", "3×15"),
]


def keys(items):
    return [item.key for item in items]


def exercises_in(items):
    return {item.exercise for item in items if item.exercise}


def every_day(condition, protocol=None, phases=tuple(Phase), days=range(1, 121)):
    protocol = protocol or condition.protocol
    for phase in phases:
        for day in days:
            yield phase, day, items_for_day(condition, protocol, phase, day)


# -- the library --------------------------------------------------------------------------


@pytest.mark.parametrize(("exercise_id", "dose"), SPEC_EXERCISES)
def test_every_spec_exercise_exists_with_a_how_to_and_its_seed_dose(exercise_id, dose):
    exercise = LIBRARY[exercise_id]
    assert exercise.id == exercise_id
    assert dose in exercise.dose
    assert len(exercise.how_to.split()) >= 20 and "\n" not in exercise.how_to
    assert exercise.protocols and exercise.phases and exercise.equipment
    assert exercise.source in sources.ALL


def test_the_library_holds_exactly_the_spec_exercises():
    assert set(LIBRARY) == {exercise_id for exercise_id, _ in SPEC_EXERCISES}


def test_progressions_and_regressions_point_at_exercises_of_the_library():
    for exercise in LIBRARY.values():
        for pointer in (exercise.progression, exercise.regression):
            assert pointer is None or (pointer in LIBRARY and pointer != exercise.id)


def test_only_hops_are_impact_exercises():
    assert {e.id for e in LIBRARY.values() if e.impact} == {"hop-test", "pogo-hops"}


def test_cross_training_offers_cycling_swimming_and_deep_water_running():
    how_to = LIBRARY["cross-training"].how_to
    assert all(word in how_to for word in ("cycling", "swimming", "deep-water running"))


def test_heel_drops_go_below_the_step_and_are_flagged_as_such():
    assert "below the level of the step" in LIBRARY["heel-drops"].how_to
    assert "heel-drops" in BELOW_STEP


# -- properties of every day ----------------------------------------------------------------


@PROPERTY
@given(
    condition=st.sampled_from(list(CATALOG.values())),
    protocol=st.sampled_from(list(Protocol)),
    phase=st.sampled_from(list(Phase)),
    day=st.integers(min_value=1, max_value=400),
)
def test_any_day_has_unique_keys_and_only_non_running_items(condition, protocol, phase, day):
    items = items_for_day(condition, protocol, phase, day)
    assert items
    assert len(set(keys(items))) == len(items)
    assert all(
        k in SPECIAL_KEYS or k == f"ex:{item.exercise}"
        for k, item in zip(keys(items), items, strict=True)
    )
    assert not any(item.kind in RUNNING_KINDS for item in items)
    assert all(item.title and item.dose and item.how_to for item in items)


@PROPERTY
@given(
    condition=st.sampled_from(list(CATALOG.values())),
    protocol=st.sampled_from(list(Protocol)),
    phase=st.sampled_from(list(Phase)),
    day=st.integers(min_value=1, max_value=400),
)
def test_any_day_only_uses_exercises_for_its_protocol_and_phase(condition, protocol, phase, day):
    relief = protocol is Protocol.REFER or phase is Phase.HALTED
    for exercise_id in exercises_in(items_for_day(condition, protocol, phase, day)):
        exercise = LIBRARY[exercise_id]
        assert (Phase.HALTED if relief else phase) in exercise.phases
        assert protocol in exercise.protocols


@PROPERTY
@given(
    condition=st.sampled_from(list(CATALOG.values())),
    phase=st.sampled_from(list(Phase)),
    day=st.integers(min_value=1, max_value=400),
)
def test_bone_rules_allow_no_impact_before_walk_run_but_the_hop_test(condition, phase, day):
    items = items_for_day(condition, Protocol.BONE, phase, day)
    impact = {e for e in exercises_in(items) if LIBRARY[e].impact}
    if phase in (Phase.REST, Phase.REHAB, Phase.HALTED):
        assert not impact
    if phase is Phase.TEST:
        assert impact == {"hop-test"}
    assert not exercises_in(items) & BELOW_STEP


def test_the_same_day_gives_the_same_items_every_time():
    for condition in CATALOG.values():
        for phase in Phase:
            first = items_for_day(condition, condition.protocol, phase, 30)
            assert items_for_day(condition, condition.protocol, phase, 30) == first


@pytest.mark.parametrize("condition", CATALOG.values(), ids=list(CATALOG))
def test_a_key_names_the_same_thing_on_every_day_and_phase(condition):
    for protocol in {condition.protocol, Protocol.BONE}:
        seen = {}
        for _, _, items in every_day(condition, protocol):
            for item in items:
                assert seen.setdefault(item.key, (item.kind, item.title)) == (item.kind, item.title)


def test_a_day_before_onset_is_refused():
    with pytest.raises(InputError) as caught:
        items_for_day(get("plantar-fasciitis"), Protocol.TENDON, Phase.REST, 0)
    assert caught.value.field == "day"


# -- the phases ------------------------------------------------------------------------------


@pytest.mark.parametrize("condition", [get("plantar-fasciitis"), get("metatarsal-stress-fracture")])
@pytest.mark.parametrize("day", [1, 2, 3])
def test_rest_days_bring_price_and_only_painless_mobility(condition, day):
    items = items_for_day(condition, condition.protocol, Phase.REST, day)
    assert {"rest", "ice", "elevate", "shoes"} <= set(keys(items))
    assert "15–20 min, 2–3 times a day" in next(i.dose for i in items if i.key == "ice")
    assert "barefoot" in next(i.dose for i in items if i.key == "shoes")
    exercises = [i for i in items if i.kind is ItemKind.EXERCISE]
    assert {i.exercise for i in exercises} == {"ankle-circles", "toe-yoga"}
    assert all("only if painless" in i.dose for i in exercises)


@pytest.mark.parametrize("protocol", [Protocol.TENDON, Protocol.BONE])
def test_rehab_days_bring_gentle_mobility_foot_strength_and_cross_training(protocol):
    items = items_for_day(get("metatarsalgia"), protocol, Phase.REHAB, 5)
    expected = {"ankle-circles", "towel-scrunches", "toe-yoga", "calf-stretch", "foot-rolling"}
    assert expected <= exercises_in(items)
    assert "light" in next(i.dose for i in items if i.exercise == "calf-stretch")
    assert "cross-train" in keys(items)


@pytest.mark.parametrize(
    ("phase", "day", "loading"),
    [
        (Phase.REST, 3, set()),
        (Phase.REHAB, 4, {"isometric-calf-holds"}),
        (Phase.REHAB, 10, {"isometric-calf-holds"}),
        (Phase.TEST, 8, {"isometric-calf-holds"}),  # no heavy work on the test day of week 1
        (Phase.TEST, 11, {"staged-heel-raises", "band-eversion"}),
        (Phase.WALK_RUN, 12, {"isometric-calf-holds"}),
        (Phase.WALK_RUN, 25, {"heavy-slow-resistance", "band-eversion"}),
        (Phase.REHAB, 25, {"staged-heel-raises", "band-eversion"}),
    ],  # a setback stays with the raises
)
def test_tendon_loading_goes_isometrics_then_staged_heel_raises_then_heavy(phase, day, loading):
    tendon_loads = {
        "isometric-calf-holds",
        "staged-heel-raises",
        "heavy-slow-resistance",
        "band-eversion",
    }
    items = items_for_day(get("peroneal-tendinopathy"), Protocol.TENDON, phase, day)
    assert exercises_in(items) & tendon_loads == loading


HEAVY = {"heavy-slow-resistance", "heel-drops"}


@pytest.mark.parametrize(
    "condition",
    [c for c in CATALOG.values() if c.protocol is Protocol.TENDON and c.id != "plantar-fasciitis"],
    ids=lambda c: c.id,
)
def test_heavy_calf_work_comes_three_days_a_week_never_two_days_running_and_after_the_raises(
    condition,
):
    days = [
        (day, phase, exercises_in(items_for_day(condition, Protocol.TENDON, phase, day)))
        for day in range(1, 121)
        for phase in [Phase.WALK_RUN if day >= 8 else Phase.REHAB]
    ]
    heavy = [day for day, _, found in days if found & HEAVY]
    raises = [day for day, _, found in days if "staged-heel-raises" in found]
    assert heavy and raises and min(raises) < min(heavy)
    assert all(later - earlier >= 2 for earlier, later in zip(heavy, heavy[1:], strict=False))
    for start in range(min(heavy), 100):
        assert len([d for d in heavy if start <= d < start + 7]) == 3


def test_heavy_slow_resistance_gets_heavier_as_the_weeks_pass():
    condition = get("posterior-tibial-tendinopathy")

    def heavy_dose(day):
        items = items_for_day(condition, Protocol.TENDON, Phase.RAMP, day)
        return next(i.dose for i in items if i.exercise == "heavy-slow-resistance")

    assert heavy_dose(25).startswith("4×10")
    assert heavy_dose(4 + 7 * 9).startswith("4×6")


def test_midportion_achilles_gets_eccentric_heel_drops_instead_of_heavy_raises_never_daily():
    condition = get("achilles-tendinopathy-midportion")
    found = [exercises_in(items) for _, _, items in every_day(condition, phases=[Phase.WALK_RUN])]
    assert any("heel-drops" in day for day in found)
    assert not any("heavy-slow-resistance" in day for day in found)
    assert not any(
        "heel-drops" in exercises_in(items)
        for _, _, items in every_day(condition, phases=[Phase.REHAB])
    )


@pytest.mark.parametrize(
    ("condition_id", "exercise"),
    [
        ("extensor-tendinopathy", "band-dorsiflexion"),
        ("tibialis-anterior-tendinopathy", "band-dorsiflexion"),
        ("peroneal-tendinopathy", "band-eversion"),
        ("posterior-tibial-tendinopathy", "band-inversion"),
    ],
)
def test_tendons_the_calf_work_misses_get_their_own_loading(condition_id, exercise):
    found = [
        exercises_in(items) for _, _, items in every_day(get(condition_id), phases=[Phase.WALK_RUN])
    ]
    assert any(exercise in day for day in found)


@pytest.mark.parametrize("condition", FLOOR_ONLY, ids=[c.id for c in FLOOR_ONLY])
def test_floor_only_conditions_never_get_a_below_step_exercise(condition):
    for protocol in (Protocol.TENDON, Protocol.BONE):
        for phase, day, items in every_day(condition, protocol, days=range(1, 201)):
            assert not exercises_in(items) & BELOW_STEP, (phase, day)
            for item in items:
                assert not re.search(r"\bstep\b", f"{item.dose} {item.how_to}"), (phase, day, item)
                if item.exercise in {"staged-heel-raises", "heavy-slow-resistance"}:
                    assert "floor level only" in item.dose
                    assert "floor level only" in item.how_to


def test_floor_only_conditions_get_floor_level_loading_in_every_loading_phase():
    for condition in FLOOR_ONLY:
        for phase in LOADING:
            items = items_for_day(condition, Protocol.TENDON, phase, 20)
            assert exercises_in(items) & {"staged-heel-raises", "heavy-slow-resistance"}


@pytest.mark.parametrize("phase", ACTIVE)
def test_plantar_fascia_gets_the_towel_heel_raise_every_second_day_from_day_4(phase):
    condition = get("plantar-fasciitis")
    for day in range(1, 121):
        items = items_for_day(condition, Protocol.TENDON, phase, day)
        expected = day >= 4 and (day - 4) % 2 == 0
        assert ("rathleff-heel-raise" in exercises_in(items)) is expected, day


@pytest.mark.parametrize(("day", "sets"), [(4, "3×12"), (16, "3×12"), (18, "4×10"), (32, "5×8")])
def test_the_towel_heel_raise_builds_from_3x12_to_4x10_to_5x8(day, sets):
    items = items_for_day(get("plantar-fasciitis"), Protocol.TENDON, Phase.WALK_RUN, day)
    assert next(i.dose for i in items if i.exercise == "rathleff-heel-raise").startswith(sets)


def test_plantar_fascia_switched_to_bone_rules_drops_the_tendon_loading():
    for _, _, items in every_day(get("plantar-fasciitis"), Protocol.BONE):
        assert "rathleff-heel-raise" not in exercises_in(items)


@pytest.mark.parametrize("condition", BONE, ids=[c.id for c in BONE])
def test_bone_rehab_has_no_impact_and_a_brisk_walk_that_grows(condition):
    minutes = []
    for day in range(4, 40):
        items = items_for_day(condition, Protocol.BONE, Phase.REHAB, day)
        assert not any(LIBRARY[e].impact for e in exercises_in(items))
        assert not exercises_in(items) & BELOW_STEP
        walk = next(i for i in items if i.key == "walk")
        assert walk.exercise == "brisk-walk" and "pain-free" in walk.dose
        minutes.append(int(walk.dose.split()[0]))
    assert minutes == sorted(minutes)
    assert minutes[0] < 30 and 30 <= max(minutes) <= 45


@pytest.mark.parametrize("condition", BONE, ids=[c.id for c in BONE])
def test_the_hop_test_is_part_of_the_bone_test_day(condition):
    items = items_for_day(condition, Protocol.BONE, Phase.TEST, 22)
    assert "ex:hop-test" in keys(items)


def test_the_hop_test_belongs_to_bone_plans_only():
    items = items_for_day(get("plantar-fasciitis"), Protocol.TENDON, Phase.TEST, 10)
    assert "ex:hop-test" not in keys(items)


def test_bone_plans_get_pogo_hops_only_from_walk_run_on():
    condition = get("calcaneal-stress-fracture")
    with_pogo = {
        phase
        for phase, _, items in every_day(condition, Protocol.BONE)
        if "pogo-hops" in exercises_in(items)
    }
    assert with_pogo == {Phase.WALK_RUN, Phase.RAMP}


@pytest.mark.parametrize(
    ("condition_id", "protocol", "phase"),
    [
        ("shin-splints", Protocol.TENDON, Phase.REHAB),
        ("tibialis-anterior-tendinopathy", Protocol.TENDON, Phase.RAMP),
        ("tibial-stress-fracture", Protocol.BONE, Phase.WALK_RUN),
        ("fibular-stress-fracture", Protocol.BONE, Phase.TEST),
    ],
)
def test_shin_conditions_get_calf_and_shin_work(condition_id, protocol, phase):
    items = exercises_in(items_for_day(get(condition_id), protocol, phase, 12))
    assert "heel-walks" in items
    assert items & {
        "isometric-calf-holds",
        "staged-heel-raises",
        "heavy-slow-resistance",
        "calf-raises",
        "calf-stretch",
    }


def test_an_ankle_sprain_trains_balance_from_rehab():
    items = items_for_day(get("ankle-sprain"), Protocol.TENDON, Phase.REHAB, 5)
    assert "single-leg-balance" in exercises_in(items)


def test_tight_lacing_problems_get_lacing_advice():
    items = items_for_day(get("vamp-irritation"), Protocol.TENDON, Phase.WALK_RUN, 15)
    assert "laces" in next(i.how_to for i in items if i.key == "shoes")


@pytest.mark.parametrize("protocol", [Protocol.TENDON, Protocol.BONE])
def test_a_complete_plan_keeps_a_short_maintenance_routine(protocol):
    items = items_for_day(get("metatarsalgia"), protocol, Phase.COMPLETE, 90)
    assert 1 <= len(items) <= 4
    assert all(i.kind is ItemKind.EXERCISE for i in items)


@pytest.mark.parametrize("condition", REFER, ids=[c.id for c in REFER])
@pytest.mark.parametrize("phase", list(Phase))
def test_refer_conditions_get_only_relief_measures(condition, phase):
    items = items_for_day(condition, Protocol.REFER, phase, 10)
    assert set(keys(items)) <= RELIEF_KEYS and "relief" in keys(items)
    assert not any(i.kind is ItemKind.EXERCISE for i in items)


@pytest.mark.parametrize("condition", CATALOG.values(), ids=list(CATALOG))
def test_a_halted_plan_gets_only_relief_measures(condition):
    for protocol in Protocol:
        for day in (2, 10, 60):
            items = items_for_day(condition, protocol, Phase.HALTED, day)
            assert set(keys(items)) <= RELIEF_KEYS
            assert not any(i.kind is ItemKind.EXERCISE for i in items)


def test_relief_measures_name_the_toe_box_the_lacing_and_painless_cross_training():
    items = items_for_day(get("mortons-neuroma"), Protocol.REFER, Phase.HALTED, 3)
    relief = next(i for i in items if i.key == "relief")
    assert "wider toe box" in relief.how_to and "laces" in relief.how_to
    assert "does not hurt" in next(i.dose for i in items if i.key == "cross-train")
    assert "if it helps" in next(i.dose for i in items if i.key == "ice")


@PROPERTY
@given(
    condition=st.sampled_from(sorted(CATALOG)),
    phase=st.sampled_from(list(Phase)),
    day=st.integers(1, 400),
    walk=st.one_of(st.none(), st.integers(5, 60)),
)
def test_a_remembered_days_items_are_the_ones_made_afresh(condition, phase, day, walk):
    found = get(condition)
    args = (found, found.protocol, phase, day, walk)
    assert items_for_day(*args) == items_for_day(*args) == items_for_day.__wrapped__(*args)


def test_the_remembered_items_are_bounded():
    assert items_for_day.cache_info().maxsize is not None
