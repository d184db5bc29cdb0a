"""IPE goal check-ins: "Did you finish: <step>?" every few days, for the client's own steps.

Done ends the step's check-ins; working on it keeps them coming; needing help alerts the
specialist. Two check-ins in a row without an answer alert the specialist too; any answer
starts the count again. Diagram: goals.md.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from botapp.config import Settings
from botapp.flows import engine, schedule
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import Option
from botapp.goals import messages as texts
from botapp.goals.timing import CHECKIN, schedule_checkin, wants_checkins
from botapp.messages import Msg
from botapp.models import Client, GoalStep, Reason, ScheduledItem, Severity, StepStatus
from botapp.services import consent

DONE = Option("1", "done", "goal.done")
WORKING = Option("2", "working", "goal.working")
# A bare "help" or "ayuda" is the HELP keyword (help text, question stays open); inside a
# sentence ("I need help with it") it answers here.
HELP = Option("3", "help", "goal.help")
ALERT_AFTER_MISSED = 2


class CheckinStep(enum.StrEnum):
    """The check-in's one step, as `Conversation.step` stores it."""

    PROGRESS = "progress"


def ask_progress(turn: Turn[GoalStep]) -> tuple[Msg, dict[str, Any]]:
    """The check-in question about the step, in the agency's own words."""
    return texts.CHECKIN_ASK, {"step": turn.subject.description}


def progress_answered(turn: Turn[GoalStep]) -> None:
    """Records the step's progress, answers the client, and alerts the specialist on a need."""
    step, key = turn.subject, turn.option.key if turn.option else ""
    step.missed_checkins = 0
    if key == "done":
        step.status = StepStatus.DONE
        schedule.cancel_pending(turn.session, [CHECKIN], step.id)
        turn.note(texts.NOTE_DONE, step=step.description)
        turn.say(texts.CHECKIN_DONE, first_name=turn.client.first_name)
    elif key == "working":
        step.status = StepStatus.WORKING
        turn.note(texts.NOTE_WORKING, step=step.description)
        turn.say(texts.CHECKIN_WORKING, first_name=turn.client.first_name)
    else:
        step.status = StepStatus.NEEDS_HELP
        turn.note(texts.NOTE_NEEDS_HELP, alert=True, step=step.description)
        turn.need_person(Reason.NEEDS_HELP, Severity.TODAY)
        turn.say(texts.CHECKIN_HELP, first_name=turn.client.first_name)
    return None


def checkin_missed(turn: Turn[GoalStep]) -> None:
    """Counts the unanswered check-in; the second in a row alerts the specialist."""
    step = turn.subject
    step.missed_checkins += 1
    if step.missed_checkins == 1:
        turn.note(texts.NOTE_MISSED, step=step.description)
    else:  # one alert when the count reaches two; later misses are noted without another
        alert = step.missed_checkins == ALERT_AFTER_MISSED
        turn.note(
            texts.NOTE_MISSED_IN_A_ROW,
            alert=alert,
            count=step.missed_checkins,
            step=step.description,
        )
        if alert:
            turn.need_person(Reason.MISSED_CHECKINS, Severity.TODAY)


GOAL_CHECKIN = Flow(
    name="goal_checkin",
    first=CheckinStep.PROGRESS,
    steps={
        CheckinStep.PROGRESS: Step(
            ask_progress,
            progress_answered,
            (DONE, WORKING, HELP),
            on_no_reply=checkin_missed,
        )
    },
    subject=GoalStep,
)


def run_checkin(session: Session, settings: Settings, item: ScheduledItem, now: datetime) -> None:
    """Ask about the step now and set the next check-in (skipped while opted out)."""
    step = session.get(GoalStep, item.subject_id)
    client = session.get_one(Client, item.client_id)
    if step is None or not wants_checkins(step, client):
        return
    schedule_checkin(session, step, client, now, int(item.params.get("seq", 0)) + 1)
    if consent.is_opted_out(session, client.phone) or engine.asking(
        session, step.id, GOAL_CHECKIN.name
    ):
        return  # no question nobody will see; the next check-in stays set for after START
    engine.start(session, settings, client, GOAL_CHECKIN, step.id, now)
