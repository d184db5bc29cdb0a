"""Appointment reminders, from the first reminder to the question whether the client went.

Reminders fall due 3 days, 1 day and 2 hours before (timing.py). The first
one due asks to confirm, cancel or change the time (reminder.py); once confirmed, the
later ones just say see you; cancelled, moved or waiting for a new time, none is sent. At the
start any question still open about it is closed; a few hours later the client may be asked
whether they went (attendance.py). Diagram: flow.md.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.appointments.reminder import APPOINTMENT_REMINDER
from botapp.appointments.texts import tell
from botapp.appointments.timing import current
from botapp.config import Settings
from botapp.flows import engine
from botapp.models import AppointmentStatus, ScheduledItem
from botapp.services import consent


def remind(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Ask to confirm, cancel or change; once confirmed, just say see you."""
    appointment = current(session, item)
    if appointment is None or appointment.starts_at <= now:
        return  # moved, or begun: a stale reminder is never sent
    client = appointment.client
    if appointment.status is AppointmentStatus.CONFIRMED:
        tell(session, settings, appointment, texts.SEE_YOU, idempotency_key=f"item:{item.id}")
    elif appointment.status is AppointmentStatus.SCHEDULED and not engine.asking(
        session, appointment.id, APPOINTMENT_REMINDER.name
    ):
        if not consent.is_opted_out(session, client.phone):  # a question nobody would see
            engine.start(session, settings, client, APPOINTMENT_REMINDER, appointment.id, now)


def close_questions(
    session: Session, settings: Settings, item: ScheduledItem, now: datetime
) -> None:
    """Close the reminder questions about an appointment that has begun: none is asked late."""
    appointment = current(session, item)
    if appointment is None:
        return
    engine.withdraw(session, appointment.id, APPOINTMENT_REMINDER.name)
    for conversation in engine.asking(session, appointment.id, APPOINTMENT_REMINDER.name):
        # Expire it now, through the engine: the no-reply record, then the client's next question.
        conversation.reprompted = True
        conversation.wake_at = conversation.expires_at = now
        engine.wake(session, settings, conversation, now)
