"""Pages after the UX review: coach landing, wizard for an athlete, missed-day reports,
history links, chart series and the coach roster's layout."""

from __future__ import annotations

import re
from datetime import date

from planner.model import Report
from tests.web.conftest import AuthActions, add_plan, add_reports, log_counts, sign_up


def coach_with_athlete(client, name="Ana") -> int:
    sign_up(client, "coach@example.com", coach=True)
    response = client.post("/coach/athletes", data={"name": name})
    return int(re.search(r"/coach/athletes/(\d+)$", response.headers["Location"]).group(1))


def test_a_coach_who_logs_in_lands_on_the_athletes_dashboard(client):
    coach_with_athlete(client)
    auth = AuthActions(client)
    auth.logout()
    response = auth.login("coach@example.com")
    assert response.headers["Location"] == "/"
    assert client.get("/").headers["Location"].endswith("/coach/")


def test_the_wizard_names_the_athlete_on_every_step(client):
    athlete = coach_with_athlete(client, name="Ana")
    client.post(f"/coach/athletes/{athlete}/plans")
    steps = [
        ("where", {"location": "back of ankle"}),
        ("condition", {"condition": "achilles-tendinopathy-midportion"}),
        ("onset", {"onset": "2025-03-01"}),
        ("volume", {"baseline": "30", "unit": "km"}),
        ("runs", {"runs_per_week": "4"}),
        ("start", {}),
    ]
    for name, data in steps:
        html = client.get(f"/plans/new/{name}").get_data(as_text=True)
        assert "Planning for <strong>Ana</strong>" in html, name
        if data:
            assert client.post(f"/plans/new/{name}", data=data).status_code == 302, name
    assert "Create Ana's plan" in html and "Create my plan" not in html  # the last step


def test_a_runners_own_wizard_names_nobody(client, auth):
    auth.signup()
    assert "Planning for" not in client.get("/plans/new/where").get_data(as_text=True)


def test_the_welcome_page_tells_coaches_how_to_sign_up_and_the_form_is_ready_for_them(client):
    welcome = client.get("/").get_data(as_text=True)
    assert 'href="/auth/signup?coach=1">Sign up as a coach</a>' in welcome
    form = client.get("/auth/signup?coach=1").get_data(as_text=True)
    assert 'name="coach" value="1" checked' in form
    assert 'name="coach" value="1" checked' not in client.get("/auth/signup").get_data(as_text=True)


def test_an_unnamed_athlete_shows_as_no_name_not_an_empty_link(app, client):
    coach_with_athlete(client, name="Ana")
    from web.core.db import session
    from web.store.models import RosterEntry

    with app.test_request_context():
        session().query(RosterEntry).update({"name": ""})
        session().commit()
    html = client.get("/coach/").get_data(as_text=True)
    assert "(no name)</a>" in html and "></a></th>" not in html


def test_the_roster_scrolls_inside_its_own_region_and_says_it_is_not_medical_advice(client):
    coach_with_athlete(client)
    html = client.get("/coach/").get_data(as_text=True)
    assert '<div class="table-scroll" role="region" aria-label="Athletes" tabindex="0">' in html
    assert "This is not medical advice" in html


def test_a_past_day_offers_the_report_form_and_a_future_day_does_not(client, plan_id):
    past = client.get(f"/plans/{plan_id}/days/2025-03-08").get_data(as_text=True)
    assert f'action="/plans/{plan_id}/report#report-alert"' in past
    assert 'name="date" value="2025-03-08"' in past
    future = client.get(f"/plans/{plan_id}/days/2025-03-25").get_data(as_text=True)
    assert f'action="/plans/{plan_id}/report' not in future


def test_a_missed_gate_day_report_returns_to_that_day_with_the_decision(app, client, plan_id):
    before = client.get(f"/plans/{plan_id}/days/2025-03-08").get_data(as_text=True)
    assert "The test waits for a report" in before
    form = {
        "date": "2025-03-08",
        "pain_rest": "0",
        "pain_walking": "0",
        "pain_running": "0",
        "pain_morning": "0",
    }
    response = client.post(f"/plans/{plan_id}/report", data=form)
    assert response.headers["Location"].endswith(f"/plans/{plan_id}/days/2025-03-08")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Report for Sat 8 Mar saved." in page
    changed = re.search(r"What changed on this day</h2>\s*<ul>(.*?)</ul>", page, re.S)
    assert changed and "<li>" in changed.group(1)
    assert "The test waits for a report" not in changed.group(1)
    assert log_counts(app, plan_id)[0] == 1


def test_a_bad_missed_day_report_is_shown_on_that_day_and_saves_nothing(app, client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/report", data={"date": "2025-03-08", "pain_rest": "11"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Saturday 8 March 2025" in html and "Your report was not saved" in html
    assert 'name="date" value="2025-03-08"' in html
    assert log_counts(app, plan_id)[0] == 0


def test_history_links_only_days_inside_the_plan(app, client, auth):
    auth.signup()
    plan = add_plan(app, "runner@example.com", start=date(2025, 3, 10))
    add_reports(
        app, plan, [Report(date(2025, 3, 5), pain_rest=2), Report(date(2025, 3, 12), pain_rest=1)]
    )
    html = client.get(f"/plans/{plan}/history").get_data(as_text=True)
    assert f"/plans/{plan}/days/2025-03-05" not in html
    assert "before the plan started" in html
    assert f'href="/plans/{plan}/days/2025-03-12"' in html
    assert client.get(f"/plans/{plan}/days/2025-03-12").status_code == 200


def test_equal_pain_series_stay_distinguishable_with_legend_entries(app, client, plan_id):
    add_reports(
        app,
        plan_id,
        [
            Report(date(2025, 3, 10), pain_rest=2, pain_walking=2),
            Report(date(2025, 3, 15), pain_rest=2, pain_walking=2),
        ],
    )
    html = client.get(f"/plans/{plan_id}/charts").get_data(as_text=True)
    rest = re.search(r'<polyline points="([^"]+)"[^>]*class="line-pain_rest"', html).group(1)
    walking = re.search(r'<polyline points="([^"]+)"[^>]*class="line-pain_walking"([^>]*)>', html)
    assert rest != walking.group(1) and "stroke-dasharray" in walking.group(2)
    assert "marker-circle" in html and "marker-square" in html
    assert 'class="legend-pain_rest"' in html and 'class="legend-pain_walking"' in html
    assert "projected (weeks ahead" in html
    assert "This is not medical advice" in html


def test_a_one_report_sparkline_draws_a_dot(app, client):
    athlete = coach_with_athlete(client)
    from planner.model import PlanSpec
    from web import store

    spec = PlanSpec(
        condition="achilles-tendinopathy-midportion",
        onset=date(2025, 3, 1),
        baseline=30.0,
        unit="km",
        start=date(2025, 3, 1),
    )
    with app.test_request_context():
        plan = store.plans.add_plan(athlete, spec).id
    add_reports(app, plan, [Report(date(2025, 3, 19), pain_rest=3)])
    html = client.get("/coach/").get_data(as_text=True)
    spark = re.search(r'<svg class="spark".*?</svg>', html, re.S)
    assert spark and "<circle" in spark.group(0)


def test_a_new_feed_link_is_a_selectable_field_and_rotating_is_secondary(client, plan_id):
    html = client.post(f"/plans/{plan_id}/calendar-feed/rotate").get_data(as_text=True)
    if "feed-url" not in html:  # the rotate route may redirect to the page that shows the link
        html = client.get(f"/plans/{plan_id}/calendar-feed").get_data(as_text=True)
    assert re.search(r'<input id="feed-url" type="text" readonly value="https?://', html)
    assert 'data-copy="feed-url"' in html
    rotate = re.search(r"<button[^>]*>Make a new link", html)
    assert rotate and "primary" not in rotate.group(0)
    assert html.index('id="feed-url"') < html.index("Make a new link")
