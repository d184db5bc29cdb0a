"""The inbound worker: acts on each received text once, in arrival order per phone.

The webhook only records a text (`inbound.record`) and answers Twilio. This worker takes the
waiting rows one transaction each: the claim marks the row processed, `handling.handle` acts
on it and queues its answers, and the commit makes both true together, so a crash or a
database error rolls the claim back with the rest and the text is taken again. A text whose
handling raises is marked "error", logged by id, and put in front of the specialist, so one
bad row never holds up the ones behind it. A row is taken only when no earlier text of the
same phone is waiting (or being handled, uncommitted, by another worker), so STOP then START
are never acted on in the wrong order. See docs/decisions/0009-inbound-queue.md.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, exists, func, literal_column, select, update
from sqlalchemy.orm import Session, joinedload, sessionmaker
from sqlalchemy.sql.expression import ColumnClause

from botapp.config import Settings
from botapp.db import utcnow, write_lock
from botapp.failsafe import TRANSIENT, describe
from botapp.messages import notes
from botapp.models import Message
from botapp.services import case_record, handling
from botapp.services.inbound import ERROR, PROCESSED, RECEIVED

log = logging.getLogger(__name__)


_messages = cast(Table, Message.__table__)
_earlier = _messages.alias("earlier")
# Written into the SQL, not bound: PostgreSQL prepares a statement after a few runs, and its
# generic plan can use the partial "waiting" indexes only when it sees 'received' itself
# (with a parameter the claim scanned every waiting row: 10 ms per text at a backlog of 1,000).
_WAITING: ColumnClause[str] = literal_column(f"'{RECEIVED}'")
# The oldest waiting text that has no earlier one of its phone still waiting. On PostgreSQL a
# row another worker holds is skipped (and its later texts wait behind it); on SQLite the
# UPDATE takes the database's write lock first, so workers take turns. Built once: building
# it (an aliased correlated CTE) cost more than running it.
_PICK = (
    select(_messages.c.id)
    .where(
        _messages.c.status == _WAITING,
        ~exists().where(
            _earlier.c.status == _WAITING,
            _earlier.c.phone == _messages.c.phone,
            _earlier.c.id < _messages.c.id,
        ),
    )
    .order_by(_messages.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
    .cte("pick")
)
CLAIM = (
    update(_messages)
    .where(_messages.c.id == _PICK.c.id)
    .values(status=PROCESSED, updated_at=bindparam("now"))
    .returning(_messages.c.id)
)
# The claimed text with its client, in one statement.
_LOAD = select(Message).options(joinedload(Message.client)).where(Message.id == bindparam("id"))


def take_next(session: Session) -> int | None:
    """Claim the oldest waiting text that has no earlier one of its phone still waiting."""
    return session.scalar(CLAIM, {"now": utcnow()})


def handle_next(sessions: sessionmaker[Session], settings: Settings) -> bool:
    """Act on the next waiting text in a transaction of its own; False when none is waiting."""
    message_id = None
    try:
        with sessions.begin() as session:
            write_lock(session)  # on SQLite: so the claim below rolls back with the rest
            message_id = take_next(session)
            if message_id is None:
                return False
            message = session.execute(_LOAD, {"id": message_id}).unique().scalar_one()
            handling.handle(session, settings, message)
        return True
    except TRANSIENT:
        raise
    except Exception as exc:  # noqa: BLE001 - mark the text, go on with the ones behind it
        if message_id is None:
            raise
        log.error("inbound message %d failed (%s); marked error", message_id, describe(exc))
        with sessions.begin() as session:
            _give_up(session, message_id)
        return True


def _give_up(session: Session, message_id: int) -> None:
    """Mark a text that could not be handled, and put it in front of a person."""
    session.execute(
        update(Message)
        .where(Message.id == message_id, Message.status == RECEIVED)
        .values(status=ERROR, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    message = session.get_one(Message, message_id, options=[joinedload(Message.client)])
    case_record.note(session, message.client, notes.INBOX, message=message)


def drain(sessions: sessionmaker[Session], settings: Settings, limit: int | None = None) -> int:
    """Act on waiting texts until none is left (or `limit` were taken); how many were.

    The texts share one connection, each in its own transaction: one pool checkout and
    pre-ping per round, not per text (a round trip each, a tenth of a text's time).
    """
    done = 0
    with sessions.kw["bind"].connect() as connection:
        on_connection = sessionmaker(connection, expire_on_commit=False)
        while (limit is None or done < limit) and handle_next(on_connection, settings):
            done += 1
    return done


def run(
    sessions: sessionmaker[Session], settings: Settings, stop: threading.Event, idle: float = 0.1
) -> None:
    """Act on texts as they arrive until `stop` is set, looking every `idle` s when none waits.

    On SQLite every transaction holds the one write lock, and the webhook's INSERT needs it
    too: the worker then takes one text at a time and leaves the lock free as long as it held
    it, so a backlog never starves the webhook (at half the worker's speed; PostgreSQL locks
    rows and needs no pause).
    """
    log.info("inbound worker started")
    shares_lock = sessions.kw["bind"].dialect.name == "sqlite"
    while not stop.is_set():
        started = time.monotonic()
        try:
            busy = drain(sessions, settings, limit=1 if shares_lock else 100)
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
        select(func.count(), func.min(Message.created_at)).where(Message.status == RECEIVED)
    ).one()
    return Waiting(int(count), oldest)
