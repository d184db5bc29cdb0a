"""When an escalation's holder is alerted and when it goes further: each as a scheduled item.

Given a holder (raised, or moved by `service.hand_over`), they are alerted at once when the
escalation is urgent or they are at work; an `escalation.alert` item falls due then, or at
their next working moment, to alert them (or whoever stands in by then) and plan the next hop:
an `escalation.fallback` item, ESCALATION_ACK_MINUTES after an urgent alert, at the end of the
holder's working day for a "today" one. Items are claimed once by the clock and marked done in
the transaction that acted, so a hop survives restarts and never runs twice; the handlers are
in `routing.py` (docs/decisions/0024-escalations.md).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.escalations import notify
from botapp.flows import schedule
from botapp.models import Escalation, EscalationStep, Severity, StepKind
from botapp.services.staff import is_working, next_working_moment

ALERT = "escalation.alert"  # alert the holder of a hop at their time; plan the fallback
FALLBACK = "escalation.fallback"  # not acknowledged by then: the next hop
ITEM_KINDS = (ALERT, FALLBACK)


class Next(enum.StrEnum):
    """Where a fallback item sends an escalation nobody acknowledged."""

    SUPERVISOR = "supervisor"
    ON_CALL = "on_call"


def hop_of(session: Session, escalation: Escalation) -> int:
    """Which holder the escalation is with: 1 the first, one more for each move since."""
    routed = select(func.count()).where(
        EscalationStep.escalation_id == escalation.id, EscalationStep.kind == StepKind.ROUTED
    )
    return int(session.scalar(routed) or 0)


def on_holder(
    session: Session,
    escalation: Escalation,
    at: datetime,
    *,
    fallback: bool = False,
    hop: int | None = None,
) -> None:
    """`escalation` has just been given to its holder at `at`: alert them now if it is urgent or
    they are at work, and plan the item that alerts them (or their stand-in) at their time and
    plans the next hop; with nobody to hold an urgent one, the on-call number at once. `hop`:
    when the caller knows it (1 for one just raised), no query counts it."""
    hop = hop_of(session, escalation) if hop is None else hop
    holder = escalation.holder
    if holder is None:
        if escalation.severity is Severity.URGENT:
            plan(session, escalation, FALLBACK, at, hop, next=Next.ON_CALL)
        return
    now = escalation.severity is Severity.URGENT or is_working(holder, at)
    if now:
        notify.alert_holder(session, escalation, hop, at)
    due = at if now else next_working_moment(holder, at)
    plan(session, escalation, ALERT, due, hop, fallback=fallback)


def plan(
    session: Session,
    escalation: Escalation,
    kind: str,
    due: datetime,
    hop: int,
    *,
    fallback: bool = False,
    next: Next | None = None,
) -> None:
    """Schedule the item of `kind` for hop `hop` (once: its key names both)."""
    # When it was planned: an acknowledgement since makes its alert needless.
    params: dict[str, object] = {"hop": hop, "fallback": fallback, "planned": utcnow().isoformat()}
    if next is not None:
        params["next"] = next.value
    schedule.schedule(
        session,
        client_id=escalation.client_id,
        kind=kind,
        due_at=due,
        key=f"escalation:{escalation.id}:{kind.rpartition('.')[2]}:{hop}",
        subject_id=escalation.id,
        params=params,
    )
