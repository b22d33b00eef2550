"""The exercise library of SPEC §3.5 and the selector of each day's non-running items."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from planner import advice
from planner import sources as src
from planner.errors import InputError
from planner.model import Condition, Exercise, Item, ItemKind, Phase, Protocol

_T, _B, _R = Protocol.TENDON, Protocol.BONE, Protocol.REFER
_REST, _REHAB, _TEST, _WR, _RAMP, _DONE, _HALT = (
    Phase.REST,
    Phase.REHAB,
    Phase.TEST,
    Phase.WALK_RUN,
    Phase.RAMP,
    Phase.COMPLETE,
    Phase.HALTED,
)
_LOADING = (_TEST, _WR, _RAMP)
_FOREVER = 10_000  # weeks: the last row of a dose table

_EXERCISES = (
    # Seeds: foot strength and mobility.
    Exercise(
        "towel-scrunches",
        "Towel scrunches",
        "Sit with your bare foot flat on a towel spread on a smooth floor. Keeping the heel down, "
        "curl your toes to pull the towel towards you, bunching it under the arch, then spread "
        "the toes and push it back. Move slowly and keep the work in the toes, not the ankle.",
        "3×15 per foot",
        (_T, _B),
        (_REHAB,),
        equipment="towel",
        progression="marble-pickups",
        source=src.SEEDS,
    ),
    Exercise(
        "marble-pickups",
        "Marble pick-ups",
        "Scatter 10 marbles or small stones on the floor next to a cup. Sitting, pick each one "
        "up with your toes and drop it in the cup. Keep the heel on the floor and take your time.",
        "2×10 per foot",
        (_T, _B),
        (_TEST, _WR),
        equipment="10 marbles and a cup",
        progression="band-toe-flexes",
        regression="towel-scrunches",
        source=src.SEEDS,
    ),
    Exercise(
        "band-toe-flexes",
        "Resistance-band toe flexes",
        "Sit with the leg straight and loop a resistance band around the ball of the foot, "
        "holding the ends. Curl the toes and press the front of the foot into the band, hold "
        "for a second, then return slowly. Keep the ankle still so the small foot muscles work.",
        "2–3×10 per foot",
        (_T, _B),
        (_RAMP,),
        equipment="resistance band",
        regression="marble-pickups",
        source=src.SEEDS,
    ),
    Exercise(
        "heel-walks",
        "Heel walks",
        "In shoes, lift the front of both feet and walk on your heels for 30 seconds, toes "
        "pulled up towards the shins; rest 30 seconds between rounds. This strengthens the front "
        "of the shin. Stop if the shin cramps or hurts sharply.",
        "3×30 s",
        (_T, _B),
        (_REHAB, *_LOADING),
        source=src.SEEDS,
    ),
    Exercise(
        "toe-yoga",
        "Toe yoga",
        "Sit or stand with both feet flat. Lift the big toe alone while the other four stay "
        "pressed down and hold 5 seconds; then press the big toe down, lift the other four and "
        "hold 5 seconds. It is hard at first: small movements count.",
        "10 of each, twice a day",
        (_T, _B),
        (_REST, _REHAB, _DONE),
        source=src.SEEDS,
    ),
    Exercise(
        "ankle-circles",
        "Ankle circles",
        "Sit with the leg out and draw slow, full circles with the foot, moving only at the "
        "ankle. Go as far as is comfortable and keep it pain-free.",
        "10 each way, each foot, 2–3 times a day",
        (_T, _B),
        (_REST, _REHAB),
        source=src.SEEDS,
    ),
    Exercise(
        "calf-stretch",
        "Calf stretch",
        "Face a wall with your hands on it, the sore leg back, heel down and knee straight. Lean "
        "in until you feel a gentle stretch in the calf and hold. Then bend the back knee a "
        "little and hold again to reach the lower calf. A stretch, never pain.",
        "3×30 s each leg, straight and bent knee",
        (_T, _B),
        (_REHAB, *_LOADING),
        source=src.SEEDS,
    ),
    Exercise(
        "calf-raises",
        "Calf raises",
        "Stand on flat floor holding a wall or chair. Rise slowly onto the balls of both feet, "
        "pause at the top and lower slowly back to the floor. Keep the weight over the big and "
        "second toes so the ankles do not roll out.",
        "3×15",
        (_T, _B),
        (*_LOADING, _DONE),
        progression="staged-heel-raises",
        regression="isometric-calf-holds",
        source=src.SEEDS,
    ),
    Exercise(
        "heel-drops",
        "Eccentric heel drops",
        "Stand with the balls of both feet on the edge of a step, holding a rail. Rise on both "
        "feet, shift your weight onto the sore leg and lower that heel slowly, over 3 seconds, "
        "below the level of the step. Use both feet to come back up. Do the sets with the knee "
        "straight, then with it slightly bent. Pain within your limit is acceptable.",
        "3×15 straight knee + 3×15 bent knee",
        (_T,),
        _LOADING,
        equipment="step",
        regression="staged-heel-raises",
        source=src.SILBERNAGEL_2007,
    ),
    Exercise(
        "foot-rolling",
        "Foot rolling",
        "Sitting, roll the sole of the foot slowly over a frozen water bottle or a firm ball, "
        "from heel to ball, with moderate pressure. Keep it comfortable, and stay off any spot "
        "on a bone that is sore to press.",
        "at least 90 s per foot",
        (_T, _B),
        (_REHAB,),
        equipment="frozen bottle or ball",
        source=src.SEEDS,
    ),
    Exercise(
        "contrast-bath",
        "Contrast bath",
        "Fill one bowl with warm (not hot) water and one with cold. Put the foot in the warm "
        "water for 3 minutes, then in the cold for 1 minute; repeat 3 to 4 times and finish in "
        "the cold. Skip it if your feet are numb or your circulation is poor.",
        "3 min warm / 1 min cold × 3–4",
        (_T,),
        (_REHAB,),
        equipment="two bowls",
        regression="ice",
        source=src.SEEDS,
    ),
    Exercise(
        "ice",
        "Ice",
        "Wrap ice or a bag of frozen peas in a thin damp towel and rest it on the sore area for "
        "15–20 minutes. Never put ice straight on the skin; stop if the skin turns numb or white.",
        "15–20 min, 2–3 times a day",
        (_T, _B, _R),
        (_REST, _HALT),
        equipment="ice pack or frozen peas",
        source=src.SEEDS,
    ),
    Exercise(
        "elevation",
        "Elevate the foot",
        "Lie or sit with the foot raised above hip level on pillows for 15–20 minutes, ideally "
        "after icing, to help the swelling drain.",
        "15–20 min, 2–3 times a day",
        (_T, _B),
        (_REST,),
        equipment="pillows",
        source=src.SEEDS,
    ),
    Exercise(
        "cross-training",
        "Cross-training",
        "Keep your fitness without loading the sore spot: cycling, swimming, or deep-water "
        "running with a pull buoy or float belt. Pick the one that does not hurt during or "
        "after, keep the effort easy to moderate, and stop if the old pain shows.",
        "20–40 min, easy to moderate, if pain allows",
        (_T, _B, _R),
        (_REHAB, _HALT),
        equipment="bike, pool or float belt",
        source=src.SEEDS,
    ),
    Exercise(
        "walking",
        "Easy walk",
        "Walk at an easy pace on even ground in supportive shoes. Keep the pain within the "
        "limit given, and make sure it has settled by the next morning.",
        "20–30 min easy",
        (_T,),
        (_REHAB,),
        progression="brisk-walk",
        source=src.SEEDS,
    ),
    # From the evidence: tendon loading, bone loading and the return tests.
    Exercise(
        "isometric-calf-holds",
        "Isometric calf holds",
        "Stand on flat floor holding a wall. Rise onto the balls of both feet, or the sore foot "
        "alone if you can, to about halfway and hold still, pushing firmly as if to go higher. "
        "Breathe normally and rest 2 minutes between holds. Holds like these often ease tendon "
        "pain.",
        "5×45 s, 2 min rest",
        (_T,),
        (_REST, _REHAB, *_LOADING),
        progression="staged-heel-raises",
        source=src.SILBERNAGEL_2007,
    ),
    Exercise(
        "staged-heel-raises",
        "Staged heel raises",
        "Rise slowly onto the balls of the feet and lower over 3 seconds, holding a wall for "
        "balance. Stage by stage: both feet on flat floor, then the sore leg alone on the "
        "floor, then the sore leg on the edge of a step so the heel lowers past the step's "
        "level. Move on when all sets are easy and the pain stays within your limit.",
        "3×10–15",
        (_T,),
        (_REHAB, *_LOADING),
        equipment="step",
        progression="heavy-slow-resistance",
        regression="isometric-calf-holds",
        source=src.SILBERNAGEL_2007,
    ),
    Exercise(
        "heavy-slow-resistance",
        "Heavy slow calf raises",
        "Heavy calf raises, each one slow: 3 seconds up, 3 seconds down. Do standing raises "
        "with the knee straight on the edge of a step holding weight (a loaded backpack or a "
        "dumbbell), then seated raises with weight on your knees. Pick a load you can just "
        "manage for the reps given, add weight as they get easier, and rest 2–3 minutes "
        "between sets.",
        "3×15 heavy, three days a week",
        (_T,),
        _LOADING,
        equipment="step, backpack or dumbbell",
        regression="staged-heel-raises",
        source=src.BEYER_2015,
    ),
    Exercise(
        "rathleff-heel-raise",
        "Heel raise with a towel under the toes",
        "Stand on the sore leg on a step or stair with a rolled towel under your toes so they "
        "bend up, the other foot off the ground, hands on a wall. Rise over 3 seconds, hold 2 "
        "seconds at the top, lower over 3 seconds. When you can do more than the reps given, "
        "add books in a backpack. Every second day.",
        "3×12, every second day",
        (_T,),
        (_REST, _REHAB, *_LOADING, _DONE),
        equipment="step, towel, backpack",
        regression="calf-raises",
        source=src.RATHLEFF_2015,
    ),
    Exercise(
        "single-leg-balance",
        "Single-leg balance",
        "Stand on the sore leg with the knee soft, next to a wall or counter in case you "
        "wobble, and hold. When it gets easy, close your eyes, stand on a cushion, or turn your "
        "head slowly side to side.",
        "3×30 s each leg",
        (_T, _B),
        (_REHAB, *_LOADING, _DONE),
        source=src.VUURBERG_2018,
    ),
    Exercise(
        "brisk-walk",
        "Brisk walk",
        "Walk briskly, fast enough to breathe a little harder, on flat even ground in "
        "supportive shoes. The bone must stay pain-free during, after and the next morning; if "
        "it does not, go back to the previous length.",
        "30–45 min, pain-free",
        (_B,),
        (_REHAB,),
        regression="walking",
        source=src.WARDEN_2014,
    ),
    Exercise(
        "hop-test",
        "Hop test",
        "In running shoes on a firm, flat surface, hop 10 to 15 times on the sore leg at an easy "
        "rhythm, landing softly. It passes only with 0/10 pain at the site during, after and "
        "the next morning. Any pain there: stop, and do not run today.",
        "10–15 single-leg hops at 0/10 pain",
        (_B,),
        (_TEST,),
        impact=True,
        regression="pogo-hops",
        source=src.WARDEN_2014,
    ),
    Exercise(
        "pogo-hops",
        "Pogo hops",
        "Bounce gently on both feet, staying on the balls of the feet with the knees nearly "
        "straight: small, springy hops, like skipping without a rope. Later, hop on the sore "
        "leg alone. Stop at any pain at the site.",
        "2×10–20 small hops, every second day",
        (_T, _B),
        (_WR, _RAMP),
        impact=True,
        regression="calf-raises",
        source=src.WARDEN_2021,
    ),
)

_BAND = "resistance band tied to a table leg"
_SPECIFIC_EXERCISES = (
    Exercise(
        "band-dorsiflexion",
        "Resistance-band ankle lifts",
        "Sit with the leg straight and a band looped over the top of the foot, tied to a table leg "
        "in front of you. Pull the foot up towards the shin against the band over 2 seconds, then "
        "let it back down over 3 seconds. This loads the tendons at the front of the ankle; keep "
        "the pain within your limit.",
        "3×15, slow, three days a week",
        (_T,),
        (_WR, _RAMP, _REHAB, _TEST),
        equipment=_BAND,
        source=src.SILBERNAGEL_2007,
    ),
    Exercise(
        "band-eversion",
        "Resistance-band eversion",
        "Sit with the band looped around the outside of the forefoot and tied to a table leg on "
        "the inner side. Keeping the heel on the floor and the knee still, turn the sole outwards "
        "against the band over 2 seconds and back over 3 seconds. This loads the peroneal tendons "
        "behind the outer ankle bone.",
        "3×15, slow, three days a week",
        (_T,),
        (_WR, _RAMP, _REHAB, _TEST),
        equipment=_BAND,
        source=src.SILBERNAGEL_2007,
    ),
    Exercise(
        "band-inversion",
        "Resistance-band inversion",
        "Sit with the band looped around the inside of the forefoot and tied to a table leg on "
        "the outer side. Keeping the heel on the floor and the knee still, turn the sole inwards "
        "against the band over 2 seconds and back over 3 seconds. This loads the tibialis "
        "posterior tendon along the inner ankle.",
        "3×15, slow, three days a week",
        (_T,),
        (_WR, _RAMP, _REHAB, _TEST),
        equipment=_BAND,
        source=src.SILBERNAGEL_2007,
    ),
)

LIBRARY: dict[str, Exercise] = {
    exercise.id: exercise for exercise in _EXERCISES + _SPECIFIC_EXERCISES
}

# Exercises that lower the heel below the floor: never for floor-only conditions.
BELOW_STEP = frozenset({"heel-drops"})

_FLOOR_RAISES = (
    "Stand on flat floor holding a wall. Rise slowly onto the balls of the feet and lower over "
    "3 seconds, stopping as the heel touches the floor: floor level only, never lower, because "
    "a heel that sinks presses the tendon onto the sore spot. Progress from both legs to the "
    "sore leg alone, then add weight in a backpack."
)
_FLOOR_HEAVY = (
    "Heavy calf raises on flat floor, each one slow: 3 seconds up, 3 seconds down, floor "
    "level only, the heel back to the floor and no lower. Do standing raises holding weight "
    "(a loaded backpack or a dumbbell), then seated raises with weight on your knees. Pick a "
    "load you can just manage for the reps given and rest 2–3 minutes between sets."
)
# Doses by loading week (counted from day 4): (last week of the row, dose).
_RATHLEFF_SETS = ((2, "3×12"), (4, "4×10"), (_FOREVER, "5×8"))  # Rathleff 2015
_HEAVY_SETS = (  # Beyer 2015: the reps fall as the load rises
    (1, "3×15"),
    (3, "3×12"),
    (5, "4×10"),
    (8, "4×8"),
    (_FOREVER, "4×6"),
)
_RAISE_STAGES = (
    (1, "both legs on the floor"),
    (3, "sore leg alone on the floor"),
    (_FOREVER, "sore leg alone off a step"),
)
_FLOOR_STAGES = ((1, "both legs"), (_FOREVER, "sore leg alone"))
_ECCENTRIC = frozenset({"achilles-tendinopathy-midportion"})  # the classic drops (Silbernagel)
_HEAVY_DAYS = (0, 2, 4)  # days of each loading week (counted from day 4) with heavy work
LOADING_START_DAY = 4  # tendon loading begins with the gentle rehab (SPEC 3.2: days 4-7)
ISOMETRIC_DAYS = 7  # loading week 1: isometric holds only (SPEC 3.3: isometrics first)
RAISES_UNTIL = 21  # weeks 2-3: staged heel raises; heavy slow resistance from week 4
# Tendon-specific loading for tendons the calf work does not reach.
_SPECIFIC = {
    "extensor-tendinopathy": "band-dorsiflexion",
    "tibialis-anterior-tendinopathy": "band-dorsiflexion",
    "peroneal-tendinopathy": "band-eversion",
    "posterior-tibial-tendinopathy": "band-inversion",
}

REST_ITEM = Item(
    "rest",
    ItemKind.REST,
    "Relative rest",
    "No running today",
    "Stop running. Walk only as much as daily life needs, and note your pain each day.",
)
RELIEF_ITEM = Item(
    "relief",
    ItemKind.NOTE,
    "Relief measures",
    "Every day until you have been seen",
    "Wear shoes with a wider toe box, loosen the laces over the sore area, and avoid whatever "
    "brings the pain on.",
)
RELIEF_KEYS = frozenset({"relief", "cross-train", "ice"})
# A high-risk bone site before a clinician has seen it: no walking for exercise and no pressure
# on the sore bones; the clinician decides on a boot, crutches and how much to walk
# [bone_loading: Warden, Davis & Fredericson 2014 treat high-risk sites unloaded first].
CLEARANCE_WALK_HOW = (
    "A high-risk site heals best unloaded: no walking for exercise until a clinician has seen "
    "you. They may give you a boot or crutches, and they say how much to walk."
)
UNTIL_CLEARED_DROPS = frozenset({"foot-rolling"})  # rolling presses on the foot's bones
# Any bone site while walking hurts: a bone is loaded right only if it stays symptom-free
# during, after and the next day [bone_loading: Warden, Davis & Fredericson 2014], so walking
# for exercise waits until walking itself is pain-free.
SORE_WALK_HOW = (
    "A stress injury heals under load that does not hurt: while walking hurts, walk only as much "
    "as daily life needs, in supportive shoes. If even that hurts, see a doctor: a walking boot "
    "or crutches may be needed."
)


# A day's items follow from these arguments alone and are immutable, so each combination is
# made once per process: a rebuild after a report (the past days unchanged) and plans of the
# same condition share them. Bounded: about 2 kB an entry.
ITEMS_CACHE_SIZE = 16_384


@lru_cache(maxsize=ITEMS_CACHE_SIZE)
def items_for_day(
    condition: Condition,
    protocol: Protocol,
    phase: Phase,
    day: int,
    walk_minutes: int | None = None,
    walk_pain: int = 0,
    awaiting_clearance: bool = False,
    loading_start: int = LOADING_START_DAY,
) -> tuple[Item, ...]:
    """Return the non-running items of one plan day; the engine adds runs, tests and notes.

    `walk_minutes` is the bone brisk walk the engine allows today (it holds while walking hurts);
    `walk_pain` the walking pain that holds it (0: walking is pain-free); `awaiting_clearance`
    a high-risk bone site no clinician has cleared yet: walking for daily life only;
    `loading_start` the day the tendon loading began: day 4, or the plan's first day when the
    plan starts later (whoever starts weeks after the pain began still starts at isometrics).
    """
    if day < 1:
        raise InputError("day", f"day {day} is before onset (day 1)")
    if protocol is Protocol.REFER or phase is Phase.HALTED:
        return _relief()
    items = _BY_PHASE[phase](condition, protocol, phase, day)
    if walk_minutes is not None:
        items = [_bone_walk(day, walk_minutes, walk_pain) if i.key == "walk" else i for i in items]
    if awaiting_clearance:
        walk = _clearance_walk(walk_pain)
        items = [
            walk if i.key == "walk" else i for i in items if i.exercise not in UNTIL_CLEARED_DROPS
        ]
    start = max(loading_start, LOADING_START_DAY)
    if protocol is Protocol.TENDON and day >= start:
        items += _tendon_loading(condition, phase, day - start)
    return tuple(items)


def _item(
    exercise_id: str,
    dose: str | None = None,
    how_to: str | None = None,
    key: str | None = None,
    kind: ItemKind = ItemKind.EXERCISE,
) -> Item:
    exercise = LIBRARY[exercise_id]
    return Item(
        key or f"ex:{exercise_id}",
        kind,
        exercise.name,
        dose or exercise.dose,
        how_to or exercise.how_to,
        exercise_id,
    )


def _relief() -> tuple[Item, ...]:
    return (
        RELIEF_ITEM,
        _item(
            "cross-training",
            "Only if it does not hurt, once anything urgent is ruled out",
            key="cross-train",
            kind=ItemKind.CROSS_TRAIN,
        ),
        _item("ice", "15–20 min, if it helps", key="ice", kind=ItemKind.ICE),
    )


def _shoes(condition: Condition) -> Item:
    tip = condition.cause_fix
    return Item(
        "shoes",
        ItemKind.NOTE,
        "Supportive shoes",
        "All day, no barefoot walking",
        f"Wear cushioned, supportive shoes indoors and out. {tip}".strip(),
    )


def _rest(condition: Condition, protocol: Protocol, phase: Phase, day: int) -> list[Item]:
    return [
        REST_ITEM,
        _item("ice", key="ice", kind=ItemKind.ICE),
        _item("elevation", key="elevate", kind=ItemKind.REST),
        advice.protection(protocol),
        _shoes(condition),
        _item("ankle-circles", "10 each way, only if painless"),
        _item("toe-yoga", "10 of each, twice a day, only if painless"),
        *([advice.bone_health()] if protocol is Protocol.BONE else []),
    ]


def _rehab(condition: Condition, protocol: Protocol, phase: Phase, day: int) -> list[Item]:
    items = [_item("ankle-circles"), _item("towel-scrunches"), _item("toe-yoga")]
    items += _calf_stretch(condition, "light: 2×30 s each leg")
    items.append(_item("foot-rolling"))
    if protocol is Protocol.TENDON:
        if condition.id == "ankle-sprain":  # balance training prevents the next sprain
            items += [_item("single-leg-balance"), _item("contrast-bath")]
        items += _shin_work(condition)
        items.append(
            _item(
                "walking",
                f"20–30 min easy, pain no higher than {condition.pain_ceiling}/10",
                key="walk",
                kind=ItemKind.WALK,
            )
        )
        if condition.id == "plantar-fasciitis":  # seeds: contrast baths and a night splint
            items += [_item("contrast-bath"), advice.night_splint()]
    else:
        items += [_bone_walk(day), _shoes(condition), advice.bone_health()]
    items.append(_item("cross-training", key="cross-train", kind=ItemKind.CROSS_TRAIN))
    items.append(advice.footwear(condition))
    if protocol is Protocol.TENDON and condition.cause_fix:
        items.append(_shoes(condition))
    return items


def _loading(condition: Condition, protocol: Protocol, phase: Phase, day: int) -> list[Item]:
    toes = "band-toe-flexes" if phase is Phase.RAMP else "marble-pickups"
    items = [_item(toes), *_calf_stretch(condition), _item("single-leg-balance")]
    items += _shin_work(condition)
    if protocol is Protocol.BONE:
        items.append(_item("calf-raises"))
        if phase is Phase.TEST:
            items.append(_item("hop-test"))
    # Impact for bone only once walk-run has begun; for tendons once running is continuous.
    hops_from = Phase.WALK_RUN if protocol is Protocol.BONE else Phase.RAMP
    if phase in (hops_from, Phase.RAMP) and day % 2 == 0:
        items.append(_item("pogo-hops"))
    if condition.cause_fix:
        items.append(_shoes(condition))
    return items


def _maintenance(condition: Condition, protocol: Protocol, phase: Phase, day: int) -> list[Item]:
    return [
        _item("calf-raises", "2×15, most days"),
        _item("single-leg-balance", "2×30 s each leg"),
        _item("toe-yoga", "10 of each, once a day"),
    ]


_Builder = Callable[[Condition, Protocol, Phase, int], list[Item]]
_BY_PHASE: dict[Phase, _Builder] = {
    Phase.REST: _rest,
    Phase.REHAB: _rehab,
    Phase.TEST: _loading,
    Phase.WALK_RUN: _loading,
    Phase.RAMP: _loading,
    Phase.COMPLETE: _maintenance,
}


def _calf_stretch(condition: Condition, dose: str | None = None) -> list[Item]:
    # Floor-only conditions skip it: stretching the calf presses the tendon onto the heel bone.
    return [] if condition.floor_only else [_item("calf-stretch", dose)]


def _shin_work(condition: Condition) -> list[Item]:
    return [_item("heel-walks")] if "shin" in condition.locations else []


def _clearance_walk(pain: int) -> Item:
    """A high-risk site before clearance: walking for daily life, saying so when it hurts."""
    dose = (
        f"Only what daily life needs; walking hurts ({pain}/10), so keep it to the least you can"
        if pain
        else "Only what daily life needs, pain-free"
    )
    return Item("walk", ItemKind.WALK, "Walking: daily life only", dose, CLEARANCE_WALK_HOW)


def _bone_walk(day: int, minutes: int | None = None, pain: int = 0) -> Item:
    if minutes is None:  # pain-free walking: +5 min every 3 days, up to 45
        minutes = min(45, 10 + 5 * (max(0, day - 4) // 3))
    if pain:  # the zero-pain rule: no walking for exercise while walking hurts
        dose = (
            f"Only what daily life needs; walking hurts ({pain}/10), so no brisk walk until it "
            f"is pain-free (then {minutes} min)"
        )
        return Item("walk", ItemKind.WALK, "Walking: daily life only", dose, SORE_WALK_HOW)
    goal = "" if minutes >= 30 else ", building toward 30–45 min"
    return _item(
        "brisk-walk", f"{minutes} min brisk, pain-free{goal}", key="walk", kind=ItemKind.WALK
    )


def _tendon_loading(condition: Condition, phase: Phase, since: int) -> list[Item]:
    """Isometrics, then staged heel raises, then heavy slow resistance or eccentric drops,
    `since` days after the loading began.

    Heavy work comes three days a week and never on two days running (Beyer 2015); isometric
    holds fill the other days. A rehab spell after a setback stays at staged heel raises.
    """
    week = since // 7 + 1
    if condition.id == "plantar-fasciitis":
        return [_rathleff(week)] if since % 2 == 0 else []
    if phase not in (Phase.REST, Phase.REHAB, *_LOADING):
        return []
    level = loading_level(condition, phase, since)
    if level == 1 or since % 7 not in _HEAVY_DAYS:
        return [_item("isometric-calf-holds")]
    items = (
        [_heel_raises(week, condition.floor_only)]
        if level == 2
        else [_heavy_or_eccentric(condition, week)]
    )
    if condition.id in _SPECIFIC:
        items.append(_item(_SPECIFIC[condition.id]))
    return items


def loading_level(condition: Condition, phase: Phase, since: int) -> int:
    """Return the tendon loading step `since` days after the loading began: 1 isometrics,
    2 staged heel raises, 3 heavy."""
    level = 1 if since < ISOMETRIC_DAYS else 2 if since < RAISES_UNTIL else 3
    if phase is Phase.REST:
        return 1
    return min(level, 2) if phase is Phase.REHAB else level


def _heavy_or_eccentric(condition: Condition, week: int) -> Item:
    if condition.id in _ECCENTRIC and not condition.floor_only:
        return _item("heel-drops", "3×15 straight knee + 3×15 bent knee, three days a week")
    return _heavy(week, condition.floor_only)


def _rathleff(week: int) -> Item:
    return _item("rathleff-heel-raise", f"{_by_week(_RATHLEFF_SETS, week)}, every second day")


def _heel_raises(week: int, floor: bool) -> Item:
    if floor:
        stage = _by_week(_FLOOR_STAGES, week)
        return _item("staged-heel-raises", f"3×15, {stage}, floor level only", _FLOOR_RAISES)
    return _item("staged-heel-raises", f"3×10–15, {_by_week(_RAISE_STAGES, week)}")


def _heavy(week: int, floor: bool) -> Item:
    reps = _by_week(_HEAVY_SETS, week)
    if floor:
        return _item("heavy-slow-resistance", f"{reps}, heavy, floor level only", _FLOOR_HEAVY)
    return _item("heavy-slow-resistance", f"{reps}, heavy and slow")


def _by_week(table: tuple[tuple[int, str], ...], week: int) -> str:
    """Return the dose of the first row whose last week is not yet past."""
    return next(dose for last_week, dose in table if week <= last_week)
