"""Every text in or out, as it stands in the case record."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from botapp.db import Base, UTCDateTime, partial_index, str_enum, utcnow

# Twilio's error code, and why a text failed or moved: on a message and on each status event.
ERROR_CODE_LENGTH = 20
DETAIL_LENGTH = 200

if TYPE_CHECKING:
    from botapp.models.client import Client


class Direction(enum.StrEnum):
    """Which way a message went."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class MessageStatus(enum.StrEnum):
    """Where a text stands: botapp's own stages, then Twilio's (botapp/delivery/status.py ranks
    the outbound ones). The partial indexes below name some; their queries write them with
    `inline` (decision 11)."""

    # Inbound: recorded by the webhook, then acted on by the inbound worker, or given up on
    # after an error it logged (the text stays in the case record).
    RECEIVED = "received"
    PROCESSED = "processed"
    ERROR = "error"
    # An acted-on text from an unknown number that staff dismissed from the unmatched inbox
    # (a wrong number, spam): kept, but no longer listed there (decision 27).
    DISMISSED = "dismissed"
    # Outbound: waiting in the outbox, taken by a dispatcher…
    PENDING = "pending"
    CLAIMED = "claimed"
    # …then as Twilio reports it.
    SCHEDULED = "scheduled"
    ACCEPTED = "accepted"
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    CANCELED = "canceled"
    EXPIRED = "expired"
    READ = "read"


class Message(Base):
    """A text message; inbound rows are written before anything acts on them."""

    __tablename__ = "messages"
    # Each index is written by every INSERT it covers, the webhook's too, so the partial ones
    # leave out the rows their query never reads (migration 0006, docs/decisions/0011).
    __table_args__ = (
        Index("ix_messages_client_id_id", "client_id", "id"),
        # The dispatcher's claim: texts waiting to go, best priority first, due first.
        partial_index(
            "ix_messages_pending",
            "priority",
            "not_before",
            "id",
            where=f"status = '{MessageStatus.PENDING}'",
        ),
        # Each phone's texts not yet sent, in the order written: the claim keeps them in order
        # (a text waiting to retry keeps `claimed_at`, see botapp/delivery/claims.py).
        partial_index(
            "ix_messages_phone_unsent",
            "phone",
            "id",
            where=f"status IN ('{MessageStatus.PENDING}', '{MessageStatus.CLAIMED}')",
        ),
        # A stopped dispatcher's texts, for another to take over.
        partial_index(
            "ix_messages_claimed", "claimed_at", where=f"status = '{MessageStatus.CLAIMED}'"
        ),
        # The inbound worker's queue: only texts still waiting, so it stays small.
        partial_index(
            "ix_messages_received_id", "id", where=f"status = '{MessageStatus.RECEIVED}'"
        ),
        # "Was this text sent to this number lately?" (the inbox acknowledgement, the unknown
        # sender's answer): outbound rows only, as only they carry a message key.
        partial_index(
            "ix_messages_phone_key_created",
            "phone",
            "message_key",
            "created_at",
            where="message_key IS NOT NULL",
        ),
        # The unmatched inbox, newest first: texts from numbers no client nor staff member has,
        # not dismissed (the webhook writes it only for such a text). client_id, NULL in every
        # row, leads so that SQLite prefers it to ix_messages_client_id_id for "IS NULL".
        partial_index(
            "ix_messages_unmatched",
            "client_id",
            "created_at",
            "id",
            where=f"direction = '{Direction.INBOUND}' AND client_id IS NULL"
            f" AND sent_by_id IS NULL AND status <> '{MessageStatus.DISMISSED}'",
        ),
        partial_index(
            "ix_messages_in_reply_to_id", "in_reply_to_id", where="in_reply_to_id IS NOT NULL"
        ),
        # Unique among the rows that have one (outbound texts queued once per key).
        partial_index(
            "uq_messages_idempotency_key",
            "idempotency_key",
            where="idempotency_key IS NOT NULL",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    direction: Mapped[Direction] = mapped_column(str_enum(Direction, 10))
    # The other party's number (E.164): the client's, or an unknown sender's.
    phone: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text, default="")
    twilio_sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[MessageStatus] = mapped_column(str_enum(MessageStatus, 20))
    encoding: Mapped[str | None] = mapped_column(String(10))
    segments: Mapped[int | None] = mapped_column(Integer)
    media: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    # Inbound: Twilio Advanced Opt-Out's OptOutType (STOP, START, HELP) when Twilio acted.
    opt_out_type: Mapped[str | None] = mapped_column(String(10))
    message_key: Mapped[str | None] = mapped_column(String(80))
    flow: Mapped[str | None] = mapped_column(String(40))
    step: Mapped[str | None] = mapped_column(String(40))
    in_reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    error_code: Mapped[str | None] = mapped_column(String(ERROR_CODE_LENGTH))
    # The staff member who wrote it from their own phone: outbound, the text they had sent to a
    # client ("@42 …"); inbound, their command ("ACK 42"). None for the bot and for clients.
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Outbox columns (outbound rows): see docs/decisions/0004-outbox.md.
    category: Mapped[str | None] = mapped_column(String(20))
    priority: Mapped[int] = mapped_column(Integer, default=50)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When a dispatcher claimed it; kept on a pending row that waits to retry a failed send,
    # which holds the phone's later texts (docs/decisions/0004-outbox.md).
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(String(32))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    idempotency_key: Mapped[str | None] = mapped_column(String(160))
    failure_reason: Mapped[str | None] = mapped_column(String(DETAIL_LENGTH))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    # Set by whoever matched the sender, so later steps of the same request need no query.
    client: Mapped[Client | None] = relationship(lazy="select")

    @property
    def is_unmatched(self) -> bool:
        """An inbound text from a number that belongs to no client nor staff member (the staff's
        unmatched inbox)."""
        return (
            self.direction is Direction.INBOUND
            and self.client_id is None
            and self.sent_by_id is None
        )


class MessageStatusEvent(Base):
    """One change of an outbound message's status, with when it happened (the delivery trail)."""

    __tablename__ = "message_status_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    status: Mapped[MessageStatus] = mapped_column(str_enum(MessageStatus, 20))
    error_code: Mapped[str | None] = mapped_column(String(ERROR_CODE_LENGTH))
    detail: Mapped[str | None] = mapped_column(String(DETAIL_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SenderPacing(Base):
    """The next free send slot of one sender, shared by every dispatcher process."""

    __tablename__ = "sender_pacing"

    sender: Mapped[str] = mapped_column(String(64), primary_key=True)
    next_slot_at: Mapped[datetime] = mapped_column(UTCDateTime())
