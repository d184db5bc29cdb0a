"""`python -m tests.screenshots [FOLDER]`: write the README's screenshots of the staff web app's
main pages, 1280 and 390 px wide, to FOLDER (default docs/screenshots).

The same demo site and Debian chromium as the browser tests (tests/browser.py), run as a
script: taking pictures is not a test, and the suite has no test skipped for it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import Flask
from playwright.sync_api import Browser
from sqlalchemy import select

from botapp.broadcasts import sending
from botapp.broadcasts.service import BroadcastFields, create_broadcast
from botapp.config import sessions_of, settings_of
from botapp.db import utcnow
from botapp.escalations.service import MOST_PRESSING
from botapp.models import BroadcastRecipient, Escalation, Message, MessageStatus, Rsvp
from tests.browser import WIDTHS, Site, beside, launch_chromium, serve_demo, sign_in
from tests.support import ADMIN, DANA, JAMES, MARIA, ROOT, STRANGER, Phone

NOBODY = ""  # a browser nobody signed in to
CHICAGO = ZoneInfo("America/Chicago")


def _new_number(story: Flask) -> None:
    """A text from a number no client has, for the Inbox to show."""
    Phone(story.test_client(), STRANGER).text("Hi, it's Alex: this is my new number")


def _broadcast(story: Flask) -> None:
    """A job fair sent to the demo's clients, one text delivered and one answer in, for the
    watch page (broadcast 1); the clients' skip guards are off so everyone is reached."""
    settings, now = settings_of(story), utcnow()
    session = sessions_of(story)()
    with session.begin():
        fields = BroadcastFields(
            name="Spring job fair",
            texts={
                "en": "{event} on {date} at {time}, {place}.",
                "es": "{event}: {date} a las {time}, {place}.",
            },
            segment={"skip_open_question": False, "skip_open_escalation": False},
            event_name="Job fair",
            event_place="Harold Washington Library",
            event_at=now.astimezone(CHICAGO).replace(hour=10, minute=0) + timedelta(days=14),
            ask_rsvp=True,
        )
        broadcast = create_broadcast(session, None, fields, now)
        sending.send(session, settings, broadcast, None, now)
        recipients = session.scalars(
            select(BroadcastRecipient).where(BroadcastRecipient.broadcast_id == broadcast.id)
        ).all()
        first = session.get_one(Message, recipients[0].message_id)
        first.status = MessageStatus.DELIVERED
        recipients[0].rsvp, recipients[0].rsvp_at = Rsvp.YES, now
    session.close()


def _story(story: Flask) -> None:
    _new_number(story)
    _broadcast(story)


def _most_pressing(site: Site) -> int:
    """The number of Alex's most pressing escalation (urgent: crisis language)."""
    with beside(site) as story:
        session = sessions_of(story)()
        query = select(Escalation.id).where(Escalation.client_id == site.alex)
        number = session.scalars(query.order_by(MOST_PRESSING, Escalation.id)).first()
        session.close()
    assert number is not None
    return number


def pages(site: Site) -> list[tuple[str, str, str]]:
    """Each screenshot's name, who looks, and the page's path."""
    alex = site.alex
    return [
        ("sign-in", NOBODY, "/sign-in"),
        ("today", JAMES, "/"),
        ("client", JAMES, f"/clients/{alex}"),
        ("new-appointment", JAMES, f"/clients/{alex}/appointments/new"),
        ("escalations", JAMES, "/escalations"),
        ("escalation", JAMES, f"/escalations/{_most_pressing(site)}"),
        ("simulator", JAMES, f"/simulator?client={alex}"),
        ("inbox", DANA, "/inbox"),
        ("clients", DANA, "/clients"),
        ("admin-staff", ADMIN, "/admin/staff"),
        ("admin-agency", ADMIN, "/admin/agency"),
        ("today-es", MARIA, "/"),  # María reads Spanish
        ("broadcast-compose", ADMIN, "/broadcasts/new"),
        ("broadcast-watch", ADMIN, "/broadcasts/1"),
    ]


def shoot(chromium: Browser, site: Site, folder: Path) -> list[Path]:
    """Screenshot each page of `pages` at each width, signed in as its viewer; the files."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    shots = pages(site)
    for width_name, width in WIDTHS.items():
        for viewer in dict.fromkeys(who for _, who, _ in shots):
            context = chromium.new_context(viewport={"width": width, "height": 800})
            shot = context.new_page()
            if viewer != NOBODY:
                sign_in(shot, site, viewer)
            for page_name, who, path in shots:
                if who != viewer:
                    continue
                shot.goto(site.url + path)
                target = folder / f"{page_name}-{width_name}.png"
                shot.screenshot(path=target, full_page=True)
                written.append(target)
            context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots", description=__doc__)
    parser.add_argument(
        "folder", nargs="?", type=Path, default=ROOT / "docs" / "screenshots", help="where to"
    )
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="botapp-screenshots-") as tmp,
        serve_demo(Path(tmp), _story) as site,
        launch_chromium() as chromium,
    ):
        for path in shoot(chromium, site, args.folder.resolve()):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
