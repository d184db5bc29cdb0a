"""When the clock's once-a-day work (the monthly contact check) is due, and claiming it.

When it is next due lives in the database: a clock runs the check only if it moves that time
from the past to tomorrow, in the transaction that runs the check, so a restart or a second
clock finds tomorrow there and does nothing. The time is kept in a row of `sender_pacing`
under a name no sender can have: the one existing table that maps a name to a next time, so
this needed no migration (a `clock_jobs` table of its own would read better).
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.db import insert_or_ignore
from botapp.models import SenderPacing

NAME = "clock:contact-check"
# Local time of the program (DEFAULT_TIMEZONE): texts it starts go out mid-morning, while
# specialists are at work to answer; the outbox still applies each client's quiet hours.
AT = time(10)
# When the check is next due (NULL before the first one: due at once).
NEXT = select(SenderPacing.next_slot_at).where(SenderPacing.sender == NAME).scalar_subquery()


def claim(session: Session, settings: Settings, now: datetime) -> bool:
    """Move the check's next run to tomorrow if it is due now; False if it is not."""
    # A write first: on SQLite it takes the write lock, on PostgreSQL ON CONFLICT makes two
    # first-ever clocks agree. The row starts due, so a new install checks at once.
    session.execute(
        insert_or_ignore(session, SenderPacing, "sender", sender=NAME, next_slot_at=now)
    )
    moved = session.execute(
        update(SenderPacing)
        .where(SenderPacing.sender == NAME, SenderPacing.next_slot_at <= now)
        .values(next_slot_at=next_run(now, settings.default_timezone))
    )
    return int(getattr(moved, "rowcount", 0) or 0) == 1


def next_run(now: datetime, timezone: str) -> datetime:
    """The first `AT` local time after `now`, in UTC."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    at = datetime.combine(local.date(), AT, tzinfo=zone)
    if at <= local:
        at = datetime.combine(local.date() + timedelta(days=1), AT, tzinfo=zone)
    return at.astimezone(UTC)
