"""A resident's response journey over plain HTTP, without a browser: for bench/load.py and the fault tests.

A Visitor keeps its own cookies (session and CSRF), so each one holds one draft.
Connections are http.client ones with keep-alive, one per thread.
"""

import http.client
import re
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFERENCE = re.compile(r"[A-Z]{2,5}-[0-9A-Z]{4}-[0-9A-Z]{4}")


class Visitor:
    """One person with one browser session, talking to base_url (only ever 127.0.0.1)."""

    def __init__(self, base_url: str, *, timeout: float = 30):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("The journey client only talks to this machine")
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.token = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Send one request; return (status, Location header, body)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form | {"csrfmiddlewaretoken": self.token}, doseq=True)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{self.host}:{self.port}{path}",
            }
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection: open a new one, once, for a GET only.
                self.close()
                if attempt == 2 or method != "GET":
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        if match := CSRF.search(text):
            self.token = match.group(1)
        return response.status, response.headers.get("Location", ""), text

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def prepare(self, slug: str, *, impact: str, email: str = "") -> None:
        """Answer every step up to "Check your answers", as a resident would."""
        base = f"/consultations/{slug}/respond/"
        steps = [
            ("who/", {"respondent_type": "resident"}),
            ("about/", {"consent": "anonymous", "email": email}),
            ("questions/", {"q_proposal_agreement": "disagree", "q_impact": impact}),
        ]
        status, location, _ = self.request("GET", base + "?new=1")
        assert status == 302, f"starting a response answered {status}"
        for step, form in steps:
            self.request("GET", base + step)
            status, location, _ = self.request("POST", base + step, form)
            assert status == 302, f"{step} answered {status}"
        if location.endswith("/equality/"):  # the optional equality questions: skipped, as most people do
            status, _, _ = self.request("GET", base + "equality/?skip=1")
            assert status == 302, f"skipping the equality questions answered {status}"
        self.request("GET", base + "check/")

    def submit(self, slug: str) -> int:
        """Press "Send response"; return the status (302 to the confirmation when stored)."""
        status, _, _ = self.request("POST", f"/consultations/{slug}/respond/check/", {})
        return status

    def confirmation(self, slug: str) -> str | None:
        """The reference on the confirmation page, if there is one."""
        status, _, body = self.request("GET", f"/consultations/{slug}/respond/done/")
        match = REFERENCE.search(body) if status == 200 and "Response sent" in body else None
        return match.group(0) if match else None
