"""Too large for the site (MAX_CONTENT_LENGTH): a form is told to send less, not to choose a
smaller file it never sent, and the API's 413 states the limit."""

from __future__ import annotations

from tests.api.conftest import issue_token


def test_a_form_over_the_limit_asks_for_less_text_and_names_the_limit(app, client, plan_id):
    app.config["MAX_CONTENT_LENGTH"] = 1000  # small, so the test client keeps it in memory
    form = {"date": "2025-03-20", "pain_rest": "1", "note": "x" * 2000}
    response = client.post(f"/plans/{plan_id}/report", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "What you sent is too large" in page and "1 kB at most" in page
    assert "shorten" in page and "file" not in page.split("<main", 1)[1]


def test_an_api_body_over_the_limit_is_a_413_that_states_the_limit(app, plan_id):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    headers = {"Authorization": f"Bearer {issue_token(app, 'runner@example.com')}"}
    response = app.test_client().post(
        f"/api/v1/plans/{plan_id}/reports", json={"note": "x" * 2000}, headers=headers
    )
    assert response.status_code == 413
    assert "at most 1000 bytes" in response.get_json()["error"]["message"]
