"""How long a runner's or coach's words may be, wherever they arrive: a form, the API, a CSV."""

from planner import validation
from planner.errors import InputError

MAX_NAME = 120  # an athlete's name on a roster (the roster_entries.name column)
MAX_QUERY = MAX_NAME  # a roster search: part of a name
MAX_NOTE = 2000  # a report's note, a coach's note on a day
MAX_RECORD_NOTE = validation.MAX_NOTE  # a clearance's note, a retraction's reason
MAX_ITEM = 200  # a check-off's item key (the completions.item column)
MAX_TOKEN_NAME = 80  # an API token's name


def check_name(text: str) -> str:
    """Return an athlete's name without surrounding spaces; refuse one blank or too long."""
    name = text.strip()
    if not name or len(name) > MAX_NAME:
        raise InputError("name", f"give the athlete a name of 1 to {MAX_NAME} characters")
    return name
