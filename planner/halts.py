"""Halts and what lifts them: a clinician's clearance, or red flags recorded as a mistake."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from planner import protocol as P
from planner.model import RUNNING_KINDS, Day, Decision, Item, ItemKind, Phase, Protocol
from planner.rules import Rule
from planner.state import TEST_WAIT_KEYS, Context, State
from planner.wording import day_ref


def halt(
    b: Context,
    when: date,
    rule: Rule,
    message: str,
    items: tuple[Item, ...] = (),
    flags: Sequence[str] = (),
) -> None:
    """Stop the plan: running disappears and a referral shows until a lifting event. `flags`:
    the red flags reported on `when` that stop it."""
    s = b.state
    s.halted = Phase.HALTED
    s.halt_rule = rule
    s.halt_since = when
    s.halt_flags = {(when, f) for f in flags}
    s.pending = None
    s.halt_items = items or (
        Item(
            "referral",
            ItemKind.REFERRAL,
            "See a professional",
            "Book a doctor or sports physiotherapist before you run again.",
        ),
    )
    b.decide(when, rule, message)
    s.halt_decisions = ((Decision(when, rule, message), frozenset(s.halt_flags)),)


def keep_run_done(b: Context, stopped: Day, before: Day) -> Day:
    """Keep on the day a stop began the run done on it before the stop (`before` is the day as
    planned before its report): shown done after the referral, never planned running again."""
    runs = [
        i for i in before.items if i.kind in RUNNING_KINDS and b.session_done(before.date, i.key)
    ]
    if not before.run_minutes or not runs:
        return stopped
    done = tuple(
        replace(i, kind=ItemKind.NOTE, title=f"{i.title} · done before the stop") for i in runs
    )
    referrals = tuple(i for i in stopped.items if i.kind == ItemKind.REFERRAL)
    others = tuple(i for i in stopped.items if i.kind != ItemKind.REFERRAL)
    return replace(
        stopped,
        items=referrals + done + others,
        ran_before_stop=before.run_minutes,
        stage_before_stop=before.stage,
    )


def switches_to_bone(flags: Sequence[str], protocol: Protocol) -> bool:
    """Tender bone alone on a tendon plan switches it to the bone rules instead of stopping it
    (SPEC 3.7); any other red flag stops the plan."""
    return list(flags) == ["focal_bone_tenderness"] and protocol == Protocol.TENDON


def halt_for_flags(b: Context, when: date, flags: list[str]) -> None:
    """Halt for red flags, naming each with what to do."""
    red = [P.RED_FLAGS[f] for f in flags]
    items = tuple(Item(f"referral:{f.id}", ItemKind.REFERRAL, f.label, f.referral) for f in red)
    halt(b, when, Rule.RED_FLAG, _flag_words(when, flags, stops=True), items, flags)


def more_flags(b: Context, when: date, flags: list[str]) -> None:
    """A halted plan still hears new red flags: each adds its referral and a sentence."""
    s = b.state
    s.halt_flags |= {(when, f) for f in flags}
    known = {item.key for item in s.halt_items}
    new = [P.RED_FLAGS[f] for f in flags if f"referral:{f}" not in known]
    if not new:
        return
    s.halt_items += tuple(
        Item(f"referral:{f.id}", ItemKind.REFERRAL, f.label, f.referral) for f in new
    )
    message = _flag_words(when, [f.id for f in new], stops=False)
    b.decide(when, Rule.RED_FLAG, message)
    s.halt_decisions += (
        (Decision(when, Rule.RED_FLAG, message), frozenset((when, f.id) for f in new)),
    )


def _flag_words(when: date, flags: Sequence[str], stops: bool, began: date | None = None) -> str:
    """The sentence of red flags reported on a day: each named, with what to do. `began`: the
    day the stop began, when it is said again for a flag of a later day (the first was a
    mistake): the plan did not stop that day, it stays stopped."""
    red = [P.RED_FLAGS[f] for f in flags]
    labels = ", ".join(f.label.lower() for f in red)
    said = ": the plan stops and running is off." if stops else ":"
    if stops and began is not None and began < when:
        said = f": the plan, stopped since {day_ref(began)}, stays stopped and running is off."
    return f"Red flag on {day_ref(when)} ({labels}){said} {' '.join(f.referral for f in red)}"


def lift_if_due(b: Context, when: date) -> bool:
    """Lift a halt on `when` if a clearance or retractions recorded by then allow it."""
    s = b.state
    if s.halted is None:
        return False
    _drop_withdrawn(b, when)
    if s.halt_rule == Rule.REFER or s.halt_since is None:
        return False  # conditions that are not self-managed never run
    # A clearance lifts the stop only if given on or after its latest red flag: one from before
    # a flag that joined the stop never saw it. A day's entries have no order, so a clearance
    # dated the day of that flag may have been given before it: on the day the stop began it
    # can only be for this stop, and lifts it from the next day (the stop holds that whole
    # day); on a later day it may be the one given for the stop so far, and the new flag
    # waits for a clearance dated after it ("when unsure, stricter"). A flag recorded as a
    # mistake by then was never there: it asks for no clearance of its own.
    standing = (on for on, flag in s.halt_flags if not retracted(b, (on, flag), when))
    since = max([s.halt_since, *standing])
    lifting = (c for c in b.clearances if since < c.date <= when or c.date == since == s.halt_since)
    clearance = next(lifting, None) if since < when else None
    if clearance is not None:
        who = f" ({clearance.note})" if clearance.note else ""
        bone = _resume(b, when)
        b.decide(
            when,
            Rule.CLEARANCE_RESUMES,
            f"A clinician cleared running on {day_ref(clearance.date)}{who}: the plan resumes with rehab and a new pain-free test{_rules(bone)}; it does not pick up where it stopped.{_kept(b, when)}",
        )
        return True
    if (
        s.halt_rule != Rule.RED_FLAG
        or not s.halt_flags
        or not all(retracted(b, f, when) for f in s.halt_flags)
    ):
        return False
    withdrawn = "; ".join(
        f"'{P.RED_FLAGS[flag].label}' reported on {day_ref(on)}"
        for on, flag in sorted(s.halt_flags)
    )
    recorded = max(b.retracted[f] for f in s.halt_flags)
    bone = _resume(b, when, withdrawn=True)
    b.decide(
        when,
        Rule.FLAG_WITHDRAWN,
        f"The red flag {withdrawn} was recorded as a mistake on {day_ref(recorded)}: the plan resumes with rehab and a new pain-free test{_rules(bone)}; it does not pick up where it stopped.{_kept(b, when)}",
    )
    return True


def _drop_withdrawn(b: Context, when: date) -> None:
    """A flag recorded as a mistake while the stop stands (for another flag, or for pain) no
    longer sends the runner anywhere: its referral and its sentence leave the stop (History
    keeps them), unless the same flag was reported again on another day and stands. The stop's
    red-flag sentences are then said again, one for each day a standing flag is first named
    on, in date order; the first dated the day the stop began, when it is the one that says
    the plan stops."""
    s = b.state
    up = {(on, flag) for on, flag in s.halt_flags if not retracted(b, (on, flag), when)}
    if up == s.halt_flags:
        return
    standing = {flag for _, flag in up}
    gone = {flag for _, flag in s.halt_flags} - standing
    s.halt_items = tuple(i for i in s.halt_items if i.key.removeprefix("referral:") not in gone)
    pain = tuple((d, flags) for d, flags in s.halt_decisions if not flags)  # names no flag
    named = {f for _, flags in s.halt_decisions for _, f in flags if f in standing}
    since = {f: min(on for on, g in up if g == f) for f in named}
    sentences = []
    for n, day in enumerate(sorted(set(since.values()))):
        stops = not pain and n == 0
        flags = [f for f in P.RED_FLAGS if since.get(f) == day]
        dated = s.halt_since if stops and s.halt_since is not None else day
        words = _flag_words(day, flags, stops, s.halt_since)
        sentences.append(
            (Decision(dated, Rule.RED_FLAG, words), frozenset((day, f) for f in flags))
        )
    s.halt_decisions = pain + tuple(sentences)


def retracted(b: Context, flag: tuple[date, str], when: date) -> bool:
    """The flag reported that day was recorded as a mistake by `when`."""
    recorded = b.retracted.get(flag)
    return recorded is not None and recorded <= when


def _rules(bone: bool) -> str:
    return (
        f" under the bone rules ({P.BONE_PAIN_FREE_DAYS} days with no pain at rest or walking first)"
        if bone
        else ""
    )


def _kept(b: Context, when: date) -> str:
    """Say so when the rehab set before the stop outlasts the resumed plan's own."""
    until = b.state.rehab_until
    if until is None or until <= when + timedelta(days=P.TEST_RETRY_REHAB_DAYS - 1):
        return ""
    return f" The rehab runs to {day_ref(until)}, as the pain reported before the stop asked: lifting a stop does not shorten it."


def _resume(b: Context, when: date, withdrawn: bool = False) -> bool:
    """Start again from rehab under the rules in force; return True when they are the bone rules.
    `withdrawn`: every flag of the stop was a mistake, no clinician saw the runner."""
    old = b.state
    standing = [(on, flag) for on, flag in old.halt_flags if not retracted(b, (on, flag), when)]
    suspect = {flag for _, flag in standing}
    bone = old.protocol == Protocol.BONE or bool(suspect & P.BONE_SUSPECT_FLAGS)
    protocol = Protocol.BONE if bone else old.protocol
    tender = [on for on, flag in standing if flag == "focal_bone_tenderness"]
    switched_on = old.switched_on
    if switched_on is None and tender and old.protocol == Protocol.TENDON:
        # Tender bone came with another flag, so it stopped the plan instead of switching it:
        # it switches it now, and over a high-risk site the high-risk rules follow.
        switched_on = max(tender)
    rehab_until = when + timedelta(days=P.TEST_RETRY_REHAB_DAYS - 1)
    b.state = State(
        protocol=protocol,
        stage=b.first_stage(protocol),
        # What the pain before the stop set still holds (two reds: 7 days of rehab, a red's
        # extra rest days, the red sessions a third is counted with, a tendon's hold until rest,
        # walking and the morning settle, read before the new test too): lifting a stop never
        # shortens it [SPEC 3.3]. The stages and tests that hurt count on after a flag that was
        # a mistake (the rules are the same: no flag stands to switch them), and start again
        # after a clearance (a clinician's clearance is not used up by pain they saw).
        rehab_until=max(rehab_until, old.rehab_until or rehab_until),
        rest_until=old.rest_until,
        # (a tendon's hold only: under the bone rules, switched to now, the 14 pain-free days
        # before the test read the same pain, and no tendon rule would ever release the hold)
        pain_hold_from=old.pain_hold_from if protocol == Protocol.TENDON else None,
        hold_morning=old.hold_morning if protocol == Protocol.TENDON else None,
        reds=list(old.reds),
        two_reds_on=old.two_reds_on,
        failures=dict(old.failures) if withdrawn else {},
        test_failures=old.test_failures if withdrawn else 0,
        bone_since=when if bone else None,
        switched_on=switched_on,
        runs=old.runs,
        last_run=old.last_run,
        ran_off_plan=old.ran_off_plan,
        break_from=old.break_from,
        severe=old.severe,  # a stop lifted without a clinician has not seen them
        improvement_checked=old.improvement_checked,
    )
    b.said.difference_update(TEST_WAIT_KEYS)
    b.said.discard("test_open")
    return bone
