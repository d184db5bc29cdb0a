"""An escalation's history: a step row for each thing that happened to it, and its line in the
client's case record (reason and severity as terms in the reader's language, never the client's
words)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from botapp.escalations import messages as t
from botapp.messages import Msg
from botapp.models import Escalation, EscalationStep, Message, Staff, StepKind
from botapp.services import case_record


def step(
    session: Session,
    escalation: Escalation,
    kind: StepKind,
    *,
    staff: Staff | None = None,
    message: Message | None = None,
) -> None:
    """Append one step to the escalation's history."""
    session.add(
        EscalationStep(
            escalation_id=escalation.id,
            kind=kind,
            staff_id=staff.id if staff else None,
            message_id=message.id if message else None,
        )
    )


def note(
    session: Session, escalation: Escalation, entry: Msg, message: Message | None, **params: Any
) -> None:
    """The step's line in the client's case record, reason and severity in the reader's words."""
    case_record.note(
        session,
        escalation.client,
        entry,
        message=message,
        id=escalation.id,
        reason=case_record.term(t.REASONS[escalation.reason]),
        severity=case_record.term(t.SEVERITIES[escalation.severity]),
        **params,
    )
