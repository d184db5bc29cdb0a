"""The Escalations, Inbox and Clients pages in a real browser (Debian's chromium through
Playwright, as tests/test_staff_browser.py, whose fixtures and helpers these reuse):
acknowledging and resolving an escalation, linking an unknown number's text to its client,
searching for a client; axe-core finds no serious or critical failure on any of them."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page
from werkzeug.serving import make_server

from botapp import create_app
from botapp.cli.database import upgrade
from botapp.cli.demo import seed, seed_passwords
from botapp.config import engine_of, sessions_of
from tests import test_staff_browser as shared
from tests.support import ADMIN, DANA, JAMES, Phone, app_env, free_port
from tests.test_staff_browser import Site, serious_violations, sign_in

# The browser and a fresh window for each test: tests/test_staff_browser.py's fixtures.
chromium, page = shared.chromium, shared.page

STRANGER = "+13125550199"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo served on a free port, as tests/test_staff_browser.py serves it, with a text
    from a number no client has waiting in the inbox."""
    url = f"sqlite:///{tmp_path_factory.mktemp('queues') / 'botapp.sqlite3'}"
    upgrade(url)
    story = create_app(app_env(url))
    session = sessions_of(story)()
    with session.begin():
        seed(session)
        seed_passwords(session)
    session.close()
    ids = shared._tell(story)
    Phone(story.test_client(), STRANGER).text("Hi it's Alex, this is my new number")
    port = free_port()
    app = create_app(app_env(url, PUBLIC_BASE_URL=f"http://127.0.0.1:{port}"))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{port}", *ids, url)
    server.shutdown()
    thread.join()
    for built in (story, app):
        engine_of(built).dispose()


def test_acknowledge_and_resolve_an_escalation_from_the_escalations_page(
    page: Page, site: Site
) -> None:
    sign_in(page, site, JAMES)
    page.get_by_role("link", name="Escalations").click()
    assert page.locator("h1").inner_text() == "Escalations"
    assert serious_violations(page) == []
    page.get_by_role("link", name="Escalation 1 (Alex J.)").click()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Acknowledge").click()
    assert "acknowledged: you have it now" in page.locator(".notice").inner_text()
    page.get_by_label("What was done (for the case record)").fill("Called Alex, all is well")
    page.get_by_role("button", name="Resolve").click()
    assert "Escalation 1 resolved." in page.locator(".notice").inner_text()
    page.get_by_role("link", name="Escalations").click()
    assert "Escalation 1 (Alex J.)" not in page.content()


def test_a_supervisor_links_an_unknown_numbers_text_to_its_client(page: Page, site: Site) -> None:
    sign_in(page, site, DANA)
    page.get_by_role("link", name="Inbox").click()
    assert "this is my new number" in page.content()
    assert serious_violations(page) == []
    page.get_by_label("Case id of the client").first.fill("DEMO-1001")
    page.locator("form.inline button").first.click()
    assert "joined the record of Alex Johnson" in page.locator(".notice").inner_text()
    page.goto(f"{site.url}/clients/{site.alex}")
    assert "this is my new number" in page.content()


def test_search_for_a_client_by_name(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    page.get_by_role("link", name="Clients").click()
    assert serious_violations(page) == []
    page.get_by_label("Name, phone or case id").fill("hern")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("link", name="Hernández, Lucía").is_visible()
    assert "Johnson" not in page.content()
    page.get_by_role("link", name="Hernández, Lucía").click()
    assert page.locator("h1").inner_text() == "Lucía Hernández"


def test_today_with_its_new_sections_passes_axe_at_phone_width(page: Page, site: Site) -> None:
    sign_in(page, site, DANA)
    page.set_viewport_size({"width": 390, "height": 844})
    assert "Appointments today and tomorrow" in page.content()
    assert serious_violations(page) == []
