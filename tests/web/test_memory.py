"""Garbage collection once the app is built (web/core/memory.py): each case runs in a fresh
interpreter, since freezing and thresholds are process-wide."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from web.core.memory import THRESHOLDS

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import gc, json, sys
from web import create_app
before = gc.get_threshold()
config = {{"SECRET_KEY": "s", "DATABASE_URL": "sqlite:///{db}", **json.loads(sys.argv[1])}}
app = create_app(config)
after = gc.get_threshold()
print(json.dumps({{"before": before, "threshold": after, "frozen": gc.get_freeze_count()}}))
"""


def built(tmp_path: Path, **config: object) -> dict:
    code = PROBE.format(db=tmp_path / "m.sqlite")
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_serving_app_freezes_start_up_and_raises_the_thresholds(tmp_path):
    state = built(tmp_path)
    assert tuple(state["threshold"]) == THRESHOLDS
    assert state["frozen"] > 10_000  # modules, templates and metadata: out of every collection


def test_a_testing_app_leaves_collection_as_it_was(tmp_path):
    state = built(tmp_path, TESTING=True)
    assert state["threshold"] == state["before"]
    assert state["frozen"] == 0


def test_the_tuning_can_be_turned_off(tmp_path):
    assert built(tmp_path, GC_TUNING=False)["frozen"] == 0
