"""The client page in a real browser (the fixtures of tests/browser.py): reading the transcript,
the reply box's counter as one types, answering the client, and a new text from the client
appearing without a reload; axe-core finds no serious or critical failure."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import sessions_of
from botapp.models import Message
from tests import browser
from tests.browser import Site, beside, serious_violations, sign_in
from tests.support import ALEX, JAMES, Phone

# The served demo (Alex has texted), Debian's chromium and a fresh window (tests/browser.py).
site, chromium, page = browser.site, browser.chromium, browser.page

pytestmark = pytest.mark.slow


def test_read_answer_and_see_a_new_text_arrive(page: Page, site: Site) -> None:
    sign_in(page, site, JAMES)
    page.goto(f"{site.url}/clients/{site.alex}")
    transcript = page.locator("ol.transcript")
    assert "Can I move my meeting to Friday?" in transcript.inner_text()
    assert "Alex wrote" in transcript.inner_text()
    assert serious_violations(page) == []

    box = page.get_by_label("Your text")
    box.fill("See you Friday")
    expect(page.locator("#reply-counter")).to_have_text("14 characters · GSM-7 · 1 segments")
    box.fill("See you Friday 🙂")
    expect(page.locator("#reply-counter")).to_have_text("16 characters · UCS-2 · 1 segments")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your text to Alex is on its way.")).to_be_visible()
    expect(transcript.locator("li.staff")).to_contain_text("See you Friday 🙂")
    expect(transcript.locator("li.staff")).to_contain_text("James Carter wrote to the client")
    with beside(site) as story:
        session: Session = sessions_of(story)()
        sent = session.scalars(select(Message).where(Message.body == "See you Friday 🙂")).all()
        assert [(m.category, m.sent_by_id is not None) for m in sent] == [("staff", True)]
        session.close()

    marker = page.evaluate("window.notReloaded = true")
    assert marker is True
    with beside(site) as story:
        Phone(story.test_client(), ALEX).text("Great, thanks!")
    expect(transcript.locator("li.inbound").last).to_contain_text("Great, thanks!", timeout=5000)
    assert page.evaluate("window.notReloaded") is True  # the same page: no reload
    assert serious_violations(page) == []
