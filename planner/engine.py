"""The phase engine: build(spec, log, as_of) -> Plan, one day at a time, pure and deterministic."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date, timedelta

from planner import activities as recorded
from planner import advice, bridge, checkpoints, conditions, exercises, halts, pains, prompts
from planner import protocol as P
from planner.checkpoints import Checkpoint
from planner.days import DayPlanner
from planner.model import (
    Activity,
    Condition,
    Day,
    Decision,
    Item,
    ItemKind,
    Log,
    Phase,
    Plan,
    PlanSpec,
    Protocol,
    Report,
    Risk,
    Status,
)
from planner.ramp import routine_changed, split_week
from planner.reports import merge_reports
from planner.routine import changed_words, timeline
from planner.rules import Rule
from planner.schedule import run_weekdays
from planner.sessions import PROJECTED, Evidence, Outcome, Verdict, bone_verdict, tendon_verdict
from planner.state import ONE_DAY, Session, State
from planner.units import describe, distance, to_minutes
from planner.wording import day_ref, number_word, percent, share_words, span, weekday


def build(spec: PlanSpec, log: Log, as_of: date) -> Plan:
    """Turn a spec and a log into a day-by-day plan as known on `as_of`."""
    return _Builder(spec, log, as_of).run()


def build_from(
    spec: PlanSpec, log: Log, as_of: date, saved: tuple[Checkpoint, ...] = ()
) -> tuple[Plan, tuple[Checkpoint, ...]]:
    """Build as `build` does, resuming from the latest of an earlier build's checkpoints that
    this log cannot have changed; return the plan and the checkpoints to keep for the next."""
    builder = _Builder(spec, log, as_of)
    plan = builder.run(saved)
    return plan, tuple(builder.checkpoints)


class _Builder:
    def __init__(self, spec: PlanSpec, log: Log, as_of: date) -> None:
        self.spec = spec
        self.log = log
        self.as_of = as_of
        self.condition: Condition = conditions.get(spec.condition)
        self.reports: dict[date, Report] = merge_reports(log.reports)
        self.report_dates = sorted(self.reports)  # for bisect: look-ups stay cheap as logs grow
        # "Pain at rest at plan start" (SPEC 3.3): the last report of it by the plan's first
        # day (a plan may start weeks after the pain began), else the first one after.
        rested = [d for d in self.report_dates if self.reports[d].pain_rest is not None]
        by_start = [d for d in rested if d <= spec.first_day]
        self.first_rest_report = by_start[-1] if by_start else next(iter(rested), None)
        self.done = {(c.date, c.item) for c in log.completions}
        self.done_sorted = sorted(self.done)
        self.activities: dict[date, tuple[Activity, ...]] = recorded.by_day(log.activities, as_of)
        self.activity_dates = sorted(self.activities)
        # Lifting events known on as-of; the high-risk gate opens on the first clearance.
        self.clearances = [c for c in log.all_clearances() if c.date <= as_of]
        self.clearance_dates = sorted({c.date for c in log.all_clearances()})
        self.retracted: dict[tuple[date, str], date] = {}
        for r in sorted(log.retractions, key=lambda r: r.recorded, reverse=True):
            if r.recorded <= as_of:
                self.retracted[(r.date, r.flag)] = r.recorded  # the earliest record counts
        # The routine in force on each day: the first, then each change from its day on.
        self.routines = timeline(spec)
        self.changes = dict(self.routines[1:])
        self._use(self.routines[0][1])
        protocol = self.condition.protocol
        self.state = State(protocol=protocol, stage=self.first_stage(protocol))
        self.days: list[Day] = []
        self.decisions: list[Decision] = []
        self.said: set[str] = set()  # decisions made once per streak, by key
        self.walk = P.BONE_WALK_START  # today's brisk walk, bone rules
        self.walk_pain = 0  # the walking pain that holds it (0: walking is pain-free)
        self.judged: date | None = None  # the last morning that judged a session
        self.run_anchor: date | None = None  # the plan's first run: running weeks count from it
        self.week_volume: dict[int, float] = {}  # running minutes per running week
        self.checkpoints: list[Checkpoint] = []  # where the build stood each week, for the next
        # Why the day of as-of is stopped, when it is (a first fortnight is built past it).
        self.stopped_today: tuple[Decision, ...] | None = None

    # -- the loop ----------------------------------------------------------------------------

    def run(self, saved: tuple[Checkpoint, ...] = ()) -> Plan:
        first = self.spec.first_day
        whole = self._whole()  # the same for every day: compared once, kept in each checkpoint
        when = self._resume(saved, whole) or first
        while not self._finished(when, first):
            if checkpoints.due(when, first, self.as_of) and not self._has_checkpoint(when):
                self.checkpoints.append(checkpoints.take(when, whole, self._seen(when), self))
            if when in self.changes:
                self._change_routine(when)
            today = self._day(when)  # first: a stop day's build restores the builder's lists
            self.days.append(today)
            if when == self.as_of and today.phase == Phase.HALTED:
                self.stopped_today = self._stop_reasons()
            when += ONE_DAY
        return Plan(
            spec=self.spec,
            as_of=self.as_of,
            protocol=self.state.protocol,
            status=self._status(),
            days=tuple(self.days),
            decisions=tuple(self.decisions),
            stopped_by=self._stop_reasons() if self.stopped_today is None else self.stopped_today,
        )

    def _stop_reasons(self) -> tuple[Decision, ...]:
        return tuple(decision for decision, _ in self.state.halt_decisions)

    # -- the routine (planner/routine.py) ---------------------------------------------------

    def _use(self, routine: PlanSpec) -> None:
        """Follow a routine: its run weekdays, its usual week and its goal, in minutes."""
        self.routine = routine
        self.weekdays = run_weekdays(routine)
        self.goal = to_minutes(routine, routine.target)
        self.baseline = to_minutes(routine, routine.baseline)

    def _change_routine(self, when: date) -> None:
        """From `when` on, the new routine; the days before were built with the old one."""
        before, weekdays, goal = self.routine, self.weekdays, self.goal
        self._use(self.changes[when])
        if self.weekdays != weekdays:
            self.state.run_days_changed = when
        routine_changed(self, when)
        words = changed_words(before, self.routine, when)
        if self.state.complete and self.goal > goal:  # the ramp does not open again for it
            words += (
                " The plan is complete and plans no way up to the bigger week: build towards it "
                f"by at most {percent(P.RAMP_WEEKLY_GROWTH)} a week from the week you reached, "
                "one change at a time."
            )
        self.decide(when, Rule.SETTINGS_CHANGED, words)

    # -- checkpoints (planner/checkpoints.py) ------------------------------------------------

    def _resume(self, saved: tuple[Checkpoint, ...], whole: tuple[object, ...]) -> date | None:
        """Restore the latest checkpoint whose inputs are unchanged; the day to go on from."""
        for index in range(len(saved) - 1, -1, -1):
            found = saved[index]
            if found.whole == whole and found.seen == self._seen(found.day):
                checkpoints.restore(found, self)
                self.checkpoints = list(saved[: index + 1])
                return found.day
        return None

    def _has_checkpoint(self, when: date) -> bool:
        return bool(self.checkpoints) and self.checkpoints[-1].day >= when

    def _whole(self) -> tuple[object, ...]:
        """The inputs every day may read, whatever its date."""
        retracted = tuple(sorted(self.retracted.items()))
        clearances = tuple(self.clearances)
        return (
            self.routines[0][1],  # the spec as on the first day: later routines are `seen`
            (self.spec.unit, self.spec.easy_pace),  # every day's distance is said at these
            self.as_of,
            self.first_rest_report,
            tuple(self.clearance_dates),
            clearances,
            retracted,
        )

    def _seen(self, day: date) -> tuple[object, ...]:
        """The log's entries the days before `day` could read (dated up to it, plus a margin),
        and the changes of routine before it (each is read from its own day on)."""
        upto = day + checkpoints.MARGIN
        reports = self.report_dates[: bisect_right(self.report_dates, upto)]
        done = self.done_sorted[: bisect_right(self.done_sorted, (upto, chr(0x10FFFF)))]
        ran = self.activity_dates[: bisect_right(self.activity_dates, upto)]
        return (
            tuple(self.reports[d] for d in reports),
            tuple(done),
            tuple(self.activities[d] for d in ran),
            tuple(change for change in self.routines[1:] if change[0] < day),
        )

    def _finished(self, when: date, first: date) -> bool:
        if (when - first).days >= P.MAX_PLAN_DAYS:
            return True
        if self.state.complete and self.state.halted is None:
            return when > self.as_of
        if self.state.halted is not None:
            return when > max(self.as_of, first + timedelta(days=13))
        if self.waiting_for_clearance(when):
            return when > max(self.as_of, self.spec.onset + timedelta(days=27)) + timedelta(days=14)
        return False

    def _status(self) -> Status:
        if self.state.halted is not None or self.stopped_today is not None:
            return Status.HALTED  # (a stop lifted tomorrow still holds today)
        last = self.days[-1] if self.days else None
        if last and last.phase == Phase.COMPLETE and last.date <= self.as_of:
            return Status.COMPLETE
        return Status.ACTIVE

    def _day(self, when: date) -> Day:
        report = self.reports.get(when) if when <= self.as_of else None
        notes: list[Item] = []
        # A condition that is not self-managed stops the plan before anything is read: red
        # flags then add their referrals to its stop, which no clearance lifts.
        if self.state.halted is None and self.condition.protocol == Protocol.REFER:
            self.halt(when, Rule.REFER, self._refer_message(), self._refer_items())
        if when == self.spec.first_day:
            for early in self.reports_between(self.spec.onset, when - ONE_DAY):
                notes += self._read_report(early)  # red flags before the plan's start still count
                if prompts.severe(early):
                    self.state.severe.append(early.date)  # and so does severe pain
            if self.state.halted is None:
                prompts.severe_twice_since(self, when, self.spec.onset)
            notes += self._training_check(when)
        unjudged = self._before_judging(when, report)
        if self.state.halted is None:
            self._judge_pending(when)
        # A stop the morning's verdict on yesterday's session made keeps the day as planned
        # before that verdict; any other, as planned before the day's report.
        unread = unjudged if self.state.halted is not None else self._before_report(when, report)
        if report is not None:
            notes += self._read_report(report)
        stopped_since = self.state.halt_since
        lifted = halts.lift_if_due(self, when)
        if report is not None and prompts.severe(report):
            self.state.severe.append(when)  # halted or not: a clinician has not seen it yet
        if lifted and stopped_since is not None:
            prompts.severe_twice_since(self, when, stopped_since)
        if (
            not lifted
            and self.state.halted is None
            and when in self.clearance_dates
            and self.high_risk_bone(when)
            and self.waiting_for_clearance(when - ONE_DAY)
            and self.bone_cleared(when)  # not one dated the day tender bone switched the plan
        ):
            self.decide(
                when,
                Rule.CLEARED,
                f"A clinician cleared running on {day_ref(when)}: the test and the walk-run follow the bone rules, with {number_word(P.BONE_CLEAN_SESSIONS_HIGH)} clean sessions per stage.",
            )
        if self.state.halted is None:
            notes += prompts.see_someone(self, when, report)
            notes += self._bone_referral(when)
            notes += self._cause(when)
            if (
                self.state.protocol == Protocol.BONE
                and not self.state.test_passed
                and (when - self.spec.onset).days >= P.REST_LAST_DAY
            ):
                if self.waiting_for_clearance(when):  # daily life only: no walk builds yet
                    self.walk_pain = pains.walking_pain(self, when)
                else:
                    self.walk, self.walk_pain = pains.walk_minutes(self, when)
        today = self._schedule(when, notes)
        if unread is not None and self.state.halted is not None and self.state.halt_since == when:
            today = halts.keep_run_done(self, today, self._planned_before(when, unread))
        self._recorded(today)
        if report is not None and self.state.halted is None and not today.run_minutes:
            pains.off_day(self, report)
        if when <= self.as_of and self.state.protocol == Protocol.TENDON:
            self._loading_step(today)
        return today

    def _before_report(self, when: date, report: Report | None) -> checkpoints.Checkpoint | None:
        """Where the day stood before its report, when the plan runs and a run was done that
        day: should the report stop the plan, the day keeps the run (planner.halts)."""
        if report is None or self.state.halted is not None or not _may_stop(report, self.state):
            return None
        return checkpoints.take(when, (), (), self) if self._ran_on(when, report) else None

    def _before_judging(self, when: date, report: Report | None) -> checkpoints.Checkpoint | None:
        """Where the day stood before the morning's verdict on yesterday's session, when that
        verdict may stop the plan (the bone rules: a stage, a test or a ramp volume that hurt
        twice) and a run was done that day: should it stop, the day keeps the run."""
        s = self.state
        if s.halted is not None or s.pending is None or s.protocol != Protocol.BONE:
            return None
        return checkpoints.take(when, (), (), self) if self._ran_on(when, report) else None

    def _ran_on(self, when: date, report: Report | None) -> bool:
        """A run was done on `when`: ticked off, given a running score, or recorded."""
        ticked = any((when, key) in self.done for key in ("test", "walk-run", "run"))
        scored = report is not None and report.pain_running is not None
        return ticked or scored or bool(recorded.runs(self.activities.get(when, ())))

    def _planned_before(self, when: date, unread: checkpoints.Checkpoint) -> Day:
        """Build the day as planned before its report, then go back to where the build stands."""
        now = checkpoints.take(when, (), (), self)
        checkpoints.restore(unread, self)
        before = self._schedule(when, [])
        checkpoints.restore(now, self)
        return before

    def _recorded(self, today: Day) -> None:
        """Explain a recorded run off the plan; an unplanned run still keeps bone's day between runs."""
        recorded.explain(self, today)
        if recorded.runs(self.activities.get(today.date, ())) and not today.run_minutes:
            self.state.last_run = max(self.state.last_run or today.date, today.date)
            self.state.ran_off_plan = today.date

    def _loading_step(self, today: Day) -> None:
        """Say when the tendon work moves on a step (SPEC 3.3): to heel raises, then to heavy."""
        found = {item.exercise for item in today.items}
        raises = span(exercises.RAISES_UNTIL - exercises.ISOMETRIC_DAYS)
        steps = (
            (
                ("staged-heel-raises",),
                f"staged heel raises (after {span(exercises.ISOMETRIC_DAYS)} of isometric holds), three days a week",
            ),
            (
                ("heavy-slow-resistance", "heel-drops"),
                f"heavy slow work, three days a week and never two days running, after {raises} of staged heel raises",
            ),
        )
        for names, what in steps:
            if found & set(names) and names[0] not in self.said:
                self.said.add(names[0])
                self.decide(
                    today.date,
                    Rule.LOADING_STEP,
                    f"From {day_ref(today.date)} the tendon exercises move on to {what}.",
                )

    def _training_check(self, when: date) -> list[Item]:
        """Day one: look back for the training jump that often starts it (seeds)."""
        if self.condition.protocol == Protocol.REFER:
            return []
        self.decide(
            when,
            Rule.TRAINING_CHECK,
            "Look back over the last weeks for what changed (more distance, speed, hills, a new surface or new shoes): a sudden jump often starts this, and your return stays below it, one change at a time.",
        )
        return [advice.training_check()]

    def _cause(self, when: date) -> list[Item]:
        """Fix what caused it, every day; a short course says on day 1 what it changes."""
        c = self.condition
        if when == self.spec.first_day and c.short_course:
            self.decide(
                when,
                Rule.SHORT_COURSE,
                f"{c.name} usually settles within {c.recovery_weeks[0]}–{c.recovery_weeks[1]} weeks once its cause is fixed: {c.cause_fix} After the pain-free test the walk-run starts at continuous running ({P.SHORT_COURSE_FIRST_STAGE}), not at run-walk intervals; the weekly caps still set the pace back to your usual week: the first week of running at most {share_words(P.RAMP_FIRST_WEEK_SHARE)} of it, then at most {percent(P.RAMP_WEEKLY_GROWTH)} more a week, at least {number_word(self._ramp_weeks_floor())} weeks of ramp. The pain settles sooner than the running load may come back.",
            )
        return [Item("fix", ItemKind.NOTE, "Fix the cause", c.cause_fix)] if c.cause_fix else []

    def _ramp_weeks_floor(self) -> int:
        """The fewest ramp weeks the caps allow from half the usual week up to the goal week."""
        first = min(P.RAMP_FIRST_WEEK_SHARE * self.baseline, self.goal)
        rises = math.ceil(math.log(self.goal / first) / math.log(P.WEEKLY_CAP) - 1e-9)
        return 1 + max(0, rises)

    def _bone_referral(self, when: date) -> list[Item]:
        """A suspected stress fracture needs a diagnosis: say so on day 1, show it until the test passes."""
        if self.state.protocol != Protocol.BONE or self.state.test_passed:
            return []
        if self.bone_cleared(when):
            return []  # a clinician has seen it and cleared running: the diagnosis is made
        if when == self.spec.first_day and self.condition.protocol == Protocol.BONE:
            self.decide(
                when,
                Rule.BONE_REFERRAL,
                f"{self.condition.name}: a bone stress injury is possible, so stop running now and see a doctor or sports physiotherapist to get it diagnosed; an X-ray, MRI or bone scan may be needed. This plan is not a diagnosis.",
            )
        # While a clearance is awaited its own item asks for the imaging too: one visit, one item.
        return [] if self.waiting_for_clearance(when) else [P.IMAGING_REFERRAL]

    # -- verdicts on yesterday's session -----------------------------------------------------

    def _judge_pending(self, when: date) -> None:
        """Judge yesterday's session: first on its own pain score, then on this morning's."""
        session = self.state.pending
        if session is None:
            return
        self.state.pending = None
        self.judged = when
        first = self._verdict(session, when, with_morning=False)
        if first.projected or first.outcome in (Outcome.AMBER, Outcome.RED):
            self.apply(
                session, first, when
            )  # the session's own score decides, whatever the morning says
        if first.projected or self._morning_open(when):
            if first.outcome == Outcome.GREEN and not first.projected:
                self.apply(
                    session, Verdict(Outcome.GREEN, PROJECTED), when
                )  # passes once the morning is in
            return
        # Whatever the morning decides is decided on the morning: the day before stays as it was.
        full = replace(self._verdict(session, when, with_morning=True), morning_made_it=True)
        if first.outcome in (Outcome.GREEN, Outcome.MISSING):
            self.apply(session, full, when)
        elif (
            first.outcome == Outcome.AMBER
            and full.outcome == Outcome.RED
            and session.kind != "test"
        ):
            self.apply(session, full, when)  # the morning made an amber session red: one more step

    def apply(self, session: Session, verdict: Verdict, when: date) -> None:
        verdict = self._held_back(session, verdict, when)
        if session.kind == "test":
            self._after_test(session, verdict, when)
        elif session.kind == "walk-run":
            self._after_stage(session, verdict, when)
        else:
            self._after_ramp_run(session, verdict, when)

    def _held_back(self, session: Session, verdict: Verdict, when: date) -> Verdict:
        """A tendon session is not green while pain at rest or walking is above 2, on its own
        day, the morning after, or since a hold began (pains.py): pain after a run must settle
        by the next morning. The stage repeats; a ramp week holds."""
        s = self.state
        if (
            verdict.outcome != Outcome.GREEN
            or verdict.projected
            or session.kind == "test"
            or s.protocol != Protocol.TENDON
        ):
            return verdict
        reports = [self.reports.get(day) for day in (session.when, when) if day <= self.as_of]
        high = any(pains.above_limit(report) for report in reports if report is not None)
        if s.pain_hold_from is None and not high:
            return verdict
        reason = (
            f"{verdict.reason}, but pain at rest or walking was above {P.TENDON_TEST_MAX_REST_PAIN}"
        )
        return replace(verdict, outcome=Outcome.AMBER, reason=reason)

    def _morning_open(self, morning_day: date) -> bool:
        """The morning after a session is not reported yet: later than as-of, or as-of itself."""
        report = self.reports.get(morning_day)
        return morning_day > self.as_of or (
            morning_day == self.as_of and (report is None or report.pain_morning is None)
        )

    def _verdict(self, session: Session, morning_day: date, *, with_morning: bool) -> Verdict:
        report = self.reports.get(session.when)
        after = (
            self.reports.get(morning_day) if with_morning and morning_day <= self.as_of else None
        )
        during = report.pain_running if report else None
        evidence = Evidence(
            when=session.when,
            what=session.kind,
            during=during,
            morning_before=self._latest_morning(session.when),
            morning_after=after.pain_morning if after else None,
            # Today's run not reported yet is not a missing report: project it.
            projected=session.when > self.as_of or (session.when == self.as_of and during is None),
            morning_pending=not with_morning,
            morning_week_ago=self.latest("pain_morning", session.when - timedelta(days=7)),
        )
        if self.state.protocol == Protocol.BONE:
            return bone_verdict(evidence)
        return tendon_verdict(evidence, self.condition.pain_ceiling)

    def _latest_morning(self, upto: date) -> int | None:
        return self.latest("pain_morning", upto)

    def latest(self, name: str, upto: date) -> int | None:
        """Return the latest reported value of a pain score on or before `upto`."""
        for index in range(bisect_right(self.report_dates, upto) - 1, -1, -1):
            value = getattr(self.reports[self.report_dates[index]], name)
            if value is not None:
                return int(value)
        return None

    def last_scores(self, name: str, upto: date, count: int) -> list[int]:
        """Return the last `count` reported values of a pain score on or before `upto`, oldest first."""
        values: list[int] = []
        for index in range(bisect_right(self.report_dates, upto) - 1, -1, -1):
            value = getattr(self.reports[self.report_dates[index]], name)
            if value is not None:
                values.append(int(value))
                if len(values) == count:
                    break
        return values[::-1]

    def session_done(self, when: date, key: str) -> bool:
        """A run counts as done when ticked off or reported; days after as-of are assumed done."""
        if when > self.as_of:
            return True
        report = self.reports.get(when)
        if recorded.runs(self.activities.get(when, ())):
            return True  # a recorded run is the session done
        return (when, key) in self.done or (report is not None and report.pain_running is not None)

    def reports_between(self, first: date, last: date) -> list[Report]:
        """Return the reports dated from `first` to `last`, inclusive."""
        lo, hi = bisect_left(self.report_dates, first), bisect_right(self.report_dates, last)
        return [self.reports[d] for d in self.report_dates[lo:hi]]

    def decide(self, when: date, rule: Rule, message: str) -> None:
        self.decisions.append(Decision(date=when, rule=rule, message=message))

    def _said_on(self, session: Session, verdict: Verdict, when: date) -> date:
        """A pass is said the morning after, once its evidence is in; a session's own pain on its day."""
        return when if verdict.morning_made_it or verdict.outcome == Outcome.GREEN else session.when

    def _after_test(self, session: Session, verdict: Verdict, when: date) -> None:
        said = self._said_on(session, verdict, when)
        s = self.state
        if verdict.outcome == Outcome.GREEN:
            s.test_passed = True
            stage = P.STAGES[s.stage]
            starts = (
                f"walk-run starts at stage {stage.name}"
                if stage.walk
                else f"running starts at stage {stage.name}, a continuous run"  # a short course
            )
            if not verdict.projected:
                self.decide(said, Rule.TEST_PASSED, f"{verdict.reason}: test passed, {starts}.")
            return
        if verdict.outcome == Outcome.MISSING:
            self.decide(
                said,
                Rule.NO_EVIDENCE,
                f"{verdict.reason}: the test repeats. Report your pain after the test so the plan can move on.",
            )
            return
        s.test_failures += 1
        self.said.discard("test_open")  # the next test opens anew
        if s.protocol == Protocol.BONE and s.test_failures >= 2:
            self.halt(
                when,
                Rule.BONE_REPEAT_FAILURE,
                f"{verdict.reason}, and the test has now hurt twice: the plan stops here. See a doctor or sports physiotherapist before running again.",
            )
            return
        if s.protocol == Protocol.BONE:
            s.rest_until = when + timedelta(days=P.BONE_PAIN_REST_DAYS - 1)
            s.rehab_until = when + timedelta(days=P.TEST_RETRY_REHAB_DAYS - 1)
            self.decide(
                said,
                Rule.TEST_FAILED,
                f"{verdict.reason}: {P.BONE_PAIN_REST_DAYS} rest days, then rehab, and a new test once its entry rules hold again ({P.BONE_PAIN_FREE_DAYS} days in a row with no pain at rest, walking or on waking), on {day_ref(s.rehab_until + ONE_DAY)} at the earliest.",
            )
            return
        s.rehab_until = when + timedelta(days=P.TEST_RETRY_REHAB_DAYS - 1)
        if verdict.outcome == Outcome.RED and self.second_red(session.when):
            s.rehab_until = self._rehab_after(session, when)
            self.decide(
                said,
                Rule.TWO_REDS,
                f"{verdict.reason}, the second red session within {P.TENDON_REDS_WINDOW_DAYS} days: back to rehab for {P.TENDON_REDS_REHAB_DAYS} days, then the test again.",
            )
            return
        self.decide(
            said,
            Rule.TEST_FAILED,
            f"{verdict.reason}: back off with {P.TEST_RETRY_REHAB_DAYS} days of rehab, then test again once pain at rest and walking is {P.TENDON_TEST_MAX_REST_PAIN} or less, on {day_ref(s.rehab_until + ONE_DAY)} at the earliest.",
        )

    def _after_stage(self, session: Session, verdict: Verdict, when: date) -> None:
        if self.state.protocol == Protocol.BONE:
            self._after_bone_stage(session, verdict, when)
        else:
            self._after_tendon_stage(session, verdict, when)

    def _after_tendon_stage(self, session: Session, verdict: Verdict, when: date) -> None:
        s = self.state
        name = P.STAGES[s.stage].name
        said = self._said_on(session, verdict, when)
        if verdict.outcome == Outcome.GREEN:
            self._advance_stage(session, verdict, said)
        elif verdict.outcome == Outcome.MISSING:
            self.decide(
                said,
                Rule.NO_EVIDENCE,
                f"{verdict.reason}: stage {name} repeats. Report pain after each run, and on waking the next morning, so the plan can move on.",
            )
        elif verdict.outcome == Outcome.AMBER:
            self.decide(said, Rule.AMBER_REPEAT, f"{verdict.reason}: stage {name} repeats.")
        else:
            second = self.second_red(session.when)
            lowest = s.stage == self.first_stage(s.protocol)
            s.stage = max(self.first_stage(s.protocol), s.stage - 1)
            s.clean = 0
            lower = P.STAGES[s.stage].name
            step = f"stay at stage {lower}" if lowest else f"back to stage {lower}"
            if second:
                s.rehab_until = self._rehab_after(session, when)
                self.decide(
                    said,
                    Rule.TWO_REDS,
                    f"{verdict.reason}, the second red session within {P.TENDON_REDS_WINDOW_DAYS} days: back to rehab for {P.TENDON_REDS_REHAB_DAYS} days, then walk-run resumes at stage {lower}.",
                )
            else:
                # The next run day becomes the extra rest day.
                s.rest_until = self._next_run_day(self._rest_from(session, when))
                self.decide(
                    said,
                    Rule.RED_STEP_BACK,
                    f"{verdict.reason}: {step} and one extra rest day ({day_ref(s.rest_until)}).",
                )

    def _after_bone_stage(self, session: Session, verdict: Verdict, when: date) -> None:
        s = self.state
        name = P.STAGES[s.stage].name
        said = self._said_on(session, verdict, when)
        if verdict.outcome == Outcome.MISSING:
            self.decide(
                said,
                Rule.NO_EVIDENCE,
                f"{verdict.reason}: it does not count as a clean session yet. Report pain after each run so the plan can move on.",
            )
            return
        if verdict.outcome == Outcome.GREEN:
            s.clean += 1
            need = self._clean_needed(when)
            if s.clean >= need:
                self._advance_stage(session, verdict, said)
            elif not verdict.projected:
                self.decide(
                    said,
                    Rule.CLEAN_SESSION,
                    f"{verdict.reason}: clean session {s.clean} of {need} at stage {name}.",
                )
            return
        s.failures[name] = s.failures.get(name, 0) + 1
        if s.failures[name] >= 2:
            self.halt(
                when,
                Rule.BONE_REPEAT_FAILURE,
                f"{verdict.reason}, and stage {name} has now hurt twice: the plan stops here. See a doctor or sports physiotherapist before running again.",
            )
            return
        lowest = s.stage == self.first_stage(s.protocol)
        s.stage = max(self.first_stage(s.protocol), s.stage - 1)
        s.clean = 0
        s.rest_until = self._rest_from(session, when) + timedelta(days=P.BONE_PAIN_REST_DAYS - 1)
        resume = (
            f"stay at stage {P.STAGES[s.stage].name}"
            if lowest
            else f"resume one stage lower at {P.STAGES[s.stage].name}"
        )
        self.decide(
            said,
            Rule.BONE_PAIN_STEP_BACK,
            f"{verdict.reason}: stop, {P.BONE_PAIN_REST_DAYS} rest days, then {resume}.",
        )

    def _rehab_after(self, session: Session, when: date) -> date:
        """The last of the rehab days two reds bring, counted from the first day they can
        change (an unplanned run is judged on its own day, already built)."""
        return self._rest_from(session, when) + timedelta(days=P.TENDON_REDS_REHAB_DAYS - 1)

    @staticmethod
    def _rest_from(session: Session, when: date) -> date:
        """The first day rest can add: the day after the run when its verdict comes on the run's
        own day (an unplanned run, whose day may be a run weekday too), else the verdict's day."""
        return when + ONE_DAY if when <= session.when else when

    def _next_run_day(self, when: date) -> date:
        """Return the first of the runner's run weekdays on or after `when`."""
        return next(
            when + timedelta(days=i)
            for i in range(7)
            if (when + timedelta(days=i)).weekday() in self.weekdays
        )

    def _advance_stage(self, session: Session, verdict: Verdict, said: date) -> None:
        s = self.state
        name = P.STAGES[s.stage].name
        s.clean = 0
        if s.stage + 1 < len(P.STAGES):
            s.stage += 1
            if not verdict.projected:
                self.decide(
                    said,
                    Rule.STAGE_PASSED,
                    f"{verdict.reason}: stage {name} passed, next is {P.STAGES[s.stage].name}.",
                )
            return
        if bridge.consolidates(self, said, verdict.projected):
            return
        s.stage = len(P.STAGES)
        if not verdict.projected:
            self.decide(
                said,
                Rule.STAGE_PASSED,
                f"{verdict.reason}: the walk-run bridge is done; the ramp starts at {share_words(P.RAMP_FIRST_WEEK_SHARE)} your usual week.",
            )

    def _after_ramp_run(self, session: Session, verdict: Verdict, when: date) -> None:
        s = self.state
        said = self._said_on(session, verdict, when)
        if verdict.outcome in (Outcome.GREEN, Outcome.MISSING):
            return  # the week's adherence check counts missing runs
        if s.complete and verdict.outcome == Outcome.AMBER:
            self.decide(
                said,
                Rule.AMBER_HOLD,
                f"{verdict.reason}: keep your running where it is, with no more distance, speed or hills, until runs are {P.TENDON_SAFE_PAIN}/10 or less again.",
            )
            return
        s.complete = False  # a red run after the return: the ramp opens again, a step lower
        if verdict.outcome == Outcome.AMBER:
            if s.week_trouble is None:
                s.week_trouble = "amber"
                self.decide(
                    said,
                    Rule.AMBER_HOLD,
                    f"{verdict.reason}: this week's volume is held next week instead of rising.",
                )
            return
        key = f"ramp-{round(s.week_target)}"
        if s.protocol == Protocol.BONE:
            s.failures[key] = s.failures.get(key, 0) + 1
            if s.failures[key] >= 2:
                self.halt(
                    when,
                    Rule.BONE_REPEAT_FAILURE,
                    f"{verdict.reason}, and this ramp volume has now hurt twice: the plan stops here. See a doctor or sports physiotherapist.",
                )
                return
            s.rest_until = self._rest_from(session, when) + timedelta(
                days=P.BONE_PAIN_REST_DAYS - 1
            )
        elif self.second_red(session.when):
            s.rehab_until = self._rehab_after(session, when)
            s.week_trouble = "red"
            self.decide(
                said,
                Rule.TWO_REDS,
                f"{verdict.reason}, the second red session within {P.TENDON_REDS_WINDOW_DAYS} days: back to rehab for {P.TENDON_REDS_REHAB_DAYS} days, then the ramp resumes, no higher than last week's volume.",
            )
            return
        s.week_trouble = "red"
        # The rest of the week shares what last week's volume leaves, in runs of 10 min or more;
        # a week planned below last week's (at a lower goal, or held under the usual week) never
        # grows because a run hurt.
        back_to = min(s.prev_week_volume, s.week_target)
        done = {d: m for d, m in s.week_plan.items() if d < when}
        left = max(0.0, back_to - sum(done.values()))
        s.week_plan = done | split_week([d for d in s.week_plan if d >= when], left)
        rest = f" after {P.BONE_PAIN_REST_DAYS} rest days" if s.protocol == Protocol.BONE else ""
        volume = describe(self.spec, back_to)
        self.decide(
            said,
            Rule.RED_DROP_BACK,
            f"{verdict.reason}: back to last week's volume ({volume}){rest}."
            if back_to == s.prev_week_volume
            else f"{verdict.reason}: this week goes no higher than planned ({volume}), and no run grows{rest}.",
        )

    def second_red(self, when: date) -> bool:
        """Record a tendon red; return True when it is the second within 7 days. A day's run is
        one red however often it is read (on the day a stop began, and again once it lifts)."""
        s = self.state
        if s.two_reds_on == when:
            return True
        window = P.TENDON_REDS_WINDOW_DAYS
        s.reds = [d for d in s.reds if (when - d).days < window and d != when] + [when]
        if len(s.reds) >= 2:
            s.reds = []
            s.two_reds_on = when
            return True
        return False

    def bone_alternates(self) -> bool:
        """Bone keeps a rest day between runs until a ramp run reaches 45 minutes (capped, as
        run); from then on daily running stays allowed. Re-checked on the last runs, it switched
        off and on as a week of many shorter runs followed a week of few long ones, and the
        plan never finished."""
        s = self.state
        if s.protocol != Protocol.BONE or s.bone_daily:
            return False
        if s.stage < len(P.STAGES):
            return True
        longest = max((m for _, m in s.runs[-8:]), default=0.0)
        s.bone_daily = longest >= P.BONE_ALTERNATE_DAYS_UNTIL
        return not s.bone_daily

    # -- today's report ----------------------------------------------------------------------

    def _read_report(self, report: Report) -> list[Item]:
        s = self.state
        when = report.date
        flags = list(report.flags)
        if s.halted is not None:
            pains.red_while_stopped(self, report)
            halts.more_flags(self, when, flags)
            return []
        if halts.switches_to_bone(flags, s.protocol):
            return self._switch_to_bone(when)
        if flags:
            pains.red_while_stopped(self, report)
            halts.halt_for_flags(self, when, flags)
            return []
        pains.read_pains(self, report)
        return []

    def _switch_to_bone(self, when: date) -> list[Item]:
        s = self.state
        s.protocol = Protocol.BONE
        s.bone_since = when
        s.switched_on = when
        s.test_passed = False
        s.test_failures = 0
        s.stage = self.first_stage(Protocol.BONE)
        s.clean = 0
        s.ramp_week = 0
        s.bone_daily = False
        s.pending = None
        s.rest_until = None
        s.pain_hold_from = s.hold_morning = None  # the bone rules stop at any such pain themselves
        s.complete = False  # a finished plan too: tender bone starts its return over
        flag = P.RED_FLAGS["focal_bone_tenderness"]
        near = self.condition.high_risk_bone_near
        until = (
            f"no running until a clinician has checked the bone and cleared you (this spot is over {near}, a high-risk site for stress fractures), then {P.BONE_PAIN_FREE_DAYS} pain-free days and a walk-run that starts at its gentlest stage and moves on only after {number_word(P.BONE_CLEAN_SESSIONS_HIGH)} pain-free sessions at each."
            if near
            else f"no running until {P.BONE_PAIN_FREE_DAYS} pain-free days, then a walk-run that starts at its gentlest stage (B1)."
        )
        see = flag.referral.split(": ", 1)[-1]  # "see a doctor …": why, this message says already
        self.decide(
            when,
            Rule.SWITCH_TO_BONE,
            f"Pressing on the bone hurt on {day_ref(when)}: this can be a bone stress injury, so the plan now follows the stricter bone rules — {until} Please {see}",
        )
        return [Item("referral", ItemKind.REFERRAL, "Get the bone checked", flag.referral)]

    def halt(self, when: date, rule: Rule, message: str, items: tuple[Item, ...] = ()) -> None:
        halts.halt(self, when, rule, message, items)

    def _refer_message(self) -> str:
        if self.condition.see_today:
            return f"{self.condition.name} is not self-managed. {self.condition.see_today} Until then: no running, and no exercise of the foot until a doctor has seen it."
        return f"{self.condition.name} is not self-managed: see a doctor, podiatrist or physiotherapist. Until then: no running, shoes with a wider toe box, looser lacing and cross-training that does not hurt."

    def _refer_items(self) -> tuple[Item, ...]:
        if self.condition.see_today:
            see = self.condition.see_today
            return (Item(P.SEE_TODAY_ITEM, ItemKind.REFERRAL, "See a doctor today", see),)
        return (
            Item(
                "referral",
                ItemKind.REFERRAL,
                "See a professional",
                f"{self.condition.name} needs an assessment: book a doctor, podiatrist or physiotherapist.",
            ),
        )

    # -- today's plan ------------------------------------------------------------------------

    def first_stage(self, protocol: Protocol) -> int:
        if protocol == Protocol.TENDON and self.condition.short_course:
            return P.stage_index(P.SHORT_COURSE_FIRST_STAGE)
        return P.stage_index(P.FIRST_STAGE.get(protocol.value, "S1"))

    def _clean_needed(self, when: date) -> int:
        high = self.high_risk_bone(when)
        return P.BONE_CLEAN_SESSIONS_HIGH if high else P.BONE_CLEAN_SESSIONS_LOW

    def high_risk_bone(self, when: date) -> bool:
        """The high-risk bone rules apply on `when`: a high-risk site, or a tendon plan over one
        that tender bone switched to the bone rules (Condition.high_risk_bone_near), unless
        that report of tender bone was recorded as a mistake by then (the low-risk bone rules
        stay, as for any switch)."""
        c, switched = self.condition, self.state.switched_on
        if c.protocol == Protocol.BONE:
            return c.risk == Risk.HIGH
        if switched is None or not c.high_risk_bone_near or self.state.protocol != Protocol.BONE:
            return False
        return not halts.retracted(self, (switched, "focal_bone_tenderness"), when)

    def waiting_for_clearance(self, when: date) -> bool:
        """High-risk bone rules with no clinician's clearance yet by `when`."""
        return self.high_risk_bone(when) and not self.bone_cleared(when)

    def bone_cleared(self, when: date) -> bool:
        """A clinician's clearance is on record by `when` since the bone rules apply: from the
        onset, or for a tendon plan the tender bone switched, dated after the switch (a day's
        entries have no order: one dated that day may have been given before the bone was
        found, and one before it cleared something else)."""
        switched = self.state.switched_on
        if switched is not None:
            return any(switched < cleared <= when for cleared in self.clearance_dates)
        return any(self.spec.onset <= cleared <= when for cleared in self.clearance_dates)

    def _schedule(self, when: date, notes: list[Item]) -> Day:
        return DayPlanner(self, when, notes).day()

    def make_day(
        self,
        when: date,
        phase: Phase,
        items: list[Item],
        minutes: float = 0.0,
        headline: str = "",
        stage: str | None = None,
    ) -> Day:
        """Assemble a Day (used by planner.days)."""
        if minutes:
            self.run_anchor = self.run_anchor or when
            week = (when - self.run_anchor).days // 7
            self.week_volume[week] = self.week_volume.get(week, 0.0) + minutes
        return Day(
            date=when,
            day=(when - self.spec.onset).days + 1,
            phase=phase,
            stage=stage,
            projected=when > self.as_of,
            run_minutes=minutes,
            run_distance=distance(self.spec, minutes)
            if minutes
            else (None if self.spec.unit == "min" else 0.0),
            items=tuple(items),
            headline=headline,
            ramp_week=self.state.ramp_week or None if phase == Phase.RAMP else None,
            actual=recorded.actual(self.spec, self.activities.get(when, ())),
        )

    def support_items(self, phase: Phase, when: date) -> list[Item]:
        """Return the day's non-running items from the exercise library."""
        day = (when - self.spec.onset).days + 1
        walk = self.walk if self.state.protocol == Protocol.BONE else None
        return list(
            exercises.items_for_day(
                self.condition,
                self.state.protocol,
                phase,
                day,
                walk_minutes=walk,
                walk_pain=self.walk_pain if walk is not None else 0,
                awaiting_clearance=self.waiting_for_clearance(when),
                loading_start=(self.spec.first_day - self.spec.onset).days + 1,
            )
        )

    def weekday_name(self, when: date) -> str:
        return weekday(when)


def _may_stop(report: Report, state: State) -> bool:
    """Return True when reading the report may stop the plan: a red flag, or on the bone rules
    pain at rest, walking or on waking at the site (planner.pains: a stage that hurt twice).
    Only then is the day's build kept aside first."""
    bone = state.protocol == Protocol.BONE
    pain = report.pain_rest or report.pain_walking or report.pain_morning
    return bool(report.flags) or (bone and bool(pain))
