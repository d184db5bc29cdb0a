"""A client's case record: writing notes, reading the timeline (texts out: delivery.outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.messages import Msg, all_messages, render
from botapp.messages.formatting import language_name
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


@dataclass(frozen=True)
class Entry:
    """One line of a client's record: a text in or out, or a note, at a time."""

    at: datetime
    kind: str  # "inbound", "outbound" or "note"
    text: str
    status: str = ""
    alert: bool = False


def render_note(row: CaseNote, locale: str) -> str:
    """A case note in the reader's language."""
    params = dict(row.params)
    if "language" in params:
        params["language"] = language_name(str(params["language"]), locale)
    return render(all_messages()[row.note_key], locale, **params)


def timeline(session: Session, client: Client, locale: str) -> list[Entry]:
    """The client's texts and notes, oldest first, notes rendered in `locale`."""
    texts = session.scalars(select(Message).where(Message.client_id == client.id))
    notes = session.scalars(select(CaseNote).where(CaseNote.client_id == client.id))
    entries = [Entry(m.created_at, m.direction.value, m.body, m.status) for m in texts]
    entries += [Entry(n.created_at, "note", render_note(n, locale), alert=n.alert) for n in notes]
    return sorted(entries, key=lambda e: (e.at, e.kind == "note"))
