"""Hypothesis settings for the planner's property tests.

Under CI (CI=true) the examples are derandomized and no example database is read: every push
runs the same examples, so a red run is a regression, never a new random find that flakes,
and the properties stay well under two minutes on a small shared machine. Locally every run
draws new, more numerous examples (RTR_PROPERTY_EXAMPLES of them, 150 unless set) and keeps
failures in the database, so bugs still get found.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

UNDER_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
_CI: dict[str, Any] = {"max_examples": 80, "derandomize": True, "database": None}
# RTR_PROPERTY_EXAMPLES searches deeper locally (a review's 1,500 found what 150 did not).
_LOCAL: dict[str, Any] = {"max_examples": int(os.environ.get("RTR_PROPERTY_EXAMPLES", "150"))}

PROPERTY = settings(
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
    **(_CI if UNDER_CI else _LOCAL),
)
