"""Sending a broadcast: its recipients and their texts written in bulk, scheduling it for
later, cancelling it mid-way, and noticing when it has all gone.

A send is two INSERT … SELECT whatever the audience (docs/decisions/0029-broadcasts.md,
"Sending"): the segment's clients' texts into the outbox, each language's body rendered once
and each timezone's start deferred past quiet hours once (CASE expressions the database
applies per row); then a `broadcast_recipients` row per text written, linked to it. On
PostgreSQL the two tables' statistics are then taken again (`db.restate`). The dispatcher
paces the texts, below replies and alerts, and re-checks consent just before each goes (a
client who says STOP JOBS meanwhile gets nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Result,
    SQLColumnExpression,
    String,
    case,
    cast,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from botapp.broadcasts import messages as t
from botapp.broadcasts import texts
from botapp.broadcasts.segment import Segment, SegmentError, chosen, recipients
from botapp.broadcasts.service import check_can_manage
from botapp.config import Settings
from botapp.db import UTCDateTime, inline, restate
from botapp.delivery.outbox import BROADCAST
from botapp.delivery.quiet_hours import QuietHours, next_allowed
from botapp.encoding import analyze
from botapp.models import (
    Agency,
    Broadcast,
    BroadcastRecipient,
    BroadcastStatus,
    Client,
    Direction,
    Message,
    MessageStatus,
    MessageStatusEvent,
    Staff,
)
from botapp.services.agency import Refused
from botapp.services.csvfiles import Notice

log = logging.getLogger(__name__)
MESSAGE_KEY = "broadcast"
# Why a cancelled broadcast's texts were never sent (the dispatcher's own cancel says "opted
# out"): the report tells the two apart by it.
CANCELLED_DETAIL = "broadcast cancelled"
STARTABLE = (BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED)


@dataclass(frozen=True)
class Cancelled:
    """What a cancel found: texts gone to Twilio, in a dispatcher's hands (they may still go),
    and stopped (never sent)."""

    went: int
    in_flight: int
    stopped: int


def send(
    session: Session, settings: Settings, broadcast: Broadcast, staff: Staff | None, now: datetime
) -> int:
    """Start a draft or scheduled broadcast now: its recipients and their texts go to the
    outbox; how many recipients. Raises NotAllowed, or Refused saying why not."""
    check_can_manage(staff, broadcast)
    return start(session, settings, broadcast, now)


def start(session: Session, settings: Settings, broadcast: Broadcast, now: datetime) -> int:
    """`send` without the staff check: the clock starting a scheduled broadcast."""
    segment, bodies = _checked(session, settings, broadcast)
    # Claim it first: of two senders (a clock, a person) only one moves it to sending.
    claimed = session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.status.in_(STARTABLE))
        .values(status=BroadcastStatus.SENDING, started_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if _rows(claimed) != 1:
        session.refresh(broadcast)
        raise Refused(t.ALREADY_STARTED, id=broadcast.id, status=_said(broadcast.status))
    session.refresh(broadcast)
    count = _enqueue(session, broadcast, segment, bodies, now)
    broadcast.recipient_count, broadcast.updated_at = count, now
    if count == 0:  # nobody to text: nothing will ever be pending
        broadcast.status, broadcast.finished_at = BroadcastStatus.SENT, now
    log.info("broadcast %s started: %d recipients", broadcast.id, count)
    return count


def _checked(
    session: Session, settings: Settings, broadcast: Broadcast
) -> tuple[Segment, dict[str, str]]:
    """The broadcast's segment and its body per text language, or Refused saying what is
    wrong with them."""
    if broadcast.status not in STARTABLE:
        raise Refused(t.ALREADY_STARTED, id=broadcast.id, status=_said(broadcast.status))
    if not broadcast.texts.get(broadcast.default_language):
        raise Refused(t.NO_DEFAULT_TEXT, id=broadcast.id, language=broadcast.default_language)
    try:
        segment = Segment.from_json(broadcast.segment)
        name = texts.program_name(session, settings, broadcast)
        bodies = {
            language: texts.body(broadcast, language, name)
            for language, text in broadcast.texts.items()
            if text
        }
    except (SegmentError, texts.BroadcastTextError) as error:
        raise Refused(t.CANNOT_SEND, id=broadcast.id, reason=str(error)) from error
    return segment, bodies


def _enqueue(
    session: Session, broadcast: Broadcast, segment: Segment, bodies: dict[str, str], now: datetime
) -> int:
    """Write the recipients' texts, then the recipients (each linked to its text), in bulk; how
    many recipients."""
    before = session.scalar(select(func.max(Message.id))) or 0
    prefix = f"broadcast:{broadcast.id}:"
    _enqueue_texts(session, broadcast, segment, bodies, now, prefix)
    # This send's texts: written after `before` (however other writers interleave), its keys.
    texts_sent = (
        Message.id > before,
        Message.message_key == MESSAGE_KEY,
        Message.idempotency_key.startswith(prefix, autoescape=True),
    )
    columns = ["broadcast_id", "client_id", "language", "message_id", "created_at"]
    session.execute(
        insert(BroadcastRecipient).from_select(
            columns,
            select(
                literal(broadcast.id),
                Message.client_id,
                _language(Client.language.expression, bodies, broadcast.default_language),
                Message.id,
                _at(now),
            )
            .join(Client, Client.id == Message.client_id)
            .where(*texts_sent),
        )
    )
    mine = BroadcastRecipient.broadcast_id == broadcast.id
    # Counted, not the INSERT's row count: psycopg reports none for an INSERT … SELECT.
    count = session.scalar(select(func.count()).where(mine)) or 0
    if count:
        for table in (Message.__tablename__, BroadcastRecipient.__tablename__):
            restate(session, table, count)
    return count


def _enqueue_texts(
    session: Session,
    broadcast: Broadcast,
    segment: Segment,
    bodies: dict[str, str],
    now: datetime,
    prefix: str,
) -> None:
    """Each recipient's text in the outbox as `outbox.enqueue` would write it, its idempotency
    key `prefix` and the client's id."""
    zones = session.scalars(
        select(Client.timezone)
        .distinct()
        .where(*chosen(segment, broadcast.agency_id, broadcast.office_id))
    ).all()
    quiet_start, quiet_end = session.execute(
        select(Agency.quiet_start, Agency.quiet_end).where(Agency.id == broadcast.agency_id)
    ).one()
    hours = QuietHours(quiet_start, quiet_end)
    # Computed once per timezone and per language, applied per row by the database.
    starts = {zone: next_allowed(now, zone, hours) for zone in zones}
    costs = {language: analyze(body) for language, body in bodies.items()}
    found = recipients(segment, broadcast.agency_id, broadcast.office_id, now).subquery()
    picked = select(
        found.c.id,
        found.c.phone,
        found.c.timezone,
        _language(found.c.language, bodies, broadcast.default_language).label("language"),
    ).subquery()
    language, zone = picked.c.language, picked.c.timezone
    values: dict[str, ColumnElement[Any]] = {
        "client_id": picked.c.id,
        "direction": literal(Direction.OUTBOUND.value),
        "phone": picked.c.phone,
        "body": _by(language, bodies),
        "status": literal(MessageStatus.PENDING.value),
        "encoding": _by(language, {k: cost.encoding for k, cost in costs.items()}),
        "segments": _by(language, {k: cost.segments for k, cost in costs.items()}),
        "message_key": literal(MESSAGE_KEY),
        "category": literal(BROADCAST.name),
        "priority": literal(BROADCAST.priority),
        "not_before": _by(zone, starts, UTCDateTime()),
        "expires_at": _by(
            zone, {z: at + BROADCAST.valid_for for z, at in starts.items()}, UTCDateTime()
        ),
        "idempotency_key": literal(prefix) + cast(picked.c.id, String),
        "attempts": literal(0),
        "created_at": _at(now),
        "updated_at": _at(now),
    }
    session.execute(insert(Message).from_select(list(values), select(*values.values())))


def _language(
    client_language: ColumnElement[str], bodies: Mapping[str, str], default: str
) -> ColumnElement[str]:
    """The language of the text a client gets, as `texts.language_for` says, per row."""
    return case((client_language.in_(list(bodies)), client_language), else_=literal(default))


def _said(status: BroadcastStatus) -> Notice:
    """A broadcast's status in each reader's words."""
    return Notice(t.STATUSES[status])


def _rows(result: Result[Any]) -> int:
    """How many rows an INSERT or UPDATE wrote."""
    return int(getattr(result, "rowcount", 0) or 0)


def _at(moment: datetime) -> ColumnElement[datetime]:
    return literal(moment, UTCDateTime())


def _by(
    column: SQLColumnExpression[str],
    values: Mapping[str, Any],
    type_: TypeEngine[Any] | None = None,
) -> ColumnElement[Any]:
    """`values[column]` for each row, as a CASE over the few distinct keys."""
    return case({key: literal(value, type_) for key, value in values.items()}, value=column)


def schedule(broadcast: Broadcast, at: datetime, staff: Staff | None, now: datetime) -> None:
    """Set a draft (or already scheduled) broadcast to start at `at`, which must be ahead."""
    check_can_manage(staff, broadcast)
    if broadcast.status not in STARTABLE:
        raise Refused(t.ALREADY_STARTED, id=broadcast.id, status=_said(broadcast.status))
    if at <= now:
        raise Refused(t.NOT_IN_FUTURE, id=broadcast.id)
    broadcast.status, broadcast.send_at = BroadcastStatus.SCHEDULED, at


def cancel(session: Session, broadcast: Broadcast, staff: Staff | None, now: datetime) -> Cancelled:
    """Cancel a broadcast: a draft or scheduled one never starts; a sending one's texts still
    waiting in the outbox are never sent (one a dispatcher has claimed may still go)."""
    check_can_manage(staff, broadcast)
    if broadcast.status not in (*STARTABLE, BroadcastStatus.SENDING):
        raise Refused(t.CANNOT_CANCEL, id=broadcast.id, status=_said(broadcast.status))
    stopped = 0
    if broadcast.status is BroadcastStatus.SENDING:
        stopped = _stop_pending(session, broadcast.id, now)
    broadcast.status, broadcast.cancelled_at = BroadcastStatus.CANCELLED, now
    broadcast.cancelled_by_id = staff.id if staff is not None else None
    mine = select(BroadcastRecipient.message_id).where(
        BroadcastRecipient.broadcast_id == broadcast.id
    )
    went, in_flight = session.execute(
        select(
            func.count(Message.sent_at),
            func.count(case((Message.status == MessageStatus.CLAIMED, 1))),
        ).where(Message.id.in_(mine))
    ).one()
    return Cancelled(went, in_flight, stopped)


def _stop_pending(session: Session, broadcast_id: int, now: datetime) -> int:
    """Cancel the broadcast's texts still pending, with a status event each; how many."""
    mine = select(BroadcastRecipient.message_id).where(
        BroadcastRecipient.broadcast_id == broadcast_id
    )
    pending = Message.id.in_(mine), Message.status == inline(MessageStatus.PENDING)
    # Each event first, while the rows are still pending (the UPDATE below changes that).
    session.execute(
        insert(MessageStatusEvent).from_select(
            ["message_id", "status", "detail", "created_at"],
            select(
                Message.id,
                literal(MessageStatus.CANCELED.value),
                literal(CANCELLED_DETAIL),
                _at(now),
            ).where(*pending),
        )
    )
    # The WHERE is tested again on each locked row: a text a dispatcher claimed meanwhile stays
    # claimed (and may go); one pending is never claimed after this (claims take pending only).
    stopped = session.execute(
        update(Message)
        .where(*pending)
        .values(
            status=MessageStatus.CANCELED,
            failure_reason=CANCELLED_DETAIL,
            failed_at=now,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return _rows(stopped)
