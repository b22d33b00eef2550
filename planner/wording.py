"""Small helpers that turn dates into words for decision sentences."""

from __future__ import annotations

from datetime import date

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday(when: date) -> str:
    """Name the weekday without depending on the machine's locale."""
    return WEEKDAYS[when.weekday()]


def day_ref(when: date) -> str:
    """Refer to a day in a sentence: 'Tuesday 3 March'."""
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
    return f"{weekday(when)} {when.day} {months[when.month - 1]}"
