"""staff reachability: phones, working hours, time away, backups, supervisors, deactivation

Staff get a mobile phone (unique among active staff), their own working hours (each None is
the agency's), an out-of-office range with a backup, a supervisor and an active flag; the
agency gets default working hours (8:00-17:00 Monday to Friday), an on-call number and an
alert email (docs/decisions/0022-working-hours-and-deactivated-staff.md). Existing staff stay
active; existing agencies get the default hours.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAFF_LINKS = ("supervisor_id", "backup_id")


def upgrade() -> None:
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("work_start", sa.Time(), nullable=False, server_default="08:00:00")
        )
        batch_op.add_column(
            sa.Column("work_end", sa.Time(), nullable=False, server_default="17:00:00")
        )
        batch_op.add_column(
            sa.Column("work_days", sa.String(length=7), nullable=False, server_default="12345")
        )
        batch_op.add_column(sa.Column("on_call_phone", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("alert_email", sa.String(length=254), nullable=True))

    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=20), nullable=True))
        batch_op.add_column(
            sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("supervisor_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("work_start", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("work_end", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("work_days", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("away_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("away_to", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("backup_id", sa.Integer(), nullable=True))
        for column in STAFF_LINKS:
            batch_op.create_foreign_key(
                batch_op.f(f"fk_staff_{column}_staff"), "staff", [column], ["id"]
            )
        batch_op.create_index(
            "uq_staff_phone_active",
            ["phone"],
            unique=True,
            postgresql_where=sa.text("active"),
            sqlite_where=sa.text("active"),
        )


def downgrade() -> None:
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index("uq_staff_phone_active")
        for column in STAFF_LINKS:
            batch_op.drop_constraint(batch_op.f(f"fk_staff_{column}_staff"), type_="foreignkey")
        for column in (
            "backup_id",
            "away_to",
            "away_from",
            "work_days",
            "work_end",
            "work_start",
            "supervisor_id",
            "active",
            "phone",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("agencies", schema=None) as batch_op:
        for column in ("alert_email", "on_call_phone", "work_days", "work_end", "work_start"):
            batch_op.drop_column(column)
