"""A Host header no URL can be built for ("a..b", a label of 64 letters) is the client's
mistake: a plain 400, with no ALLOWED_HOSTS to stop it first, never a 500."""

from __future__ import annotations

import pytest

BAD_HOSTS = ["a" * 64, "a..b", ".", "a" * 64 + ".example.com"]


@pytest.mark.parametrize("host", BAD_HOSTS)
@pytest.mark.parametrize("path", ["/", "/auth/login", "/healthz", "/no-such-page"])
def test_a_page_asked_for_an_unreadable_host_is_a_plain_400(client, host, path):
    response = client.get(path, headers={"Host": host})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert "host name" in response.get_data(as_text=True)


def test_the_api_asked_for_an_unreadable_host_answers_400_in_json(client):
    response = client.get("/api/v1/plans", headers={"Host": "a..b"})
    assert response.status_code == 400 and "host name" in response.get_json()["error"]["message"]


def test_a_form_sent_to_an_unreadable_host_is_a_plain_400_too(client):
    response = client.post("/auth/login", headers={"Host": "."}, data={"email": "x"})
    assert response.status_code == 400 and response.mimetype == "text/plain"
