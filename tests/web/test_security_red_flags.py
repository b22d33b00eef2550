"""A red flag, once reported, stays: re-saving the same day corrects pains but keeps flags."""

from __future__ import annotations

from datetime import date

from tests.api.conftest import Api, issue_token
from web import store


def flags_on(app, plan_id: int, when: date) -> set[str]:
    from web.db import session
    from web.models import PlanRow

    with app.test_request_context():
        log = store.load_log(session().get(PlanRow, plan_id))
        return {f for r in log.reports if r.date == when for f in r.flags}


def pains_on(app, plan_id: int, when: date) -> int | None:
    from web.db import session
    from web.models import PlanRow

    with app.test_request_context():
        log = store.load_log(session().get(PlanRow, plan_id))
        return next(r.pain_rest for r in log.reports if r.date == when)


def test_resaving_the_day_without_the_flag_keeps_the_red_flag(app, client, plan_id):
    url = f"/plans/{plan_id}/report"
    client.post(url, data={"pain_rest": "6", "flags": ["night_pain"]})
    client.post(url, data={"pain_rest": "2", "flags": ["snap_or_pop"]})
    assert client.post(url, data={"pain_rest": "1"}).status_code == 302
    assert flags_on(app, plan_id, date(2025, 3, 20)) == {"night_pain", "snap_or_pop"}
    assert pains_on(app, plan_id, date(2025, 3, 20)) == 1  # pains may be corrected


def test_the_api_keeps_the_red_flag_and_answers_with_it(app, plan_id):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    api.post(f"/plans/{plan_id}/reports", json={"date": "2025-03-19", "flags": ["night_pain"]})
    response = api.post(f"/plans/{plan_id}/reports", json={"date": "2025-03-19", "pain_rest": 0})
    assert response.json["flags"] == ["night_pain"]
    assert flags_on(app, plan_id, date(2025, 3, 19)) == {"night_pain"}
