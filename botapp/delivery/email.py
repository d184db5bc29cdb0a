"""The email outbox: enqueue an email once per key; the claim that lets senders share it.

The sender that sends is a worker (botapp/workers/mailer.py); why the outbox is shaped this
way, and what "sent once" can and cannot mean over SMTP: docs/decisions/0025-email-outbox.md.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from botapp.db import inline, insert_or_ignore, utcnow, write_lock
from botapp.models import Email, EmailStatus

_emails = cast(Table, Email.__table__)
# Written into the SQL so that the queries use the partial indexes (decision 11).
_PENDING, _CLAIMED = inline(EmailStatus.PENDING), inline(EmailStatus.CLAIMED)


def enqueue(session: Session, to: str, subject: str, body: str, key: str) -> None:
    """Add an email to the outbox unless one with `key` is there already (never commits)."""
    now = utcnow()
    session.execute(
        insert_or_ignore(
            session,
            Email,
            "idempotency_key",
            recipient=to,
            subject=subject,
            body=body,
            status=EmailStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            idempotency_key=key,
            created_at=now,
            updated_at=now,
        )
    )


def message_id(email_id: int, key: str, sender: str) -> str:
    """The Message-ID of every attempt of one email: the row's id and a digest of its key (so
    two databases' rows never share one) at the From address's domain."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    domain = sender.rpartition("@")[2] or "botapp.invalid"
    return f"<botapp-email-{email_id}-{digest}@{domain}>"


def claim(session: Session, token: str, now: datetime, limit: int) -> list[int]:
    """Mark up to `limit` due emails as ours, due first; no two senders get one email."""
    write_lock(session)  # SQLite: pick and claim under one lock (PostgreSQL: SKIP LOCKED)
    due = (
        select(_emails.c.id)
        .where(_emails.c.status == _PENDING, _emails.c.next_attempt_at <= now)
        .order_by(_emails.c.next_attempt_at, _emails.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    stmt = (
        update(_emails)
        .where(_emails.c.id == due.c.id)
        .values(
            status=EmailStatus.CLAIMED,
            claim_token=token,
            claimed_at=now,
            attempts=_emails.c.attempts + 1,
            updated_at=now,
        )
        .returning(_emails.c.id)
    )
    return sorted(session.scalars(stmt))


def requeue_stale(session: Session, now: datetime, cutoff: datetime) -> int:
    """Put back the emails whose sender stopped answering (claimed before `cutoff`): they are
    sent again, with the same Message-ID, as the server may or may not have them."""
    write_lock(session)
    stale = (
        select(_emails.c.id)
        .where(_emails.c.status == _CLAIMED, _emails.c.claimed_at < cutoff)
        .limit(100)
        .with_for_update(skip_locked=True)
        .cte("stale")
    )
    stmt = (
        update(_emails)
        .where(_emails.c.id == stale.c.id)
        .values(
            status=EmailStatus.PENDING,
            claim_token=None,
            next_attempt_at=now,
            error_code="sender-stopped",
            updated_at=now,
        )
        .returning(_emails.c.id)
    )
    return len(session.scalars(stmt).all())


# Waits before each retry of a transient failure: 30 s doubling to an hour; after the last the
# email is failed (about a day of trying).
FIRST_RETRY = timedelta(seconds=30)
LONGEST_WAIT = timedelta(hours=1)
MAX_ATTEMPTS = 30


def retry_after(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th attempt failed for a reason that may pass."""
    doublings: int = min(attempts - 1, 20)
    return min(FIRST_RETRY * (1 << doublings), LONGEST_WAIT)
