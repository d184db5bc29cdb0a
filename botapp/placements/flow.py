"""Post-placement follow-up: "How is work going at <employer>?" and, on a problem, what kind.

A good or OK answer is recorded with a short thanks; a problem asks its kind and alerts the
specialist naming only the kind the client picked. The ladder that asks this question on days
1 to 90 is in timing.py; "I quit" at any time is in job_loss.py.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from botapp.delivery import outbox
from botapp.flows.engine import Flow, Step, Turn
from botapp.flows.replies import Option
from botapp.messages import Msg
from botapp.models import Placement, Reason, Severity
from botapp.placements import messages as texts


class FollowUpStep(enum.StrEnum):
    """The follow-up's steps, as `Conversation.step` stores them."""

    RATING = "rating"
    PROBLEM = "problem"


GREAT = Option("1", "great", "placement.great")
OK = Option("2", "ok", "placement.ok")
PROBLEMS = Option("3", "problems", "placement.problems")
KINDS = (
    Option("1", "schedule", "placement.problem.schedule"),
    Option("2", "people", "placement.problem.people"),
    Option("3", "transportation", "placement.problem.transportation"),
    Option("4", "pay", "placement.problem.pay"),
    Option("5", "health", "placement.problem.health"),
    Option("6", "other", "placement.problem.other"),
)
THANKS = {GREAT.key: texts.THANKS_GREAT, OK.key: texts.THANKS_OK}
NOTES = {GREAT.key: texts.GREAT, OK.key: texts.OK}


def _about(turn: Turn[Placement]) -> dict[str, Any]:
    """The follow-up day and employer that case notes name."""
    return {"day": turn.conversation.state.get("day", 0), "employer": turn.subject.employer}


def ask_rating(turn: Turn[Placement]) -> tuple[Msg, dict[str, Any]]:
    """How is work going at the employer (1 Great, 2 OK, 3 Having problems)."""
    return texts.ASK, {"first_name": turn.client.first_name, "employer": turn.subject.employer}


def rating_answered(turn: Turn[Placement]) -> Literal[FollowUpStep.PROBLEM] | None:
    """Records how work is going and thanks the client, or asks what kind of problem."""
    assert turn.option is not None  # the step has options: the engine only calls with one
    if turn.option.key == PROBLEMS.key:
        return FollowUpStep.PROBLEM
    turn.note(NOTES[turn.option.key], **_about(turn))
    turn.say(THANKS[turn.option.key], first_name=turn.client.first_name)
    return None


def rating_unanswered(turn: Turn[Placement]) -> None:
    """Records that the client did not answer (the next rung asks again)."""
    turn.note(texts.NO_REPLY, **_about(turn))


def ask_problem(turn: Turn[Placement]) -> tuple[Msg, dict[str, Any]]:
    """What kind of problem (six kinds, the last "something else")."""
    return texts.PROBLEM_ASK, {}


def problem_answered(turn: Turn[Placement]) -> None:
    """Alerts the specialist with the kind of problem and tells the client they will call."""
    assert turn.option is not None
    turn.note(texts.PROBLEMS[turn.option.key], alert=True, **_about(turn))
    turn.need_person(Reason.PLACEMENT_PROBLEM, Severity.TODAY)
    turn.say(texts.PROBLEM_ACK, first_name=turn.client.first_name)
    return None


def problem_unanswered(turn: Turn[Placement]) -> None:
    """Alerts the specialist: a problem at work, kind not given."""
    turn.note(texts.PROBLEM_UNSAID, alert=True, **_about(turn))
    turn.need_person(Reason.PLACEMENT_PROBLEM, Severity.TODAY)


FLOW = Flow(
    name="placement_followup",
    first=FollowUpStep.RATING,
    steps={
        FollowUpStep.RATING: Step(
            ask_rating, rating_answered, (GREAT, OK, PROBLEMS), on_no_reply=rating_unanswered
        ),
        FollowUpStep.PROBLEM: Step(
            ask_problem, problem_answered, KINDS, on_no_reply=problem_unanswered
        ),
    },
    subject=Placement,
    category=outbox.CHECK_IN,
)
