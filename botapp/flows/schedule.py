"""Due work in the database: flows schedule items; the clock runs the due ones once.

An item's `key` names one occurrence ("appointment:7:reminder:P3D"), so scheduling the same
thing twice adds nothing; `run_due` claims items with SKIP LOCKED and marks each done in the
transaction that acted on it, so two clocks never run one twice. On SQLite the caller must
hold the write lock before `run_due` reads (pysqlite starts a transaction only at the first
write): the clock does (`botapp.db.write_lock`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.models import Client, ItemStatus, ScheduledItem

Handler = Callable[[Session, Settings, ScheduledItem, datetime], None]
# Filled by `botapp.features.install`: what runs the items of each kind when they fall due.
HANDLERS: dict[str, Handler] = {}


def schedule(
    session: Session,
    *,
    client_id: int,
    kind: str,
    due_at: datetime,
    key: str,
    subject_id: int | None = None,
    params: dict[str, Any] | None = None,
) -> ScheduledItem:
    """Add the item named `key` unless it exists; return it."""
    existing = session.scalars(select(ScheduledItem).where(ScheduledItem.key == key)).one_or_none()
    if existing is not None:
        return existing
    item = ScheduledItem(
        client_id=client_id,
        kind=kind,
        due_at=due_at,
        key=key,
        subject_id=subject_id,
        params=params or {},
        status=ItemStatus.PENDING,
    )
    session.add(item)
    session.flush()
    return item


def cancel_pending(session: Session, kinds: Collection[str], subject_id: int) -> int:
    """Withdraw the pending items of `kinds` about `subject_id` (a cancelled appointment…)."""
    result = session.execute(
        update(ScheduledItem)
        .where(
            ScheduledItem.kind.in_(kinds),
            ScheduledItem.subject_id == subject_id,
            ScheduledItem.status == ItemStatus.PENDING,
        )
        .values(status=ItemStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def upcoming(
    session: Session, until: datetime, clients: ColumnElement[bool]
) -> list[tuple[ScheduledItem, Client]]:
    """The pending items due by `until` (overdue ones too) of the `clients` selected, soonest
    first, each with its client."""
    query = (
        select(ScheduledItem, Client)
        .join(Client, ScheduledItem.client_id == Client.id)
        .where(ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= until, clients)
        .order_by(ScheduledItem.due_at, ScheduledItem.id)
    )
    return list(session.execute(query).tuples())


def run_due(session: Session, settings: Settings, now: datetime, limit: int = 200) -> int:
    """Run up to `limit` due items in this transaction; return how many ran."""
    items = session.scalars(
        select(ScheduledItem)
        .where(ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= now)
        .order_by(ScheduledItem.due_at, ScheduledItem.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    for item in items:
        HANDLERS[item.kind](session, settings, item, now)
        item.status = ItemStatus.DONE
        item.done_at = now
    return len(items)
