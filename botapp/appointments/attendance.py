"""After the appointment: "Did you make it to your job interview on Thu, Dec 3? 1 Yes, 2 No".

A yes or no is recorded on the appointment (attended, missed); a missed one alerts the
specialist; no answer leaves a "no response" line in the case record.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from botapp.appointments import messages as texts
from botapp.appointments.replies import MISSED, WENT
from botapp.appointments.service import record_attendance
from botapp.appointments.texts import about, record
from botapp.appointments.timing import ATTENDANCE_FLOW, current
from botapp.config import Settings
from botapp.flows import engine
from botapp.flows.engine import Flow, Step, Turn
from botapp.messages import Msg
from botapp.models import Appointment, AppointmentStatus, ScheduledItem
from botapp.services import consent


class AttendanceStep(enum.StrEnum):
    """The attendance question's one step, as `Conversation.step` stores it."""

    ATTENDED = "attended"


def ask_attendance(turn: Turn[Appointment]) -> tuple[Msg, dict[str, Any]]:
    """Asks whether the client made it to the appointment (named by its day, never "today")."""
    return texts.ATTENDANCE_ASK, about(turn.subject, turn.client.language)


def attendance_answered(turn: Turn[Appointment]) -> None:
    """Records attended or missed and thanks the client."""
    attended = turn.option is not None and turn.option.key == WENT.key
    record_attendance(turn.session, turn.subject, attended, turn.message)
    thanks = texts.ATTENDED_THANKS if attended else texts.MISSED_THANKS
    turn.say(thanks, first_name=turn.client.first_name)
    return None


def attendance_unanswered(turn: Turn[Appointment]) -> None:
    """Records that the client did not say whether they went."""
    turn.note(texts.NOTE_ATTENDANCE_NO_RESPONSE, **record(turn.subject))


APPOINTMENT_ATTENDANCE = Flow(
    name=ATTENDANCE_FLOW,
    first=AttendanceStep.ATTENDED,
    steps={
        AttendanceStep.ATTENDED: Step(
            ask_attendance,
            attendance_answered,
            (WENT, MISSED),
            on_no_reply=attendance_unanswered,
        )
    },
    subject=Appointment,
)


def check_attendance(
    session: Session, settings: Settings, item: ScheduledItem, now: datetime
) -> None:
    """Ask whether the client went, unless it was cancelled, moved or is being moved."""
    appointment = current(session, item)
    if appointment is None or not appointment.check_attendance:
        return
    still_on = appointment.status in (AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)
    if still_on and not consent.is_opted_out(session, appointment.client.phone):
        engine.start(
            session, settings, appointment.client, APPOINTMENT_ATTENDANCE, appointment.id, now
        )
