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

    # Each writer logs in first: log-ins at once from one address count against its limit
    # while in flight (web.auth.login_limits), and this test is about the writes.
    clients = [logged_in(app) for _ in jobs]

    def send(numbered):
        client, (day, pain) = numbered
        return client.post(
            f"/plans/{plan_id}/report", data={"date": day, "pain_rest": pain}
        ).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, zip(clients, jobs, strict=True)))
    assert statuses == [302] * len(jobs)
    assert log_counts(app, plan_id) == (20, 0)


def test_concurrent_check_offs_of_one_item_store_it_once(app, plan_id):
    form = {"date": "2025-03-20", "item": "walk", "done": "1"}
    clients = [logged_in(app) for _ in range(12)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(
                lambda client: client.post(f"/plans/{plan_id}/done", data=form).status_code, clients
            )
        )
    assert statuses == [302] * 12
    assert log_counts(app, plan_id) == (0, 1)
