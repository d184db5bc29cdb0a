"""Per-sender send pacing shared by every dispatcher process through the database."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from botapp.db import insert_or_ignore, utcnow
from botapp.models.message import SenderPacing


class Pacer:
    """Hands out send slots for one sender at `mps` segments per second, across processes."""

    def __init__(
        self,
        sessionmaker: sessionmaker[Session],
        sender: str,
        mps: float,
        clock: Callable[[], datetime] = utcnow,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._sessionmaker = sessionmaker
        self.sender = sender
        self.mps = mps
        self._clock = clock
        self._sleep = sleep

    def reserve(self, segments: int = 1) -> datetime:
        """Take the next slots for `segments` segments; return the UTC instant to send at."""
        return self.reserve_each([segments])[0]

    def reserve_each(self, segments: Sequence[int]) -> list[datetime]:
        """Take consecutive slots for texts of `segments` segments each, in one transaction;
        return the UTC instant each may be sent at (a dispatcher's round: one write, not one
        per text, which on SQLite kept the webhook waiting for the lock)."""
        if any(n < 1 for n in segments):
            raise ValueError("a message has at least one segment")
        now = self._clock()
        if self.mps <= 0 or not segments:
            return [now] * len(segments)
        # Its own short transaction: the slot must be committed before anyone sends,
        # whatever the caller's unit of work does afterwards.
        with self._sessionmaker() as session, session.begin():
            # The insert comes first on purpose. On SQLite it is a write, so it takes
            # the database's single write lock before the row is read: two processes
            # cannot read the same next_slot_at. On PostgreSQL it is race-safe through
            # ON CONFLICT, and the row lock below serialises the rest.
            session.execute(
                insert_or_ignore(
                    session,
                    SenderPacing,
                    "sender",
                    sender=self.sender,
                    next_slot_at=now,
                )
            )
            current = session.execute(
                select(SenderPacing.next_slot_at)
                .where(SenderPacing.sender == self.sender)
                .with_for_update()  # ignored on SQLite, which already holds the write lock
            ).scalar_one()
            slot = max(current, now)  # idle time is not banked: never a slot in the past
            slots = []
            for n in segments:
                slots.append(slot)
                slot += self._interval(n)
            session.execute(
                update(SenderPacing)
                .where(SenderPacing.sender == self.sender)
                .values(next_slot_at=slot)
            )
        return slots

    def wait_until(self, slot: datetime) -> None:
        """Sleep until `slot` (UTC), if it is ahead."""
        delay = (slot - self._clock()).total_seconds()
        if delay > 0:
            self._sleep(delay)

    def _interval(self, segments: int) -> timedelta:
        """The time `segments` segments occupy, rounded up so rounding never exceeds `mps`."""
        return timedelta(microseconds=math.ceil(segments * 1_000_000 / self.mps))
