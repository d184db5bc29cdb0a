"""The clock's tick: the daily jobs, the due scheduled items, the questions to wake.

All the clock knows is in the database, so a restart loses nothing and a second clock repeats
nothing: rows are claimed with FOR UPDATE SKIP LOCKED (on SQLite a write first takes the
database's write lock, so clocks take turns), each batch commits on its own, and each daily
job runs when its `clock_jobs` row says it is due. When a batch fails it is retried one row at
a time, so one bad row is logged by id and marked failed while the others go on.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from botapp import features
from botapp.config import Settings
from botapp.db import write_lock
from botapp.failsafe import TRANSIENT, describe
from botapp.flows.feature import DailyJob, TickJob
from botapp.workers import daily
from botapp.workers.due import ITEMS, WAKES, Work

log = logging.getLogger(__name__)
# Rows per transaction. On SQLite a batch holds the write lock while it runs (a few ms an
# item), so web requests wait at most a fraction of a second behind it.
BATCH = 50


@dataclass(frozen=True)
class Tick:
    """What one tick did."""

    ran: int = 0
    woke: int = 0
    failed: int = 0
    checked: int | None = None  # texts the daily jobs started, on a tick that ran one
    features: int = 0  # what the features' every-tick jobs did (broadcasts started...)

    def __bool__(self) -> bool:
        return bool(
            self.ran or self.woke or self.failed or self.checked is not None or self.features
        )


def tick(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, batch: int = BATCH
) -> Tick:
    """Do the work due at `now`: the daily jobs first, as the questions they ask may queue."""
    jobs = features.daily_jobs()
    with sessions.begin() as session:  # one read of three index entries: most ticks end here
        daily_at, item_at, wake_at = session.execute(_first_read(tuple(jobs))).one()
    due = daily_at is None or daily_at <= now
    checked = _daily(sessions, settings, now, jobs) if due else None
    ran, failed_items = (
        _drain(sessions, settings, now, batch, ITEMS) if item_at and item_at <= now else (0, 0)
    )
    woke, failed_wakes = (
        _drain(sessions, settings, now, batch, WAKES) if wake_at and wake_at <= now else (0, 0)
    )
    every = features.tick_jobs()
    done = sum(_every_tick(sessions, settings, now, name, job) for name, job in every.items())
    return Tick(ran, woke, failed_items + failed_wakes, checked, done)


def _every_tick(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, name: str, job: TickJob
) -> int:
    """Run feature `name`'s every-tick job in its own transaction; 0 when it failed (logged,
    tried again at the next tick: the clock goes on)."""
    try:
        with sessions.begin() as session:
            return job(session, settings, now)
    except TRANSIENT:
        raise
    except Exception as exc:  # noqa: BLE001 - the next tick tries again
        log.error("%s's every-tick job failed (%s)", name, describe(exc))
        return 0


@cache
def _first_read(jobs: tuple[str, ...]) -> Select[Any]:
    """When the daily jobs `jobs`, the due items and the wakes are next due (built once per
    set of jobs, not on every tick)."""
    return select(daily.next_due(jobs), ITEMS.next_due, WAKES.next_due)


def _daily(
    sessions: sessionmaker[Session],
    settings: Settings,
    now: datetime,
    jobs: Mapping[str, DailyJob],
) -> int | None:
    """Run each daily job that is due, each in its own transaction: the texts they started, or
    None when none ran (not due, or failed)."""
    counts = [
        count
        for name, job in jobs.items()
        if (count := _daily_job(sessions, settings, now, name, job)) is not None
    ]
    return sum(counts) if counts else None


def _daily_job(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, name: str, job: DailyJob
) -> int | None:
    """Run job `name` if it is due; None when it was not, or when it failed (logged, and
    tried again tomorrow: the other jobs go on)."""
    try:
        with sessions.begin() as session:
            if not daily.claim(session, settings, now, name):
                return None
            return job(session, settings, now)
    except TRANSIENT:
        raise
    except Exception as exc:  # noqa: BLE001 - skip today's run, keep the clock going
        log.error("daily job %s failed (%s); the next is tomorrow", name, describe(exc))
        with sessions.begin() as session:
            daily.claim(session, settings, now, name)
        return None


def _drain(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, batch: int, work: Work
) -> tuple[int, int]:
    """Run `work` due at `now`, a batch per transaction, until none is due: (done, failed)."""
    done = failed = 0
    while True:
        try:
            with sessions.begin() as session:
                if not work.due_ids(session, now, 1):
                    break  # none left: found by a read, so no lock taken for nothing
                write_lock(session)
                count = work.run(session, settings, now, batch, None)
        except TRANSIENT:
            raise
        except Exception:  # noqa: BLE001 - a row in this batch fails: find it one by one
            one_done, one_failed = _one_by_one(sessions, settings, now, batch, work)
            done, failed = done + one_done, failed + one_failed
            if not one_done + one_failed:
                break  # every row was taken by another clock
            continue
        done += count
        if count < batch:
            break
    return done, failed


def _one_by_one(
    sessions: sessionmaker[Session], settings: Settings, now: datetime, batch: int, work: Work
) -> tuple[int, int]:
    """Run the next `batch` due rows each in its own transaction; mark the failing ones."""
    with sessions.begin() as session:
        ids = work.due_ids(session, now, batch)
    done = failed = 0
    for row_id in ids:
        try:
            with sessions.begin() as session:
                write_lock(session)
                count = work.run(session, settings, now, 1, row_id)
        except TRANSIENT:
            raise
        except Exception as exc:  # noqa: BLE001 - log it by id, mark it, go on with the rest
            log.error("%s %d failed (%s); marked failed", work.what, row_id, describe(exc))
            with sessions.begin() as session:
                work.give_up(session, row_id, now)
            failed += 1
            continue
        done += count
    return done, failed
