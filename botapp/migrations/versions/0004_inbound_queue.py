"""inbound queue: OptOutType kept with the inbound row; indexes of the waiting texts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 20:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Partial indexes of the texts still waiting for the inbound worker.
QUEUE_INDEXES = {
    "ix_messages_received_id": ["id"],
    "ix_messages_received_phone_id": ["phone", "id"],
}


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("opt_out_type", sa.String(length=10), nullable=True))
        for name, columns in QUEUE_INDEXES.items():
            batch_op.create_index(
                name,
                columns,
                unique=False,
                postgresql_where=sa.text("status = 'received'"),
                sqlite_where=sa.text("status = 'received'"),
            )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        for name in QUEUE_INDEXES:
            batch_op.drop_index(name)
        batch_op.drop_column("opt_out_type")
