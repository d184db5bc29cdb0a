"""Broadcasts in a real browser (the fixtures of tests/test_staff_browser.py, a server of its
own): an admin composes one in English and Spanish, watching each text's counter, reads the
preview, sends it and watches the figures change as the texts go out; axe-core finds no
serious or critical WCAG failure on any broadcast page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

import tests.test_staff_browser as shared
from tests.support import ADMIN, DANA
from tests.test_staff_browser import Site, serious_violations, sign_in

# The same fixtures, registered here: this module gets its own server and database.
site, chromium, page = shared.site, shared.chromium, shared.page

pytestmark = pytest.mark.slow


def compose(page: Page, site: Site, name: str) -> int:
    """Fill in the compose form as staff would and save it; the new broadcast's number."""
    page.goto(f"{site.url}/broadcasts/new")
    page.locator("#name").fill(name)
    page.locator("#text_en").fill("{event} on {date} at {time}, {place}.")
    expect(page.locator("#text_en-counter")).to_have_text(
        "As typed: 37 characters · GSM-7 · 1 segments"
    )
    page.locator("#text_es").fill("{event}: {date} a las {time}, {place}. ¡Le esperamos!")
    expect(page.locator("#text_es-counter")).to_contain_text("GSM-7")
    page.locator("#event_name").fill("Job fair")
    page.locator("#event_place").fill("Harold Washington Library")
    page.locator("#event_date").fill("2030-06-03")
    page.locator("#event_time").fill("10:00")
    page.locator("#ask_rsvp").check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save and preview").click()
    page.wait_for_url(re.compile(rf"{re.escape(site.url)}/broadcasts/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_an_admin_composes_in_two_languages_and_reads_the_preview(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    page.get_by_role("link", name="Broadcasts").click()
    assert serious_violations(page) == []
    number = compose(page, site, "Spring job fair")
    assert f"Broadcast {number} created as a draft" in page.get_by_role("status").inner_text()
    preview = page.locator("#main").inner_text()
    assert "Text in English, for" in preview and "Text in Spanish, for" in preview
    assert "Job fair on Mon, Jun 3 at 10:00 AM, Harold Washington Library." in preview
    assert "estimated cost $" in preview
    assert serious_violations(page) == []
    page.get_by_role("link", name="Edit").click()
    assert page.locator("#name").input_value() == "Spring job fair"
    page.locator("#name").fill("")
    page.get_by_role("button", name="Save and preview").click()
    expect(page.locator("#name-error")).to_contain_text("name must be 1 to 200 characters")
    assert serious_violations(page) == []


def test_the_templates_page_and_a_spanish_reader(page: Page, site: Site) -> None:
    sign_in(page, site, DANA)
    page.goto(f"{site.url}/broadcasts/templates")
    page.locator("#name").fill("Hiring event")
    page.locator("#text_en").fill("Hiring event on {date}.")
    page.get_by_role("button", name="Save the template").click()
    expect(page.get_by_role("status")).to_contain_text("Template saved: Hiring event")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Hiring event").click()
    assert page.locator("#text_en").input_value() == "Hiring event on {date}."
    assert serious_violations(page) == []
