"""What Today reads beyond the escalations queue: today's and tomorrow's appointments, the
clients with no two-way exchange in 30 days (the monthly contact check's rule), and the
specialists a supervisor may narrow it to. Every query keeps to the reader's scope."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.contact.flow import quiet_since
from botapp.messages import Msg, render
from botapp.messages import queues as q
from botapp.models import Appointment, AppointmentStatus, Client, Reason, Role, Staff
from botapp.services.access import visible_clients

# Clients who wrote and wait for a person; numbers that could not be reached.
WAITING = (Reason.ROUTINE_INBOX, Reason.NEEDS_HELP, Reason.RESCHEDULE)
UNREACHABLE = (Reason.UNREACHABLE, Reason.DELIVERY_FAILED)
LIMIT = 50  # lines in a section: the rest is on the Escalations and Clients pages
_CONFIRMATION: dict[AppointmentStatus, Msg] = {
    AppointmentStatus.SCHEDULED: q.APPOINTMENT_SCHEDULED,
    AppointmentStatus.CONFIRMED: q.APPOINTMENT_CONFIRMED,
    AppointmentStatus.RESCHEDULE_REQUESTED: q.APPOINTMENT_RESCHEDULE,
}


@dataclass(frozen=True)
class AppointmentLine:
    """An appointment as a line of Today: whose, when (the client's time), confirmed or not."""

    client_id: int
    client: str
    when: str
    confirmation: str
    confirmed: bool


def _scope(staff: Staff, specialist_id: int | None) -> list[object]:
    where: list[object] = [visible_clients(staff)]
    if specialist_id is not None:
        where.append(Client.specialist_id == specialist_id)
    return where


def appointments(
    session: Session, staff: Staff, specialist_id: int | None, now: datetime
) -> list[Appointment]:
    """The appointments of today and tomorrow (the agency's days) still to happen, in scope."""
    zone = ZoneInfo(staff.office.agency.timezone)
    start = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    query = (
        select(Appointment)
        .join(Client, Appointment.client_id == Client.id)
        .where(
            *_scope(staff, specialist_id),  # type: ignore[arg-type]
            Appointment.starts_at >= start,
            Appointment.starts_at < start + timedelta(days=2),
            Appointment.status.in_(tuple(_CONFIRMATION)),
        )
        .order_by(Appointment.starts_at, Appointment.id)
        .limit(LIMIT)
    )
    return list(session.scalars(query))


def appointment_line(appointment: Appointment, locale: str) -> AppointmentLine:
    """`appointment` in the reader's language, at the client's time."""
    client = appointment.client
    return AppointmentLine(
        client_id=client.id,
        client=f"{client.first_name} {client.last_name[:1]}.",
        when=format_datetime(
            appointment.starts_at, "short", tzinfo=ZoneInfo(appointment.timezone), locale=locale
        ),
        confirmation=render(_CONFIRMATION[appointment.status], locale),
        confirmed=appointment.status is AppointmentStatus.CONFIRMED,
    )


def quiet(session: Session, staff: Staff, specialist_id: int | None, now: datetime) -> list[Client]:
    """Clients in scope with no two-way exchange in 30 days (`botapp.contact`'s rule)."""
    query = (
        select(Client)
        .where(*_scope(staff, specialist_id), *quiet_since(now))  # type: ignore[arg-type]
        .order_by(Client.last_name, Client.first_name, Client.id)
        .limit(LIMIT)
    )
    return list(session.scalars(query))


def specialists_in_scope(session: Session, staff: Staff) -> list[Staff]:
    """The specialists whose clients `staff` may narrow a page to: their office's, or all."""
    query = select(Staff).where(Staff.role == Role.SPECIALIST).order_by(Staff.name, Staff.id)
    if staff.role is Role.SPECIALIST:
        query = query.where(Staff.id == staff.id)
    elif staff.role is Role.SUPERVISOR:
        query = query.where(Staff.office_id == staff.office_id)
    return list(session.scalars(query))


def specialist_choices(session: Session, staff: Staff) -> list[tuple[str, str]]:
    """A list page's specialist filter as (id, name) choices; none for a specialist."""
    if staff.role is Role.SPECIALIST:
        return []
    return [(str(one.id), one.name) for one in specialists_in_scope(session, staff)]
