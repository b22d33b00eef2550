"""Reports of one day: several merge into the worse of each, and a saved one replaces its day's."""

from __future__ import annotations

from datetime import date

from planner.model import Completion, Log, Report
from planner.reports import merge_reports, with_report

MONDAY, TUESDAY, WEDNESDAY = date(2025, 3, 17), date(2025, 3, 18), date(2025, 3, 19)


def test_two_reports_of_one_day_merge_into_the_worse_of_each_score_and_every_flag():
    merged = merge_reports(
        [
            Report(MONDAY, pain_rest=1, pain_running=5, note="calf"),
            Report(MONDAY, pain_rest=3, flags=("night_pain",), note="night"),
        ]
    )
    assert merged == {
        MONDAY: Report(
            MONDAY, pain_rest=3, pain_running=5, flags=("night_pain",), note="calf / night"
        )
    }


def test_a_saved_report_replaces_its_days_report_and_keeps_the_reports_in_date_order():
    log = Log(
        reports=(Report(MONDAY, pain_rest=1), Report(WEDNESDAY, pain_rest=2)),
        completions=(Completion(MONDAY, "walk"),),
    )
    tuesday = with_report(log, Report(TUESDAY, pain_running=4))
    assert [r.date for r in tuesday.reports] == [MONDAY, TUESDAY, WEDNESDAY]
    again = with_report(tuesday, Report(MONDAY, pain_rest=0))
    assert again.reports[0] == Report(MONDAY, pain_rest=0) and len(again.reports) == 3
    assert again.completions == log.completions  # the rest of the log as it was


def test_a_flag_stands_until_recorded_as_a_mistake_and_from_the_day_it_was_recorded():
    from planner.model import Retraction

    log = Log(
        reports=(
            Report(TUESDAY, flags=("night_pain", "calf_swelling")),
            Report(MONDAY, flags=("numbness_tingling",)),
        ),
        retractions=(Retraction(TUESDAY, "night_pain", recorded=WEDNESDAY),),
    )
    assert log.standing_flags() == [(MONDAY, "numbness_tingling"), (TUESDAY, "calf_swelling")]
    assert log.standing_flags(by=TUESDAY) == [
        (MONDAY, "numbness_tingling"),
        (TUESDAY, "night_pain"),
        (TUESDAY, "calf_swelling"),
    ]
