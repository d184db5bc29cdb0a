"""`botapp simulate PHONE`: a terminal phone that texts the running app through its real webhook."""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET

import click
import requests
from flask import current_app
from flask.cli import with_appcontext
from twilio.request_validator import RequestValidator

from botapp import settings_of
from botapp.config import Settings
from botapp.phone import InvalidPhone, to_e164

TO_NUMBER = "+13125550100"


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


def replies_in(twiml: str) -> list[str]:
    """The bodies of the <Message> elements of a TwiML answer."""
    return [el.text or "" for el in ET.fromstring(twiml).iter("Message")]


@click.command("simulate")
@click.argument("phone")
@click.option("--url", help="Where the app listens (default: PUBLIC_BASE_URL/sms/inbound).")
@with_appcontext
def simulate(phone: str, url: str | None) -> None:
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
        try:
            resp = signed_post(settings, inbound_form(settings, sender, body), url)
        except requests.ConnectionError:
            click.echo("the app is not answering: is `botapp run` (or scripts/demo.sh) running?")
            continue
        if resp.status_code != 200:
            click.echo(f"[webhook answered {resp.status_code}: {resp.text[:200]}]")
            continue
        for reply in replies_in(resp.text):
            click.echo(f"app> {reply}")
