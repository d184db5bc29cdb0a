"""Writing to a client's case record: notes and message rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from botapp.encoding import analyze
from botapp.messages import Msg
from botapp.models import CaseNote, Client, Direction, Message


def note(
    session: Session,
    client: Client | None,
    entry: Msg,
    *,
    message: Message | None = None,
    alert: bool = False,
    **params: Any,
) -> CaseNote:
    """Add a case-record line, stored by catalog id so each reader sees it in their language."""
    row = CaseNote(
        client_id=client.id if client else None,
        note_key=entry.key,
        params=params,
        alert=alert,
        message_id=message.id if message else None,
    )
    session.add(row)
    return row


def outbound(
    session: Session,
    *,
    phone: str,
    body: str,
    key: str,
    status: str,
    client: Client | None = None,
    in_reply_to: Message | None = None,
) -> Message:
    """Add an outbound message row with its encoding and segment count."""
    cost = analyze(body)
    row = Message(
        client_id=client.id if client else None,
        direction=Direction.OUTBOUND,
        phone=phone,
        body=body,
        status=status,
        encoding=cost.encoding,
        segments=cost.segments,
        message_key=key,
        in_reply_to_id=in_reply_to.id if in_reply_to else None,
    )
    session.add(row)
    return row
