"""What a client's plan holds, for reading: appointments, IPE goals with their steps, job
placements (the features write them: botapp/appointments, goals, placements)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from botapp.models import Appointment, Client, Goal, Placement


def appointments(session: Session, client: Client) -> list[Appointment]:
    """The client's appointments, the latest first."""
    query = (
        select(Appointment)
        .where(Appointment.client_id == client.id)
        .order_by(Appointment.starts_at.desc(), Appointment.id.desc())
    )
    return list(session.scalars(query))


def goals(session: Session, client: Client) -> list[Goal]:
    """The client's IPE goals, oldest first, each with its steps loaded."""
    query = (
        select(Goal)
        .where(Goal.client_id == client.id)
        .options(selectinload(Goal.steps))
        .order_by(Goal.id)
    )
    return list(session.scalars(query))


def placements(session: Session, client: Client) -> list[Placement]:
    """The client's job placements, the latest start first."""
    query = (
        select(Placement)
        .where(Placement.client_id == client.id)
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    )
    return list(session.scalars(query))
