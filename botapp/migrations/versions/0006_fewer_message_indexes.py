"""fewer index writes per text: partial indexes for the outbox, the unused phone indexes gone

Every INSERT into messages writes each index that covers the row; the webhook's INSERT wrote
nine, of which five held nothing any query reads for an inbound text. Now it writes four.
docs/decisions/0011-partial-message-indexes.md has the reasons and the measurements.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from alembic.operations import BatchOperations

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name: (columns, predicate, unique)
PARTIAL = {
    "ix_messages_pending": (["priority", "not_before", "id"], "status = 'pending'", False),
    "ix_messages_claimed": (["claimed_at"], "status = 'claimed'", False),
    "ix_messages_in_reply_to_id": (["in_reply_to_id"], "in_reply_to_id IS NOT NULL", False),
    "uq_messages_idempotency_key": (["idempotency_key"], "idempotency_key IS NOT NULL", True),
}


def _create_partial(batch_op: BatchOperations, name: str) -> None:
    columns, where, unique = PARTIAL[name]
    batch_op.create_index(
        name,
        columns,
        unique=unique,
        postgresql_where=sa.text(where),
        sqlite_where=sa.text(where),
    )


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_phone_id")  # no query reads it
        batch_op.drop_index("ix_messages_received_phone_id")  # unused since the window claim
        batch_op.drop_index("ix_messages_status_priority_not_before")
        batch_op.drop_index("ix_messages_in_reply_to_id")
        batch_op.drop_constraint("uq_messages_idempotency_key", type_="unique")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        for name in PARTIAL:
            _create_partial(batch_op, name)


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        for name in PARTIAL:
            batch_op.drop_index(name)
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.create_index("ix_messages_phone_id", ["phone", "id"], unique=False)
        batch_op.create_index(
            "ix_messages_received_phone_id",
            ["phone", "id"],
            unique=False,
            postgresql_where=sa.text("status = 'received'"),
            sqlite_where=sa.text("status = 'received'"),
        )
        batch_op.create_index(
            "ix_messages_status_priority_not_before", ["status", "priority", "not_before"]
        )
        batch_op.create_index("ix_messages_in_reply_to_id", ["in_reply_to_id"], unique=False)
        batch_op.create_unique_constraint("uq_messages_idempotency_key", ["idempotency_key"])
