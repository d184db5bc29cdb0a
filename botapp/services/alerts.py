"""A client needs a person: the core and the features say so here, and whatever feature acts on
it (escalations) listens. The registry starts empty; `botapp.features` fills it, so the core
names no feature (docs/decisions/0024-escalations.md)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from botapp.models import Client, Message, Reason, Severity

# Told of every need, in the transaction that found it; must not commit (what it returns is
# not read).
Listener = Callable[[Session, Client, Reason, Severity, Message | None], object]
LISTENERS: list[Listener] = []


def need_person(
    session: Session,
    client: Client | None,
    reason: Reason,
    severity: Severity,
    message: Message | None = None,
) -> None:
    """Tell every listener that `client` needs a person, why and how soon (`message`: the text
    that showed it, if one did). A text from nobody's number raises nothing."""
    if client is None:
        return
    for listener in LISTENERS:
        listener(session, client, reason, severity, message)
