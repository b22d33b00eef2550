"""A stopped plan says why on Today and on its page: the decision that stopped it and the red
flags that joined it, never a decision that came later or one a lift already ended."""

from __future__ import annotations

from datetime import date

from planner.model import Report
from tests.web.conftest import PASSWORD, add_reports, part_of


def severe_twice(app, plan_id: int) -> None:
    add_reports(
        app,
        plan_id,
        [Report(date(2025, 3, 17), pain_running=8), Report(date(2025, 3, 19), pain_running=8)],
    )


def lift_card(client, plan_id: int) -> str:
    return part_of(client, f"/plans/{plan_id}", "lift")


def stop_card(client, plan_id: int) -> str:
    return part_of(client, f"/plans/{plan_id}/today", "stopped", end="</div>")


def test_a_stop_for_severe_pain_again_says_so_on_the_plans_page_and_offers_no_mistake(
    app, client, plan_id
):
    """Found in a review: the plan page's card named no reason for this stop (or an earlier,
    cleared red flag), and Today offered to record a red flag as a mistake when none stood."""
    add_reports(app, plan_id, [Report(date(2025, 3, 5), flags=("calf_swelling",))])
    cleared = {"date": "2025-03-06", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302
    severe_twice(app, plan_id)
    card = lift_card(client, plan_id)
    assert "severe for the second time in two weeks" in card
    assert "calf" not in card.lower()
    today = stop_card(client, plan_id)
    assert "severe for the second time in two weeks" in today
    assert "Ticked a red flag by mistake?" not in today


def test_a_stop_card_names_the_red_flag_not_a_later_change_of_settings(app, client, plan_id):
    """Found in a review: settings saved during a stop put "Your settings changed" on the stop
    card, and dated the stop by it, so a clearance given after the flag was refused."""
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    form = {"onset": "2025-03-01", "start": "2025-03-01", "baseline": "35", "runs_per_week": "4"}
    assert client.post(f"/plans/{plan_id}/settings", data=form).status_code == 302
    today = stop_card(client, plan_id)
    assert "Red flag on Monday 17 March (pain at night)" in today
    assert "settings" not in today.lower()
    cleared = {"date": "2025-03-18", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302


def test_a_flag_that_joined_a_stop_is_said_beside_the_one_that_began_it(app, client, plan_id):
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("numbness_tingling",))])
    for card in (stop_card(client, plan_id), lift_card(client, plan_id)):
        assert "Red flag on Monday 17 March (pain at night)" in card
        assert "Red flag on Wednesday 19 March (numbness or tingling)" in card


def test_the_page_of_a_plan_to_refer_offers_no_clearance_that_would_resume_it(app, client):
    from tests.web.conftest import add_plan, sign_up

    sign_up(client, "runner@example.com")
    refer = add_plan(app, "runner@example.com", condition="mortons-neuroma")
    card = lift_card(client, refer)
    assert "the plan holds no running, whatever is recorded here" in card
    assert "Record the clearance" not in card and "It resumes" not in card


def test_a_coach_reads_the_athletes_stop_and_way_back_in_the_third_person(app, coached):
    """Found in a review: the stop card and the way back spoke to the coach as the runner
    ("once a clinician clears you", "Your way back")."""
    coach, _, managed = coached
    page = coach.get(f"/plans/{managed}/today").get_data(as_text=True)
    assert "The athlete&#39;s way back" in page and "Your way back" not in page
    assert "Expected back to their usual week" in page
    add_reports(app, managed, [Report(date(2025, 3, 19), flags=("night_pain",))])
    page = coach.get(f"/plans/{managed}/today").get_data(as_text=True)
    assert "Once a clinician clears them to run" in page and "clears you" not in page


def test_a_withdrawn_clot_flag_no_longer_sends_the_runner_to_an_emergency_department(
    app, client, plan_id
):
    """Found in a review: with another flag keeping the plan stopped, a calf flag recorded as a
    mistake still headed Today "Stop: get care now" with its emergency advice."""
    add_reports(app, plan_id, [Report(date(2025, 3, 15), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("calf_swelling",))])
    mistake = {
        "date": "2025-03-17",
        "flag": "calf_swelling",
        "reason": "wrong box",
        "confirm": "yes",
    }
    assert client.post(f"/plans/{plan_id}/retractions", data=mistake).status_code == 302
    today = stop_card(client, plan_id)
    assert "Stop: see a professional" in today and "emergency" not in today
    assert "Red flag on Saturday 15 March (pain at night)" in today
    # the clearance the stop now waits for: one given after the night pain
    cleared = {"date": "2025-03-16", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302


def test_a_plan_to_refer_still_offers_to_withdraw_a_flag_told_before_it_started(app, client):
    """Found in a review: only flags since the stop began were offered, and a plan to refer is
    stopped from its first day, after a flag told between the onset and the start."""
    from tests.web.conftest import add_plan, sign_up

    sign_up(client, "runner@example.com")
    refer = add_plan(
        app,
        "runner@example.com",
        condition="mortons-neuroma",
        onset=date(2025, 3, 1),
        start=date(2025, 3, 10),
    )
    add_reports(app, refer, [Report(date(2025, 3, 5), flags=("calf_swelling",))])
    card = lift_card(client, refer)
    assert "“Swollen, tender calf” reported on Wednesday 5 March 2025" in card


def test_a_coach_reads_the_history_of_the_athletes_plan_not_of_my_plan(coached):
    coach, _, managed = coached
    page = coach.get(f"/plans/{managed}/history").get_data(as_text=True)
    assert "<h1>Why did the athlete&#39;s plan change?</h1>" in page
    assert "<title>Why did the athlete&#39;s plan change?" in page
    assert "my plan" not in page


def test_a_stop_for_pain_that_a_flag_joined_lifts_only_with_a_clearance_and_says_so(
    app, client, plan_id
):
    """Found in a review: the card said a mistaken flag would resume a stop for pain, and
    Today and the unticked flag's message pointed to it."""
    severe_twice(app, plan_id)
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("swelling_bruising",))])
    card = lift_card(client, plan_id)
    assert "only when a clinician's clearance is recorded" in card
    assert "that takes back its referral, not the stop" in card
    assert "Ticked a red flag by mistake?" not in stop_card(client, plan_id)
    unticked = client.post(
        f"/plans/{plan_id}/report", data={"date": "2025-03-20", "pain_rest": "0"}
    )
    said = client.get(unticked.location).get_data(as_text=True)
    assert "The plan is stopped for pain: it resumes when a clinician&#39;s clearance" in said


def test_a_clearance_before_a_flag_that_joined_the_stop_is_refused_naming_that_flag(
    app, client, plan_id
):
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("numbness_tingling",))])
    cleared = {"date": "2025-03-18", "note": "Dr Lee"}
    refused = client.post(f"/plans/{plan_id}/clearances", data=cleared).get_data(as_text=True)
    assert "A red flag joined the stop on Wednesday 19 March 2025" in refused
    assert "Record the clearance given after it." in refused


def test_a_clearance_before_the_day_a_flag_stands_on_is_refused_when_its_first_day_was_a_mistake(
    app, client, plan_id
):
    """Found in a review: the stop said again for the flag's later day kept the withdrawn day
    as its date, so the form recorded a clearance dated between them that lifted nothing."""
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("night_pain",))])
    mistake = {"date": "2025-03-17", "flag": "night_pain", "reason": "wrong box", "confirm": "yes"}
    assert client.post(f"/plans/{plan_id}/retractions", data=mistake).status_code == 302
    assert "Red flag on Wednesday 19 March (pain at night)" in lift_card(client, plan_id)
    cleared = {"date": "2025-03-18", "note": "Dr Lee"}
    refused = client.post(f"/plans/{plan_id}/clearances", data=cleared).get_data(as_text=True)
    assert "A red flag joined the stop on Wednesday 19 March 2025: a clearance given" in refused


def test_a_clearance_before_a_flag_told_again_during_the_stop_is_refused(app, client, plan_id):
    """Found in a review: the form accepted a clearance dated between a flag and the same flag
    told again, which the engine does not lift with (the clearance may predate the second)."""
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("night_pain",))])
    cleared = {"date": "2025-03-18", "note": "Dr Lee"}
    refused = client.post(f"/plans/{plan_id}/clearances", data=cleared).get_data(as_text=True)
    assert "A red flag joined the stop on Wednesday 19 March 2025" in refused
    after = {"date": "2025-03-20", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=after).status_code == 302
    page = client.get(f"/plans/{plan_id}")
    assert page.status_code == 200 and "The plan is stopped" not in page.get_data(as_text=True)


def test_the_plans_page_says_a_clearance_of_today_resumes_the_plan_tomorrow(app, client, plan_id):
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("night_pain",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302
    assert "the plan resumes tomorrow with rehab" in lift_card(client, plan_id)


def test_a_plan_to_refer_is_printed_and_unticked_without_a_promise_to_resume(app, client):
    from tests.web.conftest import add_plan, sign_up

    sign_up(client, "runner@example.com")
    refer = add_plan(app, "runner@example.com", condition="mortons-neuroma")
    printed = client.get(f"/plans/{refer}/print").get_data(as_text=True)
    assert "a condition for a professional to manage: the plan holds no running" in printed
    add_reports(app, refer, [Report(date(2025, 3, 20), flags=("numbness_tingling",))])
    unticked = client.post(f"/plans/{refer}/report", data={"date": "2025-03-20", "pain_rest": "0"})
    said = client.get(unticked.location).get_data(as_text=True)
    assert "stays on the record" in said and "resumes" not in said


def test_a_suspected_clot_heads_today_with_get_care_now(app, client, plan_id):
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("calf_swelling",))])
    page = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "<h1>Plan stopped: get care now</h1>" in page


def test_the_printed_plan_of_a_stop_cleared_today_prints_the_days_it_resumes_with(
    app, client, plan_id
):
    """Seen in a review: the sheet said "no running until it lifts" and ended at today, though
    the clearance of today resumes the plan tomorrow."""
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("night_pain",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}  # the stop's own day: it lifts tomorrow
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302
    printed = client.get(f"/plans/{plan_id}/print?weeks=1").get_data(as_text=True)
    assert "until it lifts" not in printed
    assert "a clinician's clearance of today (Dr Lee) resumes it tomorrow" in printed
    rows = printed[printed.find("<tbody>") : printed.find("</tbody>")]
    assert "Thu 20 Mar" in rows and "Fri 21 Mar" in rows and "Wed 26 Mar" in rows
    friday = rows[rows.find("Fri 21 Mar") : rows.find("</tr>", rows.find("Fri 21 Mar"))]
    assert "Rehab" in friday and "day 21, projected" in friday  # tomorrow has not happened yet


def test_a_coach_reads_the_athletes_charts_and_watch_pages_without_being_called_the_runner(
    app, client, coached
):
    """Seen in a review: the charts named "your usual week" and the watch page "your watch" and
    "your plan" to a coach."""
    coach, runner_plan, managed = coached
    charts = coach.get(f"/plans/{managed}/charts").get_data(as_text=True)
    assert "(their usual week before the injury)" in charts and "your usual week" not in charts
    watch = coach.get(f"/plans/{managed}/watch").get_data(as_text=True)
    assert "Send the plan to the watch" in watch
    assert "your watch" not in watch and "your plan" not in watch
    client.post("/auth/login", data={"email": "runner@example.com", "password": PASSWORD})
    own = client.get(f"/plans/{runner_plan}/charts").get_data(as_text=True)
    assert "(your usual week before the injury)" in own
