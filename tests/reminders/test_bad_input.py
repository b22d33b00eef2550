"""Generated bad input to every reminder form and endpoint: a clear answer, never a 5xx."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reminders.conftest import runner_with_plan
from tests.web.conftest import PASSWORD, sign_up

text = st.text(max_size=60)
form = st.dictionaries(
    st.sampled_from(["morning", "nudge", "change", "enabled", "at", "email", "push"]),
    text,
    max_size=7,
)
json_body = st.recursive(
    st.none() | st.booleans() | st.integers() | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=form)
def test_the_plan_form_answers_any_fields_without_a_server_error(app, data):
    client = _runner(app)
    assert client.post(f"/plans/{app.config['TEST_PLAN']}/reminders", data=data).status_code in (
        302,
        400,
    )


@SETTINGS
@given(data=form)
def test_the_digest_form_answers_any_fields_without_a_server_error(app, data):
    client = _coach(app)
    assert client.post("/reminders/digest", data=data).status_code in (302, 400)


@SETTINGS
@given(body=json_body, path=st.sampled_from(["/reminders/push", "/reminders/push/forget"]))
def test_the_push_endpoints_answer_any_json_without_a_server_error(app, body, path):
    client = _runner(app)
    assert client.post(path, json=body).status_code in (200, 400)


@SETTINGS
@given(
    token=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="/?#%"),
        min_size=1,
        max_size=80,
    )
)
def test_any_unsubscribe_token_is_refused_cleanly(app, token):
    answer = app.test_client().post(f"/reminders/unsubscribe/{token}")
    assert answer.status_code in (404, 405, 308)


def _runner(app):
    if "TEST_RUNNER" not in app.extensions:
        app.config["TEST_PLAN"] = runner_with_plan(app, "runner@example.com")
        client = app.test_client()
        client.post("/auth/login", data={"email": "runner@example.com", "password": PASSWORD})
        app.extensions["TEST_RUNNER"] = client
    return app.extensions["TEST_RUNNER"]


def _coach(app):
    if "TEST_COACH" not in app.extensions:
        client = app.test_client()
        sign_up(client, "coach@example.com", coach=True)
        app.extensions["TEST_COACH"] = client
    return app.extensions["TEST_COACH"]
