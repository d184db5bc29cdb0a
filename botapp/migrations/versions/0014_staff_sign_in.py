"""staff sign-in: staff.password_hash, staff.password_changed_at, sign_in_attempts

The staff web app signs staff in with their email and a password (an argon2 hash; None until
they set one). Every try is a row of `sign_in_attempts`, read for the lockout (five failures
in fifteen minutes). Invite and reset links are bound to the password hash they were made
under, so setting a password voids them (docs/decisions/0027-staff-web-app.md).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-29 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True)
        )
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_attempts")),
    )
    op.create_index(
        "ix_sign_in_attempts_email_created_at", "sign_in_attempts", ["email", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_sign_in_attempts_email_created_at", table_name="sign_in_attempts")
    op.drop_table("sign_in_attempts")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("password_changed_at")
        batch_op.drop_column("password_hash")
