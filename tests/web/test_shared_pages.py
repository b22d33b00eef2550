"""With SHARED_PAGES, the Today page a report leads to is rendered once, by the process that saved
the report, and kept in the database: another process serves it without loading the log,
building the plan or rendering, and only while it still shows what that process would render
(web.cache.page_cache)."""

from __future__ import annotations

import re
import time
import zlib
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.api.conftest import Api, issue_token
from tests.web.conftest import PASSWORD, add_plan, close
from tests.web.test_caches import twin
from tests.web.test_coach import coach_signup, invite_link, join
from tests.web.test_page_cache import renders
from tests.web.test_today import RED_RUN
from web import create_app, store
from web.cache import page_cache
from web.services import builds

TODAY = "2025-03-20"


def browser_of(other, client):
    """A test client of `other` holding `client`'s session: one browser, two processes."""
    browser = other.test_client()
    browser.set_cookie("session", client.get_cookie("session").value)
    return browser


def tokenless(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token"', page)


def kept_rows(app) -> list[tuple[int, str]]:
    """The kept pages in the database, as (plan, page)."""
    with app.extensions["rtr.engine"].connect() as connection:
        rows = connection.execute(text("SELECT plan_id, body FROM kept_pages")).all()
    return [(plan, zlib.decompress(body).decode("utf-8")) for plan, body in rows]


@pytest.fixture
def sharing(app):
    """The test's app with SHARED_PAGES on, and a second process of the same site."""
    app.config["SHARED_PAGES"] = True
    other = twin(app, SHARED_PAGES=True)
    yield app, other
    close(other)


def test_another_process_serves_the_page_a_report_led_to_without_building_or_rendering(
    sharing, client, walk_run_plan, monkeypatch
):
    app, other = sharing
    today = f"/plans/{walk_run_plan}/today?reported=1"
    assert client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN).status_code == 302
    mine = client.get(today).get_data(as_text=True)
    fresh = twin(app, SHARED_PAGES=False)  # what a process that keeps nothing renders
    rendered = browser_of(fresh, client).get(today).get_data(as_text=True)
    close(fresh)

    def refuse(*_args, **_kwargs):
        raise AssertionError("the kept page must be served as it is")

    monkeypatch.setattr(builds, "built", refuse)
    monkeypatch.setattr(builds, "build_state", refuse)
    with renders(other) as seen:
        theirs = browser_of(other, client).get(today)
    assert theirs.status_code == 200 and seen == []
    # The same page, but for the token: each process signs the session's own (at its time).
    assert tokenless(theirs.get_data(as_text=True)) == tokenless(mine) == tokenless(rendered)
    assert "Thanks — here is what changed" in mine


def test_the_kept_page_holds_a_hole_for_the_token_and_never_a_session_s_token(
    sharing, csrf_token_client, walk_run_plan, caplog
):
    app, _ = sharing
    client, token = csrf_token_client
    saved = client.post(f"/plans/{walk_run_plan}/report", data={**RED_RUN, "csrf_token": token})
    assert saved.status_code == 302, saved.get_data(as_text=True)
    rows = kept_rows(app)
    assert len(rows) == 1, caplog.text
    [(plan, body)] = rows
    with app.app_context():
        hole = page_cache.csrf_hole()
    secret = token.split(".")[0]  # the session's secret; a signature adds the second it was made
    assert plan == walk_run_plan and hole in body and secret not in body
    served = client.get(f"/plans/{walk_run_plan}/today?reported=1").get_data(as_text=True)
    assert hole not in served and f'name="csrf_token" value="{secret}.' in served


@pytest.fixture
def csrf_token_client(app, client, walk_run_plan):
    """The signed-in runner's client with CSRF checked, and their session's token."""
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    return client, page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_write_after_the_report_is_shown_by_the_other_process(sharing, client, walk_run_plan):
    app, other = sharing
    today = f"/plans/{walk_run_plan}/today?reported=1"
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    kept = browser_of(other, client).get(today).get_data(as_text=True)
    item = re.search(r'name="item" value="([^"]+)"', kept).group(1)
    assert 'aria-pressed="true"' not in kept
    watch = other.extensions.get("rtr.write_watch")  # PostgreSQL: the write notices heard
    before = watch.stamp() if watch is not None else None
    ticked = client.post(
        f"/plans/{walk_run_plan}/done",
        headers={"Accept": "application/json"},
        data={"date": TODAY, "item": item, "done": "1"},
    )
    assert ticked.get_json()["ok"] is True
    deadline = time.monotonic() + 5
    while watch is not None and watch.stamp() == before and time.monotonic() < deadline:
        time.sleep(0.005)  # the notice arrives a moment after the commit (web/cache/quiet_reads.py)
    with renders(other) as seen:
        page = browser_of(other, client).get(today)
    assert "today/show.html" in seen
    assert 'aria-pressed="true"' in page.get_data(as_text=True)


@pytest.fixture
def coached(app, client):
    """The client is a runner on a coach's roster with a plan: (the coach's client, the plan)."""
    coach = app.test_client()
    coach_signup(coach)
    join(client, invite_link(coach), "bo@example.com")
    return coach, add_plan(app, "bo@example.com")


def test_a_coach_looking_at_the_plan_gets_their_own_page_not_the_runner_s(sharing, client, coached):
    app, other = sharing
    coach, plan = coached
    client.get(f"/plans/{plan}/today")
    client.post(f"/plans/{plan}/report", data=RED_RUN)
    assert len(kept_rows(app)) == 1
    page = browser_of(other, coach).get(f"/plans/{plan}/today?reported=1").get_data(as_text=True)
    assert "only they tick items off and report pain" in page
    assert "How does it feel today?" not in page


def test_a_page_kept_by_another_release_is_rendered_anew(
    sharing, client, walk_run_plan, monkeypatch
):
    _, other = sharing
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    monkeypatch.setattr(page_cache, "code_stamp", lambda _root: "another release")
    with renders(other) as seen:
        browser_of(other, client).get(f"/plans/{walk_run_plan}/today?reported=1")
    assert "today/show.html" in seen


def test_the_code_stamp_changes_with_any_template_or_module_and_ignores_bytecode(tmp_path):
    for folder in page_cache.RENDERING_CODE:
        (tmp_path / folder / "__pycache__").mkdir(parents=True)
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    first = page_cache.code_stamp.__wrapped__(tmp_path)
    (tmp_path / "web" / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert page_cache.code_stamp.__wrapped__(tmp_path) == first
    page.write_text("<p>two</p>")
    second = page_cache.code_stamp.__wrapped__(tmp_path)
    (tmp_path / "planner" / "rules.py").write_text("")
    assert len({first, second, page_cache.code_stamp.__wrapped__(tmp_path)}) == 3


def test_the_hole_and_so_the_kept_page_s_name_depend_on_the_secret(app):
    other = twin(app, SECRET_KEY="another secret")
    with app.app_context():
        mine = page_cache.csrf_hole(), page_cache.shared_key(("a key",))
    with other.app_context():
        theirs = page_cache.csrf_hole(), page_cache.shared_key(("a key",))
    same = twin(app)
    with same.app_context():
        again = page_cache.csrf_hole(), page_cache.shared_key(("a key",))
    close(other)
    close(same)
    assert mine == again and mine[0] != theirs[0] and mine[1] != theirs[1]


def test_shared_pages_are_on_by_default_on_postgresql_only_and_off_keep_nothing(
    app, client, walk_run_plan, database_url
):
    assert app.config["SHARED_PAGES"] is database_url.startswith("postgresql")
    app.config["SHARED_PAGES"] = False
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert kept_rows(app) == []


def test_a_report_for_a_missed_day_keeps_no_page(sharing, client, walk_run_plan):
    app, _ = sharing
    missed = {**RED_RUN, "date": "2025-03-18"}
    assert client.post(f"/plans/{walk_run_plan}/report", data=missed).status_code == 302
    assert kept_rows(app) == []


def test_deleting_the_account_deletes_its_kept_pages(sharing, client, walk_run_plan):
    app, _ = sharing
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert len(kept_rows(app)) == 1
    deleted = client.post(
        "/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert deleted.status_code == 302 and kept_rows(app) == []


def test_the_code_stamp_covers_the_project_s_own_folders():
    root = Path(page_cache.ROOT)
    assert all(any((root / folder).rglob("*.*")) for folder in page_cache.RENDERING_CODE)


def test_a_page_kept_for_a_plan_deleted_meanwhile_is_dropped_quietly(app):
    with app.test_request_context():
        store.pages.keep(404, "0" * 64, "<p>a page</p>")
    assert kept_rows(app) == []


def test_the_token_another_process_fills_in_is_taken_by_the_first(
    sharing, csrf_token_client, walk_run_plan
):
    app, other = sharing
    other.config["WTF_CSRF_ENABLED"] = True
    client, token = csrf_token_client
    client.post(f"/plans/{walk_run_plan}/report", data={**RED_RUN, "csrf_token": token})
    with renders(other) as seen:
        page = browser_of(other, client).get(f"/plans/{walk_run_plan}/today?reported=1")
    filled = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert seen == [] and filled is not None
    again = client.post(
        f"/plans/{walk_run_plan}/report", data={**RED_RUN, "csrf_token": filled.group(1)}
    )
    assert again.status_code == 302


def test_deleting_a_plan_deletes_its_kept_page(sharing, client, walk_run_plan):
    app, _ = sharing
    client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert len(kept_rows(app)) == 1
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    assert api.delete(f"/plans/{walk_run_plan}").status_code == 204
    assert kept_rows(app) == []


def test_a_report_with_a_message_to_show_keeps_no_page_and_the_next_view_shows_it(
    sharing, client, walk_run_plan
):
    app, other = sharing
    report = f"/plans/{walk_run_plan}/report"
    client.post(report, data={**RED_RUN, "flags": ["snap_or_pop"], "confirm": "red_flag"})
    before = kept_rows(app)
    client.post(report, data=RED_RUN)  # the flag stays on the record: a message says so
    assert kept_rows(app) == before
    page = browser_of(other, client).get(f"/plans/{walk_run_plan}/today?reported=1")
    assert "stays on the record" in page.get_data(as_text=True)


def test_a_deleted_coach_s_notes_leave_the_kept_page(sharing, client, coached):
    app, other = sharing
    coach, plan = coached
    coach.post(f"/coach/plans/{plan}/notes", data={"date": TODAY, "text": "Easy on the hills"})
    client.post(f"/plans/{plan}/report", data=RED_RUN)
    today = f"/plans/{plan}/today?reported=1"
    assert "Easy on the hills" in browser_of(other, client).get(today).get_data(as_text=True)
    gone = coach.post(
        "/auth/account/delete", data={"delete_password": PASSWORD, "confirm": "delete"}
    )
    assert gone.status_code == 302
    for process_ in (app, other):
        page = browser_of(process_, client).get(today).get_data(as_text=True)
        assert "Easy on the hills" not in page


def test_a_database_that_fails_the_kept_page_loses_nothing_and_shows_the_page(
    sharing, client, walk_run_plan, monkeypatch, caplog
):
    app, other = sharing
    from sqlalchemy.exc import OperationalError

    from web.store import pages

    def broken():
        raise OperationalError("INSERT", {}, Exception("the database is gone"))

    monkeypatch.setattr(pages, "aside", broken)
    monkeypatch.setattr(pages, "read_alone", lambda *_: broken())
    before = client.get(f"/plans/{walk_run_plan}/today").get_data(as_text=True)
    saved = client.post(f"/plans/{walk_run_plan}/report", data=RED_RUN)
    assert saved.status_code == 302 and kept_rows(app) == []
    page = browser_of(other, client).get(f"/plans/{walk_run_plan}/today?reported=1")
    assert page.status_code == 200 and "Thanks — here is what changed" in page.get_data(
        as_text=True
    )
    assert before != page.get_data(as_text=True)
    assert [r.getMessage() for r in caplog.records if "kept page" in r.getMessage()] == [
        "A kept page could not be stored (OperationalError): the page is rendered instead.",
        "A kept page could not be read (OperationalError): the page is rendered instead.",
    ]


def test_shared_pages_can_be_turned_off_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("SHARED_PAGES", "on")
    app = create_app()
    assert app.config["SHARED_PAGES"] is True
    close(app)
    monkeypatch.setenv("SHARED_PAGES", "maybe")
    with pytest.raises(ValueError, match="SHARED_PAGES"):
        create_app()
