"""Issue 17: time zones are chosen from a list grouped by region, without non-zones."""

from __future__ import annotations

import re

import pytest

from web.core import clock

REGIONS = [
    "Africa",
    "America",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
    "UTC",
]


def test_the_zones_come_grouped_by_region_with_utc_last():
    groups = dict(clock.timezone_groups())
    assert list(groups) == REGIONS
    assert "Europe/Paris" in groups["Europe"] and groups["UTC"] == ("UTC",)


@pytest.mark.parametrize(
    "name", ["localtime", "posix/Europe/Paris", "right/UTC", "Etc/GMT+5", "US/Pacific", "GMT"]
)
def test_files_of_the_zone_database_that_are_not_places_are_refused(name):
    assert not clock.valid_timezone(name)
    assert name not in clock.timezone_names()


@pytest.mark.parametrize("path", ["/auth/signup", "/auth/account"])
def test_the_sign_up_and_account_pages_group_the_zones(client, auth, path):
    if path == "/auth/account":
        auth.signup(timezone="Europe/Paris")
    html = client.get(path).get_data(as_text=True)
    assert re.findall(r'<optgroup label="(\w+)">', html) == REGIONS
    assert 'value="localtime"' not in html and 'value="Etc/' not in html
    if path == "/auth/account":
        assert '<option value="Europe/Paris" selected>Paris</option>' in html
