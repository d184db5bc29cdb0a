"""`botapp case PHONE`: a client's case record as a specialist reads it (audited)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from babel.dates import format_datetime
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from botapp.cli.io import acting, actor_of, client_named
from botapp.cli.terminal import printable
from botapp.messages import render
from botapp.messages import staff as t
from botapp.messages.formatting import language_name
from botapp.models import BROADCAST_SCOPE, Client, Staff
from botapp.services import case_record, consent
from botapp.services.access import audit, check_can_read

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

    def read(session: Session, staff: Staff | None, locale: str) -> list[str]:
        client = client_named(session, phone, locale)
        check_can_read(staff, client)
        lines = _record(session, client, locale)
        audit(session, actor_of(actor), "read_case", f"client {client.external_id}")
        return lines

    for line in acting("read_case", actor, read, click_error=True):
        click.echo(line)


def _record(session: Session, client: Client, locale: str) -> list[str]:
    """The client's case record as lines: who they are, their consent, then every entry."""
    specialist = client.specialist.name if client.specialist else None
    # Names come from imports and texts from clients: neither may drive the terminal.
    lines = [
        render(
            t.CASE_HEADING,
            locale,
            name=printable(f"{client.first_name} {client.last_name}"),
            external_id=printable(client.external_id),
            language=language_name(client.language, locale),
            specialist=printable(specialist or render(t.CASE_NO_SPECIALIST, locale)),
        )
    ]
    if consent.is_opted_out(session, client.phone):
        lines.append(render(t.CASE_OPTED_OUT, locale))
    elif consent.is_opted_out(session, client.phone, BROADCAST_SCOPE):
        lines.append(render(t.CASE_NOTICES_OFF, locale))
    lines.append(render(t.CASE_TIMES, locale, zone=client.timezone))
    zone = ZoneInfo(client.timezone)
    for entry in case_record.timeline(session, client, locale):
        when = format_datetime(entry.at, "short", tzinfo=zone, locale=locale).replace("\u202f", " ")
        flag = "!" if entry.alert else " "
        status = f"  [{entry.status}]" if entry.kind == "outbound" else ""
        if entry.sent_by:  # relayed from a staff phone, not the bot's
            status += "  " + render(t.CASE_SENT_BY, locale, name=printable(entry.sent_by))
        lines.append(f"{when}{flag}{MARKS[entry.kind]} {printable(entry.text)}{status}")
    return lines
