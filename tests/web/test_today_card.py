"""Today's session card, pain chips, change banner and way back, as the server renders them."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from markupsafe import escape

from planner import protocol as P
from planner.conditions import CATALOG
from planner.model import Report
from planner.rules import Rule
from tests.web.conftest import add_plan, add_reports, green_week
from tests.web.test_today import engine_plan
from web.pages.today_banner import LAYOUT_RULES, colour_of

TODAY = date(2025, 3, 20)
ACHILLES = CATALOG["achilles-tendinopathy-midportion"]


def today_html(client, plan_id: int) -> str:
    return client.get(f"/plans/{plan_id}/today").get_data(as_text=True)


def section(html: str, css_class: str) -> str:
    """The HTML of the first <section> with this class."""
    found = re.search(rf'<section class="[^"]*\b{css_class}\b.*?</section>', html, re.S)
    assert found, f"no {css_class} section"
    return found.group(0)


def banner_after(client, plan_id: int, report: dict[str, str], colour: str) -> tuple[str, str]:
    """Send a report as the Today form does and follow it: the banner of this colour, and the
    whole page."""
    response = client.post(f"/plans/{plan_id}/report", data=report)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    return section(html, f"banner-{colour}"), html


def plan_with(app, auth, reports=(), **spec) -> int:
    auth.signup()
    plan = add_plan(app, "runner@example.com", **spec)
    add_reports(app, plan, reports)
    return plan


def pain_free(first: date, last: date) -> list[Report]:
    days = (last - first).days + 1
    return [Report(first + timedelta(days=i), 0, 0, 0, 0) for i in range(days)]


def test_a_walk_run_day_shows_the_intervals_the_pain_limit_progress_and_the_next_run(
    client, walk_run_plan
):
    html = today_html(client, walk_run_plan)
    card = section(html, "session-card")
    assert "<h1>Walk-run, stage 3 of 8</h1>" in html
    assert "6 × 3 min run / 1 min walk" in card
    assert card.count('class="seg seg-run"') == 6 and card.count('class="seg seg-walk"') == 6
    assert 'role="img" aria-label="6 × 3 min run / 1 min walk, 24 min in all: run 3 min' in card
    safe, ceiling = P.TENDON_SAFE_PAIN, ACHILLES.pain_ceiling
    assert f"0–{safe}/10</strong> is fine" in card and f"above {ceiling}</strong>: stop" in card
    assert re.search(r"data-progress data-total=\"5\">0 of 5 done", card)
    assert "<strong>Mon 24 Mar</strong>: walk-run, 4 × 5 min run / 1 min walk" in card


def test_progress_counts_the_items_ticked_off(client, walk_run_plan):
    form = {"date": TODAY.isoformat(), "item": "ex:calf-stretch", "done": "1"}
    client.post(f"/plans/{walk_run_plan}/done", data=form)
    assert "1 of 5 done" in section(today_html(client, walk_run_plan), "session-card")


def test_a_rest_day_says_what_to_do_and_when_the_first_run_comes(app, client, auth):
    plan = plan_with(app, auth, onset=date(2025, 3, 19), start=date(2025, 3, 19))
    html = today_html(client, plan)
    card = section(html, "session-card")
    assert "<h1>Rest and observe</h1>" in html
    assert "No run today" in card and "Pain limit" not in card
    assert "Today: 2 exercises" in card and "Time needed" in card
    assert "<strong>Wed 26 Mar</strong>: the pain-free test" in card  # day 8, the earliest test


def test_the_test_day_names_the_test_and_its_limit(app, client, auth):
    onset = date(2025, 3, 13)  # today is day 8, the first test day
    plan = plan_with(
        app, auth, pain_free(date(2025, 3, 19), date(2025, 3, 19)), onset=onset, start=onset
    )
    html = today_html(client, plan)
    card = section(html, "session-card")
    assert "<h1>Pain-free test</h1>" in html
    assert f"Pain-free test: {P.TEST_MINUTES} min slow jog" in card
    assert f"Stop if it hurts more than <strong>{P.TENDON_SAFE_PAIN}/10</strong>" in card


def test_the_test_days_pain_key_has_no_hold_band(app, client, auth):
    """More than 2/10 on the test steps the plan back to rehab: no score of the test holds."""
    onset = date(2025, 3, 13)  # today is day 8, the first test day
    plan = plan_with(
        app, auth, pain_free(date(2025, 3, 19), date(2025, 3, 19)), onset=onset, start=onset
    )
    key = re.search(r'<p class="hint chip-key">(.*?)</p>', today_html(client, plan)).group(1)
    assert "hold" not in key
    assert f"0–{P.TENDON_SAFE_PAIN} fine" in key and f"{P.TENDON_SAFE_PAIN + 1}+ too much" in key


def test_a_ramp_day_says_the_week_and_the_run(app, client, auth):
    onset = date(2025, 1, 15)
    everyday = tuple(range(7))
    reports = pain_free(onset + timedelta(days=7), TODAY - timedelta(days=1))
    plan = plan_with(app, auth, reports, onset=onset, start=onset, run_days=everyday)
    html = today_html(client, plan)
    card = section(html, "session-card")
    assert re.search(r"<h1>Building back up, week \d+</h1>", html)
    assert re.search(r"Easy run: \d+ min easy run", card)
    assert 'class="seg seg-walk"' not in card


@pytest.mark.parametrize(
    "score, colour",
    [(0, "green"), (P.TENDON_SAFE_PAIN, "green"), (P.TENDON_SAFE_PAIN + 1, "amber")]
    + [(ACHILLES.pain_ceiling, "amber"), (ACHILLES.pain_ceiling + 1, "red"), (10, "red")],
)
def test_the_chips_are_coloured_by_the_plans_pain_limits(client, walk_run_plan, score, colour):
    html = today_html(client, walk_run_plan)
    for name in ("pain_rest", "pain_walking", "pain_running", "pain_morning"):
        assert f'<label class="chip chip-{colour}" for="{name}-{score}">{score}</label>' in html


def test_a_bone_plan_colours_any_pain_red(app, client, auth):
    plan = plan_with(app, auth, condition="metatarsal-stress-fracture")
    html = today_html(client, plan)
    assert '<label class="chip chip-green" for="pain_rest-0">0</label>' in html
    assert '<label class="chip chip-red" for="pain_rest-1">1</label>' in html


def test_the_running_question_is_asked_only_on_a_day_with_a_run(client, plan_id, walk_run_plan):
    assert 'name="pain_running"' not in today_html(client, plan_id)  # rehab, no run
    assert 'name="pain_running"' in today_html(client, walk_run_plan)


def test_the_red_flags_wait_behind_something_worse(client, plan_id):
    html = today_html(client, plan_id)
    worse = re.search(
        r'<details class="worse">\s*<summary>Something worse\?<span[^>]*>[^<]*</span></summary>',
        html,
    )
    assert worse and 'value="cannot_bear_weight"' in html[worse.end() :]


def test_a_red_flag_tapped_from_the_chips_form_still_asks_before_it_is_saved(client, plan_id):
    response = client.post(
        f"/plans/{plan_id}/report", data={"pain_rest": "2", "flags": ["snap_or_pop"]}
    )
    html = response.get_data(as_text=True)
    assert "Are you sure? This stops your plan" in html
    assert 'name="confirm" value="red_flag"' in html
    assert '<details class="worse" open>' in html  # the ticked flag stays in sight


def test_a_skipped_question_is_sent_empty_and_read_as_not_reported(client, plan_id):
    form = {"pain_rest": "1", "pain_walking": "", "pain_morning": ""}
    response = client.post(f"/plans/{plan_id}/report", data=form)
    assert response.status_code == 302
    html = today_html(client, plan_id)
    assert 'id="pain_rest-1" name="pain_rest" value="1" checked' in html
    assert 'id="pain_walking-skip" name="pain_walking" value="" checked' in html


def test_no_banner_when_nothing_changed(app, client, walk_run_plan):
    # Yesterday's report, pain-free, changed nothing (its run is judged on the next morning),
    # and nothing changed since. (A report the day after stage S2 passed would leave out the
    # holds made since for the walk-runs never reported: those are changes, said below.)
    quiet = Report(TODAY - timedelta(days=1), 0, 0, 0, 0)
    add_reports(app, walk_run_plan, [quiet])
    assert 'id="changes"' not in today_html(client, walk_run_plan)


@pytest.mark.parametrize(
    "running, colour, words, now",
    [
        ("4", "amber", "stage S3 repeats", "nothing grows until the pain settles"),
        ("6", "red", "back to stage S2", "no more running today"),
    ],
)
def test_a_report_today_shows_a_banner_coloured_by_what_it_changed(
    client, walk_run_plan, running, colour, words, now
):
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": running, "pain_morning": "0"}
    response = client.post(f"/plans/{walk_run_plan}/report", data=report)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    banner = section(html, f"banner-{colour}")
    assert "Thanks — here is what changed" in banner and words in banner
    assert "<strong>Now:</strong>" in banner and now in banner
    # The next run shown is projected as if the pain settles: it says it waits on that.
    assert "<strong>Next run, if the pain has settled by then:</strong>" in banner
    assert "at the earliest, if the pain has settled</dd>" in section(html, "session-card")


def test_a_test_opened_by_todays_report_shows_a_green_banner(client, plan_id):
    client.post(f"/plans/{plan_id}/report", data={"pain_rest": "0", "pain_walking": "0"})
    html = today_html(client, plan_id)
    banner = section(html, "banner-green")
    assert "What changed today" in banner and "the pain-free test can go ahead" in banner
    assert "<strong>Next run, once the test has passed:</strong>" in banner  # no pain to wait for
    assert "at the earliest" not in section(html, "session-card")


def test_a_test_that_hurts_badly_says_back_off_and_see_someone_not_that_it_can_go_ahead(
    client, plan_id
):
    # The report that opens the test also says it hurt 9/10: the opening was true this
    # morning, but the banner says what holds now: back off, and get it seen.
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "9"}
    banner, _ = banner_after(client, plan_id, report, "red")
    assert "Step back: your plan eases off, and see a professional (below)" in banner
    assert "back off with 3 days of rehab" in banner
    assert "book a doctor or physiotherapist to find out why" in banner
    assert "can go ahead" not in banner


def test_a_referral_beside_a_test_that_opens_does_not_turn_the_banner_into_a_step_back(
    client, plan_id
):
    # Day 20 with some pain at rest: the test opens (pain 2 or less) and a week of pain at
    # rest asks for a sports doctor; the verdict is the test's, the referral is listed.
    report = {"pain_rest": "1", "pain_walking": "1", "pain_morning": "2"}
    banner, html = banner_after(client, plan_id, report, "green")
    assert "Good news: your plan moves on, and see a professional (below)" in banner
    assert "the pain-free test can go ahead" in banner and "sports doctor" in banner
    assert "no more running today" not in html and "Step back" not in html


def test_the_first_report_on_a_plans_first_day_is_not_called_a_step_back(app, client, auth):
    # A "not sure" plan that starts today, days after the onset: its first-day advice (a bone
    # stress injury is possible, see a doctor) is not a change the pain-free report made.
    plan = plan_with(app, auth, condition="not-sure", onset=TODAY - timedelta(days=15), start=TODAY)
    report = {"pain_rest": "0", "pain_walking": "0", "pain_morning": "0"}
    response = client.post(f"/plans/{plan}/report", data=report)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Step back" not in html and "no more running today" not in html
    banner = section(html, "banner")
    assert "Thanks — your report is saved" in banner
    assert "See a professional: your plan goes on meanwhile" in banner
    assert "This plan is not a diagnosis" in banner


def test_yesterdays_report_keeps_its_banner_until_the_next_report(app, client, walk_run_plan):
    add_reports(app, walk_run_plan, [Report(TODAY - timedelta(days=1), 0, 0, 6, 0)])
    banner = section(today_html(client, walk_run_plan), "banner-red")
    assert "What changed on Wed 19 Mar" in banner


@pytest.mark.parametrize(
    "rule, colour",
    [
        (Rule.STAGE_PASSED, "green"),
        (Rule.TEST_PASSED, "green"),
        (Rule.COMPLETE, "green"),
        (Rule.AMBER_REPEAT, "amber"),
        (Rule.AMBER_HOLD, "amber"),
        (Rule.NO_EVIDENCE, "amber"),
        (Rule.RED_STEP_BACK, "red"),
        (Rule.RED_DROP_BACK, "red"),
        (Rule.TEST_FAILED, "red"),
        (Rule.RED_FLAG, "red"),
    ],
)
def test_each_rule_has_the_colour_of_what_it_does(rule, colour):
    assert colour_of(rule) == colour


def test_the_way_back_marks_where_the_runner_is_and_the_expected_date(client, walk_run_plan):
    way = section(today_html(client, walk_run_plan), "way-back")
    now = re.search(r'step-now" aria-current="step">\s*<span class="step-label">([^<]+)', way)
    assert now and now.group(1) == "Walk-run"
    assert way.count("step-done") == 3  # rest, rehab, test
    assert re.search(r"Expected back to your usual week: <strong>\w+ \d+ \w+ 2025</strong>", way)
    assert "an estimate: it moves with every report" in way


def test_a_stopped_plan_shows_no_way_back_and_no_next_run(client, walk_run_plan):
    client.post(
        f"/plans/{walk_run_plan}/report", data={"flags": ["snap_or_pop"], "confirm": "red_flag"}
    )
    html = today_html(client, walk_run_plan)
    assert "way-back" not in html and "Next run" not in html
    assert "Stop: get care today" in html
    card = section(html, "session-card")
    # a snap or pop is looked at the same day: nothing to do for the foot until then
    assert "No running or exercise: get care today" in card and "Today: rest the foot." in card


def test_severe_pain_on_a_run_twice_in_two_weeks_stops_the_plan_on_today(client, walk_run_plan):
    client.post(f"/plans/{walk_run_plan}/report", data={"pain_running": "8"})
    html = today_html(client, walk_run_plan)
    assert "book a doctor or physiotherapist to find out why" in section(html, "banner-red")
    later = TODAY - timedelta(days=5)  # an earlier run that hurt as much, reported late
    response = client.post(
        f"/plans/{walk_run_plan}/report", data={"date": later.isoformat(), "pain_running": "7"}
    )
    assert response.status_code == 302
    html = today_html(client, walk_run_plan)
    assert "No running: see a professional first" in section(html, "session-card")
    assert "Next run" not in html and "severe for the second time in two weeks" in html


def test_time_needed_adds_timed_items_and_each_exercise_but_not_optional_cross_training():
    from planner.model import Day, Item, ItemKind, Phase
    from web.pages.today_card import EXERCISE_MINUTES, minutes_needed

    items = (
        Item("walk", ItemKind.WALK, "Easy walk", "20–30 min easy"),
        Item("bike", ItemKind.CROSS_TRAIN, "Cross-training", "20–40 min, if pain allows"),
        Item("ex:towel", ItemKind.EXERCISE, "Towel scrunches", "3×15 per foot"),
        Item("warm-up", ItemKind.NOTE, "Foot drills", "1 min each: circles, heel walks, toe walks"),
    )
    day = Day(TODAY, 20, Phase.REHAB, None, False, 0.0, None, items)
    low, high = EXERCISE_MINUTES
    assert minutes_needed(day, None) == (20 + low + 3, 30 + high + 3)


def test_a_finished_plan_says_since_when_it_is_back_to_full_volume(app, client, auth):
    onset = date(2024, 12, 1)  # pain-free every day since: the plan is complete by today
    reports = pain_free(onset + timedelta(days=7), TODAY - timedelta(days=1))
    plan = plan_with(app, auth, reports, onset=onset, start=onset, run_days=tuple(range(7)))
    html = today_html(client, plan)
    way = section(html, "way-back")
    assert "<h1>Back to your usual running</h1>" in html
    assert re.search(r"Back to your usual week since <strong>\w+ \d+ \w+ 2025</strong>", way)
    assert "estimate" not in way


def test_a_stopped_plan_shows_its_stop_and_no_hold_beside_it(client, walk_run_plan):
    """Found in the browser: after a confirmed red flag, a change banner ("Hold … keep to the
    plan below", or here "Step back") sat under the red stop."""
    form = {
        **{"pain_rest": "3", "pain_walking": "4", "pain_morning": "3"},
        **{"flags": ["night_pain"], "confirm": "red_flag"},
    }
    assert client.post(f"/plans/{walk_run_plan}/report", data=form).status_code == 302
    html = today_html(client, walk_run_plan)
    assert "Stop: see a professional" in html
    assert 'id="changes"' not in html and "your plan eases off" not in html


def test_a_new_plan_gives_its_first_advice_as_such_not_as_a_change(app, auth, client):
    """Found in the browser: a plan not yet reported on opened with "Step back: your plan
    eases off"."""
    auth.signup()
    plan = add_plan(
        app,
        "runner@example.com",
        condition="navicular-stress-fracture",
        onset=TODAY,
        start=TODAY,
    )
    banner = section(today_html(client, plan), "banner-red")
    assert "Before you start" in banner and "What your plan says from the start" in banner
    assert "high-risk site" in banner and "Step back" not in banner
    assert "follow today&#39;s list below" in banner


def test_a_plan_waiting_for_a_clearance_gives_no_date_back(app, client, auth):
    auth.signup()
    plan_id = add_plan(app, "runner@example.com", condition="navicular-stress-fracture")
    way = section(today_html(client, plan_id), "way-back")
    assert "No date yet" in way and "a clinician clears you" in way
    assert "Expected back" not in way


def test_tender_bone_on_a_tendon_plan_asks_about_stopping_running_and_says_so_after(
    client, walk_run_plan
):
    form = {"pain_rest": "0", "pain_walking": "0", "flags": ["focal_bone_tenderness"]}
    asked = client.post(f"/plans/{walk_run_plan}/report", data=form).get_data(as_text=True)
    assert "Are you sure? This stops your running" in asked and "stricter bone rules" in asked
    assert "Yes, save it and stop my running" in asked
    saved = client.post(
        f"/plans/{walk_run_plan}/report",
        data={**form, "confirm": "red_flag"},
        follow_redirects=True,
    )
    banner_html = section(saved.get_data(as_text=True), "banner")
    assert "Running stops: the bone needs checking" in banner_html
    assert "eases off" not in banner_html


def test_a_red_flag_other_than_tender_bone_still_asks_about_stopping_the_plan(
    client, walk_run_plan
):
    form = {"pain_rest": "0", "flags": ["focal_bone_tenderness", "night_pain"]}
    asked = client.post(f"/plans/{walk_run_plan}/report", data=form).get_data(as_text=True)
    assert "Are you sure? This stops your plan" in asked


def test_the_clearance_item_links_to_where_a_clearance_is_recorded(app, client, auth):
    auth.signup()
    plan_id = add_plan(app, "runner@example.com", condition="navicular-stress-fracture")
    html = today_html(client, plan_id)
    assert f'href="/plans/{plan_id}/settings#clearances">Record a clearance' in html
    ids = re.findall(r'id="(item-[^"]+)"', html)
    assert len(ids) == len(set(ids))  # each item its own id


def test_the_top_of_today_links_straight_to_the_report_form(client, walk_run_plan):
    html = today_html(client, walk_run_plan)
    head = re.search(r'<header class="day-head">.*?</header>', html, re.S).group(0)
    assert '<a class="jump no-print" href="#report">Report how it feels</a>' in head
    assert '<section class="card report" id="report"' in html


def test_a_referral_for_pain_at_rest_says_the_next_run_waits_on_the_pain_too(client, plan_id):
    response = client.post(f"/plans/{plan_id}/report", data={"pain_rest": "6"})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    banner = section(html, "banner-red")
    assert "See a professional" in banner
    assert "<strong>Next run, if the pain has settled by then:</strong>" in banner


def test_back_after_a_break_the_banner_says_the_plan_starts_lower_and_waits_on_no_pain():
    from tests.planner.helpers import first, on, plan, report
    from tests.planner.test_engine_volume import green_log
    from web.pages.today_banner import banner

    sixth = first(plan("plantar-fasciitis", as_of=1), lambda d: d.ramp_week == 6)
    back = sixth.day + 20  # three weeks away without a word
    calm = report(back, pain_rest=0, pain_walking=0, pain_morning=0)
    the_plan = plan(
        "plantar-fasciitis", *green_log("plantar-fasciitis", sixth.day - 1), calm, as_of=back
    )
    earlier = [r.date for r in green_log("plantar-fasciitis", sixth.day - 1)]
    shown = banner(the_plan, on(back), [*earlier, on(back)])
    assert shown.title == "Welcome back: after the break your plan starts lower"
    assert shown.colour == "amber" and not shown.waits_on_pain
    assert "no more running today" not in shown.now
    assert banner(the_plan, on(back + 30), []) is None  # no report at all: nobody came back


def decided(*made: tuple[int, Rule]):
    """A plan on day 20 whose only decisions are these (day, rule) pairs."""
    from dataclasses import replace

    from planner.model import Decision
    from tests.planner.helpers import on, plan

    the_plan = plan("plantar-fasciitis", as_of=20)
    decisions = tuple(Decision(on(day), rule, f"{rule.value} on day {day}.") for day, rule in made)
    return replace(the_plan, decisions=decisions)


def decided_today(*rules: Rule):
    """A plan whose only decisions are these rules, today (day 20), as a report just made."""
    return decided(*((20, rule) for rule in rules))


def test_a_note_on_the_schedule_beside_a_stage_passed_keeps_the_good_news():
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(Rule.STAGE_PASSED, Rule.ONE_CHANGE), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("green", "Good news: your plan moves on")
    assert not shown.waits_on_pain and len(shown.decisions) == 2  # the note is still said


def test_a_change_of_settings_alone_is_no_hold_but_the_runners_own():
    # A new pace or usual week is the runner's (or coach's) own change: said, never "Hold".
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(Rule.SETTINGS_CHANGED, Rule.ONE_CHANGE), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("green", "Your plan follows your new settings")
    assert shown.now == "carry on with today's list below." and not shown.waits_on_pain


def test_a_change_of_settings_beside_a_hold_leaves_the_hold_its_say():
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(Rule.SETTINGS_CHANGED, Rule.PAIN_HOLD), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("amber", "Hold: your plan stays where it is")
    shown = banner(decided_today(Rule.SETTINGS_CHANGED, Rule.STAGE_PASSED), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("green", "Good news: your plan moves on")


@pytest.mark.parametrize("rule", sorted(LAYOUT_RULES, key=lambda rule: rule.value))
def test_a_note_on_the_schedule_alone_is_no_hold(rule):
    # A week that adds a run day, or a run trimmed to fit its 7 days, holds nothing back: the
    # banner names it a note, not "Hold: your plan stays where it is".
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(rule), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("green", "Your plan goes on: a note on its runs")
    assert shown.now == "carry on with today's list below." and not shown.waits_on_pain


@pytest.mark.parametrize("rule", [Rule.UNPLANNED_RUN, Rule.RUN_SPIKE])
def test_a_run_beyond_the_plan_alone_is_never_a_green_carry_on(rule):
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(rule), on(20), [on(20)])
    assert (shown.colour, shown.title) == ("amber", "Hold: your plan stays where it is")
    assert shown.now == "keep to the plan below."


@pytest.mark.parametrize(
    ("rule", "now"),
    [
        (Rule.NO_EVIDENCE, "report how each run feels"),
        (Rule.ADHERENCE_REPEAT, "once its runs are done"),
    ],
)
def test_a_hold_for_no_report_or_missed_runs_says_so_and_never_blames_pain(rule, now):
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided_today(rule), on(20), [on(20)])
    assert shown.title == "Hold: your plan stays where it is" and now in shown.now
    assert "pain" not in shown.now and not shown.waits_on_pain


def test_a_hold_for_pain_still_waits_on_the_pain_and_its_settling_is_good_news():
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    held = banner(decided_today(Rule.AMBER_REPEAT), on(20), [on(20)])
    assert "until the pain settles" in held.now and held.waits_on_pain
    assert banner(decided_today(Rule.PAIN_SETTLED), on(20), [on(20)]).colour == "green"


def test_a_green_report_that_moves_the_return_later_is_not_called_good_news():
    # Plantar fasciitis, 10 mi a week, 4 runs: the report of day 8 opens the test today, not
    # tomorrow; the walk-run's weekly cap then spaces the stages so the ramp starts a day later.
    from tests.planner.helpers import on, plan, report
    from web.pages.today_banner import banner
    from web.pages.today_card import expected_back

    spec = {"baseline": 10.0, "unit": "mi", "runs_per_week": 4}
    was = plan("plantar-fasciitis", as_of=8, **spec)
    now = plan(
        "plantar-fasciitis", report(8, pain_rest=0, pain_walking=0, pain_morning=0), as_of=8, **spec
    )
    assert expected_back(now, on(8)) > expected_back(was, on(8))

    shown = banner(now, on(8), [on(8)], before=lambda when: was if when == on(8) else None)
    assert shown.colour == "green" and "Good news" not in shown.title
    assert shown.title == "Your plan moves on, but your return date moves later"
    assert shown.back == (expected_back(was, on(8)), expected_back(now, on(8)))


@pytest.mark.parametrize("rule", [Rule.STAGE_PASSED, Rule.TEST_PASSED, Rule.LOADING_STEP])
def test_good_news_the_plan_projected_already_builds_no_plan_to_compare(rule):
    """A pass or a ramp step is what the way back already showed; only the test opening on the
    report's own day can lay it out again, so only then is the plan without it built."""
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    asked: list = []
    shown = banner(decided_today(rule), on(20), [on(20)], before=asked.append)
    assert shown.colour == "green" and asked == []
    banner(decided_today(Rule.TEST_OPENS), on(20), [on(20)], before=asked.append)
    assert asked == [on(20)]


def test_a_green_report_that_brings_the_return_no_later_keeps_the_good_news():
    from tests.planner.helpers import on, plan, report
    from web.pages.today_banner import banner
    from web.pages.today_card import expected_back

    # 40 km a week: the test opened today brings the return earlier, as it reads.
    was = plan("plantar-fasciitis", as_of=8)
    now = plan("plantar-fasciitis", report(8, pain_rest=0, pain_walking=0, pain_morning=0), as_of=8)
    assert expected_back(now, on(8)) <= expected_back(was, on(8))
    shown = banner(now, on(8), [on(8)], before=lambda when: was)
    assert (shown.title, shown.back) == ("Good news: your plan moves on", None)


def test_after_a_green_report_that_moves_the_return_later_the_banner_says_from_when_to_when(
    app, client, auth
):
    # Achilles, 15 km a week, 4 runs, today day 8: the report opens the test today, and the
    # way back ends later than it did before the report (the caps space the runs ahead anew).
    onset = TODAY - timedelta(days=7)
    plan = plan_with(app, auth, baseline=15.0, runs_per_week=4, onset=onset, start=onset)
    was = expected_on_page(client.get(f"/plans/{plan}/today").get_data(as_text=True))
    banner, html = banner_after(
        client, plan, {"pain_rest": "0", "pain_walking": "0", "pain_morning": "0"}, "green"
    )
    now = expected_on_page(html)
    assert datetime.strptime(now, "%A %d %B %Y") > datetime.strptime(was, "%A %d %B %Y")
    assert "Good news" not in banner
    assert "Your plan moves on, but your return date moves later" in banner
    assert f"<strong>{now}</strong>, not {was}" in banner
    assert "Nothing in the report holds you back" in banner  # and why it moved


def expected_on_page(html: str) -> str:
    """The date the way back expects the runner back to their usual week, as Today shows it."""
    way = section(html, "way-back")
    return re.search(r"Expected back to your usual week: <strong>([^<]+)</strong>", way).group(1)


# -- changes made since the last report ---------------------------------------------------------


def changes_section(html: str) -> str:
    """What Today says changed (the banner, or "Report saved"), or "" when it says nothing."""
    found = re.search(r'<section [^>]*id="changes".*?</section>', html, re.S)
    return found.group(0) if found else ""


def test_a_hold_made_since_the_last_report_shows_with_its_day_until_the_next_report(
    app, client, walk_run_plan
):
    # The last report, a week ago, passed a stage; since then walk-runs went unreported and the
    # stage held. Today says the holds of the last few days, dated, not the week-old good news.
    from web.core.templating import short_date
    from web.pages.today_banner import RECENT_DAYS

    plan = engine_plan(app, walk_run_plan)
    last = max(r.date for r in green_week())
    since = [d for d in plan.decisions if last < d.date <= TODAY]
    recent = [d for d in since if (TODAY - d.date).days < RECENT_DAYS]
    older = [d for d in since if d not in recent]
    assert recent and older  # the week holds both
    banner = section(today_html(client, walk_run_plan), "banner-amber")
    assert f"What changed on {short_date(recent[-1].date)}" in banner
    assert all(str(escape(d.message)) in banner for d in recent)
    assert not any(str(escape(d.message)) in banner for d in older)
    assert "Good news" not in banner and "Hold: your plan stays where it is" in banner

    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "0", "pain_morning": "0"}
    response = client.post(f"/plans/{walk_run_plan}/report", data=report)
    after = changes_section(client.get(response.headers["Location"]).get_data(as_text=True))
    assert not any(str(escape(d.message)) in after for d in recent)


def test_a_hold_made_after_the_last_report_is_not_called_good_news():
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    shown = banner(decided((18, Rule.STAGE_PASSED), (19, Rule.NO_EVIDENCE)), on(20), [on(18)])
    assert shown.colour == "amber" and "Good news" not in shown.title
    assert [(d.date, d.rule) for d in shown.decisions] == [
        (on(18), Rule.STAGE_PASSED),
        (on(19), Rule.NO_EVIDENCE),
    ]
    assert shown.days == (on(18), on(19))


def test_a_report_today_shows_what_it_changed_not_what_changed_before_it():
    from tests.planner.helpers import on
    from web.pages.today_banner import banner

    plan = decided((19, Rule.RED_STEP_BACK), (20, Rule.STAGE_PASSED))
    shown = banner(plan, on(20), [on(17), on(20)])
    assert shown.colour == "green" and shown.days == (on(20),)


def test_changes_older_than_the_last_few_days_are_not_said_again():
    from tests.planner.helpers import on
    from web.pages.today_banner import RECENT_DAYS, banner

    oldest = 20 - RECENT_DAYS + 1  # the first day the banner still looks at
    assert banner(decided((oldest - 1, Rule.RED_STEP_BACK)), on(20), [on(oldest - 1)]) is None
    shown = banner(decided((oldest, Rule.RED_STEP_BACK)), on(20), [on(oldest - 5)])
    assert shown.colour == "red" and shown.days == (on(oldest),)


def test_changes_of_several_days_each_say_their_day(app):
    from flask import render_template_string

    from tests.planner.helpers import on
    from web.core.templating import short_date
    from web.pages.today_banner import banner

    shown = banner(decided((18, Rule.STAGE_PASSED), (19, Rule.NO_EVIDENCE)), on(20), [on(18)])
    macro = '{% from "today/_card.html" import change_banner %}'
    with app.test_request_context():
        html = render_template_string(
            macro + "{{ change_banner(shown, today, false, none) }}", shown=shown, today=on(20)
        )
    assert f"What changed on {short_date(on(18))} and {short_date(on(19))}" in html
    assert f"<li><strong>{short_date(on(19))}:</strong> no_evidence on day 19.</li>" in html


@pytest.mark.parametrize(
    ("what", "words", "said"),
    [
        ("Easy run", "11 min easy run", "Sun 23 Mar</strong>: 11 min easy run"),
        ("Walk-run", "8 × 1 min run / 1 min walk", ": walk-run, 8 × 1 min run / 1 min walk"),
        ("Pain-free test", "10 min slow jog", ": the pain-free test, 10 min slow jog"),
    ],
)
def test_the_next_run_is_named_once(app, what, words, said):
    from types import SimpleNamespace

    from web.pages.today_card import Session

    card = SimpleNamespace(
        next_run=SimpleNamespace(date=date(2025, 3, 23)),
        next_session=Session(what, (), words, 0.0),
    )
    with app.app_context():
        shown = str(app.jinja_env.get_template("today/_card.html").module.next_run(card))
    assert said in shown and "easy run, " not in shown


def lifted(*reports, as_of: int, clearances=(), retractions=()):
    """A calf-flag story on an Achilles plan, built with its log, for the banner."""
    from planner.model import Log
    from tests.planner.helpers import plan

    log = Log(reports=reports, clearances=clearances, retractions=retractions)
    built = plan(
        "achilles-tendinopathy-midportion",
        *reports,
        as_of=as_of,
        clearances=clearances,
        retractions=retractions,
    )
    return built, log


def test_after_a_clearance_a_red_flag_of_its_own_day_stays_said_with_what_to_do():
    """A stop that began on a clearance's day lifts the next (planner/halts.py), but a day's
    entries have no order: the flag may have come after the visit. The banner says it again,
    with its urgent advice and what to do, also after the next morning's report."""
    from tests.planner.helpers import cleared, on, report
    from web.pages.today_banner import banner

    flagged = report(20, flags=["calf_swelling"])
    for calm in ((), (report(21, pain_rest=0, pain_walking=0, pain_morning=0),)):
        the_plan, log = lifted(flagged, *calm, as_of=21, clearances=(cleared(20),))
        reported = [r.date for r in (flagged, *calm)]
        shown = banner(the_plan, on(21), reported, log=log)
        assert shown.title == "Your plan resumes, but check the red flag below"
        assert shown.colour == "red" and "stop and get it seen" in shown.now
        assert any("emergency department" in d.message for d in shown.decisions)


@pytest.mark.parametrize(
    "story",
    [
        "seen before the clearance",  # the flag two days before the clearance
        "recorded as a mistake",  # the clearance's day's flag withdrawn
        "a later clearance",  # a clearance after the flag did the lifting
    ],
)
def test_a_lift_whose_flags_were_seen_or_withdrawn_reads_as_the_plan_resuming(story):
    """Found in reviews: a withdrawn flag's "go to an emergency department now" came back, and
    any clearance date in the log, not the lifting one's, made the banner unsure."""
    from tests.planner.helpers import cleared, on, report, withdrawn
    from web.pages.today_banner import banner

    if story == "seen before the clearance":
        flagged, clearances, retractions, today = (
            report(18, flags=["calf_swelling"]),
            (cleared(20),),
            (),
            20,
        )
    elif story == "recorded as a mistake":
        flagged, clearances = report(20, flags=["calf_swelling"]), (cleared(20),)
        retractions, today = (withdrawn(20, "calf_swelling", 21),), 21
    else:
        flagged, clearances, retractions, today = (
            report(19, flags=["calf_swelling"]),
            (cleared(19), cleared(20)),
            (),
            20,
        )
    the_plan, log = lifted(flagged, as_of=today, clearances=clearances, retractions=retractions)
    shown = banner(the_plan, on(today), [flagged.date], log=log)
    assert shown.title == "Your plan resumes: rehab first, then a new pain-free test"
    assert not any("emergency department" in d.message for d in shown.decisions)


def no_runs(first: date, last: date) -> list[Report]:
    """Pain-free days with no run in them (rest and rehab days)."""
    return [replace(r, pain_running=None) for r in pain_free(first, last)]


def test_the_test_day_asks_for_the_runs_pain_today_and_the_mornings_tomorrow(app, client, auth):
    """The test passes only once its morning after is in (SPEC 3.3): said before the run."""
    onset = date(2025, 3, 13)  # today is day 8, the first test day
    plan = plan_with(app, auth, no_runs(onset, TODAY - timedelta(days=1)), onset=onset, start=onset)
    card = section(today_html(client, plan), "session-card")
    assert "<dt>After the run</dt>" in card
    assert "report your pain while running below, and tomorrow your pain on waking" in card
    assert "the test passes only once both are in." in card
    assert "Next run</dt><dd><strong>Fri 21 Mar</strong>: walk-run" in card
    assert "once the test has passed" in card


def test_a_test_reported_within_the_limit_asks_for_tomorrows_morning_not_todays_list(
    app, client, auth
):
    onset = date(2025, 3, 13)
    plan = plan_with(app, auth, no_runs(onset, TODAY - timedelta(days=1)), onset=onset, start=onset)
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "1"}
    banner, html = banner_after(client, plan, report, "green")
    card = section(html, "session-card")
    assert "Reported: 1/10 while running, within the limit." in card
    assert "Tomorrow, report your pain on waking: the test passes only once it is in." in card
    assert "Now:</strong> Tomorrow, report your pain on waking" in banner
    assert "carry on with today" not in banner
    assert "<strong>Next run, once the test has passed:</strong>" in banner


def test_a_walk_run_reported_within_the_limit_asks_for_tomorrows_morning(client, walk_run_plan):
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "0", "pain_morning": "0"}
    client.post(f"/plans/{walk_run_plan}/report", data=report)
    card = section(today_html(client, walk_run_plan), "session-card")
    assert "Reported: 0/10 while running, within the limit." in card
    assert "Tomorrow, report your pain on waking: the plan judges this run by it too." in card
    assert "once the test has passed" not in card


def test_a_test_that_hurt_leaves_the_asking_to_the_banner(app, client, auth):
    onset = date(2025, 3, 13)
    plan = plan_with(app, auth, no_runs(onset, TODAY - timedelta(days=1)), onset=onset, start=onset)
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "4"}
    banner, html = banner_after(client, plan, report, "red")
    assert "back off with 3 days of rehab" in banner
    assert "After the run" not in html and "Tomorrow, report your pain on waking" not in html


@pytest.mark.parametrize("running", [None, 1])
def test_a_coach_reading_a_test_day_is_not_asked_to_report(app, coached, running):
    coach, runner_plan, _ = coached
    opens = Report(TODAY, pain_rest=0, pain_walking=0, pain_running=running)  # opens the test
    add_reports(app, runner_plan, [opens])
    html = coach.get(f"/plans/{runner_plan}/today").get_data(as_text=True)
    assert "Pain-free test: 10 min slow jog" in html
    assert "After the run" not in html and "pain on waking:" not in html  # the banner's Now too


def test_a_coach_writing_a_managed_athletes_test_day_reads_of_their_pain(app, coached):
    coach, _, managed = coached
    add_reports(app, managed, [Report(TODAY, pain_rest=0, pain_walking=0)])
    card = section(coach.get(f"/plans/{managed}/today").get_data(as_text=True), "session-card")
    assert "Once they have run, report their pain while running below" in card


def test_a_run_within_its_limit_but_with_rest_pain_above_it_is_not_called_within_the_limit(
    client, walk_run_plan
):
    """Found in a review: the card said the run was within the limit while the banner held the
    stage for the pain at rest."""
    report = {"pain_rest": "3", "pain_walking": "0", "pain_running": "1"}
    client.post(f"/plans/{walk_run_plan}/report", data=report)
    html = today_html(client, walk_run_plan)
    assert "within the limit" not in html and "After the run" not in html
    assert "no stage passes" in section(html, "banner")


@pytest.mark.parametrize(
    ("protocol", "phase", "what", "after"),
    [
        ("tendon", "walk_run", "Easy run", "run"),  # a continuous bridge stage, S6 to S8
        ("tendon", "ramp", "Easy run", ""),  # a ramp run passes on its own score
        ("bone", "ramp", "Easy run", "run"),  # the bone rules read every run's morning
        ("tendon", "test", "Pain-free test", "test"),
    ],
)
def test_every_run_the_next_morning_judges_asks_for_it(protocol, phase, what, after):
    from types import SimpleNamespace

    from planner.model import Phase, Protocol
    from web.pages.today_card import PainBands, Session, after_run

    plan = SimpleNamespace(protocol=Protocol(protocol))
    day = SimpleNamespace(phase=Phase(phase))
    session = Session(what, (), "20 min easy run", 20.0)
    assert after_run(plan, day, session, PainBands(2, 5), None).get("after", "") == after


def test_a_pain_free_run_the_day_before_the_test_does_not_call_off_todays_test(app, client, auth):
    onset = date(2025, 3, 13)
    reports = [
        *no_runs(onset, TODAY - timedelta(days=2)),
        Report(TODAY - timedelta(days=1), 0, 0, 0, 0),
    ]
    plan = plan_with(app, auth, reports, onset=onset, start=onset)
    html = today_html(client, plan)
    assert "Pain-free test: 10 min slow jog" in section(html, "session-card")
    banner = section(html, "banner")
    assert "no harm done" in banner and "the pain-free test can go ahead" in banner
    assert "Step back" not in banner and "no more running today" not in banner


def test_a_red_flag_cleared_before_the_plans_first_day_is_not_said_as_a_stop(app, client, auth):
    """Seen in a review: a plan starting next week, its flag cleared by a clinician already,
    still read "Step back … the plan stops and running is off" on Today."""
    start = TODAY + timedelta(days=5)
    plan = plan_with(
        app,
        auth,
        [Report(TODAY - timedelta(days=2), flags=("night_pain",))],
        onset=date(2025, 3, 10),
        start=start,
    )
    stopped = today_html(client, plan)
    assert 'id="stopped"' in stopped  # the flag stops the plan until a clinician clears it
    cleared = {"date": (TODAY - timedelta(days=1)).isoformat(), "note": "Dr Lee"}
    assert client.post(f"/plans/{plan}/clearances", data=cleared).status_code == 302
    html = today_html(client, plan)
    assert "Your plan starts Tuesday 25 March" in html
    assert 'id="stopped"' not in html and 'id="changes"' not in html
    assert "the plan stops" not in html and "Step back" not in html


def test_a_red_test_that_is_the_second_red_says_two_reds_not_that_the_test_can_go_ahead(
    app, client, auth
):
    onset = date(2025, 3, 13)  # today is the first test day; six days ago a red run off the plan
    reports = [
        Report(r.date, 0, 0, 6, 0) if r.date == onset + timedelta(days=1) else r
        for r in no_runs(onset, TODAY - timedelta(days=1))
    ]
    plan = plan_with(app, auth, reports, onset=onset, start=onset)
    report = {"pain_rest": "0", "pain_walking": "0", "pain_running": "6"}
    banner, _ = banner_after(client, plan, report, "red")
    assert "the second red session within 7 days" in banner
    assert "can go ahead" not in banner
