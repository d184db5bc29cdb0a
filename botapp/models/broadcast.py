"""Broadcasts: one notice (a job fair, a hiring event) to a chosen segment of clients, in each
client's language, with the replies it asks for; templates staff reuse; clients' tags.

See docs/decisions/0029-broadcasts.md.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, str_enum, utcnow
from botapp.models.client import Client
from botapp.models.org import Office, Staff

# The consent scope "STOP JOBS" opts out of: the outbox category of broadcast texts, so the
# dispatcher's consent check at send time (`opted_out_clause(phone, category)`) honours it.
BROADCAST_SCOPE = "broadcast"


class BroadcastStatus(enum.StrEnum):
    """draft → scheduled (a send time set) → sending (recipients in the outbox) → sent; or
    cancelled from draft, scheduled or sending (what had not gone out stays unsent)."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"


class Rsvp(enum.StrEnum):
    """A recipient's answer to the event's question."""

    YES = "yes"
    NO = "no"
    ACCOMMODATION = "accommodation"  # coming, and needs an accommodation


class Broadcast(Base):
    """A notice to a segment of one agency's clients (or one office's)."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    # A supervisor's broadcast reaches their office only; None: the whole agency (admins).
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[BroadcastStatus] = mapped_column(
        str_enum(BroadcastStatus, 20), default=BroadcastStatus.DRAFT, index=True
    )
    # The text per language ({"en": "...", "es": "..."}); a language without one gets the
    # default language's text.
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    default_language: Mapped[str] = mapped_column(String(10), default="en")
    # Who it goes to: `botapp.broadcasts.segment.Segment` as saved (its `as_json`).
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The event, when there is one; an RSVP question rides on the text when `ask_rsvp`.
    event_name: Mapped[str | None] = mapped_column(String(200))
    event_place: Mapped[str | None] = mapped_column(String(200))
    event_address: Mapped[str | None] = mapped_column(String(300))
    event_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    event_timezone: Mapped[str | None] = mapped_column(String(64))
    rsvp_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ask_rsvp: Mapped[bool] = mapped_column(Boolean, default=False)
    # Who is told of an accommodation request (an escalation of severity "today").
    organiser_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    send_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # when scheduled
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # recipients enqueued
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recipient_count: Mapped[int | None] = mapped_column(Integer)  # set when enqueued
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    office: Mapped[Office | None] = relationship()
    organiser: Mapped[Staff | None] = relationship(foreign_keys=[organiser_id])
    created_by: Mapped[Staff | None] = relationship(foreign_keys=[created_by_id])


class BroadcastRecipient(Base):
    """One client a broadcast went to (written in bulk when it is sent), and their answer."""

    __tablename__ = "broadcast_recipients"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "client_id", name="uq_broadcast_recipients_client"),
        # A client's broadcasts, newest first: the RSVP reply window, "texted in N days".
        Index("ix_broadcast_recipients_client_id_id", "client_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    language: Mapped[str] = mapped_column(String(10))  # the text's language it was sent in
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # its outbox row
    rsvp: Mapped[Rsvp | None] = mapped_column(str_enum(Rsvp, 20))
    rsvp_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rsvp_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    accommodation: Mapped[str | None] = mapped_column(String(200))  # what they need, if said
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    client: Mapped[Client] = relationship()


class BroadcastTemplate(Base):
    """A saved text per language that staff start a broadcast from."""

    __tablename__ = "broadcast_templates"
    __table_args__ = (UniqueConstraint("agency_id", "name", name="uq_broadcast_templates_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(100))
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


TAG_MAX = 40  # the column's length


def normal_tag(tag: str) -> str:
    """A tag as stored and matched: trimmed, lower case ("Forklift " -> "forklift")."""
    return tag.strip().casefold()


class ClientTag(Base):
    """A word staff file a client under ("forklift", "youth"), imported with the clients; a
    broadcast's segment may ask for any of them."""

    __tablename__ = "client_tags"
    __table_args__ = (Index("ix_client_tags_tag_client_id", "tag", "client_id"),)

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(TAG_MAX), primary_key=True)  # lower case, trimmed
