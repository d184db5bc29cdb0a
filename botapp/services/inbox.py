"""Texts from numbers that match no client: the unmatched inbox, newest first; linking one to
a client (the number's texts join that record) or dismissing it (decision 27)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.db import inline
from botapp.messages import notes, queues
from botapp.models import Client, Direction, Message, MessageStatus
from botapp.services import case_record
from botapp.services.agency import Refused

# The inbound worker is done with these: only they may be linked or dismissed.
_ACTED_ON = (MessageStatus.PROCESSED, MessageStatus.ERROR)


def _unmatched_clause() -> tuple[object, ...]:
    """The unmatched texts not dismissed: ix_messages_unmatched's predicate, the values written
    into the SQL so that the planner sees it (decision 11)."""
    return (
        Message.direction == inline(Direction.INBOUND),
        Message.client_id.is_(None),
        Message.sent_by_id.is_(None),
        Message.status != inline(MessageStatus.DISMISSED),
    )


def unmatched(session: Session, limit: int, offset: int = 0) -> list[Message]:
    """The newest `limit` texts received from numbers no client has, but a staff member's
    (their commands are theirs, docs/decisions/0026-staff-texts.md), not dismissed; from the
    `offset`-th."""
    query = (
        select(Message)
        .where(*_unmatched_clause())  # type: ignore[arg-type]
        .order_by(Message.created_at.desc(), Message.id.desc())
        .offset(offset)
        .limit(limit)
    )
    return list(session.scalars(query))


def find_unmatched(session: Session, message_id: int) -> Message:
    """The unmatched text `message_id`, acted on by the inbound worker; Refused otherwise (linked,
    dismissed, still waiting, or no such text)."""
    message = session.get(Message, message_id)
    if message is None or not message.is_unmatched or message.status not in _ACTED_ON:
        raise Refused(queues.INBOX_GONE)
    return message


def link(session: Session, message: Message, client: Client, by: str) -> int:
    """Make the unmatched `message` and every other unmatched text from its number part of
    `client`'s record (a case-record line says who did it, `by`); how many texts joined. Later
    texts from that number still match no client unless it becomes the client's phone."""
    found = session.scalars(
        select(Message).where(*_unmatched_clause(), Message.phone == message.phone)  # type: ignore[arg-type]
    ).all()
    for text in found:
        text.client_id = client.id
    moved = len(found)
    case_record.note(session, client, notes.INBOX_LINKED, message=message, count=moved, name=by)
    return moved


def dismiss(session: Session, message: Message) -> None:
    """Take the unmatched `message` off the inbox (a wrong number, spam); it stays stored."""
    message.status = MessageStatus.DISMISSED
