"""A red flag, once reported, stays: re-saving the same day corrects pains but keeps flags."""

from __future__ import annotations

from datetime import date

import pytest

from planner.model import Report
from tests.api.conftest import Api, issue_token
from tests.web.conftest import (
    AuthActions,
    add_reports,
    confirm_preview,
    log_counts,
    part_of,
    upload_log,
)
from web import store


def flags_on(app, plan_id: int, when: date) -> set[str]:
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        log = store.logs.load_log(session().get(PlanRow, plan_id))
        return {f for r in log.reports if r.date == when for f in r.flags}


def pains_on(app, plan_id: int, when: date) -> int | None:
    from web.core.db import session
    from web.store.models import PlanRow

    with app.test_request_context():
        log = store.logs.load_log(session().get(PlanRow, plan_id))
        return next(r.pain_rest for r in log.reports if r.date == when)


def test_resaving_the_day_without_the_flag_keeps_the_red_flag(app, client, plan_id):
    url = f"/plans/{plan_id}/report"
    client.post(url, data={"pain_rest": "6", "flags": ["night_pain"], "confirm": "red_flag"})
    client.post(url, data={"pain_rest": "2", "flags": ["snap_or_pop"], "confirm": "red_flag"})
    assert client.post(url, data={"pain_rest": "1"}).status_code == 302
    assert flags_on(app, plan_id, date(2025, 3, 20)) == {"night_pain", "snap_or_pop"}
    assert pains_on(app, plan_id, date(2025, 3, 20)) == 1  # pains may be corrected


def test_the_api_keeps_the_red_flag_and_answers_with_it(app, plan_id):
    api = Api(app.test_client(), issue_token(app, "runner@example.com"))
    flagged = {"date": "2025-03-19", "flags": ["night_pain"], "confirm": "red_flag"}
    assert api.post(f"/plans/{plan_id}/reports", json=flagged).status_code == 200
    response = api.post(f"/plans/{plan_id}/reports", json={"date": "2025-03-19", "pain_rest": 0})
    assert response.json["flags"] == ["night_pain"]
    assert flags_on(app, plan_id, date(2025, 3, 19)) == {"night_pain"}


FLAGGED = Report(date(2025, 3, 15), pain_rest=3, flags=("night_pain",))
EARLIER_EXPORT = {
    "reports": [
        {"date": "2025-03-10", "pain_rest": 1, "flags": [], "note": ""},
        {"date": "2025-03-15", "pain_rest": 0, "flags": [], "note": "ok"},
    ],
    "completions": [],
}


@pytest.fixture
def halted(app, client, plan_id) -> int:
    """The logged-in runner's plan, halted by night pain reported on Saturday 15 March."""
    add_reports(app, plan_id, [FLAGGED])
    assert "The plan is stopped" in client.get(f"/plans/{plan_id}").get_data(as_text=True)
    return plan_id


def is_halted(client, plan_id) -> bool:
    return "status: stopped" in client.get(f"/plans/{plan_id}").get_data(as_text=True)


def test_importing_an_earlier_export_shows_what_changes_then_keeps_the_flag(app, client, halted):
    preview = upload_log(client, halted, EARLIER_EXPORT)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200 and "Nothing is saved until you confirm" in page
    assert "Monday 10 March 2025" in page  # added
    assert "Pain at rest 3/10 → Pain at rest 0/10" in page.replace("&#39;", "'")  # changed
    assert "Every red flag already stored stays (1 report carries one)." in page  # kept
    assert log_counts(app, halted) == (1, 0)  # nothing yet
    assert confirm_preview(client, halted, preview).status_code == 302
    assert log_counts(app, halted) == (2, 0)
    assert flags_on(app, halted, date(2025, 3, 15)) == {"night_pain"}
    assert pains_on(app, halted, date(2025, 3, 15)) == 0
    assert is_halted(client, halted)


def test_an_imported_clearance_without_who_gave_it_does_not_lift_the_stop(client, halted):
    refused = upload_log(client, halted, {"clearance": "2025-03-18"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "Nothing was imported" in page
    assert "says who cleared you" in page
    assert is_halted(client, halted)
    cleared = {"clearances": [{"date": "2025-03-18", "note": "Dr Lee, sports doctor"}]}
    assert confirm_preview(client, halted, upload_log(client, halted, cleared)).status_code == 302
    assert not is_halted(client, halted)


def test_a_preview_made_stale_by_a_new_report_is_shown_again(app, client, halted):
    preview = upload_log(client, halted, EARLIER_EXPORT)
    client.post(f"/plans/{halted}/report", data={"pain_rest": "2"})
    again = confirm_preview(client, halted, preview)
    assert again.status_code == 409 and "changed since" in again.get_data(as_text=True)
    assert log_counts(app, halted) == (2, 0)  # the import waits for a new confirmation
    assert confirm_preview(client, halted, again).status_code == 302
    assert log_counts(app, halted) == (3, 0)


def test_the_halted_plans_page_offers_a_clearance_and_names_the_flag_that_may_be_a_mistake(
    client, halted
):
    page = client.get(f"/plans/{halted}").get_data(as_text=True)
    assert "Record the clearance" in page
    assert "“Pain at night” reported on Saturday 15 March 2025" in page
    assert "Record the mistake" in page


def test_a_recorded_clearance_resumes_the_plan_and_the_history_says_who(client, halted):
    response = client.post(
        f"/plans/{halted}/clearances",
        data={"date": "2025-03-18", "note": "Dr Lee, physiotherapist"},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/history")
    assert not is_halted(client, halted)
    history = client.get(f"/plans/{halted}/history").get_data(as_text=True)
    assert "A clinician cleared running on" in history and "Dr Lee, physiotherapist" in history
    assert "Red flags: Pain at night" in history


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"date": "2025-03-18", "note": ""}, "Say who gave the clearance"),
        ({"date": "2025-03-28", "note": "Dr Lee"}, "and today (2025-03-20)"),
        ({"date": "", "note": "Dr Lee"}, "date"),
        # given before the stop: it would lift nothing (found in the browser: "recorded")
        ({"date": "2025-03-14", "note": "Dr Lee"}, "The plan stopped on Saturday 15 March 2025"),
    ],
)
def test_a_clearance_form_with_a_problem_says_so_and_keeps_what_was_typed(
    client, halted, form, message
):
    response = client.post(f"/plans/{halted}/clearances", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert f'value="{form["note"]}"' in page
    assert is_halted(client, halted)


MISTAKE = {
    "date": "2025-03-15",
    "flag": "night_pain",
    "reason": "meant my calf, not the foot",
    "confirm": "yes",
}


def test_a_confirmed_mistake_resumes_the_plan_and_the_history_marks_the_flag(client, halted):
    assert client.post(f"/plans/{halted}/retractions", data=MISTAKE).status_code == 302
    assert not is_halted(client, halted)
    history = client.get(f"/plans/{halted}/history").get_data(as_text=True)
    assert "recorded as a mistake on Thu 20 Mar" in history
    assert "was recorded as a mistake" in history  # the engine's flag_withdrawn decision


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"confirm": ""}, "Confirm that this red flag was a mistake"),
        ({"reason": " "}, "Say why this red flag was a mistake"),
        ({"flag": "snap_or_pop"}, "No report on 2025-03-15 carries"),
    ],
)
def test_a_mistake_needs_the_confirmation_a_reason_and_a_reported_flag(
    client, halted, change, message
):
    response = client.post(f"/plans/{halted}/retractions", data={**MISTAKE, **change})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert is_halted(client, halted)


def test_a_coach_who_only_reads_sees_the_stop_but_no_forms(app, client, halted):
    from tests.api.conftest import coach_with_runner

    coach = app.test_client()
    coach_with_runner(app, client)  # signs the coach up; the runner joins
    AuthActions(coach).login(email="coach@example.com")
    page = coach.get(f"/plans/{halted}").get_data(as_text=True)
    assert "The plan is stopped" in page and "Record the clearance" not in page
    assert (
        coach.post(
            f"/plans/{halted}/clearances", data={"date": "2025-03-18", "note": "x"}
        ).status_code
        == 403
    )
    assert coach.post(f"/plans/{halted}/retractions", data=MISTAKE).status_code == 403


def test_the_exports_carry_the_clearance_and_the_mistake(client, halted):
    client.post(f"/plans/{halted}/retractions", data=MISTAKE)
    client.post(f"/plans/{halted}/clearances", data={"date": "2025-03-19", "note": "Dr Lee"})
    exported = client.get(f"/plans/{halted}/export.json").json
    assert exported["clearances"] == [{"date": "2025-03-19", "note": "Dr Lee"}]
    assert exported["retractions"] == [
        {
            "date": "2025-03-15",
            "flag": "night_pain",
            "recorded": "2025-03-20",
            "reason": "meant my calf, not the foot",
        }
    ]
    rows = client.get(f"/plans/{halted}/export.csv").get_data(as_text=True).splitlines()
    assert "clearance,2025-03-19,,,,,,Dr Lee,,,,," in rows  # no activity columns filled
    assert (
        'retraction,2025-03-15,,,,,night_pain,"meant my calf, not the foot",,2025-03-20,,,'
    ) in rows


def test_a_clearance_in_the_settings_from_before_the_stop_is_refused(app, client, halted):
    form = {"clearance": "2025-03-14", "clearance_note": "Dr Lee"}
    response = client.post(f"/plans/{halted}/settings", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="clearance-error"' in page
    assert "The plan stopped on Saturday 15 March 2025" in page
    assert is_halted(client, halted)


def test_a_clearance_given_the_day_the_plan_stopped_resumes_it_tomorrow_and_says_so(
    app, client, plan_id
):
    today = date(2025, 3, 20)  # the fixed clock's today
    add_reports(app, plan_id, [Report(today, flags=("snap_or_pop",))])
    assert is_halted(client, plan_id)
    response = client.post(
        f"/plans/{plan_id}/clearances", data={"date": today.isoformat(), "note": "Dr Lee"}
    )
    assert response.status_code == 302
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "so the plan resumes tomorrow" in history
    assert is_halted(client, plan_id)  # today stays stopped, with its referral


def banner_of(client, plan_id: int) -> str:
    return part_of(client, f"/plans/{plan_id}/today", "changes")


def test_a_flag_recorded_as_a_mistake_is_no_longer_said_as_todays_urgent_advice(
    app, client, plan_id
):
    """Found in a browser review: the retracted calf flag's "go to an emergency department now"
    stayed in a red "Step back" banner beside the news that the plan resumes."""
    add_reports(app, plan_id, [Report(date(2025, 3, 20), pain_rest=1, flags=("calf_swelling",))])
    mistake = {**MISTAKE, "date": "2025-03-20", "flag": "calf_swelling"}
    assert client.post(f"/plans/{plan_id}/retractions", data=mistake).status_code == 302
    banner = banner_of(client, plan_id).replace("&#39;", "'")
    assert "Your plan resumes: rehab first, then a new pain-free test" in banner
    assert "was recorded as a mistake" in banner
    assert "emergency" not in banner and "Step back" not in banner
    history = client.get(f"/plans/{plan_id}/history").get_data(as_text=True)
    assert "go to an emergency department now" in history  # the record keeps what was said


def test_a_clearance_after_the_stop_reads_as_the_plan_resuming_not_as_a_step_back(
    app, client, plan_id
):
    add_reports(app, plan_id, [Report(date(2025, 3, 19), pain_rest=2, flags=("night_pain",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302
    banner = banner_of(client, plan_id)
    assert "Your plan resumes" in banner and "A clinician cleared running" in banner
    assert "Red flag on" not in banner and "Step back" not in banner


def test_a_clearance_on_the_day_of_the_stop_is_said_on_today_and_in_the_history(
    app, client, plan_id
):
    """Today used to say "once a clinician clears you, record the clearance" beside the one just
    recorded, and History, where the form leads, did not show it (it lifts tomorrow)."""
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("night_pain",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    history = client.get(client.post(f"/plans/{plan_id}/clearances", data=cleared).location)
    said = "A clinician's clearance is recorded"
    assert f"{said} (Dr Lee, Thu 20 Mar): the plan resumes tomorrow" in history.get_data(
        as_text=True
    )
    today = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert f"{said} (Dr Lee): the plan resumes tomorrow" in today
    assert "Once a clinician clears you" not in today
    assert is_halted(client, plan_id)  # today itself stays stopped


def test_a_clearance_on_the_day_of_a_stop_in_the_plans_first_two_weeks_keeps_today_stopped(
    app, client
):
    """Found in a review: a plan in its first two weeks is built to its 14th day, so a stop
    lifted tomorrow read as an active plan today: no stop card, the urgent advice beside a
    plan that looked as if it ran on."""
    from tests.web.conftest import add_plan, sign_up

    sign_up(client, "runner@example.com")
    early = add_plan(app, "runner@example.com", onset=date(2025, 3, 16), start=date(2025, 3, 16))
    add_reports(app, early, [Report(date(2025, 3, 20), flags=("night_pain",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    assert client.post(f"/plans/{early}/clearances", data=cleared).status_code == 302
    today = client.get(f"/plans/{early}/today").get_data(as_text=True)
    assert "A clinician's clearance is recorded (Dr Lee): the plan resumes tomorrow" in today
    assert "Red flag on Thursday 20 March (pain at night): the plan stops" in today  # not a
    # decision projected weeks ahead, the stop card's reason until it took the latest
    assert is_halted(client, early)
    # The stop is today's, not the date of the plan's last decision (one projected ahead).
    again = {"date": "2025-03-20", "note": "Dr Lee, sports clinic"}
    answer = client.post(f"/plans/{early}/clearances", data=again)
    assert answer.status_code == 302, answer.get_data(as_text=True)


def test_a_flag_reported_after_a_clearance_of_its_day_keeps_todays_urgent_steps(
    app, client, plan_id
):
    """Found in a review: a clearance dated today for a stop of three days ago made the card
    say "the plan resumes tomorrow" over a calf flag reported later that day."""
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 20), flags=("calf_swelling",))])
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    answer = client.post(f"/plans/{plan_id}/clearances", data=cleared)
    said = client.get(answer.location).get_data(as_text=True)
    assert (
        "The clearance is recorded, but the plan stays stopped: a red flag was reported on its"
        in said
    )
    assert "resumes tomorrow" not in said
    today = client.get(f"/plans/{plan_id}/today").get_data(as_text=True)
    assert "Get care now, as said above." in today and "resumes tomorrow" not in today
    assert is_halted(client, plan_id)


def test_a_clearance_of_today_on_a_plan_that_only_refers_promises_no_resumption(app, client):
    from tests.web.conftest import add_plan, sign_up

    sign_up(client, "runner@example.com")
    refer = add_plan(app, "runner@example.com", condition="mortons-neuroma")
    cleared = {"date": "2025-03-20", "note": "Dr Lee"}
    answer = client.post(f"/plans/{refer}/clearances", data=cleared)
    said = client.get(answer.location).get_data(as_text=True)
    assert "This condition is one for a professional to manage" in said
    for page in ("today", "history"):
        assert "resumes tomorrow" not in client.get(f"/plans/{refer}/{page}").get_data(as_text=True)


def test_todays_lift_by_a_clearance_of_the_stops_own_day_asks_to_check_its_red_flag(
    app, client, plan_id
):
    """The stop began on the 19th and the clearance is dated the 19th: it lifts today, but the
    flag may have come after the visit. Today's banner says so, with the flag's advice."""
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("calf_swelling",))])
    cleared = {"date": "2025-03-19", "note": "Dr Lee"}
    assert client.post(f"/plans/{plan_id}/clearances", data=cleared).status_code == 302
    banner = banner_of(client, plan_id)
    assert "Your plan resumes, but check the red flag below" in banner
    assert "the day of the clearance: if it came after the clinician saw you" in banner
    assert "emergency department" in banner


def test_a_clearance_whose_days_flag_was_withdrawn_names_what_still_stops_the_plan(
    app, client, plan_id
):
    """Found in a review: the message pointed at a withdrawn flag of the clearance's day; a
    later review found the clearance was recorded though it lifts nothing (the flag of the
    19th, told again, may have come after it): it is refused, naming that day."""
    add_reports(app, plan_id, [Report(date(2025, 3, 17), flags=("night_pain",))])
    add_reports(app, plan_id, [Report(date(2025, 3, 18), flags=("calf_swelling",))])
    mistake = {**MISTAKE, "date": "2025-03-18", "flag": "calf_swelling"}
    assert client.post(f"/plans/{plan_id}/retractions", data=mistake).status_code == 302
    add_reports(app, plan_id, [Report(date(2025, 3, 19), flags=("night_pain",))])
    answer = client.post(
        f"/plans/{plan_id}/clearances", data={"date": "2025-03-18", "note": "Dr Lee"}
    )
    said = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "A red flag joined the stop on Wednesday 19 March 2025" in said
    assert "swollen" not in said.lower().split('id="lift"')[1].split("</section>")[0]
