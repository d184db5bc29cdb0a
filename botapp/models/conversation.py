"""Conversation state and the clock's work list, both in the database so a restart loses nothing."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from botapp.db import Base, UTCDateTime, partial_index, str_enum, utcnow


class ConversationStatus(enum.StrEnum):
    """Where a question stands: waiting its turn, asked, then closed one way or another."""

    QUEUED = "queued"
    ACTIVE = "active"  # asked and open: at most one per client
    DONE = "done"
    EXPIRED = "expired"  # no reply in time
    WITHDRAWN = "withdrawn"  # queued about a subject that changed: never asked
    FAILED = "failed"  # the clock gave up on it: logged with its id, left for a person


class ItemStatus(enum.StrEnum):
    """Where a piece of the clock's due work stands."""

    PENDING = "pending"
    DONE = "done"
    CANCELLED = "cancelled"  # its subject changed before it fell due
    HELD = "held"  # fell due while the client's automated texts were paused: runs on resume
    FAILED = "failed"  # the clock gave up on it: logged with its id, left for a person


class Conversation(Base):
    """One question (or short exchange) put to a client by a flow, at a named step."""

    __tablename__ = "conversations"
    __table_args__ = (
        # One open question per client: the engine queues the others.
        partial_index(
            "uq_conversations_one_active",
            "client_id",
            where=f"status = '{ConversationStatus.ACTIVE}'",
            unique=True,
        ),
        Index("ix_conversations_status_wake_at", "status", "wake_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(40))
    # What it is about: an appointment, a goal step, a placement (by the flow's convention).
    subject_id: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[ConversationStatus] = mapped_column(
        str_enum(ConversationStatus, 20), default=ConversationStatus.QUEUED
    )
    priority: Mapped[int] = mapped_column(Integer, default=20)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    unclear_replies: Mapped[int] = mapped_column(Integer, default=0)
    reprompted: Mapped[bool] = mapped_column(default=False)
    # When the clock must look again: the re-prompt, then the expiry.
    wake_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class FlowAnswer(Base):
    """The options a client was offered and what they chose: informed-choice evidence."""

    __tablename__ = "flow_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    offered: Mapped[list[str]] = mapped_column(JSON)
    chosen: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ScheduledItem(Base):
    """A piece of due work for the clock: a reminder, a check-in, a follow-up, on one day."""

    __tablename__ = "scheduled_items"
    __table_args__ = (Index("ix_scheduled_items_status_due_at", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[int | None] = mapped_column(Integer, index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[ItemStatus] = mapped_column(str_enum(ItemStatus, 20), default=ItemStatus.PENDING)
    # One row per occurrence ("appointment:7:reminder:P1D"): scheduling twice adds nothing.
    key: Mapped[str] = mapped_column(String(120), unique=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
