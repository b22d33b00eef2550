"""Read a form's fields one by one and keep every refusal, so that a form comes back once with
all its errors beside their fields, not with one error per try."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from planner.errors import InputError
from planner.validation import parse_volume

T = TypeVar("T")


class FieldErrors(InputError):
    """Several fields refused at once: `errors` holds each; `field` and `message` the first."""

    def __init__(self, errors: dict[str, str]) -> None:
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = dict(errors)


class Checks:
    """A form's checks: each runs whatever the ones before it found; `done` raises them all."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def __call__(self, check: Callable[[], T], fallback: T) -> T:
        """Return what `check` reads, or `fallback` (never used: `done` raises) if it refuses."""
        try:
            return check()
        except FieldErrors as found:
            for field, message in found.errors.items():
                self.refuse(field, message)
        except InputError as error:
            self.refuse(error.field, error.message)
        return fallback

    def refuse(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)  # a field's first error is the one it shows

    def done(self) -> None:
        """Raise every refusal so far, if there was one."""
        if self.errors:
            raise FieldErrors(self.errors)


def errors_of(error: InputError) -> dict[str, str]:
    """Every field an error refused, by name."""
    return error.errors if isinstance(error, FieldErrors) else {error.field: error.message}


def at_pace(field: str, value: object, unit: str, pace: float | None, instead: str) -> None:
    """Refuse, on the easy pace, a new pace at which a usual week or goal is no longer one
    (too little running, or more than anyone runs); `instead` names the other way out."""
    try:
        parse_volume(field, value, unit, pace)
    except InputError as error:
        raise InputError(
            "easy_pace", f"At this pace, {error.message}. Check the pace, or {instead}."
        ) from None
