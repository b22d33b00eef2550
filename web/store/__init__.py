"""Persistence: one module per subject, each the only writer of its tables (models.py maps them).

Callers write `store.plans.plan_for(...)`, `store.logs.save_report(...)`: the subject is in the
name of every call."""

from web.store import (
    activities,
    feeds,
    invites,
    logs,
    pages,
    plans,
    records,
    reminders,
    roster,
    roster_rows,
    users,
)

__all__ = [
    "activities",
    "feeds",
    "invites",
    "logs",
    "pages",
    "plans",
    "records",
    "reminders",
    "roster",
    "roster_rows",
    "users",
]
