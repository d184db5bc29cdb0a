"""The two kinds of due work the clock claims: scheduled items, and questions to wake."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, func, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from botapp.config import Settings
from botapp.flows import engine, schedule
from botapp.models import Conversation, ConversationStatus, ItemStatus, ScheduledItem


@dataclass(frozen=True)
class Work:
    """One kind of due row: which rows are due, how to run them (a batch, or the one given)."""

    what: str  # for the log: "scheduled item 42 failed"
    model: type[ScheduledItem] | type[Conversation]
    # The earliest due time, from the first entry of an index: no parameter, so no query plan
    # (PostgreSQL's generic plans) can turn "is anything due?" into a scan of the table.
    next_due: ScalarSelect[Any]
    due: Callable[[datetime], ColumnElement[bool]]
    order: tuple[InstrumentedAttribute[Any], ...]
    run: Callable[[Session, Settings, datetime, int, int | None], int]
    give_up: Callable[[Session, int, datetime], None]

    def due_ids(self, session: Session, now: datetime, limit: int) -> list[int]:
        """The ids of the first `limit` due rows, without locking them."""
        query = select(self.model.id).where(self.due(now)).order_by(*self.order).limit(limit)
        return list(session.scalars(query))


def _items_due(now: datetime) -> ColumnElement[bool]:
    return and_(ScheduledItem.status == ItemStatus.PENDING, ScheduledItem.due_at <= now)


def _run_items(
    session: Session, settings: Settings, now: datetime, limit: int, only: int | None
) -> int:
    """Run (or hold) due items through schedule.run_due; just item `only` when one failed in a
    batch (0 when it is done or taken by another clock meanwhile)."""
    return schedule.run_due(session, settings, now, limit, only)


def _give_up_item(session: Session, item_id: int, now: datetime) -> None:
    session.execute(
        update(ScheduledItem)
        .where(ScheduledItem.id == item_id, ScheduledItem.status == ItemStatus.PENDING)
        .values(status=ItemStatus.FAILED, done_at=now)
    )


def _wakes_due(now: datetime) -> ColumnElement[bool]:
    return and_(Conversation.status == ConversationStatus.ACTIVE, Conversation.wake_at <= now)


def _wake(session: Session, settings: Settings, now: datetime, limit: int, only: int | None) -> int:
    """Re-prompt or expire up to `limit` unanswered questions (just `only`, when given); hold
    those of paused clients: their wake is cleared (not due again, so the clock does not spin
    on it) until `schedule.release_held` sets it back."""
    query = select(Conversation, schedule.paused_clause(Conversation.client_id)).where(
        _wakes_due(now)
    )
    if only is not None:
        query = query.where(Conversation.id == only)
    due = session.execute(
        query.order_by(Conversation.wake_at, Conversation.id)
        .limit(limit)
        .with_for_update(of=Conversation, skip_locked=True)
    ).all()
    for conversation, paused in due:
        if paused:
            conversation.wake_at = None
        else:
            engine.wake(session, settings, conversation, now)
    return len(due)


def _give_up_wake(session: Session, conversation_id: int, now: datetime) -> None:
    # Not woken again. Its status frees the client's one open-question slot: the next flow
    # started for them opens, and the questions already queued follow when that one closes.
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.status == ConversationStatus.ACTIVE)
        .values(status=ConversationStatus.FAILED, wake_at=None)
    )


ITEMS = Work(
    "scheduled item",
    ScheduledItem,
    select(func.min(ScheduledItem.due_at))
    .where(ScheduledItem.status == ItemStatus.PENDING)
    .scalar_subquery(),
    _items_due,
    (ScheduledItem.due_at, ScheduledItem.id),
    _run_items,
    _give_up_item,
)
WAKES = Work(
    "conversation",
    Conversation,
    select(func.min(Conversation.wake_at))
    .where(Conversation.status == ConversationStatus.ACTIVE)
    .scalar_subquery(),
    _wakes_due,
    (Conversation.wake_at, Conversation.id),
    _wake,
    _give_up_wake,
)
