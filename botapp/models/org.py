"""Agencies, their offices and the staff who work there."""

from __future__ import annotations

import enum
from datetime import datetime, time

from sqlalchemy import ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, str_enum, utcnow


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


class Staff(Base):
    """A specialist, supervisor or administrator who reads the case record."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, 20))
    locale: Mapped[str] = mapped_column(String(10), default="en")

    office: Mapped[Office] = relationship()
