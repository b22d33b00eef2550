"""Many writes at once: every acknowledged report is stored, same-day reports collapse to one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from tests.web.conftest import AuthActions, log_counts


def logged_in(app):
    client = app.test_client()
    AuthActions(client).login()
    return client


def test_concurrent_reports_are_all_stored_without_server_errors(app, plan_id):
    days = [(date(2025, 3, 1) + timedelta(days=i)).isoformat() for i in range(20)]
    jobs = [(day, str(i % 11)) for i, day in enumerate(days)] + [("2025-03-20", "3")] * 10

    def send(job):
        day, pain = job
        return logged_in(app).post(f"/plans/{plan_id}/report",
                                   data={"date": day, "pain_rest": pain}).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, jobs))
    assert statuses == [302] * len(jobs)
    assert log_counts(app, plan_id) == (20, 0)


def test_concurrent_check_offs_of_one_item_store_it_once(app, plan_id):
    form = {"date": "2025-03-20", "item": "walk", "done": "1"}
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(
            lambda _: logged_in(app).post(f"/plans/{plan_id}/done", data=form).status_code,
            range(12)))
    assert statuses == [302] * 12
    assert log_counts(app, plan_id) == (0, 1)
