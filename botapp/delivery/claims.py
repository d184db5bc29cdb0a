"""The claim queries: how dispatchers share one outbox without sending a row twice.

See docs/decisions/0004-outbox.md for why this shape of query.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from botapp.db import inline
from botapp.models import Message
from botapp.models.message import CLAIMED, PENDING

# Written into the SQL, so that even a generic plan uses ix_messages_pending / _claimed.
_PENDING, _CLAIMED = inline(PENDING), inline(CLAIMED)


def claim(session: Session, token: str, now: datetime, limit: int) -> list[int]:
    """Mark up to `limit` due rows as ours, best priority first; no two dispatchers get one row."""
    # FOR UPDATE SKIP LOCKED lets concurrent PostgreSQL dispatchers pass over each other's
    # rows; SQLite ignores it and serialises the whole statement under its write lock.
    due = (
        select(Message.id)
        .where(Message.status == _PENDING, Message.not_before <= now)
        .order_by(Message.priority, Message.not_before, Message.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    stmt = (
        update(Message)
        .where(Message.id == due.c.id)
        .values(status=CLAIMED, claim_token=token, claimed_at=now, attempts=Message.attempts + 1)
        .returning(Message.id, Message.priority, Message.not_before)
    )
    rows = session.execute(stmt.execution_options(synchronize_session=False)).all()
    # RETURNING comes back in no particular order: send in the order the claim chose.
    return [r.id for r in sorted(rows, key=lambda r: (r.priority, r.not_before, r.id))]


def take_over_stale(session: Session, token: str, now: datetime, cutoff: datetime) -> list[int]:
    """Claim rows whose dispatcher stopped answering (claimed before `cutoff`)."""
    stale = (
        select(Message.id)
        .where(Message.status == _CLAIMED, Message.claimed_at < cutoff)
        .limit(100)
        .with_for_update(skip_locked=True)
        .cte("stale")
    )
    stmt = (
        update(Message)
        .where(Message.id == stale.c.id)
        .values(claim_token=token, claimed_at=now)
        .returning(Message.id)
    )
    return sorted(session.scalars(stmt.execution_options(synchronize_session=False)))
