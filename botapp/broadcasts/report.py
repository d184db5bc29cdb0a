"""A broadcast's live figures, in all and per language, and who is coming (the front desk's
list): read from its recipients' outbox rows, their answers and the consent trail.

Figures are counts, never a recipient; the coming list names clients, so reading it is a read
of client information (the caller audits it). It carries no phone numbers: the front desk
checks people in by name and case, and needs no way to reach them (minimum necessary).
"""

from __future__ import annotations

import csv
import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from botapp.broadcasts.sending import CANCELLED_DETAIL
from botapp.db import inline
from botapp.delivery.errors import rule_for
from botapp.messages import render
from botapp.messages import web as client_page
from botapp.models import (
    Agency,
    Broadcast,
    BroadcastRecipient,
    Client,
    ConsentEvent,
    ConsentKind,
    Message,
    MessageStatus,
    Rsvp,
    Staff,
)
from botapp.models.broadcast import BROADCAST_SCOPE
from botapp.models.consent import ALL_SCOPES
from botapp.services.export import spreadsheet_safe

S = MessageStatus


class Outcome(enum.StrEnum):
    """Where a recipient's text stands, as staff follow a broadcast."""

    QUEUED = "queued"  # in the outbox, or in a dispatcher's hands
    SENT = "sent"  # Twilio has it; no delivery report yet
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"  # stopped by cancelling the broadcast
    OPTED_OUT = "opted_out"  # not sent: the client opted out before it went
    EXPIRED = "expired"  # not sent within its validity window


_OUTCOMES = {
    S.PENDING: Outcome.QUEUED,
    S.CLAIMED: Outcome.QUEUED,
    S.DELIVERED: Outcome.DELIVERED,
    S.READ: Outcome.DELIVERED,
    S.FAILED: Outcome.FAILED,
    S.UNDELIVERED: Outcome.FAILED,
    S.EXPIRED: Outcome.EXPIRED,
}
FAILED = (S.FAILED, S.UNDELIVERED)
COMING = (Rsvp.YES, Rsvp.ACCOMMODATION)
COMING_COLUMNS = (
    "case_id",
    "first_name",
    "last_name",
    "language",
    "rsvp",
    "accommodation",
    "specialist",
    "answered_at",
)


def outcome_of(status: MessageStatus, reason: str | None) -> Outcome:
    """The outcome a text's status (and, for a canceled one, its reason) stands for."""
    if status is S.CANCELED:
        return Outcome.CANCELLED if reason == CANCELLED_DETAIL else Outcome.OPTED_OUT
    return _OUTCOMES.get(status, Outcome.SENT)


@dataclass
class Figures:
    """Recipients, where their texts stand, and their answers."""

    recipients: int = 0
    outcomes: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    rsvps: dict[Rsvp, int] = field(default_factory=lambda: dict.fromkeys(Rsvp, 0))

    def add(self, outcome: Outcome, rsvp: Rsvp | None, count: int) -> None:
        self.recipients += count
        self.outcomes[outcome] += count
        if rsvp is not None:
            self.rsvps[rsvp] += count


@dataclass
class Report:
    """A broadcast's figures now."""

    total: Figures
    by_language: dict[str, Figures]  # the language of the text sent
    failures: list[tuple[str | None, str | None, int]]  # (Twilio code, reason, how many)
    opted_out_since: int  # recipients who opted out of all texts or of notices since it began


def figures(session: Session, broadcast: Broadcast) -> Report:
    """Count the broadcast's recipients by language, outcome and answer (three reads)."""
    mine = BroadcastRecipient.broadcast_id == broadcast.id
    texts = Message.id == BroadcastRecipient.message_id
    # Written into the SQL, so that the SELECT and the GROUP BY hold the same expression.
    stopped_by_cancel = Message.failure_reason == inline(CANCELLED_DETAIL)
    grouped = (BroadcastRecipient.language, Message.status, stopped_by_cancel)
    rows = session.execute(
        select(*grouped, BroadcastRecipient.rsvp, func.count())
        .join(Message, texts)
        .where(mine)
        .group_by(*grouped, BroadcastRecipient.rsvp)
    )
    total, by_language = Figures(), dict[str, Figures]()
    for language, status, stopped, rsvp, count in rows:
        outcome = outcome_of(status, CANCELLED_DETAIL if stopped else None)
        total.add(outcome, rsvp, count)
        by_language.setdefault(language, Figures()).add(outcome, rsvp, count)
    failures = session.execute(
        select(Message.error_code, Message.failure_reason, func.count())
        .join(BroadcastRecipient, texts)
        .where(mine, Message.status.in_(FAILED))
        .group_by(Message.error_code, Message.failure_reason)
        .order_by(func.count().desc(), Message.error_code)
    ).all()
    opted_out = 0
    if broadcast.started_at is not None:
        opted_out = (
            session.scalar(
                select(func.count(ConsentEvent.phone.distinct())).where(
                    ConsentEvent.phone.in_(
                        select(Message.phone).join(BroadcastRecipient, texts).where(mine)
                    ),
                    ConsentEvent.kind == ConsentKind.OPT_OUT,
                    ConsentEvent.scope.in_([ALL_SCOPES, BROADCAST_SCOPE]),
                    ConsentEvent.created_at >= broadcast.started_at,
                )
            )
            or 0
        )
    reasons = [(code, reason, count) for code, reason, count in failures]
    return Report(total, dict(sorted(by_language.items())), reasons, opted_out)


def failure_words(code: str | None, reason: str | None, locale: str) -> str:
    """Why texts failed, as the client's page words it: Twilio's known codes in the reader's
    language, else the delivery rules' reason."""
    if code in client_page.FAILURES:
        return render(client_page.FAILURES[code], locale)
    if not reason:
        reason = rule_for(int(code) if code and code.isdigit() else None, 400).reason
    return f"{reason} ({code})" if code else reason


def coming(session: Session, broadcast: Broadcast) -> list[dict[str, str]]:
    """Who said they are coming (and what they need), by last name: the front desk's list."""
    zone = broadcast.event_timezone or session.scalar(
        select(Agency.timezone).where(Agency.id == broadcast.agency_id)
    )
    rows = session.execute(
        select(Client, BroadcastRecipient, Staff.name)
        .join(BroadcastRecipient.client)
        .outerjoin(Staff, Staff.id == Client.specialist_id)
        .where(BroadcastRecipient.broadcast_id == broadcast.id)
        .where(BroadcastRecipient.rsvp.in_(COMING))
        .order_by(Client.last_name, Client.first_name, Client.id)
    ).all()
    return [
        {
            "case_id": client.external_id,
            "first_name": client.first_name,
            "last_name": client.last_name,
            "language": client.language,
            "rsvp": recipient.rsvp.value if recipient.rsvp else "",
            "accommodation": recipient.accommodation or "",
            "specialist": specialist or "",
            "answered_at": _local(recipient.rsvp_at, zone or "UTC"),
        }
        for client, recipient, specialist in rows
    ]


def _local(at: datetime | None, zone: str) -> str:
    return at.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if at else ""


def write_coming(rows: list[dict[str, str]], out: TextIO) -> None:
    """The coming list as CSV with a header row; no cell can run as a spreadsheet formula."""
    writer = csv.DictWriter(out, fieldnames=COMING_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
