"""What the browser tests share: the demo app served on a free port, Debian's chromium driven by
Playwright, signing in through the form, and axe-core's check of a page.

A browser test module takes the fixtures by name (`site, chromium, page = browser.site, ...`):
module-scoped, so each module gets a server and a database of its own. tests/screenshots.py
uses the same site and browser, as a script.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from botapp import create_app
from botapp.cli.database import upgrade
from botapp.cli.demo import DEMO_PASSWORD, seed, seed_passwords
from botapp.config import engine_of, sessions_of
from botapp.escalations import service as escalations
from botapp.models import Reason, Severity
from tests.support import ALEX, LUCIA, Phone, app_env, client_by_phone, free_port

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"  # axe-core 4.14.1, from npm
WIDTHS = {"wide": 1280, "phone": 390}


@dataclass(frozen=True)
class Site:
    """The app as the browser reaches it, and the ids of the demo clients it shows."""

    url: str
    alex: int
    lucia: int
    database: str  # its URL, for workers or a phone a test runs beside the server


def tell(story: Flask) -> tuple[int, int]:
    """Give the demo something to show: Alex and Lucía text, Alex needs a person at once and
    has a routine text to read. The ids of Alex and Lucía."""
    Phone(story.test_client(), ALEX).text("Can I move my meeting to Friday?")
    Phone(story.test_client(), LUCIA).text("Gracias, nos vemos el martes")
    session: Session = sessions_of(story)()
    with session.begin():
        alex, lucia = client_by_phone(session, ALEX), client_by_phone(session, LUCIA)
        escalations.raise_escalation(session, alex, Reason.CRISIS, Severity.URGENT, None)
        escalations.raise_escalation(session, alex, Reason.ROUTINE_INBOX, Severity.ROUTINE, None)
        escalations.raise_escalation(session, lucia, Reason.NEEDS_HELP, Severity.TODAY, None)
        ids = alex.id, lucia.id
    session.close()
    return ids


@contextmanager
def beside(site: Site) -> Iterator[Flask]:
    """An app on the served site's database, signing webhooks at the tests' public URL: to
    text as a client's phone, or run workers, while the browser looks."""
    app = create_app(app_env(site.database))
    try:
        yield app
    finally:
        engine_of(app).dispose()


@contextmanager
def serve_demo(folder: Path, more: Callable[[Flask], object] | None = None) -> Iterator[Site]:
    """The demo app (told its story by `tell`, then `more`) served by werkzeug in a thread on
    a free port, over plain http on loopback, its SQLite file in `folder`."""
    url = f"sqlite:///{folder / 'botapp.sqlite3'}"
    upgrade(url)
    story = create_app(app_env(url))  # signs webhooks at the tests' public URL
    session = sessions_of(story)()
    with session.begin():
        seed(session)
        seed_passwords(session)
    session.close()
    ids = tell(story)
    if more is not None:
        more(story)
    port = free_port()
    app = create_app(app_env(url, PUBLIC_BASE_URL=f"http://127.0.0.1:{port}"))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{port}", *ids, url)
    finally:
        server.shutdown()
        thread.join()
        for built in (story, app):
            engine_of(built).dispose()


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """Debian's chromium, headless, driven by Playwright."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo app served on a free port (serve_demo), one per test module."""
    with serve_demo(tmp_path_factory.mktemp("browser")) as served:
        yield served


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's chromium, headless (installed by scripts/test.sh)."""
    if shutil.which("chromium") is None and not Path(CHROMIUM).exists():
        reason = "chromium is not installed (scripts/test.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(reason + " -- CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh browser window (its own cookies), 1280 px wide."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page: Page, site: Site, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, as staff do."""
    page.goto(site.url + "/")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical WCAG 2.1 A/AA failures on the page, as "rule: target".

    Injected through the DevTools protocol: the page's CSP refuses inline script, as it should.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
             ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})).violations"""
    )
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
