"""`botapp schedule`: what botapp will send, when and why, at each client's local time (audited).

Each feature says in words what its scheduled items do (`Feature.describe`); this command adds
when they fall due where the client lives, whether quiet hours hold a text back, and whether
the clock has fallen behind.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from flask.cli import with_appcontext
from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from botapp import features
from botapp.cli.io import acting, actor_of, client_named
from botapp.cli.terminal import printable
from botapp.db import utcnow
from botapp.delivery import outbox
from botapp.delivery.quiet_hours import QuietHours, is_quiet, next_allowed
from botapp.flows.schedule import upcoming
from botapp.messages import render
from botapp.messages import staff as t
from botapp.messages.formatting import LocalTime
from botapp.models import Client, ScheduledItem, Staff
from botapp.services.access import audit, check_can_read, visible_clients
from botapp.services.csvfiles import Notice

# An item this late has waited for more than a few ticks: the clock is not running.
OVERDUE_AFTER = timedelta(minutes=1)
# Staff alerts and their hops: timed by the holder's working hours, never by the client's
# quiet hours (docs/decisions/0024-escalations.md).
NOT_QUIET_HELD = "escalation."


@click.command("schedule")
@click.option("--client", "phone", metavar="PHONE", help="Only this client's items.")
@click.option(
    "--days",
    default=7,
    show_default=True,
    type=click.IntRange(min=1, max=366),
    help="How many days ahead to look.",
)
@click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member reading: their role limits the clients  [default: the operator, "
    "recorded by login name]",
)
@with_appcontext
def schedule(phone: str | None, days: int, actor: str | None) -> None:
    """List what is due in the next DAYS days: when (at the client's local time), what, and
    what holds it back (quiet hours, a clock not running)."""
    now = utcnow()

    def read(session: Session, staff: Staff | None, locale: str) -> list[str]:
        chosen, scope = visible_clients(staff), "all clients"
        if phone is not None:
            client = client_named(session, phone, locale)
            check_can_read(staff, client)
            chosen, scope = Client.id == client.id, f"client {client.external_id}"
        entries = _entries(session, now, now + timedelta(days=days), chosen, locale)
        audit(session, actor_of(actor), "read_schedule", f"{scope}: {len(entries)} items")
        if not entries:
            return [render(t.SCHEDULE_NOTHING, locale, n=days)]
        heading = render(t.SCHEDULE_HEADING, locale, n=days)
        count = render(t.SCHEDULE_COUNT, locale, n=len(entries))
        return [heading, *("\n".join(lines) for lines in entries), count]

    for line in acting("read_schedule", actor, read, click_error=True):
        click.echo(line)


def _entries(
    session: Session, now: datetime, until: datetime, chosen: ColumnElement[bool], locale: str
) -> list[list[str]]:
    """Each due item as the lines that say it: when and whose, what, what holds it back."""
    describe = {kind: fn for f in features.FEATURES for kind, fn in f.describe.items()}
    quiet: dict[int, QuietHours] = {}  # by office: one look-up, not one per item
    entries = []
    for item, client in upcoming(session, until, chosen):
        if client.office_id not in quiet:
            quiet[client.office_id] = outbox.quiet_hours_for(session, client)
        what = describe.get(item.kind)
        about = what(session, item) if what else Notice(t.SCHEDULE_UNKNOWN, {"kind": item.kind})
        head = render(
            t.SCHEDULE_ENTRY,
            locale,
            when=LocalTime(item.due_at, client.timezone).text(locale),
            name=printable(f"{client.first_name} {client.last_name}"),  # from imports
            external_id=printable(client.external_id),
            phone=client.phone,
        )
        held = [n.text(locale) for n in _held_back(item, client, quiet[client.office_id], now)]
        entries.append([head, *(f"    {line}" for line in [about.text(locale), *held])])
    return entries


def _held_back(
    item: ScheduledItem, client: Client, hours: QuietHours, now: datetime
) -> list[Notice]:
    """Why the item's text may go later than its time: quiet hours (not for an escalation's
    items, which alert staff), or a clock not running."""
    held = []
    quiet_applies = not item.kind.startswith(NOT_QUIET_HELD)
    if quiet_applies and is_quiet(item.due_at, client.timezone, hours):
        goes = next_allowed(item.due_at, client.timezone, hours)
        quiet = f"{hours.start:%H:%M}-{hours.end:%H:%M}"
        held.append(
            Notice(t.SCHEDULE_QUIET, {"quiet": quiet, "when": LocalTime(goes, client.timezone)})
        )
    if item.due_at < now - OVERDUE_AFTER:
        held.append(Notice(t.SCHEDULE_OVERDUE))
    return held
