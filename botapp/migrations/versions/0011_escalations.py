"""escalations: a client's need for a person, its holder, and its append-only steps

An escalation has a reason, a severity (urgent, today, routine), the text that raised it, a
state (open, acknowledged, resolved), the staff member holding it and the outcome note; each
step (raised, routed, acknowledged, resolved) is a row of its own
(docs/decisions/0024-escalations.md).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-15 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_id"], ["clients.id"], name=op.f("fk_escalations_client_id_clients")
        ),
        sa.ForeignKeyConstraint(
            ["holder_id"], ["staff.id"], name=op.f("fk_escalations_holder_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_escalations_message_id_messages")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalations")),
    )
    op.create_index(op.f("ix_escalations_client_id"), "escalations", ["client_id"])
    op.create_index(op.f("ix_escalations_state"), "escalations", ["state"])
    op.create_table(
        "escalation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("escalation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["escalation_id"],
            ["escalations.id"],
            name=op.f("fk_escalation_steps_escalation_id_escalations"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"], ["messages.id"], name=op.f("fk_escalation_steps_message_id_messages")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_escalation_steps_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation_steps")),
    )
    op.create_index(
        op.f("ix_escalation_steps_escalation_id"), "escalation_steps", ["escalation_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_escalation_steps_escalation_id"), table_name="escalation_steps")
    op.drop_table("escalation_steps")
    op.drop_index(op.f("ix_escalations_state"), table_name="escalations")
    op.drop_index(op.f("ix_escalations_client_id"), table_name="escalations")
    op.drop_table("escalations")
