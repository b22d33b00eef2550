"""Protocol numbers as data, each with its source (SPEC §3, §9). The engine reads only these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner import sources as S
from planner.model import Item, ItemKind

# Where each rule comes from (SPEC §9); the constants below name these rules in their comments.
RULE_SOURCES: dict[str, tuple[str, ...]] = {
    "seed_spine": (S.SEEDS,),
    "weekly_growth": (S.SEEDS, S.NIELSEN_2014, S.BUIST_2008),
    "pain_monitoring": (S.SILBERNAGEL_2007,),
    "heavy_slow_resistance": (S.BEYER_2015,),
    "bone_loading": (S.WARDEN_2021, S.WARDEN_2014, S.GEORGE_2024),
    "bone_return_times": (S.HOENIG_2023,),
    "single_run_spike": (S.FRANDSEN_2025,),
    "mtss_graded_running": (S.MOEN_2012,),
    "red_flags": (S.SEEDS, S.OTTAWA),
    "severe_pain": (S.SERLIN_1995, S.SILBERNAGEL_2007),
    "detraining": (S.MUJIKA_2000,),
}

# The seed spine (days counted from onset, day 1 = onset).
REST_LAST_DAY = 3  # days 1-3: rest and observe [seed_spine]
REHAB_LAST_DAY = 7  # days 4-7: gentle rehab [seed_spine]
TEST_MINUTES = 10  # the pain-free test: a 5-10 minute slow jog [seed_spine]
TEST_SHORTEST_MINUTES = 5  # ... of at least 5 minutes [seed_spine]
TEST_RETRY_REHAB_DAYS = 3  # pain on the test: 2-3 days of rehab, then test again [seed_spine]
RAMP_FIRST_WEEK_SHARE = 0.50  # first continuous week at 50 % of baseline [seed_spine]
RAMP_WEEKLY_GROWTH = 0.10  # then at most +10 % a week [weekly_growth]

# Tendon / soft tissue: the pain-monitoring model [pain_monitoring].
TENDON_TEST_ENTRY_DAY = 8
# Minor, fixable causes (seed 000: settles in 1-2 weeks once fixed): the runner's fitness is
# intact, so the bridge starts at continuous running; the test day and every cap stay.
SHORT_COURSE_FIRST_STAGE = "S6"
TENDON_TEST_MAX_REST_PAIN = 2
TENDON_TEST_MAX_WALKING_PAIN = 2
TENDON_TEST_MAX_MORNING_PAIN = (
    2  # seeds: no pain first thing in the morning before trying [seed_spine]
)
TENDON_SAFE_PAIN = 2  # during activity 0-2: safe ("green")
TENDON_MORNING_AMBER_RISE = 1  # morning pain up by 1: amber
TENDON_MORNING_RED_RISE = 2  # morning pain up by 2 or more: red
TENDON_RED_EXTRA_REST_DAYS = 1  # red: drop one stage and add one rest day
TENDON_REDS_WINDOW_DAYS = 7  # two reds within 7 days ...
TENDON_REDS_REHAB_DAYS = 7  # ... back to rehab for 7 days

# Bone: the zero-pain rule [bone_loading].
BONE_TEST_ENTRY_DAY = 22  # no test before 3 weeks
BONE_PAIN_FREE_DAYS = 14  # 14 consecutive days with rest and walking pain 0, each reported
BONE_CLEAN_SESSIONS_LOW = 2  # a stage passes after two clean sessions
BONE_CLEAN_SESSIONS_HIGH = 3  # high-risk sites, after clearance: three
BONE_PAIN_REST_DAYS = 2  # site pain: stop, 2 rest days, one stage lower
BONE_WALK_START = 10  # brisk walking builds to 30-45 min pain-free before the test
BONE_WALK_STEP = 5  # +5 min ...
BONE_WALK_EVERY = 3  # ... every 3 pain-free days
BONE_WALK_MAX = 45
BONE_WALK_BEFORE_TEST = 30  # the test waits for a day after a pain-free brisk walk this long
WALKING_RISE_WINDOW_DAYS = (
    3  # walking hurts more than on a report this recent: halt and refer (seed)
)
BONE_ALTERNATE_DAYS_UNTIL = 45  # >=1 rest day between runs until 30-45 min continuous

# Global caps (both protocols).
WEEKLY_CAP = 1.10  # a week never exceeds 110 % of the previous one [weekly_growth]
# Two weeks without a run done is a break, not rest: fitness and tissue tolerance fall off
# within weeks (Mujika 2000), so the walk-run steps back a stage and the ramp starts again
# from its first week, rather than where they stopped. Stricter than SPEC, which only repeats
# a stage or a week [detraining].
BREAK_DAYS = 14
SINGLE_RUN_CAP = 1.10  # no run above 110 % of the longest in 30 days [single_run_spike]
SINGLE_RUN_WINDOW_DAYS = 30
BRIDGE_MIN_SESSION_MINUTES = 4  # a bridge session scaled below this (B1's 4 min) is no run at all
BRIDGE_MIN_SHARE = (
    0.5  # nor, once the week has a run, one scaled below half of what its stage calls for
)
# No bridge session holds more than half of what any 7 days may: one full stage took the whole
# week of a small usual week and left the next run days stubs, while a session cut to half its
# stage passes, so the same runner went one stage a week or two, by the weekday the test fell
# (a test a day earlier could end 3-4 weeks later). Two sessions at least share the week.
BRIDGE_SESSION_SHARE = 0.5
# The last stage repeats (at most this many times) until a week of it holds enough running that
# the ramp's first week, half the usual week, is within 110 % of it [weekly_growth].
BRIDGE_CONSOLIDATION_REPEATS = 4
FULL_VOLUME_PAIN_FREE_DAYS = 7  # no week at the usual volume within 7 days of pain [weekly_growth]
ADHERENCE_SHARE = 2 / 3  # fewer than 2/3 of run sessions done: the week repeats
NO_IMPROVEMENT_DAYS = 14  # pain at rest not lower after 14 days: see a professional
RISING_REPORTS = 3  # rest or walking pain up on each of 3 reports in a row: see a professional
REST_PAIN_PROMPT_DAY = 7  # still hurting at rest after a week: see a sports doctor [seed_spine]
LONG_STANDING_DAYS = 42  # pain that began 6+ weeks ago and is still there: see someone now
# 7-10 is severe on the 0-10 scale [severe_pain]: far past the 5 the pain-monitoring model
# allows during activity, on a run the plan judged safe. The step back alone is not enough.
SEVERE_RUN_PAIN = 7
SEVERE_AGAIN_DAYS = 14  # severe pain on a run again within 14 days: the plan stops and refers

# Units: an easy pace makes km, mi and minute plans agree (SPEC §3.4).
DEFAULT_PACE_MIN_PER_KM = 6.0
KM_PER_MI = 1.609344
MAX_WEEKLY_KM = 400.0  # above this a weekly volume is absurd, not ambitious
MIN_WEEKLY_MINUTES = 20.0  # below this there is no running routine to return to
MAX_ONSET_AGE_DAYS = 5 * 365  # an onset further back than this is a typo, not a plan
MAX_START_DELAY_DAYS = 365
MAX_PLAN_DAYS = 730  # a hard bound on the horizon, far beyond any real plan


@dataclass(frozen=True)
class Stage:
    """One step of the walk-run bridge (SPEC §3.4)."""

    name: str
    run: float  # minutes running per repeat
    walk: float  # minutes walking per repeat (0 = continuous)
    repeats: int

    @property
    def run_minutes(self) -> float:
        return self.run * self.repeats

    @property
    def continuous(self) -> bool:
        return self.walk == 0

    def describe(self) -> str:
        if self.continuous:
            return f"{self.run:g} min continuous easy running"
        return f"{self.repeats} × ({self.run:g} min run / {self.walk:g} min walk)"


STAGES: tuple[Stage, ...] = (
    Stage("B1", 0.5, 1.5, 8),
    Stage("B2", 1, 1, 8),
    Stage("S1", 1, 1, 10),
    Stage("S2", 2, 1, 7),
    Stage("S3", 3, 1, 6),
    Stage("S4", 5, 1, 4),
    Stage("S5", 8, 1, 3),
    Stage("S6", 20, 0, 1),
    Stage("S7", 25, 0, 1),
    Stage("S8", 30, 0, 1),
)
FIRST_STAGE = {"tendon": "S1", "bone": "B1"}


def stage_index(name: str) -> int:
    """Return the position of a stage in the table."""
    return next(i for i, stage in enumerate(STAGES) if stage.name == name)


@dataclass(frozen=True)
class RedFlag:
    """A sign that stops the plan (SPEC §3.7), in plain words, with what to do."""

    id: str
    label: str
    description: str
    referral: str
    urgent: bool = (
        False  # care the same day: nothing else on the plan until a clinician has seen it
    )
    emergency: bool = False  # urgent, and not later today: an emergency department now


RED_FLAGS: dict[str, RedFlag] = {
    flag.id: flag
    for flag in (
        RedFlag(
            "cannot_bear_weight",
            "Can't put weight on it",
            "You cannot take four steps on the foot, or it gives way.",
            "See a doctor or urgent care today for an X-ray (Ottawa ankle and foot rules).",
            urgent=True,
        ),
        RedFlag(
            "night_pain",
            "Pain at night",
            "Pain wakes you up or aches at night when you are still.",
            "Book a doctor or sports physiotherapist this week: night pain can mean a bone injury.",
        ),
        RedFlag(
            "rest_pain_worsening",
            "Pain at rest getting worse",
            "It hurts more when you are sitting still than it did a few days ago.",
            "Stop running and see a doctor or physiotherapist within a few days.",
        ),
        RedFlag(
            "swelling_bruising",
            "Swelling or bruising",
            "New swelling or bruising around the sore spot.",
            "See a doctor or physiotherapist within a few days; ice and elevate meanwhile.",
        ),
        RedFlag(
            "numbness_tingling",
            "Numbness or tingling",
            "Pins and needles, burning or numb patches in the foot or toes.",
            "See a doctor: nerve symptoms need an assessment before you load the foot.",
        ),
        RedFlag(
            "snap_or_pop",
            "Felt a snap or pop",
            "You felt or heard a snap or pop when it started.",
            "Get a same-day assessment (urgent care or emergency department).",
            urgent=True,
        ),
        RedFlag(
            "hot_red_swollen",
            "Hot, red and swollen",
            "The joint or area is hot, red and swollen, or you feel unwell or feverish.",
            "See a doctor today: a hot, red, swollen joint can be an infection or gout.",
            urgent=True,
        ),
        RedFlag(
            "focal_bone_tenderness",
            "Pressing on the bone hurts",
            "Pressing one spot on the bone with a fingertip is sharply painful.",
            "This can be a bone stress injury: see a doctor or sports physiotherapist for imaging.",
        ),
        RedFlag(
            "calf_swelling",
            "Swollen, tender calf",
            "Your calf is swollen, warm or tender, or you are short of breath.",
            "Urgent: go to an emergency department now; this can be a blood clot.",
            urgent=True,
            emergency=True,
        ),
    )
}

# A stop that needs care the same day (an urgent red flag, or a condition to see a doctor about
# today) shows its referral alone: no relief measures, ice or cross-training until a clinician
# has seen it (a suspected clot, rupture, fracture or infection is not to be exercised).
SEE_TODAY_ITEM = "referral:see-today"
URGENT_REFERRALS = frozenset(
    {f"referral:{flag.id}" for flag in RED_FLAGS.values() if flag.urgent} | {SEE_TODAY_ITEM}
)


def needs_care_today(items: Iterable[Item]) -> bool:
    """Does a day's list hold a referral for care the same day? (The day, Today and its card
    all ask this one question.)"""
    return any(item.key in URGENT_REFERRALS for item in items)


EMERGENCY_REFERRALS = frozenset(
    f"referral:{flag.id}" for flag in RED_FLAGS.values() if flag.emergency
)


def care_when(items: Iterable[Item]) -> str:
    """When to get the care a day's urgent referral asks for: "now" for an emergency (a
    suspected clot is not for later today), else "today"."""
    return "now" if any(item.key in EMERGENCY_REFERRALS for item in items) else "today"


# Red flags that suggest a bone injury: after such a halt is lifted, the bone rules apply
# ("when unsure, be stricter", SPEC §3.1) [bone_loading].
BONE_SUSPECT_FLAGS = frozenset({"focal_bone_tenderness", "night_pain", "cannot_bear_weight"})

# Seed: "If you suspect a metatarsal stress fracture, you should stop running immediately ...
# X-ray, MRI, bone scan" [red_flags]. Every bone plan shows it from day 1 until the test passes.
IMAGING_REFERRAL = Item(
    "referral:imaging",
    ItemKind.REFERRAL,
    "Get it diagnosed",
    "Stop running and see a doctor or sports physiotherapist: a suspected stress fracture needs "
    "imaging (X-ray, MRI or bone scan).",
    "Bone stress injuries often do not show on an early X-ray; an MRI or bone scan can. Tell "
    "the clinician where it hurts to press and what your recent training was.",
)
# The same advice on the day of the test jog: "stop running" beside it would contradict it.
IMAGING_BEFORE_TEST = Item(
    "referral:imaging",
    ItemKind.REFERRAL,
    "Get it diagnosed first",
    "If no doctor or sports physiotherapist has seen it yet, see one before this test jog: a "
    "suspected stress fracture needs imaging (X-ray, MRI or bone scan).",
    IMAGING_REFERRAL.how_to,
)
