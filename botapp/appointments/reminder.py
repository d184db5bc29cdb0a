"""The reminder question: "Reply 1 to confirm, 2 to cancel, 3 to change the time."

Confirming asks for a plan (what time will you leave?), the kind of wording that cut missed
court dates most; cancelling frees the slot and alerts the specialist; asking for another time
records the client's proposal for the specialist. Diagram: appointments.md.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from botapp.appointments import messages as texts
from botapp.appointments.replies import CANCEL, CONFIRM, RESCHEDULE, proposed_time
from botapp.appointments.service import cancel_appointment
from botapp.appointments.texts import about, local_when, record
from botapp.appointments.timing import REMINDER_FLOW, stamp, withdraw
from botapp.delivery import outbox
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import Option
from botapp.messages import Msg
from botapp.models import Appointment, AppointmentStatus, Reason, Severity


class ReminderStep(enum.StrEnum):
    """The reminder's steps, as `Conversation.step` stores them."""

    REMINDER = "reminder"
    PLAN = "plan"
    NEW_TIME = "new_time"


def _as_asked(turn: Turn[Appointment]) -> bool:
    """Whether the appointment still stands as the question put it (staff may have changed it)."""
    appointment, asked_about = turn.subject, turn.conversation.state.get("starts_at")
    return appointment.status is AppointmentStatus.SCHEDULED and asked_about == stamp(appointment)


def ask_reminder(turn: Turn[Appointment]) -> tuple[Msg, dict[str, Any]]:
    """Notes the time asked about, and asks to confirm, cancel or change it."""
    appointment = turn.subject
    turn.conversation.state = {**turn.conversation.state, "starts_at": stamp(appointment)}
    return texts.REMINDER_ASK, about(appointment, turn.client.language)


def reminder_answered(
    turn: Turn[Appointment],
) -> Literal[ReminderStep.PLAN, ReminderStep.NEW_TIME] | None:
    """Records the confirmation, cancellation or change request and asks what follows."""
    appointment, key = turn.subject, turn.option.key if turn.option else ""
    if not _as_asked(turn):
        _outdated(turn)
        return None
    if key == CONFIRM.key:
        appointment.status = AppointmentStatus.CONFIRMED
        turn.note(texts.NOTE_CONFIRMED, **record(appointment))
        return ReminderStep.PLAN
    if key == CANCEL.key:
        cancel_appointment(turn.session, turn.settings, appointment, by_client=turn.message)
        turn.say(texts.CANCELLED, **about(appointment, turn.client.language))
        return None
    appointment.status = AppointmentStatus.RESCHEDULE_REQUESTED
    withdraw(turn.session, appointment)  # no reminder of a time the client asked to change
    return _proposal(turn, require_time=True)


def read_reminder_reply(turn: Turn[Appointment]) -> Option | None:
    """A reply that names a day or a time ("mañana a las 3", "friday?") asks to change it;
    the appointment's own day and time ("see you thursday at 2:30") confirm it."""
    appointment = turn.subject
    at = proposed_time(
        turn.reply, appointment.starts_at, appointment.timezone, turn.now, turn.client.language
    )
    if at is None:
        return None
    return CONFIRM if at == appointment.starts_at else RESCHEDULE


def _outdated(turn: Turn[Appointment]) -> None:
    """Answers a reply about a time staff have since changed, and flags it for them."""
    turn.note(texts.NOTE_OUTDATED, alert=True, **record(turn.subject))
    turn.need_person(Reason.OUTDATED, Severity.TODAY)
    turn.say(texts.OUTDATED, first_name=turn.client.first_name)


def _proposal(turn: Turn[Appointment], require_time: bool) -> Literal[ReminderStep.NEW_TIME] | None:
    """Records the client's proposed time and alerts the specialist; asks "when?" if none."""
    appointment = turn.subject
    at = proposed_time(
        turn.reply, appointment.starts_at, appointment.timezone, turn.now, turn.client.language
    )
    if at is None and require_time:
        return ReminderStep.NEW_TIME
    appointment.proposed_text, appointment.proposed_at = turn.reply, at
    if at is None:
        turn.note(texts.NOTE_PROPOSED_TEXT, alert=True, proposal=turn.reply, **record(appointment))
    else:
        proposed = local_when(appointment, at)
        params = record(appointment)
        turn.note(texts.NOTE_PROPOSED, alert=True, proposal=turn.reply, proposed=proposed, **params)
    turn.need_person(Reason.RESCHEDULE, Severity.TODAY)
    turn.say(texts.PROPOSAL_THANKS, first_name=turn.client.first_name)
    return None


def reminder_unanswered(turn: Turn[Appointment]) -> None:
    """Records that the reminder went unanswered (the appointment stays scheduled)."""
    if _as_asked(turn):
        turn.note(texts.NOTE_NO_RESPONSE, **record(turn.subject))


def ask_plan(turn: Turn[Appointment]) -> tuple[Msg, dict[str, Any]]:
    """Asks when the client will leave: making a plan is what gets people there."""
    return texts.PLAN_ASK, {}


def plan_answered(turn: Turn[Appointment]) -> None:
    """Records the client's plan and says see you there."""
    turn.note(texts.NOTE_PLAN, plan=turn.reply, **record(turn.subject))
    turn.say(texts.PLAN_THANKS, first_name=turn.client.first_name)
    return None


def ask_new_time(turn: Turn[Appointment]) -> tuple[Msg, dict[str, Any]]:
    """Asks which day and time would suit the client better."""
    return texts.NEW_TIME_ASK, {}


def new_time_answered(turn: Turn[Appointment]) -> Literal[ReminderStep.NEW_TIME] | None:
    """Records whatever the client proposed and alerts the specialist."""
    if turn.subject.status is not AppointmentStatus.RESCHEDULE_REQUESTED:
        _outdated(turn)  # staff moved or cancelled it meanwhile
        return None
    return _proposal(turn, require_time=False)


def new_time_unanswered(turn: Turn[Appointment]) -> None:
    """Alerts the specialist that the client wants another time but did not say when."""
    if turn.subject.status is AppointmentStatus.RESCHEDULE_REQUESTED:
        turn.note(texts.NOTE_NO_NEW_TIME, alert=True, **record(turn.subject))
        turn.need_person(Reason.RESCHEDULE, Severity.TODAY)


APPOINTMENT_REMINDER = Flow(
    name=REMINDER_FLOW,
    first=ReminderStep.REMINDER,
    steps={
        ReminderStep.REMINDER: Step(
            ask_reminder,
            reminder_answered,
            (CONFIRM, CANCEL, RESCHEDULE),
            on_no_reply=reminder_unanswered,
            read=read_reminder_reply,
        ),
        ReminderStep.PLAN: Step(ask_plan, plan_answered),
        ReminderStep.NEW_TIME: Step(
            ask_new_time, new_time_answered, on_no_reply=new_time_unanswered
        ),
    },
    subject=Appointment,
    category=outbox.REMINDER,
)
