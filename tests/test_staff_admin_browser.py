"""The admin pages in a real browser (the fixtures of tests/browser.py): an administrator adds
a staff member and uploads a CSV file of clients, and axe-core finds no serious or critical
WCAG failure on any admin page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests import browser
from tests.browser import Site, serious_violations, sign_in
from tests.support import ADMIN

pytestmark = pytest.mark.slow
# The served demo, Debian's chromium and a fresh window: the fixtures of the staff pages' tests.
site, chromium, page = browser.site, browser.chromium, browser.page


def test_an_admin_adds_a_staff_member(page: Page, site: Site) -> None:
    sign_in(page, site, ADMIN)
    page.get_by_role("link", name="Admin").click()
    assert page.locator("h1").inner_text() == "Staff"
    assert serious_violations(page) == []
    form = page.locator("form[aria-labelledby=add-staff]")
    form.get_by_label("Email", exact=True).fill("sam.ortiz@demo.example")
    form.get_by_label("Name", exact=True).fill("Sam Ortiz")
    form.get_by_label("Role").select_option("specialist")
    form.get_by_label("Phone", exact=True).fill("+13125550188")
    form.get_by_role("button", name="Add the staff member").click()
    assert page.locator("h1").inner_text() == "Sam Ortiz"
    assert "sam.ortiz@demo.example added" in page.get_by_role("status").inner_text()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Offices").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Agency settings").click()
    assert "PROGRAM_NAME" in page.content()
    assert serious_violations(page) == []


def test_an_admin_uploads_clients_and_reads_the_report(
    page: Page, site: Site, tmp_path: Path
) -> None:
    csv = tmp_path / "clients.csv"
    csv.write_text(
        "external_id,first_name,last_name,phone,language,timezone\n"
        "C-900,Rosa,Diaz,+13125550177,es,America/Chicago\n"
        "C-901,Tom,Lee,not a phone,en,America/Chicago\n",
        encoding="utf-8",
    )
    sign_in(page, site, ADMIN)
    page.goto(site.url + "/admin/imports")
    assert serious_violations(page) == []
    page.get_by_label("What the file holds").select_option("clients")
    page.locator("#file").set_input_files(csv)
    page.get_by_role("button", name="Import").click()
    report = page.locator("ul.report").inner_text()
    assert "line 3" in report and "1 client imported" in report and "1 row rejected" in report
    assert serious_violations(page) == []
