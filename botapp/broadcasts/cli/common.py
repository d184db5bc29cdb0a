"""What every `botapp broadcast` command shares: the `--by` option, acting as that staff member
in one transaction (on one broadcast, audited), and reading a time where it happens.

Its own module rather than the package's `__init__`, which imports the commands: what the
commands import cannot live there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from sqlalchemy.orm import Session

from botapp.broadcasts import messages as t
from botapp.broadcasts import service
from botapp.cli.io import acting, actor_of
from botapp.messages import roster
from botapp.models import Agency, Broadcast, Staff
from botapp.services.access import audit
from botapp.services.agency import Refused

T = TypeVar("T")
BY = click.option(
    "--by",
    "actor",
    metavar="EMAIL",
    help="The staff member acting: an admin or a supervisor (their office only)  [default: the "
    "operator, recorded by login name]",
)


def managing(action: str, actor: str | None, work: Callable[[Session, Staff | None, str], T]) -> T:
    """`acting` as `--by`, who must manage broadcasts: a role's refusal says so, in their
    language (exit 2)."""
    return acting(action, actor, work, t.NOT_YOURS)


def on_broadcast(
    action: str,
    broadcast_id: int,
    actor: str | None,
    change: Callable[[Session, Broadcast, Staff | None, str], T],
) -> T:
    """`managing` broadcast ID; the action audited."""

    def work(session: Session, staff: Staff | None, locale: str) -> T:
        broadcast = service.broadcast_for(session, staff, broadcast_id)
        done = change(session, broadcast, staff, locale)
        audit(session, actor_of(actor), action, f"broadcast {broadcast_id}")
        return done

    return managing(action, actor, work)


def moment(raw: str | None, zone: str) -> datetime | None:
    """ "2026-12-03 10:00" where the event happens, as an aware datetime."""
    if raw is None:
        return None
    try:
        wall = datetime.strptime(raw.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise Refused(t.BAD_MOMENT, value=raw) from None
    return wall.replace(tzinfo=ZoneInfo(zone))


def zone_named(raw: str) -> str:
    """The time zone `raw` names, or a refusal."""
    try:
        return ZoneInfo(raw).key
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise Refused(roster.BAD_TIMEZONE, value=raw) from None


def agency_zone(session: Session, broadcast: Broadcast) -> str:
    """The time zone of the agency that sends `broadcast`: the clock its times are shown on."""
    return session.get_one(Agency, broadcast.agency_id).timezone
