"""The daily digest: one email to each staff member holding unresolved escalations, in their
language, listing them oldest urgent first (routine ones have no other reminder). First, what
staff away today (time away that began since it was set) or gone still hold goes to who
stands in, so no digest goes to someone away."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.delivery import email
from botapp.escalations import messages as t
from botapp.escalations import notify, service
from botapp.messages import render
from botapp.models import Escalation, Staff
from botapp.services.staff import is_away


def send_digests(session: Session, settings: Settings, now: datetime) -> int:
    """Hand over what staff away today or gone hold, then queue today's digest for every active
    staff member at work today who holds an unresolved escalation (once per person and local
    day); returns 0, as it starts no text."""
    for staff in _absent_holders(session, now):
        service.holder_changed(session, None, staff, now)
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
        if not is_away(staff, _today(staff, now)):  # nobody stood in: it waits for them
            _digest(session, staff, escalations, now)
    return 0


def _today(staff: Staff, now: datetime) -> date:
    """`now`'s date where `staff` works (the agency's timezone)."""
    return now.astimezone(ZoneInfo(staff.office.agency.timezone)).date()


def _absent_holders(session: Session, now: datetime) -> list[Staff]:
    """The staff holding an unresolved escalation who are away today or deactivated: time away
    that begins on a later day moves nothing when it is set, so the daily job moves it."""
    holding = select(Escalation.holder_id).where(Escalation.state.in_(service.UNRESOLVED))
    holders = session.scalars(select(Staff).where(Staff.id.in_(holding)).order_by(Staff.id))
    return [s for s in holders if not s.active or is_away(s, _today(s, now))]


def _digest(session: Session, staff: Staff, escalations: list[Escalation], now: datetime) -> None:
    """One staff member's digest email, keyed by their local date."""
    locale = staff.locale
    day = _today(staff, now)
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
