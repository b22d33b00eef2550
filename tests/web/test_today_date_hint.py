"""The date a pain began (and a plan starts) is picked in the browser's own date box: the hint
says to type it as the box shows, never a format the box does not show (issue 17)."""

from __future__ import annotations

from tests.web.test_wizard import GOOD, ORDER


def test_the_onset_and_start_hints_follow_the_date_box_and_name_no_other_format(client, auth):
    auth.signup()
    dated = []
    for step in ORDER[: ORDER.index("start") + 1]:
        html = client.get(f"/plans/new/{step}").get_data(as_text=True)
        if 'type="date"' in html:
            dated.append(step)
            assert "YYYY-MM-DD" not in html
            assert "type it in the order the box shows" in html
        client.post(f"/plans/new/{step}", data=GOOD[step])
    assert dated == ["onset", "start"]
