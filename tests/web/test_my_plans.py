"""Issue 17: My plans shows each plan's status, opens Today, and archives a plan reversibly."""

from __future__ import annotations

import re

from tests.web.conftest import add_plan


def test_my_plans_shows_the_status_and_opens_today(client, plan_id):
    html = client.get("/plans/").get_data(as_text=True)
    assert 'class="status status-active">active<' in html
    assert f'href="/plans/{plan_id}/today">Open Today' in html
    assert f'href="/plans/{plan_id}/settings"' in html


def test_an_archived_plan_is_hidden_until_asked_for_and_can_be_restored(client, app, plan_id):
    kept = add_plan(app, "runner@example.com")
    response = client.post(f"/plans/{plan_id}/archive", data={"archive": "1"})
    assert response.status_code == 302
    listing = client.get("/plans/").get_data(as_text=True)
    assert f'/plans/{plan_id}/today">Open Today' not in listing
    assert f'/plans/{kept}/today">Open Today' in listing
    assert "Show 1 archived plan" in listing
    shown = client.get("/plans/?archived=1").get_data(as_text=True)
    assert f'/plans/{plan_id}/today">Open Today' in shown
    assert "status-archived" in shown
    client.post(f"/plans/{plan_id}/archive", data={"archive": "0"})
    assert "Archived" not in client.get("/plans/").get_data(as_text=True)


def test_the_front_door_skips_an_archived_plan(client, app, plan_id):
    newer = add_plan(app, "runner@example.com")
    client.post(f"/plans/{newer}/archive", data={"archive": "1"})
    assert client.get("/").headers["Location"].endswith(f"/plans/{plan_id}/today")


def test_only_the_owner_may_archive_a_plan(client, plan_id, other_plan):
    assert client.post(f"/plans/{other_plan}/archive", data={"archive": "1"}).status_code == 404


def test_the_settings_change_the_usual_week_and_the_plan_is_rebuilt(client, app, plan_id):
    page = client.get(f"/plans/{plan_id}/settings").get_data(as_text=True)
    assert "A change holds from today" in page
    before = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    response = client.post(
        f"/plans/{plan_id}/settings",
        data={"baseline": "60,5", "runs_per_week": "3", "run_days": ["0", "2", "4"]},
    )
    assert response.status_code == 302
    from web.store import plans

    with app.test_request_context():
        row = plans.plan_by_id(plan_id)
        assert (row.baseline, row.runs_per_week, row.run_days) == (60.5, 3, "0,2,4")
    assert client.get(f"/plans/{plan_id}").get_data(as_text=True) != before


def test_a_bad_routine_in_the_settings_says_what_to_type(client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/settings", data={"baseline": "lots", "runs_per_week": "4"}
    )
    assert response.status_code == 400
    assert "type digits, e.g. 30 or 30.5" in response.get_data(as_text=True)


def test_print_gives_the_coming_four_weeks_from_today_with_how_to_text(client, plan_id):
    html = client.get(f"/plans/{plan_id}/print").get_data(as_text=True)
    rows = re.findall(r"<br><span class=\"muted\">day (\d+)", html)
    assert len(rows) == 28 and int(rows[0]) == 20  # today is the plan's day 20
    assert "How to use this sheet" in html


def test_print_takes_another_number_of_weeks_and_ignores_a_bad_one(client, plan_id):
    one = client.get(f"/plans/{plan_id}/print?weeks=1").get_data(as_text=True)
    assert len(re.findall(r"<br><span class=\"muted\">day ", one)) == 7
    bad = client.get(f"/plans/{plan_id}/print?weeks=99x").get_data(as_text=True)
    assert len(re.findall(r"<br><span class=\"muted\">day ", bad)) == 28


def test_a_plan_waiting_for_a_clearance_says_so_in_my_plans(app, client, auth):
    auth.signup()
    add_plan(app, "runner@example.com", condition="navicular-stress-fracture")
    html = client.get("/plans/").get_data(as_text=True)
    assert 'class="status status-waiting">waiting for a clearance<' in html
