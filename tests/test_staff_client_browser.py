"""The client page in a real browser (the fixtures of tests/test_staff_browser.py): reading the
transcript, the reply box's counter as one types, answering the client, and a new text from the
client appearing without a reload; axe-core finds no serious or critical failure."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from botapp import create_app
from botapp.cli.database import upgrade
from botapp.cli.demo import seed, seed_passwords
from botapp.config import engine_of, sessions_of
from botapp.models import Message
from tests.support import ALEX, JAMES, Phone, app_env, client_by_phone, free_port
from tests.test_staff_browser import Site, chromium, page, serious_violations, sign_in

__all__ = ["chromium", "page"]  # the fixtures this module uses from the other

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Live:
    """The served app, and an app on the same database to play Alex's phone with."""

    site: Site
    story: Flask


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app served by werkzeug in a thread on a free port; Alex has texted once."""
    url = f"sqlite:///{tmp_path_factory.mktemp('client') / 'botapp.sqlite3'}"
    upgrade(url)
    story = create_app(app_env(url))  # signs webhooks at the tests' public URL
    session = sessions_of(story)()
    with session.begin():
        seed(session)
        seed_passwords(session)
    session.close()
    Phone(story.test_client(), ALEX).text("Can I move my meeting to Friday?")
    session = sessions_of(story)()
    alex = client_by_phone(session, ALEX).id
    session.close()
    port = free_port()
    app = create_app(app_env(url, PUBLIC_BASE_URL=f"http://127.0.0.1:{port}"))
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Live(Site(f"http://127.0.0.1:{port}", alex, 0, url), story)
    server.shutdown()
    thread.join()
    for built in (story, app):
        engine_of(built).dispose()


def test_read_answer_and_see_a_new_text_arrive(page: Page, live: Live) -> None:
    site = live.site
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
    session: Session = sessions_of(live.story)()
    sent = session.scalars(select(Message).where(Message.body == "See you Friday 🙂")).all()
    assert [(m.category, m.sent_by_id is not None) for m in sent] == [("staff", True)]
    session.close()

    marker = page.evaluate("window.notReloaded = true")
    assert marker is True
    Phone(live.story.test_client(), ALEX).text("Great, thanks!")
    expect(transcript.locator("li.inbound").last).to_contain_text("Great, thanks!", timeout=5000)
    assert page.evaluate("window.notReloaded") is True  # the same page: no reload
    assert serious_violations(page) == []
