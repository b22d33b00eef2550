"""The names of the rules behind every Decision: one place, so the UI and tests can rely on them."""

from __future__ import annotations

import enum


class Rule(enum.StrEnum):
    """Every rule the engine emits; the value is the name JSON, the UI and the calendar show."""

    # The test and the walk-run bridge.
    TEST_WAITS = "test_waits"  # an actual day past the earliest test day holds, and why
    TEST_OPENS = "test_opens"  # the report that opens the test (or ends a waiting streak)
    TEST_PASSED = "test_passed"
    TEST_FAILED = "test_failed"
    NO_EVIDENCE = "no_evidence"  # no pain report for a session: it repeats
    STAGE_PASSED = "stage_passed"
    CLEAN_SESSION = "clean_session"  # bone: one clean session of the two (three) a stage needs
    AMBER_REPEAT = "amber_repeat"
    RED_STEP_BACK = "red_step_back"
    TWO_REDS = "two_reds"
    BONE_PAIN_STEP_BACK = "bone_pain_step_back"
    OFF_DAY_PAIN = (
        "off_day_pain"  # pain running on a day without a planned run, or bone pain on waking
    )
    PAIN_HOLD = "pain_hold"  # tendon: pain above 2 at rest or walking, running waits
    PAIN_SETTLED = "pain_settled"  # the hold lifts: rest and walking pain back to 2 or less
    LOADING_STEP = "loading_step"  # tendon work moves on: isometrics, heel raises, heavy
    BRIDGE_SCALED = "bridge_scaled"  # a bridge session scaled to fit half the usual week
    ONE_CHANGE = "one_change"  # no longer run on the day after a run: one change at a time
    BRIDGE_CONSOLIDATES = (
        "bridge_consolidates"  # the last stage repeats until the ramp fits the cap
    )
    # The ramp.
    RAMP_START = "ramp_start"
    FULL_VOLUME_WAITS = "full_volume_waits"  # the usual week waits for 7 days without pain
    AMBER_HOLD = "amber_hold"
    RED_DROP_BACK = "red_drop_back"
    ADHERENCE_REPEAT = "adherence_repeat"
    LONG_BREAK = "long_break"  # 14 days without a run: a stage back, or the ramp from week 1
    SINGLE_RUN_CAP = "single_run_cap"
    RUN_DAY_ADDED = "run_day_added"  # a ramp week adds a run day before its runs grow longer
    ROLLING_WEEK = "rolling_week"  # a ramp run trimmed or moved: any 7 days keep the week's cap
    # Recorded activities (rtr import): evidence that explains, never a reason to grow.
    UNPLANNED_RUN = "unplanned_run"  # a run on a day without one planned that holds nothing
    RUN_SPIKE = "run_spike"  # a recorded run more than 110 % of the planned one
    COMPLETE = "complete"
    # Stops, referrals and what lifts them.
    RED_FLAG = "red_flag"
    SWITCH_TO_BONE = "switch_to_bone"
    REFER = "refer"
    TRAINING_CHECK = "training_check"  # day one: look back for the training jump that started it
    SHORT_COURSE = (
        "short_course"  # a minor condition: fix the cause, bridge from continuous running
    )
    BONE_REFERRAL = "bone_referral"  # bone and "not sure": see a clinician for imaging, from day 1
    BONE_REPEAT_FAILURE = "bone_repeat_failure"
    BONE_PAIN_WALKING = "bone_pain_walking"
    WALK_HOLD = "walk_hold"  # bone rest: walking hurts, no brisk walk until it is pain-free
    WALKING_PAIN_RISING = "walking_pain_rising"  # bone: walking hurts more than days ago, refer
    NO_IMPROVEMENT = "no_improvement"
    PAIN_RISING = "pain_rising"  # rest or walking pain up on each of the last 3 reports
    REST_PAIN_WEEK = "rest_pain_week"  # still hurting at rest after a week: see a sports doctor
    LONG_STANDING = "long_standing"  # pain for 6+ weeks and still there: see someone now
    SEVERE_RUN_PAIN = "severe_run_pain"  # 7/10 or more on a run: see someone
    SEVERE_PAIN_AGAIN = "severe_pain_again"  # severe again within 14 days: stop, see someone
    CLEARANCE_NEEDED = "clearance_needed"
    CLEARED = "cleared"
    CLEARANCE_RESUMES = "clearance_resumes"
    FLAG_WITHDRAWN = "flag_withdrawn"
    # The runner's own settings.
    SETTINGS_CHANGED = (
        "settings_changed"  # a new routine from its day on; the days before keep theirs
    )
