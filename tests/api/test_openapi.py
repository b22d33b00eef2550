"""Schemathesis against the OpenAPI document: generated requests, no 5xx, responses as described."""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import issue_token  # noqa: E402
from tests.conftest import fixed_clock, reset_postgres  # noqa: E402
from tests.web.conftest import AuthActions, add_plan, add_reports, green_week  # noqa: E402
from web import create_app  # noqa: E402
from web.api.openapi import DOCUMENT  # noqa: E402

EXAMPLES = int(os.environ.get("RTR_FUZZ_EXAMPLES", "100"))  # per operation and backend
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
COUNT = {"requests": 0, "5xx": 0}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql",
                                                              marks=pytest.mark.postgres)])
def served(request, tmp_path_factory):
    """One app per backend for the whole module, with a runner, a token and a walk-run plan."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'rtr.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        reset_postgres(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "DATABASE_URL": url,
                      "CLOCK": fixed_clock(), "WTF_CSRF_ENABLED": False})
    AuthActions(app.test_client()).signup()
    plan = add_plan(app, "runner@example.com", run_days=(0, 1, 3, 5))
    add_reports(app, plan, green_week())
    yield app, issue_token(app, "runner@example.com"), plan
    app.extensions["rtr.engine"].dispose()


def fuzz(app, token: str, plan: int, operation, mode) -> None:
    """Send generated requests for one operation; every response must pass the checks."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        given_id = (case.path_parameters or {}).get("plan_id")
        if isinstance(given_id, int) and given_id % 4:
            case.path_parameters["plan_id"] = plan  # mostly the runner's real plan
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        COUNT["requests"] += 1
        COUNT["5xx"] += response.status_code >= 500
        case.validate_response(response, checks=CHECKS)

    try:
        run()
    except Unsatisfiable:
        # Nothing to break: an operation without parameters or body has no negative cases.
        assert mode == schemathesis.GenerationMode.NEGATIVE


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_requests_never_fail_and_match_the_schema(served, mode):
    app, token, plan = served
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 18
    for operation in operations:
        fuzz(app, token, plan, operation, schemathesis.GenerationMode(mode))


def test_report_fuzz_figures(capsys):
    """Print how many generated requests ran (read with -s); the fuzz tests assert per request."""
    with capsys.disabled():
        print(f"\nschemathesis: {COUNT['requests']} requests, {COUNT['5xx']} with 5xx")
    assert COUNT["5xx"] == 0


def test_the_document_lists_every_api_route(served):
    app = served[0]
    documented = {"/api/v1" + path.replace("{", "<").replace("}", ">") for path in DOCUMENT["paths"]}
    routes = {rule.rule.replace("<int:plan_id>", "<plan_id>").replace("<when>", "<date>")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    routes -= {"/api/v1/openapi.json", "/api/v1/<rest:rest>"}
    assert routes == documented
