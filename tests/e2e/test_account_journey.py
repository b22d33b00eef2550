"""A runner in a real browser: forgets their password and resets it through the mailed link,
then downloads their data and deletes their account."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serve_app, sign_up
from tests.load.server import free_port
from tests.web.conftest import Mailbox

pytestmark = pytest.mark.e2e
PASSWORD, NEW = "a good long password", "a brand new passphrase"
WIDTHS = {"phone": 390, "desktop": 1280}


@pytest.fixture
def mailed_server(tmp_path):
    """The app with mail on, sent to an SMTP server on loopback (aiosmtpd)."""
    from aiosmtpd.controller import Controller

    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with serve_app(tmp_path, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port) as (url, app):
            app.config["PUBLIC_URL"] = url  # reset links are mailed at the site's own address
            yield url, box
    finally:
        controller.stop()


def new_page(browser, width: int):
    context = browser.new_context(
        viewport={"width": width, "height": 900},
        timezone_id="UTC",
        locale="en-GB",
        accept_downloads=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.mark.parametrize("size", WIDTHS)
def test_a_forgotten_password_is_reset_through_the_mailed_link(mailed_server, browser, shot, size):
    base, mailbox = mailed_server
    page = new_page(browser, WIDTHS[size])
    sign_up(page, base, PASSWORD)
    page.get_by_role("button", name="Log out").click()

    page.get_by_role("link", name="Forgot your password?").click()
    shot(page, f"forgot-{size}")
    page.get_by_label("Email").fill("runner@example.com")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_text("we have sent it a link")).to_be_visible()

    [mail] = mailbox.wait_for(1)
    link = re.search(r"(http://\S+/auth/reset/\S+)", mail.get_content()).group(1)
    page.goto(link)
    shot(page, f"reset-{size}")
    page.get_by_label("New password", exact=True).fill(NEW)
    page.get_by_label("New password again").fill(NEW)
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_text("Your password is changed")).to_be_visible()
    shot(page, f"reset-done-{size}")
    page.get_by_label("Password", exact=True).fill(NEW)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/plans/new/where$"))

    page.goto(link)  # once only
    assert page.get_by_text("expired or was already used").is_visible()
    page.context.close()


@pytest.mark.parametrize("size", WIDTHS)
def test_a_runner_downloads_their_data_then_deletes_their_account(live_server, browser, shot, size):
    page = new_page(browser, WIDTHS[size])
    sign_up(page, live_server, PASSWORD)
    page.get_by_role("link", name="Account").click()
    shot(page, f"account-{size}")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "runner@example.com"

    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account").click()  # the box is not ticked
    expect(page.get_by_text("Tick the box to confirm")).to_be_visible()
    shot(page, f"account-delete-refused-{size}")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Yes, delete my account and everything in it").check()
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_text("Your account and everything it held are deleted")).to_be_visible()

    page.goto(f"{live_server}/auth/login")
    page.get_by_label("Email").fill("runner@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("That email and password do not match")).to_be_visible()
    page.context.close()
