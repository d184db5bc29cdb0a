"""Due work in the database: flows schedule items; the clock runs the due ones once.

An item's `key` names one occurrence ("appointment:7:reminder:P3D"), so scheduling the same
thing twice adds nothing; `run_due` claims items with SKIP LOCKED and marks each done in the
transaction that acted on it, so two clocks never run one twice. On SQLite the caller must
hold the write lock before `run_due` reads (pysqlite starts a transaction only at the first
write): the clock does (`botapp.db.write_lock`).

While a client is paused (an unresolved escalation, or staff paused them) their items fall
due as HELD, not run, except the escalations' own; `release_held` gives them back to the
clock, cancelling those that would be stale (docs/decisions/0024-escalations.md).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    bindparam,
    case,
    exists,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from botapp.config import Settings
from botapp.models import (
    Client,
    Conversation,
    ConversationStatus,
    Escalation,
    EscalationState,
    ItemStatus,
    ScheduledItem,
)

Handler = Callable[[Session, Settings, ScheduledItem, datetime], None]
# Whether a held item would be stale if it ran now (its appointment is over...): then it is
# cancelled instead of released.
Stale = Callable[[Session, ScheduledItem, datetime], bool]
# Filled by `botapp.features.install`: what runs the items of each kind when they fall due,
# and what says a held one is stale.
HANDLERS: dict[str, Handler] = {}
STALE: dict[str, Stale] = {}
# Items of these kinds run even while their client is paused: the alerts and fallback hops.
ALWAYS_RUNS = "escalation."
UNRESOLVED = (EscalationState.OPEN, EscalationState.ACKNOWLEDGED)


def paused_clause(client_id: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """True for the client `client_id` whose automated flows wait: one with an unresolved
    escalation, or one staff paused."""
    by_staff = aliased(Client)
    return or_(
        exists().where(by_staff.id == client_id, by_staff.paused_at.is_not(None)),
        exists().where(Escalation.client_id == client_id, Escalation.state.in_(UNRESOLVED)),
    )


_IS_PAUSED = select(paused_clause(bindparam("client_id")))


def is_paused(session: Session, client_id: int) -> bool:
    """Whether the client's automated flows wait (`paused_clause`)."""
    return bool(session.scalar(_IS_PAUSED, {"client_id": client_id}))


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
    """Withdraw the pending (or held) items of `kinds` about `subject_id` (a cancelled
    appointment…)."""
    result = session.execute(
        update(ScheduledItem)
        .where(
            ScheduledItem.kind.in_(kinds),
            ScheduledItem.subject_id == subject_id,
            ScheduledItem.status.in_([ItemStatus.PENDING, ItemStatus.HELD]),
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


def run_due(
    session: Session, settings: Settings, now: datetime, limit: int = 200, only: int | None = None
) -> int:
    """Run up to `limit` due items in this transaction (just item `only`, when given), holding
    those of paused clients instead: one query claims them and says which; return how many
    ran or were held."""
    params = {"now": now, "limit": limit, "only": only}
    rows = session.execute(_claim(only is not None), params).all()
    for item, paused in rows:
        if paused and not item.kind.startswith(ALWAYS_RUNS):
            item.status = ItemStatus.HELD  # due_at kept: when it fell due
            continue
        HANDLERS[item.kind](session, settings, item, now)
        item.status = ItemStatus.DONE
        item.done_at = now
    return len(rows)


@cache
def _claim(one: bool) -> Select[tuple[ScheduledItem, bool]]:
    """The due items and whether their client is paused, locked (item `only` when `one`);
    built once, not on every batch."""
    query = select(ScheduledItem, paused_clause(ScheduledItem.client_id)).where(
        ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= bindparam("now")
    )
    if one:
        query = query.where(ScheduledItem.id == bindparam("only"))
    return (
        query.order_by(ScheduledItem.due_at, ScheduledItem.id)
        .limit(bindparam("limit"))
        .with_for_update(of=ScheduledItem, skip_locked=True)
    )


def release_held(session: Session, client_id: int, now: datetime) -> int:
    """Give the clock back the client's held items (those stale by now cancelled), and their
    held question its re-prompt or expiry; return how many were held (items and question)."""
    held = session.scalars(
        select(ScheduledItem)
        .where(ScheduledItem.client_id == client_id, ScheduledItem.status == ItemStatus.HELD)
        .order_by(ScheduledItem.due_at, ScheduledItem.id)
    ).all()
    for item in held:
        stale = STALE.get(item.kind)
        if stale is not None and stale(session, item, now):
            item.status, item.done_at = ItemStatus.CANCELLED, now
            continue
        item.status = ItemStatus.PENDING  # its due time is past: the next tick runs it
    # A question keeps its own time: one not re-prompted yet is re-prompted now, one that was
    # expires when it would have (at once if that has passed). See `engine.wake`.
    woken = session.execute(
        update(Conversation)
        .where(
            Conversation.client_id == client_id,
            Conversation.status == ConversationStatus.ACTIVE,
            Conversation.wake_at.is_(None),
        )
        .values(
            wake_at=case(
                (
                    and_(Conversation.reprompted, Conversation.expires_at > now),
                    Conversation.expires_at,
                ),
                else_=now,
            )
        )
        .execution_options(synchronize_session=False)
    )
    return len(held) + int(getattr(woken, "rowcount", 0) or 0)
