"""Broadcasts in a real browser (the fixtures of tests/browser.py, a server of its own): an
admin composes one in English and Spanish, watching each text's counter, reads the preview,
sends it and watches the figures change as the texts go out; axe-core finds no serious or
critical WCAG failure on any broadcast page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from botapp.config import sessions_of
from botapp.models import BroadcastRecipient, Message, MessageStatus
from tests import browser
from tests.browser import Site, beside, serious_violations, sign_in
from tests.support import ADMIN, DANA

# The same fixtures, registered here: this module gets its own server and database.
site, chromium, page = browser.site, browser.chromium, browser.page

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


def deliver_one(site: Site, number: int) -> None:
    """Mark one of the broadcast's texts delivered, as Twilio's delivery report would."""
    with beside(site) as story:
        session = sessions_of(story)()
        with session.begin():
            text = session.scalars(
                select(Message)
                .join(BroadcastRecipient, BroadcastRecipient.message_id == Message.id)
                .where(BroadcastRecipient.broadcast_id == number)
                .order_by(Message.id)
            ).first()
            assert text is not None
            text.status = MessageStatus.DELIVERED
        session.close()


def test_an_admin_sends_it_and_watches_the_figures_change(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    number = compose(page, site, "Hiring event")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status")).to_contain_text(f"Broadcast {number} is going out to")
    expect(page.locator("#status")).to_have_text("Status: sending")
    delivered = page.locator('#figures tbody tr:first-child td[data-label="Delivered"]')
    expect(delivered).to_have_text("0")
    assert serious_violations(page) == []
    deliver_one(site, number)
    expect(delivered).to_have_text("1", timeout=12_000)  # the page's polling, every 5 seconds
    page.get_by_role("button", name="Cancel the broadcast").click()
    expect(page.get_by_role("status")).to_contain_text(f"Broadcast {number} cancelled: 0 texts")
    expect(page.locator("#status")).to_have_text("Status: cancelled")
    assert serious_violations(page) == []
