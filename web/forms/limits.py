"""How long a runner's or coach's words may be, wherever they arrive: a form, the API, a CSV."""

MAX_NAME = 120  # an athlete's name on a roster (the roster_entries.name column)
MAX_NOTE = 2000  # a report's note, a coach's note on a day
MAX_RECORD_NOTE = 500  # a clearance's note, a retraction's reason (planner.validation.MAX_NOTE)
MAX_ITEM = 200  # a check-off's item key (the completions.item column)
MAX_TOKEN_NAME = 80  # an API token's name
