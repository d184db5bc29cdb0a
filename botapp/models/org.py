"""Agencies, their offices and the staff who work there."""

from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, partial_index, str_enum, utcnow

# ISO weekday numbers, Monday 1 to Sunday 7: "12345" is Monday to Friday
# (docs/decisions/0022-working-hours-and-deactivated-staff.md).
WEEKDAYS = "12345"


class Role(enum.StrEnum):
    """What a staff member may see: their own caseload, their office's, or everything."""

    SPECIALIST = "specialist"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Agency(Base):
    """A VR or workforce agency: the program clients know by name."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    timezone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    # Outreach is not sent between quiet_start and quiet_end in the client's own timezone.
    quiet_start: Mapped[time] = mapped_column(Time, default=time(20, 0))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(9, 0))
    # Staff working hours, in the agency's timezone, for whoever sets none of their own.
    work_start: Mapped[time] = mapped_column(Time, default=time(8, 0))
    work_end: Mapped[time] = mapped_column(Time, default=time(17, 0))
    work_days: Mapped[str] = mapped_column(String(7), default=WEEKDAYS)
    # Who is called when nobody on staff answers an urgent alert, and where alerts are copied.
    on_call_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    alert_email: Mapped[str | None] = mapped_column(String(254))
    # Minutes an urgent alert waits to be acknowledged; None: ESCALATION_ACK_MINUTES.
    escalation_ack_minutes: Mapped[int | None] = mapped_column(Integer)
    # What clients' texts call the program and the number they give; None: PROGRAM_NAME and
    # PROGRAM_PHONE, the environment's (botapp/program.py).
    program_name: Mapped[str | None] = mapped_column(String(60))
    program_phone: Mapped[str | None] = mapped_column(String(20))  # E.164
    # Language -> the agency's own crisis reply; a language missing: CRISIS_REPLY_xx or the
    # catalog's. Read with the row, so the crisis path pays no extra query (README).
    crisis_replies: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    offices: Mapped[list[Office]] = relationship(back_populates="agency")


class Office(Base):
    """A local office of an agency, with the number clients may call."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20))

    agency: Mapped[Agency] = relationship(back_populates="offices")


class SignInAttempt(Base):
    """One try at the staff web app's sign-in, kept for the lockout: five failures in fifteen
    minutes and that email address is refused for a while (decision 27)."""

    __tablename__ = "sign_in_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # As typed (lower-cased), whether or not it names anyone on staff.
    email: Mapped[str] = mapped_column(String(254))
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    __table_args__ = (Index("ix_sign_in_attempts_email_created_at", "email", "created_at"),)


class Staff(Base):
    """A specialist, supervisor or administrator who reads the case record and is alerted."""

    __tablename__ = "staff"
    # A staff phone texting botapp names one person: unique among those still on staff.
    __table_args__ = (partial_index("uq_staff_phone_active", "phone", where="active", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    locale: Mapped[str] = mapped_column(String(10), default="en")
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, the mobile alerts go to
    # Deactivated staff keep their row (the record names them) but hold no clients.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Their own working hours; each one left None is the agency's.
    work_start: Mapped[time | None] = mapped_column(Time)
    work_end: Mapped[time | None] = mapped_column(Time)
    work_days: Mapped[str | None] = mapped_column(String(7))
    # Out of the office from one day to another, both included; the backup stands in.
    away_from: Mapped[date | None] = mapped_column(Date)
    away_to: Mapped[date | None] = mapped_column(Date)
    backup_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The staff web app's password (argon2); None: they cannot sign in until they set one.
    # Changing it voids their invite links and signs out their other sessions (decision 27).
    password_hash: Mapped[str | None] = mapped_column(String(200))
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    office: Mapped[Office] = relationship()
    supervisor: Mapped[Staff | None] = relationship(foreign_keys=[supervisor_id], remote_side=[id])
    backup: Mapped[Staff | None] = relationship(foreign_keys=[backup_id], remote_side=[id])
