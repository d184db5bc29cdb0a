"""an index of each phone's unsent texts, for the claim that keeps them in order

The dispatcher's claim reads, for the phones it is about to send to, their texts still
pending or in flight (docs/decisions/0004-outbox.md). Only those rows are indexed, so the
webhook's INSERT (status 'received') writes nothing more.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = "status IN ('pending', 'claimed')"


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_phone_unsent",
            ["phone", "id"],
            postgresql_where=sa.text(WHERE),
            sqlite_where=sa.text(WHERE),
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_phone_unsent")
