"""An escalation's history: a step row for each thing that happened to it, and its line in the
client's case record (reason and severity as terms in the reader's language, never the client's
words)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
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


def steps(
    session: Session,
    escalation: Escalation,
    *kinds: tuple[StepKind, Staff | None, Message | None],
) -> None:
    """Append several steps to the escalation's history in one INSERT: as ORM objects they
    would be one INSERT each (SQLite returns one new id per statement)."""
    rows = [
        {
            "escalation_id": escalation.id,
            "kind": kind,
            "staff_id": staff.id if staff else None,
            "message_id": message.id if message else None,
        }
        for kind, staff, message in kinds
    ]
    # Nulls written as such, so every row has the same columns: one executemany, not one
    # statement per set of columns.
    session.execute(insert(EscalationStep).execution_options(render_nulls=True), rows)


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
