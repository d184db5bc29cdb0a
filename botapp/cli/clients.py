"""`botapp clients pause|resume|assign`: pausing one client's automated texts, and giving a client
another specialist (every action audited, on the case record)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from botapp.cli.io import acting, actor_of, login_name
from botapp.cli.terminal import printable
from botapp.config import settings_of
from botapp.db import utcnow
from botapp.messages import clients as t
from botapp.messages import render
from botapp.messages import staff as shared
from botapp.models import Client, Staff
from botapp.phone import InvalidPhone, mask, to_e164
from botapp.services import pausing
from botapp.services.access import audit, check_can_read
from botapp.services.agency import Refused
from botapp.services.clients import find_by_phone
from botapp.services.staff import find_staff

group = AppGroup(
    "clients",
    help="One client: pause or resume their automated texts, give them another specialist.",
    epilog="Exit status: 0 done, 2 nothing done (an unknown phone or staff member, not yours "
    "to act on, already so).",
)

# What a command does to the client, in the transaction: the lines it prints.
Change = Callable[[Session, Client, Staff | None, str], list[str]]


@group.command("pause")
@click.argument("phone")
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    required=True,
    help="The staff member acting: they must be able to read the client's record.",
)
@click.option("--note", metavar="TEXT", help="Why, for the case record.")
def pause(phone: str, actor: str, note: str | None) -> None:
    """Hold the reminders, check-ins and follow-ups of the client at PHONE until resumed (their
    texts still reach a person; STOP, HELP and crisis replies still go)."""

    def change(session: Session, client: Client, staff: Staff | None, locale: str) -> list[str]:
        pausing.pause(session, client, _name(staff), note, utcnow())
        return [render(t.CMD_PAUSED, locale, **_named(client))]

    _act("pause_client", phone, actor, change)


@group.command("resume")
@click.argument("phone")
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    required=True,
    help="The staff member acting: they must be able to read the client's record.",
)
def resume(phone: str, actor: str) -> None:
    """Let the automated texts of the client at PHONE run again (those held go out now, stale
    ones are dropped; an open escalation still holds them until resolved)."""

    def change(session: Session, client: Client, staff: Staff | None, locale: str) -> list[str]:
        running = pausing.resume(session, client, _name(staff), utcnow())
        done = t.CMD_RESUMED if running else t.CMD_RESUMED_ESCALATED
        return [render(done, locale, **_named(client))]

    _act("resume_client", phone, actor, change)


@group.command("assign")
@click.argument("phone")
@click.option("--to", "to", metavar="EMAIL", required=True, help="The new specialist.")
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member acting: they must be able to read the client's record  [default: "
    "the operator, recorded by login name]",
)
def assign(phone: str, to: str, actor: str | None) -> None:
    """Give the client at PHONE the specialist --to names: their open escalations move to them,
    and the client is texted their new contact's first name (unless opted out)."""

    def change(session: Session, client: Client, staff: Staff | None, locale: str) -> list[str]:
        specialist = find_staff(session, to)
        settings = settings_of(current_app)
        done = pausing.assign(session, settings, client, specialist, _name(staff))
        return [
            render(t.CMD_ASSIGNED, locale, staff=printable(specialist.name), **_named(client)),
            render(t.CMD_MOVED, locale, done.moved),
            render(t.CMD_TOLD if done.told else t.CMD_NOT_TOLD, locale),
        ]

    _act("assign_client", phone, actor, change)


def _act(action: str, phone: str, actor: str | None, change: Change) -> None:
    """Find the client at `phone`, check `actor` may act on them, run `change` in one audited
    transaction and print its lines; or say why nothing was done in one line (exit 2)."""

    def work(session: Session, staff: Staff | None, locale: str) -> list[str]:
        client = _client(session, phone)
        check_can_read(staff, client)
        lines = change(session, client, staff, locale)
        audit(session, actor_of(actor), action, f"client {client.external_id}")
        return lines

    for line in acting(action, actor, work, in_default_locale=True):
        click.echo(line)


def _client(session: Session, phone: str) -> Client:
    """The client at `phone` (any form `to_e164` reads), or Refused."""
    try:
        number = to_e164(phone)
    except InvalidPhone:
        raise Refused(shared.EXPORT_BAD_PHONE, value=phone) from None
    client = find_by_phone(session, number)
    if client is None:
        raise Refused(shared.EXPORT_NO_CLIENT, phone=mask(number))
    return client


def _name(staff: Staff | None) -> str:
    """Who acted, as the case record names them: the staff member, else the login name."""
    return staff.name if staff is not None else login_name()


def _named(client: Client) -> dict[str, Any]:
    """The client as a command's output names them (names come from imports: made printable)."""
    return {
        "name": printable(f"{client.first_name} {client.last_name}"),
        "external_id": printable(client.external_id),
    }
