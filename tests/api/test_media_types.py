"""A write's body is read as JSON only when it says it is JSON: any other Content-Type (or
none) is a 415 naming the type to send, and nothing is stored. Writes without a body, such
as the deletes, need no Content-Type at all."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import PASSWORD
from web.api.openapi import DOCUMENT

NOT_JSON = ["text/plain", "application/x-www-form-urlencoded", "text/json", None]
JSON_TYPES = ["application/json; charset=utf-8", "application/merge-patch+json"]
REPORT = {"date": "2025-03-19", "pain_rest": 2}


def json_writes() -> list[tuple[str, str]]:
    """Every documented operation that reads a JSON body, as (method, path)."""
    return [
        (method.upper(), path)
        for path, item in DOCUMENT["paths"].items()
        for method, op in item.items()
        if method != "parameters"
        and "application/json" in op.get("requestBody", {}).get("content", {})
    ]


def send(api, method: str, path: str, body: object, content_type: str | None):
    """Send a JSON text with this Content-Type (None: no Content-Type header at all)."""
    kw = {} if content_type is None else {"content_type": content_type}
    return api.open(path, method=method, data=json.dumps(body), **kw)


@pytest.mark.parametrize("content_type", NOT_JSON)
@pytest.mark.parametrize(("method", "path"), json_writes())
def test_every_json_write_refuses_a_body_that_is_not_sent_as_json(
    api, coach_api, plan_id, method, path, content_type
):
    sender = coach_api if path.startswith("/roster") else api
    response = send(sender, method, path.replace("{plan_id}", str(plan_id)), {}, content_type)
    assert response.status_code == 415, (method, path, response.get_json())
    error = response.get_json()["error"]
    assert "application/json" in error["message"]
    assert (content_type or "no Content-Type").split(";")[0] in error["message"]


def test_a_report_sent_as_text_is_not_stored(api, plan_id):
    response = send(api, "POST", f"/plans/{plan_id}/reports", REPORT, "text/plain")
    assert response.status_code == 415
    assert api.get(f"/plans/{plan_id}/reports").get_json()["reports"] == []


def test_an_account_is_not_deleted_by_a_form_encoded_password(api):
    response = send(api, "DELETE", "/account", {"password": PASSWORD}, "text/plain")
    assert response.status_code == 415
    assert api.get("/plans").status_code == 200  # the account and its token are still there


@pytest.mark.parametrize("content_type", JSON_TYPES)
def test_json_with_parameters_or_a_json_suffix_is_read(api, plan_id, content_type):
    response = send(api, "POST", f"/plans/{plan_id}/reports", REPORT, content_type)
    assert response.status_code == 200
    assert response.get_json()["pain_rest"] == 2


@pytest.mark.parametrize(("method", "path"), json_writes())
def test_the_document_lists_415_for_every_json_write(method, path):
    response = DOCUMENT["paths"][path][method.lower()]["responses"]["415"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
