"""Every CSV the app writes: one writer whose cells a spreadsheet never runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# What makes a spreadsheet read a cell as a formula (OWASP "CSV Injection"), and the full-width
# forms that some spreadsheet apps fold into them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> object:
    """Return a cell a spreadsheet shows as text: a quote before anything that starts a formula.

    Spreadsheets skip leading blanks and line breaks before reading `=`, so text is looked at
    from its first visible character too ("\\n=HYPERLINK(...)" is defused). Numbers the app
    writes itself (a pain score, an adherence) are not text and stay numbers.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS):
        return "'" + value
    return value


BOM = "\ufeff"


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """Write rows as CSV text with a header; every text cell goes through safe_cell. The text
    starts with a byte-order mark: without one, Excel reads UTF-8 in the system's code page
    ("Zoë Müller" as "ZoÃ« MÃ¼ller"); other spreadsheets and csv readers on "utf-8-sig" skip it."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: safe_cell(value) for name, value in row.items()})
    return out.getvalue()
