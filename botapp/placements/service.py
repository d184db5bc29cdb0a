"""Job placements through the 90 days that close a VR case as employed (34 CFR 361.56).

The 90 days count from a placement's clock start: the first day of work, or the day of the
last service authorised since (one state's rule, which restarts the clock). Follow-up timing
lives in botapp.placements.timing; this module keeps the record.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.messages import Msg
from botapp.models import Client, Placement, PlacementStatus
from botapp.placements import messages as notes
from botapp.placements import messages as t
from botapp.services import case_record
from botapp.services.csvfiles import Notice

RETENTION_DAY = 90


class CannotChange(Exception):
    """A change that makes no sense for this placement (it ended…); nothing was changed."""

    def __init__(self, msg: Msg, **params: Any) -> None:
        super().__init__(msg.key)
        self.notice = Notice(msg, params)


def client_of(session: Session, placement: Placement) -> Client:
    """The client who holds `placement`."""
    return session.get_one(Client, placement.client_id)


def by_external_id(session: Session, external_id: str) -> Placement:
    """The placement staff name by its external_id, or CannotChange."""
    placement = session.scalars(
        select(Placement).where(Placement.external_id == external_id)
    ).one_or_none()
    if placement is None:
        raise CannotChange(t.NOT_FOUND, external_id=external_id)
    return placement


def active_placements(session: Session, client: Client) -> list[Placement]:
    """The client's placements still inside their 90 days, oldest first."""
    return list(
        session.scalars(
            select(Placement)
            .where(Placement.client_id == client.id, Placement.status == PlacementStatus.ACTIVE)
            .order_by(Placement.id)
        )
    )


def usable_employer_contact(placement: Placement) -> str | None:
    """The employer contact, only when the client allowed us to contact the employer."""
    return placement.employer_contact if placement.may_contact_employer else None


def retention_date(placement: Placement) -> date:
    """The day the placement reaches 90 days, counted from its clock start."""
    return placement.clock_start + timedelta(days=RETENTION_DAY)


def check_active(placement: Placement) -> None:
    """CannotChange unless `placement` is still inside its 90 days."""
    if placement.status is not PlacementStatus.ACTIVE:
        raise CannotChange(t.NOT_ACTIVE, external_id=placement.external_id)


def record_retention(session: Session, placement: Placement) -> None:
    """Mark 90 days in the job reached, with the case note that lets the case close."""
    placement.status = PlacementStatus.RETAINED
    case_record.note(
        session,
        client_of(session, placement),
        notes.RETAINED,
        employer=placement.employer,
        date=case_record.calendar_day(placement.clock_start),
    )


def mark_ended(placement: Placement, on: date, reason: str) -> None:
    """Record that the job ended on `on`, and why (the column holds 200 characters)."""
    check_active(placement)
    placement.status = PlacementStatus.ENDED
    placement.ended_on = on
    placement.end_reason = reason[:200]
