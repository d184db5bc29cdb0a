"""Escalations: a client who needs a person, who holds it, and every step it took
(docs/decisions/0024-escalations.md)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, str_enum, utcnow
from botapp.models.client import Client
from botapp.models.org import Staff


class Reason(enum.StrEnum):
    """Why a client needs a person: one per kind of alert the core and the features raise."""

    CRISIS = "crisis"
    NEEDS_HELP = "needs_help"
    MISSED_CHECKINS = "missed_checkins"
    JOB_LOSS = "job_loss"
    PLACEMENT_PROBLEM = "placement_problem"
    RESCHEDULE = "reschedule"
    OUTDATED = "outdated"  # a reply about an appointment that has changed since
    LIMIT_TEXTING = "limit_texting"
    UNREACHABLE = "unreachable"
    DELIVERY_FAILED = "delivery_failed"
    ROUTINE_INBOX = "routine_inbox"
    ACCOMMODATION = "accommodation"  # for an event: held by its organiser (decision 29)


class Severity(enum.StrEnum):
    """How soon a person must act: at once, within the working day, or when they can."""

    URGENT = "urgent"
    TODAY = "today"
    ROUTINE = "routine"


class EscalationState(enum.StrEnum):
    """open → acknowledged (a person has it) → resolved (with an outcome note)."""

    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class StepKind(enum.StrEnum):
    """One thing that happened to an escalation, in the order it happened."""

    RAISED = "raised"
    RAISED_AGAIN = "raised_again"  # the same need while it is still unresolved
    ROUTED = "routed"  # to `staff` (raised, moved, or a fallback hop), or to nobody
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    ALERTED = "alerted"  # an SMS and an email to `staff` queued
    ON_CALL = "on_call"  # nobody acknowledged: the agency's on-call number alerted
    RELAYED = "relayed"  # `staff` answered the client from their phone (`message`: the text)


class Escalation(Base):
    """A client's need for a person, held by one staff member until resolved."""

    __tablename__ = "escalations"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    reason: Mapped[Reason] = mapped_column(str_enum(Reason, 30))
    severity: Mapped[Severity] = mapped_column(str_enum(Severity, 10))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # what raised it
    state: Mapped[EscalationState] = mapped_column(
        str_enum(EscalationState, 20), default=EscalationState.OPEN, index=True
    )
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    client: Mapped[Client] = relationship()
    holder: Mapped[Staff | None] = relationship()


class EscalationStep(Base):
    """One step of an escalation; rows are only ever added (the routing history)."""

    __tablename__ = "escalation_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    escalation_id: Mapped[int] = mapped_column(ForeignKey("escalations.id"), index=True)
    kind: Mapped[StepKind] = mapped_column(str_enum(StepKind, 20))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # routed to, or by
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
