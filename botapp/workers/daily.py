"""When the features' once-a-day jobs (the monthly contact check) are due, and claiming one.

Each job has a `clock_jobs` row named after its feature ("contact.daily"). A clock runs a job
only if it moves that row's time from the past to tomorrow, in the transaction that runs the
job, so a restart or a second clock finds tomorrow there and does nothing
(docs/decisions/0008-clock.md).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ScalarSelect, case, func, select, update
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.db import insert_or_ignore
from botapp.models import ClockJob

# Local time of the program (DEFAULT_TIMEZONE): texts it starts go out mid-morning, while
# specialists are at work to answer; the outbox still applies each client's quiet hours.
AT = time(10)


def next_due(names: Collection[str]) -> ScalarSelect[Any]:
    """When the first of the jobs `names` is next due: NULL (due now) while one has no row.

    A job with no row has never run (a new install, or a feature's new job), so it is due at
    once; the rows of jobs no feature has any more are left out, or they would stay due.
    """
    return (
        select(case((func.count() == len(names), func.min(ClockJob.next_run_at))))
        .where(ClockJob.name.in_(names))
        .scalar_subquery()
    )


def claim(session: Session, settings: Settings, now: datetime, name: str) -> bool:
    """Move job `name`'s next run to tomorrow if it is due now; False if it is not."""
    # A write first: on SQLite it takes the write lock, on PostgreSQL ON CONFLICT makes two
    # first-ever clocks agree. The row starts due, so a new job runs at once.
    session.execute(insert_or_ignore(session, ClockJob, "name", name=name, next_run_at=now))
    moved = session.execute(
        update(ClockJob)
        .where(ClockJob.name == name, ClockJob.next_run_at <= now)
        .values(next_run_at=next_run(now, settings.default_timezone))
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
