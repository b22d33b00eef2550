"""The condition catalog of SPEC §4 and the "where does it hurt?" helper."""

from __future__ import annotations

from planner import sources as src
from planner.errors import InputError
from planner.model import Condition, Protocol, Risk

LOCATIONS = (
    "heel",
    "arch",
    "ball",
    "top",
    "inner side",
    "outer side",
    "back of ankle",
    "front of ankle",
    "shin",
    "big toe",
)
NOT_SURE = "not-sure"

_TENDON = (src.SILBERNAGEL_2007, src.SEEDS)
_BONE = (src.WARDEN_2021, src.WARDEN_2014, src.HOENIG_2023, src.GEORGE_2024, src.SEEDS)
_REFER = (src.SEEDS,)


def _tendon(
    id: str,
    name: str,
    locations: tuple[str, ...],
    feels: str,
    tissue: str,
    weeks: tuple[int, int],
    sources: tuple[str, ...] = _TENDON,
    pain_ceiling: int = 5,
    floor_only: bool = False,
    fix: str = "",
    short: bool = False,
    near: str = "",
) -> Condition:
    return Condition(
        id,
        name,
        locations,
        feels,
        tissue,
        Protocol.TENDON,
        recovery_weeks=weeks,
        sources=sources,
        pain_ceiling=pain_ceiling,
        floor_only=floor_only,
        short_course=short,
        cause_fix=fix,
        high_risk_bone_near=near,
    )


def _bone(
    id: str,
    name: str,
    locations: tuple[str, ...],
    feels: str,
    tissue: str,
    risk: Risk,
    weeks: tuple[int, int],
) -> Condition:
    return Condition(
        id,
        name,
        locations,
        feels,
        tissue,
        Protocol.BONE,
        risk=risk,
        recovery_weeks=weeks,
        sources=_BONE,
    )


def _refer(
    id: str,
    name: str,
    locations: tuple[str, ...],
    feels: str,
    tissue: str,
    weeks: tuple[int, int],
    see_today: str = "",
) -> Condition:
    return Condition(
        id,
        name,
        locations,
        feels,
        tissue,
        Protocol.REFER,
        recovery_weeks=weeks,
        see_today=see_today,
        sources=_REFER,
    )


_LOW, _HIGH = Risk.LOW, Risk.HIGH
# Tendon plans over a high-risk bone site (`near`): bone tenderness there may be a high-risk
# stress injury (Warden, Davis & Fredericson 2014), so the switch to bone rules (SPEC 3.7)
# takes the high-risk ones: no running until a clinician clears it (SPEC 3.1: be stricter).

# The fix for a cause the seeds name (seed 000: tight lacing; seed 002: shoes by pain location).
_LACES = (
    "Loosen the laces over the sore spot, or skip the eyelets above it and lace around them; "
    "check the tongue lies flat."
)
_TOE_BOX = (
    "Wear shoes with a wider toe box and cushioning under the ball of the foot; a metatarsal "
    "pad just behind the sore spot takes the pressure off it."
)
_HEEL_COUNTER = (
    "Pick shoes whose heel counter does not press the back of the heel; a small heel lift can help."
)

# Recovery weeks are typical return-to-running ranges. Bone sites follow Hoenig 2023: posteromedial
# tibia 44 days (95% CI 27-61), fibula 56 days (CI 13-100), navicular 127 days (CI 102-151); the
# other sites are placed by its low/high-risk split (high-risk sites take longer).
_ENTRIES = (
    # Soft tissue: the tendon (pain-monitoring) rules.
    _tendon(
        "plantar-fasciitis",
        "Plantar fasciitis",
        ("heel", "arch"),
        "Sharp pain under the heel with the first steps of the day that eases as you warm up.",
        "plantar fascia",
        (6, 12),
        (src.RATHLEFF_2015, src.SILBERNAGEL_2007, src.SEEDS),
    ),
    _tendon(
        "achilles-tendinopathy-midportion",
        "Achilles tendinopathy (mid-portion)",
        ("back of ankle",),
        "Stiff, sore Achilles a few fingers above the heel, worst on waking and early in runs.",
        "Achilles tendon, mid-portion",
        (12, 26),
        (src.SILBERNAGEL_2007, src.BEYER_2015, src.SEEDS),
    ),
    _tendon(
        "achilles-tendinopathy-insertional",
        "Achilles tendinopathy (insertional)",
        ("heel", "back of ankle"),
        "Pain where the Achilles meets the heel bone, worse uphill or when a shoe presses.",
        "Achilles tendon insertion",
        (12, 26),
        floor_only=True,
        fix=_HEEL_COUNTER,
    ),
    _tendon(
        "retrocalcaneal-bursitis",
        "Retrocalcaneal bursitis",
        ("heel", "back of ankle"),
        "A puffy, tender spot just in front of the Achilles at the back of the heel.",
        "retrocalcaneal bursa",
        (6, 12),
        floor_only=True,
        fix=_HEEL_COUNTER,
    ),
    _tendon(
        "posterior-tibial-tendinopathy",
        "Posterior tibial tendinopathy",
        ("inner side", "arch"),
        "Ache along the inside of the ankle into the arch; the arch feels weaker or flatter.",
        "tibialis posterior tendon",
        (6, 12),
        near="the navicular",  # the tendon inserts on it
    ),
    _tendon(
        "peroneal-tendinopathy",
        "Peroneal tendinopathy",
        ("outer side",),
        "Ache behind and below the outer ankle bone, worse on cambered roads and turns.",
        "peroneal tendons",
        (6, 12),
        near="the base of the fifth metatarsal",  # peroneus brevis inserts on it
    ),
    _tendon(
        "extensor-tendinopathy",
        "Extensor tendinopathy",
        ("top",),
        "Ache across the top of the foot that builds during a run, often with tight laces.",
        "toe extensor tendons",
        (2, 6),
        fix=_LACES,
    ),
    _tendon(
        "tibialis-anterior-tendinopathy",
        "Tibialis anterior tendinopathy",
        ("front of ankle", "shin"),
        "Pain at the front of the ankle or low shin when you lift the foot; it may creak.",
        "tibialis anterior tendon",
        (3, 8),
        near="the front of the shin bone (anterior tibia) or the medial malleolus",
    ),
    _tendon(
        "vamp-irritation",
        "Vamp irritation (tight lacing)",
        ("top",),
        "A pressed, bruised feeling on top of the foot right under the laces.",
        "soft tissue under the laces",
        (1, 2),  # seed 000: settles in 1-2 weeks once the laces are loosened
        fix=_LACES,
        short=True,
    ),
    _tendon(
        "sinus-tarsi-syndrome",
        "Sinus tarsi syndrome",
        ("outer side", "front of ankle"),
        "Deep ache in the hollow in front of the outer ankle bone, worse on uneven ground.",
        "sinus tarsi soft tissue",
        (4, 8),
    ),
    _tendon(
        "cuboid-syndrome",
        "Cuboid syndrome",
        ("outer side",),
        "Sharp pain at the outer middle of the foot on push-off, often after a rolled ankle.",
        "cuboid joints",
        (1, 4),
        near="the base of the fifth metatarsal",
    ),
    _tendon(
        "accessory-navicular-syndrome",
        "Accessory navicular syndrome",
        ("inner side", "arch"),
        "A tender bony bump on the inner side of the midfoot that shoes rub.",
        "accessory navicular and tibialis posterior insertion",
        (4, 8),
        near="the navicular",
    ),
    _tendon(
        "ankle-sprain",
        "Ankle sprain",
        ("outer side", "front of ankle"),
        "You rolled the ankle: swelling and bruising around the outer ankle, sore to walk on.",
        "lateral ankle ligaments",
        (2, 6),
        (src.VUURBERG_2018, src.OTTAWA, src.SEEDS),
    ),
    _tendon(
        "ankle-impingement",
        "Ankle impingement",
        ("front of ankle", "back of ankle"),
        "A pinch at the front or back of the ankle when the foot is fully bent up or pointed.",
        "ankle joint capsule and soft tissue",
        (4, 8),
        near="the talus or the medial malleolus",
    ),
    _tendon(
        "shin-splints",
        "Shin splints (MTSS)",
        ("shin",),
        "A dull ache along the inner edge of the shin bone over a hand-width or more.",
        "tibial bone surface and calf muscle attachments",
        (8, 16),
        (src.MOEN_2012, src.SILBERNAGEL_2007, src.SEEDS),
        pain_ceiling=4,
    ),
    _tendon(
        "metatarsalgia",
        "Metatarsalgia",
        ("ball",),
        "A bruised feeling under the ball of the foot, like walking on a pebble.",
        "metatarsal heads and plantar plate",
        (2, 6),
        fix=_TOE_BOX,
        near="the sesamoids under the big toe",
        # Not a short course: SPEC 3.3 names metatarsalgia among the tendon plans that bridge
        # from S1, and pain under the ball of the foot can hide a stress injury of a metatarsal
        # or of a sesamoid, a high-risk site (SPEC 3.1: when unsure, be stricter).
    ),
    # Bone stress injuries: zero-pain bone rules; high-risk sites need a clinician first.
    _bone(
        "metatarsal-stress-fracture",
        "Metatarsal stress fracture (2nd-4th shaft)",
        ("top", "ball"),
        "A pinpoint sore spot on a middle long bone of the foot, often with swelling on top.",
        "metatarsal shaft",
        _LOW,
        (6, 12),
    ),
    _bone(
        "metatarsal-base-2-stress-fracture",
        "Stress fracture, base of the 2nd metatarsal",
        ("top", "arch"),
        "Deep midfoot pain at the base of the second toe's long bone, sore to press on top.",
        "base of the 2nd metatarsal",
        _HIGH,
        (10, 20),
    ),
    _bone(
        "fifth-metatarsal-base-stress-fracture",
        "Stress fracture, base of the 5th metatarsal",
        ("outer side",),
        "Pinpoint pain on the outer edge of the foot, about halfway back, sore to press.",
        "proximal 5th metatarsal",
        _HIGH,
        (12, 20),
    ),
    _bone(
        "navicular-stress-fracture",
        "Navicular stress fracture",
        ("top", "arch", "inner side"),
        "A vague ache on top of the midfoot that grows with running; one spot on it is sore.",
        "tarsal navicular",
        _HIGH,
        (15, 22),
    ),
    _bone(
        "calcaneal-stress-fracture",
        "Calcaneal stress fracture",
        ("heel",),
        "Heel pain that is sore when you squeeze the heel from both sides.",
        "calcaneus",
        _LOW,
        (6, 12),
    ),
    _bone(
        "tibial-stress-fracture",
        "Tibial stress fracture (posteromedial)",
        ("shin",),
        "A small, pinpoint sore spot on the inner shin bone that aches even when walking.",
        "posteromedial tibial shaft",
        _LOW,
        (4, 9),
    ),
    _bone(
        "anterior-tibial-stress-fracture",
        "Anterior tibial stress fracture",
        ("shin",),
        "A tender spot on the front crest of the shin bone that hurts to tap.",
        "anterior tibial shaft",
        _HIGH,
        (16, 26),
    ),
    _bone(
        "medial-malleolus-stress-fracture",
        "Medial malleolus stress fracture",
        ("inner side", "front of ankle"),
        "Pain and a sore spot on the inner ankle bone, worse running and jumping.",
        "medial malleolus",
        _HIGH,
        (8, 16),
    ),
    _bone(
        "talus-stress-fracture",
        "Talus stress fracture",
        ("front of ankle", "outer side"),
        "A deep, hard-to-place ankle ache that grows with running, sometimes with swelling.",
        "talus",
        _HIGH,
        (10, 20),
    ),
    _bone(
        "sesamoid-stress-fracture",
        "Sesamoid stress fracture",
        ("ball", "big toe"),
        "Pinpoint pain under the ball of the foot below the big toe, worse pushing off.",
        "hallux sesamoids",
        _HIGH,
        (12, 26),
    ),
    _bone(
        "fibular-stress-fracture",
        "Fibular stress fracture",
        ("outer side", "shin"),
        "A tender spot on the thin outer leg bone a hand-width or so above the ankle.",
        "fibula",
        _LOW,
        (4, 12),
    ),
    _bone(
        "stress-fracture-unknown-site",
        "Stress fracture, site unknown",
        LOCATIONS,
        "A spot on a bone that hurts to press and aches more with every run.",
        "bone, site not known",
        _LOW,
        (6, 12),
    ),
    # Not self-managed: the plan shows a referral and relief measures only.
    _refer(
        "mortons-neuroma",
        "Morton's neuroma",
        ("ball",),
        "Burning or tingling between the 3rd and 4th toes, like a fold in your sock.",
        "interdigital nerve",
        (6, 12),
    ),
    _refer(
        "tarsal-tunnel-syndrome",
        "Tarsal tunnel syndrome",
        ("inner side", "arch", "heel"),
        "Burning, tingling or numbness running from the inner ankle into the sole.",
        "tibial nerve",
        (6, 12),
    ),
    _refer(
        "peripheral-neuropathy",
        "Peripheral neuropathy",
        ("ball", "arch", "top", "big toe"),
        "Numbness, pins and needles or burning in both feet, often at rest or at night.",
        "peripheral nerves",
        (8, 26),
    ),
    _refer(
        "foot-arthritis",
        "Arthritis of the foot",
        ("top", "front of ankle", "big toe"),
        "Stiff, achy, sometimes swollen joints, worst after rest and first thing in the day.",
        "joint cartilage",
        (6, 12),
    ),
    _refer(
        "hallux-rigidus",
        "Hallux rigidus",
        ("big toe",),
        "A stiff, painful big toe joint that will not bend up as you push off; a bump on top.",
        "big toe joint",
        (6, 12),
    ),
    # Plantar fibroma: refer, not tendon. A new lump needs a clinician to confirm what it is, and
    # loading does not shrink it, so the tendon rules have nothing to progress.
    _refer(
        "plantar-fibroma",
        "Plantar fibroma",
        ("arch",),
        "A firm, rubbery lump in the arch that you can feel, sore when a shoe presses it.",
        "nodule in the plantar fascia",
        (4, 12),
    ),
    _refer(
        "hot-swollen-joint",
        "Hot, red or swollen joint",
        ("big toe", "top", "ball", "front of ankle", "inner side", "outer side"),
        "A joint that has turned hot, red and swollen: see a doctor today.",
        "joint",
        (1, 6),
        see_today="See a doctor today: a hot, red, swollen joint can be an infection or gout.",
    ),
    _refer(
        "compartment-syndrome",
        "Possible exertional compartment syndrome",
        ("shin",),
        "Tight, bursting shin pain that starts at the same point of each run, gone at rest.",
        "lower-leg muscle compartment",
        (6, 12),
    ),
    # "When unsure, be stricter" (SPEC §3.1): the low-risk bone rules.
    Condition(
        NOT_SURE,
        "Not sure / not diagnosed",
        LOCATIONS,
        "Not sure what it is: the strictest rules keep you safe until someone checks.",
        "unknown",
        Protocol.BONE,
        risk=Risk.LOW,
        recovery_weeks=(6, 12),
        sources=(src.SEEDS, src.WARDEN_2014),
    ),
)

CATALOG: dict[str, Condition] = {condition.id: condition for condition in _ENTRIES}

# Other names a runner or the SPEC's examples use. Plain "Achilles tendinopathy" gets the
# insertional entry: its floor-level loading is safe for either site (when unsure, be stricter).
ALIASES: dict[str, str] = {
    "achilles-tendinopathy": "achilles-tendinopathy-insertional",
    "mtss": "shin-splints",
    "stress-fracture": "stress-fracture-unknown-site",
}


def get(condition_id: str) -> Condition:
    """Return the catalog entry for an id, or raise InputError naming the condition."""
    wanted = condition_id.strip().lower()
    try:
        return CATALOG[ALIASES.get(wanted, wanted)]
    except KeyError:
        raise InputError(
            "condition", f"unknown condition '{condition_id}' (see `rtr conditions`)"
        ) from None


def candidates(location: str) -> list[Condition]:
    """List the conditions that hurt at a location, with "not sure" always last."""
    where = " ".join(location.strip().lower().replace("-", " ").replace("_", " ").split())
    if where not in LOCATIONS:
        raise InputError(
            "location", f"unknown location '{location}' (choose from: {', '.join(LOCATIONS)})"
        )
    found = [c for c in CATALOG.values() if where in c.locations and c.id != NOT_SURE]
    return [*found, CATALOG[NOT_SURE]]
