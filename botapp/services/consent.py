"""Consent events and the state they add up to."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from botapp.models import Client, ConsentEvent, ConsentKind
from botapp.models.consent import ALL_SCOPES

# Built once (building a select costs more than running it on this path): the opt-out and
# opt-in events of the given numbers.
_EVENTS = select(ConsentEvent.id, ConsentEvent.phone, ConsentEvent.kind, ConsentEvent.scope).where(
    ConsentEvent.phone.in_(bindparam("phones", expanding=True)),
    ConsentEvent.kind.in_([ConsentKind.OPT_OUT, ConsentKind.OPT_IN]),
)


def is_opted_out(session: Session, phone: str, scope: str = ALL_SCOPES) -> bool:
    """True when the newest opt-out/opt-in for `phone` (all texts, or `scope`) is an opt-out."""
    return bool(opted_out(session, [(phone, scope)]))


def opted_out(session: Session, wanted: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (phone, scope) pairs whose newest opt-out/opt-in (all texts or that scope) is out."""
    if not wanted:
        return set()
    rows = session.execute(_EVENTS, {"phones": list({phone for phone, _ in wanted})}).all()
    newest: dict[tuple[str, str], tuple[int, ConsentKind]] = {}
    for row in rows:
        key = (row.phone, row.scope)
        if key not in newest or row.id > newest[key][0]:
            newest[key] = (row.id, row.kind)
    out = set()
    for phone, scope in wanted:
        events = [newest[k] for k in ((phone, ALL_SCOPES), (phone, scope)) if k in newest]
        if events and max(events)[1] is ConsentKind.OPT_OUT:
            out.add((phone, scope))
    return out


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
