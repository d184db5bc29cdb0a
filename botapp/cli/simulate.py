"""`botapp simulate PHONE`: a terminal phone that texts the running app through its real webhook.

The app's inbound worker acts on the text after the webhook answered, and every text travels
through the outbox, so the simulator shows what the app's dispatcher sent to PHONE (it reads
the same database): the replies, and the reminders and check-ins nobody asked for. A text
that got no reply says why (phone_screen.py).
"""

from __future__ import annotations

import secrets
import threading

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from twilio.request_validator import RequestValidator

from botapp.cli.phone_screen import Screen, watch
from botapp.cli.terminal import printable
from botapp.config import Settings, sessions_of, settings_of
from botapp.db import get_session
from botapp.messages import demo as texts
from botapp.messages import render
from botapp.phone import InvalidPhone, to_e164

TO_NUMBER = "+13125550100"
LOOK_EVERY = 0.25  # seconds between looks for texts nobody asked for


def signed_post(
    settings: Settings, form: dict[str, str], url: str | None = None
) -> requests.Response:
    """POST `form` to the inbound webhook, signed as Twilio would sign it."""
    signature = RequestValidator(settings.twilio_auth_token).compute_signature(
        settings.inbound_url, form
    )
    return requests.post(
        url or settings.inbound_url,
        data=form,
        headers={"X-Twilio-Signature": signature},
        timeout=15,
    )


def inbound_form(settings: Settings, phone: str, body: str) -> dict[str, str]:
    """The fields Twilio posts for a text from `phone`."""
    return {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": settings.twilio_account_sid or "AC" + "0" * 32,
        "From": phone,
        "To": settings.twilio_from_number or TO_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
    }


@click.command("simulate")
@click.argument("phone")
@click.option("--url", help="Where the app listens (default: PUBLIC_BASE_URL/sms/inbound).")
@click.option("--wait", default=5.0, show_default=True, help="Seconds to wait for replies.")
@with_appcontext
def simulate(phone: str, url: str | None, wait: float) -> None:
    """Text the running app from PHONE and see every text it sends PHONE; Ctrl-D to quit."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    settings = settings_of(app)
    try:
        sender = to_e164(phone)
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc)) from None
    locale, session = settings.default_locale, get_session()
    click.echo(render(texts.SIMULATE_START, locale, url=url or settings.inbound_url, phone=sender))
    screen = Screen(sender, locale)
    screen.start(session)
    stop = threading.Event()
    looking = threading.Thread(target=_look, args=(sessions_of(app), screen, stop), daemon=True)
    looking.start()
    try:
        while (body := _read(screen)) is not None:
            screen.show_new(session)  # what came while the person typed, before their text
            _text(settings, screen, sender, body, url, wait)
    finally:
        stop.set()
        looking.join()
    screen.show_new(session)


def _read(screen: Screen) -> str | None:
    """The next line the person types; None at Ctrl-D."""
    screen.prompt()
    try:
        return input()
    except EOFError:
        click.echo()
        return None
    finally:
        screen.typed()


def _look(sessions: sessionmaker[Session], screen: Screen, stop: threading.Event) -> None:
    """Show texts as they are sent, while the person reads or types (a thread of its own)."""
    with sessions() as session:
        while not stop.wait(LOOK_EVERY):
            try:
                screen.show_new(session)
            except OperationalError:  # the database busy or away a moment: look again
                session.rollback()


def _text(
    settings: Settings, screen: Screen, sender: str, body: str, url: str | None, wait: float
) -> None:
    """Send one text and say what became of it: replies, or why there were none."""
    locale = settings.default_locale
    form = inbound_form(settings, sender, body)
    try:
        resp = signed_post(settings, form, url)
    except requests.ConnectionError:
        click.echo(render(texts.SIMULATE_NOT_RUNNING, locale))
        return
    if resp.status_code != 200:
        detail = printable(resp.text[:200])
        click.echo(render(texts.SIMULATE_REFUSED, locale, status=resp.status_code, detail=detail))
        return
    outcome = watch(get_session(), screen, form["MessageSid"], wait)
    if not outcome.handled:
        click.echo(render(texts.SIMULATE_NOT_READ, locale))
    if outcome.queued:
        click.echo(render(texts.SIMULATE_QUEUED, locale, n=outcome.queued))
    if outcome.why is not None:
        click.echo(render(outcome.why, locale, phone=sender))
