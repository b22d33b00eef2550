"""The request's database session: pages render after their transaction has ended."""

from __future__ import annotations

from flask import g, template_rendered

from tests.web.test_coach import coach_signup, managed_athlete


def test_pages_render_outside_a_transaction(app, client, walk_run_plan):
    """On SQLite a transaction holds the write lock: no page may keep it while it renders."""
    seen: list[bool] = []

    def rendered(_app, template, context, **_extra):
        db_session = g.get("db_session")
        seen.append(db_session is not None and db_session.in_transaction())

    with template_rendered.connected_to(rendered, app):
        for url in (f"/plans/{walk_run_plan}/today", f"/plans/{walk_run_plan}", f"/plans/{walk_run_plan}/days/2025-03-12",
                    f"/plans/{walk_run_plan}/history", f"/plans/{walk_run_plan}/charts",
                    f"/plans/{walk_run_plan}/print", f"/plans/{walk_run_plan}/settings",
                    f"/plans/{walk_run_plan}/calendar-feed", "/auth/account"):
            assert client.get(url).status_code == 200, url
    coach = app.test_client()
    coach_signup(coach)
    with template_rendered.connected_to(rendered, app):
        athlete = managed_athlete(coach)
        for url in ("/coach/", f"/coach/athletes/{athlete}"):
            assert coach.get(url).status_code == 200, url
    assert len(seen) >= 10 and not any(seen)
