"""`botapp simulate PHONE`: a terminal phone that texts the running app through its real webhook.

The app's inbound worker acts on the text after the webhook answered, and replies travel
through the outbox like any text, so the simulator shows each reply once the app's dispatcher
has sent it (it reads them from the same database).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from twilio.request_validator import RequestValidator

from botapp.config import Settings, settings_of
from botapp.db import get_session
from botapp.models import Message, MessageStatus
from botapp.phone import InvalidPhone, to_e164

TO_NUMBER = "+13125550100"
UNSENT = (MessageStatus.PENDING, MessageStatus.CLAIMED)


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


@dataclass(frozen=True)
class Replies:
    """What became of one simulated text after the wait."""

    sent: list[str]
    queued: int  # replies still in the outbox
    handled: bool  # False while the text waits for the inbound worker


def sent_replies(session: Session, sid: str, wait: float) -> Replies:
    """Replies to `sid` the dispatcher sent within `wait` seconds, and what still waits."""
    inbound = aliased(Message)
    replies = (
        select(Message.body, Message.status)
        .join(inbound, Message.in_reply_to_id == inbound.id)
        .where(inbound.twilio_sid == sid)
        .order_by(Message.id)
    )
    status = select(Message.status).where(Message.twilio_sid == sid)
    deadline = time.monotonic() + wait
    while True:
        handled = session.scalar(status) != MessageStatus.RECEIVED
        rows = session.execute(replies).all()
        session.rollback()  # a fresh snapshot on the next look
        queued = sum(1 for r in rows if r.status in UNSENT)
        if (handled and not queued) or time.monotonic() >= deadline:
            return Replies([r.body for r in rows if r.status not in UNSENT], queued, handled)
        time.sleep(0.1)


@click.command("simulate")
@click.argument("phone")
@click.option("--url", help="Where the app listens (default: PUBLIC_BASE_URL/sms/inbound).")
@click.option("--wait", default=5.0, show_default=True, help="Seconds to wait for replies.")
@with_appcontext
def simulate(phone: str, url: str | None, wait: float) -> None:
    """Text the running app from PHONE; type a message and press Enter, Ctrl-D to quit."""
    settings = settings_of(current_app)
    try:
        sender = to_e164(phone)
    except InvalidPhone as exc:
        raise click.BadParameter(str(exc)) from None
    click.echo(f"Texting {url or settings.inbound_url} as {sender}. Ctrl-D to quit.")
    while True:
        try:
            body = input("you> ")
        except EOFError:
            click.echo()
            return
        form = inbound_form(settings, sender, body)
        try:
            resp = signed_post(settings, form, url)
        except requests.ConnectionError:
            click.echo("the app is not answering: is `botapp serve` (or scripts/demo.sh) running?")
            continue
        if resp.status_code != 200:
            click.echo(f"[webhook answered {resp.status_code}: {resp.text[:200]}]")
            continue
        replies = sent_replies(get_session(), form["MessageSid"], wait)
        for reply in replies.sent:
            click.echo(f"app> {reply}")
        if not replies.handled:
            click.echo(
                "[the text is still waiting to be read: "
                "is an inbound worker running (`botapp serve` or `botapp inbound`)?]"
            )
        if replies.queued:
            click.echo(
                f"[{replies.queued} repl{'y' if replies.queued == 1 else 'ies'} still queued: "
                "is a dispatcher running (`botapp serve` or `botapp dispatch`)?]"
            )
