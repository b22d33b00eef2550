"""How long a runner's or coach's words may be, wherever they arrive: a form, the API, a CSV."""

import re

from planner import validation
from planner.errors import InputError

MAX_NAME = 120  # an athlete's name on a roster (the roster_entries.name column)
MAX_QUERY = MAX_NAME  # a roster search: part of a name
MAX_NOTE = 2000  # a report's note, a coach's note on a day
MAX_RECORD_NOTE = validation.MAX_NOTE  # a clearance's note, a retraction's reason
MAX_ITEM = 200  # a check-off's item key (the completions.item column)
MAX_TOKEN_NAME = 80  # an API token's name


# C0 and C1 control characters (line breaks, tabs, escapes), and characters that show as
# nothing: zero-width spaces and joiners, direction marks, Hangul fillers, variation selectors.
CONTROL = "\\x00-\\x1f\\x7f-\\x9f"
INVISIBLE = (
    "\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f\\u200b-\\u200f"
    "\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0"
)
# A name: spaces around it (they go), no control character within, and at least one that
# shows (the API's schema says the same; Python's \s is what str.strip takes away).
NAME_PATTERN = f"^\\s*[^{CONTROL}]*[^\\s{CONTROL}{INVISIBLE}][^{CONTROL}]*\\s*$"
_SHOWS = re.compile(f"[^\\s{CONTROL}{INVISIBLE}]")
_CONTROL = re.compile(f"[{CONTROL}]")


def check_name(text: str) -> str:
    """Return an athlete's name without surrounding spaces; refuse one blank (invisible
    characters only, such as a zero-width space, are blank on a roster too), too long, or
    holding a control character (a line break, an escape)."""
    name = text.strip()
    if not _SHOWS.search(name) or len(name) > MAX_NAME:
        raise InputError("name", f"give the athlete a name of 1 to {MAX_NAME} characters")
    if _CONTROL.search(name):
        raise InputError("name", "a name has no line breaks, tabs or other control characters")
    return name
