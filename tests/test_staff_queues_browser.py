"""The Escalations, Inbox and Clients pages in a real browser (Debian's chromium through
Playwright, with the fixtures and helpers of tests/browser.py): acknowledging and resolving an
escalation, linking an unknown number's text to its client, searching for a client; axe-core
finds no serious or critical failure on any of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Page

from tests import browser
from tests.browser import Site, serious_violations, serve_demo, sign_in
from tests.support import ADMIN, DANA, JAMES, STRANGER, Phone

# The browser and a fresh window for each test (tests/browser.py).
chromium, page = browser.chromium, browser.page

pytestmark = pytest.mark.slow


def _new_number(story: Flask) -> None:
    Phone(story.test_client(), STRANGER).text("Hi it's Alex, this is my new number")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo served as every browser test's, with a text from a number no client has
    waiting in the inbox."""
    with serve_demo(tmp_path_factory.mktemp("queues"), _new_number) as served:
        yield served


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
