"""The client page's plan forms in a real browser (the fixtures of tests/browser.py, a server
of its own): an appointment created with the keyboard alone, and axe-core's check of every plan
form, none with a serious or critical WCAG failure."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page

from botapp.db import utcnow
from tests import browser
from tests.browser import Site, serious_violations, sign_in
from tests.support import JAMES

# The same fixtures, registered here: this module gets its own server and database.
site, chromium, page = browser.site, browser.chromium, browser.page

pytestmark = pytest.mark.slow


def tab_to(page: Page, name: str, presses: int = 40) -> None:
    """Press Tab until the element named `name` (its text, or else its id) has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = page.evaluate(
            "[document.activeElement.textContent.trim(), document.activeElement.id]"
        )
        if name in found:
            return
    raise AssertionError(f"{name!r} never had the focus")


def test_an_appointment_created_with_the_keyboard_alone(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    page.goto(f"{site.url}/clients/{site.alex}")
    tab_to(page, "New appointment")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}/clients/{site.alex}/appointments/new")
    assert "America/Chicago" in page.locator("#zone").inner_text()
    page.keyboard.press("Tab")  # the skip link first
    page.keyboard.press("Enter")
    tab_to(page, "Back to Alex Johnson")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "kind"
    page.keyboard.press("ArrowDown")  # Meeting with the specialist -> Job interview
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "day"
    day = utcnow().astimezone(ZoneInfo("America/Chicago")).date() + timedelta(days=9)
    page.keyboard.type(f"{day:%m%d%Y}")  # the date field's month, day and year
    tab_to(page, "time", presses=3)  # past the date field's calendar button, if any
    assert page.locator("#day").input_value() == day.isoformat()
    page.keyboard.type("0230P")  # the time field's hour, minutes and PM
    assert page.locator("#time").input_value() == "14:30"
    tab_to(page, "place", presses=3)
    page.keyboard.type("55 W Monroe St")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "check_attendance"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button
    # Back on the client page (the skip link's #main stays on the address through the redirect).
    page.wait_for_url(re.compile(rf"{re.escape(site.url)}/clients/{site.alex}(#main)?$"))
    assert "Appointment added: Job interview," in page.get_by_role("status").inner_text()
    assert "55 W Monroe St" in page.locator("ul.coming").inner_text()
    assert serious_violations(page) == []


def test_every_plan_form_passes_axe_with_its_errors_shown(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    base = f"{site.url}/clients/{site.alex}"
    page.goto(base + "/appointments/new")  # one to move and cancel
    day = utcnow().astimezone(ZoneInfo("America/Chicago")).date() + timedelta(days=5)
    page.locator("#day").fill(day.isoformat())
    page.locator("#time").fill("09:15")
    page.locator("#place").fill("1 Main St")
    page.locator("form.stacked button[type=submit]").click()
    for path in ("/appointments/new", "/goals/steps/new", "/placements/new"):
        page.goto(base + path)
        assert serious_violations(page) == [], path
        page.locator("form.stacked button[type=submit]").click()  # empty: every error shown
        assert page.get_by_role("alert").count() == 1, path
        assert serious_violations(page) == [], path
    page.goto(base)
    page.locator("ul.coming a").first.click()  # Move
    assert serious_violations(page) == []
    page.goto(base)
    page.locator("ul.coming a").nth(1).click()  # Cancel
    assert page.locator("h1").inner_text().startswith("Cancel the appointment:")
    assert serious_violations(page) == []
