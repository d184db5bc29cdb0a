"""`botapp case PHONE`: a client's case record as a specialist reads it (audited)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from babel.dates import format_datetime
from flask import current_app
from flask.cli import with_appcontext

from botapp.cli.io import acting_staff, actor_of, record_refusal
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import get_session
from botapp.messages import render
from botapp.messages import staff as t
from botapp.messages.formatting import language_name
from botapp.models import BROADCAST_SCOPE
from botapp.phone import InvalidPhone, mask, to_e164
from botapp.services import case_record, consent
from botapp.services.access import NotAllowed, audit, check_can_read
from botapp.services.clients import find_by_phone

MARKS = {"inbound": "<-", "outbound": "->", "note": " *"}


@click.command("case")
@click.argument("phone")
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member reading: their role applies  [default: the operator, recorded by "
    "login name]",
)
@with_appcontext
def case(phone: str, actor: str | None) -> None:
    """Print the texts and notes of the client at PHONE, oldest first, in the reader's language."""
    session = get_session()
    locale = settings_of(current_app).default_locale
    try:
        with session.begin():
            staff = acting_staff(session, actor)
            locale = staff.locale if staff else locale
            try:
                client = find_by_phone(session, to_e164(phone))
            except InvalidPhone:
                raise click.BadParameter(render(t.EXPORT_BAD_PHONE, locale, value=phone)) from None
            if client is None:
                raise click.ClickException(render(t.EXPORT_NO_CLIENT, locale, phone=mask(phone)))
            check_can_read(staff, client)
            entries = case_record.timeline(session, client, locale)
            opted_out = consent.is_opted_out(session, client.phone)
            notices_off = consent.is_opted_out(session, client.phone, BROADCAST_SCOPE)
            specialist = client.specialist.name if client.specialist else None
            audit(session, actor_of(actor), "read_case", f"client {client.external_id}")
    except NotAllowed as refused:
        record_refusal("read_case", actor, refused)
        raise click.ClickException(
            render(t.NOT_ALLOWED, locale, email=actor, role=refused.role)
        ) from None
    # Names come from imports and texts from clients: neither may drive the terminal.
    click.echo(
        render(
            t.CASE_HEADING,
            locale,
            name=printable(f"{client.first_name} {client.last_name}"),
            external_id=printable(client.external_id),
            language=language_name(client.language, locale),
            specialist=printable(specialist or render(t.CASE_NO_SPECIALIST, locale)),
        )
    )
    if opted_out:
        click.echo(render(t.CASE_OPTED_OUT, locale))
    elif notices_off:
        click.echo(render(t.CASE_NOTICES_OFF, locale))
    click.echo(render(t.CASE_TIMES, locale, zone=client.timezone))
    zone = ZoneInfo(client.timezone)
    for entry in entries:
        when = format_datetime(entry.at, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
        flag = "!" if entry.alert else " "
        status = f"  [{entry.status}]" if entry.kind == "outbound" else ""
        if entry.sent_by:  # relayed from a staff phone, not the bot's
            status += "  " + render(t.CASE_SENT_BY, locale, name=printable(entry.sent_by))
        click.echo(f"{when}{flag}{MARKS[entry.kind]} {printable(entry.text)}{status}")
