"""`botapp staff add|set|list|away|deactivate|set-password|invite`: who works at the agency, how
to reach them (their phone, hours, supervisor, and who stands in while they are away), and
their password for the staff web app."""

from __future__ import annotations

import sys
from datetime import date
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.cli.io import fail, login_name
from botapp.cli.offices import in_one_transaction, locale
from botapp.cli.terminal import printable
from botapp.config import SUPPORTED_LOCALES, settings_of
from botapp.db import utcnow
from botapp.messages import clients, render
from botapp.messages import roster as t
from botapp.messages import web as w
from botapp.models import Role, Staff
from botapp.services import agency, sign_in
from botapp.services import staff as service
from botapp.services.access import audit
from botapp.services.csvfiles import Notice
from botapp.services.staff import StaffChanges

group = AppGroup("staff", help="Staff: who they are, how to reach them, who stands in.")

ROLE = click.Choice([role.value for role in Role])
LANGUAGE = click.Choice(SUPPORTED_LOCALES)
HOURS_HELP = "Own working hours, e.g. 09:00-13:00  [default: the agency's]"
DAYS_HELP = "Own working days, e.g. mon-thu or mon,wed,fri  [default: the agency's]"


@group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="Full name, as clients and colleagues know it.")
@click.option("--role", type=ROLE, required=True, help="What they may read.")
@click.option("--office", metavar="NAME", help="Their office  [default: the only office]")
@click.option("--phone", metavar="E164", help="The mobile their alerts go to.")
@click.option("--supervisor", metavar="EMAIL", help="Who hears when they do not answer.")
@click.option("--language", type=LANGUAGE, help="Their language  [default: DEFAULT_LOCALE]")
@click.option("--hours", metavar="HH:MM-HH:MM", help=HOURS_HELP)
@click.option("--days", metavar="DAYS", help=DAYS_HELP)
def add_staff(
    email: str,
    name: str,
    role: str,
    office: str | None,
    phone: str | None,
    supervisor: str | None,
    language: str | None,
    hours: str | None,
    days: str | None,
) -> None:
    """Add a staff member."""
    language = language or settings_of(current_app).default_locale
    more = StaffChanges(
        office=office,
        phone=phone,
        supervisor=supervisor,
        language=language,
        hours=hours,
        days=days,
    )

    def add(session: Session) -> list[str]:
        staff = service.add_staff(session, email, name, Role(role), more)
        office_name = printable(staff.office.name)
        return [render(t.STAFF_ADDED, locale(), email=staff.email, role=role, office=office_name)]

    in_one_transaction(add)


@group.command("set")
@click.argument("email")
@click.option("--name", help="Full name.")
@click.option("--role", type=ROLE, help="What they may read.")
@click.option("--office", metavar="NAME", help="Their office.")
@click.option("--phone", metavar="E164", help="The mobile their alerts go to.")
@click.option("--supervisor", metavar="EMAIL", help="Who hears when they do not answer.")
@click.option("--language", type=LANGUAGE, help="Their language.")
@click.option("--hours", metavar="HH:MM-HH:MM", help=HOURS_HELP + "; `agency`: the agency's")
@click.option("--days", metavar="DAYS", help=DAYS_HELP + "; `agency`: the agency's")
def set_staff(
    email: str,
    name: str | None,
    role: str | None,
    office: str | None,
    phone: str | None,
    supervisor: str | None,
    language: str | None,
    hours: str | None,
    days: str | None,
) -> None:
    """Change what is known of a staff member; options not given stay as they are."""
    changes = StaffChanges(
        name=name,
        role=Role(role) if role else None,
        office=office,
        phone=phone,
        supervisor=supervisor,
        language=language,
        hours=hours,
        days=days,
    )

    def change(session: Session) -> list[str]:
        staff = service.find_staff(session, email)
        service.change_staff(session, staff, changes)
        return [render(t.STAFF_CHANGED, locale(), email=staff.email)]

    in_one_transaction(change)


@group.command("list")
def list_staff() -> None:
    """List every staff member: role, office, phone, supervisor, hours and time away."""

    def read(session: Session) -> list[str]:
        found = service.roster(session)
        the_agency = agency.the_agency(session)
        if not found or the_agency is None:
            return [render(t.LIST_NONE, locale())]
        zone = the_agency.timezone
        today = utcnow().astimezone(ZoneInfo(zone)).date()
        lines = [render(t.LIST_HEADING, locale(), n=len(found), zone=zone)]
        for staff in found:
            lines += describe(staff, today)
        return lines

    in_one_transaction(read)


def describe(staff: Staff, today: date) -> list[str]:
    """A staff member as `botapp staff list` shows them, with their time away still ahead."""
    here = locale()
    unset = render(t.NOT_SET, here)
    hours = service.hours_of(staff).text()
    if (staff.work_start, staff.work_end, staff.work_days) == (None, None, None):
        hours = render(t.AGENCY_DEFAULT, here, hours=hours)
    lines = [
        render(
            t.LIST_ROW,
            here,
            email=printable(staff.email),
            name=printable(staff.name),
            role=staff.role.value,
            office=printable(staff.office.name),
            phone=staff.phone or unset,
            supervisor=printable(staff.supervisor.email) if staff.supervisor else unset,
            hours=hours,
        )
    ]
    if not staff.active:
        lines.append("    " + render(t.LIST_INACTIVE, here))
    elif staff.away_from and staff.away_to and staff.away_to >= today and staff.backup:
        lines.append(
            "    "
            + render(
                t.LIST_AWAY,
                here,
                start=staff.away_from.isoformat(),
                end=staff.away_to.isoformat(),
                backup=printable(staff.backup.email),
            )
        )
    return lines


@group.command("away")
@click.argument("email")
@click.option("--from", "start", metavar="DATE", required=True, help="First day away, 2026-12-22.")
@click.option("--to", "end", metavar="DATE", required=True, help="Last day away, 2026-12-31.")
@click.option("--backup", metavar="EMAIL", required=True, help="Who stands in meanwhile.")
def away(email: str, start: str, end: str, backup: str) -> None:
    """Record time out of the office and the backup who gets the alerts meanwhile."""

    def record(session: Session) -> list[str]:
        first, last = agency.parse_day(start), agency.parse_day(end)
        staff = service.find_staff(session, email)
        stand_in, moved = service.set_away(session, staff, first, last, backup)
        lines = [
            render(
                t.AWAY_SET,
                locale(),
                email=staff.email,
                start=first.isoformat(),
                end=last.isoformat(),
                backup=stand_in.email,
            )
        ]
        return lines + _moved(moved)

    in_one_transaction(record)


@group.command("deactivate")
@click.argument("email")
def deactivate(email: str) -> None:
    """Mark someone who has left: their clients stay, with no specialist, until reassigned."""

    def leave(session: Session) -> list[str]:
        staff = service.find_staff(session, email)
        unassigned, team, moved = service.deactivate(session, staff)
        lines = [render(t.DEACTIVATED, locale(), n=unassigned, email=staff.email)]
        if team:
            lines.append(render(t.DEACTIVATED_TEAM, locale(), emails=", ".join(team)))
        return lines + _moved(moved)

    in_one_transaction(leave)


def _moved(count: int) -> list[str]:
    """The line saying how many open escalations went to who stands in, when any did."""
    return [render(clients.CMD_MOVED, locale(), count)] if count else []


@group.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Set a staff member's password for the web app: typed twice on a terminal, else read from
    the first line of standard input. Their invite links and other sessions stop working."""
    password = _read_password(email)

    def change(session: Session) -> list[str]:
        staff = service.find_staff(session, email)
        sign_in.set_password(session, staff, password)
        audit(session, login_name(), "set_password", f"staff {staff.email}")
        return [render(w.PASSWORD_SET, locale(), email=staff.email)]

    in_one_transaction(change)


def _read_password(email: str) -> str:
    """The new password: asked twice, unseen, on a terminal; else standard input's first line."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = click.prompt(render(w.PASSWORD_PROMPT, locale(), email=email), hide_input=True)
    again = click.prompt(render(w.PASSWORD_PROMPT_AGAIN, locale()), hide_input=True)
    if first != again:
        fail(Notice(w.PASSWORD_MISMATCH), 2)
    return str(first)


@group.command("invite")
@click.argument("email")
def invite(email: str) -> None:
    """Email a staff member a link to choose their password (to join, or after forgetting it):
    it works once, for a few days, and ends with any password set meanwhile."""
    settings = settings_of(current_app)

    def send(session: Session) -> list[str]:
        staff = service.find_staff(session, email)
        sign_in.send_password_link(session, staff, settings)
        audit(session, login_name(), "invite_staff", f"staff {staff.email}")
        return [render(w.INVITED, locale(), email=staff.email, hours=sign_in.LINK_HOURS)]

    in_one_transaction(send)
