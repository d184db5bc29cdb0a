"""Outbound message statuses: they only move forward, and every change is kept with its time.

Twilio's status callbacks arrive out of order ("sent" after "delivered"); ranking the
statuses makes a late or repeated callback change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.models import Message, MessageStatus, MessageStatusEvent
from botapp.models.message import DETAIL_LENGTH

S = MessageStatus
# botapp's own stages come first: pending in the outbox, claimed by a dispatcher.
RANK = {
    S.PENDING: 0,
    S.CLAIMED: 1,
    S.SCHEDULED: 2,
    S.ACCEPTED: 2,
    S.QUEUED: 3,
    S.SENDING: 4,
    S.SENT: 5,
    S.DELIVERED: 7,
    S.UNDELIVERED: 7,
    S.FAILED: 7,
    S.CANCELED: 7,
    S.EXPIRED: 7,
    S.READ: 7,  # final too: only `_read_after_final` lets it follow "delivered"
}
DELIVERED = frozenset({S.DELIVERED, S.READ})
FAILED = frozenset({S.UNDELIVERED, S.FAILED})


def advance(
    session: Session,
    message: Message,
    status: str,
    *,
    error_code: str | None = None,
    detail: str | None = None,
    at: datetime | None = None,
) -> bool:
    """Move `message` to `status` if that is forward, recording the change; False otherwise."""
    when = at or utcnow()
    values = _moved(message.status, message.sent_at, message.delivered_at, status, when)
    if values is None:
        return False
    if error_code:
        values["error_code"] = error_code
    detail = detail[:DETAIL_LENGTH] if detail else None  # PostgreSQL refuses more
    if detail:
        values["failure_reason"] = detail
    for name, value in values.items():
        setattr(message, name, value)
    session.add(
        MessageStatusEvent(
            message_id=message.id,
            status=values["status"],
            error_code=error_code,
            detail=detail,
            created_at=when,
        )
    )
    return True


# What `advance_by_sid` did: no text has that SID, or it had and did not move.
UNKNOWN, STAYED = -1, 0


def advance_by_sid(
    session: Session, sid: str, status: str, *, error_code: str | None = None
) -> int:
    """`advance` for the text Twilio knows as `sid`, in three statements, without loading it:
    its id if it moved, else UNKNOWN or STAYED. Its row stays locked until the commit
    (PostgreSQL; on SQLite the caller holds the write lock), so two callbacks of one text
    each see the other's status."""
    row = session.execute(
        select(Message.id, Message.status, Message.sent_at, Message.delivered_at)
        .where(Message.twilio_sid == sid)
        .with_for_update()
    ).first()
    if row is None:
        return UNKNOWN
    when = utcnow()
    values = _moved(row.status, row.sent_at, row.delivered_at, status, when)
    if values is None:
        return STAYED
    if error_code:
        values["error_code"] = error_code
    session.execute(
        update(Message)
        .where(Message.id == row.id)
        .values(**values, updated_at=when)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        insert(MessageStatusEvent).values(
            message_id=row.id, status=values["status"], error_code=error_code, created_at=when
        )
    )
    return int(row.id)


@dataclass(frozen=True)
class Move:
    """One message for `advance_many`: the first forward status of `statuses` is taken, and
    `values` are set on the row whether or not its status moves."""

    message_id: int
    statuses: tuple[str, ...]
    values: Mapping[str, Any] = field(default_factory=dict)


def advance_many(session: Session, moves: Sequence[Move], *, at: datetime | None = None) -> int:
    """`advance` for many messages in a few statements, without loading them; how many moved.

    One SELECT reads the statuses, one UPDATE by primary key per shape of change writes the
    rows, one INSERT adds a status event per move.
    """
    if not moves:
        return 0
    when = at or utcnow()
    rows = session.execute(
        select(Message.id, Message.status, Message.sent_at, Message.delivered_at).where(
            Message.id.in_([move.message_id for move in moves])
        )
    )
    current = {row.id: row for row in rows}
    changes: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for move in moves:
        row = current[move.message_id]
        moved: dict[str, Any] = {}
        for status in move.statuses:
            values = _moved(row.status, row.sent_at, row.delivered_at, status, when)
            if values is not None:
                moved = values
                events.append(
                    {"message_id": row.id, "status": values["status"], "created_at": when}
                )
                break
        changes.append({"id": row.id, **move.values, **moved})
    session.execute(update(Message), changes)
    if events:
        session.execute(insert(MessageStatusEvent), events)
    return len(events)


def _moved(
    current: MessageStatus,
    sent_at: datetime | None,
    delivered_at: datetime | None,
    word: str,
    when: datetime,
) -> dict[str, Any] | None:
    """The columns that move a message from `current` to `word` at `when`; None if backward."""
    if word not in RANK:
        raise ValueError(f"unknown message status {word!r}")
    status = S(word)
    if RANK[status] <= RANK.get(current, -1) and not _read_after_final(current, status):
        return None
    values: dict[str, Any] = {"status": status}
    if status in (S.SENT, S.QUEUED, S.ACCEPTED) and sent_at is None:
        values["sent_at"] = when
    elif status in DELIVERED and delivered_at is None:
        values["delivered_at"] = when
    elif status in FAILED | {S.CANCELED, S.EXPIRED}:
        values["failed_at"] = when
    return values


def _read_after_final(current: MessageStatus, status: MessageStatus) -> bool:
    """WhatsApp-style "read" may follow "delivered"; nothing else follows a final status."""
    return status == S.READ and current == S.DELIVERED


def requeue(
    session: Session,
    message: Message,
    not_before: datetime,
    reason: str,
    *,
    holds_phone: bool = False,
) -> None:
    """Put a claimed message back in the outbox for a later try (the one allowed step back).

    With `holds_phone` (a send that failed and will be retried) the row keeps `claimed_at`,
    which tells the claim to hold the phone's later texts until this one has gone.
    """
    message.status = S.PENDING
    message.not_before = not_before
    message.claim_token = None
    if not holds_phone:
        message.claimed_at = None
    elif message.claimed_at is None:
        message.claimed_at = utcnow()
    detail = f"retry: {reason}"[:DETAIL_LENGTH]
    session.add(MessageStatusEvent(message_id=message.id, status=S.PENDING, detail=detail))
