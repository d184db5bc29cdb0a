"""staff texts and pausing: messages.sent_by_id, clients.paused_at

A text a staff member writes from their own phone ("@42 See you at 3") goes to the client
through the outbox with the staff member recorded as its sender (`messages.sent_by_id`); a
client whose automated texts staff paused carries when (`clients.paused_at`, None while the
bot runs for them). See docs/decisions/0024-escalations.md.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-22 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_sent_by_id_staff"), "staff", ["sent_by_id"], ["id"]
        )
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clients", schema=None) as batch_op:
        batch_op.drop_column("paused_at")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_sent_by_id_staff"), type_="foreignkey")
        batch_op.drop_column("sent_by_id")
