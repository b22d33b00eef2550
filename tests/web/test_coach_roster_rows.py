"""Issue 19 item 3: the coach's dashboard reads a page of stored rows, kept up to date by every
write to an athlete's plans and by the athlete's day, in the order the pure ranking gives."""

from __future__ import annotations

import os
import re
import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.model import Clearance, Log, Report, Retraction
from tests.conftest import FIXED_NOW, fixed_clock
from tests.web.conftest import PASSWORD, add_plan, add_reports, green_week
from tests.web.test_coach import (
    coach_signup,
    invite_link,
    join,
    managed_athlete,
    managed_plan,
    user_id,
)
from tests.web.test_roster import coach_client, seed_roster
from web.services import roster, roster_needs

TODAY = date(2025, 3, 20)


def names_on(page: str) -> list[str]:
    """The athletes' names in the order the dashboard lists them."""
    if "<tbody>" not in page:
        return []
    return re.findall(r'<tr class="need-\w+" data-athlete="([^"]*)"', page.split("<tbody>")[1])


def why_of(page: str, name: str) -> tuple[str, str]:
    """The need an athlete's row shows, and the words that say why."""
    row = page.split(f'data-athlete="{name}">')[1].split("</tr>")[0]
    found = re.search(
        r'class="need need-(\w+)">[^<]*</span>(?:<span class="need-why">([^<]*))?', row
    )
    return found.group(1), found.group(2) or ""


def coach_id(app) -> int:
    return user_id(app, "coach@example.com")


def stale_athletes(app, day: date = TODAY) -> list[int]:
    from web import store

    coach = coach_id(app)
    with app.test_request_context():
        today_in = {zone: day for zone in store.roster_rows.timezones_of(coach)}
        return [athlete for athlete, _ in store.roster_rows.stale_of(coach, today_in)]


@pytest.mark.parametrize("which", ["older", "newer"])
def test_a_report_on_either_of_two_plans_sorts_the_athlete_up_at_once(app, client, auth, which):
    auth.signup()
    coach = app.test_client()
    coach_signup(coach)
    plans = {
        "older": add_plan(app, "runner@example.com"),
        "newer": add_plan(app, "runner@example.com", condition="plantar-fasciitis"),
    }
    reported = plans[which]
    client.post(invite_link(coach, name="Rae"))
    seed_roster(app, "coach@example.com", 3)  # named "Athlete …": before Rae when needs tie
    before = names_on(coach.get("/coach/").get_data(as_text=True))
    assert before[0] != "Rae"
    client.post(
        f"/plans/{reported}/report",
        data={"pain_rest": "2", "flags": ["night_pain"], "confirm": "red_flag"},
    )
    after = coach.get("/coach/").get_data(as_text=True)
    assert names_on(after)[0] == "Rae"
    first = after.split("<tbody>")[1].split("<tr ")[1]
    assert 'class="need need-red"' in first and ">2 plans</a>" in first
    assert f'href="/plans/{reported}/today"' in first


def varied_roster(app, client) -> None:
    """Athletes with every need, quiet for different lengths, names in mixed case and accents."""
    from web.core.db import session
    from web.store import users
    from web.store.models import RosterEntry

    coach_signup(client)
    names = ["zoë", "Émile", "abe", "Abe", "Ábel", "bo", "Bo", "Cy", "dee", "Eve", "fay", "Gus"]
    ids = [managed_athlete(client, name=name) for name in names]
    for i, athlete in enumerate(ids):
        if i % 6 == 5:
            continue  # no plan
        with app.test_request_context():
            email = users.by_id(athlete).email
        plan = add_plan(app, email)
        last = TODAY - timedelta(days=i % 5)
        morning = [1, 1 + i % 3]
        flags = ("night_pain",) if i % 7 == 3 else ()
        add_reports(
            app,
            plan,
            [
                Report(last - timedelta(days=1), pain_rest=0, pain_morning=morning[0]),
                Report(last, pain_rest=i % 2, pain_morning=morning[1], flags=flags),
            ],
        )
    with app.test_request_context():  # one name changed behind the app's back
        session().query(RosterEntry).filter(RosterEntry.athlete_id == ids[0]).update(
            {"name": "Zed"}
        )
        session().commit()


def test_the_stored_rows_come_in_the_order_and_with_the_signals_a_fresh_build_gives(app, client):
    from web.store import users

    varied_roster(app, client)
    with app.test_request_context():
        coach = users.by_email("coach@example.com").id
        built = roster_needs.rank(roster.snapshots(coach))
    assert len({roster_needs.need(s) for s in built}) >= 4  # the roster mixes needs
    page = client.get("/coach/").get_data(as_text=True)
    assert names_on(page) == [s.name for s in built]
    with app.test_request_context():
        assert roster.everyone(coach) == built


def test_only_the_athlete_who_wrote_is_built_again(app, client, monkeypatch):
    from web.services import builds

    coach_signup(client)
    seed_roster(app, "coach@example.com", 5)
    first = client.get("/coach/").get_data(as_text=True)
    calls: list[object] = []
    real = builds.built
    monkeypatch.setattr(builds, "built", lambda *a, **k: calls.append(a[0].id) or real(*a, **k))
    assert client.get("/coach/").get_data(as_text=True) == first and calls == []
    plan = add_plan_of(app, "Athlete 0002")
    add_reports(app, plan, [Report(TODAY, pain_rest=0, pain_morning=0)])
    client.get("/coach/")
    assert calls == [plan]


def add_plan_of(app, name: str) -> int:
    """The id of the plan of the seeded athlete with this roster name."""
    from sqlalchemy import select

    from web.core.db import session
    from web.store.models import PlanRow, RosterEntry

    with app.test_request_context():
        query = select(PlanRow.id).join(RosterEntry, RosterEntry.athlete_id == PlanRow.owner_id)
        return int(session().scalar(query.where(RosterEntry.name == name)))


def test_a_new_day_rebuilds_the_row_for_that_day(app, client):
    coach_signup(client)
    athlete = managed_athlete(client, name="Quinn")
    from web.store import users

    with app.test_request_context():
        email = users.by_id(athlete).email
    plan = add_plan(app, email)
    add_reports(
        app,
        plan,
        [
            Report(TODAY - timedelta(days=13), pain_rest=5),  # the trend's oldest day today
            Report(TODAY - timedelta(days=2), pain_rest=1),
        ],
    )
    assert 'aria-label="Pain 5, 1"' in client.get("/coach/").get_data(as_text=True)
    app.config["CLOCK"] = fixed_clock(FIXED_NOW + timedelta(days=1))
    client.post("/auth/login", data={"email": "coach@example.com", "password": PASSWORD})
    assert 'aria-label="Pain 1"' in client.get("/coach/").get_data(as_text=True)


def test_the_scheduler_rebuilds_the_rows_a_new_day_made_stale_before_the_coach_looks(
    app, client, monkeypatch
):
    from web.services import builds
    from web.services import reminder_jobs as jobs

    coach_signup(client)
    seed_roster(app, "coach@example.com", 5)
    client.get("/coach/")
    app.config["CLOCK"] = fixed_clock(FIXED_NOW + timedelta(days=1))
    assert len(stale_athletes(app, TODAY + timedelta(days=1))) == 5  # a new day
    jobs.run_scheduler(app, once=True)
    assert stale_athletes(app, TODAY + timedelta(days=1)) == []
    calls: list[object] = []
    real = builds.built
    monkeypatch.setattr(builds, "built", lambda *a, **k: calls.append(a[0].id) or real(*a, **k))
    client.post("/auth/login", data={"email": "coach@example.com", "password": PASSWORD})
    assert client.get("/coach/").status_code == 200 and calls == []  # nothing left to build


def test_a_row_is_valid_for_the_day_where_the_athlete_lives(app, client):
    from web.core.db import session
    from web.store.models import RosterRow, User

    coach_signup(client)
    athlete = managed_athlete(client, name="Kiri")
    with app.test_request_context():
        session().query(User).filter(User.id == athlete).update({"timezone": "Pacific/Kiritimati"})
        session().commit()
    app.config["CLOCK"] = fixed_clock(datetime(2025, 3, 20, 12, 0, tzinfo=UTC))  # 02:00 there
    client.post("/auth/login", data={"email": "coach@example.com", "password": PASSWORD})
    assert client.get("/coach/").status_code == 200
    with app.test_request_context():
        assert session().get(RosterRow, athlete).valid_for == date(2025, 3, 21)


def write_paths():
    """Every store function that changes what an athlete's plan shows, as (name, write)."""
    from web import store
    from web.services import log_merge

    def merge(plan):
        row = store.plans.plan_by_id(plan)
        incoming = Log(reports=(Report(TODAY - timedelta(days=4), pain_rest=1),))
        store.records.merge_log(plan, row.log_version, log_merge.merge(Log(), incoming))

    def edit(plan):
        row = store.plans.plan_by_id(plan)
        store.plans.update_plan(row, store.plans.spec_of(row), TODAY)

    def settings(plan):
        store.plans.update_settings(
            store.plans.plan_by_id(plan), clearance=TODAY, calendar_time=None
        )

    return [
        ("report", lambda plan: store.logs.save_report(plan, Report(TODAY, pain_rest=1))),
        ("tick", lambda plan: store.logs.set_done(plan, TODAY, "walk", True)),
        ("tick again", lambda plan: store.logs.add_completion(plan, TODAY, "walk")),
        ("clearance", lambda plan: store.records.add_clearance(plan, Clearance(TODAY, "GP"))),
        (
            "retraction",
            lambda plan: store.records.add_retraction(plan, Retraction(TODAY, "night_pain", TODAY)),
        ),
        ("import", merge),
        ("edit", edit),
        ("settings", settings),
        ("archive", lambda plan: store.plans.set_archived(store.plans.plan_by_id(plan), True)),
        ("delete", lambda plan: store.plans.delete_plan(store.plans.plan_by_id(plan))),
        (
            "new plan",
            lambda plan: store.plans.add_plan(
                store.plans.plan_by_id(plan).owner_id,
                store.plans.spec_of(store.plans.plan_by_id(plan)),
            ),
        ),
        ("coach note", lambda plan: store.roster.add_note(plan, 1, TODAY, "easy")),
    ]


@pytest.mark.parametrize("name", [name for name, _ in write_paths()])
def test_every_write_to_a_plan_leaves_its_athletes_row_to_be_built_again(app, client, name):
    coach_signup(client)
    seed_roster(app, "coach@example.com", 2)
    client.get("/coach/")
    assert stale_athletes(app) == []
    plan = add_plan_of(app, "Athlete 0001")
    write = dict(write_paths())[name]
    with app.test_request_context():
        write(plan)
    assert stale_athletes(app) == [user_id(app, f"{coach_id(app)}-a1@example.com")]


def test_the_roster_comes_in_pages_that_keep_the_filters(app, client):
    app.config["ROSTER_PAGE_SIZE"] = 50
    coach_signup(client)
    seed_roster(app, "coach@example.com", 120)
    everyone = [names_on(client.get(f"/coach/?page={n}").get_data(as_text=True)) for n in (1, 2, 3)]
    assert [len(names) for names in everyone] == [50, 50, 20]
    app.config["ROSTER_PAGE_SIZE"] = 500
    assert sum(everyone, []) == names_on(client.get("/coach/").get_data(as_text=True))
    app.config["ROSTER_PAGE_SIZE"] = 50
    first = client.get("/coach/?need=missed&q=athlete").get_data(as_text=True)
    assert "Page 1 of" in first
    assert 'href="/coach/?need=missed&amp;q=athlete&amp;page=2"' in first
    assert "Previous" not in first.split("<tbody>")[0]
    assert names_on(client.get("/coach/?page=nonsense").get_data(as_text=True)) == everyone[0]
    last = client.get("/coach/?page=99").get_data(as_text=True)
    assert names_on(last) == everyone[2] and "Page 3 of 3" in last


def test_the_filters_are_applied_before_paging_and_take_wildcards_literally(app, client):
    app.config["ROSTER_PAGE_SIZE"] = 5
    coach_signup(client)
    seed_roster(app, "coach@example.com", 30)
    for name in ("50% Sam", "Al_Bo"):
        managed_athlete(client, name=name)
    found = client.get("/coach/?q=ATHLETE 002").get_data(as_text=True)
    assert names_on(found) == [f"Athlete {i:04d}" for i in range(20, 25)]
    assert "Athletes 1–5 of 10 matching" in found
    assert names_on(client.get("/coach/?q=%25").get_data(as_text=True)) == ["50% Sam"]
    assert names_on(client.get("/coach/?q=_").get_data(as_text=True)) == ["Al_Bo"]
    no_plan = client.get("/coach/?need=no_plan").get_data(as_text=True)
    assert names_on(no_plan) == ["50% Sam", "Al_Bo"]


def test_the_page_and_cache_sizes_come_from_the_environment(monkeypatch, tmp_path):
    from web import cache, create_app

    monkeypatch.setenv("ROSTER_PAGE_SIZE", "25")
    monkeypatch.setenv("ROSTER_CACHE_SIZE", "9000")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    app = create_app()
    assert app.config["ROSTER_PAGE_SIZE"] == 25
    with app.app_context():
        assert cache.snapshots().size == 9000
    monkeypatch.setenv("ROSTER_PAGE_SIZE", "many")
    with pytest.raises(ValueError, match="ROSTER_PAGE_SIZE"):
        create_app()


def test_the_dashboard_links_its_own_stylesheet_and_labels_each_cell(app, client):
    coach = coach_client(app)
    seed_roster(app, "coach@example.com", 1)
    page = coach.get("/coach/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/static/coach.css">' in page
    assert 'data-label="Needs"' in page and 'data-label="Pain (14 days)"' in page
    style = coach.get("/static/coach.css")
    assert style.status_code == 200 and b"data-label" in style.data
    style.close()


def test_the_export_lists_everyone_from_the_stored_rows_in_order(app, client):
    coach_signup(client)
    seed_roster(app, "coach@example.com", 60)
    page = names_on(client.get("/coach/?page=1").get_data(as_text=True))
    exported = client.get("/coach/roster.json").get_json()
    assert len(exported) == 60 and [r["name"] for r in exported][:50] == page


def test_an_empty_roster_shows_its_page_and_its_export(app, client):
    coach_signup(client)
    assert "No athletes yet." in client.get("/coach/?page=2").get_data(as_text=True)
    assert client.get("/coach/roster.json").get_json() == []


def test_on_a_read_only_database_the_dashboard_builds_its_rows_without_storing_them(
    app, client, database_url, tmp_path
):
    from tests.web.test_failures import read_only
    from web import create_app

    coach_signup(client)
    seed_roster(app, "coach@example.com", 7)
    frozen = create_app(
        {
            **app.config,
            "DATABASE_URL": read_only(database_url),
            "MIGRATE_ON_START": False,
        }
    )
    frozen.config["ROSTER_PAGE_SIZE"] = 5
    reader = frozen.test_client()
    reader.post("/auth/login", data={"email": "coach@example.com", "password": PASSWORD})
    first = reader.get("/coach/?page=2")
    assert first.status_code == 200
    assert names_on(first.get_data(as_text=True)) == ["Athlete 0005", "Athlete 0006"]
    assert reader.get("/coach/roster.csv").status_code == 200
    frozen.extensions["rtr.engine"].dispose()
    assert len(stale_athletes(app)) == 7  # nothing was stored


def test_a_report_written_while_the_rows_are_first_built_shows_on_the_next_view(
    app, client, monkeypatch
):
    from web.services import builds

    coach_signup(client)
    seed_roster(app, "coach@example.com", 3)
    plan = add_plan_of(app, "Athlete 0002")
    real, landed = builds.built, []

    def built_while_a_report_lands(*args, **kwargs):
        if not landed:  # the logs are loaded: the report comes too late for this build
            landed.append(plan)
            report = Report(TODAY, pain_rest=2, flags=("night_pain",))
            runner = threading.Thread(target=add_reports, args=(app, plan, [report]))
            runner.start()  # a request of its own, on a connection of its own
            runner.join()
        return real(*args, **kwargs)

    monkeypatch.setattr(builds, "built", built_while_a_report_lands)
    first = client.get("/coach/").get_data(as_text=True)
    assert landed and names_on(first)[0] == "Athlete 0000"
    assert names_on(client.get("/coach/").get_data(as_text=True))[0] == "Athlete 0002"


def test_a_longest_name_that_grows_in_lower_case_is_stored_and_found(app, client):
    coach_signup(client)
    name = "İ" * 120  # the longest name a roster takes; each letter is two in lower case
    managed_athlete(client, name=name)
    assert names_on(client.get("/coach/?q=i").get_data(as_text=True)) == [name]


def test_the_schedulers_refresh_builds_the_rows_without_holding_the_write_lock(app, monkeypatch):
    coach_signup(app.test_client())
    seed_roster(app, "coach@example.com", 3)
    engine = app.extensions["rtr.engine"]
    if engine.dialect.name != "sqlite":
        pytest.skip("the write lock watched here is SQLite's (web/core/sqlite_writers.py)")
    from web.core import sqlite_writers
    from web.core.db import sqlite_file

    lock = sqlite_writers.lock_for(os.path.realpath(sqlite_file(engine)))
    picked, held = roster_needs.pick, []

    def watched(*args, **kwargs):
        held.append(lock.locked())  # the plans read and built, each athlete's picked
        return picked(*args, **kwargs)

    monkeypatch.setattr(roster_needs, "pick", watched)
    with app.app_context():
        assert roster.refresh_every_roster() == 1
    assert held == [False] * 3
    assert stale_athletes(app) == []  # and the rows were written after


def roster_rows(app) -> list[tuple[int, str]]:
    """Every stored roster line: the athlete and the name their coach gave them."""
    from sqlalchemy import select

    from web.core.db import session
    from web.store.models import RosterRow

    with app.test_request_context():
        return [
            tuple(row) for row in session().execute(select(RosterRow.athlete_id, RosterRow.name))
        ]


@pytest.mark.parametrize("how", ["the athlete leaves", "the coach removes", "the coach is deleted"])
def test_the_name_a_coach_gave_an_athlete_goes_with_the_roster_entry(app, client, how):
    coach = app.test_client()
    coach_signup(coach)
    runner = app.test_client()
    join(runner, invite_link(coach, name="Rae the knee case"), "runner@example.com")
    add_plan(app, "runner@example.com")
    assert coach.get("/coach/").status_code == 200  # builds the line
    rae = user_id(app)
    assert roster_rows(app) == [(rae, "Rae the knee case")]
    if how == "the athlete leaves":
        runner.post("/coach/leave", data={"confirm": "yes"})
    elif how == "the coach removes":
        coach.post(f"/coach/athletes/{rae}/remove", data={"confirm": "remove"})
    else:
        form = {"delete_password": PASSWORD, "confirm": "delete"}
        coach.post("/auth/account/delete", data=form)
    assert roster_rows(app) == []
    assert runner.get("/plans/").status_code == 200  # the runner's account stays


def pain_free(*days_ago: int) -> list[Report]:
    return [Report(TODAY - timedelta(days=n), pain_rest=0, pain_morning=0) for n in days_ago]


def flagged(days_ago: int, flag: str) -> Report:
    return Report(TODAY - timedelta(days=days_ago), pain_rest=3, flags=(flag,))


def test_the_latest_red_flag_comes_first_a_standing_referral_after_and_a_cleared_one_is_not_red(
    app, client
):
    from web import store

    coach_signup(client)
    abby = managed_plan(app, managed_athlete(client, "Abby Cleared"))
    add_reports(app, abby, [flagged(5, "night_pain"), *pain_free(4, 3, 2, 1, 0)])
    with app.test_request_context():
        store.records.add_clearance(abby, Clearance(TODAY - timedelta(days=3), "Dr Lee"))
    ben = managed_plan(app, managed_athlete(client, "Ben Neuroma"), condition="mortons-neuroma")
    add_reports(app, ben, pain_free(2, 1, 0))
    cy = managed_plan(app, managed_athlete(client, "Cy Monday"))
    add_reports(app, cy, [*pain_free(4), flagged(3, "night_pain"), *pain_free(2, 1, 0)])
    zoe = managed_plan(app, managed_athlete(client, "Zoe Today"))
    add_reports(app, zoe, [*pain_free(3, 2, 1), flagged(0, "calf_swelling")])
    page = client.get("/coach/").get_data(as_text=True)
    assert names_on(page) == ["Zoe Today", "Cy Monday", "Ben Neuroma", "Abby Cleared"]
    assert why_of(page, "Zoe Today") == ("red", "Stopped: swollen, tender calf")
    assert why_of(page, "Ben Neuroma") == ("red", "Plan stopped: see a professional")
    assert why_of(page, "Abby Cleared") == ("ok", "red flag cleared Mon 17 Mar")
    red = client.get("/coach/?need=red").get_data(as_text=True)
    assert names_on(red) == ["Zoe Today", "Cy Monday", "Ben Neuroma"]
    coach = coach_id(app)
    with app.test_request_context():  # the stored rows agree with a fresh build
        assert roster.everyone(coach) == roster_needs.rank(roster.snapshots(coach))


def test_running_pain_rising_over_the_weeks_sessions_ranks_the_athlete_up_and_says_so(app, client):
    coach_signup(client)
    run_days = (0, 2, 3, 4)  # Monday 17, Wednesday 19 and Thursday 20 are run days
    for name, running in (("Abe Flat", (0, 0, 0)), ("Ada Rising", (1, 3, 5))):
        plan = managed_plan(app, managed_athlete(client, name), run_days=run_days)
        week = [Report(TODAY - timedelta(days=n), 0, 0, 0, 0) for n in (6, 5)]
        sessions = [
            Report(TODAY - timedelta(days=n), 0, 0, pain, 0)
            for n, pain in zip((3, 1, 0), running, strict=True)
        ]
        add_reports(app, plan, green_week() + week + sessions)
    page = client.get("/coach/").get_data(as_text=True)
    assert names_on(page) == ["Ada Rising", "Abe Flat"]
    assert why_of(page, "Ada Rising") == ("pain", "running pain 0 → 5/10")
    assert why_of(page, "Abe Flat") == ("ok", "")


def made_days_ago(app, plan: int, days: int) -> None:
    """Date the plan's making back, as if made that many days ago (its items were due since)."""
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        made = datetime(2025, 3, 20, 8, 0, tzinfo=UTC) - timedelta(days=days)
        session().get(PlanRow, plan).created = made
        session().commit()


def test_an_athlete_silent_for_days_ranks_first_in_their_need_and_the_quiet_filter_finds_them(
    app, client
):
    coach_signup(client)
    daily = managed_plan(app, managed_athlete(client, "Ana Daily"))  # reports, ticks nothing
    add_reports(app, daily, pain_free(*range(7, -1, -1)))
    gone = managed_plan(app, managed_athlete(client, "Zed Gone"))  # nothing for 10 days
    add_reports(app, gone, pain_free(12, 11, 10))
    for plan in (daily, gone):
        made_days_ago(app, plan, 14)
    quiet = managed_plan(app, managed_athlete(client, "Quinn Quiet"))  # made today
    add_reports(app, quiet, pain_free(5, 4))
    page = client.get("/coach/").get_data(as_text=True)
    assert names_on(page) == ["Zed Gone", "Ana Daily", "Quinn Quiet"]
    assert why_of(page, "Zed Gone") == ("missed", "0% done in 7 days; no report for 10 days")
    assert why_of(page, "Ana Daily") == ("missed", "0% done in 7 days")
    assert why_of(page, "Quinn Quiet") == ("quiet", "last report 4 days ago")
    silent = client.get("/coach/?need=quiet").get_data(as_text=True)
    assert names_on(silent) == ["Zed Gone", "Quinn Quiet"]
    assert "2 athletes matching" in silent
    coach = coach_id(app)
    with app.test_request_context():  # the stored rows agree with a fresh build
        assert roster.everyone(coach) == roster_needs.rank(roster.snapshots(coach))
