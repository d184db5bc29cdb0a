"""Escalations on their own rows: raising one for a client who needs a person and giving it to
the right staff member, the queue each person may read, acknowledging and resolving
(docs/decisions/0024-escalations.md). Every step is a row of `escalation_steps` and a line of
the case record."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, or_, select
from sqlalchemy.orm import Session

from botapp.db import utcnow
from botapp.escalations import messages as t
from botapp.escalations import record, timing
from botapp.flows import schedule
from botapp.models import (
    Client,
    Escalation,
    EscalationState,
    Message,
    Reason,
    Severity,
    Staff,
    StepKind,
)
from botapp.services import pausing
from botapp.services.access import check_can_read, visible_clients
from botapp.services.agency import Refused
from botapp.services.staff import stand_in

UNRESOLVED = (EscalationState.OPEN, EscalationState.ACKNOWLEDGED)
# Oldest urgent first: urgent before today before routine, then by age.
MOST_PRESSING = case(
    {Severity.URGENT.value: 0, Severity.TODAY.value: 1}, value=Escalation.severity, else_=2
)


def raise_escalation(
    session: Session, client: Client, reason: Reason, severity: Severity, message: Message | None
) -> Escalation:
    """Open an escalation for `client` and give it to a holder; while one for the same reason
    is still unresolved, add a step to it instead (one need, one escalation). A text to read
    from a client with any need unresolved joins the most pressing one: the person on it reads
    it there."""
    query = select(Escalation).where(
        Escalation.client_id == client.id, Escalation.state.in_(UNRESOLVED)
    )
    if reason is Reason.ROUTINE_INBOX:
        query = query.order_by(MOST_PRESSING, Escalation.created_at, Escalation.id)
    else:
        query = query.where(Escalation.reason == reason)
    found = session.scalars(query.limit(1)).first()
    if found is not None:
        record.step(session, found, StepKind.RAISED_AGAIN, message=message)
        record.note(session, found, t.RAISED_AGAIN, message)
        return found
    now = utcnow()
    holder = holder_for(client, now)
    escalation = Escalation(
        client=client,
        reason=reason,
        severity=severity,
        message_id=message.id if message else None,
        holder=holder,
    )
    session.add(escalation)
    session.flush()  # its number, for the case record
    record.step(session, escalation, StepKind.RAISED, message=message)
    record.step(session, escalation, StepKind.ROUTED, staff=holder)
    if holder is None:
        record.note(session, escalation, t.RAISED_NOBODY, message)
    else:
        record.note(session, escalation, t.RAISED, message, holder=holder.name)
    timing.on_holder(session, escalation, now)
    return escalation


def hand_over(session: Session, escalation: Escalation, staff: Staff | None) -> None:
    """Give the unresolved `escalation` to `staff` (a reassignment, a holder gone away, a
    fallback hop): they hold it from now, with a routed step and a case-record line, and are
    alerted (at once when urgent or at work, else when their working hours begin)."""
    move(session, escalation, staff, utcnow())


def move(
    session: Session,
    escalation: Escalation,
    staff: Staff | None,
    at: datetime,
    *,
    fallback: bool = False,
) -> None:
    """`hand_over` at `at` (the clock's time); `fallback`: a hop of the fallback chain, whose
    next hop is the on-call number."""
    escalation.holder = staff
    record.step(session, escalation, StepKind.ROUTED, staff=staff)
    if staff is None:
        record.note(session, escalation, t.MOVED_NOBODY, None)
    else:
        record.note(session, escalation, t.MOVED, None, holder=staff.name)
    timing.on_holder(session, escalation, at, fallback=fallback)


def holder_changed(session: Session, client: Client | None, staff: Staff | None) -> int:
    """Move to who should hold them now (`holder_for`) the unresolved escalations of `client`
    (given a new specialist) or those `staff` holds (away today, or gone); return how many
    moved. The core tells this through `botapp.services.alerts.holder_changed`."""
    query = select(Escalation).where(Escalation.state.in_(UNRESOLVED)).order_by(Escalation.id)
    if client is not None:
        query = query.where(Escalation.client_id == client.id)
    if staff is not None:
        query = query.where(Escalation.holder_id == staff.id)
    moved = 0
    for escalation in session.scalars(query).all():
        holder = holder_for(escalation.client, utcnow())
        if (holder.id if holder else None) != escalation.holder_id:
            hand_over(session, escalation, holder)
            moved += 1
    return moved


def holder_for(client: Client, at: datetime) -> Staff | None:
    """Who holds a new escalation: the client's specialist, their stand-in while they are away,
    else their supervisor; None for a client without a specialist (or nobody active)."""
    specialist = client.specialist
    if specialist is None:
        return None
    on = at.astimezone(ZoneInfo(specialist.office.agency.timezone)).date()
    holder = stand_in(specialist, on) or specialist.supervisor
    return holder if holder is not None and holder.active else None


def queue(session: Session, staff: Staff | None, state: EscalationState) -> list[Escalation]:
    """The escalations in `state` that `staff` may read (their caseload's, their office's or
    all, as for the case record, and those they hold), oldest urgent first."""
    # The scope as a subquery of client ids, not a join: OR-ed with the holder across a join,
    # PostgreSQL hashed the whole clients table for every Today (bench/web.py); this way a
    # specialist's caseload is read through ix_clients_specialist_id.
    mine: ColumnElement[bool] = Escalation.client_id.in_(
        select(Client.id).where(visible_clients(staff))
    )
    if staff is not None:
        mine = or_(mine, Escalation.holder_id == staff.id)
    query = (
        select(Escalation)
        .where(Escalation.state == state, mine)
        .order_by(MOST_PRESSING, Escalation.created_at, Escalation.id)
    )
    return list(session.scalars(query))


def find_for(session: Session, escalation_id: int, staff: Staff) -> Escalation:
    """Escalation `escalation_id` for `staff` to act on: Refused when there is none, NotAllowed
    unless they hold it or may read the client's record."""
    escalation = session.get(Escalation, escalation_id)
    if escalation is None:
        raise Refused(t.UNKNOWN, id=escalation_id)
    if escalation.holder_id != staff.id:
        check_can_read(staff, escalation.client)
    return escalation


def acknowledge(session: Session, escalation: Escalation, staff: Staff) -> None:
    """`staff` takes the open `escalation` in hand and holds it from now; Refused once taken."""
    if escalation.state is EscalationState.RESOLVED:
        raise Refused(t.ALREADY_RESOLVED, id=escalation.id)
    if escalation.state is EscalationState.ACKNOWLEDGED:
        holder = escalation.holder.name if escalation.holder else ""
        raise Refused(t.ALREADY_ACKNOWLEDGED, id=escalation.id, name=holder)
    escalation.state, escalation.holder = EscalationState.ACKNOWLEDGED, staff
    escalation.acknowledged_at = utcnow()
    schedule.cancel_pending(session, timing.ITEM_KINDS, escalation.id)  # no alert, no hop
    record.step(session, escalation, StepKind.ACKNOWLEDGED, staff=staff)
    record.note(session, escalation, t.ACKNOWLEDGED, None, name=staff.name)


def resolve(session: Session, escalation: Escalation, staff: Staff, outcome: str | None) -> None:
    """Close `escalation` (acknowledged or not) with what was done; Refused once resolved. The
    client's last one resolved, their held automated texts resume (unless staff paused them)."""
    if escalation.state is EscalationState.RESOLVED:
        raise Refused(t.ALREADY_RESOLVED, id=escalation.id)
    escalation.state, escalation.holder = EscalationState.RESOLVED, staff
    escalation.outcome, escalation.resolved_at = outcome, utcnow()
    schedule.cancel_pending(session, timing.ITEM_KINDS, escalation.id)
    record.step(session, escalation, StepKind.RESOLVED, staff=staff)
    if outcome:
        record.note(session, escalation, t.RESOLVED_WITH, None, name=staff.name, outcome=outcome)
    else:
        record.note(session, escalation, t.RESOLVED, None, name=staff.name)
    pausing.release_after_resolve(session, escalation.client, utcnow())


def relayed(session: Session, escalation: Escalation, staff: Staff, sent: Message) -> None:
    """Record that `staff` texted the client from their own phone (`sent`: that text, which the
    case record shows as well)."""
    record.step(session, escalation, StepKind.RELAYED, staff=staff, message=sent)
    record.note(session, escalation, t.RELAYED, sent, name=staff.name)
