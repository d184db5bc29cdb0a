"""the agency's own program name and phone and crisis replies: agencies.program_name,
program_phone, crisis_replies

Set by an administrator on the agency settings page or with `botapp agency set`; NULL (or a
language missing from crisis_replies) keeps PROGRAM_NAME, PROGRAM_PHONE and CRISIS_REPLY_xx,
the environment's, so existing deploys work as before. See README "Crisis language".

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_name", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("program_phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("crisis_replies", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("crisis_replies")
        batch_op.drop_column("program_phone")
        batch_op.drop_column("program_name")
