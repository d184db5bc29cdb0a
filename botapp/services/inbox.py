"""Texts from numbers that match no client: the unmatched inbox, newest first."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import Direction, Message


def unmatched(session: Session, limit: int) -> list[Message]:
    """The newest `limit` texts received from numbers no client has, but a staff member's
    (their commands are theirs, docs/decisions/0026-staff-texts.md)."""
    query = (
        select(Message)
        .where(
            Message.direction == Direction.INBOUND,
            Message.client_id.is_(None),
            Message.sent_by_id.is_(None),
        )
        .order_by(Message.created_at.desc(), Message.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))
