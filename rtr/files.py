"""The command line's files: whatever goes wrong reading or writing one is one line, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from planner.errors import InputError


def read_json(path: Path, field: str = "log") -> object:
    """Read a JSON file; InputError(field) says why it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(field, f"cannot read {path}: {error.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(field, f"{path} is not valid JSON ({error})") from None
    except RecursionError:
        raise InputError(field, f"{path} is nested too deeply to be a log") from None
