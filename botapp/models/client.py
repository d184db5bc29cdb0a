"""A client of the program: who they are to the texting service and who serves them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, str_enum, utcnow
from botapp.models.org import Office, Staff


class ClientStatus(enum.StrEnum):
    """Where the client's case stands."""

    ACTIVE = "active"
    CLOSED = "closed"


class Client(Base):
    """One person served, reached at one E.164 phone number."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(10), default="en")
    timezone: Mapped[str] = mapped_column(String(64), default="America/Chicago")
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    status: Mapped[ClientStatus] = mapped_column(
        str_enum(ClientStatus, 20),
        default=ClientStatus.ACTIVE,
    )
    # Where they live, for a broadcast's segment: the ZIP code and the county, as imported.
    zip_code: Mapped[str | None] = mapped_column(String(10))
    county: Mapped[str | None] = mapped_column(String(100))
    # When staff paused the bot's automated texts for this client; None while it runs for them.
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    office: Mapped[Office] = relationship()
    specialist: Mapped[Staff | None] = relationship()
