"""Consent events and the state they add up to."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.models import Client, ConsentEvent, ConsentKind
from botapp.models.consent import ALL_SCOPES


def is_opted_out(session: Session, phone: str, scope: str = ALL_SCOPES) -> bool:
    """True when the newest opt-out/opt-in for `phone` (all texts, or `scope`) is an opt-out."""
    scopes = {ALL_SCOPES, scope}
    rows = session.execute(
        select(ConsentEvent.kind, ConsentEvent.scope)
        .where(
            ConsentEvent.phone == phone,
            ConsentEvent.kind.in_([ConsentKind.OPT_OUT, ConsentKind.OPT_IN]),
            ConsentEvent.scope.in_(scopes),
        )
        .order_by(ConsentEvent.id.desc())
        .limit(1)
    ).first()
    return rows is not None and rows.kind is ConsentKind.OPT_OUT


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
