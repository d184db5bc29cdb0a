"""Telling a person: the SMS to the holder's staff phone and the email to their address, in
their language, and the on-call SMS and email when nobody on staff acknowledged in time.

An alert says the minimum: the client's first name and last initial, the escalation's number,
the reason, the severity and how to answer; never the client's words, phone or diagnosis.
Each goes through its outbox with an idempotency key naming the escalation and the hop, so a
job run again alerts nobody twice (docs/decisions/0024-escalations.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from babel.dates import format_timedelta
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, object_session

from botapp.config import Settings
from botapp.delivery import email, outbox
from botapp.encoding import to_gsm7
from botapp.escalations import messages as t
from botapp.escalations import record
from botapp.messages import Msg, render
from botapp.models import (
    Broadcast,
    BroadcastRecipient,
    Email,
    Escalation,
    EscalationStep,
    Reason,
    Severity,
    Staff,
    StepKind,
)
from botapp.services import consent
from botapp.services.agency import ack_minutes


def alert_key(escalation: Escalation, hop: int) -> str:
    """The idempotency key of the alerts of hop `hop` (1: the first holder, then one a move)."""
    return f"escalation:{escalation.id}:alert:{hop}"


def on_call_key(escalation: Escalation) -> str:
    """The idempotency key of the on-call alerts: once per escalation."""
    return f"escalation:{escalation.id}:on-call"


def client_name(escalation: Escalation) -> str:
    """The client as alerts name them: first name and last initial ("Alex J.")."""
    client = escalation.client
    initial = client.last_name.strip()[:1]
    return f"{client.first_name} {initial}." if initial else client.first_name


def must_call(session: Session, escalation: Escalation) -> bool:
    """Whether the alert must say no text reached the client: a crisis of an opted-out client."""
    return escalation.reason is Reason.CRISIS and consent.is_opted_out(
        session, escalation.client.phone
    )


def reason_words(escalation: Escalation, locale: str) -> str:
    """The reason in `locale`; an accommodation request names its event (staff words, never the
    client's): the broadcast whose RSVP raised it."""
    reason = render(t.REASONS[escalation.reason], locale)
    session = object_session(escalation)
    if escalation.reason is not Reason.ACCOMMODATION or session is None:
        return reason
    event = session.scalar(_EVENT_OF, {"message_id": escalation.message_id})
    return render(t.REASON_FOR_EVENT, locale, reason=reason, event=event) if event else reason


# The event an accommodation request is for: the broadcast answered by the text that raised it.
_EVENT_OF = (
    select(func.coalesce(Broadcast.event_name, Broadcast.name))
    .join(BroadcastRecipient, BroadcastRecipient.broadcast_id == Broadcast.id)
    .where(BroadcastRecipient.rsvp_message_id == bindparam("message_id"))
    .limit(1)
)


def about(escalation: Escalation, locale: str, at: datetime) -> dict[str, Any]:
    """What every alert and digest line fills in, in `locale`."""
    return {
        "id": escalation.id,
        "client": client_name(escalation),
        "reason": reason_words(escalation, locale),
        "severity": render(t.SEVERITIES[escalation.severity], locale),
        "state": render(t.STATES[escalation.state], locale),
        "age": format_timedelta(at - escalation.created_at, locale=locale),
        "office": escalation.client.office.name,
    }


def sms_category(escalation: Escalation) -> outbox.Category:
    """The outbox category of the escalation's alert SMS: an urgent one goes right after the
    crisis lines, ahead of replies; the others in the `alert` place."""
    return outbox.ALERT_URGENT if escalation.severity is Severity.URGENT else outbox.ALERT


def _sent(session: Session, key: str) -> bool:
    """Whether the alert with `key` was queued already (every alert has its email)."""
    return session.scalar(select(Email.id).where(Email.idempotency_key == key)) is not None


def alert_holder(session: Session, escalation: Escalation, hop: int, at: datetime) -> bool:
    """Queue the SMS and the email telling the holder they hold `escalation` (hop `hop`), with
    an alerted step; False when nobody holds it or hop `hop` was alerted already."""
    staff = escalation.holder
    key = alert_key(escalation, hop)
    if staff is None or _sent(session, key):
        return False
    call = must_call(session, escalation)
    params = {**about(escalation, staff.locale, at), "email": staff.email}
    if staff.phone:  # none: email only
        msg = t.ALERT_SMS_CALL if call else t.ALERT_SMS
        _text(session, staff.phone, msg, staff, params, key, sms_category(escalation))
    body = render(t.ALERT_BODY, staff.locale, **params)
    if call:
        body = render(t.ALERT_BODY_CALL, staff.locale) + "\n\n" + body
    email.enqueue(session, staff.email, render(t.ALERT_SUBJECT, staff.locale, **params), body, key)
    record.step(session, escalation, StepKind.ALERTED, staff=staff)
    return True


def _text(
    session: Session,
    phone: str,
    msg: Msg,
    staff: Staff,
    params: dict[str, Any],
    key: str,
    category: outbox.Category,
) -> None:
    """One alert SMS in the staff member's language, kept to GSM-7 (a name's accent must not
    double its segments)."""
    outbox.enqueue(
        session,
        phone=phone,
        body=to_gsm7(render(msg, staff.locale, **params)),
        key=msg.key,
        category=category,
        idempotency_key=key,
    )


def alert_on_call(
    session: Session, settings: Settings, escalation: Escalation, at: datetime
) -> bool:
    """Alert the agency's on-call number and alert email (in the default language) that nobody
    on staff acknowledged `escalation`, with an on-call step and a case-record line; with
    neither set, the case record says nobody more could be reached. False when nobody was."""
    agency = escalation.client.office.agency
    key = on_call_key(escalation)
    if not (agency.on_call_phone or agency.alert_email):
        record.note(session, escalation, t.NOTE_NOBODY_MORE, None)
        return False
    done = select(EscalationStep.id).where(
        EscalationStep.escalation_id == escalation.id, EscalationStep.kind == StepKind.ON_CALL
    )
    if session.scalar(done) is not None:
        return False
    locale = settings.default_locale
    params = {**about(escalation, locale, at), "minutes": ack_minutes(agency, settings)}
    if agency.on_call_phone:
        outbox.enqueue(
            session,
            phone=agency.on_call_phone,
            body=to_gsm7(render(t.ON_CALL_SMS, locale, **params)),
            key=t.ON_CALL_SMS.key,
            category=sms_category(escalation),
            idempotency_key=key,
        )
    if agency.alert_email:
        body = render(t.ON_CALL_BODY, locale, **params)
        if must_call(session, escalation):
            body = render(t.ALERT_BODY_CALL, locale) + "\n\n" + body
        subject = render(t.ALERT_SUBJECT, locale, **params)
        email.enqueue(session, agency.alert_email, subject, body, key)
    record.step(session, escalation, StepKind.ON_CALL)
    record.note(session, escalation, t.NOTE_ON_CALL, None)
    return True
