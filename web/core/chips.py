"""The 0–10 pain chips of one report question, as HTML made once per question state.

Today shows four questions of eleven chips each on every render; made in a template loop they
were a quarter of the page's rendering time. A row depends only on the question, the score
chosen and the plan's pain bands, so each such row is made once and kept.
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import lru_cache
from typing import Protocol

from markupsafe import Markup, escape

SCORES = tuple(str(score) for score in range(11))
ROWS_KEPT = 512  # 4 questions × 12 choices × a few pairs of bands: every row a server shows


class Bands(Hashable, Protocol):
    """A plan's pain bands (web.pages.today_card.PainBands): the colour of each score."""

    def colour(self, score: int) -> str: ...


def chip_row(name: str, chosen: object, bands: Bands | None = None) -> Markup:
    """The chips of question `name` with `chosen` checked (a score, or Skip when it is none),
    coloured by the plan's `bands` when given."""
    return _row(str(name), "" if chosen is None else str(chosen), bands)


@lru_cache(maxsize=ROWS_KEPT)
def _row(name: str, chosen: str, bands: Bands | None) -> Markup:
    key = escape(name)
    parts = []
    for score in SCORES:
        colour = f" chip-{bands.colour(int(score))}" if bands is not None else ""
        checked = " checked" if chosen == score else ""
        parts.append(
            f'<input class="chip-input" type="radio" id="{key}-{score}" name="{key}" '
            f'value="{score}"{checked}>\n'
            f'<label class="chip{colour}" for="{key}-{score}">{score}</label>'
        )
    skipped = "" if chosen in SCORES else " checked"
    parts.append(
        f'<input class="chip-input" type="radio" id="{key}-skip" name="{key}" value=""{skipped}>\n'
        f'<label class="chip chip-skip" for="{key}-skip">Skip</label>'
    )
    return Markup("\n".join(parts))
