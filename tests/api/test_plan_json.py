"""The built plan's JSON is kept beside the build, by the same key: asked again it is not
written again, and a write that changes the plan gives new text at once."""

from __future__ import annotations

import pytest


@pytest.fixture
def writes(monkeypatch):
    """Count how often the plan's JSON is written from a build."""
    from web.api import plans

    counted: list[int] = []
    real = plans.plan_to_dict
    monkeypatch.setattr(plans, "plan_to_dict", lambda plan: counted.append(1) or real(plan))
    return counted


def test_the_plan_json_asked_again_is_the_kept_text(api, plan_id, writes):
    first = api.get(f"/plans/{plan_id}/plan")
    again = api.get(f"/plans/{plan_id}/plan")
    assert first.status_code == again.status_code == 200
    assert again.data == first.data and len(writes) == 1


def test_a_report_gives_the_plan_json_anew(api, plan_id, writes):
    before = api.get(f"/plans/{plan_id}/plan").get_json()
    report = {"date": "2025-03-20", "pain_running": 6, "pain_morning": 5}
    assert api.post(f"/plans/{plan_id}/reports", json=report).status_code == 200
    after = api.get(f"/plans/{plan_id}/plan").get_json()
    assert len(writes) == 2 and after["decisions"] != before["decisions"]
