"""What a day's pain scores mean outside a session's verdict: walking, rest, and pain on off days."""

from __future__ import annotations

from datetime import date, timedelta

from planner import activities as recorded
from planner import protocol as P
from planner.model import Item, ItemKind, Protocol, Report
from planner.rules import Rule
from planner.sessions import Evidence, Outcome, Verdict, bone_verdict, tendon_verdict
from planner.state import Context, Session, State
from planner.wording import day_ref, minutes_text


def read_pains(b: Context, report: Report) -> None:
    """React to a report's pain scores (red flags are read before this)."""
    s = b.state
    if s.protocol == Protocol.BONE and s.test_passed:
        pains = [
            (n, v)
            for n, v in (("at rest", report.pain_rest), ("walking", report.pain_walking))
            if v
        ]
        if pains:
            what, value = pains[0]
            b.halt(
                report.date,
                Rule.BONE_PAIN_WALKING,
                f"Pain {value}/10 {what} on {day_ref(report.date)} after running had started is a warning sign for a bone injury: the plan stops. See a doctor or sports physiotherapist.",
            )
        elif report.pain_morning and b.judged != report.date:
            _bone_morning(b, report)
    elif s.protocol == Protocol.BONE:
        _walking_rising(b, report)
    elif s.test_passed or s.pain_hold_from is not None:
        _tendon_pain_hold(b, report)  # a hold kept over a lifted stop ends before the new test


def _walking_rising(b: Context, report: Report) -> None:
    """Bone: walking that hurts more than on the last report days ago is "MRI time" (seed)."""
    now = report.pain_walking
    before = b.latest("pain_walking", report.date - timedelta(days=1))
    recent = b.reports_between(
        report.date - timedelta(days=P.WALKING_RISE_WINDOW_DAYS), report.date - timedelta(days=1)
    )
    if (
        now is None
        or before is None
        or not any(r.pain_walking is not None for r in recent)
        or now <= before
    ):
        return
    message = (
        f"Walking hurts more on {day_ref(report.date)} ({now}/10, up from {before}/10): with a possible "
        "stress fracture this needs a doctor now, who may order an MRI. The plan stops until a clinician clears you."
    )
    item = Item(
        "referral:walking",
        ItemKind.REFERRAL,
        "See a doctor: walking hurts more",
        "Book a doctor or sports physiotherapist now; ask whether you need an MRI.",
    )
    b.halt(report.date, Rule.WALKING_PAIN_RISING, message, (item,))


def _tendon_pain_hold(b: Context, report: Report) -> None:
    """Pain above 2 at rest or walking once running has started, or morning pain up 2 or more
    on a week before (red, SPEC 3.3: it must not rise week on week): no running from today
    (from tomorrow when today's run is already reported) until a report shows pain at rest and
    walking both back to 2 or less, and the morning back within 1 of where it was; meanwhile
    no stage passes and no ramp week grows."""
    s, limit = b.state, P.TENDON_TEST_MAX_REST_PAIN
    pains = above_limit(report)
    week_ago = morning_week_ago(b, report) if not pains else None
    if not pains and week_ago is None:
        if s.pain_hold_from is not None and settled(b, report.date):
            morning = "" if s.hold_morning is None else ", and the morning back where it was"
            s.pain_hold_from = s.hold_morning = None
            b.decide(
                report.date,
                Rule.PAIN_SETTLED,
                f"Pain at rest and walking is back to {limit} or less on {day_ref(report.date)}{morning}: running resumes where it stopped.",
            )
        return
    if s.pain_hold_from is not None:
        return  # already holding: said once
    ran = report.pain_running is not None  # that day's run is done: the hold starts the next
    s.pain_hold_from = report.date + timedelta(days=1) if ran else report.date
    until = f"until a report shows pain at rest and walking back to {limit} or less"
    if pains:
        what, value = pains[0]
        why = f"Pain {value}/10 {what} on {day_ref(report.date)} is above {limit}"
    else:
        assert week_ago is not None and report.pain_morning is not None
        s.hold_morning = week_ago
        rise = report.pain_morning - week_ago
        why = f"Morning pain {report.pain_morning}/10 on {day_ref(report.date)} is up by {rise} on a week ago ({week_ago}/10)"
        until += f" and the morning back to {week_ago + P.TENDON_MORNING_AMBER_RISE}/10 or less"
    b.decide(
        report.date,
        Rule.PAIN_HOLD,
        f"{why}: no running from {day_ref(s.pain_hold_from)}, and the plan holds (no stage passes, no week grows) {until}.",
    )


def morning_week_ago(b: Context, report: Report) -> int | None:
    """The morning pain of a week before, when the report's is up on it by 2 or more (red)."""
    if report.pain_morning is None:
        return None
    before = b.latest("pain_morning", report.date - timedelta(days=7))
    if before is None or report.pain_morning - before < P.TENDON_MORNING_RED_RISE:
        return None
    return before


def above_limit(report: Report) -> list[tuple[str, int]]:
    """The report's pain at rest and walking that is above 2, as ("at rest", 5) and the like."""
    scores = (("at rest", report.pain_rest), ("walking", report.pain_walking))
    return [(what, v) for what, v in scores if v and v > P.TENDON_TEST_MAX_REST_PAIN]


def settled(b: Context, when: date) -> bool:
    """Are the latest pain at rest and walking reported by `when` both 2 or less, and, when the
    morning made the hold, the latest morning within 1 of the week before it?"""
    limit, before = P.TENDON_TEST_MAX_REST_PAIN, b.state.hold_morning
    morning = b.latest("pain_morning", when) or 0
    if before is not None and morning > before + P.TENDON_MORNING_AMBER_RISE:
        return False
    return all((b.latest(name, when) or 0) <= limit for name in ("pain_rest", "pain_walking"))


def held(b: Context, when: date) -> bool:
    """Is running on hold on `when` for pain at rest or walking (on or before as-of only: the
    days to come are projected as if the pain settles)?"""
    start = b.state.pain_hold_from
    return start is not None and start <= when <= b.as_of


def walking_pain(b: Context, when: date) -> int:
    """The latest walking pain reported by `when` (0 for a day to come: projected pain-free)."""
    return (b.latest("pain_walking", when) or 0) if when <= b.as_of else 0


def walk_minutes(b: Context, when: date) -> tuple[int, int]:
    """Bone rest: the brisk walk grows 5 min every 3 pain-free days; walking pain stops it and
    takes it a step back.

    Return today's minutes and the walking pain that holds them (0: walking is pain-free)."""
    s = b.state
    hurts = walking_pain(b, when)
    if hurts and Rule.WALK_HOLD not in b.said:
        # The zero-pain rule: pain takes the walk a step back (as site pain takes the walk-run a
        # stage lower), and it builds up to 30 min pain-free again before the test.
        s.walk_days = max(0, (s.walk_days // P.BONE_WALK_EVERY - 1) * P.BONE_WALK_EVERY)
        s.walk_built = None
    minutes = min(
        P.BONE_WALK_MAX, P.BONE_WALK_START + P.BONE_WALK_STEP * (s.walk_days // P.BONE_WALK_EVERY)
    )
    if not hurts:
        s.walk_days += 1
        b.said.discard(Rule.WALK_HOLD)
        if minutes >= P.BONE_WALK_BEFORE_TEST and s.walk_built is None:
            s.walk_built = when  # the test may follow from the next day
    elif Rule.WALK_HOLD not in b.said:
        b.said.add(Rule.WALK_HOLD)
        b.decide(
            when,
            Rule.WALK_HOLD,
            f"Walking hurts ({hurts}/10): bone rest goes on, with no brisk walk and only the walking daily life needs, until walking is pain-free (a bone is loaded right only if it stays pain-free); the walk then starts again at {minutes} min.",
        )
    return minutes, hurts


def _bone_morning(b: Context, report: Report) -> None:
    """Bone: site pain on waking with no session to blame still stops the loading: step back."""
    kind = "walk-run" if b.state.stage < len(P.STAGES) else "run"
    reason = f"Pain {report.pain_morning}/10 at the site on waking on {day_ref(report.date)}, with no run the day before"
    b.apply(Session(report.date, kind), Verdict(Outcome.RED, reason), report.date)


def off_day(b: Context, report: Report) -> None:
    """A run on a day without one planned still counts: pain holds the test or steps back."""
    s, when, pain = b.state, report.date, report.pain_running
    if pain is None:
        return
    # A reported run is a run, as a recorded one is (engine._recorded): bone's day between
    # runs, and the day after a run, count from it.
    s.last_run = max(s.last_run or when, when)
    s.ran_off_plan = max(s.ran_off_plan or when, when)
    bone = s.protocol == Protocol.BONE
    if not s.test_passed:
        switched = s.switched_on == when
        where = (  # tender bone took today's planned run away
            "the day tender bone switched the plan to the bone rules"
            if switched
            else "a day without a planned run"
        )
        moving = recorded.recorded_minutes(b, when)  # one sentence for a run told both ways
        ran = f"running {minutes_text(moving)} on" if moving else "running on"
        _before_the_test(b, report, f"{ran} {day_ref(when)}, {where}")
        return
    kind = "walk-run" if s.stage < len(P.STAGES) else "run"
    evidence = Evidence(
        when, "unplanned run", pain, b.latest("pain_morning", when), None, morning_pending=True
    )
    verdict = bone_verdict(evidence) if bone else tendon_verdict(evidence, b.condition.pain_ceiling)
    if verdict.outcome in (Outcome.AMBER, Outcome.RED):
        b.apply(Session(when, kind), verdict, when)  # an unplanned run counts like a planned one


def red_while_stopped(b: Context, report: Report) -> None:
    """A run above the condition's limit on a day the plan is stopped (the day a red flag
    stopped it, or after) is a red session still: should the stop be lifted, a second red
    within 7 days brings the 7 days of rehab it would have brought without the stop."""
    s, pain = b.state, report.pain_running
    if s.protocol != Protocol.TENDON or pain is None or pain <= b.condition.pain_ceiling:
        return
    if b.second_red(report.date):
        _rehab_to(s, report.date + timedelta(days=P.TENDON_REDS_REHAB_DAYS))


def _rehab_to(s: State, until: date) -> None:
    """Rehab runs at least to `until`; a later end already set stands."""
    s.rehab_until = max(s.rehab_until or until, until)


def _before_the_test(b: Context, report: Report, where: str) -> None:
    """Running before the test passed: pain above the safe level holds the test (bone: any run
    restarts the pain-free days); within it, the run is only said."""
    s, when, pain = b.state, report.date, report.pain_running or 0
    if s.protocol == Protocol.BONE:
        s.bone_since = when
        hold = f"with a possible stress fracture no running is safe before the test; the {P.BONE_PAIN_FREE_DAYS} pain-free days before it start again today"
    elif pain > b.condition.pain_ceiling and b.second_red(when):
        # A red run (an unplanned one's too) the second within 7 days: as after the test.
        _rehab_to(s, when + timedelta(days=P.TENDON_REDS_REHAB_DAYS))
        b.decide(
            when,
            Rule.TWO_REDS,
            f"Pain {pain}/10 {where}, the second red session within {P.TENDON_REDS_WINDOW_DAYS} days: back to rehab for {P.TENDON_REDS_REHAB_DAYS} days, then the test.",
        )
        return
    elif pain > P.TENDON_SAFE_PAIN:
        _rehab_to(s, when + timedelta(days=P.TEST_RETRY_REHAB_DAYS))
        hold = f"above {P.TENDON_SAFE_PAIN} before the test: {P.TEST_RETRY_REHAB_DAYS} days of rehab first, then the test"
    else:  # nothing holds: a run beyond the plan, said as a recorded one is (activities.py)
        hold = "no harm done, but wait for the pain-free test before running again"
        b.decide(when, Rule.UNPLANNED_RUN, f"Pain {pain}/10 {where}: {hold}.")
        return
    b.decide(when, Rule.OFF_DAY_PAIN, f"Pain {pain}/10 {where}: {hold}.")
