"""What one day holds in each phase: rest, rehab, test, walk-run, ramp, complete or halted."""

from __future__ import annotations

from datetime import date, timedelta

from planner import activities as recorded
from planner import advice, bridge, pains
from planner import protocol as P
from planner.model import Day, Item, ItemKind, Phase, Protocol
from planner.ramp import MIN_RUN_MINUTES, advance_week
from planner.rules import Rule
from planner.state import ONE_DAY, TEST_WAIT_KEYS, Context, Session, days_between
from planner.units import describe
from planner.wording import day_ref, minutes_text, percent, share_words

CLEARANCE_ITEM = "referral:clearance"  # the web app links it to where a clearance is recorded


class DayPlanner:
    """Build one day from the builder's state; records the day's run and pending session."""

    def __init__(self, builder: Context, when: date, notes: list[Item]) -> None:
        self.b = builder
        self.s = builder.state
        self.when = when
        self.notes = notes
        self.number = (when - builder.spec.onset).days + 1

    def day(self) -> Day:
        s, when = self.s, self.when
        if s.halted is not None:
            return self._halted()
        if pains.held(self.b, when):
            return self._pain_hold()
        if s.complete:
            return self._maintenance()
        if self.number <= P.REST_LAST_DAY:
            return self._plain(Phase.REST, "Rest & observe")
        if s.rest_until is not None and when <= s.rest_until:
            return self._extra_rest()
        if self.number <= P.REHAB_LAST_DAY or (s.rehab_until is not None and when <= s.rehab_until):
            return self._plain(Phase.REHAB, "Gentle rehab")
        if self.b.waiting_for_clearance(when):
            return self._awaiting_clearance()
        if not s.test_passed:
            return self._test_or_rehab()
        if s.stage < len(P.STAGES):
            return self._walk_run()
        return self._ramp()

    # -- simple days -------------------------------------------------------------------------

    def _make(
        self,
        phase: Phase,
        items: list[Item],
        headline: str,
        minutes: float = 0.0,
        stage: str | None = None,
    ) -> Day:
        return self.b.make_day(self.when, phase, self.notes + items, minutes, headline, stage)

    def _plain(self, phase: Phase, headline: str) -> Day:
        items = self.b.support_items(phase, self.when)
        if self.b.waiting_for_clearance(self.when):
            items = [self._clearance_referral()] + items  # high-risk bone: referral first
        return self._make(phase, items, headline)

    def _clearance_referral(self) -> Item:
        if Rule.CLEARANCE_NEEDED not in self.b.said:
            self.b.said.add(Rule.CLEARANCE_NEEDED)
            self.b.decide(
                self.when,
                Rule.CLEARANCE_NEEDED,
                f"{self._high_risk_site()}: no running is scheduled until a clinician clears you. Record the date you are cleared with the plan (in the app: its settings).",
            )
        return Item(
            CLEARANCE_ITEM,
            ItemKind.REFERRAL,
            "Clinician clearance needed",
            "See a doctor or sports physiotherapist before any running: a suspected stress fracture needs imaging (X-ray, MRI or bone scan). Record the date you are cleared with the plan (in the app: its settings).",
            P.IMAGING_REFERRAL.how_to,
        )

    def _high_risk_site(self) -> str:
        c = self.b.condition
        if c.protocol == Protocol.BONE:
            return f"{c.name} is a high-risk site"
        return f"The tender bone is over {c.high_risk_bone_near}, a high-risk site"

    def _halted(self) -> Day:
        items = list(self.s.halt_items)
        if not P.needs_care_today(items):
            items += self.b.support_items(Phase.HALTED, self.when)
        return self._make(Phase.HALTED, items, "Plan stopped · see a professional")

    def _current_phase(self) -> tuple[Phase, str | None]:
        if not self.s.test_passed:
            return Phase.REHAB, None
        if self.s.stage < len(P.STAGES):
            return Phase.WALK_RUN, P.STAGES[self.s.stage].name
        return Phase.RAMP, None

    def _extra_rest(self) -> Day:
        return self._no_running(
            "Rest day from running",
            "No running today; gentle exercises only if they do not hurt.",
            "Rest day from running",
        )

    def _pain_hold(self) -> Day:
        return self._no_running(
            "No running until the pain settles",
            f"Pain at rest or walking is above {P.TENDON_TEST_MAX_REST_PAIN}/10: no running, gentle exercises only if they do not hurt. Report pain each day; running resumes the day pain at rest and walking are both {P.TENDON_TEST_MAX_REST_PAIN} or less. If it does not settle within a few days, see a physiotherapist or doctor.",
            "Running on hold: pain",
        )

    def _no_running(self, title: str, dose: str, headline: str) -> Day:
        """A day off running in the phase the runner is in (a finished plan's too): a note
        saying why, then the gentle rehab work."""
        phase, stage = (Phase.COMPLETE, None) if self.s.complete else self._current_phase()
        note = Item("rest", ItemKind.NOTE, title, dose)
        support = [i for i in self.b.support_items(Phase.REHAB, self.when) if i.key != "rest"]
        return self._make(phase, [note] + support, headline, stage=stage)

    def _awaiting_clearance(self) -> Day:
        items = [self._clearance_referral()] + self.b.support_items(Phase.REHAB, self.when)
        return self._make(Phase.REHAB, items, "Rehab · waiting for clearance")

    # -- the test ----------------------------------------------------------------------------

    def _test_or_rehab(self) -> Day:
        entry = self._test_entry()
        if not entry and self.when <= self.b.as_of:
            self._say_test_waits()
        if not entry:
            self.b.said.discard("test_open")
        if not entry or self._blocked_by_yesterday() or not bridge.fits_test(self.b, self.when):
            hint = (
                f"test after {P.BONE_PAIN_FREE_DAYS} pain-free days and a {P.BONE_WALK_BEFORE_TEST}-min walk"
                if self.s.protocol == Protocol.BONE
                else f"test when pain at rest and walking ≤ {P.TENDON_TEST_MAX_REST_PAIN}"
            )
            return self._make(
                Phase.REHAB, self.b.support_items(Phase.REHAB, self.when), f"Rehab · {hint}"
            )
        bone = self.s.protocol == Protocol.BONE
        dose = (
            f"{P.TEST_MINUTES} min slow jog on a flat, soft surface; it must stay 0/10 during, after and tomorrow morning"
            if bone
            else f"{P.TEST_SHORTEST_MINUTES}–{P.TEST_MINUTES} min slow jog on a flat, soft surface; stop if it hurts more than {P.TENDON_SAFE_PAIN}/10"
        )
        self._say_test_opens()
        test = Item(
            "test",
            ItemKind.TEST,
            "Pain-free test",
            dose,
            "Jog slowly, then report pain during and after, and again tomorrow morning.",
        )
        self._record_run("test")
        self.notes = [
            P.IMAGING_BEFORE_TEST if n.key == "referral:imaging" else n for n in self.notes
        ]
        items = [advice.warm_up(), test] + self.b.support_items(Phase.TEST, self.when)
        return self._make(
            Phase.TEST, items, f"Pain-free test · {P.TEST_MINUTES} min jog", P.TEST_MINUTES
        )

    def _test_entry(self) -> bool:
        if self.when > self.b.as_of:
            earliest = (
                P.BONE_TEST_ENTRY_DAY
                if self.s.protocol == Protocol.BONE
                else P.TENDON_TEST_ENTRY_DAY
            )
            bone_ok = self.s.protocol != Protocol.BONE or (
                self._bone_window_clean() and self._walk_built()
            )
            return self.number >= earliest and bone_ok
        if self.s.protocol == Protocol.BONE:
            return (
                self.number >= P.BONE_TEST_ENTRY_DAY
                and self._bone_window_clean()
                and self._walk_built()
                and self._latest_pains_zero()
                and not self._latest("pain_morning")
            )
        return (
            self.number >= P.TENDON_TEST_ENTRY_DAY
            and self._latest("pain_rest") is not None
            and self._latest("pain_walking") is not None
            and not self._pains_above_entry()
            and self._morning_rise() is None
        )

    def _morning_rise(self) -> tuple[int, int] | None:
        """Tendon rules: the morning's rise (`_morning_up`) while the day's run is not done yet.
        The test's verdict reads the same two mornings and fails the test on a rise of 1
        (amber) or more: a test that day would fail before it began. Once the run is done (a
        running score, or the test ticked off), the verdict judges it: its report must not
        turn the test into a run off the plan."""
        report = self.b.reports.get(self.when)
        if self._done("test") or (report is not None and report.pain_running is not None):
            return None
        return self._morning_up()

    def _morning_up(self) -> tuple[int, int] | None:
        """The latest morning pain and the one a week before, when it is up on it at all."""
        morning = self._latest("pain_morning")
        before = self.b.latest("pain_morning", self.when - timedelta(days=7))
        if morning is None or before is None or morning - before < P.TENDON_MORNING_AMBER_RISE:
            return None
        return morning, before

    def _say_test_opens(self) -> None:
        """Say, once per streak of test days, which report opens the test (a wait ends with it);
        a run done on a morning that is up is said to be judged as the test, not to go ahead."""
        self.b.said.difference_update(TEST_WAIT_KEYS)
        if self.when > self.b.as_of or "test_open" in self.b.said:
            return
        self.b.said.add("test_open")
        if self.s.protocol == Protocol.BONE:
            why = (
                f"{P.BONE_PAIN_FREE_DAYS} days with no pain at rest, walking or on waking, and "
                f"the brisk walk built up to {P.BONE_WALK_BEFORE_TEST} min without pain"
            )
        elif rise := self._morning_up():
            morning, before = rise
            self.b.decide(
                self.when,
                Rule.TEST_OPENS,
                f"The run of {day_ref(self.when)} is judged as the pain-free test, with {self._pains_now()}: "
                f"up by {morning - before} on a week ago ({before}/10), which the test's verdict reads.",
            )
            return
        else:
            why = self._pains_now()
        self.b.decide(
            self.when,
            Rule.TEST_OPENS,
            f"With {why}, the pain-free test can go ahead on {day_ref(self.when)}.",
        )

    def _pains_now(self) -> str:
        """Name the latest pain at rest, walking and (if reported) on waking."""
        rest, walking, morning = (
            self._latest("pain_rest"),
            self._latest("pain_walking"),
            self._latest("pain_morning"),
        )
        if morning is None:
            return f"pain at rest {rest}/10 and walking {walking}/10"
        return f"pain at rest {rest}/10, walking {walking}/10 and on waking {morning}/10"

    def _say_test_waits(self) -> None:
        """Explain why an actual day past the earliest test day holds: once per streak, and
        again whenever the reason changes."""
        bone = self.s.protocol == Protocol.BONE
        earliest = P.BONE_TEST_ENTRY_DAY if bone else P.TENDON_TEST_ENTRY_DAY
        rise = None if bone else self._morning_rise()
        rest, walking = self._latest("pain_rest"), self._latest("pain_walking")
        pains_high = rest is None or walking is None or self._pains_above_entry()
        key = TEST_WAIT_KEYS[1] if rise and not pains_high else TEST_WAIT_KEYS[0]
        if self.number < earliest or key in self.b.said:
            return
        self.b.said.difference_update(TEST_WAIT_KEYS)  # a reason said before is said again
        self.b.said.add(key)
        if bone:
            message = (
                f"The test waits for {P.BONE_PAIN_FREE_DAYS} days in a row with no pain at rest or walking and no pain on waking, "
                "each of them reported: a day without a report is not known to be pain-free. Report every day; "
                "a day you missed can still be reported on its page in the calendar."
                + (
                    ""
                    if self._walk_built()
                    else f" It also waits for the brisk walk to have built up to {P.BONE_WALK_BEFORE_TEST} min without pain."
                )
            )
        elif rest is None or walking is None:
            message = "The test waits for a report of pain at rest and walking: report how it feels today."
        elif rise and not pains_high:
            morning, before = rise
            message = (
                f"Morning pain {morning}/10 is up by {morning - before} on a week ago ({before}/10): "
                "the test waits until the morning is no worse than a week before (the test is "
                "judged on this rise too: up by 1 fails it)."
            )
        else:
            message = (
                f"{self._pains_now().capitalize()}: the test waits until "
                f"pain at rest, walking and first thing in the morning is {P.TENDON_TEST_MAX_REST_PAIN} or less."
            )
        self.b.decide(self.when, Rule.TEST_WAITS, message)

    def _pains_above_entry(self) -> bool:
        """Tendon rules: the latest pain at rest, walking or on waking is above the test's entry
        (seeds: no pain first thing in the morning); one not reported is not above it."""
        rest, walking = self._latest("pain_rest") or 0, self._latest("pain_walking") or 0
        morning = self._latest("pain_morning") or 0
        return (
            rest > P.TENDON_TEST_MAX_REST_PAIN
            or walking > P.TENDON_TEST_MAX_WALKING_PAIN
            or morning > P.TENDON_TEST_MAX_MORNING_PAIN
        )

    def _latest(self, name: str) -> int | None:
        return self.b.latest(name, self.when)

    def _walk_built(self) -> bool:
        """Bone rules: the brisk walk built up to 30 min pain-free on a day before this one
        (for a high-risk site, after its clearance: the walk builds only then)."""
        return self.s.walk_built is not None and self.s.walk_built < self.when

    def _latest_pains_zero(self) -> bool:
        return self._latest("pain_rest") == 0 and self._latest("pain_walking") == 0

    def _bone_window_clean(self) -> bool:
        """The 14 days before this one with no pain at rest, walking or on waking (and 14 days
        since a switch), each of them reported: a day without a report is not known to be
        pain-free. Days not over yet (today, and later) are projected. The window ends the day
        before, so a test day once shown never depends on its own day's report (the caller
        reads the test day's own pains from the latest report)."""
        since = self.s.bone_since
        if since is not None and (self.when - since).days < P.BONE_PAIN_FREE_DAYS:
            return False
        start = self.when - timedelta(days=P.BONE_PAIN_FREE_DAYS)
        window = self.b.reports_between(start, min(self.when - ONE_DAY, self.b.as_of))
        if any(report.pain_rest or report.pain_walking or report.pain_morning for report in window):
            return False
        reported = {
            r.date for r in window if r.pain_rest is not None and r.pain_walking is not None
        }
        days = (start + timedelta(days=n) for n in range(P.BONE_PAIN_FREE_DAYS))
        return all(day in reported or day >= self.b.as_of for day in days)

    # -- running days ------------------------------------------------------------------------

    def _blocked_by_yesterday(self) -> bool:
        return self.b.bone_alternates() and self.s.last_run == self.when - ONE_DAY

    def _done(self, key: str) -> bool:
        return self.b.session_done(self.when, key)

    def _record_run(
        self, kind: str, minutes: float = P.TEST_MINUTES, stage: str | None = None
    ) -> None:
        key = {"test": "test", "walk-run": "walk-run"}.get(kind, "run")
        self.s.pending = Session(self.when, kind)
        self.s.last_run = self.when
        if self._done(key):
            # A recorded run counts as run, never above the plan: a spike earns no longer runs.
            found = self.b.activities.get(self.when, ())
            self.s.runs.append((self.when, recorded.counted_run(stage, minutes, found)))

    def _single_run_cap(self) -> float:
        window = self.when - timedelta(days=P.SINGLE_RUN_WINDOW_DAYS)
        longest = 0.0
        for day, minutes in reversed(self.s.runs):  # runs are in date order: stop at the window
            if day < window:
                break
            longest = max(longest, minutes)
        if self.b.condition.short_course and self.b.spec.onset > window:
            # A short course stopped for days, not weeks: the usual run before onset is in the window.
            longest = max(longest, self.b.baseline / max(1, len(self.b.weekdays)))
        return float(int(max(longest * P.SINGLE_RUN_CAP, P.TEST_MINUTES)))

    def _capped(self, planned: float, what: str, trimmed: bool = False) -> float:
        """The run's minutes under the single-run cap; say so when the cap binds (`trimmed`:
        `planned` is what the rolling week left of the run, not what `what` calls for)."""
        cap = self._single_run_cap()
        if planned <= cap:
            return planned
        asked = (
            f"{what}'s rolling 7 days leave room for {minutes_text(planned)} on {day_ref(self.when)}"
            if trimmed
            else f"{what} calls for {minutes_text(planned)}"
        )
        self._say_capped(asked, what, cap)
        return cap

    def _say_capped(self, asked: str, what: str, cap: float) -> None:
        """Say once per cap what the single-run cap cut: `asked` is what the run was before it."""
        key = f"cap:{what}:{cap:g}"
        if key not in self.b.said:
            self.b.said.add(key)
            self.b.decide(
                self.when,
                Rule.SINGLE_RUN_CAP,
                f"{asked}, but {bridge.SINGLE_RUN_RULE}: {minutes_text(cap)} on {day_ref(self.when)}. The cap wins.",
            )

    def _walk_run(self) -> Day:
        bridge.step_back_after_break(self.b, self.when)
        stage = P.STAGES[self.s.stage]
        if self.when.weekday() not in self.b.weekdays or self._blocked_by_yesterday():
            items = self.b.support_items(Phase.WALK_RUN, self.when)
            return self._make(
                Phase.WALK_RUN, items, f"Walk-run {stage.name} · no running today", stage=stage.name
            )
        minutes = stage.run_minutes
        if stage.continuous:  # said below, only if this very run is the one the cap shortened
            minutes = min(minutes, self._single_run_cap())
        capped = minutes
        session, minutes = bridge.fit(self.b, self.when, stage, minutes)
        if not minutes or not bridge.one_change(self.b, self.when, stage.name, minutes):
            items = self.b.support_items(Phase.WALK_RUN, self.when)
            return self._make(
                Phase.WALK_RUN, items, f"Walk-run {stage.name} · no running today", stage=stage.name
            )
        if capped < stage.run_minutes and minutes == capped:
            asked = f"Stage {stage.name} calls for {minutes_text(stage.run_minutes)}"
            self._say_capped(asked, f"Stage {stage.name}", capped)
        dose = session.describe()
        if minutes < capped:  # scaled: say so, or S5 reads shorter than S4 unexplained
            single = (
                f"; the single-run cap allows {minutes_text(capped)}, cut further"
                if capped < stage.run_minutes
                else ", cut"
            )
            dose += f" (stage {stage.name} is {minutes_text(stage.run_minutes)} of running{single} to fit your week's cap)"
        elif capped < stage.run_minutes:
            dose += f" (stage {stage.name} is {minutes_text(stage.run_minutes)}, cut by the single-run cap)"
        run = Item(
            "walk-run",
            ItemKind.RUN if stage.continuous else ItemKind.RUN_WALK,
            f"Walk-run {stage.name}",
            f"{dose} · {describe(self.b.spec, minutes)} running",
            "Easy effort: you can talk in full sentences. Stop if pain passes your limit.",
        )
        self._record_run("walk-run", minutes, stage.name)
        items = [advice.warm_up(), run] + self.b.support_items(Phase.WALK_RUN, self.when)
        return self._make(
            Phase.WALK_RUN,
            items,
            f"Walk-run {stage.name} · {minutes_text(minutes)} running",
            minutes,
            stage.name,
        )

    def _ramp(self) -> Day:
        if not advance_week(self.b, self.when):
            return self._complete()
        s = self.s
        week = f"Ramp week {s.ramp_week}" + (" after a break" if s.week_after_break else "")
        if self.when not in s.week_plan or self._blocked_by_yesterday():
            items = self.b.support_items(Phase.RAMP, self.when)
            return self._make(Phase.RAMP, items, f"{week} · no running today")
        planned = s.week_plan[self.when]
        rolled = self._rolling(planned)
        minutes = self._capped(rolled, week, trimmed=rolled < planned)
        if not minutes:
            items = self.b.support_items(Phase.RAMP, self.when)
            return self._make(Phase.RAMP, items, f"{week} · no running today")
        run = Item(
            "run",
            ItemKind.RUN,
            "Easy run",
            f"{describe(self.b.spec, minutes)} easy, flat, continuous",
            "Conversational pace. Speed work and hills only once you are back to your usual week.",
        )
        self._record_run("run", minutes)
        items = [advice.warm_up(), run] + self.b.support_items(Phase.RAMP, self.when)
        return self._make(Phase.RAMP, items, f"{week} · {minutes_text(minutes)} run", minutes)

    def _rolling(self, planned: float) -> float:
        """Fit a ramp run into its rolling week: the 7 days ending with it hold no more than
        half the usual week in ramp week 1, then no more than 110 % of the last ramp week.

        The week's caps count every 7 days, not only the ramp's own 7-day blocks: a run early
        in a block after runs late in the one before would otherwise put nearly two weeks'
        running into 7 days. Past days count as run when more than planned: what that leaves
        no room for was run ahead and is not asked for again (it counts for the week's growth
        as the runs it stood in for, planner.ramp); the rest of what does not fit today moves
        to the week's next run day."""
        s, b = self.s, self.b
        cap, why = self._week_cap()
        days = self._rolling_days()
        held = sum(recorded.held(d) for d in days)
        fitted = _fit(planned, cap - held)
        if fitted == planned:
            return planned
        before = sum(d.run_minutes for d in days)
        as_planned = _fit(planned, cap - before)
        ahead = as_planned - fitted  # what the running beyond the plan took from today
        if ahead:
            self._keep_ran_ahead(as_planned, fitted, held - before)
        later = self._next_ramp_day(bool(fitted)) if planned > as_planned else None
        if later is not None:
            s.week_plan[later] = s.week_plan.get(later, 0.0) + planned - as_planned
        beyond = recorded.beyond_plan(days)
        key = f"rolling:{s.ramp_week}{recorded.beyond_key(beyond)}"
        if key not in b.said:
            b.said.add(key)
            b.decide(
                self.when,
                Rule.ROLLING_WEEK,
                self._said_rolling(planned, cap, why, held, beyond, fitted, ahead, later),
            )
        return fitted

    def _keep_ran_ahead(self, as_planned: float, fitted: float, beyond: float) -> None:
        """Keep what today's run gave way to running done ahead, as the run it would have been
        (under the single-run cap too), no more than the running done beyond the plan."""
        single = self._single_run_cap()
        stood_in = min(min(as_planned, single) - min(fitted, single), beyond)
        self.s.week_ran_ahead[self.when] = stood_in

    def _week_cap(self) -> tuple[float, str]:
        """The most running any 7 days of this ramp week may hold, and which cap sets it."""
        s, b = self.s, self.b
        if s.ramp_week <= 1:
            why = f"{share_words(P.RAMP_FIRST_WEEK_SHARE)} your usual week, until ramp week 1 ends"
            return P.RAMP_FIRST_WEEK_SHARE * b.baseline, why
        return (
            P.WEEKLY_CAP * s.prev_week_volume,
            f"{percent(P.WEEKLY_CAP)} of ramp week {s.ramp_week - 1}",
        )

    def _rolling_days(self) -> list[Day]:
        """The days before today in its rolling week."""
        s = self.s
        if s.week_after_break and s.week_start is not None:
            # The days before a week that starts again after a break had no run done: their
            # planned runs are not running to fit around, or the week would crowd into a few
            # long runs. Only the week's own runs count.
            return days_between(self.b, s.week_start, self.when)
        return bridge.days_before(self.b, self.when)

    def _said_rolling(
        self,
        planned: float,
        cap: float,
        why: str,
        held: float,
        beyond: list[Day],
        fitted: float,
        ahead: float,
        later: date | None,
    ) -> str:
        """Say why today's ramp run was trimmed, and where the rest of it went."""
        ran = f" ({recorded.said_beyond(beyond)})" if beyond else ""
        today = f"{minutes_text(fitted)} on {day_ref(self.when)}" if fitted else "no running today"
        if fitted > self._single_run_cap():  # the single-run cap says what it leaves of it
            today = f"room for {minutes_text(fitted)} on {day_ref(self.when)} (the single-run cap allows less)"
        rest = []
        if ahead:
            rest.append(f"the {minutes_text(ahead)} you already ran ahead are not asked for again")
        moved = planned - fitted - ahead
        if moved and later is not None:
            rest.append(f"{minutes_text(moved)} move to {day_ref(later)}")
        elif moved:
            rest.append("the rest of the week's running is dropped")
        return f"Ramp week {self.s.ramp_week} calls for {minutes_text(planned)} on {day_ref(self.when)}, but no 7 days may hold more than {minutes_text(cap)} ({why}) and the 6 days before hold {minutes_text(held)}{ran}: {today}; {'; '.join(rest)}. The cap wins."

    def _next_ramp_day(self, runs_today: bool) -> date | None:
        """The ramp week's next run weekday after today (bone keeps its day between runs)."""
        s, b = self.s, self.b
        assert s.week_start is not None
        first = 2 if runs_today and b.bone_alternates() else 1
        for offset in range(first, 7):
            day = self.when + timedelta(days=offset)
            if day >= s.week_start + timedelta(days=7):
                return None
            if day.weekday() in b.weekdays:
                return day
        return None

    def _maintenance(self) -> Day:
        note = Item(
            "note:complete",
            ItemKind.NOTE,
            "Back to your usual running",
            "Keep the strength routine twice a week; add speed or hills one change at a time.",
        )
        return self._make(
            Phase.COMPLETE,
            [note] + self.b.support_items(Phase.COMPLETE, self.when),
            "Back to your usual running",
        )

    def _complete(self) -> Day:
        self.s.complete = True
        if self.when <= self.b.as_of:
            goal = "usual" if self.b.goal >= self.b.baseline else "goal"
            self.b.decide(
                self.when,
                Rule.COMPLETE,
                f"Your {goal} week is back on {day_ref(self.when)}: the plan is complete.",
            )
        return self._maintenance()


def _fit(planned: float, room: float) -> float:
    """A ramp run within the room its week leaves: whole minutes, none below the shortest run."""
    if planned <= room:
        return planned
    return float(int(room)) if room >= MIN_RUN_MINUTES else 0.0
