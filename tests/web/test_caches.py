"""Versions and caches: every write bumps the plan's log version, no stale build is ever served,
and a feed poll that matches is answered from the stored render, without building anything."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from planner.protocol import RED_FLAGS
from tests.api.conftest import Api, issue_token
from tests.planner.properties import PROPERTY
from tests.web.conftest import import_log
from tests.web.test_coach import coach_signup, managed_athlete, managed_plan
from tests.web.test_feeds import subscribe
from tests.web.test_today import RED_RUN, engine_plan
from web import cache, create_app
from web.cache import keys

TODAY = "2025-03-20"


def versions(app, plan_id: int) -> tuple[int, int]:
    """Return the plan's (log_version, calendar_version) as stored."""
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        row = session().get(PlanRow, plan_id)
        return row.log_version, row.calendar_version


def first_item(app, plan_id: int) -> str:
    return engine_plan(app, plan_id).day_on(date(2025, 3, 20)).items[0].key


def tick(client, plan_id, item, done="1"):
    return client.post(f"/plans/{plan_id}/done", data={"date": TODAY, "item": item, "done": done})


def upload(client, plan_id, log: dict):
    return import_log(client, plan_id, log)


REPORT = {"date": "2025-03-19", "pain_rest": 2}
WRITES = {  # name: (setup or None, the write), each given (client, api, plan id, an item key)
    "report form": (None, lambda c, a, p, i: c.post(f"/plans/{p}/report", data=RED_RUN)),
    "tick": (None, lambda c, a, p, i: tick(c, p, i)),
    "untick": (lambda c, a, p, i: tick(c, p, i), lambda c, a, p, i: tick(c, p, i, done="0")),
    "settings": (
        None,
        lambda c, a, p, i: c.post(f"/plans/{p}/settings", data={"calendar_time": "07:00"}),
    ),
    "settings clearance": (
        None,
        lambda c, a, p, i: c.post(
            f"/plans/{p}/settings", data={"clearance": "2025-03-15", "clearance_note": "Dr Lee"}
        ),
    ),
    "log import": (None, lambda c, a, p, i: upload(c, p, {"reports": [REPORT]})),
    "api report": (None, lambda c, a, p, i: a.post(f"/plans/{p}/reports", json=REPORT)),
    "api report delete": (
        lambda c, a, p, i: a.post(f"/plans/{p}/reports", json=REPORT),
        lambda c, a, p, i: a.delete(f"/plans/{p}/reports/2025-03-19"),
    ),
    "api completion": (
        None,
        lambda c, a, p, i: a.post(f"/plans/{p}/completions", json={"date": TODAY, "item": i}),
    ),
    "api completion delete": (
        lambda c, a, p, i: a.post(f"/plans/{p}/completions", json={"date": TODAY, "item": i}),
        lambda c, a, p, i: a.delete(f"/plans/{p}/completions/{TODAY}/{i}"),
    ),
    "api log import": (
        None,
        lambda c, a, p, i: a.put(f"/plans/{p}/log", json={"reports": [REPORT]}),
    ),
    "api settings": (
        None,
        lambda c, a, p, i: a.patch(f"/plans/{p}", json={"calendar_time": "07:30"}),
    ),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_every_write_bumps_the_log_version_once(app, client, walk_run_plan, name):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    item = first_item(app, walk_run_plan)
    setup, write = WRITES[name]
    if setup is not None:
        assert setup(client, api, walk_run_plan, item).status_code < 400
    before, _ = versions(app, walk_run_plan)
    assert write(client, api, walk_run_plan, item).status_code < 400
    assert versions(app, walk_run_plan)[0] == before + 1


def test_a_coach_editing_a_plan_bumps_its_log_version(app, client):
    coach_signup(client)
    athlete = managed_athlete(client)
    plan = managed_plan(app, athlete)
    before, _ = versions(app, plan)
    response = client.post(
        f"/plans/{plan}/settings",
        data={"baseline": "40", "runs_per_week": "3", "run_days": ["0", "2", "4"]},
    )
    assert response.status_code == 302
    assert versions(app, plan)[0] == before + 1


def test_a_refused_write_changes_no_version(app, client, walk_run_plan):
    before = versions(app, walk_run_plan)
    assert (
        client.post(
            f"/plans/{walk_run_plan}/report", data={**RED_RUN, "pain_rest": "11"}
        ).status_code
        == 400
    )
    assert versions(app, walk_run_plan) == before


def test_concurrent_bumps_are_never_lost(app, walk_run_plan):
    from web import store

    before, _ = versions(app, walk_run_plan)
    with app.test_request_context():
        from web.core.db import session
        from web.store.models import PlanRow

        stale = session().get(PlanRow, walk_run_plan)  # read before the others write
        for _ in range(3):
            with app.test_request_context():
                store.logs.set_done(walk_run_plan, date(2025, 3, 20), "x", True)
        store.plans.update_settings(stale, clearance=None, calendar_time=None)
        assert stale.log_version == before + 4  # the row now holds the stored number
    assert versions(app, walk_run_plan)[0] == before + 4


def test_a_write_is_seen_by_the_next_read_not_a_cached_build(app, client, walk_run_plan):
    today = f"/plans/{walk_run_plan}/today"
    assert "What changed today" not in client.get(today).get_data(as_text=True)
    plans = app.extensions["rtr.caches"]["plans"]
    cached = len(plans)
    assert cached >= 1 and client.get(today).status_code == 200
    assert len(plans) == cached  # the second read was served from the cache
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    html = client.get(today).get_data(as_text=True)
    change = engine_plan(app, walk_run_plan).decisions_on(date(2025, 3, 20))[0]
    assert "What changed today" in html and change.message.split("'")[0] in html


def test_a_write_from_another_process_is_seen_at_once(app, client, walk_run_plan):
    other = twin(app)
    api = Api(other.test_client(), issue_token(other, "runner@example.com"))
    path = f"/plans/{walk_run_plan}/plan"
    assert client.get(f"/plans/{walk_run_plan}/today").status_code == 200  # app caches a build
    before = api.get(path).get_json()  # so does the other
    assert client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN).status_code == 302
    after = api.get(path).get_json()
    assert not any(d["date"] == TODAY for d in before["decisions"])
    assert any(d["date"] == TODAY for d in after["decisions"])
    other.extensions["rtr.engine"].dispose()


def twin(app, **config):
    """Return a second app on the same database and secret: another process of the same site,
    as far as caches go (with `config` on top)."""
    from tests.conftest import fixed_clock

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "CLOCK": fixed_clock(),
            "DATABASE_URL": app.config["DATABASE_URL"],
            "WTF_CSRF_ENABLED": False,
            **config,
        }
    )


def test_a_matching_poll_gets_304_without_building_or_rendering(app, client, plan_id, monkeypatch):
    path = subscribe(client, plan_id)
    first = app.test_client().get(path)
    from web.services import builds, calendar_feed

    def refuse(*_args, **_kwargs):
        raise AssertionError("the 304 must not build or render")

    monkeypatch.setattr(builds, "built", refuse)
    monkeypatch.setattr(builds, "build_state", refuse)
    monkeypatch.setattr(calendar_feed, "render", refuse)
    poller = twin(app).test_client()  # no cache of its own: only the stored render helps it
    for headers in (
        {"If-None-Match": first.headers["ETag"]},
        {"If-Modified-Since": first.headers["Last-Modified"]},
    ):
        response = poller.get(path, headers=headers)
        assert response.status_code == 304 and response.data == b""
        assert response.headers["ETag"] == first.headers["ETag"]
    poller.application.extensions["rtr.engine"].dispose()


def test_a_repeated_full_get_is_served_from_the_rendered_copy(app, client, plan_id, monkeypatch):
    path = subscribe(client, plan_id)
    first = app.test_client().get(path)
    from web.services import calendar_feed

    monkeypatch.setattr(calendar_feed, "render", lambda *_: pytest.fail("rendered again"))
    again = app.test_client().get(path)
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]


def test_another_process_serves_the_stored_body_after_a_write_without_rendering_again(
    app, client, walk_run_plan, monkeypatch
):
    path = subscribe(client, walk_run_plan)
    other = twin(app)
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    mine = app.test_client().get(path)  # one process renders the new state and stores it
    from web.services import calendar_feed

    monkeypatch.setattr(calendar_feed, "render", lambda *_: pytest.fail("rendered again"))
    theirs = other.test_client().get(path)
    assert theirs.status_code == 200 and theirs.data == mine.data
    assert theirs.headers["ETag"] == mine.headers["ETag"]
    assert theirs.headers["Last-Modified"] == mine.headers["Last-Modified"]
    other.extensions["rtr.engine"].dispose()


def test_a_report_changes_the_etag_and_the_old_one_gets_the_new_body(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    before = client.get(path)
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    after = client.get(path, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.data != before.data
    assert after.headers["ETag"] != before.headers["ETag"]
    assert client.get(path, headers={"If-None-Match": after.headers["ETag"]}).status_code == 304


def test_two_processes_give_the_same_etag_and_bytes_for_one_state(app, client, walk_run_plan):
    path = subscribe(client, walk_run_plan)
    other = twin(app)
    mine, theirs = app.test_client().get(path), other.test_client().get(path)
    assert mine.headers["ETag"] == theirs.headers["ETag"] and mine.data == theirs.data
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    theirs = other.test_client().get(path)  # the other process renders the new state first
    mine = app.test_client().get(path)
    assert mine.headers["ETag"] == theirs.headers["ETag"] and mine.data == theirs.data
    assert mine.headers["Last-Modified"] == theirs.headers["Last-Modified"]
    other.extensions["rtr.engine"].dispose()


def test_a_render_through_another_address_keeps_the_feed_key(app, client, plan_id):
    path = subscribe(client, plan_id)
    first = app.test_client().get(path)
    # The feed takes no address from the request (web/core/hosts.py): the same bytes, the same
    # revisions, and the first ETag still matches.
    app.test_client().get(path, base_url="https://elsewhere.example")
    again = app.test_client().get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == first.headers["ETag"]
    _, calendar_version = versions(app, plan_id)
    assert calendar_version == 1


def test_the_coach_dashboard_builds_each_plan_once_then_serves_its_rows_from_cache(
    app, client, monkeypatch
):
    from tests.web.test_roster import seed_roster
    from web.services import builds

    coach_signup(client)
    seed_roster(app, "coach@example.com", 4)
    calls = []
    real = builds.built
    monkeypatch.setattr(builds, "built", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = client.get("/coach/").get_data(as_text=True)
    assert len(calls) == 4
    assert client.get("/coach/").get_data(as_text=True) == first and len(calls) == 4
    with app.test_request_context():
        assert len(cache.snapshots()) == 4


def test_the_caches_forget_the_least_recently_used_entry():
    lru = cache.LRU(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3
    assert lru.get_or_make("d", lambda: 4) == 4 and len(lru) == 2


def test_the_build_after_a_report_resumes_from_the_plans_checkpoints_and_equals_a_full_build(
    app, client, walk_run_plan, monkeypatch
):
    from planner import build, checkpoints
    from web.core.db import session
    from web.store import logs, plans
    from web.store.models import PlanRow

    today = f"/plans/{walk_run_plan}/today"
    assert client.get(today).status_code == 200
    assert len(app.extensions["rtr.caches"]["checkpoints"]) == 1  # the first build kept them
    resumed = []
    restore = checkpoints.restore
    monkeypatch.setattr(
        checkpoints, "restore", lambda found, b: (resumed.append(found.day), restore(found, b))
    )
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert client.get(today).status_code == 200
    assert resumed, "the rebuild after the report started from a checkpoint"
    with app.test_request_context():
        row = session().get(PlanRow, walk_run_plan)
        from_day_one = build(plans.spec_of(row), logs.load_log(row), date(2025, 3, 20))
    assert engine_plan(app, walk_run_plan) == from_day_one


# Each example sends reports to one plan that keeps what the examples before it sent.
ONE_PLAN = settings(
    PROPERTY,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SCORE = st.one_of(st.just(""), st.integers(0, 10).map(str))
REPORTS = st.lists(
    st.fixed_dictionaries(
        {name: SCORE for name in ("pain_rest", "pain_walking", "pain_running", "pain_morning")},
        optional={
            "date": st.sampled_from([TODAY, "2025-03-19", "2025-03-17", "2025-03-01"]),
            "flags": st.lists(st.sampled_from(sorted(RED_FLAGS)), max_size=2, unique=True),
            "note": st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        },
    ),
    min_size=1,
    max_size=3,
)


@ONE_PLAN
@given(reports=REPORTS)
def test_the_build_after_a_report_from_the_kept_log_equals_one_from_the_stored_log(
    app, client, walk_run_plan, reports
):
    """The report page builds the plan after its write from the log of the page before with
    the report put in (no log loaded): that log is the stored one, and so is the plan."""
    from planner import build
    from web.core.db import engines, session
    from web.services import builds
    from web.store import logs, plans
    from web.store.models import PlanRow

    sent: list[str] = []
    for form in reports:
        assert client.get(f"/plans/{walk_run_plan}/today").status_code == 200  # keeps a build
        sent.clear()
        with listening(engines(app), sent):
            answer = client.post(
                f"/plans/{walk_run_plan}/report", data={**form, "confirm": "red_flag"}
            )
        assert answer.status_code in (302, 400), answer.get_data(as_text=True)
        if answer.status_code == 302:
            assert not [s for s in sent if "FROM completions" in s]  # the log was not loaded
        with app.test_request_context():
            row = session().get(PlanRow, walk_run_plan)
            kept = cache.plans().get(keys.plan_key(row, date(2025, 3, 20)))
            stored = logs.load_log(row)
            assert kept is not None and kept[0] == stored
            assert kept[1] == build(plans.spec_of(row), stored, date(2025, 3, 20))
            assert builds.build_state(row, "UTC").plan == kept[1]


@contextmanager
def listening(engines, sent: list[str]):
    """Note every statement the engines send meanwhile."""

    def note(_connection, _cursor, statement, *_args):
        sent.append(statement)

    for engine in engines:
        event.listen(engine, "before_cursor_execute", note)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", note)


def test_a_build_after_a_write_is_not_made_from_a_kept_log_when_another_write_came_between(
    app, walk_run_plan
):
    """Two versions on from the kept build, the write was not the only one: nothing is kept
    from that log; one version on, the change is applied to it."""
    from planner.model import Report
    from planner.reports import with_report
    from web.core.db import session
    from web.services import builds
    from web.store.models import PlanRow

    today = date(2025, 3, 20)
    with app.test_request_context():
        before = session().get(PlanRow, walk_run_plan)
        builds.build_state(before, "UTC", today)
        one, two = (moved_on(before, n) for n in (1, 2))
        report = Report(today, pain_running=6)
        builds.build_after_own_write(before, two, today, lambda log: with_report(log, report))
        assert cache.plans().get(keys.plan_key(two, today)) is None
        builds.build_after_own_write(before, one, today, lambda log: with_report(log, report))
        log, _ = cache.plans().get(keys.plan_key(one, today))
        assert log.reports[-1] == report


def moved_on(row, versions: int):
    """A copy of a plan's row as read `versions` log versions later."""
    from web.store.models import PlanRow

    copy = PlanRow(**{c.name: getattr(row, c.name) for c in PlanRow.__table__.c})
    copy.log_version = row.log_version + versions
    return copy


def test_a_report_with_another_write_before_its_own_loads_the_log_again(
    app, client, walk_run_plan, monkeypatch
):
    """Another process ticks an item after the report read the plan, before it writes: the
    report is not the one write since the kept build, so the log is read from the database,
    and the build holds the tick."""
    from web.core.db import engines, session
    from web.services import plan_changes
    from web.store import logs
    from web.store.models import PlanRow

    today = date(2025, 3, 20)
    assert client.get(f"/plans/{walk_run_plan}/today").status_code == 200  # keeps a build
    item = first_item(app, walk_run_plan)
    other, checked = twin(app), plan_changes.new_flags

    def tick_elsewhere_first(plan_id, report):
        with other.test_request_context():
            logs.set_done(plan_id, today, item, True)
        return checked(plan_id, report)

    monkeypatch.setattr(plan_changes, "new_flags", tick_elsewhere_first)
    sent: list[str] = []
    with listening(engines(app), sent):
        answer = client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert answer.status_code == 302
    assert [s for s in sent if "FROM completions" in s]  # the log was read again
    with app.test_request_context():
        row = session().get(PlanRow, walk_run_plan)
        log, _ = cache.plans().get(keys.plan_key(row, today))
        assert log == logs.load_log(row) and (today, item) in {
            (c.date, c.item) for c in log.completions
        }
    other.extensions["rtr.engine"].dispose()
