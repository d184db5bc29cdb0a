"""Appointments: adding, cancelling and moving them (the import, the flows and staff call these).

Timing lives in timing.py (reminders `DEFAULT_OFFSETS` before the start, re-timed
or withdrawn whenever the appointment changes), wording in texts.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.appointments.texts import local_when, record, tell
from botapp.appointments.timing import (
    DEFAULT_OFFSETS,
    REMINDER,
    schedule_reminders,
    withdraw,
)
from botapp.config import Settings
from botapp.models import Appointment, AppointmentStatus, Client, ItemStatus, Message, ScheduledItem
from botapp.services import case_record

KINDS = ("specialist", "interview", "job_fair", "benefits_orientation", "other")


@dataclass(frozen=True)
class AppointmentFields:
    """An appointment as an import row (or, later, the API) gives it, already checked."""

    external_id: str | None
    kind: str
    starts_at: datetime
    timezone: str
    place: str
    check_attendance: bool = True


def _reminded(session: Session, appointment: Appointment) -> bool:
    """Whether the client has had a reminder of it, so knows of it and must hear of changes."""
    found = session.scalars(
        select(ScheduledItem.id).where(
            ScheduledItem.kind == REMINDER,
            ScheduledItem.subject_id == appointment.id,
            ScheduledItem.status == ItemStatus.DONE,
        )
    ).first()
    return found is not None


def add_appointment(
    session: Session,
    client: Client,
    fields: AppointmentFields,
    now: datetime,
    offsets: Sequence[timedelta] = DEFAULT_OFFSETS,
) -> Appointment:
    """Create the appointment, note it in the record and plan its reminders."""
    appointment = Appointment(
        client_id=client.id,
        client=client,
        external_id=fields.external_id,
        kind=fields.kind,
        starts_at=fields.starts_at.astimezone(UTC),
        timezone=fields.timezone,
        place=fields.place,
        check_attendance=fields.check_attendance,
        status=AppointmentStatus.SCHEDULED,
    )
    session.add(appointment)
    session.flush()
    case_record.note(session, client, texts.NOTE_ADDED, **record(appointment))
    schedule_reminders(session, appointment, offsets, now=now)
    return appointment


def cancel_appointment(
    session: Session,
    settings: Settings,
    appointment: Appointment,
    *,
    by_client: Message | None = None,
) -> None:
    """Cancel it and withdraw its reminders; the client's own text (`by_client`) alerts staff,
    while a cancellation by staff is texted to a client who had been reminded of it."""
    if appointment.status is AppointmentStatus.CANCELLED:
        return
    appointment.status = AppointmentStatus.CANCELLED
    withdraw(session, appointment)
    if by_client is not None:
        entry, alert = texts.NOTE_CANCELLED_BY_CLIENT, True
    else:
        entry, alert = texts.NOTE_CANCELLED, False
        if _reminded(session, appointment):
            tell(session, settings, appointment, texts.CANCELLED_BY_STAFF)
    case_record.note(
        session, appointment.client, entry, message=by_client, alert=alert, **record(appointment)
    )


def move_appointment(
    session: Session,
    settings: Settings,
    appointment: Appointment,
    starts_at: datetime,
    now: datetime,
    *,
    timezone: str | None = None,
    offsets: Sequence[timedelta] = DEFAULT_OFFSETS,
) -> None:
    """Give it a new time: old reminders withdrawn, new ones planned, back to scheduled; a
    client who had been reminded of the old time is told the new one."""
    old, reminded = local_when(appointment), _reminded(session, appointment)
    withdraw(session, appointment)
    appointment.starts_at = starts_at.astimezone(UTC)
    appointment.timezone = timezone or appointment.timezone
    appointment.status = AppointmentStatus.SCHEDULED
    appointment.proposed_text = appointment.proposed_at = None  # the request is answered
    case_record.note(session, appointment.client, texts.NOTE_MOVED, old=old, **record(appointment))
    schedule_reminders(session, appointment, offsets, now=now)
    if reminded and appointment.starts_at > now:
        tell(session, settings, appointment, texts.MOVED)


def record_attendance(
    session: Session, appointment: Appointment, attended: bool, message: Message | None = None
) -> None:
    """Mark it attended or missed; a missed one alerts the specialist."""
    appointment.status = AppointmentStatus.ATTENDED if attended else AppointmentStatus.MISSED
    entry = texts.NOTE_ATTENDED if attended else texts.NOTE_MISSED
    case_record.note(
        session,
        appointment.client,
        entry,
        message=message,
        alert=not attended,
        **record(appointment),
    )
