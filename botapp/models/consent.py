"""Consent as a history of events: who said what, when, how, for which kind of message."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from botapp.db import Base, UTCDateTime, str_enum, utcnow

ALL_SCOPES = "all"


class ConsentKind(enum.StrEnum):
    """What a consent event changed or asked."""

    OPT_OUT = "opt_out"
    PARTIAL_OPT_OUT = "partial_opt_out"  # asked to limit texts; changes nothing by itself
    OPT_IN = "opt_in"
    HELP = "help"
    LANGUAGE = "language"


class ConsentEvent(Base):
    """One consent event; the latest opt-in/opt-out for a scope decides what may be sent."""

    __tablename__ = "consent_events"
    __table_args__ = (Index("ix_consent_events_phone_id", "phone", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    phone: Mapped[str] = mapped_column(String(20))
    kind: Mapped[ConsentKind] = mapped_column(str_enum(ConsentKind, 20))
    scope: Mapped[str] = mapped_column(String(40), default=ALL_SCOPES)
    # How it was given: sms_keyword, twilio_advanced_opt_out, import, staff, carrier_error.
    method: Mapped[str] = mapped_column(String(40))
    keyword: Mapped[str | None] = mapped_column(String(160))
    language: Mapped[str | None] = mapped_column(String(10))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
