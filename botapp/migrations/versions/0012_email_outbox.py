"""the email outbox: emails

Alerts go by email too, through a durable outbox of their own: one row per email, enqueued
once per idempotency key, claimed by a sender, retried with backoff, with the Message-ID
every attempt carries (docs/decisions/0025-email-outbox.md).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-15 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending", "claimed", "sent", "failed", name="emailstatus", native_enum=False,
                length=10,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("idempotency_key", sa.String(length=160), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("error_code", sa.String(length=40), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emails")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_emails_idempotency_key")),
    )
    op.create_index(
        "ix_emails_pending",
        "emails",
        ["next_attempt_at", "id"],
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_emails_claimed",
        "emails",
        ["claimed_at"],
        postgresql_where=sa.text("status = 'claimed'"),
        sqlite_where=sa.text("status = 'claimed'"),
    )


def downgrade() -> None:
    op.drop_index("ix_emails_claimed", table_name="emails")
    op.drop_index("ix_emails_pending", table_name="emails")
    op.drop_table("emails")
