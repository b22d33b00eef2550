"""axe-core finds nothing on any page a runner or a coach can reach, on a phone and a desktop.

One server and one browser serve the whole module: a runner with a walk-run plan and a
stopped one, a coach with a managed athlete, and the pages only a form post shows. Each
page is checked at 390 and 1280 px; a failure names every rule and the elements it found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest

from tests.e2e.conftest import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    chromium_path,
    log_in_after_sign_up,
    picture,
    serve,
)
from tests.e2e.test_runner_journey import GREEN_LOG, create_achilles_plan

pytestmark = pytest.mark.e2e
PASSWORD = "a good long password"
WIDTHS = {"phone": 390, "desktop": 1280}


def axe_violations(page) -> list[dict]:
    """Run axe-core (the copy axe-playwright-python bundles) on the page; return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


def describe(violations: list[dict]) -> str:
    """One line per rule: its id, impact, what it wants, and the elements that break it."""
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(node["target"]) for node in v["nodes"][:8])
        more = f" (+{len(v['nodes']) - 8} more)" if len(v["nodes"]) > 8 else ""
        lines.append(f"{v['id']} [{v['impact']}] {v['help']}: {targets}{more}")
    return "\n".join(lines)


def assert_accessible(page, name: str) -> None:
    picture(page, ARTIFACTS / f"axe-{name}.png", full_page=True)
    violations = axe_violations(page)
    assert not violations, f"{page.url} has axe violations:\n{describe(violations)}"


def new_page(browser, width: int, state: dict | None = None):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        timezone_id="UTC",
        locale="en-GB",
        storage_state=state,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def sign_up(page, base: str, email: str, coach: bool = False) -> None:
    page.goto(f"{base}/auth/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    if coach:
        page.get_by_label("I'm a coach").check()
    page.get_by_role("button", name="Sign up").click()
    log_in_after_sign_up(page, PASSWORD)


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """A server with a runner (a walk-run plan, a stopped plan) and a coach (one athlete)."""
    with serve(tmp_path_factory.mktemp("axe")) as base:
        runner = new_page(browser, 1280)
        sign_up(runner, base, "runner@example.com")
        runner.wait_for_url(re.compile(r"/plans/new/where$"))
        create_achilles_plan(runner, lambda *_: None)
        plan = runner.url.rsplit("/", 1)[0]
        log = tmp_path_factory.mktemp("log") / "log.json"
        log.write_text(json.dumps(GREEN_LOG))
        runner.goto(f"{plan}/import")
        runner.get_by_label("JSON log file").set_input_files(str(log))
        runner.get_by_role("button", name="Check the file").click()
        runner.get_by_role("button", name="Import these changes").click()
        runner.wait_for_url(re.compile(r"/plans/\d+$"))
        runner.goto(f"{plan}/calendar-feed")
        runner.get_by_role("button", name="Make a subscription link").click()
        runner.get_by_role("textbox", name="Link to paste into a calendar app (https)").wait_for()
        runner.goto(f"{base}/plans/new/where")
        create_achilles_plan(runner, lambda *_: None)
        stopped = runner.url.rsplit("/", 1)[0]
        runner.get_by_text("Something worse?").click()
        runner.get_by_label(re.compile("Can't put weight on it")).check()
        runner.get_by_role("button", name="Save report").click()
        runner.get_by_role("button", name="Yes, save it and stop my plan").click()
        runner.wait_for_url(re.compile(r"/today\?reported=1"))

        coach = new_page(browser, 1280)
        sign_up(coach, base, "coach@example.com", coach=True)
        coach.wait_for_url(re.compile(r"/coach/$"))
        coach.get_by_label("Athlete's name", exact=True).fill("Ana Managed")
        coach.get_by_role("button", name="Create profile").click()
        coach.wait_for_url(re.compile(r"/coach/athletes/\d+$"))
        athlete = coach.url
        coach.get_by_role("button", name=re.compile("New plan for")).click()
        create_achilles_plan(coach, lambda *_: None)
        athlete_plan = coach.url.rsplit("/", 1)[0]
        yield {
            "base": base,
            "plan": plan,
            "stopped": stopped,
            "athlete": athlete,
            "athlete_plan": athlete_plan,
            "runner": runner.context.storage_state(),
            "coach": coach.context.storage_state(),
        }
        runner.context.close()
        coach.context.close()


def go(path: str) -> Callable:
    """Open a path; `{plan}` and the like are filled from the site."""
    return lambda page, site: page.goto(path.format(**site))


def submit(page, button: str) -> None:
    """Press a form's button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def signup_errors(page, site):
    page.goto(f"{site['base']}/auth/signup")
    submit(page, "Sign up")


def login_error(page, site):
    page.goto(f"{site['base']}/auth/login")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("not the password")
    submit(page, "Log in")


def expired_form(page, site):
    """A form posted without its CSRF token: the 400 page."""
    page.goto(f"{site['base']}/auth/login")
    page.locator("input[name=csrf_token]").evaluate("input => input.remove()")
    page.get_by_label("Email").fill("nobody@example.com")
    page.get_by_label("Password", exact=True).fill("not the password")
    submit(page, "Log in")


def logged_out_form(page, site):
    """A report sent from a Today page left open after the browser logged out: the 400 page
    that says so, with its Log in button."""
    page.goto(site["plan"] + "/today")
    page.context.clear_cookies()  # logged out in another tab, say
    page.get_by_role("button", name="Save report").click()
    page.get_by_role("heading", name=re.compile("Logged out")).wait_for()


def invite(page, site):
    page.goto(f"{site['base']}/coach/")
    page.get_by_label("Name (optional)").fill("Bo Runner")
    page.get_by_role("button", name="Create invite link").click()
    page.wait_for_url(re.compile(r"/coach/invites$"))


def open_invites(page, site):
    invite(page, site)
    page.goto(f"{site['base']}/coach/#invites")
    page.get_by_role("heading", name="Invite links not used yet").wait_for()


def join(page, site):
    invite(page, site)
    link = page.get_by_label("Link", exact=True).input_value()
    page.context.clear_cookies()
    page.goto(link)


def hand_over(page, site):
    """The link that hands a managed profile over, opened by someone logged out."""
    page.goto(site["athlete"])
    submit(page, "Create a hand-over link")
    link = page.get_by_label("Link", exact=True).input_value()
    page.context.clear_cookies()
    page.goto(link)


def hand_over_unticked(page, site):
    """Signing up through it without ticking that the profile is yours: refused, said why."""
    hand_over(page, site)
    page.get_by_label("Email").fill("bo@example.com")
    page.get_by_label("Password", exact=True).fill("a long enough password")
    page.get_by_label("Password again").fill("a long enough password")
    submit(page, "Sign up and join")
    page.get_by_text("is you to take over the profile").wait_for()


def token_created(page, site):
    page.goto(f"{site['base']}/auth/account")
    page.get_by_label("Token name").fill("watch")
    submit(page, "Create a token")


def report_errors(page, site):
    page.goto(f"{site['plan']}/today")
    # nothing tapped: the report is refused
    submit(page, "Save report")


def red_flag_question(page, site):
    """A new red flag ticked: the question asked before anything is saved."""
    page.goto(f"{site['plan']}/today")
    page.get_by_text("Something worse?").click()
    page.get_by_label(re.compile("Can't put weight on it")).check()
    submit(page, "Save report")


def reported(page, site):
    page.goto(f"{site['plan']}/today")
    page.get_by_role("group", name="Pain at rest").get_by_text("1", exact=True).click()
    page.get_by_role("button", name="Save report").click()
    page.wait_for_url(re.compile(r"reported=1"))


def import_preview(page, site):
    page.goto(f"{site['plan']}/import")
    page.get_by_label("JSON log file").set_input_files(
        files=[
            {
                "name": "log.json",
                "mimeType": "application/json",
                "buffer": json.dumps(
                    {
                        "reports": [],
                        "completions": [{"date": "2025-03-13", "item": "ex:calf-stretch"}],
                    }
                ).encode(),
            }
        ]
    )
    submit(page, "Check the file")


def plans_archived(page, site):
    page.goto(f"{site['base']}/plans/?archived=1")
    if not page.get_by_role("heading", name="Archived", exact=True).count():
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("^Archive")).last.click()
    assert page.get_by_role("button", name=re.compile("^Restore")).count()


def feed_confirm(page, site):
    page.goto(f"{site['plan']}/calendar-feed")
    if page.get_by_role("button", name="Make a subscription link").count():
        submit(page, "Make a subscription link")
    submit(page, "Make a new link (the old one stops working)")
    assert page.get_by_role("heading", name="Make a new link?").is_visible()


def reminder_errors(path: str) -> Callable:
    """A reminders form saved with a time that is no time: the page with its error."""

    def visit(page, site):
        page.goto(path.format(**site))
        page.locator("input[name=at]").evaluate("input => { input.type = 'text'; }")
        page.locator("input[name=at]").fill("25:99")
        submit(page, "Save")
        assert page.locator(".error").count()

    return visit


def unsubscribe_link(site) -> str:
    """A reminder's signed unsubscribe link for the runner's plan, as the mail carries it."""
    from itsdangerous import URLSafeSerializer

    from web.auth.unsubscribe_tokens import SALT

    plan_id = int(site["plan"].rsplit("/", 1)[1])
    token = URLSafeSerializer("e2e-secret", salt=SALT).dumps(["morning", plan_id])
    return f"{site['base']}/reminders/unsubscribe/{token}"


def unsubscribe(page, site):
    page.goto(unsubscribe_link(site))


def unsubscribed(page, site):
    page.goto(unsubscribe_link(site))
    submit(page, "Stop these messages")


PAGES: dict[str, tuple[str | None, Callable]] = {
    "home": (None, go("{base}/")),
    "signup": (None, go("{base}/auth/signup")),
    "signup-errors": (None, signup_errors),
    "login": (None, go("{base}/auth/login")),
    "login-error": (None, login_error),
    "forgot": (None, go("{base}/auth/forgot")),
    "reset-unknown-link": (None, go("{base}/auth/reset/not-a-token")),
    "not-found": (None, go("{base}/no-such-page")),
    "expired-form": (None, expired_form),
    "logged-out-form": ("runner", logged_out_form),
    "join": ("coach", join),
    "join-hand-over": ("coach", hand_over),
    "join-hand-over-unticked": ("coach", hand_over_unticked),
    "plans": ("runner", go("{base}/plans/")),
    "today": ("runner", go("{plan}/today")),
    "today-reported": ("runner", reported),
    "today-report-errors": ("runner", report_errors),
    "today-red-flag-question": ("runner", red_flag_question),
    "calendar": ("runner", go("{plan}")),
    "day-past": ("runner", go("{plan}/days/2025-03-12")),
    "day-projected": ("runner", go("{plan}/days/2025-04-10")),
    "history": ("runner", go("{plan}/history")),
    "charts": ("runner", go("{plan}/charts")),
    "print": ("runner", go("{plan}/print")),
    "settings": ("runner", go("{plan}/settings")),
    "watch": ("runner", go("{plan}/watch")),
    "reminders": ("runner", go("{plan}/reminders")),
    "reminders-errors": ("runner", reminder_errors("{plan}/reminders")),
    "more": ("runner", go("{plan}/more")),
    "plans-archived": ("runner", plans_archived),
    "feed-confirm-new-link": ("runner", feed_confirm),
    "feed": ("runner", go("{plan}/calendar-feed")),
    "import": ("runner", go("{plan}/import")),
    "import-preview": ("runner", import_preview),
    "stopped-today": ("runner", go("{stopped}/today")),
    "stopped-calendar": ("runner", go("{stopped}")),
    "account": ("runner", go("{base}/auth/account")),
    "token-created": ("runner", token_created),
    "forbidden-coach-page": ("runner", go("{base}/coach/")),
    "coach-dashboard": ("coach", go("{base}/coach/")),
    "coach-athlete": ("coach", go("{athlete}")),
    "coach-remove-athlete": ("coach", go("{athlete}/remove")),
    "coach-plan-settings": ("coach", go("{athlete_plan}/settings")),
    "coach-athlete-today": ("coach", go("{athlete_plan}/today")),
    "coach-athlete-calendar": ("coach", go("{athlete_plan}")),
    "coach-account": ("coach", go("{base}/auth/account")),
    "coach-digest": ("coach", go("{base}/reminders/digest")),
    "coach-digest-errors": ("coach", reminder_errors("{base}/reminders/digest")),
    "reminder-unsubscribe": (None, unsubscribe),
    "reminder-unsubscribed": (None, unsubscribed),
    "invite": ("coach", invite),
    "coach-open-invites": ("coach", open_invites),
}


@pytest.fixture(scope="module")
def filled(site):
    return {**site, "athlete_plan_id": site["athlete_plan"].rsplit("/", 1)[1]}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_no_axe_violations(browser, filled, name, width):
    role, visit = PAGES[name]
    page = new_page(browser, width, filled[role] if role else None)
    try:
        visit(page, filled)
        page.wait_for_load_state()
        assert_accessible(page, f"{name}-{width}")
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_every_wizard_step_and_its_errors_have_no_axe_violations(browser, filled, width):
    page = new_page(browser, width, filled["runner"])
    try:
        page.goto(f"{filled['base']}/plans/new/where")
        nothing = lambda: None  # noqa: E731 - a step left empty shows its error
        steps = [
            ("where", nothing, lambda: page.get_by_label("Back of ankle").check()),
            (
                "condition",
                nothing,
                lambda: page.get_by_label(re.compile("mid-portion", re.I)).check(),
            ),
            (
                "onset",
                nothing,
                lambda: page.get_by_label("The first day it hurt").fill("2025-03-01"),
            ),
            (
                "volume",
                nothing,
                lambda: page.get_by_label(
                    re.compile("usual weekly running before the injury")
                ).fill("30"),
            ),
            (
                "runs",
                lambda: page.get_by_label("Runs per week").fill("9"),
                lambda: page.get_by_label("Runs per week").fill("4"),
            ),
        ]
        for step, wrong, answer in steps:
            wrong()
            submit(page, "Next")
            assert page.locator(".error").count(), f"the {step} step shows no error"
            assert_accessible(page, f"wizard-{step}-error-{width}")
            answer()
            assert_accessible(page, f"wizard-{step}-{width}")
            submit(page, "Next")
        page.wait_for_url(re.compile(r"/plans/new/start$"))
        assert_accessible(page, f"wizard-start-{width}")
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [320, *WIDTHS.values()])
def test_calendar_cells_never_cut_their_words(browser, filled, width):
    page = new_page(browser, width, filled["runner"])
    try:
        page.goto(filled["plan"])
        cut = page.eval_on_selector_all(
            ".cal-day[href]",
            """cells => cells.filter(cell =>
                cell.scrollWidth > cell.clientWidth + 1 || cell.scrollHeight > cell.clientHeight + 1
            ).map(cell => cell.getAttribute("href") + ": " + cell.innerText.replace(/\\s+/g, " "))""",
        )
        assert page.locator(".cal-day[href]").count() > 90
        assert cut == [], f"calendar cells whose words do not fit: {cut}"
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_chart_labels_are_readable_and_never_overlap(browser, filled, width):
    """Every word drawn in the charts is at least 10 px tall, and no two of them touch."""
    page = new_page(browser, width, filled["runner"])
    try:
        page.goto(f"{filled['plan']}/charts")
        boxes = page.eval_on_selector_all(
            "svg.chart text",
            """texts => texts.map(t => {
                const box = t.getBoundingClientRect();
                return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize)
                    * t.getScreenCTM().a, left: box.left, right: box.right, top: box.top,
                    bottom: box.bottom, chart: t.closest("svg").getAttribute("aria-labelledby")};
            })""",
        )
        assert any(b["text"].startswith("Goal:") for b in boxes)
        small = [b["text"] for b in boxes if b["size"] < 10]
        assert small == [], f"chart labels under 10 px at {width} px: {small}"
        touching = [
            (a["text"], b["text"])
            for i, a in enumerate(boxes)
            for b in boxes[i + 1 :]
            if a["chart"] == b["chart"]
            and a["left"] < b["right"]
            and b["left"] < a["right"]
            and a["top"] < b["bottom"]
            and b["top"] < a["bottom"]
        ]
        assert touching == [], f"chart labels that overlap at {width} px: {touching}"
        picture(page, ARTIFACTS / f"charts-{width}.png", full_page=True)
    finally:
        page.context.close()


@pytest.mark.parametrize("path", ["{plan}/today", "{plan}/reminders", "{plan}/settings"])
def test_on_a_phone_no_control_takes_the_focus_behind_the_tab_bar(browser, filled, path):
    """WCAG 2.4.11: a control reached with Tab scrolls clear of the fixed tab bar, whole."""
    page = new_page(browser, WIDTHS["phone"], filled["runner"])
    try:
        page.goto(path.format(**filled))
        hidden, seen = [], 0
        for _ in range(80):
            page.keyboard.press("Tab")
            found = page.evaluate(
                """() => {
                    const el = document.activeElement, bar = document.querySelector(".tab-bar");
                    if (!el || el === document.body || bar.contains(el)) return null;
                    const box = el.getBoundingClientRect(), top = bar.getBoundingClientRect().top;
                    return {under: box.bottom > top + 1, what: el.outerHTML.slice(0, 80)};
                }"""
            )
            if found is None:
                continue
            seen += 1
            if found["under"]:
                hidden.append(found["what"])
        assert seen > 10, "too few controls reached to tell"
        assert hidden == [], f"controls focused behind the tab bar: {hidden}"
    finally:
        page.context.close()
