"""What the benchmark does as a browser would, before wrk takes over: log in through the form
with its CSRF token, keep the cookies each answer sets, and read a page's CSRF token."""

from __future__ import annotations

import http.client
import re
import urllib.parse
from dataclasses import dataclass, field

AGENT = "rtr-bench"  # one User-Agent for every request: the session is bound to it
PASSWORD = "correct horse battery"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Answer:
    """What the app answered: the status, the headers and the body as text."""

    status: int
    headers: http.client.HTTPMessage
    text: str


@dataclass
class Browser:
    """One visitor of the app on a loopback port, with the cookies the answers set."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def cookie(self) -> str:
        """The Cookie header this browser sends."""
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def send(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """Send one request with this browser's cookies; keep the cookies its answer sets."""
        sent = {"User-Agent": AGENT, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = self.cookie
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        answer = Answer(
            response.status, response.headers, response.read().decode("utf-8", "replace")
        )
        connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        return answer

    def csrf_token(self, path: str) -> str:
        """Open a page and return the CSRF token of its form."""
        response = self.send("GET", path)
        found = TOKEN.search(response.text)
        if response.status != 200 or not found:
            raise RuntimeError(f"{path} answered {response.status} with no CSRF token")
        return found.group(1)


def log_in(port: int, email: str, password: str = PASSWORD) -> Browser:
    """Log in as a browser does: open the form, send it with its token, keep the cookies."""
    browser = Browser(port)
    token = browser.csrf_token("/auth/login")
    answer = browser.send(
        "POST", "/auth/login", {"email": email, "password": password, "csrf_token": token}
    )
    if answer.status not in (302, 303):
        raise RuntimeError(f"log-in as {email} answered {answer.status}")
    return browser
