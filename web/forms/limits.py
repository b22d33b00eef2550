"""How long a runner's or coach's words may be, wherever they arrive: a form, the API, a CSV."""

import unicodedata

from planner import validation
from planner.errors import InputError

MAX_NAME = 120  # an athlete's name on a roster (the roster_entries.name column)
MAX_QUERY = MAX_NAME  # a roster search: part of a name
MAX_NOTE = 2000  # a report's note, a coach's note on a day
MAX_RECORD_NOTE = validation.MAX_NOTE  # a clearance's note, a retraction's reason
MAX_ITEM = 200  # a check-off's item key (the completions.item column)
MAX_TOKEN_NAME = 80  # an API token's name


def check_name(text: str) -> str:
    """Return an athlete's name without surrounding spaces; refuse one blank (invisible
    characters only, such as a zero-width space, are blank on a roster too), too long, or
    holding a control character (a line break, an escape)."""
    name = text.strip()
    if not any(visible(c) for c in name) or len(name) > MAX_NAME:
        raise InputError("name", f"give the athlete a name of 1 to {MAX_NAME} characters")
    if any(unicodedata.category(c) == "Cc" for c in name):
        raise InputError("name", "a name has no line breaks, tabs or other control characters")
    return name


def visible(char: str) -> bool:
    """A letter, digit, punctuation mark or symbol: what shows on a page."""
    return unicodedata.category(char)[0] in "LNPS"
