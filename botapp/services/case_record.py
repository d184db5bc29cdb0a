"""Writing to a client's case record (outbound texts are written by botapp.delivery.outbox)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from botapp.messages import Msg
from botapp.models import CaseNote, Client, Message


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
