"""Outbound message statuses: they only move forward, and every change is kept with its time.

Twilio's status callbacks arrive out of order ("sent" after "delivered"); ranking the
statuses makes a late or repeated callback change nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.models import Message, MessageStatusEvent

# botapp's own stages come first: pending in the outbox, claimed by a dispatcher.
RANK = {
    "pending": 0,
    "claimed": 1,
    "scheduled": 2,
    "accepted": 2,
    "queued": 3,
    "sending": 4,
    "sent": 5,
    "delivered": 7,
    "undelivered": 7,
    "failed": 7,
    "canceled": 7,
    "expired": 7,
    "read": 8,
}
FINAL = frozenset(s for s, r in RANK.items() if r >= 7)
DELIVERED = frozenset({"delivered", "read"})
FAILED = frozenset({"undelivered", "failed"})


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
    if status not in RANK:
        raise ValueError(f"unknown message status {status!r}")
    if RANK[status] <= RANK.get(message.status, -1) and not _read_after_final(message, status):
        return False
    when = at or utcnow()
    message.status = status
    if error_code:
        message.error_code = error_code
    if detail:
        message.failure_reason = detail[:200]
    if status in ("sent", "queued", "accepted") and message.sent_at is None:
        message.sent_at = when
    elif status in DELIVERED and message.delivered_at is None:
        message.delivered_at = when
    elif status in FAILED | {"canceled", "expired"}:
        message.failed_at = when
    session.add(
        MessageStatusEvent(
            message_id=message.id,
            status=status,
            error_code=error_code,
            detail=detail,
            created_at=when,
        )
    )
    return True


def _read_after_final(message: Message, status: str) -> bool:
    """WhatsApp-style "read" may follow "delivered"; nothing else follows a final status."""
    return status == "read" and message.status == "delivered"


def requeue(session: Session, message: Message, not_before: datetime, reason: str) -> None:
    """Put a claimed message back in the outbox for a later try (the one allowed step back)."""
    message.status = "pending"
    message.not_before = not_before
    message.claim_token = None
    message.claimed_at = None
    session.add(
        MessageStatusEvent(message_id=message.id, status="pending", detail=f"retry: {reason}"[:200])
    )
