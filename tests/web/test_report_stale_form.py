"""A report form sent from a page opened before another save of that day (a second tab, a
phone's restored page) saves nothing over it: it comes back with what was typed, says what
the day holds now, and a second save replaces it knowingly."""

from __future__ import annotations

import re
from datetime import date

from tests.web.conftest import add_reports, green_week

TODAY = "2025-03-20"
MISSED = "2025-03-18"


def form_on(client, path: str) -> dict[str, str]:
    """The report form's hidden fields on a page, as a browser would send them back."""
    html = client.get(path).get_data(as_text=True)
    form = html[html.index("data-report") :]
    form = form[: form.index("</form>")]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def stored(app, plan_id: int, when: str):
    from datetime import date

    from web.store import logs

    with app.test_request_context():
        return logs.report_on(plan_id, date.fromisoformat(when))


def test_a_form_from_before_another_save_of_its_day_saves_nothing_over_it(app, client, plan_id):
    first, second = (form_on(client, f"/plans/{plan_id}/days/{MISSED}") for _ in range(2))
    saved = {"pain_rest": "0", "pain_morning": "0", "note": "morning fine"}
    assert client.post(f"/plans/{plan_id}/report", data={**first, **saved}).status_code == 302
    stale = client.post(f"/plans/{plan_id}/report", data={**second, "pain_walking": "1"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Your report was not saved" in html
    assert "saved from another page" in html and "morning fine" in html
    assert "pain on waking 0/10" in html
    assert re.search(r'name="pain_walking" value="1"[^>]*checked', html)  # as typed
    kept = stored(app, plan_id, MISSED)
    assert (kept.pain_morning, kept.pain_walking, kept.note) == (0, None, "morning fine")


def test_the_form_that_says_so_saves_the_day_again_knowingly(app, client, plan_id):
    first, second = (form_on(client, f"/plans/{plan_id}/today") for _ in range(2))
    client.post(f"/plans/{plan_id}/report", data={**first, "pain_rest": "0", "note": "am"})
    again = client.post(f"/plans/{plan_id}/report", data={**second, "pain_rest": "2"})
    resent = dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', again.get_data(True)))
    assert resent["seen"] != second["seen"]  # the day as it is now
    answer = client.post(f"/plans/{plan_id}/report", data={**resent, "pain_rest": "2"})
    assert answer.status_code == 302
    assert (stored(app, plan_id, TODAY).pain_rest, stored(app, plan_id, TODAY).note) == (2, "")


def test_a_page_opened_after_the_save_saves_at_once(app, client, plan_id):
    for pain in ("0", "1", "2"):
        form = form_on(client, f"/plans/{plan_id}/today")
        answer = client.post(f"/plans/{plan_id}/report", data={**form, "pain_rest": pain})
        assert answer.status_code == 302
    assert stored(app, plan_id, TODAY).pain_rest == 2


def test_a_report_on_another_day_does_not_make_todays_form_stale(app, client, plan_id):
    form = form_on(client, f"/plans/{plan_id}/today")
    add_reports(app, plan_id, green_week()[:1])
    answer = client.post(f"/plans/{plan_id}/report", data={**form, "pain_rest": "1"})
    assert answer.status_code == 302 and stored(app, plan_id, TODAY).pain_rest == 1


def test_a_red_flag_confirmed_from_a_stale_form_saves_nothing(app, client, plan_id):
    first, second = (form_on(client, f"/plans/{plan_id}/today") for _ in range(2))
    client.post(f"/plans/{plan_id}/report", data={**first, "pain_rest": "1"})
    asked = client.post(
        f"/plans/{plan_id}/report", data={**second, "pain_rest": "3", "flags": "night_pain"}
    )
    confirm = asked.get_data(as_text=True)
    confirm = confirm[confirm.index('id="report-alert"') :]
    confirm = confirm[: confirm.index("</form>")]
    sent = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', confirm))
    assert sent["seen"] == second["seen"]  # the confirm form carries the page's mark
    answer = client.post(f"/plans/{plan_id}/report", data={**sent, "flags": "night_pain"})
    assert answer.status_code == 409
    assert stored(app, plan_id, TODAY).flags == () and stored(app, plan_id, TODAY).pain_rest == 1


def test_the_same_form_sent_twice_is_saved_once_and_not_called_stale(app, client, plan_id):
    # A double tap, or Save pressed again after a slow answer: the day holds what was sent.
    form = {**form_on(client, f"/plans/{plan_id}/today"), "pain_rest": "1", "note": "ok"}
    assert client.post(f"/plans/{plan_id}/report", data=form).status_code == 302
    assert client.post(f"/plans/{plan_id}/report", data=form).status_code == 302
    assert (stored(app, plan_id, TODAY).pain_rest, stored(app, plan_id, TODAY).note) == (1, "ok")


def test_what_the_day_holds_now_names_its_red_flags(app, client, plan_id):
    from planner.model import Report

    stale = form_on(client, f"/plans/{plan_id}/days/{MISSED}")
    add_reports(app, plan_id, [Report(date(2025, 3, 18), flags=("night_pain",))])
    html = client.post(f"/plans/{plan_id}/report", data={**stale, "pain_rest": "0"})
    assert "red flag: Pain at night" in html.get_data(as_text=True)
