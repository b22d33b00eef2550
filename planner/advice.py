"""Seed advice as plan items: protection, footwear by where it hurts, warm-up drills, bone health."""

from __future__ import annotations

from planner.model import Condition, Item, ItemKind, Protocol

# Seed 002's table: what to wear for the place it hurts (the condition's first location).
_FOOTWEAR = {
    "heel": "a cushioned heel, a heel cup or gel heel pad",
    "arch": "arch-support insoles and a firm midsole",
    "ball": "a metatarsal pad just behind the sore spot, a wide toe box and a cushioned forefoot",
    "top": "loose lacing over the sore spot and padding under the tongue",
    "inner side": "arch support or a stability shoe",
    "outer side": "a firm heel counter, and soles not worn down on the outer edge",
    "back of ankle": "a small heel lift and a heel counter that does not press",
    "front of ankle": "laces loose across the front of the ankle",
    "shin": "cushioned shoes with life left in them",
    "big toe": "a stiff sole or a rocker sole that spares the big toe joint",
}
WORN = "Replace shoes that have run about 500–800 km or look worn, and get new ones fitted in the afternoon."


def protection(protocol: Protocol) -> Item:
    """Rest days: protect and compress (PRICE), with a boot or crutches for a bone while walking hurts."""
    if protocol is Protocol.BONE:
        dose = (
            "While walking hurts: a walking boot or crutches; a snug elastic bandage for swelling"
        )
        how = (
            "A possible stress fracture must not be loaded while walking hurts. A walking boot or "
            "crutches take the load off; ask a doctor or pharmacist which one suits you."
        )
    else:
        dose = "A snug elastic bandage or sleeve while it is swollen"
        how = (
            "Snug, not tight: take it off if your toes tingle, go pale or feel cold, and at night."
        )
    return Item("protect", ItemKind.REST, "Protect and compress", dose, how)


def footwear(condition: Condition) -> Item:
    """Shoes for the place it hurts (seed 002), and worn shoes replaced."""
    where = condition.locations[0] if condition.locations else "heel"
    what = _FOOTWEAR.get(where, _FOOTWEAR["heel"])
    return Item("footwear", ItemKind.NOTE, "Check your shoes", f"{what[0].upper()}{what[1:]}", WORN)


def warm_up() -> Item:
    """Foot drills before every run (seeds)."""
    return Item(
        "warm-up",
        ItemKind.NOTE,
        "Foot drills before you run",
        "1 min each: ankle circles, heel walks, toe walks",
        "Wake the foot up before every run: slow ankle circles, then walking on your heels and on "
        "your toes. Stop if any of it hurts at the sore spot.",
    )


def night_splint() -> Item:
    """Plantar fasciitis: a night splint eases the first steps of the morning (seeds)."""
    return Item(
        "night-splint",
        ItemKind.NOTE,
        "Night splint",
        "Optional, at night",
        "A night splint holds the ankle at a right angle while you sleep, so the plantar fascia "
        "is not short and stiff at the first steps of the morning.",
    )


def bone_health() -> Item:
    """Bone plans: energy intake and bone health (seeds)."""
    return Item(
        "bone-health",
        ItemKind.NOTE,
        "Feed the bone",
        "Eat enough for your training; calcium and vitamin D",
        "Bone heals and stays strong only when you eat enough for the training you do: low energy "
        "intake weakens bone. Get calcium and vitamin D. Ask a doctor about bone health if this is "
        "not your first stress fracture, or if periods are irregular or have stopped.",
    )


def training_check() -> Item:
    """Day one: look back for the training jump that often starts it (seeds)."""
    return Item(
        "note:training-check",
        ItemKind.NOTE,
        "Check what changed",
        "Think back over the last weeks: more distance, speed, hills, a new surface or new shoes?",
        "A sudden jump in training often starts these injuries. When you are back, stay below the "
        "level that hurt and change one thing at a time.",
    )
