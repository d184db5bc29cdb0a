"""The daily digest: one email to each staff member holding unresolved escalations, in their
language, listing them oldest urgent first (routine ones have no other reminder)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import email
from botapp.escalations import messages as t
from botapp.escalations import notify, service
from botapp.messages import render
from botapp.models import Escalation, Staff


def send_digests(session: Session, settings: Settings, now: datetime) -> int:
    """Queue today's digest for every active staff member who holds an unresolved escalation
    (once per person and local day); returns 0, as it starts no text."""
    held = (
        select(Escalation)
        .join(Staff, Escalation.holder_id == Staff.id)
        .where(Escalation.state.in_(service.UNRESOLVED), Staff.active)
        .order_by(Staff.id, service.MOST_PRESSING, Escalation.created_at, Escalation.id)
    )
    by_holder: dict[Staff, list[Escalation]] = {}
    for escalation in session.scalars(held):
        assert escalation.holder is not None  # joined on it
        by_holder.setdefault(escalation.holder, []).append(escalation)
    for staff, escalations in by_holder.items():
        _digest(session, staff, escalations, now)
    return 0


def _digest(session: Session, staff: Staff, escalations: list[Escalation], now: datetime) -> None:
    """One staff member's digest email, keyed by their local date."""
    locale = staff.locale
    day = now.astimezone(ZoneInfo(staff.office.agency.timezone)).date()
    rows = [render(t.DIGEST_ROW, locale, **notify.about(e, locale, now)) for e in escalations]
    body = "\n\n".join(
        [
            render(t.DIGEST_INTRO, locale, name=staff.name),
            "\n".join(rows),
            render(t.DIGEST_END, locale),
        ]
    )
    subject = render(t.DIGEST_SUBJECT, locale, count=len(escalations))
    email.enqueue(session, staff.email, subject, body, f"escalation:digest:{staff.id}:{day}")
