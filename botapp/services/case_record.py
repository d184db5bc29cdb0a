"""A client's case record: writing notes, reading the timeline (texts out: delivery.outbox)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.messages import Msg, all_messages, notes, render
from botapp.messages.formatting import clock, day, language_name, long_day, zone_name
from botapp.models import CaseNote, Client, Message, Staff


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
    sent_by: str | None = None  # the staff member who wrote an outbound text from their phone


def term(msg: Msg) -> dict[str, str]:
    """A note parameter shown in the reader's language: a catalog entry (an appointment's
    kind), stored by its id."""
    return {"msg": msg.key}


def moment(at: datetime, timezone: str) -> dict[str, str]:
    """A note parameter shown as texts write a date and time, in `timezone`, named."""
    return {"at": at.isoformat(), "zone": timezone}


def calendar_day(on: date) -> dict[str, str]:
    """A note parameter shown as a date in the reader's language: "Dec 3, 2025", "3 dic 2025"."""
    return {"on": on.isoformat()}


def render_note(row: CaseNote, locale: str) -> str:
    """A case note in the reader's language."""
    params = {name: _shown(value, locale) for name, value in row.params.items()}
    if "language" in params:
        params["language"] = language_name(str(params["language"]), locale)
    return render(all_messages()[row.note_key], locale, **params)


def _shown(value: Any, locale: str) -> Any:
    """A stored parameter as the reader reads it (`term` and `moment` values rendered)."""
    if isinstance(value, dict) and "msg" in value:
        return render(all_messages()[value["msg"]], locale)
    if isinstance(value, dict) and "at" in value:
        at, zone = datetime.fromisoformat(value["at"]), value["zone"]
        return render(
            notes.WHEN,
            locale,
            day=day(at, locale, zone),
            time=clock(at, locale, zone),
            zone=zone_name(at, locale, zone),
        )
    if isinstance(value, dict) and "on" in value:
        return long_day(date.fromisoformat(value["on"]), locale)
    return value


def timeline(session: Session, client: Client, locale: str) -> list[Entry]:
    """The client's texts and notes, oldest first, notes rendered in `locale`; a text staff
    wrote from their phone names them."""
    texts = session.execute(
        select(Message, Staff.name)
        .outerjoin(Staff, Message.sent_by_id == Staff.id)
        .where(Message.client_id == client.id)
    )
    notes = session.scalars(select(CaseNote).where(CaseNote.client_id == client.id))
    entries = [
        Entry(m.created_at, m.direction.value, m.body, m.status, sent_by=name) for m, name in texts
    ]
    entries += [Entry(n.created_at, "note", render_note(n, locale), alert=n.alert) for n in notes]
    return sorted(entries, key=lambda e: (e.at, e.kind == "note"))


@dataclass(frozen=True)
class Text:
    """A text of the conversation, with the staff member who wrote it if one did."""

    message: Message
    staff: str | None  # the name of the staff member who wrote an outbound text


def texts(
    session: Session,
    client: Client,
    *,
    limit: int,
    before: int | None = None,
    after: int | None = None,
) -> list[Text]:
    """The client's texts, oldest first, read down the (client_id, id) index: the first `limit`
    after the text `after` when given (so none is skipped), else the latest `limit` (before the
    text `before`, when given)."""
    query = (
        select(Message, Staff.name)
        .outerjoin(Staff, Message.sent_by_id == Staff.id)
        .where(Message.client_id == client.id)
        .limit(limit)
    )
    if after is not None:
        query = query.where(Message.id > after).order_by(Message.id)
        return [Text(message, name) for message, name in session.execute(query).tuples()]
    if before is not None:
        query = query.where(Message.id < before)
    query = query.order_by(Message.id.desc())
    found = [Text(message, name) for message, name in session.execute(query).tuples()]
    return found[::-1]


def latest_notes(session: Session, client: Client, locale: str, limit: int) -> list[Entry]:
    """The client's latest `limit` case notes, newest first, rendered in `locale`."""
    query = (
        select(CaseNote)
        .where(CaseNote.client_id == client.id)
        .order_by(CaseNote.id.desc())
        .limit(limit)
    )
    return [
        Entry(n.created_at, "note", render_note(n, locale), alert=n.alert)
        for n in session.scalars(query)
    ]
