"""The inbound worker: acts on each received text once, in arrival order per phone.

The webhook only records a text (`botapp.web.sms.save`) and answers Twilio. This worker takes the
waiting rows a batch per transaction: the claim marks the rows processed, `handling.handle`
acts on each and queues its answers, and the commit makes all of it true together, so a
crash or a database error rolls the claim back with the rest and the texts are taken again.
A row is taken only when no earlier text of the same phone is waiting (or being handled,
uncommitted, by another worker), so a batch holds at most one text per phone and STOP then
START are never acted on in the wrong order. When acting on a text raises, the batch rolls
back and its texts are taken again one per transaction; the one that raises again is marked
"error", logged by id, and put in front of the specialist, so one bad row never holds up the
ones behind it. See docs/decisions/0009-inbound-queue.md.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Integer, Table, bindparam, func, select, update
from sqlalchemy.orm import Session, joinedload, sessionmaker

from botapp.config import Settings
from botapp.db import inline, utcnow, write_lock
from botapp.failsafe import TRANSIENT, describe
from botapp.messages import notes
from botapp.models import Client, Message, MessageStatus, Office
from botapp.services import case_record, consent, handling

log = logging.getLogger(__name__)


_messages = cast(Table, Message.__table__)
# Written into the SQL, not bound: PostgreSQL's generic plan for a prepared statement can use
# the partial index of waiting texts only when it sees 'received' itself
# (docs/decisions/0009-inbound-queue.md).
_WAITING = inline(MessageStatus.RECEIVED)
# A batch: among the oldest `window` waiting texts, the first of each phone (any earlier text
# of that phone still waiting is older, so it is in the window too). Two statements with
# fixed plans, which no estimate of the waiting rows can spoil
# (docs/decisions/0009-inbound-queue.md).
_OLDEST = (
    select(_messages.c.id, _messages.c.phone)
    .where(_messages.c.status == _WAITING)
    .order_by(_messages.c.id)
    .limit(bindparam("window", type_=Integer))
)
# Then claim the oldest `size` of those firsts. On PostgreSQL a row another worker holds is
# skipped, and as the later texts of its phone were not firsts, they wait behind it; a row
# that worker committed meanwhile fails the status test when locked. On SQLite the claim
# runs under the write lock taken first, so workers take turns. Built once: building it
# cost more than running it.
_PICK = (
    select(_messages.c.id)
    .where(_messages.c.id.in_(bindparam("firsts", expanding=True)), _messages.c.status == _WAITING)
    .order_by(_messages.c.id)
    .limit(bindparam("size", type_=Integer))
    .with_for_update(skip_locked=True)
    .cte("pick")
)
CLAIM = (
    update(_messages)
    .where(_messages.c.id == _PICK.c.id)
    .values(status=MessageStatus.PROCESSED, updated_at=bindparam("now"))
    .returning(_messages.c.id)
)
# The claimed texts with their clients (and their agencies, whose program the answers name)
# and whether each sender stood opted out before it, in one statement: the batch holds one
# text per phone, so no text in it changes the state another one reads.
_LOAD = (
    select(Message, consent.opted_out_clause(Message.phone))
    .options(joinedload(Message.client).joinedload(Client.office).joinedload(Office.agency))
    .where(Message.id.in_(bindparam("ids", expanding=True)))
    .order_by(Message.id)
)
# Texts per transaction on PostgreSQL: a commit and the claim are shared by the batch.
BATCH = 20
# On SQLite, where the webhook's INSERT needs the one write lock too, the worker takes texts
# one at a time in a transaction until it has held the lock SQLITE_HOLD (at most SQLITE_BATCH
# texts), then leaves the lock free as long as it held it: a webhook waits about one text's
# handling, and a backlog still shares the commit. Three texts a transaction held the lock up
# to 20 ms; one kept the worker under 100 texts a second on a slow machine
# (docs/decisions/0009-inbound-queue.md).
SQLITE_HOLD = 0.004  # seconds
SQLITE_BATCH = 10


def take(session: Session, size: int = 1) -> list[int]:
    """Claim up to `size` waiting texts, each the oldest of its phone still waiting."""
    firsts: dict[str, int] = {}
    for message_id, phone in session.execute(_OLDEST, {"window": 4 * size}).tuples():
        firsts.setdefault(phone, message_id)
    if not firsts:
        return []
    params = {"now": utcnow(), "firsts": sorted(firsts.values()), "size": size}
    return sorted(session.scalars(CLAIM, params))


def handle_next(
    sessions: sessionmaker[Session],
    settings: Settings,
    size: int = 1,
    hold: float | None = None,
) -> int:
    """Act on up to `size` waiting texts in one transaction; how many (0: none was waiting).

    With `hold` (seconds), the texts are claimed one at a time and no more is claimed once
    the transaction has held the lock that long (SQLite's one write lock: see `run`).
    """
    claimed: list[int] = []
    try:
        with sessions.begin() as session:
            write_lock(session)  # on SQLite: so the claim below rolls back with the rest
            locked = time.monotonic()
            while len(claimed) < size:
                taken = take(session, size - len(claimed) if hold is None else 1)
                if not taken:
                    break
                claimed += taken
                loaded = session.execute(_LOAD, {"ids": taken}).unique().tuples().all()
                for message, opted_out in loaded:
                    handling.handle(session, settings, message, opted_out=opted_out)
                if hold is None or time.monotonic() - locked >= hold:
                    break
        return len(claimed)
    except TRANSIENT:
        raise
    except Exception as exc:  # noqa: BLE001 - mark the text, go on with the ones behind it
        if not claimed:
            raise
        if len(claimed) > 1:  # rolled back: again one per transaction, to find the bad one
            return sum(handle_next(sessions, settings) for _ in claimed)
        log.error("inbound message %d failed (%s); marked error", claimed[0], describe(exc))
        with sessions.begin() as session:
            _give_up(session, claimed[0])
        return 1


def _give_up(session: Session, message_id: int) -> None:
    """Mark a text that could not be handled, and put it in front of a person."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == MessageStatus.RECEIVED)
        .values(status=MessageStatus.ERROR, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    message = session.scalars(_LOAD, {"ids": [message_id]}).unique().one()
    case_record.note(session, message.client, notes.INBOX, message=message)


def drain(
    sessions: sessionmaker[Session],
    settings: Settings,
    limit: int | None = None,
    batch: int = BATCH,
) -> int:
    """Act on waiting texts, `batch` per transaction, until none is left (or `limit` were taken).

    The transactions share one connection: one pool checkout per round, not one per
    transaction. Returns how many texts were taken.
    """
    done = 0
    with sessions.kw["bind"].connect() as connection:
        on_connection = sessionmaker(connection, expire_on_commit=False)
        while limit is None or done < limit:
            size = batch if limit is None else min(batch, limit - done)
            taken = handle_next(on_connection, settings, size)
            if not taken:
                break
            done += taken
    return done


def run(
    sessions: sessionmaker[Session],
    settings: Settings,
    stop: threading.Event,
    idle: float = 0.1,
    batch: int = BATCH,
) -> None:
    """Act on texts as they arrive until `stop` is set, looking every `idle` s when none waits.

    On SQLite every transaction holds the one write lock, and the webhook's INSERT needs it
    too: the worker then holds it a few milliseconds at a time (SQLITE_HOLD) and leaves it free
    as long as it held it, so a backlog never starves the webhook (at half the worker's speed;
    PostgreSQL locks rows and needs no pause).
    """
    log.info("inbound worker started")
    shares_lock = sessions.kw["bind"].dialect.name == "sqlite"
    while not stop.is_set():
        started = time.monotonic()
        try:
            busy = (
                handle_next(sessions, settings, SQLITE_BATCH, hold=SQLITE_HOLD)
                if shares_lock
                else drain(sessions, settings, limit=10 * batch, batch=batch)
            )
        except Exception as exc:  # noqa: BLE001 - the database is away: its rows stay waiting
            log.error("inbound worker round failed (%s); retrying", describe(exc))
            busy = 0
        if not busy:
            stop.wait(idle)
        elif shares_lock:
            stop.wait(time.monotonic() - started)


@dataclass(frozen=True)
class Waiting:
    """Texts received and not yet acted on."""

    count: int
    oldest: datetime | None


def waiting(session: Session) -> Waiting:
    """How many texts wait for the inbound worker, and since when."""
    count, oldest = session.execute(
        select(func.count(), func.min(Message.created_at)).where(
            Message.status == MessageStatus.RECEIVED
        )
    ).one()
    return Waiting(int(count), oldest)
