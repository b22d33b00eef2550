"""One account cannot stall everyone's writes: a log upload is bounded, every tick must name an
item of its day, and all of it is checked before the write lock is taken."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, text

from tests.web.conftest import confirm_preview, log_counts, upload_log
from web.forms import bodies

UNKNOWN = [{"date": "2025-03-19", "item": f"moonwalk-{i}"} for i in range(5_000)]


def test_unknown_item_keys_are_refused_naming_the_first_and_nothing_is_stored(app, api, plan_id):
    response = api.put(f"/plans/{plan_id}/log", json={"completions": UNKNOWN})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "completions[0].item"
    assert "'moonwalk-0' is not an item of the plan on 2025-03-19" in error["message"]
    assert log_counts(app, plan_id) == (0, 0)


def test_a_known_item_with_an_unknown_one_is_refused_too(app, api, walk_run_plan):
    today = next(
        d
        for d in api.get(f"/plans/{walk_run_plan}/plan").get_json()["days"]
        if d["date"] == "2025-03-20"
    )
    ticks = [
        {"date": "2025-03-20", "item": today["items"][0]["key"]},
        {"date": "2025-03-20", "item": "moonwalk"},
    ]
    response = api.put(f"/plans/{walk_run_plan}/log", json={"completions": ticks})
    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == "completions[1].item"
    assert (
        api.put(f"/plans/{walk_run_plan}/log", json={"completions": ticks[:1]}).status_code == 200
    )
    assert log_counts(app, walk_run_plan)[1] == 1


def test_an_upload_of_42000_ticks_is_refused_by_its_size_alone(app, api, plan_id):
    ticks = [{"date": "2025-03-19", "item": f"x{i}"} for i in range(42_000)]
    response = api.put(f"/plans/{plan_id}/log", json={"completions": ticks})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["field"] == "completions"
    assert "at most 10000 completions in one upload (this one has 42000)" in error["message"]


FOUR_REPORTS = {"reports": [{"date": f"2025-03-{d:02d}", "pain_rest": 1} for d in range(10, 14)]}


@pytest.mark.parametrize(
    ("setting", "value", "upload", "field"),
    [
        ("MAX_REPORTS_PER_REQUEST", 3, FOUR_REPORTS, "reports"),
        ("MAX_REPORTS_PER_PLAN", 3, FOUR_REPORTS, "reports"),
        (
            "MAX_COMPLETIONS_PER_REQUEST",
            0,
            {"completions": [{"date": "2025-03-20", "item": "walk"}]},
            "completions",
        ),
        (
            "MAX_COMPLETIONS_PER_PLAN",
            0,
            {"completions": [{"date": "2025-03-20", "item": "walk"}]},
            "completions",
        ),
    ],
)
def test_the_bounds_are_named_settings(app, api, plan_id, setting, value, upload, field):
    app.config[setting] = value
    response = api.put(f"/plans/{plan_id}/log", json=upload)
    assert response.status_code == 422 and response.get_json()["error"]["field"] == field
    assert log_counts(app, plan_id) == (0, 0)


def writer_is_free(app, database_url: str, plan_id: int) -> bool:
    """Can another connection take the write lock (SQLite) or the plan's row (PostgreSQL) now?"""
    if database_url.startswith("sqlite"):
        other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError:
            return False
        finally:
            other.close()
    engine = create_engine(database_url)
    try:
        with engine.connect() as other:
            other.execute(text("SET lock_timeout = '50ms'"))
            other.execute(text("SELECT id FROM plans WHERE id = :id FOR UPDATE"), {"id": plan_id})
            return True
    except Exception:  # noqa: BLE001 - a lock timeout is the answer "not free"
        return False
    finally:
        engine.dispose()


@pytest.fixture
def spy(app, database_url, plan_id, monkeypatch):
    """Look at the write lock while the upload is being read and checked."""
    seen: list[bool] = []
    real = bodies.log_from_dict

    def reading(data, **kwargs):
        seen.append(writer_is_free(app, database_url, plan_id))
        return real(data, **kwargs)

    monkeypatch.setattr(bodies, "log_from_dict", reading)
    return seen


def test_the_api_checks_an_upload_before_it_takes_the_write_lock(app, api, plan_id, spy):
    log = {"reports": [{"date": "2025-03-19", "pain_rest": 1}]}
    assert api.put(f"/plans/{plan_id}/log", json=log).status_code == 200
    assert spy == [True]
    assert log_counts(app, plan_id) == (1, 0)


def test_the_web_import_checks_the_file_before_it_takes_the_write_lock(app, client, plan_id, spy):
    preview = upload_log(client, plan_id, {"reports": [{"date": "2025-03-19", "pain_rest": 1}]})
    assert confirm_preview(client, plan_id, preview).status_code == 302
    assert spy == [True, True]  # the preview, then the confirmation
    assert log_counts(app, plan_id) == (1, 0)


def test_the_web_import_refuses_unknown_item_keys(app, client, plan_id):
    response = upload_log(client, plan_id, {"completions": UNKNOWN[:3]})
    assert response.status_code == 400
    assert "Check-off 1, item:" in response.get_data(as_text=True)
    assert log_counts(app, plan_id) == (0, 0)


def test_clearances_one_at_a_time_are_bounded_too(app, api, plan_id):
    app.config["MAX_REPORTS_PER_PLAN"] = 2
    for note in ("Dr A", "Dr B"):
        assert (
            api.post(
                f"/plans/{plan_id}/clearances", json={"date": "2025-03-19", "note": note}
            ).status_code
            == 201
        )
    response = api.post(f"/plans/{plan_id}/clearances", json={"date": "2025-03-19", "note": "C"})
    assert response.status_code == 422 and response.get_json()["error"]["field"] == "clearances"
    assert len(api.get(f"/plans/{plan_id}/log").get_json()["clearances"]) == 2
