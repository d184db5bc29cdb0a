"""`botapp inbox --unmatched`: texts from numbers that match no client, newest first (audited)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import click
from babel.dates import format_datetime
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from botapp.cli.io import acting, actor_of
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.messages import render
from botapp.messages import staff as t
from botapp.models import Message, Staff
from botapp.services import inbox as service
from botapp.services.access import audit, check_can_read_unmatched


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

    def read(session: Session, staff: Staff | None, locale: str) -> list[str]:
        check_can_read_unmatched(staff)
        texts = service.unmatched(session, limit)
        audit(session, actor_of(actor), "read_unmatched", f"{len(texts)} texts")
        return _lines(texts, settings.default_timezone, locale)

    denied = t.NOT_ALLOWED_UNMATCHED
    for line in acting("read_unmatched", actor, read, denied, click_error=True):
        click.echo(line)


def _lines(texts: list[Message], zone: str, locale: str) -> list[str]:
    """The texts as the command lists them, under a heading (or that there are none)."""
    if not texts:
        return [render(t.INBOX_UNMATCHED_NONE, locale)]
    lines = [render(t.INBOX_UNMATCHED_HEADING, locale, n=len(texts), zone=zone)]
    for text in texts:
        when = format_datetime(text.created_at, "short", tzinfo=ZoneInfo(zone), locale=locale)
        # The number in full: the reader is to call back or add the client; the body is the
        # sender's own words, made inert for the terminal.
        lines.append(f"{when.replace(chr(0x202F), ' ')}  {text.phone}  {printable(text.body)}")
    return lines
