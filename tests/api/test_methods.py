"""A method a route does not take answers 405 with `Allow`: JSON for the API, a page elsewhere;
and `Allow` lists exactly the methods the OpenAPI document gives each path."""

from __future__ import annotations

import pytest

from web.api.openapi import DOCUMENT

UNKNOWN = ["TRACE", "CONNECT", "PROPFIND", "FOO"]
VALUES = {
    "{plan_id}": "1",
    "{athlete_id}": "1",
    "{date}": "2025-03-19",
    "{item}": "walk",
    "{condition_id}": "shin-splints",
    "{token_id}": "1",
}


def concrete(path: str) -> str:
    for name, value in VALUES.items():
        path = path.replace(name, value)
    return "/api/v1" + path


def documented(path: str) -> set[str]:
    return {m.upper() for m in DOCUMENT["paths"][path] if m != "parameters"}


def implicit(path: str) -> set[str]:
    """OPTIONS always, HEAD beside GET: the framework answers both."""
    return {"OPTIONS"} | ({"HEAD"} if "GET" in documented(path) else set())


def allowed(response) -> set[str]:
    return {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}


@pytest.mark.parametrize("path", list(DOCUMENT["paths"]))
def test_every_undocumented_method_on_an_api_path_is_a_json_405_with_allow(api, plan_id, path):
    methods = {"GET", "POST", "PUT", "PATCH", "DELETE"} - documented(path)
    for method in [*sorted(methods), *UNKNOWN]:
        response = api.client.open(concrete(path), method=method, headers=api.headers)
        assert response.status_code == 405, (method, path)
        assert response.is_json and response.get_json()["error"]["message"]
        assert allowed(response) == documented(path) | implicit(path)


@pytest.mark.parametrize("path", list(DOCUMENT["paths"]))
def test_options_lists_exactly_the_documented_methods(client, path):
    response = client.open(concrete(path), method="OPTIONS")
    assert allowed(response) == documented(path) | implicit(path)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/auth/login",
        "/plans/1/today",
        "/healthz",
        "/feeds/abcdefghijklmnopqrstuvwxyz/return-to-run.ics",
    ],
)
@pytest.mark.parametrize("method", ["TRACE", "FOO", "PUT"])
def test_a_page_answers_an_unknown_method_with_a_plain_405_and_allow(client, path, method):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.mimetype == "text/html" and "GET" in allowed(response)


def test_an_unknown_api_path_is_still_a_json_404(api):
    for method in ("GET", "TRACE", "PUT"):
        response = api.client.open("/api/v1/nothing/here", method=method, headers=api.headers)
        assert response.status_code == 404 and response.is_json
