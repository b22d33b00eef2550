"""Schemathesis against the OpenAPI document: generated requests, no 5xx, responses as described."""

from __future__ import annotations

import functools
import itertools
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from jsonschema_rs import Draft202012Validator  # noqa: E402 - schemathesis's own validator
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from planner.model import Report  # noqa: E402
from tests.api.conftest import coach_with_runner, issue_token  # noqa: E402
from tests.conftest import fixed_clock, reset_postgres  # noqa: E402
from tests.watch.files import Part, fit_activity, run  # noqa: E402
from tests.web.conftest import AuthActions, add_plan, add_reports, green_week  # noqa: E402
from tests.web.test_coach import user_id  # noqa: E402
from tests.web.test_roster import TODAY  # noqa: E402
from web import create_app  # noqa: E402
from web.api.openapi import DOCUMENT  # noqa: E402
from web.store import users  # noqa: E402

EXAMPLES = int(os.environ.get("RTR_FUZZ_EXAMPLES", "100"))  # per operation and backend
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
COUNT = {"requests": 0, "5xx": 0}
# The checks after the fuzz read what it recorded in this process: under pytest-xdist the
# module runs on one worker, in order (scripts/test.sh distributes by group).
pytestmark = pytest.mark.xdist_group("openapi")

STATUSES: dict[tuple[str, str], set[int]] = {}  # per backend and operation: its statuses


class Target(NamedTuple):
    """The served app and the real values that let generated requests pass the 404 and the
    business rules JSON Schema cannot state (an onset near today, an item on the day)."""

    app: object
    runner: str  # tokens
    coach: str
    plan: int
    athlete: int
    items: tuple[str, ...]  # today's items of the plan
    own_tokens: tuple[int, ...]  # the ids of the runner's and coach's tokens: never revoked
    flagged: int  # a plan with a red flag reported on FLAGGED.date, to record as a mistake
    untouched: int  # a plan no generated report halts: it keeps its running days to download

    def path_value(self, name: str, path: str):
        if name == "plan_id" and path.endswith((".fit", ".zip")):
            return self.untouched
        if name == "plan_id":
            return self.flagged if path.endswith("/retractions") else self.plan
        if name == "date" and path.endswith("/workout.fit"):
            return TODAY.isoformat()  # a walk-run day of the plan: it has a workout
        return {
            "athlete_id": self.athlete,
            "date": green_week()[0].date.isoformat(),
            "condition_id": "shin-splints",
        }.get(name)

    def body_value(self, name: str, path: str):
        if path.endswith("/retractions") and name in ("date", "flag", "confirm"):
            return {"date": FLAGGED.date.isoformat(), "flag": FLAGGED.flags[0], "confirm": True}[
                name
            ]
        if path == "/plans/{plan_id}" and name == "clearance":
            return None  # the plan's own: a PATCH changes no clearance (POST .../clearances does)
        onset = (TODAY - timedelta(days=20)).isoformat()
        return {
            "onset": onset,
            "start": onset,
            "date": TODAY.isoformat(),
            "clearance": TODAY.isoformat(),
            "item": self.items[0],
            "athlete_id": None,
            "weekly_volume": 30,
            "goal": None,
            "confirm": "red_flag",  # a report's: its red flags confirmed
        }.get(name)


UPLOAD = fit_activity(Part(datetime(2025, 3, 19, 7, 0, tzinfo=UTC), (run(15),)))
FLAGGED = Report(TODAY - timedelta(days=3), pain_rest=2, flags=("night_pain",))
# Values a business rule ties to today, the plan or each other (an onset near today, an item
# of the day, a volume of 20 minutes' running at the pace given): mostly replaced by real ones.
BODY_VALUES = (
    "onset",
    "start",
    "date",
    "clearance",
    "item",
    "athlete_id",
    "flag",
    "confirm",
    "weekly_volume",
    "goal",
)


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def served(request, tmp_path_factory) -> Iterator[Target]:
    """One app per backend for the whole module: a runner with a token and a walk-run plan,
    and a coach with a token who has the runner on their roster."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'rtr.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
        if not url:
            pytest.skip("TEST_DATABASE_URL not set")
        reset_postgres(url)
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "fuzz",
            "DATABASE_URL": url,
            "CLOCK": fixed_clock(),
            "WTF_CSRF_ENABLED": False,
        }
    )
    runner = app.test_client()
    AuthActions(runner).signup()
    plan = add_plan(app, "runner@example.com", run_days=(0, 1, 3, 5))
    add_reports(app, plan, green_week())
    coach = coach_with_runner(app, runner)
    token = issue_token(app, "runner@example.com")
    built = (
        app.test_client()
        .get(f"/api/v1/plans/{plan}/plan", headers={"Authorization": f"Bearer {token}"})
        .get_json()
    )
    today = next(d for d in built["days"] if d["date"] == TODAY.isoformat())
    with app.test_request_context():
        own = tuple(
            t.id
            for email in ("runner@example.com", "coach@example.com")
            for t in users.tokens_of(users.by_email(email).id)
        )
    flagged = add_plan(app, "runner@example.com")
    add_reports(app, flagged, [FLAGGED])
    untouched = add_plan(app, "runner@example.com", run_days=(0, 1, 3, 5))
    add_reports(app, untouched, green_week())
    yield Target(
        app,
        token,
        coach,
        plan,
        user_id(app),
        tuple(i["key"] for i in today["items"]),
        own,
        flagged,
        untouched,
    )
    app.extensions["rtr.engine"].dispose()


def managed_athlete(app) -> int:
    """Put a fresh managed profile on the coach's roster: something to remove."""
    from web import store

    with app.test_request_context():
        owner = users.by_email("coach@example.com").id
        return store.roster.add_managed_athlete(owner, "Fuzz", store.roster.placeholder_email()).id


SPARE_PASSWORD = "a spare account's password"
SPARES = itertools.count()


@functools.cache
def spare_hash() -> str:
    from web.auth.passwords import hash_password

    return hash_password(SPARE_PASSWORD)


def spare_account(app) -> str:
    """Create a runner with a plan and return their token: an account a delete may take."""
    email = f"spare-{next(SPARES)}@example.com"
    with app.test_request_context():
        users.add_user(email, spare_hash(), "UTC")
    add_plan(app, email)
    return issue_token(app, email)


def spare_token(app) -> int:
    """Issue the runner a token that a generated revoke may take."""
    issue_token(app, "runner@example.com")
    with app.test_request_context():
        return users.tokens_of(users.by_email("runner@example.com").id)[0].id


def schema_of(operation, where: str, name: str) -> dict:
    """Return the schema the document gives one path parameter or body property."""
    if where == "path":
        item = DOCUMENT["paths"][operation.path]
        return next(p["schema"] for p in item.get("parameters", []) if p["name"] == name)
    body = DOCUMENT["paths"][operation.path][operation.method.lower()]["requestBody"]
    ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    return DOCUMENT["components"]["schemas"][ref]["properties"].get(name, {})


def keeps_negation(operation, where: str, name: str, value: object, negative: bool) -> bool:
    """May this generated value be replaced by a real one? In negative mode only if it is
    valid itself: the negation is elsewhere, and the case stays invalid after the swap."""
    if not negative:
        return True
    schema = {**schema_of(operation, where, name), "components": DOCUMENT["components"]}
    return Draft202012Validator(schema, validate_formats=True).is_valid(value)


def valid(value: object, schema: dict) -> bool:
    root = {**schema, "components": DOCUMENT["components"]}
    return Draft202012Validator(root, validate_formats=True).is_valid(value)


def is_valid_request(operation, case) -> bool:
    """Does the request as sent (after the swaps) match the document? A negative case whose
    invalid part was swapped for a real value, or dropped in sending, is valid after all."""
    item = DOCUMENT["paths"][operation.path]
    declared = item.get("parameters", []) + item[operation.method.lower()].get("parameters", [])
    for name, value in (case.path_parameters or {}).items():
        if not valid(value, schema_of(operation, "path", name)):
            return False
    query = {k: v for k, v in (case.query or {}).items() if v not in ([], None)}
    known = {p["name"]: p["schema"] for p in declared if p["in"] == "query"}
    for name, value in query.items():
        values = value if isinstance(value, list) else [value]
        if name not in known or len(values) != 1 or not valid(str(values[0]), known[name]):
            return False
    body = item[operation.method.lower()].get("requestBody")
    if body is None:
        return True
    if "application/json" not in body["content"]:  # an upload of files: a non-empty list
        files = case.body.get("files") if isinstance(case.body, dict) else None
        return set(case.body or {}) == {"files"} and isinstance(files, list) and bool(files)
    if not isinstance(case.body, dict | list | str | int | float | bool):
        return False  # raw bytes, or no body at all
    return valid(case.body, body["content"]["application/json"]["schema"])


def operation_is_checkable(operation) -> bool:
    """Can valid data be expected to pass? Not for a log upload: its records carry dates deep
    inside that must fall between the plan's start and today, which no schema can say."""
    return operation.path != "/plans/{plan_id}/log"


def mostly(value: object) -> bool:
    """Three times in four, by a stable hash of the generated value (runs are derandomized)."""
    return zlib.crc32(repr(value).encode()) % 4 != 0


def fuzz(target: Target, operation, mode, seen: dict[tuple[str, str], set[int]]) -> None:
    """Send generated requests for one operation; every response must pass the checks.

    The roster's operations go as the coach, the rest as the runner. Most generated ids,
    dates and items are replaced by real ones so that requests reach the code past the 404
    and the date rules; a token revoke gets a spare token, never one the fuzz uses; a plan
    delete or a change of routine gets a fresh plan (deleting the shared one would leave
    every later operation with nothing but 404s; a new routine could take the item of the day
    away), whose run days a PATCH mostly sets to the default (how many it needs is the plan's
    runs a week when none is sent, which no schema can say), a report delete a report to delete, a roster
    delete a fresh managed profile, an account delete a spare account (mostly with its
    password).
    """
    token = target.coach if operation.path.startswith("/roster") else target.runner
    backend = target.app.config["DATABASE_URL"].split(":")[0]
    deletes = operation.method.upper() == "DELETE"
    patches = operation.method.upper() == "PATCH"  # a plan's routine: run days for its runs

    negative = mode == schemathesis.GenerationMode.NEGATIVE

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        realistic = True  # every value a business rule depends on is a real one
        for name, given_value in (case.path_parameters or {}).items():
            if name == "token_id":
                if given_value in target.own_tokens or mostly(given_value):
                    case.path_parameters[name] = spare_token(target.app)  # never the fuzz's own
                else:
                    realistic = False
                continue
            if target.path_value(name, operation.path) is None:
                continue
            if not (
                mostly(given_value)
                and keeps_negation(operation, "path", name, given_value, negative)
            ):
                realistic = False
                continue
            case.path_parameters[name] = target.path_value(name, operation.path)
            if operation.path == "/plans/{plan_id}" and (deletes or patches):
                case.path_parameters[name] = add_plan(target.app, "runner@example.com")
            if deletes and operation.path == "/roster/{athlete_id}":
                case.path_parameters[name] = managed_athlete(target.app)
            if deletes and name == "date" and "/reports/" in operation.path:
                add_reports(target.app, target.plan, green_week()[:1])  # there to delete
        sender = token
        if isinstance(case.body, dict):
            for name, given_value in case.body.items():
                if name not in BODY_VALUES and not (patches and name == "run_days"):
                    continue
                if not (
                    mostly(given_value)
                    and keeps_negation(operation, "body", name, given_value, negative)
                ):
                    realistic = False
                    continue
                case.body[name] = target.body_value(name, operation.path)
        if operation.path.endswith("/activities") and operation.method.upper() == "POST":
            if mostly(case.body):  # generated bytes are no watch file: mostly send a real one
                case.body = {"files": [UPLOAD]}
            else:
                realistic = False
        if deletes and operation.path == "/account":  # a spare account, often its password
            sender = spare_account(target.app)
            if isinstance(case.body, dict) and mostly(case.body.get("password")):
                case.body["password"] = SPARE_PASSWORD
            else:
                realistic = False
        response = case.call(headers={"Authorization": f"Bearer {sender}"})
        COUNT["requests"] += 1
        COUNT["5xx"] += response.status_code >= 500
        for statuses in (STATUSES, seen):  # the module's figures, and this run's
            statuses.setdefault(
                (backend, f"{operation.method.upper()} {operation.path}"), set()
            ).add(response.status_code)
        agreement = (
            [negative_data_rejection]
            if negative and not is_valid_request(operation, case)
            else []
            if negative
            else [positive_data_acceptance]
            if realistic and operation_is_checkable(operation)
            else []
        )
        case.validate_response(response, checks=CHECKS + agreement)

    try:
        run()
    except Unsatisfiable:
        # Nothing to break: an operation without parameters or body has no negative cases.
        assert mode == schemathesis.GenerationMode.NEGATIVE


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_requests_never_fail_and_match_the_schema(served, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", served.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 32
    seen: dict[tuple[str, str], set[int]] = {}
    for operation in operations:
        fuzz(served, operation, schemathesis.GenerationMode(mode), seen)
    if mode == "positive":
        reached_past_the_404(served, seen)


def reached_past_the_404(served, statuses: dict[tuple[str, str], set[int]]) -> None:
    """Each operation answered this run's valid requests with success at least once: the fuzz
    exercised the real code. Checked in the run itself: a test of its own read what the runs
    left in this module, and under pytest-xdist it once read a process that had run only the
    negative cases."""
    backend = served.app.config["DATABASE_URL"].split(":")[0]
    missed = sorted(
        op
        for (on, op), codes in statuses.items()
        if on == backend and not any(c < 300 for c in codes)
    )
    assert missed == [], {op: sorted(statuses[(backend, op)]) for op in missed}  # what they got


def test_report_fuzz_figures(capsys):
    """Print how many generated requests ran (read with -s); the fuzz tests assert per request."""
    with capsys.disabled():
        print(
            *(f"{on} {op}: {sorted(codes)}" for (on, op), codes in sorted(STATUSES.items())),
            sep="\n",
        )
        print(f"\nschemathesis: {COUNT['requests']} requests, {COUNT['5xx']} with 5xx")
    assert COUNT["5xx"] == 0


def test_the_document_lists_every_api_route(served):
    app = served.app
    documented = {
        "/api/v1" + path.replace("{", "<").replace("}", ">") for path in DOCUMENT["paths"]
    }
    routes = {
        rule.rule.replace("<int:plan_id>", "<plan_id>")
        .replace("<when>", "<date>")
        .replace("<int:athlete_id>", "<athlete_id>")
        .replace("<int:token_id>", "<token_id>")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    routes -= {"/api/v1/openapi.json"}
    assert routes == documented
