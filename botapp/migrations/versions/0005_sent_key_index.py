"""an index for "was this text sent to this number lately?" (outbound rows only)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 23:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_messages_phone_key_created",
            ["phone", "message_key", "created_at"],
            unique=False,
            postgresql_where=sa.text("message_key IS NOT NULL"),
            sqlite_where=sa.text("message_key IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_phone_key_created")
