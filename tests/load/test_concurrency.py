"""200 parallel writes at a live server, in one process (waitress) or three (`rtr serve
--workers 3`): every acknowledged write is stored exactly once, no 5xx."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from tests.load import server

DAYS = [date(2025, 3, 1) + timedelta(days=i) for i in range(20)]  # onset to today
GREEN = [date(2025, 3, 8) + timedelta(days=i) for i in range(5)]  # seeded reports, pain 0


@pytest.fixture(params=["waitress", "rtr"])
def live(request, database_url, tmp_path):
    """A server on a free loopback port, over a seeded database."""
    token, plan, keys = server.seed(database_url)
    server.write_app(tmp_path, database_url)
    port = server.free_port()
    process = server.start(tmp_path, port, request.param, workers=3)
    yield port, token, plan, keys
    server.stop(process)


def writes(plan: int, keys: dict) -> list[tuple[str, dict]]:
    """200 writes where each distinct one is sent twice: completions and reports."""
    distinct = []
    for day in DAYS:
        for key in keys[day.isoformat()][:8]:
            distinct.append(("completions", {"date": day.isoformat(), "item": key}))
        if day not in GREEN:  # a note alone leaves the plan (and so each day's items) as it was
            distinct.append(("reports", {"date": day.isoformat(), "note": f"load {day}"}))
    distinct = distinct[:100]
    return [(f"/api/v1/plans/{plan}/{kind}", body) for kind, body in distinct * 2]


def test_200_parallel_writes_are_each_stored_once(live):
    port, token, plan, keys = live
    load = writes(plan, keys)
    assert len(load) == 200
    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(lambda w: server.request(port, "POST", w[0], w[1], token), load))
    statuses = [status for status, _ in results]
    assert all(status < 500 for status in statuses), statuses
    assert all(status in (200, 201) for status in statuses), [r for r in results if r[0] > 201]
    completions = [body for path, body in load if path.endswith("completions")]
    created = sum(
        status == 201
        for (path, _), (status, _) in zip(load, results, strict=True)
        if path.endswith("completions")
    )
    assert created == len(completions) // 2  # each distinct check-off created exactly once
    stored = server.request(port, "GET", f"/api/v1/plans/{plan}/log", token=token)[1]
    stored_completions = [(c["date"], c["item"]) for c in stored["completions"]]
    assert sorted(stored_completions) == sorted({(c["date"], c["item"]) for c in completions})
    reports = {body["date"]: body["note"] for path, body in load if path.endswith("reports")}
    assert len(reports) == sum(path.endswith("reports") for path, _ in load) // 2
    assert {r["date"]: r["note"] for r in stored["reports"]} == {
        **{d.isoformat(): "" for d in GREEN},
        **reports,
    }
