"""the agency's own escalation window: agencies.escalation_ack_minutes

Minutes an urgent alert waits for an acknowledgement before it goes further, set by an
administrator on the agency settings page; NULL keeps ESCALATION_ACK_MINUTES, the
environment's, so existing deploys work as before. See docs/decisions/0027-staff-web-app.md.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 19:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("escalation_ack_minutes", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("escalation_ack_minutes")
