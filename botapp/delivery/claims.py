"""The claim queries: how dispatchers share one outbox without sending a row twice, and keep
each phone's texts in the order they were written.

See docs/decisions/0004-outbox.md for why this shape of query, and for the order rule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import Integer, Table, bindparam, exists, select, update
from sqlalchemy.orm import Session

from botapp.db import inline, write_lock
from botapp.delivery.outbox import CRISIS
from botapp.models import Message, MessageStatus

_messages = cast(Table, Message.__table__)
# Written into the SQL, so that even a generic plan uses ix_messages_pending / _claimed /
# _unsent (decision 11).
_PENDING, _CLAIMED = inline(MessageStatus.PENDING), inline(MessageStatus.CLAIMED)
_earlier = _messages.alias("earlier")
# Whether an unsent text of the same phone was written before this one: for most due texts
# (a broadcast's, a reply's) none was, and then the text may go with no further look.
_BEHIND = (
    exists()
    .where(
        _earlier.c.status.in_([_PENDING, _CLAIMED]),
        _earlier.c.phone == _messages.c.phone,
        _earlier.c.id < _messages.c.id,
    )
    .correlate(_messages)
    .label("behind")
)
# The due texts in the order dispatchers take them: best priority first, due first.
_DUE = (
    select(_messages.c.id, _messages.c.phone, _messages.c.claimed_at, _messages.c.priority, _BEHIND)
    .where(_messages.c.status == _PENDING, _messages.c.not_before <= bindparam("now"))
    .order_by(_messages.c.priority, _messages.c.not_before, _messages.c.id)
    .limit(bindparam("window", type_=Integer))
)
# Every unsent text of the phones whose due texts are behind another, written up to the last
# due one: what may be ahead of them.
_UNSENT = (
    select(
        _messages.c.id,
        _messages.c.phone,
        _messages.c.status,
        _messages.c.not_before,
        _messages.c.claimed_at,
    )
    .where(
        _messages.c.status.in_([_PENDING, _CLAIMED]),
        _messages.c.phone.in_(bindparam("phones", expanding=True)),
        _messages.c.id <= bindparam("last"),
    )
    .order_by(_messages.c.id)
)
# Claim the chosen rows still pending; on PostgreSQL a row another dispatcher is claiming
# right now is skipped (and with it, below, the texts of its phone after it). The rows are
# locked by primary key and their status tested on the locked rows, not on `messages`
# (docs/decisions/0004-outbox.md, "The claim").
_TAKE = (
    select(_messages.c.id, _messages.c.status)
    .where(_messages.c.id.in_(bindparam("ids", expanding=True)))
    .with_for_update(skip_locked=True)
    .cte("take")
)
_CLAIM = (
    update(_messages)
    .where(_messages.c.id == _TAKE.c.id, _TAKE.c.status == _PENDING)
    .values(
        status=MessageStatus.CLAIMED,
        claim_token=bindparam("token"),
        claimed_at=bindparam("now"),
        attempts=_messages.c.attempts + 1,
    )
    .returning(_messages.c.id)
)
# Undo the claim of a text not tried; a text waiting to retry gets its mark back.
_UNCLAIM = (
    update(_messages)
    .where(_messages.c.id == bindparam("claimed_id"), _messages.c.claim_token == bindparam("token"))
    .values(
        status=MessageStatus.PENDING,
        claim_token=None,
        claimed_at=bindparam("failed_attempt"),
        attempts=_messages.c.attempts - 1,
    )
)


class Claimed(NamedTuple):
    """A claimed text: its row, its number (a phone's texts are sent one after another), and
    when its last attempt was claimed if that send failed: Twilio may have it all the same."""

    id: int
    phone: str
    failed_attempt: datetime | None = None


def claim(session: Session, token: str, now: datetime, limit: int) -> list[Claimed]:
    """Mark up to `limit` due rows as ours, best priority first; no two dispatchers get one row,
    and no text but a crisis text is taken while an earlier one of its phone is in flight or
    waiting to retry.

    The result lists each phone's texts together, in the order they were written.
    """
    write_lock(session)  # SQLite: read and claim under one lock (PostgreSQL: SKIP LOCKED)
    # PostgreSQL: room to pass over rows other dispatchers are claiming; SQLite claims one at
    # a time, so the window only needs room for phones held by a text in flight.
    wide = 4 if session.get_bind().dialect.name == "postgresql" else 2
    window = session.execute(_DUE, {"now": now, "window": wide * limit}).all()
    if not window:
        return []
    # A crisis text waits for nothing of its phone: it goes alone, ahead (decision 23).
    urgent: dict[str, list[Claimed]] = {}
    for r in window:
        if r.priority <= CRISIS.priority:
            urgent.setdefault(r.phone, []).append(Claimed(r.id, r.phone, r.claimed_at))
    behind = {r.phone for r in window if r.behind and r.phone not in urgent}
    # A phone with nothing unsent before its due text has just that one text in the window.
    chains = {
        r.phone: [Claimed(r.id, r.phone, r.claimed_at)] for r in window if r.phone not in behind
    }
    if behind:
        last = max(r.id for r in window if r.phone in behind)
        unsent = session.execute(_UNSENT, {"phones": sorted(behind), "last": last}).all()
        chains.update(_next_texts(unsent, now))
    chains.update(urgent)
    phones = [p for p in dict.fromkeys(r.phone for r in window) if p in chains]  # claim order
    kept: list[Claimed] = []
    # On PostgreSQL the rows another dispatcher is claiming now are skipped: take the next
    # phones of the window instead, a few times, rather than come back with a short batch.
    for _ in range(3):
        chosen: list[Claimed] = []
        while phones and len(kept) + len(chosen) < limit:
            chosen += chains[phones.pop(0)][: limit - len(kept) - len(chosen)]
        if not chosen:
            break
        params: dict[str, Any] = {"ids": [c.id for c in chosen], "token": token, "now": now}
        taken = set(session.scalars(_CLAIM, params))
        # A phone's texts go in order: after one that was not taken, none of that phone may.
        gaps = {c.phone for c in chosen if c.id not in taken}
        kept += [c for c in chosen if c.id in taken and c.phone not in gaps]
        release(session, token, [c for c in chosen if c.id in taken and c.phone in gaps])
        if not gaps:
            break
    return kept


def release(session: Session, token: str, texts: list[Claimed]) -> None:
    """Give back claimed texts that were not tried, as if never claimed."""
    if texts:
        rows = [{"claimed_id": c.id, "failed_attempt": c.failed_attempt} for c in texts]
        session.execute(_UNCLAIM, [{**row, "token": token} for row in rows])


def _next_texts(unsent: Any, now: datetime) -> dict[str, list[Claimed]]:
    """Per phone, the due texts that may go next, oldest first (`unsent` is in id order).

    A phone with a text in flight (claimed) sends nothing else. A text waiting to retry a
    failed send (pending, not yet due, `claimed_at` kept) holds the phone's later texts; a
    text deferred on purpose (quiet hours, a later due time) holds nothing.
    """
    chains: dict[str, list[Claimed]] = {}
    held: set[str] = set()
    for row in unsent:
        if row.phone in held:
            continue
        if row.status == MessageStatus.CLAIMED or (
            row.not_before > now and row.claimed_at is not None
        ):
            held.add(row.phone)
            chains.pop(row.phone, None)
        elif row.not_before <= now:
            chains.setdefault(row.phone, []).append(Claimed(row.id, row.phone, row.claimed_at))
    return chains


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
