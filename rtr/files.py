"""The command line's files: whatever goes wrong reading or writing one is one line, exit 2."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from planner.errors import InputError


def read_existing(path: Path, field: str) -> bytes | None:
    """Return a file's bytes, or None when there is no such file yet."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:  # a directory, no permission, a name too long for the system
        raise InputError(field, f"cannot read {path}: {error.strerror}") from None


def read_json(path: Path, field: str = "log") -> object:
    """Read a JSON file that must exist; InputError(field) says why it cannot be read."""
    data = read_existing(path, field)
    if data is None:
        raise InputError(field, f"cannot read {path}: there is no such file")
    return parse_json(data, path, field)


def parse_json(data: bytes, path: Path, field: str = "log") -> object:
    """Read the JSON text of the file at `path`."""
    try:
        return json.loads(data.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(field, f"{path} is not valid JSON ({error})") from None
    except RecursionError:
        raise InputError(field, f"{path} is nested too deeply to be a log") from None
    except ValueError:  # a number of thousands of digits: Python refuses to read it
        raise InputError(field, f"{path} holds a number too long to be one of a log") from None


def write_bytes(path: str | None, data: bytes) -> int:
    """Write to the file at `path`, or to standard output for None or "-"; return exit code 0."""
    if path is None or path == "-":
        try:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        except OSError as error:  # a full disk, a pipe whose reader left
            _quiet_stdout()
            raise InputError(
                "output", f"cannot write to standard output: {error.strerror}"
            ) from None
        return 0
    try:
        Path(path).write_bytes(data)
    except OSError as error:
        raise InputError("output", f"cannot write {path}: {error.strerror}") from None
    return 0


def _quiet_stdout() -> None:
    """Point standard output at nothing, so Python's own flush at exit fails no more."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (a test's stand-in)
        pass
