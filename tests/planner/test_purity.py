"""planner/ is the product's brain: no web framework, no database, no clock."""

from __future__ import annotations

import ast
import datetime as real_datetime
import subprocess
import sys
from pathlib import Path

import planner

PLANNER = Path(planner.__file__).parent
ALLOWED_THIRD_PARTY = {"dateutil", "icalendar"}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_planner_imports_only_the_standard_library_dateutil_and_icalendar():
    for path in PLANNER.glob("*.py"):
        foreign = {
            root
            for root in imported_roots(path)
            if root not in sys.stdlib_module_names and root != "planner"
        }
        assert foreign <= ALLOWED_THIRD_PARTY, (
            f"{path.name} imports {foreign - ALLOWED_THIRD_PARTY}"
        )


def test_planner_never_names_the_clock():
    for path in PLANNER.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in (
            "date.today(",
            "datetime.now(",
            "datetime.utcnow(",
            "time.time(",
            "time.monotonic(",
        ):
            assert call not in text, f"{path.name} reads the clock via {call}"


def test_importing_and_building_a_plan_loads_no_flask_and_no_sqlalchemy():
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from planner import build\n"
        "from planner.model import Log, PlanSpec\n"
        "import planner.calendar, planner.serialize\n"
        "build(PlanSpec('plantar-fasciitis', date(2026, 1, 5), 30, 'km'), Log(), date(2026, 1, 20))\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'web')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_building_a_plan_never_calls_the_clock(monkeypatch):
    class NoClockDate(real_datetime.date):
        @classmethod
        def today(cls):
            raise AssertionError("planner read the clock")

    class NoClockDateTime(real_datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            raise AssertionError("planner read the clock")

    monkeypatch.setattr(real_datetime, "date", NoClockDate)
    monkeypatch.setattr(real_datetime, "datetime", NoClockDateTime)
    from planner.model import Log, PlanSpec

    spec = PlanSpec("metatarsal-stress-fracture", real_datetime.date(2026, 1, 5), 30, "km")
    assert planner.build(spec, Log(), real_datetime.date(2026, 2, 20)).days
