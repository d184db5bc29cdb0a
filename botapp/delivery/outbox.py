"""Putting a text in the outbox: one row, written in the caller's transaction, sent later.

Nothing is sent from a web request or a scheduled job: they add a row here, in the same
transaction as the change that caused it, and a dispatcher sends it after commit. See
docs/decisions/0004-outbox.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.db import utcnow
from botapp.delivery.program import program_of
from botapp.delivery.quiet_hours import DEFAULT, QuietHours, next_allowed
from botapp.encoding import analyze
from botapp.messages import Msg, render
from botapp.models import Agency, Client, Direction, Message, MessageStatus, Office


@dataclass(frozen=True)
class Category:
    """A kind of outbound text: its place in the queue, and whether quiet hours apply."""

    name: str
    priority: int  # lower goes first
    quiet_exempt: bool
    valid_for: timedelta  # not sent by then: reported as expired, never sent stale
    # Sent even if the client opts out before it goes: the one confirmation of an opt-out,
    # and the crisis resources answering a text they sent while subscribed (decision 23).
    consent_exempt: bool = False


REPLY = Category("reply", 0, quiet_exempt=True, valid_for=timedelta(hours=1))
OPT_OUT_CONFIRMATION = Category(
    "consent", 0, quiet_exempt=True, valid_for=timedelta(hours=1), consent_exempt=True
)
# Ahead of everything, even of its own phone's earlier texts (delivery.claims, decision 23).
CRISIS = Category(
    "crisis", -10, quiet_exempt=True, valid_for=timedelta(hours=1), consent_exempt=True
)
# A staff member's own words to a client, written now from their phone ("@42 …"): beside the
# replies, not held for quiet hours, never sent stale (docs/decisions/0026-staff-texts.md).
STAFF = Category("staff", 0, quiet_exempt=True, valid_for=timedelta(hours=1))
# To a staff phone, never a client's: the escalations feature times it by the holder's working
# hours (urgent at once), so a client's quiet hours do not apply (decision 24).
ALERT = Category("alert", 10, quiet_exempt=True, valid_for=timedelta(days=1))
# An urgent escalation's alerts (the holder, the supervisor hop, the on-call number): right
# after the crisis lines, before any reply backlog; a person must call now (decision 24).
ALERT_URGENT = Category("alert_urgent", -5, quiet_exempt=True, valid_for=timedelta(days=1))
REMINDER = Category("reminder", 20, quiet_exempt=False, valid_for=timedelta(days=1))
CHECK_IN = Category("check_in", 20, quiet_exempt=False, valid_for=timedelta(days=2))
BROADCAST = Category("broadcast", 50, quiet_exempt=False, valid_for=timedelta(days=2))
CATEGORIES = {
    c.name: c
    for c in (
        REPLY,
        OPT_OUT_CONFIRMATION,
        CRISIS,
        STAFF,
        ALERT_URGENT,
        ALERT,
        REMINDER,
        CHECK_IN,
        BROADCAST,
    )
}
STAFF_ALERTS = (ALERT.name, ALERT_URGENT.name)  # to staff phones, never a client's


def quiet_hours_for(session: Session, client: Client | None) -> QuietHours:
    """The quiet hours of the client's agency (the default for unknown senders)."""
    if client is None:
        return DEFAULT
    agency = session.scalars(
        select(Agency)
        .join(Office, Office.agency_id == Agency.id)
        .where(Office.id == client.office_id)
    ).one()
    return QuietHours(agency.quiet_start, agency.quiet_end)


def enqueue(
    session: Session,
    *,
    phone: str,
    body: str,
    key: str,
    category: Category,
    client: Client | None = None,
    due: datetime | None = None,
    in_reply_to: Message | None = None,
    idempotency_key: str | None = None,
    timezone: str | None = None,
) -> Message:
    """Add an outbound text to the outbox (once per idempotency key) and return its row."""
    if idempotency_key is not None:
        existing = session.scalars(
            select(Message).where(Message.idempotency_key == idempotency_key)
        ).one_or_none()
        if existing is not None:
            return existing
    send_at = due or utcnow()
    if not category.quiet_exempt:
        tz = timezone or (client.timezone if client else "UTC")
        send_at = next_allowed(send_at, tz, quiet_hours_for(session, client))
    cost = analyze(body)
    row = Message(
        client_id=client.id if client else None,
        direction=Direction.OUTBOUND,
        phone=phone,
        body=body,
        status=MessageStatus.PENDING,
        encoding=cost.encoding,
        segments=cost.segments,
        message_key=key,
        in_reply_to_id=in_reply_to.id if in_reply_to else None,
        category=category.name,
        priority=category.priority,
        not_before=send_at,
        expires_at=send_at + category.valid_for,
        idempotency_key=idempotency_key,
    )
    session.add(row)
    session.flush()
    return row


def queue_text(
    session: Session,
    settings: Settings,
    msg: Msg,
    params: Mapping[str, Any],
    *,
    phone: str,
    client: Client | None,
    category: Category,
    in_reply_to: Message | None = None,
    idempotency_key: str | None = None,
    within: Msg | None = None,
    locale: str | None = None,
) -> Message:
    """Queue the catalog text `msg` in the client's language (the default one for a stranger,
    `locale` when given: a staff member's own).

    `params` fill its placeholders, `{program}` too unless they name it (the client's
    agency's program, `botapp.delivery.program`). `within` is a text
    that holds this one as its `{question}` ("Sorry, we did not understand. {question}").
    """
    if locale is None:
        locale = client.language if client is not None else settings.default_locale
    if "program" not in params:
        params = {"program": program_of(session, settings, client).name, **params}
    body = render(msg, locale, **params)
    if within is not None:
        body = render(within, locale, question=body)
    return enqueue(
        session,
        phone=phone,
        body=body,
        key=msg.key,
        category=category,
        client=client,
        in_reply_to=in_reply_to,
        idempotency_key=idempotency_key,
    )
