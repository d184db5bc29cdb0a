"""`botapp inbox --unmatched`: texts from numbers that match no client, newest first (audited)."""

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
from botapp.services import inbox as service
from botapp.services.access import NotAllowed, audit, check_can_read_unmatched


@click.command("inbox")
@click.option(
    "--unmatched", is_flag=True, help="Texts from numbers that match no client, newest first."
)
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10_000))
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member reading: their role applies  [default: the operator, recorded by "
    "login name]",
)
@with_appcontext
def inbox(unmatched: bool, limit: int, actor: str | None) -> None:
    """List texts that need a person to sort out (today: --unmatched)."""
    settings = settings_of(current_app)
    locale = settings.default_locale
    if not unmatched:
        raise click.UsageError(render(t.INBOX_WHICH, locale))
    session = get_session()
    try:
        with session.begin():
            staff = acting_staff(session, actor)
            locale = staff.locale if staff else locale
            check_can_read_unmatched(staff)
            texts = [(m.created_at, m.phone, m.body) for m in service.unmatched(session, limit)]
            audit(session, actor_of(actor), "read_unmatched", f"{len(texts)} texts")
    except NotAllowed as refused:
        record_refusal("read_unmatched", actor, refused)
        raise click.ClickException(
            render(t.NOT_ALLOWED_UNMATCHED, locale, email=actor, role=refused.role)
        ) from None
    if not texts:
        click.echo(render(t.INBOX_UNMATCHED_NONE, locale))
        return
    zone = settings.default_timezone
    click.echo(render(t.INBOX_UNMATCHED_HEADING, locale, n=len(texts), zone=zone))
    for at, phone, body in texts:
        when = format_datetime(at, "short", tzinfo=ZoneInfo(zone), locale=locale)
        # The number in full: the reader is to call back or add the client; the body is the
        # sender's own words, made inert for the terminal.
        click.echo(f"{when.replace(chr(0x202F), ' ')}  {phone}  {printable(body)}")
