"""How long the outbox will take to drain at the sender's pace, and what will not make it.

A long code sends one segment a second and Twilio holds at most ten hours of traffic per
sender; a 100,000-text broadcast cannot go out in time. This makes that visible before the
texts expire one by one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.models import Direction, Message, MessageStatus


@dataclass
class Backlog:
    """The outbox at one instant."""

    by_status: dict[MessageStatus, int] = field(default_factory=dict)
    pending_by_category: dict[str, int] = field(default_factory=dict)
    pending_segments: int = 0
    drain_time: timedelta | None = None  # None when unpaced
    will_expire: int = 0  # pending texts whose turn comes after their validity window


def measure(session: Session, mps: float, now: datetime) -> Backlog:
    """Count the outbox and project the pending texts' send times at `mps` segments/s."""
    report = Backlog()
    outbound = Message.direction == Direction.OUTBOUND
    for status, count in session.execute(
        select(Message.status, func.count()).where(outbound).group_by(Message.status)
    ):
        report.by_status[status] = count
    rows = session.execute(
        select(Message.category, Message.segments, Message.not_before, Message.expires_at)
        .where(outbound, Message.status == MessageStatus.PENDING)
        .order_by(Message.priority, Message.not_before, Message.id)
        .execution_options(yield_per=5000)
    )
    slot = now
    for category, segments, not_before, expires_at in rows:
        key = category or "reply"
        report.pending_by_category[key] = report.pending_by_category.get(key, 0) + 1
        report.pending_segments += segments or 1
        if mps > 0:
            slot = max(slot, not_before or now)
            if expires_at is not None and slot > expires_at:
                report.will_expire += 1
            slot += timedelta(seconds=(segments or 1) / mps)
    if mps > 0:
        report.drain_time = timedelta(seconds=report.pending_segments / mps)
    return report
