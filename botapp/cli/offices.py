"""`botapp offices add` and `botapp agency show|set`: an agency set up on an empty database,
no demo data needed (the first office creates the agency from PROGRAM_NAME and
DEFAULT_TIMEZONE)."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.cli.io import fail
from botapp.cli.terminal import printable
from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.db import get_session
from botapp.delivery.program import program
from botapp.messages import admin as a
from botapp.messages import render
from botapp.messages import roster as t
from botapp.messages.formatting import language_name
from botapp.models import Agency
from botapp.services import agency as service
from botapp.services.agency import AgencyChanges, Refused

offices_group = AppGroup("offices", help="The agency's local offices.")
agency_group = AppGroup(
    "agency",
    help="The agency's settings: working hours, on-call number, alert email, program name and "
    "phone, crisis replies.",
)


def locale() -> str:
    """The language of staff commands: DEFAULT_LOCALE."""
    return settings_of(current_app).default_locale


def in_one_transaction(change: Callable[[Session], list[str]]) -> None:
    """Run `change` in one transaction and print the lines it returns; when it is refused,
    print why in one line and exit 2 (nothing was changed)."""
    session = get_session()
    try:
        with session.begin():
            lines = change(session)
    except Refused as refused:
        fail(refused.notice, 2)
    for line in lines:
        click.echo(line)


def open_agency(session: Session) -> tuple[Agency, list[str]]:
    """The agency, created from the settings on first use, with a line saying so if it was."""
    settings = settings_of(current_app)
    agency, created = service.open_agency(session, settings.program_name, settings.default_timezone)
    said = render(t.AGENCY_CREATED, locale(), name=agency.name, zone=agency.timezone)
    return agency, [said] if created else []


@offices_group.command("add")
@click.argument("name")
@click.option("--phone", metavar="E164", help="The number the office's clients may call.")
def add_office(name: str, phone: str | None) -> None:
    """Add an office; the first one also creates the agency."""

    def add(session: Session) -> list[str]:
        agency, lines = open_agency(session)
        office = service.add_office(session, agency, name, phone)
        return [*lines, render(t.OFFICE_ADDED, locale(), name=printable(office.name))]

    in_one_transaction(add)


def describe(session: Session, agency: Agency) -> list[str]:
    """The agency's settings, a line each, as `botapp agency show` prints them."""
    here = locale()
    unset = render(t.NOT_SET, here)
    lines = [
        render(t.AGENCY_HEADING, here, name=printable(agency.name), zone=agency.timezone),
        render(t.AGENCY_HOURS, here, hours=service.agency_hours(agency).text()),
        render(t.AGENCY_ON_CALL, here, phone=agency.on_call_phone or unset),
        render(t.AGENCY_ALERT_EMAIL, here, email=agency.alert_email or unset),
        *describe_program(agency),
    ]
    for office in service.offices(session):
        phone = office.phone or unset
        lines.append(render(t.AGENCY_OFFICE, here, name=printable(office.name), phone=phone))
    return lines


def describe_program(agency: Agency) -> list[str]:
    """The program name, phone and crisis replies clients' texts give, each one the agency
    did not set marked as the server's."""
    here, settings = locale(), settings_of(current_app)
    used = program(agency, settings)

    def own(value: str, is_own: bool) -> str:
        return printable(value) if is_own else render(a.FROM_SERVER, here, value=printable(value))

    name = own(used.name, bool(agency.program_name))
    lines = [
        render(a.AGENCY_PROGRAM, here, name=name, phone=own(used.phone, bool(agency.program_phone)))
    ]
    for code in SUPPORTED_LOCALES:
        reply = own(used.crisis_reply(code), code in (agency.crisis_replies or {}))
        lines.append(render(a.AGENCY_CRISIS, here, language=language_name(code, here), text=reply))
    return lines


@agency_group.command("show")
def show_agency() -> None:
    """Print the agency's settings and offices."""

    def show(session: Session) -> list[str]:
        agency = service.the_agency(session)
        if agency is None:
            raise Refused(t.NO_AGENCY)
        return describe(session, agency)

    in_one_transaction(show)


@agency_group.command("set")
@click.option("--on-call", metavar="E164", help="Called when nobody answers an urgent alert.")
@click.option("--alert-email", metavar="ADDRESS", help="Where alerts are copied.")
@click.option(
    "--hours", metavar="HH:MM-HH:MM", help="Working hours of staff who set none, e.g. 08:00-17:00."
)
@click.option("--days", metavar="DAYS", help="Working days of staff who set none, e.g. mon-fri.")
@click.option("--timezone", metavar="ZONE", help="The agency's time zone, e.g. America/Chicago.")
@click.option(
    "--quiet", metavar="HH:MM-HH:MM", help="No outreach texts then, in each client's time zone."
)
@click.option(
    "--ack-minutes",
    metavar="MINUTES",
    help="How long an urgent alert waits for an acknowledgement; '' for ESCALATION_ACK_MINUTES.",
)
@click.option(
    "--program-name", metavar="NAME", help="What texts call the program; '' for PROGRAM_NAME."
)
@click.option(
    "--program-phone",
    metavar="E164",
    help="The number texts give for questions; '' for PROGRAM_PHONE.",
)
@click.option(
    "--crisis-reply",
    "crisis_replies",
    nargs=2,
    multiple=True,
    metavar="LANGUAGE TEXT",
    help="The crisis reply in a language (en, es), at most 320 characters, giving 988; "
    "'' for CRISIS_REPLY_xx or botapp's own. Repeat for each language.",
)
def set_agency(
    on_call: str | None,
    alert_email: str | None,
    hours: str | None,
    days: str | None,
    timezone: str | None,
    quiet: str | None,
    ack_minutes: str | None,
    program_name: str | None,
    program_phone: str | None,
    crisis_replies: tuple[tuple[str, str], ...],
) -> None:
    """Change the agency's settings (creating the agency if needed) and print them all."""
    changes = AgencyChanges(
        on_call_phone=on_call,
        alert_email=alert_email,
        hours=hours,
        days=days,
        timezone=timezone,
        quiet=quiet,
        ack_minutes=ack_minutes,
        program_name=program_name,
        program_phone=program_phone,
        crisis_replies=dict(crisis_replies) if crisis_replies else None,
    )

    def change(session: Session) -> list[str]:
        agency, lines = open_agency(session)
        warnings = service.configure(agency, changes)
        said = [*lines, *describe(session, agency)]
        return said + [warning.text(locale()) for warning in warnings]

    in_one_transaction(change)
