"""Consent events and the state they add up to.

The rule is written once, in SQL (`opted_out_clause`): the newest opt-out/opt-in of a number,
for all texts or for the kind of text at hand, decides. Every reader of the state uses it:
`is_opted_out` here, and the queries that load texts (the inbound worker, the dispatcher's
check before sending) or clients (the monthly contact check) put it beside their own columns.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, SQLColumnExpression, String, bindparam, func, select
from sqlalchemy.orm import Session

from botapp.models import Client, ConsentEvent, ConsentKind
from botapp.models.consent import ALL_SCOPES


def opted_out_clause(
    phone: SQLColumnExpression[str], scope: SQLColumnExpression[str] | str = ALL_SCOPES
) -> ColumnElement[bool]:
    """True when the newest opt-out/opt-in of `phone` (all texts, or `scope`) is an opt-out.

    One look down the (phone, id) index per number, newest first; a number with neither
    event stands opted in.
    """
    newest = (
        select(ConsentEvent.kind)
        .where(
            ConsentEvent.phone == phone,
            ConsentEvent.kind.in_([ConsentKind.OPT_OUT, ConsentKind.OPT_IN]),
            ConsentEvent.scope.in_([ALL_SCOPES, scope]),
        )
        .order_by(ConsentEvent.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(newest, ConsentKind.OPT_IN) == ConsentKind.OPT_OUT


# Built once (building a select costs more than running it on the paths that ask).
_IS_OPTED_OUT = select(
    opted_out_clause(bindparam("phone", type_=String), bindparam("scope", type_=String))
)


def is_opted_out(session: Session, phone: str, scope: str = ALL_SCOPES) -> bool:
    """True when the newest opt-out/opt-in for `phone` (all texts, or `scope`) is an opt-out."""
    return bool(session.scalar(_IS_OPTED_OUT, {"phone": phone, "scope": scope}))


def record(
    session: Session,
    *,
    phone: str,
    client: Client | None,
    kind: ConsentKind,
    method: str,
    keyword: str | None = None,
    language: str | None = None,
    message_id: int | None = None,
    scope: str = ALL_SCOPES,
) -> ConsentEvent:
    """Add one consent event to the record."""
    event = ConsentEvent(
        phone=phone,
        client_id=client.id if client else None,
        kind=kind,
        method=method,
        keyword=keyword,
        language=language,
        message_id=message_id,
        scope=scope,
    )
    session.add(event)
    return event


def history(session: Session, client: Client) -> list[ConsentEvent]:
    """The consent events of the client's number (those recorded before it was theirs on file
    too), oldest first."""
    query = (
        select(ConsentEvent)
        .where((ConsentEvent.client_id == client.id) | (ConsentEvent.phone == client.phone))
        .order_by(ConsentEvent.id)
    )
    return list(session.scalars(query))
