"""The one error a watch file raises: it names the file and says, in one line, what is wrong."""

from __future__ import annotations

import re

MAX_NAME_CHARS = (
    200  # a name from inside a zip can be anything; it stays one line of reasonable length
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def one_line(text: str, limit: int = 300) -> str:
    """Return text as one printable line of at most `limit` characters."""
    line = " ".join(_CONTROL.sub(" ", text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class WatchFileError(ValueError):
    """A file that cannot be read as an activity; `name` is the file, `problem` what is wrong."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = one_line(name, MAX_NAME_CHARS) or "(unnamed file)"
        self.problem = one_line(problem)
        super().__init__(f"{self.name}: {self.problem}")


class NotAnActivity(WatchFileError):
    """A readable file that records no activity: a workout, course, route or health file."""
