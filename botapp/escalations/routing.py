"""What the clock does with an escalation's items (`timing.py` plans them): alert the holder
at their time, and pass on what nobody acknowledged. Each handler reads the escalation again:
resolved, acknowledged or moved on since, the item does nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.escalations import messages as t
from botapp.escalations import notify, service, timing
from botapp.escalations.timing import Next
from botapp.models import Escalation, EscalationState, ScheduledItem, Severity, Staff
from botapp.services.agency import ack_minutes
from botapp.services.csvfiles import Notice
from botapp.services.staff import end_of_working_day, is_away, stand_in


def _current(session: Session, item: ScheduledItem) -> Escalation | None:
    """The item's escalation while unresolved and still with the hop the item was planned for."""
    escalation = session.get(Escalation, item.subject_id)
    if escalation is None or escalation.state is EscalationState.RESOLVED:
        return None
    if timing.hop_of(session, escalation) != item.params.get("hop"):
        return None  # moved since: the new holder's items carry it on
    return escalation


def _gone(staff: Staff, at: datetime) -> bool:
    """Whether `staff` cannot take an alert on the day of `at`: deactivated or away."""
    return not staff.active or is_away(
        staff, at.astimezone(ZoneInfo(staff.office.agency.timezone)).date()
    )


def alert(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Alert the holder now (their stand-in, if they have gone away meanwhile) unless someone
    acknowledged it since the item was planned, and plan the hop after it."""
    escalation = _current(session, item)
    if escalation is None:
        return
    acknowledged = escalation.acknowledged_at
    if acknowledged is not None and acknowledged >= datetime.fromisoformat(item.params["planned"]):
        return
    fallback = bool(item.params.get("fallback"))
    holder = escalation.holder
    if holder is not None and _gone(holder, now):
        day = now.astimezone(ZoneInfo(holder.office.agency.timezone)).date()
        instead = stand_in(holder, day) or service.holder_for(escalation.client, now)
        if instead is None or instead.id != holder.id:
            service.move(session, escalation, instead, now, fallback=fallback)
            return
    hop = int(item.params["hop"])
    notify.alert_holder(session, escalation, hop, now)
    if escalation.state is not EscalationState.OPEN or holder is None:
        return
    if escalation.severity is Severity.URGENT:
        window = ack_minutes(escalation.client.office.agency, settings)
        due = item.due_at + timedelta(minutes=window)
        after = Next.ON_CALL if fallback else Next.SUPERVISOR
        timing.plan(session, escalation, timing.FALLBACK, due, hop, next=after)
    elif escalation.severity is Severity.TODAY and not fallback:
        due = end_of_working_day(holder, item.due_at)
        timing.plan(session, escalation, timing.FALLBACK, due, hop, next=Next.SUPERVISOR)


def fallback(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Nobody acknowledged in time: give it to the holder's supervisor, or (urgent, with no
    supervisor or after them) alert the agency's on-call number."""
    escalation = _current(session, item)
    if escalation is None or escalation.state is not EscalationState.OPEN:
        return
    holder = escalation.holder
    if item.params.get("next") == Next.SUPERVISOR.value and holder is not None:
        supervisor = holder.supervisor
        if supervisor is not None and supervisor.active and supervisor.id != holder.id:
            service.move(session, escalation, supervisor, now, fallback=True)
            return
    if escalation.severity is Severity.URGENT:
        notify.alert_on_call(session, settings, escalation, now)


def describe(session: Session, item: ScheduledItem) -> Notice:
    """What the item will do, as `botapp schedule` says it."""
    if session.get(Escalation, item.subject_id) is None:
        return Notice(t.ITEM_GONE, {"id": item.subject_id})
    msg = t.ITEM_ALERT if item.kind == timing.ALERT else t.ITEM_FALLBACK
    return Notice(msg, {"id": item.subject_id})
