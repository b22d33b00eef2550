"""Lone surrogates: JSON may write one ("\\ud800"), but it is no character, so no page, file
or database can hold it. A log holding one is refused, naming the field."""

from __future__ import annotations

from planner.errors import InputError

NAMED_DEPTH = 3  # "reports[0].flags": deeper values are named by the field that holds them


def check_text(data: object, root: str = "log") -> None:
    """Refuse JSON data whose keys or text hold a lone surrogate; name the first such field."""
    stack: list[tuple[str, object, int]] = [(root, data, 0)]
    while stack:  # not recursive: the data may nest as deep as the JSON reader allowed
        where, value, depth = stack.pop()
        parts: list[tuple[str | int, object]] = []
        if isinstance(value, str):
            _check(where, value, "this text")
        elif isinstance(value, dict):
            for key in value:
                _check(where, key, "a field name")
            parts = list(value.items())
        elif isinstance(value, list):
            parts = list(enumerate(value))
        stack.extend((_inside(where, part, depth), item, depth + 1) for part, item in parts[::-1])


def _inside(where: str, part: str | int, depth: int) -> str:
    if depth == 0:
        return str(part)
    if depth >= NAMED_DEPTH:
        return where
    return f"{where}[{part}]" if isinstance(part, int) else f"{where}.{part}"


def _check(where: str, text: str, what: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as problem:
        code = ord(text[problem.start])
        raise InputError(
            where,
            f"{what} is not valid Unicode: it holds a lone surrogate (\\u{code:04x} in the JSON)",
        ) from None
