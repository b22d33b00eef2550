"""Today: items to tick, the pain report, and the decisions that changed the plan."""

from __future__ import annotations


def test_today_shows_the_days_items_and_the_disclaimer(client, plan_id):
    page = client.get(f"/plans/{plan_id}/today")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "This is not medical advice or a diagnosis" in html
    assert "How to do it" in html
    assert "Thursday 20 March 2025" in html


def test_root_redirects_a_runner_to_their_latest_plan(client, plan_id):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan_id}/today")
