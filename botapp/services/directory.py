"""Finding clients: the staff web app's Clients page searches by name, phone or case id and
filters by status, language and specialist, within the reader's scope, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from botapp.models import Client, ClientStatus, Staff
from botapp.models.client import fold_name
from botapp.phone import InvalidPhone, to_e164
from botapp.services.access import visible_clients

PER_PAGE = 50


@dataclass(frozen=True)
class Search:
    """What the reader asks for; None or "" leaves a filter out."""

    text: str = ""
    status: ClientStatus | None = None
    language: str | None = None
    specialist_id: int | None = None
    page: int = 1  # from 1


def _starts_with(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    """`column`, a folded name, starts with `prefix` (folded), as a range its b-tree index can
    read (LIKE would need a pattern index on PostgreSQL and case-sensitive LIKE on SQLite)."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < after)


def matching(text: str) -> ColumnElement[bool] | None:
    """The filter for what was typed: a phone number (that client), a case id, or the start
    of a last or first name, whatever its case and accents ("lopez" finds López); None for
    nothing typed."""
    text = text.strip()
    if not text:
        return None
    if sum(c.isdigit() for c in text) >= 7:  # looks like a phone number
        try:
            return or_(Client.phone == to_e164(text), Client.external_id == text)
        except InvalidPhone:
            return Client.external_id == text
    either = [Client.external_id == text]
    if prefix := fold_name(text):  # nothing left of a lone accent
        either += [
            _starts_with(Client.last_name_search, prefix),
            _starts_with(Client.first_name_search, prefix),
        ]
    words = prefix.split(None, 1)
    if len(words) == 2:  # "alex joh": the first name, then the start of the last name
        first, last = words
        either.append(
            and_(
                _starts_with(Client.first_name_search, first),
                _starts_with(Client.last_name_search, last),
            )
        )
    return or_(*either)


def search(session: Session, staff: Staff | None, wanted: Search) -> tuple[list[Client], bool]:
    """The page of clients `staff` may read that match `wanted`, by last and first name; and
    whether there is a next page."""
    query = select(Client).where(visible_clients(staff))
    if (found := matching(wanted.text)) is not None:
        query = query.where(found)
    if wanted.status is not None:
        query = query.where(Client.status == wanted.status)
    if wanted.language:
        query = query.where(Client.language == wanted.language)
    if wanted.specialist_id is not None:
        query = query.where(Client.specialist_id == wanted.specialist_id)
    start = (max(wanted.page, 1) - 1) * PER_PAGE
    query = (
        query.order_by(Client.last_name, Client.first_name, Client.id)
        .offset(start)
        .limit(PER_PAGE + 1)
    )
    rows = list(session.scalars(query))
    return rows[:PER_PAGE], len(rows) > PER_PAGE
