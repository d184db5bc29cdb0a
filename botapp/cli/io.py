"""`botapp import clients FILE` and `botapp export messages`: case records in and out; and what
every command shares: failing in one line, and acting as the `--by` staff member."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import NoReturn, TypeVar

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import get_session
from botapp.messages import Msg, render, roster
from botapp.messages import staff as t
from botapp.models import Client, Office, Staff
from botapp.phone import InvalidPhone, mask, to_e164
from botapp.services import agency
from botapp.services.access import NotAllowed, audit, staff_by_email
from botapp.services.agency import Refused
from botapp.services.clients import find_by_phone
from botapp.services.csvfiles import ImportAborted, ImportReport, Notice
from botapp.services.export import WRITERS, Row, UnknownClient, export_messages
from botapp.services.importer import import_clients

T = TypeVar("T")

import_group = AppGroup("import", help="Bring records in from CSV files.")
export_group = AppGroup("export", help="Write records out (every export is audited).")


def _locale() -> str:
    return settings_of(current_app).default_locale


def fail(notice: Notice, code: int) -> NoReturn:
    """Say why the command did nothing, in one line on standard error, and exit with `code`."""
    click.echo(notice.text(_locale()), err=True)
    raise SystemExit(code)


def choose_office(session: Session, name: str | None) -> Office:
    """The office named `name`, or the first office when no name is given."""
    found = agency.offices(session)
    if not found:
        raise ImportAborted(t.NO_OFFICE)
    if name is None:
        if len(found) > 1:
            click.echo(render(t.OFFICE_CHOSEN, _locale(), name=found[0].name))
        return found[0]
    office = agency.office_named(session, name)
    if office is None:
        raise ImportAborted(t.UNKNOWN_OFFICE, name=name, names=", ".join(o.name for o in found))
    return office


@import_group.command(
    "clients",
    epilog="Columns: external_id, first_name, last_name, phone, language, timezone, and "
    "optionally specialist_email, tags (separated by ;), zip_code and county. Exit status: 0 "
    "all rows imported, 1 some rows rejected, 2 nothing imported.",
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--office", "office_name", metavar="NAME", help="Office of new clients  [default: the first]"
)
def import_clients_cmd(file: Path, office_name: str | None) -> None:
    """Create or update clients from a CSV file; rows with problems are reported by line."""
    run_import(
        file,
        lambda s, data: import_clients(s, choose_office(s, office_name), data),
        (t.IMPORTED, t.UPDATED),
    )


def run_import(
    file: Path,
    load: Callable[[Session, bytes], ImportReport],
    counts: tuple[Msg, Msg] = (t.ROWS_CREATED, t.ROWS_UPDATED),
) -> None:
    """Read `file`, run `load` in one transaction, print its report; exit 0 when every row was
    imported, 1 when some were rejected, 2 when nothing was (an unusable file, or every row
    rejected)."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(Notice(t.CANNOT_READ, {"file": str(file), "reason": exc.strerror or exc}), 2)
    session = get_session()
    try:
        with session.begin():
            report = load(session, data)
    except ImportAborted as exc:
        fail(exc.notice, 2)
    for line in report.lines(_locale(), counts):
        click.echo(line)
    if report.rejected:
        raise SystemExit(1 if report.created + report.updated else 2)


def acting_staff(session: Session, email: str | None) -> Staff | None:
    """The staff member `--by` names (their role limits what they read); None for the operator."""
    if email is None:
        return None
    staff = staff_by_email(session, email)
    if staff is None:
        fail(Notice(t.NO_STAFF, {"email": email}), 2)
    if not staff.active:  # someone who has left reads nothing, even as asserted by an operator
        fail(Notice(roster.INACTIVE, {"email": staff.email}), 2)
    return staff


def on_terminal() -> bool:
    """Whether standard output is a terminal rather than a file or a pipe."""
    return sys.stdout.isatty()


def login_name() -> str:
    """Who runs this command on the server: the login name (and who became it with sudo)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        user = "unknown"
    invoker = os.environ.get("SUDO_USER")
    return f"{user} (sudo from {invoker})" if invoker and invoker != user else user


def actor_of(email: str | None) -> str:
    """The audit trail's actor: the staff member `--by` names, else the login name."""
    return email if email is not None else login_name()


def record_refusal(action: str, actor: str | None, refused: NotAllowed) -> None:
    """Commit an audit event for a refused read: who tried, what, which client."""
    session = get_session()
    with session.begin():
        audit(session, actor_of(actor), f"{action}_denied", refused.target)


def acting(
    action: str,
    actor: str | None,
    work: Callable[[Session, Staff | None, str], T],
    denied: Msg | Notice = t.NOT_ALLOWED,
    *,
    code: int = 2,
    in_default_locale: bool = False,
    click_error: bool = False,
) -> T:
    """Run `work` in one transaction as the `--by` staff member, in their locale (the default
    one for the operator). A refusal is one line on standard error, exit `code`: a `Refused`'s
    notice, or `denied` (given `email` and `role`) for a role's `NotAllowed`, audited first as
    `action`_denied. Kept per command, as their output is a contract: `in_default_locale`
    says it in the default locale whoever reads it, `click_error` as Click's `Error: …` (exit 1).
    """
    session = get_session()
    locale = _locale()
    try:
        with session.begin():
            staff = acting_staff(session, actor)
            locale = staff.locale if staff else locale
            return work(session, staff, locale)
    except Refused as refused:
        notice = refused.notice
    except NotAllowed as refused:
        record_refusal(action, actor, refused)
        said = denied if isinstance(denied, Notice) else Notice(denied)
        notice = Notice(said.msg, {**said.params, "email": actor, "role": refused.role})
    text = notice.text(_locale() if in_default_locale else locale)
    if click_error:
        raise click.ClickException(text)
    click.echo(text, err=True)
    raise SystemExit(code)


@export_group.command("messages")
@click.option("--client", "phone", metavar="PHONE", help="Only this client's texts.")
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="[default: stdout]")
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member exporting: their role limits the clients  [default: the operator, "
    "recorded by login name]",
)
def export_messages_cmd(
    phone: str | None, fmt: str, output: Path | None, actor: str | None
) -> None:
    """Write texts with their delivery status, oldest first, as CSV or JSON."""

    def work(session: Session, staff: Staff | None, _: str) -> list[Row]:
        return export_messages(session, actor_of(actor), phone, staff)

    try:
        # Commit the audit event before any data leaves: no export goes unrecorded.
        rows = acting("export_messages", actor, work, code=1, in_default_locale=True)
    except InvalidPhone:
        fail(Notice(t.EXPORT_BAD_PHONE, {"value": phone}), 2)
    except UnknownClient as exc:
        fail(Notice(t.EXPORT_NO_CLIENT, {"phone": mask(exc.phone)}), 1)
    if output is None:
        buffer = StringIO()
        WRITERS[fmt](rows, buffer)
        text = buffer.getvalue()
        if on_terminal():  # a person reads it: what clients typed must not drive the terminal
            lines = text.replace("\r\n", "\n").split("\n")  # CSV ends its rows with CRLF
            text = "\n".join(printable(line) for line in lines)
        click.echo(text, nl=False)
    else:
        try:
            with output.open("w", encoding="utf-8", newline="") as fh:
                WRITERS[fmt](rows, fh)
        except OSError as exc:
            fail(Notice(t.CANNOT_WRITE, {"file": str(output), "reason": exc.strerror or exc}), 2)
    click.echo(render(t.EXPORTED, _locale(), n=len(rows)), err=True)


def client_named(session: Session, phone: str, locale: str) -> Client:
    """The client a command's PHONE (or `--client`) names, or the command's error."""
    try:
        client = find_by_phone(session, to_e164(phone))
    except InvalidPhone:
        raise click.BadParameter(render(t.EXPORT_BAD_PHONE, locale, value=phone)) from None
    if client is None:
        raise click.ClickException(render(t.EXPORT_NO_CLIENT, locale, phone=mask(phone)))
    return client
