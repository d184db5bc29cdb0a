"""A client needs a person: the core and the features say so here, and whatever feature acts on
it (escalations) listens; so too when who should hold a client's needs changes (a client
reassigned, a staff member away or gone). The registries start empty; `botapp.features` fills
them, so the core names no feature (docs/decisions/0024-escalations.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session

from botapp.models import Client, Message, Reason, Severity, Staff


class Listener(Protocol):
    """Told of every need, in the transaction that found it; must not commit (what it returns
    is not read). `holder`: who must hold it instead of who usually would (an event's
    organiser)."""

    def __call__(
        self,
        session: Session,
        client: Client,
        reason: Reason,
        severity: Severity,
        message: Message | None,
        /,
        *,
        holder: Staff | None = None,
    ) -> object: ...


LISTENERS: list[Listener] = []
# Told, in the transaction that changed it, that `client`'s specialist changed, or that `staff`
# is away today or gone (one of the two is given): moves what they hold, returns how many.
HolderListener = Callable[[Session, Client | None, Staff | None], int]
HOLDER_LISTENERS: list[HolderListener] = []


def need_person(
    session: Session,
    client: Client | None,
    reason: Reason,
    severity: Severity,
    message: Message | None = None,
    *,
    holder: Staff | None = None,
) -> None:
    """Tell every listener that `client` needs a person, why and how soon (`message`: the text
    that showed it, if one did; `holder`: who must hold it, when not the client's specialist).
    A text from nobody's number raises nothing."""
    if client is None:
        return
    for listener in LISTENERS:
        listener(session, client, reason, severity, message, holder=holder)


def holder_changed(
    session: Session, *, client: Client | None = None, staff: Staff | None = None
) -> int:
    """Tell every listener that `client` has a new specialist, or that `staff` is away today or
    gone: what they held goes to who stands in. Returns how many needs moved."""
    return sum(listener(session, client, staff) for listener in HOLDER_LISTENERS)
