"""Small helpers that turn dates into words for decision sentences."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday(when: date) -> str:
    """Name the weekday without depending on the machine's locale."""
    return WEEKDAYS[when.weekday()]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
PARTS = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}


def minutes_text(value: float) -> str:
    """Say a number of minutes as a reader wants it: to a tenth at most ("14.5 min", not the
    14.4841 a cap of half a week in miles works out at)."""
    return f"{round(value, 1):g} min"


def number_word(count: int) -> str:
    """Spell a small count as a word ("three"); larger ones stay digits."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def percent(share: float) -> str:
    """Write a share as a percentage: 1.1 -> '110%'."""
    return f"{round(share * 100)}%"


def share_words(share: float) -> str:
    """Write a simple share in words: 0.5 -> 'half', 2/3 -> 'two thirds' (else a percentage)."""
    found = Fraction(share).limit_denominator(12)
    if abs(float(found) - share) > 1e-9 or found.denominator not in PARTS:
        return percent(share)
    if found.numerator == 1:
        return PARTS[found.denominator][0]
    return f"{number_word(found.numerator)} {PARTS[found.denominator][1]}"


def span(days: int) -> str:
    """Say a number of days the way a runner would: 7 -> 'a week', 14 -> 'two weeks', 10 -> '10 days'."""
    weeks, rest = divmod(days, 7)
    if rest or not weeks:
        return f"{days} days"
    return "a week" if weeks == 1 else f"{number_word(weeks)} weeks"


def day_ref(when: date) -> str:
    """Refer to a day in a sentence: 'Tuesday 3 March'."""
    months = (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    )
    return f"{weekday(when)} {when.day} {months[when.month - 1]}"
