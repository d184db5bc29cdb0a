"""The staff web app in a real browser: Debian's chromium, driven by Playwright, against the
app served on a free port (SQLite, the demo seeded, its staff with the demo password). Every
page is checked by axe-core (tests/vendor/axe.min.js) for serious or critical WCAG failures.
The site, the browser and those helpers are tests/browser.py, shared by every browser test.

Screenshots for the README: `.venv/bin/python -m tests.screenshots` (tests/screenshots.py)
writes them with the same site and browser at 1280 and 390 px wide.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests import browser
from tests.browser import Site, serious_violations, sign_in
from tests.support import ADMIN, JAMES, MARIA

# The served demo, Debian's chromium and a fresh window (tests/browser.py).
site, chromium, page = browser.site, browser.chromium, browser.page

pytestmark = pytest.mark.slow


def test_a_failed_sign_in_then_a_good_one(page: Page, site: Site) -> None:
    page.goto(site.url + "/")
    assert page.url == site.url + "/sign-in"
    assert page.locator("h1").inner_text() == "Sign in"
    assert serious_violations(page) == []
    sign_in(page, site, JAMES, "not the password")
    assert "do not match" in page.get_by_role("alert").inner_text()
    assert page.locator("#email").input_value() == JAMES  # kept, to fix the password only
    sign_in(page, site, JAMES)
    assert page.url == site.url + "/"
    assert page.locator("h1").inner_text() == "Today"


def test_the_skip_link_is_the_first_stop_of_the_keyboard(page: Page, site: Site) -> None:
    page.goto(site.url + "/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "email"


def test_today_shows_my_clients_urgent_first_and_acknowledges(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    rows = page.locator("table.escalations tbody tr")
    assert rows.count() == 2  # Alex's two; Lucía is María's client
    assert "crisis language" in rows.nth(0).inner_text()
    assert "urgent" in rows.nth(0).inner_text()
    assert serious_violations(page) == []
    before = page.get_by_text("New: nobody has it yet").count()
    rows.nth(0).get_by_role("button").click()
    assert "acknowledged: you have it now" in page.get_by_role("status").inner_text()
    assert page.get_by_text("New: nobody has it yet").count() == before - 1


def test_opening_a_client_shows_the_conversation(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    page.get_by_role("link", name="Alex J.").first.click()
    assert page.url == f"{site.url}/clients/{site.alex}"
    assert page.locator("h1").inner_text() == "Alex Johnson"
    transcript = page.locator("ol.transcript")
    assert "Can I move my meeting to Friday?" in transcript.inner_text()
    assert "Alex wrote" in transcript.inner_text()
    assert serious_violations(page) == []


def test_a_specialist_cannot_open_another_caseload(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    answer = page.goto(f"{site.url}/clients/{site.lucia}")
    assert answer is not None and answer.status == 404
    assert "Lucía" not in page.content()


def test_the_spanish_speaking_specialist_gets_the_spanish_ui(page: Page, site: Site) -> None:
    sign_in(page, site, MARIA)
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Hoy"
    assert serious_violations(page) == []
    page.get_by_role("link", name="Lucía H.").first.click()
    assert "Conversación" in page.locator("h2#conversation").inner_text()
    assert "Gracias, nos vemos el martes" in page.locator("ol.transcript").inner_text()
    assert serious_violations(page) == []


def test_no_main_page_is_wider_than_a_phone(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)  # the longest menu
    page.set_viewport_size({"width": 390, "height": 844})
    paths = ["/", "/escalations", "/inbox", "/clients", f"/clients/{site.alex}"]
    paths += ["/admin/staff", "/admin/offices", "/admin/imports", "/admin/agency"]
    wider = {}
    for path in paths:
        page.goto(site.url + path)
        wider[path] = page.evaluate("document.documentElement.scrollWidth")
    assert {path: width for path, width in wider.items() if width > 390} == {}
