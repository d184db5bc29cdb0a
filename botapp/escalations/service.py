"""Escalations on their own rows: raising one for a client who needs a person and giving it to
the right staff member, the queue each person may read, acknowledging and resolving
(docs/decisions/0024-escalations.md). Every step is a row of `escalation_steps` and a line of
the case record."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, bindparam, case, or_, select
from sqlalchemy.orm import Session, joinedload

from botapp.db import inline, utcnow
from botapp.delivery import outbox
from botapp.escalations import messages as t
from botapp.escalations import record, timing
from botapp.flows import schedule
from botapp.messages import Msg
from botapp.models import (
    Client,
    Escalation,
    EscalationState,
    Message,
    Office,
    Reason,
    Role,
    Severity,
    Staff,
    StepKind,
)
from botapp.services import pausing
from botapp.services.access import check_can_read, visible_clients
from botapp.services.agency import Refused
from botapp.services.staff import stand_in

UNRESOLVED = (EscalationState.OPEN, EscalationState.ACKNOWLEDGED)
MAX_TEXT = 1600  # characters in one text, Twilio's limit
RELAY_KEY = "staff.relay"  # the message key of a text a staff member had sent to a client
# Oldest urgent first: urgent before today before routine, then by age.
MOST_PRESSING = case(
    {Severity.URGENT.value: 0, Severity.TODAY.value: 1}, value=Escalation.severity, else_=2
)
# The inbound worker looks a client's open escalation up for each text to a person: the two
# statements are built once, the states written in (decision 11: a literal, not a parameter).
_UNRESOLVED_OF = select(Escalation).where(
    Escalation.client_id == bindparam("client_id"),
    Escalation.state.in_([inline(state) for state in UNRESOLVED]),
)
_SAME_REASON = _UNRESOLVED_OF.where(Escalation.reason == bindparam("reason")).limit(1)
_MOST_PRESSING_OF = _UNRESOLVED_OF.order_by(
    MOST_PRESSING, Escalation.created_at, Escalation.id
).limit(1)
# What `holder_for` reads, in one query: the specialist, their office and its agency (its
# timezone), instead of a lazy load each.
_WITH_AGENCY = (joinedload(Staff.office).joinedload(Office.agency),)


def raise_escalation(
    session: Session,
    client: Client,
    reason: Reason,
    severity: Severity,
    message: Message | None,
    /,
    *,
    holder: Staff | None = None,
) -> Escalation:
    """Open an escalation for `client` and give it to a holder (`holder` when given and active:
    an event's organiser, else `holder_for`); while one for the same reason is still
    unresolved, add a step to it instead (one need, one escalation). A text to read from a
    client with any need unresolved joins the most pressing one: the person on it reads it
    there."""
    if reason is Reason.ROUTINE_INBOX:
        found = session.scalars(_MOST_PRESSING_OF, {"client_id": client.id}).first()
    else:
        found = session.scalars(_SAME_REASON, {"client_id": client.id, "reason": reason}).first()
    if found is not None:
        record.step(session, found, StepKind.RAISED_AGAIN, message=message)
        record.note(session, found, t.RAISED_AGAIN, message)
        return found
    now = utcnow()
    # Read here with office and agency in one query (none if in the session already), and held
    # by this name: the session keeps objects only while something refers to them.
    specialist = (
        session.get(Staff, client.specialist_id, options=_WITH_AGENCY)
        if client.specialist_id is not None
        else None
    )
    if holder is None or not holder.active:
        holder = holder_for(client, now) if specialist is not None else None
    escalation = Escalation(
        client=client,
        reason=reason,
        severity=severity,
        message_id=message.id if message else None,
        holder=holder,
    )
    session.add(escalation)
    session.flush()  # its number, for the case record
    record.steps(
        session, escalation, (StepKind.RAISED, None, message), (StepKind.ROUTED, holder, None)
    )
    if holder is None:
        record.note(session, escalation, t.RAISED_NOBODY, message)
    else:
        record.note(session, escalation, t.RAISED, message, holder=holder.name)
    timing.on_holder(session, escalation, now, hop=1)  # its one routed step
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


def reassign(session: Session, escalation: Escalation, staff: Staff) -> None:
    """Give the unresolved `escalation` to `staff`, chosen by a person (`hand_over`: they are
    alerted). Refused once resolved, to someone gone, to who holds it already, or to someone who
    may not read the client's record."""
    if escalation.state is EscalationState.RESOLVED:
        raise Refused(t.ALREADY_RESOLVED, id=escalation.id)
    if staff.id not in {s.id for s in candidates(session, escalation)}:
        raise Refused(t.CANNOT_HOLD, id=escalation.id, name=staff.name)
    if escalation.holder_id == staff.id:
        raise Refused(t.HOLDS_ALREADY, id=escalation.id, name=staff.name)
    hand_over(session, escalation, staff)


def candidates(session: Session, escalation: Escalation) -> list[Staff]:
    """Who may hold `escalation`: the active staff able to read its client's record (the
    specialist, the office's supervisors, the administrators), by name."""
    client = escalation.client
    query = (
        select(Staff)
        .where(
            Staff.active,
            or_(
                Staff.role == Role.ADMIN,
                (Staff.role == Role.SUPERVISOR) & (Staff.office_id == client.office_id),
                Staff.id == client.specialist_id,
            ),
        )
        .order_by(Staff.name, Staff.id)
    )
    return list(session.scalars(query))


def holder_changed(
    session: Session, client: Client | None, staff: Staff | None, at: datetime | None = None
) -> int:
    """Move to who should hold them now (`holder_for`) the unresolved escalations of `client`
    (given a new specialist) or those `staff` holds (away today, or gone); return how many
    moved. The core tells this through `botapp.services.alerts.holder_changed`; `at`: the
    clock's time for its daily job (default: now)."""
    now = at or utcnow()
    query = select(Escalation).where(Escalation.state.in_(UNRESOLVED)).order_by(Escalation.id)
    if client is not None:
        # An event's organiser holds its accommodation requests whoever the specialist is.
        query = query.where(
            Escalation.client_id == client.id, Escalation.reason != Reason.ACCOMMODATION
        )
    if staff is not None:
        query = query.where(Escalation.holder_id == staff.id)
    moved = 0
    for escalation in session.scalars(query).all():
        holder = holder_for(escalation.client, now)
        if (holder.id if holder else None) != escalation.holder_id:
            move(session, escalation, holder, now)  # `hand_over` at the clock's time
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


def _readable(staff: Staff | None) -> ColumnElement[bool]:
    """The escalations `staff` may read: their caseload's, their office's or all (as for the
    case record), and those they hold."""
    # The scope as a subquery of client ids, not a join: OR-ed with the holder across a join,
    # PostgreSQL hashed the whole clients table for every Today (bench/web.py); this way a
    # specialist's caseload is read through ix_clients_specialist_id.
    mine: ColumnElement[bool] = Escalation.client_id.in_(
        select(Client.id).where(visible_clients(staff))
    )
    if staff is not None:
        mine = or_(mine, Escalation.holder_id == staff.id)
    return mine


def queue(session: Session, staff: Staff | None, state: EscalationState) -> list[Escalation]:
    """The escalations in `state` that `staff` may read, oldest urgent first."""
    query = (
        select(Escalation)
        .where(Escalation.state == state, _readable(staff))
        .order_by(MOST_PRESSING, Escalation.created_at, Escalation.id)
    )
    return list(session.scalars(query))


def listing(
    session: Session,
    staff: Staff | None,
    states: tuple[EscalationState, ...] = UNRESOLVED,
    *,
    severity: Severity | None = None,
    office_id: int | None = None,
    specialist_id: int | None = None,
    reasons: tuple[Reason, ...] = (),
    limit: int = 200,
) -> list[Escalation]:
    """`queue` for the staff web app's filters: the escalations in `states` that `staff` may
    read, of `severity`, of the clients of `office_id` or of `specialist_id`, for `reasons`
    (all when empty); oldest urgent first, at most `limit`."""
    query = select(Escalation).where(Escalation.state.in_(states), _readable(staff))
    if severity is not None:
        query = query.where(Escalation.severity == severity)
    if office_id is not None:
        query = query.where(
            Escalation.client_id.in_(select(Client.id).where(Client.office_id == office_id))
        )
    if specialist_id is not None:
        query = query.where(
            Escalation.client_id.in_(select(Client.id).where(Client.specialist_id == specialist_id))
        )
    if reasons:
        query = query.where(Escalation.reason.in_(reasons))
    query = query.order_by(MOST_PRESSING, Escalation.created_at, Escalation.id).limit(limit)
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


def relayed(
    session: Session, escalation: Escalation, staff: Staff, sent: Message, entry: Msg = t.RELAYED
) -> None:
    """Record that `staff` texted the client (`sent`: that text, which the case record shows as
    well; `entry`: the case-record line, from their own phone unless said otherwise)."""
    record.step(session, escalation, StepKind.RELAYED, staff=staff, message=sent)
    record.note(session, escalation, entry, sent, name=staff.name)


def staff_text(
    session: Session, client: Client, staff: Staff, text: str, in_reply_to: Message | None = None
) -> Message:
    """Queue `text`, as written, to `client` from the agency number as `staff`'s own words
    (category staff: not held by quiet hours, never sent stale). The caller checks consent."""
    sent = outbox.enqueue(
        session,
        phone=client.phone,
        body=text,
        key=RELAY_KEY,
        category=outbox.STAFF,
        client=client,
        in_reply_to=in_reply_to,
    )
    sent.sent_by_id = staff.id
    return sent


def answered(
    session: Session, escalation: Escalation, staff: Staff, sent: Message, entry: Msg = t.RELAYED
) -> bool:
    """`staff` answered the client of the unresolved `escalation` with `sent`: they take it in
    hand if nobody had (True then), and the answer joins its history."""
    taken = escalation.state is EscalationState.OPEN  # held by someone else: still answered
    if taken:
        acknowledge(session, escalation, staff)
    relayed(session, escalation, staff, sent, entry)
    return taken


def unresolved_of(session: Session, client: Client) -> list[Escalation]:
    """The client's open and acknowledged escalations, oldest first."""
    query = _UNRESOLVED_OF.order_by(Escalation.id)
    return list(session.scalars(query, {"client_id": client.id}))
