"""The clock's part in broadcasts: start the scheduled ones when their time comes, and mark
sent those with nothing left in the outbox (docs/decisions/0029-broadcasts.md, "Sending").

`every_tick` is the feature's every-tick job: one read on most ticks, which find neither.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from botapp.broadcasts.sending import start
from botapp.config import Settings
from botapp.db import inline, write_lock
from botapp.models import Broadcast, BroadcastRecipient, BroadcastStatus, Message, MessageStatus
from botapp.services.agency import Refused

log = logging.getLogger(__name__)
# How often the clock looks whether a sending broadcast has all gone: a read of its
# recipients' outbox rows, cheap but not free for 100,000 of them, so not every second.
FINISHED_CHECK = timedelta(minutes=1)
_UNSENT = [inline(MessageStatus.PENDING), inline(MessageStatus.CLAIMED)]


def every_tick(session: Session, settings: Settings, now: datetime) -> int:
    """The clock's part: start the broadcasts due, mark sent those all gone; how many. One
    read when there is neither (most ticks)."""
    due = Broadcast.status == BroadcastStatus.SCHEDULED, Broadcast.send_at <= now
    looked_at = Broadcast.updated_at <= now - FINISHED_CHECK
    sending = Broadcast.status == BroadcastStatus.SENDING, looked_at
    if not session.scalar(select(exists().where(*due) | exists().where(*sending))):
        return 0
    write_lock(session)  # SQLite: claim under the lock the statements below take anyway
    return start_due(session, settings, now) + finish_done(session, now)


def start_due(session: Session, settings: Settings, now: datetime) -> int:
    """Start the scheduled broadcasts whose time has come; how many started."""
    due = session.scalars(
        select(Broadcast)
        .where(Broadcast.status == BroadcastStatus.SCHEDULED, Broadcast.send_at <= now)
        .order_by(Broadcast.send_at, Broadcast.id)
    ).all()
    started = 0
    for broadcast in due:
        try:
            with session.begin_nested():
                start(session, settings, broadcast, now)
            started += 1
        except Refused as refused:
            # Still scheduled: not taken by another clock but unsendable (a bad text). Back to
            # draft, so that it is said once, not on every tick.
            if broadcast.status is BroadcastStatus.SCHEDULED:
                broadcast.status, broadcast.send_at = BroadcastStatus.DRAFT, None
                reason = refused.notice.text(None)
                log.error("scheduled broadcast %s back to draft: %s", broadcast.id, reason)
    return started


def finish_done(session: Session, now: datetime) -> int:
    """Mark sent the sending broadcasts with nothing left in the outbox (each looked at once
    a `FINISHED_CHECK` at most); how many."""
    due = session.scalars(
        select(Broadcast).where(
            Broadcast.status == BroadcastStatus.SENDING,
            Broadcast.updated_at <= now - FINISHED_CHECK,
        )
    ).all()
    finished = 0
    for broadcast in due:
        unsent = exists().where(
            BroadcastRecipient.broadcast_id == broadcast.id,
            Message.id == BroadcastRecipient.message_id,
            Message.status.in_(_UNSENT),
        )
        if session.scalar(select(unsent)):
            broadcast.updated_at = now  # looked at: again in a minute
            continue
        broadcast.status, broadcast.finished_at, broadcast.updated_at = (
            BroadcastStatus.SENT,
            now,
            now,
        )
        finished += 1
    return finished
