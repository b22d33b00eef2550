"""A coach reads an athlete's log but only the runner writes it, unless the coach manages them."""

from __future__ import annotations

import io
import json

from tests.api.conftest import Api, issue_token
from tests.web.conftest import import_log, log_counts

REPORT = {"pain_rest": "1", "pain_morning": "2"}
TICK = {"date": "2025-03-20", "item": "walk", "done": "1"}
LOG = {"reports": [{"date": "2025-03-19", "pain_rest": 0}], "completions": []}


def upload(log: dict) -> dict:
    return {"file": (io.BytesIO(json.dumps(log).encode()), "log.json")}


def test_a_coach_reads_an_athletes_log_but_cannot_write_it(app, coached):
    coach, plan, _ = coached
    assert coach.get(f"/plans/{plan}/today").status_code == 200
    assert coach.get(f"/plans/{plan}/export.json").status_code == 200
    assert coach.post(f"/plans/{plan}/report", data=REPORT).status_code == 403
    assert coach.post(f"/plans/{plan}/done", data=TICK).status_code == 403
    assert coach.post(f"/plans/{plan}/import", data=upload(LOG)).status_code == 403
    assert log_counts(app, plan) == (0, 0)


def test_a_coach_writes_the_log_of_a_managed_athlete(app, coached):
    coach, _, managed = coached
    assert coach.post(f"/plans/{managed}/report", data=REPORT).status_code == 302
    assert coach.post(f"/plans/{managed}/done", data=TICK).status_code == 302
    assert log_counts(app, managed) == (1, 1)
    assert import_log(coach, managed, LOG).status_code == 302
    assert log_counts(app, managed) == (2, 1)  # the import adds a day; nothing is deleted


def test_a_coach_still_edits_plan_settings_and_leaves_notes(app, coached):
    coach, plan, _ = coached
    edit = coach.post(f"/plans/{plan}/settings", data={"baseline": "40", "runs_per_week": "3"})
    note = coach.post(f"/coach/plans/{plan}/notes", data={"date": "2025-03-20", "text": "Easy"})
    assert (edit.status_code, note.status_code) == (302, 302)


def test_a_coachs_api_token_reads_but_cannot_write_or_delete_an_athletes_plan(app, coached):
    _, plan, _ = coached
    api = Api(app.test_client(), issue_token(app, "coach@example.com"))
    assert api.get(f"/plans/{plan}/log").status_code == 200
    assert api.get(f"/plans/{plan}/plan").status_code == 200
    writes = [
        api.post(f"/plans/{plan}/reports", json={"date": "2025-03-20", "pain_rest": 1}),
        api.post(f"/plans/{plan}/completions", json={"date": "2025-03-20", "item": "walk"}),
        api.delete(f"/plans/{plan}/completions/2025-03-20/walk"),
        api.delete(f"/plans/{plan}/reports/2025-03-20"),
        api.put(f"/plans/{plan}/log", json=LOG),
        api.delete(f"/plans/{plan}"),
    ]
    assert [r.status_code for r in writes] == [403] * len(writes)
    assert writes[0].json["error"]["message"]
    assert log_counts(app, plan) == (0, 0)
    assert api.get(f"/plans/{plan}").status_code == 200  # not deleted


def test_a_coachs_api_token_writes_for_a_managed_athlete(app, coached):
    _, _, managed = coached
    api = Api(app.test_client(), issue_token(app, "coach@example.com"))
    response = api.post(f"/plans/{managed}/reports", json={"date": "2025-03-20", "pain_rest": 1})
    assert response.status_code == 200
    assert api.delete(f"/plans/{managed}").status_code == 204


def test_a_reading_coach_sees_no_forms_they_may_not_use(app, coached):
    coach, plan, managed = coached
    today = coach.get(f"/plans/{plan}/today").get_data(as_text=True)
    assert f'action="/plans/{plan}/report' not in today
    assert f'action="/plans/{plan}/done"' not in today
    assert "only they tick items off and report pain" in today
    assert 'href="#report"' not in today  # no way to a form that is not there
    assert "Subscribe" not in today
    assert "← Runner</a> · you are looking at your athlete's plan" in today
    day = coach.get(f"/plans/{plan}/days/2025-03-19").get_data(as_text=True)
    assert "/report" not in day.split("<main")[1] and "/done" not in day
    exports = coach.get(f"/plans/{plan}/import")
    assert exports.status_code == 200
    assert "Download JSON" in exports.get_data(as_text=True)
    assert "Import a log" not in exports.get_data(as_text=True)
    own = coach.get(f"/plans/{managed}/today").get_data(as_text=True)
    assert f'action="/plans/{managed}/report' in own and f'action="/plans/{managed}/done"' in own
    assert "Import a log" in coach.get(f"/plans/{managed}/import").get_data(as_text=True)


def test_the_runner_still_sees_every_form_and_the_subscribe_link(app, client, auth, plan_id):
    today = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert f'action="/plans/{plan_id}/report' in today and "Subscribe" in today
    assert f'action="/plans/{plan_id}/done"' in today
    assert "your athlete's plan" not in today
