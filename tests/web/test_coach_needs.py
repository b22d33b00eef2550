"""Issue 17 item 1: the coach's dashboard never hides a red flag, says which pain, and the
athlete page keeps notes, asks before removing and hands out invite links plainly."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from planner.model import Report
from tests.web.conftest import add_plan, add_reports
from tests.web.test_coach import coach_signup, invite_link, managed_athlete, user_id
from tests.web.test_roster import snap
from web.services import roster_needs, roster_snapshot

STATIC = Path(__file__).resolve().parents[2] / "web" / "static"


def test_an_athlete_is_ranked_by_their_most_urgent_plan_not_their_newest():
    newest = snap("Ann", plan_id=2)
    stopped = snap("Ann", plan_id=1, status="halted")
    assert roster_needs.pick([newest, stopped]).plan_id == 1


def test_a_complete_plan_never_outranks_a_current_one_and_equals_keep_the_newest():
    done = snap("Ann", plan_id=1, status="complete", last_report=None)
    current = snap("Ann", plan_id=2, morning=(1, 3))
    assert roster_needs.pick([done, current]).plan_id == 2
    assert roster_needs.pick([snap("Ann", plan_id=3), snap("Ann", plan_id=4)]).plan_id == 3
    assert roster_needs.pick([]) is None


def test_each_need_says_why_in_words():
    assert (
        roster_needs.reason(snap("A", status="halted", flags=("night_pain",)))
        == "Stopped: pain at night"
    )
    assert (
        roster_needs.reason(snap("B", red_flag=True, flags=("calf_swelling",)))
        == "Red flag: swollen, tender calf"
    )
    assert roster_needs.reason(snap("C", morning=(2, 3, 4))) == "morning pain 2 → 4/10"
    assert roster_needs.reason(snap("D", adherence=0.5)) == "50% done in 7 days"
    assert roster_needs.reason(snap("E", last_report=date(2025, 3, 15))) == "last report 5 days ago"
    assert roster_needs.reason(snap("F")) == ""


def test_every_need_label_has_its_own_colour():
    css = (STATIC / "style.css").read_text() + (STATIC / "coach.css").read_text()
    colours = set()
    for need in roster_needs.NEEDS:
        found = re.search(
            rf"span\.need-{need} \{{[^}}]*background: (#[0-9a-f]{{6}}); "
            rf"color: (#[0-9a-f]{{6}})",
            css,
        )
        assert found, need
        colours.add(found.groups())
    assert len(colours) == len(roster_needs.NEEDS)


def coached_runner(app, client, auth):
    """A runner on a coach's roster as Rae; return the coach's client and the athlete's id."""
    auth.signup()
    coach = app.test_client()
    coach_signup(coach)
    return coach


def test_a_red_flag_on_an_older_plan_sorts_the_athlete_up_and_the_filter_finds_them(
    app, client, auth
):
    coach = coached_runner(app, client, auth)
    older = add_plan(app, "runner@example.com")
    add_reports(app, older, [Report(date(2025, 3, 19), pain_morning=4, flags=("night_pain",))])
    newer = add_plan(app, "runner@example.com", condition="plantar-fasciitis")
    client.post(invite_link(coach, name="Rae"))
    managed_athlete(coach, name="Abe On-track")  # sorts before Rae by name, when needs tie
    page = coach.get("/coach/").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("<tr ")[1:]
    assert "Rae" in rows[0] and 'class="need need-red"' in rows[0]
    assert "Stopped: pain at night" in rows[0]
    assert f'href="/plans/{older}/today"' in rows[0] and f"/plans/{newer}/" not in rows[0]
    athlete = re.search(r'href="(/coach/athletes/\d+)"', rows[0]).group(1)
    assert f'the most urgent of <a href="{athlete}">2 plans</a>' in rows[0]
    shown = coach.get(athlete).get_data(as_text=True)  # where both plans are
    assert f"/plans/{older}/today" in shown and f"/plans/{newer}/today" in shown
    assert "morning pain 4/10" in rows[0]
    red = coach.get("/coach/?need=red").get_data(as_text=True)
    assert "Rae" in red and "Abe On-track" not in red


def test_a_new_red_flag_outranks_a_plan_stopped_from_its_first_day():
    referred = snap(
        "Ann", plan_id=2, status="halted"
    )  # newer: a condition that needs a professional
    flagged = snap("Ann", plan_id=1, status="halted", red_flag=True, flags=("night_pain",))
    assert roster_needs.pick([referred, flagged]).plan_id == 1


def test_the_athlete_page_shows_each_plans_need_and_why(app, client, auth):
    coach = coached_runner(app, client, auth)
    flagged = add_plan(app, "runner@example.com")
    add_reports(app, flagged, [Report(date(2025, 3, 19), flags=("night_pain",))])
    referred = add_plan(app, "runner@example.com", condition="mortons-neuroma")
    quiet = add_plan(app, "runner@example.com", condition="plantar-fasciitis")
    client.post(invite_link(coach, name="Rae"))
    roster_page = coach.get("/coach/").get_data(as_text=True)
    assert "Stopped: pain at night" in roster_page.split("<tbody>")[1].split("<tr ")[1]
    page = coach.get(f"/coach/athletes/{user_id(app)}").get_data(as_text=True)
    sections = {
        plan: page.split(f'id="plan-{plan}"')[1].split("</section>")[0]
        for plan in (flagged, referred, quiet)
    }
    assert (
        'class="need need-red"' in sections[flagged]
        and "Stopped: pain at night" in sections[flagged]
    )
    assert "last report Wed 19 Mar" in sections[flagged]
    assert (
        'class="need need-red"' in sections[referred]
        and "Plan stopped: see a professional" in sections[referred]
    )
    assert 'class="need need-red"' not in sections[quiet] and "no report yet" in sections[quiet]


def test_the_athlete_page_lists_the_notes_left_earlier(app, client, auth):
    coach = coached_runner(app, client, auth)
    plan = add_plan(app, "runner@example.com")
    client.post(invite_link(coach, name="Rae"))
    athlete = user_id(app)
    for day, text in [("2025-03-12", "Easy on the hills"), ("2025-03-18", "Ice after runs")]:
        coach.post(f"/coach/plans/{plan}/notes", data={"date": day, "text": text})
    page = coach.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert "Notes on this plan (2)" in page
    assert page.index("Ice after runs") < page.index("Easy on the hills")  # latest first
    assert f'href="/plans/{plan}/days/2025-03-12"' in page


def test_removing_an_athlete_asks_first_on_a_page_with_a_csrf_form(app, client, auth):
    coach = coached_runner(app, client, auth)
    client.post(invite_link(coach, name="Rae"))
    athlete = user_id(app)
    page = coach.get(f"/coach/athletes/{athlete}").get_data(as_text=True)
    assert f'href="/coach/athletes/{athlete}/remove"' in page
    assert f'action="/coach/athletes/{athlete}/remove"' not in page  # no one-click removal
    ask = coach.get(f"/coach/athletes/{athlete}/remove")
    assert ask.status_code == 200 and "Remove Rae from your roster?" in ask.text
    assert 'method="post"' in ask.text
    app.config["WTF_CSRF_ENABLED"] = True
    no_token = coach.post(f"/coach/athletes/{athlete}/remove", data={"confirm": "remove"})
    assert no_token.status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', ask.text).group(1)
    unticked = coach.post(f"/coach/athletes/{athlete}/remove", data={"csrf_token": token})
    assert unticked.status_code == 400 and "Nothing was removed" in unticked.text
    assert f"/coach/athletes/{athlete}" in coach.get("/coach/").text
    done = coach.post(
        f"/coach/athletes/{athlete}/remove", data={"confirm": "remove", "csrf_token": token}
    )
    assert done.status_code == 302
    assert f"/coach/athletes/{athlete}" not in coach.get("/coach/").text


def test_the_invite_page_has_a_copy_button(client):
    coach_signup(client)
    page = client.post("/coach/invites", data={"name": "Rae"}).get_data(as_text=True)
    assert re.search(
        r'<button type="button" class="copy" data-copy="link" hidden>Copy</button>', page
    )
    assert "/static/copy.js" in page


def test_a_used_invite_says_so_plainly(app, client, auth):
    coach = coached_runner(app, client, auth)
    link = invite_link(coach, name="Rae")
    client.post(link)
    again = client.get(link)
    assert again.status_code == 410
    assert "<h1>This invite link has already been used</h1>" in again.text
    assert "Gone" not in again.text
    assert "go to your plans" in again.text


def test_an_athlete_told_to_see_a_professional_or_in_high_pain_is_not_on_track():
    """Found in the browser: rest 5, walking 6, morning 6 made Today say "see a sports doctor"
    while the roster said "On track" and ranked the athlete last."""
    from planner import build
    from planner.model import Log, PlanSpec

    today = date(2025, 3, 20)
    spec = PlanSpec("achilles-tendinopathy-midportion", date(2025, 3, 1), 30.0, "km")
    log = Log(reports=(Report(today, pain_rest=5, pain_walking=6, pain_morning=6),))
    maria = roster_snapshot.snapshot(1, "Maria", 1, build(spec, log, today), log, today)
    assert roster_needs.need(maria) == "pain" and maria.advised
    assert roster_needs.reason(maria) == "told to see a professional this week"
    high = snap("B", last_report=date(2025, 3, 19), last_pain=6)
    assert roster_needs.need(high) == "pain"
    assert roster_needs.reason(high) == "pain 6/10 in the last report"
    assert roster_needs.need(snap("C", last_report=date(2025, 3, 19), last_pain=5)) == "ok"
    assert roster_needs.need(snap("D", last_report=date(2025, 3, 12), last_pain=8)) == "quiet"


def test_a_plan_not_yet_reported_on_is_quiet_only_three_days_after_its_first_day():
    """Found in the browser: an athlete whose plan was made minutes ago was "No report for 3+
    days — no report yet"."""
    new = snap("New", last_report=None, first_day=date(2025, 3, 20))
    assert roster_needs.need(new) == "no_report"
    two_days = snap("Two days", last_report=None, first_day=date(2025, 3, 18))
    assert roster_needs.need(two_days) == "no_report"
    older = snap("Older", last_report=None, first_day=date(2025, 3, 17))
    assert roster_needs.need(older) == "quiet" and roster_needs.reason(older) == "no report yet"


def test_a_plan_never_reported_on_says_no_report_yet_not_on_track():
    """Found in the browser: the roster said "On track" beside Last report "none"."""
    started = snap("Started", last_report=None, first_day=date(2025, 3, 19))
    assert roster_needs.NEED_LABELS[roster_needs.need(started)] == "No report yet"
    assert roster_needs.reason(started) == ""
    later = snap("Later", last_report=None, first_day=date(2025, 3, 23))
    assert roster_needs.reason(later) == "the plan starts Sun 23 Mar"
    assert roster_needs.need(snap("Reported", first_day=date(2025, 3, 19))) == "ok"


def test_no_report_yet_sorts_after_the_needs_to_act_on_and_before_on_track():
    waiting = snap("Zara Waiting", last_report=None, first_day=date(2025, 3, 19))
    given = [
        snap("Abe On-track"),
        waiting,
        snap("Zed No-plan", plan_id=None),
        snap("Zoe", adherence=0.5),
    ]
    names = [s.name for s in roster_needs.rank(given)]
    assert names == ["Zoe", "Zed No-plan", "Zara Waiting", "Abe On-track"]
