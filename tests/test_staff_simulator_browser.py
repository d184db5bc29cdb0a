"""The phone simulator in a real browser (the demo site and chromium of tests/browser.py): a
text typed on the page travels the signed webhook, the inbound worker and the dispatcher
(running beside the server, as `botapp serve` runs them), and the answer appears on the open
page by itself; axe finds nothing serious."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from botapp.db import utcnow
from tests import browser
from tests.browser import Site, beside, serious_violations, sign_in
from tests.support import JAMES, handle_waiting, send_once

# The browser tests' fixtures: the demo site, chromium, a fresh window.
site, chromium, page = browser.site, browser.chromium, browser.page

pytestmark = pytest.mark.slow


@pytest.fixture
def workers(site: Site) -> Iterator[threading.Event]:
    """The inbound worker and the dispatcher (console transport) in a thread, every 0.2 s once
    the test sets the event it is handed."""
    stop, start = threading.Event(), threading.Event()
    with beside(site) as app:

        def work() -> None:
            start.wait()
            while not stop.wait(0.2):
                handle_waiting(app)
                send_once(app, utcnow())

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        yield start
        start.set()
        stop.set()
        thread.join()


def test_the_simulator_round_trip(page: Page, site: Site, workers: threading.Event) -> None:
    sign_in(page, site, JAMES)
    page.get_by_role("link", name="Phone simulator").click()
    assert page.locator("h1").inner_text() == "Phone simulator"
    assert serious_violations(page) == []
    page.get_by_label("Demo client").select_option(str(site.alex))
    page.get_by_role("button", name="Open this phone").click()
    assert page.url == f"{site.url}/simulator?client={site.alex}"
    page.get_by_label("Text botapp as Alex").fill("HELP")
    page.get_by_role("button", name="Send").click()
    assert "Your text reached the webhook" in page.get_by_role("status").inner_text()
    screen = page.locator("#screen")
    expect(screen.locator("li.inbound").last).to_contain_text("HELP")
    assert screen.locator("li.outbound").count() == 0  # nothing answered yet
    page.evaluate("window.notReloaded = true")
    workers.set()  # `botapp serve`'s workers act on the text and send the answer
    # The answer appears by itself (the page's script refreshes the screen), with its state.
    answer = screen.locator("li.outbound").last
    expect(answer).to_contain_text("Job Connect", timeout=10_000)
    expect(answer).to_contain_text("delivery: sent")
    assert page.evaluate("window.notReloaded") is True
    assert serious_violations(page) == []
