"""The email outbox: each email to send, as it stands (docs/decisions/0025-email-outbox.md)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from botapp.db import Base, UTCDateTime, partial_index, str_enum, utcnow

# Longest address SMTP carries (RFC 5321: 64 + "@" + 255, as commonly limited).
ADDRESS_LENGTH = 254


class EmailStatus(enum.StrEnum):
    """Where an email stands. The partial indexes below name two; their queries write them
    with `inline` (decision 11)."""

    PENDING = "pending"  # waiting for its turn, or to retry a transient failure
    CLAIMED = "claimed"  # taken by a sender, being sent
    SENT = "sent"  # the SMTP server accepted it
    FAILED = "failed"  # refused for good (a 5xx), or out of attempts


class Email(Base):
    """One email to send; enqueued once per idempotency key, sent at least once."""

    __tablename__ = "emails"
    __table_args__ = (
        # The sender's claim: emails due, oldest due first.
        partial_index(
            "ix_emails_pending", "next_attempt_at", "id", where=f"status = '{EmailStatus.PENDING}'"
        ),
        # A stopped sender's emails, for another to take over.
        partial_index("ix_emails_claimed", "claimed_at", where=f"status = '{EmailStatus.CLAIMED}'"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(ADDRESS_LENGTH))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[EmailStatus] = mapped_column(str_enum(EmailStatus, 10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The caller's name for this email: enqueuing the same key again adds nothing.
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    # The Message-ID header every attempt carries, set at the first (botapp/workers/mailer.py).
    message_id: Mapped[str | None] = mapped_column(String(255))
    # Why the last attempt failed: "smtp-451", "connection"… never the body or an address.
    error_code: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
