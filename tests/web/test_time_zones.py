"""Issue 17: time zones are chosen from a list grouped by region, without non-zones."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import fixed_clock
from web.core import clock

REGIONS = [
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "UTC",
]


def test_the_zones_come_grouped_by_region_with_utc_last():
    groups = dict(clock.timezone_groups())
    assert list(groups) == REGIONS
    assert "Europe/Paris" in groups["Europe"] and groups["UTC"] == ("UTC",)


@pytest.mark.parametrize(
    "name", ["localtime", "posix/Europe/Paris", "right/UTC", "Etc/GMT+5", "US/Pacific", "GMT"]
)
def test_files_of_the_zone_database_that_are_not_places_are_refused(name):
    assert not clock.valid_timezone(name)
    assert name not in clock.timezone_names()


@pytest.mark.parametrize("path", ["/auth/signup", "/auth/account"])
def test_the_sign_up_and_account_pages_group_the_zones(client, auth, path):
    if path == "/auth/account":
        auth.signup(timezone="Europe/Paris")
    html = client.get(path).get_data(as_text=True)
    assert re.findall(r'<optgroup label="(\w+)">', html) == REGIONS
    assert 'value="localtime"' not in html and 'value="Etc/' not in html
    if path == "/auth/account":
        assert '<option value="Europe/Paris" selected>Paris</option>' in html


def test_the_arctic_and_antarctic_zones_can_be_chosen():
    assert clock.valid_timezone("Arctic/Longyearbyen")
    assert clock.valid_timezone("Antarctica/McMurdo")


# Crossing the date line westwards: a day already recorded must not come back.

NOON_UTC = datetime(2025, 3, 20, 12, 0, tzinfo=UTC)  # 21 March in Kiritimati, 20 in Honolulu


@pytest.fixture
def across_the_date_line(app, client, auth):
    """A runner in Kiritimati (UTC+14) who reported a red flag on their 21 March."""
    from tests.web.conftest import add_plan

    app.config["CLOCK"] = fixed_clock(NOON_UTC)
    auth.signup(timezone="Pacific/Kiritimati")
    plan = add_plan(app, "runner@example.com")
    form = {"date": "2025-03-21", "flags": ["cannot_bear_weight"], "confirm": "red_flag"}
    assert client.post(f"/plans/{plan}/report", data=form).status_code == 302
    return plan


def test_a_zone_where_a_recorded_day_has_not_begun_is_refused_and_the_plan_stays_stopped(
    client, across_the_date_line
):
    moved = client.post("/auth/account", data={"timezone": "Pacific/Honolulu"})
    page = moved.get_data(as_text=True)
    assert moved.status_code == 400
    assert "Friday 21 March" in page and "Thursday 20 March" in page
    kept = client.get("/auth/account").get_data(as_text=True)
    assert '<option value="Pacific/Kiritimati" selected>Kiritimati</option>' in kept
    today = client.get(f"/plans/{across_the_date_line}/today").get_data(as_text=True)
    assert "Friday 21 March" in today and "Walk-run" not in today


def test_a_zone_where_every_recorded_day_has_begun_is_taken(client, across_the_date_line):
    moved = client.post("/auth/account", data={"timezone": "Pacific/Auckland"})  # 21 March there
    assert moved.status_code == 302
    kept = client.get("/auth/account").get_data(as_text=True)
    assert '<option value="Pacific/Auckland" selected>Auckland</option>' in kept


# A profile a coach manages: its "today" is where the athlete lives, which the coach sets.


def zone_of(app, email: str) -> str:
    from web.store import users

    with app.test_request_context():
        return users.by_email(email).timezone


def zone_of_user(app, user_id: int) -> str:
    from web.core.db import session
    from web.store.models import User

    with app.test_request_context():
        return session().get(User, user_id).timezone


@pytest.fixture
def coach_in_auckland(app, client):
    """A coach in Auckland who made a managed profile from the dashboard; its user id."""
    from sqlalchemy import select

    from tests.web.conftest import sign_up
    from web.core.db import session
    from web.store.models import RosterEntry

    sign_up(client, "coach@example.com", coach=True, timezone="Pacific/Auckland")
    assert client.post("/coach/athletes", data={"name": "Ana"}).status_code == 302
    with app.test_request_context():
        return session().scalar(select(RosterEntry.athlete_id).where(RosterEntry.managed))


def test_a_profile_a_coach_adds_starts_in_the_coachs_time_zone(app, coach_in_auckland):
    assert zone_of_user(app, coach_in_auckland) == "Pacific/Auckland"


def test_a_coach_sets_the_time_zone_of_a_profile_they_manage(app, client, coach_in_auckland):
    athlete = coach_in_auckland
    page = client.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert '<option value="Pacific/Auckland" selected>Auckland</option>' in page
    moved = client.post(f"/coach/athletes/{athlete}/timezone", data={"timezone": "Asia/Tokyo"})
    assert moved.status_code == 302
    page = client.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert '<option value="Asia/Tokyo" selected>Tokyo</option>' in page


def test_a_zone_that_is_no_zone_is_refused_on_the_athletes_page_as_typed(
    app, client, coach_in_auckland
):
    athlete = coach_in_auckland
    moved = client.post(f"/coach/athletes/{athlete}/timezone", data={"timezone": "Mars/Base"})
    assert moved.status_code == 400
    assert "Choose a time zone from the list" in moved.get_data(as_text=True)
    assert zone_of_user(app, athlete) == "Pacific/Auckland"


def test_a_coach_cannot_set_the_zone_of_an_athlete_with_their_own_login(app, client, auth):
    from tests.web.conftest import sign_up
    from web import store
    from web.store import users

    sign_up(app.test_client(), "runner@example.com", timezone="Europe/Paris")
    sign_up(client, "coach@example.com", coach=True)
    with app.test_request_context():
        coach_id = users.by_email("coach@example.com").id
        runner = users.by_email("runner@example.com").id
        store.roster.join_roster(coach_id, runner, "Runner")
        from web.core.db import session

        session().commit()
    moved = client.post(f"/coach/athletes/{runner}/timezone", data={"timezone": "Asia/Tokyo"})
    assert moved.status_code == 403
    assert zone_of(app, "runner@example.com") == "Europe/Paris"


def test_an_imported_roster_dates_its_rows_by_the_coachs_today(app, tmp_path):
    """At noon UTC on Thursday 20 March it is already Friday in Auckland: pain that began on
    the coach's today is not in the future."""
    from tests.web.conftest import sign_up

    app.config["CLOCK"] = fixed_clock(NOON_UTC)
    sign_up(app.test_client(), "coach@example.com", coach=True, timezone="Pacific/Auckland")
    path = tmp_path / "roster.csv"
    path.write_text(
        "name,condition,onset,baseline,unit\nAna,achilles-tendinopathy-midportion,2025-03-21,20,km\n"
    )
    result = app.test_cli_runner().invoke(
        args=["import-roster", "--coach", "coach@example.com", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert zone_of(app, next(iter_emails(app))) == "Pacific/Auckland"


def iter_emails(app):
    from sqlalchemy import select

    from web.core.db import session
    from web.store.models import RosterEntry, User

    with app.test_request_context():
        query = select(User.email).join(RosterEntry, RosterEntry.athlete_id == User.id)
        return iter(session().scalars(query).all())


# Handing a managed profile over: the athlete's zone must not take its plans back a day either.

HALF_PAST_MIDNIGHT = datetime(2025, 3, 21, 0, 30, tzinfo=UTC)  # Friday in London, not New York


@pytest.fixture
def stopped_profile(app, client):
    """A coach in London who recorded a red flag on a managed profile's Friday 21 March;
    the profile's hand-over link and its plan."""
    from tests.web.conftest import add_plan, sign_up
    from tests.web.test_coach import invite_link
    from web.store import users

    app.config["CLOCK"] = fixed_clock(HALF_PAST_MIDNIGHT)
    sign_up(client, "coach@example.com", coach=True, timezone="Europe/London")
    made = client.post("/coach/athletes", data={"name": "Ana"})
    athlete = int(made.headers["Location"].rsplit("/", 1)[1])
    with app.test_request_context():
        email = users.by_id(athlete).email
    plan = add_plan(app, email)
    form = {"date": "2025-03-21", "flags": ["cannot_bear_weight"], "confirm": "red_flag"}
    assert client.post(f"/plans/{plan}/report", data=form).status_code == 302
    return invite_link(client, athlete_id=str(athlete)), plan


def test_a_hand_over_to_a_zone_where_the_profiles_last_day_has_not_begun_keeps_its_zone(
    app, stopped_profile
):
    from tests.web.conftest import PASSWORD, AuthActions

    link, plan = stopped_profile
    athlete = app.test_client()
    form = {
        "email": "ana@example.com",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "profile": "mine",
    }
    assert athlete.post(link, data={**form, "timezone": "America/New_York"}).status_code == 302
    AuthActions(athlete).login("ana@example.com")
    assert zone_of(app, "ana@example.com") == "Europe/London"
    today = athlete.get(f"/plans/{plan}/today").get_data(as_text=True)
    assert "Friday 21 March" in today and "Walk-run" not in today


def test_an_account_whose_zone_has_not_reached_the_profiles_last_day_cannot_take_it_over_yet(
    app, stopped_profile
):
    from tests.web.conftest import sign_up

    link, plan = stopped_profile
    athlete = app.test_client()
    sign_up(athlete, "ana@example.com", timezone="America/New_York")
    refused = athlete.post(link, data={"profile": "mine"})
    assert refused.status_code == 400
    assert "Friday 21 March" in refused.get_data(as_text=True)
    assert athlete.get(f"/plans/{plan}/today").status_code == 404  # still the coach's profile


def test_a_coach_told_a_profiles_zone_must_wait_is_told_of_the_athletes_plan(
    app, client, stopped_profile
):
    from sqlalchemy import select

    from web.core.db import session
    from web.store.models import RosterEntry

    with app.test_request_context():
        athlete = session().scalar(select(RosterEntry.athlete_id).where(RosterEntry.managed))
    moved = client.post(
        f"/coach/athletes/{athlete}/timezone", data={"timezone": "America/New_York"}
    )
    page = moved.get_data(as_text=True)
    assert moved.status_code == 400
    assert "Ana&#39;s plan already holds Friday 21 March" in page and "Your plan" not in page
