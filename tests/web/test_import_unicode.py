"""A log whose JSON escapes a lone surrogate ("\\ud800": valid JSON, but no text) is refused,
naming the field, by the import page and the API alike: never a 500, and nothing stored."""

from __future__ import annotations

import pytest

from tests.api.conftest import issue_token
from tests.web.conftest import log_counts, upload_log

LONE = "\\ud800"  # as the JSON file has it: six characters, read as one lone surrogate
CASES = [
    ('{"reports":[{"date":"2025-03-19","S":1}]}', "reports[0]", "Report 1"),
    ('{"reports":[],"completions":[],"S":1}', "log", "log"),
    ('{"reports":[{"date":"2025-03-19S"}]}', "reports[0].date", "Report 1, date"),
    ('{"reports":[{"date":"2025-03-19","flags":["S"]}]}', "reports[0].flags", "Report 1, flags"),
    ('{"reports":[{"date":"2025-03-19","note":"S"}]}', "reports[0].note", "Report 1, note"),
    ('{"completions":[{"date":"2025-03-19","item":"x","S":1}]}', "completions[0]", "Check-off 1"),
    (
        '{"activities":[{"id":"a","date":"2025-03-19","sport":"run","moving_minutes":3,"S":1}]}',
        "activities[0]",
        "Watch activity 1",
    ),
    ('{"clearances":[{"date":"2025-03-19","note":"x","S":1}]}', "clearances[0]", "Clearance 1"),
    (
        '{"retractions":[{"date":"2025-03-19","flag":"S","reason":"x","recorded":"2025-03-19"}]}',
        "retractions[0].flag",
        "Red flag recorded as a mistake 1, flag",
    ),
    (
        '{"retractions":[{"date":"2025-03-19","flag":"night_pain","reason":"x","S":1}]}',
        "retractions[0]",
        "Red flag recorded as a mistake 1",
    ),
]


@pytest.mark.parametrize(("body", "field", "words"), CASES)
def test_the_import_page_refuses_a_lone_surrogate_naming_the_field(
    app, client, plan_id, body, field, words
):
    response = upload_log(client, plan_id, body.replace("S", LONE).encode())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"{words}: " in page and "not valid Unicode" in page
    assert log_counts(app, plan_id) == (0, 0)


@pytest.mark.parametrize(("body", "field", "words"), CASES)
def test_the_api_refuses_a_lone_surrogate_naming_the_same_field(app, plan_id, body, field, words):
    headers = {
        "Authorization": f"Bearer {issue_token(app, 'runner@example.com')}",
        "Content-Type": "application/json",
    }
    response = app.test_client().put(
        f"/api/v1/plans/{plan_id}/log", data=body.replace("S", LONE).encode(), headers=headers
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == field and "not valid Unicode" in error["message"]
    assert log_counts(app, plan_id) == (0, 0)


def test_a_pair_of_surrogates_is_one_character_and_is_imported(app, client, plan_id):
    body = '{"reports":[{"date":"2025-03-19","pain_rest":1,"note":"\\ud83c\\udfc3"}]}'
    response = upload_log(client, plan_id, body.encode())
    assert response.status_code == 200 and "Import these changes" in response.get_data(True)
