"""Issue 17: a phone gets a bottom tab bar of real links; the desktop keeps the plan's row."""

from __future__ import annotations

import re


def tab_bar(html: str) -> str:
    found = re.search(r'<nav class="tab-bar" aria-label="Plan tabs">(.*?)</nav>', html, re.S)
    assert found, "no tab bar on the page"
    return found.group(1)


def test_the_tab_bar_has_five_real_links_and_marks_today(client, plan_id):
    bar = tab_bar(client.get(f"/plans/{plan_id}/today").get_data(as_text=True))
    labels = re.findall(r"</span>(\w+)</a>", bar)
    assert labels == ["Today", "Calendar", "History", "Plans", "More"]
    assert re.search(rf'href="/plans/{plan_id}/today" aria-current="page"', bar)
    assert bar.count('aria-current="page"') == 1


def test_a_page_without_its_own_tab_marks_more(client, plan_id):
    bar = tab_bar(client.get(f"/plans/{plan_id}/charts").get_data(as_text=True))
    assert re.search(rf'href="/plans/{plan_id}/more" aria-current="page"', bar)
    assert bar.count('aria-current="page"') == 1


def test_the_more_page_links_the_pages_the_bar_has_no_room_for(client, plan_id):
    html = client.get(f"/plans/{plan_id}/more").get_data(as_text=True)
    listed = html.split('<ul class="plain more-links">')[1].split("</ul>")[0]  # the phone's list
    for path in ("charts", "watch", "print", "settings", "calendar-feed", "reminders", "import"):
        assert f'href="/plans/{plan_id}/{path}"' in listed
    assert 'href="/auth/account"' in listed


def test_the_more_page_of_someone_elses_plan_is_not_found(client, plan_id, other_plan):
    assert client.get(f"/plans/{other_plan}/more").status_code == 404
