"""What the conversations are about: appointments, IPE goals and steps, job placements."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, str_enum, utcnow
from botapp.models.client import Client


class AppointmentStatus(enum.StrEnum):
    """Where an appointment stands, as the client's replies and the specialist set it."""

    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    RESCHEDULE_REQUESTED = "reschedule_requested"
    ATTENDED = "attended"
    MISSED = "missed"


class Appointment(Base):
    """A meeting the client should go to: with the specialist, an interview, a job fair…"""

    __tablename__ = "appointments"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    # specialist, interview, job_fair, benefits_orientation, other
    kind: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[AppointmentStatus] = mapped_column(
        str_enum(AppointmentStatus, 30), default=AppointmentStatus.SCHEDULED
    )
    check_attendance: Mapped[bool] = mapped_column(Boolean, default=True)
    # What the client proposed when asking to reschedule: their words, and a time if understood.
    proposed_text: Mapped[str | None] = mapped_column(Text)
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    client: Mapped[Client] = relationship()


class Goal(Base):
    """The employment goal of a client's Individualized Plan for Employment."""

    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    steps: Mapped[list[GoalStep]] = relationship(back_populates="goal", order_by="GoalStep.id")


class StepStatus(enum.StrEnum):
    """Progress on an IPE action step."""

    NOT_STARTED = "not_started"
    WORKING = "working"
    DONE = "done"
    NEEDS_HELP = "needs_help"


class GoalStep(Base):
    """An IPE action step: plain words, who is responsible, when due, how often to check in."""

    __tablename__ = "goal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(String(160))
    responsible: Mapped[str] = mapped_column(String(20))  # client, specialist, provider
    due_on: Mapped[date | None] = mapped_column(Date)
    cadence_days: Mapped[int] = mapped_column(Integer, default=14)
    status: Mapped[StepStatus] = mapped_column(
        str_enum(StepStatus, 30), default=StepStatus.NOT_STARTED
    )
    missed_checkins: Mapped[int] = mapped_column(Integer, default=0)

    goal: Mapped[Goal] = relationship(back_populates="steps")


class PlacementStatus(enum.StrEnum):
    """A job placement's state through the 90 days that close a case."""

    ACTIVE = "active"
    ENDED = "ended"
    RETAINED = "retained"  # 90 days in the job: the case can close as employed


class Placement(Base):
    """A job the client started, followed up through 90 days (34 CFR 361.56)."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    employer: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    hourly_wage: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    employer_contact: Mapped[str | None] = mapped_column(String(200))
    may_contact_employer: Mapped[bool] = mapped_column(Boolean, default=False)
    # The day the 90 days count from: the start, or the last service authorised since.
    clock_start: Mapped[date] = mapped_column(Date)
    status: Mapped[PlacementStatus] = mapped_column(
        str_enum(PlacementStatus, 30), default=PlacementStatus.ACTIVE
    )
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
