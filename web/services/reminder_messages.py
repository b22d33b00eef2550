"""What each message says: built from the plan as the engine builds it for the day it is for.

The wording of the plan (items, doses, decisions) is the engine's; these only frame it. A
subject (the push's title) and a push's text show on a lock screen, so they name no health
detail: the e-mail's body says the rest. A halted plan gets no morning message and no nudge:
only a clinician's clearance restarts it, and the change that halted it was told. The tick
does not record them (`halted`); one recorded before the halt is dropped when sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from flask import current_app, render_template

from planner.calendar_text import summary
from planner.model import Log, Plan, Status
from web.auth import unsubscribe_tokens as tokens
from web.core import hosts
from web.store import reminders
from web.store.models import Delivery, PlanRow

DISCLAIMER = (
    "This is not medical advice or a diagnosis. See a doctor or physiotherapist if "
    "the pain is getting worse, you cannot put weight on the foot, it hurts at night "
    "or at rest, or you notice swelling, numbness or a hot, red joint."
)


class Skip(Exception):
    """Nothing to send for this delivery (the plan is gone, archived or halted, has no such
    day, nobody to name, no public address for its links)."""


@dataclass(frozen=True)
class Message:
    """One message, ready for any channel."""

    subject: str
    intro: str
    link: str
    link_label: str
    unsubscribe: str
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    key: str = ""
    glance: str = ""  # a push's text, shown on a lock screen: no health detail

    def text(self) -> str:
        return render_template("reminders/mail.txt", m=self, disclaimer=DISCLAIMER)

    def html(self) -> str:
        return render_template("reminders/mail.html", m=self, disclaimer=DISCLAIMER)


def links_available() -> bool:
    """Can messages carry links? Only at PUBLIC_URL: a message outlives any request, so no
    request's host vouches for it (as one may for a reset link), and a link anywhere else
    (localhost) is broken, the stop link too."""
    return bool(current_app.config.get("PUBLIC_URL"))


def link(endpoint: str, **values: Any) -> str:
    """An absolute link at PUBLIC_URL; raise Skip when none is set: no message then."""
    if not links_available():
        raise Skip("PUBLIC_URL is not set")
    return hosts.url_at(current_app.config["PUBLIC_URL"], endpoint, **values)


def build(delivery: Delivery) -> Message:
    """Write the message a delivery stands for; raise Skip when there is nothing to say."""
    builders = {"morning": _morning, "nudge": _nudge, "change": _change, "digest": _digest}
    return replace(
        builders[reminders.chosen_as(delivery.kind)](delivery),  # a halt is told as a change
        key=f"{delivery.kind}-{delivery.subject}-{delivery.day.isoformat()}",
    )


def _plan(delivery: Delivery) -> tuple[PlanRow, Log, Plan]:
    from web.services import builds
    from web.store import plans

    row = plans.plan_by_id(delivery.subject)
    if row is None:
        raise Skip("plan deleted")
    if row.archived:
        raise Skip("plan archived")
    log, plan = builds.built(row, delivery.day)
    return row, log, plan


def _running(delivery: Delivery) -> tuple[PlanRow, Log, Plan]:
    """The plan of a daily message, unless it is halted: no session to do, nothing to report
    that moves it on, until a clinician's clearance restarts it."""
    row, log, plan = _plan(delivery)
    if plan.status is Status.HALTED:
        raise Skip("plan halted")
    return row, log, plan


def halted(plan_id: int, day: date) -> bool:
    """Is the plan stopped on `day` (a red flag or a referral)? From its build kept in the
    cache: the scheduler asks at every tick of the morning's window, and the key holds until
    the log's next write (a clearance). A plan deleted meanwhile is not: its message is
    dropped when sent, saying so."""
    from web.services import builds
    from web.store import plans

    row = plans.plan_by_id(plan_id)
    return row is not None and builds.kept_build(row, day)[1].status is Status.HALTED


def _unsubscribe(delivery: Delivery) -> str:
    kind = reminders.chosen_as(delivery.kind)
    return link("reminders.unsubscribe", token=tokens.make(kind, delivery.subject))


def _today(row: PlanRow) -> str:
    return link("today.show", plan_id=row.id)


def _morning(delivery: Delivery) -> Message:
    row, _, plan = _running(delivery)
    day = plan.day_on(delivery.day)
    if day is None:
        raise Skip("no plan day")
    lines = [f"{i.title}: {i.dose}" if i.dose else i.title for i in day.items]
    earlier = [d for d in plan.decisions if d.date <= delivery.day]
    notes = [f"Why: {earlier[-1].message}"] if earlier else []
    return Message(
        "Your plan for today",
        f"Your plan for {_long(delivery.day)}: {summary(day)}.",
        _today(row),
        "Open Today to tick items off",
        _unsubscribe(delivery),
        lines,
        notes,
        glance="Open Today to see your session.",
    )


def _nudge(delivery: Delivery) -> Message:
    from web.services import reminder_schedule

    row, log, plan = _running(delivery)
    if plan.day_on(delivery.day) is None:
        raise Skip("no plan day")
    reported = [r.date for r in log.reports if r.date <= delivery.day]
    if not reminder_schedule.quiet(delivery.day, plan.spec.first_day, max(reported, default=None)):
        raise Skip("reported since")  # a nudge that waited (mail down) is no longer true
    return Message(
        "Time for today's check-in",
        "You have not reported pain for two days. A quick report keeps the plan "
        "right for you: it holds, steps back or moves on from what you tell it.",
        _today(row),
        "Report today's pain",
        _unsubscribe(delivery),
        glance="A quick report keeps your plan right for you.",
    )


def _change(delivery: Delivery) -> Message:
    row, _, _ = _plan(delivery)
    return Message(
        "Your plan changed",
        f"Your plan changed on {_long(delivery.day)}:",
        _today(row),
        "See what changed and why",
        _unsubscribe(delivery),
        delivery.detail.splitlines(),
        glance="Open Today to see what changed.",
    )


def _digest(delivery: Delivery) -> Message:
    from web.services import roster, roster_needs

    needing = [
        s
        for s in roster_needs.rank(roster.snapshots(delivery.subject))
        if roster_needs.need(s) in roster_needs.ATTENTION
    ]
    if not needing:
        raise Skip("nobody needs attention")
    lines = [
        f"{s.name or '(no name)'}: {roster_needs.NEED_LABELS[roster_needs.need(s)]}"
        for s in needing
    ]
    count = len(needing)
    return Message(
        "Your athletes today",
        f"{count} athlete{'s' if count != 1 else ''} need{'s' if count == 1 else ''} "
        f"attention on {_long(delivery.day)}:",
        link("coach.dashboard"),
        "Open your roster",
        _unsubscribe(delivery),
        lines,
        glance="Open your roster.",
    )


def _long(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"
