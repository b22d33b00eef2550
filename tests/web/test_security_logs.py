"""A database error is logged without its bound values: no hashes or health notes in logs."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text

SECRET = "scrypt:32768:8:1$not-a-real-salt$0123456789abcdef"


def test_a_failed_query_logs_no_bound_parameters(app, caplog):
    from web.core.db import session

    @app.get("/boom")
    def boom():
        session().execute(
            text("INSERT INTO no_such_table (secret) VALUES (:secret)"), {"secret": SECRET}
        )
        return "unreachable"

    app.config["PROPAGATE_EXCEPTIONS"] = False  # log and answer 500, as in production
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "no_such_table" in caplog.text  # the error itself is logged
    assert SECRET not in caplog.text
    assert all(SECRET not in str(record.exc_info) for record in caplog.records)


@pytest.mark.parametrize(
    ("path", "route"),
    [
        ("/feeds/{secret}/return-to-run.ics", "/feeds/<token>/<name>.ics"),
        ("/auth/reset/{secret}", "/auth/reset/<token>"),
        ("/coach/join/{secret}", "/coach/join/<token>"),
    ],
)
def test_an_error_on_a_path_that_holds_a_secret_logs_its_route_not_the_secret(
    app, caplog, path, route
):
    @app.before_request
    def broken():
        raise RuntimeError("something broke")  # after routing: the request has its route

    secret = "Zm9vYmFyLXNlY3JldC10b2tlbi1ub3QtZm9yLWxvZ3M"
    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR, logger=app.logger.name):
        response = app.test_client().get(path.format(secret=secret))
    assert response.status_code == 500
    assert f"Exception on {route} [GET]" in caplog.text
    assert secret not in caplog.text
